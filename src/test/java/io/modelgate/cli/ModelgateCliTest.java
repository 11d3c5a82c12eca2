package io.modelgate.cli;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Help, usage errors and an unreachable API server: no cluster needed. */
class ModelgateCliTest {

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final AtomicInteger connections = new AtomicInteger();

    ModelgateCli cli() {
        return new ModelgateCli(invocation -> {
            connections.incrementAndGet();
            throw new AssertionError("no client may be created for help or a usage error");
        }, print(out), print(err), Clock.systemUTC());
    }

    static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsEveryCommandOnStdoutAndExitsZero() {
        assertThat(cli().run("--help")).isZero();

        assertThat(out()).isEqualTo(ModelgateCli.USAGE_TEXT)
                .contains("status  <pipeline>", "history <pipeline>", "promote <pipeline>", "abort   <pipeline>", "retry   <pipeline>",
                        "retrain <pipeline>", "pause   <pipeline>", "resume  <pipeline>", "-n, --namespace", "Exit codes: 0 done, 1 usage error");
        assertThat(err()).isEmpty();
        assertThat(connections).hasValue(0);
    }

    @Test
    void usageErrorsGoToStderrWithExitOne() {
        assertThat(cli().run()).isEqualTo(ModelgateCli.USAGE);
        assertThat(cli().run("rollback", "fraud")).isEqualTo(ModelgateCli.USAGE);
        assertThat(cli().run("promote")).isEqualTo(ModelgateCli.USAGE);
        assertThat(cli().run("status", "fraud", "--output", "json")).isEqualTo(ModelgateCli.USAGE);

        assertThat(out()).isEmpty();
        assertThat(err()).contains("error: no command given\n", "error: unknown command \"rollback\"\n",
                "error: promote needs the name of a pipeline\n", "error: unknown flag --output\n",
                "Run 'kubectl modelgate --help' for usage.\n");
        assertThat(connections).hasValue(0);
    }

    @Test
    void anUnreachableApiServerIsExitTwoWithTheAddress() {
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("https://127.0.0.1:1").withRequestRetryBackoffLimit(0).withConnectionTimeout(2_000).build()).build()) {
            int code = new ModelgateCli(client, print(out), print(err), Clock.systemUTC()).run("status", "fraud", "-n", "ml");

            assertThat(code).isEqualTo(ModelgateCli.FAILED);
            assertThat(out()).isEmpty();
            assertThat(err()).startsWith("error: cannot reach the API server at https://127.0.0.1:1/");
        }
    }

    @Test
    void jsonStringsAreEscaped() {
        assertThat(ModelgateCli.json("a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\u000a\"");
    }
}
