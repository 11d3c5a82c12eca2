package io.modelgate.provider;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The hooks' POST against a real HTTP server on 127.0.0.1: what counts as taken, and what is said when it is not. */
class WebhookPostTest {

    StubHttpServer server;
    final WebhookPost post = new WebhookPost();

    @BeforeEach
    void start() {
        server = StubHttpServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anyTwoHundredIsTakenEvenWithoutABodyAndTheDocumentIsSentAsJsonWithTheHeaders() {
        server.respond(204, "text/plain", "");

        WebhookPost.Result result = post.post(server.url("/hooks/confirm?token=secret"), "{\"revision\": \"fraud-r2\"}",
                Map.of("Authorization", "Bearer abc"), Duration.ofSeconds(5));

        assertThat(result.ok()).isTrue();
        assertThat(result.message()).isEqualTo(server.url("/hooks/confirm") + " answered HTTP 204").doesNotContain("secret");
        StubHttpServer.Request request = server.lastRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.body()).isEqualTo("{\"revision\": \"fraud-r2\"}");
        assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/json");
        assertThat(request.headers().getFirst("Authorization")).isEqualTo("Bearer abc");
    }

    @Test
    void aRefusalSaysTheStatusAndWhatTheEndpointAnswered() {
        server.respond(409, "text/plain", "change freeze until Monday\n");

        WebhookPost.Result result = post.post(server.url("/hooks"), "{}", Map.of(), Duration.ofSeconds(5));

        assertThat(result.ok()).isFalse();
        assertThat(result.message()).isEqualTo(server.url("/hooks") + " answered HTTP 409: change freeze until Monday");
    }

    @Test
    void anEndpointThatIsDownOrSlowIsNotOkWithinTheTimeout() {
        String down = "http://127.0.0.1:" + StubHttpServer.closedPort() + "/hooks";
        assertThat(post.post(down, "{}", Map.of(), Duration.ofSeconds(2)).message()).contains("could not connect");

        server.stallBeforeHeaders();
        WebhookPost.Result slow = post.post(server.url("/hooks"), "{}", Map.of(), Duration.ofMillis(300));
        server.release();
        assertThat(slow.ok()).isFalse();
        assertThat(slow.message()).contains("timed out");
    }

    @Test
    void notAnHttpUrlIsNotCalled() {
        assertThat(post.post("ftp://hooks.example/x", "{}", Map.of(), Duration.ofSeconds(1)).message()).startsWith("not an http(s) URL");
        assertThat(post.post("http://", "{}", Map.of(), Duration.ofSeconds(1)).ok()).isFalse();
    }
}
