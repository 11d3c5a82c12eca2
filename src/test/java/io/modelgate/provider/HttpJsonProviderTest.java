package io.modelgate.provider;

import io.modelgate.analysis.ProviderResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;

import static io.modelgate.provider.PrometheusProviderTest.errorOf;
import static org.assertj.core.api.Assertions.assertThat;

/** The http/JSON provider against a scripted local server. */
class HttpJsonProviderTest {

    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);
    static final String DOCUMENT = """
            {
              "model": "fraud",
              "metrics": {
                "errorRate": 0.012,
                "latencyP99": 250,
                "big": 1e400,
                "asText": "0.5",
                "exponentText": "-1.5e-3",
                "infText": "+Inf",
                "minusInfText": "-Inf",
                "nanText": "NaN",
                "word": "fast",
                "spaced": " 0.5",
                "percent": "50%",
                "hex": "0x10",
                "empty": "",
                "flag": true,
                "nothing": null,
                "nested": {"value": 1},
                "list": [1, 2],
                "a/b": 7,
                "m~n": 8
              },
              "items": [{"value": 10}, {"value": 20.5}]
            }
            """;

    StubHttpServer server;
    HttpJsonProvider provider = new HttpJsonProvider();

    @BeforeEach
    void startServer() {
        server = StubHttpServer.start();
        server.respondJson(DOCUMENT);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    ProviderResult at(String pointer) {
        return provider.measure(new HttpJsonQuery(server.url("/metrics"), pointer, Map.of(), TIMEOUT));
    }

    @ParameterizedTest
    @CsvSource({
            "/metrics/errorRate, 0.012",
            "/metrics/latencyP99, 250",
            "/items/0/value, 10",
            "/items/1/value, 20.5",
            "/metrics/a~1b, 7",
            "/metrics/m~0n, 8",
    })
    void aNumberAtThePointerIsAValue(String pointer, double expected) {
        assertThat(at(pointer)).isEqualTo(new ProviderResult.Value(expected));
    }

    @Test
    void aNumberTooLargeForADoubleIsInfinite() {
        assertThat(at("/metrics/big")).isEqualTo(new ProviderResult.Value(Double.POSITIVE_INFINITY));
    }

    @Test
    void theEmptyPointerIsTheWholeDocument() {
        server.respondJson("0.75");

        assertThat(at("")).isEqualTo(new ProviderResult.Value(0.75));
        assertThat(provider.measure(new HttpJsonQuery(server.url("/"), null, null, null))).isEqualTo(new ProviderResult.Value(0.75));
    }

    /** The decision: a string holding exactly a decimal number counts (many APIs write numbers as strings). */
    @ParameterizedTest
    @CsvSource({
            "/metrics/asText, 0.5",
            "/metrics/exponentText, -0.0015",
            "/metrics/infText, Infinity",
            "/metrics/minusInfText, -Infinity",
    })
    void aNumericStringIsAValue(String pointer, double expected) {
        assertThat(at(pointer)).isEqualTo(new ProviderResult.Value(expected));
    }

    @Test
    void theStringNanIsNoData() {
        assertThat(at("/metrics/nanText")).isEqualTo(new ProviderResult.NoData("\"NaN\" at JSON pointer \"/metrics/nanText\""));
    }

    @ParameterizedTest
    @CsvSource({
            "/metrics/word, fast",
            "/metrics/spaced, 0.5",
            "/metrics/percent, 50%",
            "/metrics/hex, 0x10",
            "/metrics/empty, ''",
    })
    void anyOtherStringIsAnError(String pointer, String text) {
        assertThat(errorOf(at(pointer))).isEqualTo("the string at JSON pointer \"" + pointer + "\" is not a number: \""
                + text.strip() + "\"");
    }

    @ParameterizedTest
    @CsvSource({
            "/metrics/flag, a boolean",
            "/metrics/nested, an object",
            "/metrics/list, an array",
            "/items, an array",
    })
    void aNonNumberIsAnError(String pointer, String kind) {
        assertThat(errorOf(at(pointer))).startsWith("JSON pointer \"" + pointer + "\" leads to " + kind + ", not a number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/metrics/missing", "/items/2/value", "/items/x", "/model/0", "/metrics/errorRate/deeper"})
    void aPointerThatLeadsNowhereIsNoData(String pointer) {
        assertThat(at(pointer)).isEqualTo(new ProviderResult.NoData("nothing at JSON pointer \"" + pointer + "\""));
    }

    @Test
    void jsonNullIsNoData() {
        assertThat(at("/metrics/nothing")).isEqualTo(new ProviderResult.NoData("null at JSON pointer \"/metrics/nothing\""));
    }

    @Test
    void anInvalidPointerIsAnErrorAndNothingIsSent() {
        assertThat(errorOf(at("metrics/errorRate"))).contains("invalid JSON pointer \"metrics/errorRate\"");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void sendsTheHeadersAndTheQueryString() {
        ProviderResult result = provider.measure(new HttpJsonQuery(server.url("/metrics?model=fraud&window=5m"),
                "/metrics/errorRate", Map.of("Authorization", "Bearer s3cr3t", "X-Tenant", "ml"), TIMEOUT));

        assertThat(result).isEqualTo(new ProviderResult.Value(0.012));
        StubHttpServer.Request request = server.lastRequest();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/metrics");
        assertThat(request.query()).containsExactly(Map.entry("model", "fraud"), Map.entry("window", "5m"));
        assertThat(request.headers().getFirst("Authorization")).isEqualTo("Bearer s3cr3t");
        assertThat(request.headers().getFirst("X-Tenant")).isEqualTo("ml");
        assertThat(request.headers().getFirst("Accept")).isEqualTo("application/json");
    }

    @Test
    void aHeaderCanReplaceAccept() {
        provider.measure(new HttpJsonQuery(server.url("/"), "/model", Map.of("Accept", "application/vnd.x+json"), TIMEOUT));

        assertThat(server.lastRequest().headers().get("Accept")).containsExactly("application/vnd.x+json");
    }

    @Test
    void http500IsAnErrorThatShowsNeitherHeaderValuesNorTheQueryString() {
        server.respond(500, "text/plain", "boom");

        ProviderResult result = provider.measure(new HttpJsonQuery(server.url("/metrics?apiKey=k3y"),
                "/metrics/errorRate", Map.of("Authorization", "Bearer s3cr3t"), TIMEOUT));

        assertThat(errorOf(result)).isEqualTo(server.url("/metrics") + " answered HTTP 500: boom");
    }

    @Test
    void aNon2xxWithAJsonBodyIsStillAnError() {
        server.respondJson(404, "{\"metrics\":{\"errorRate\":0}}");

        assertThat(errorOf(at("/metrics/errorRate"))).contains("answered HTTP 404");
    }

    @Test
    void aRedirectIsNotFollowed() {
        server.redirectTo("http://127.0.0.1:1/elsewhere");

        assertThat(errorOf(at("/x"))).contains("HTTP 302");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"metrics\":", "<html></html>", "NaN", "{'single': 1}"})
    void malformedJsonIsAnError(String body) {
        server.respondJson(body);

        assertThat(errorOf(at("/metrics"))).startsWith("malformed JSON from " + server.url("/metrics"));
    }

    @Test
    void anEmptyBodyIsAnError() {
        server.respond(200, "application/json", "");

        assertThat(errorOf(at("/metrics"))).isEqualTo("malformed JSON from " + server.url("/metrics") + ": the body is empty");
    }

    @Test
    void aSlowAnswerIsAnErrorAfterTheTimeout() {
        server.stallBeforeHeaders();
        try {
            long start = System.nanoTime();
            ProviderResult result = provider.measure(new HttpJsonQuery(server.url("/m?token=t0k"), "/x", Map.of(), SHORT_TIMEOUT));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(errorOf(result)).isEqualTo("no answer from " + server.url("/m") + " within 300ms (timed out)");
            assertThat(took).isGreaterThanOrEqualTo(SHORT_TIMEOUT).isLessThan(SHORT_TIMEOUT.plusSeconds(5));
        } finally {
            server.release();
        }
    }

    @Test
    void aBodyThatStallsIsAnErrorAfterTheTimeout() {
        server.stallAfterHeaders("{\"metrics\": {\"errorRate\": 0.");
        try {
            long start = System.nanoTime();
            ProviderResult result = provider.measure(new HttpJsonQuery(server.url("/m"), "/metrics/errorRate", Map.of(), SHORT_TIMEOUT));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(errorOf(result)).contains("timed out");
            assertThat(took).isGreaterThanOrEqualTo(SHORT_TIMEOUT).isLessThan(SHORT_TIMEOUT.plusSeconds(5));
        } finally {
            server.release();
        }
    }

    @Test
    void aRefusedConnectionIsAnError() {
        String url = "http://127.0.0.1:" + StubHttpServer.closedPort() + "/metrics";

        assertThat(errorOf(provider.measure(new HttpJsonQuery(url, "/x", Map.of(), TIMEOUT))))
                .startsWith("could not connect to " + url + ": ");
    }

    @Test
    void aRestrictedOrInvalidHeaderIsAnErrorWithoutItsValueAndNothingIsSent() {
        assertThat(errorOf(provider.measure(new HttpJsonQuery(server.url("/"), "/x", Map.of("Host", "evil.example"), TIMEOUT))))
                .startsWith("header \"Host\" cannot be sent").doesNotContain("evil");
        assertThat(errorOf(provider.measure(new HttpJsonQuery(server.url("/"), "/x",
                Map.of("Authorization", "Bearer s3cr3t\r\nX-Injected: 1"), TIMEOUT))))
                .startsWith("header \"Authorization\" cannot be sent").doesNotContain("s3cr3t");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aHeaderWithoutAValueIsAnErrorAndNothingIsSent() {
        Map<String, String> headers = new java.util.HashMap<>();
        headers.put("Authorization", null);

        assertThat(errorOf(provider.measure(new HttpJsonQuery(server.url("/"), "/x", headers, TIMEOUT))))
                .isEqualTo("header \"Authorization\" has no value");
        assertThat(server.requests()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "metrics", "ftp://127.0.0.1/x", "http:///x", "http://127.0.0.1/a b?key=s3cr3t",
            "http://user:s3cr3t@127.0.0.1/x"})
    void aBadUrlIsAnErrorThatDoesNotRepeatIt(String url) {
        assertThat(errorOf(provider.measure(new HttpJsonQuery(url, "/x", Map.of(), TIMEOUT))))
                .contains("http metric URL").doesNotContain("s3cr3t");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aNonPositiveTimeoutIsAnError() {
        assertThat(errorOf(provider.measure(new HttpJsonQuery(server.url("/"), "/x", Map.of(), Duration.ZERO))))
                .contains("timeout must be positive");
    }

    @Test
    void theQueryDoesNotPrintHeaderValues() {
        assertThat(new HttpJsonQuery("http://127.0.0.1/x", "/x", Map.of("Authorization", "Bearer s3cr3t"), null).toString())
                .contains("Authorization").doesNotContain("s3cr3t");
    }
}
