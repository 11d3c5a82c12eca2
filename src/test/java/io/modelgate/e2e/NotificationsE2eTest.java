package io.modelgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.testing.FakeMetricsServer;
import io.modelgate.testing.WebhookServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Notifications on the local cluster, the operator a process installed by the chart: a canary rolled back by a
 * failing metric tells a webhook on 127.0.0.1 (its URL in a Secret of the pipeline's namespace) which metric, which
 * value, which bound; and a pipeline without spec.notifications goes to the operator's default webhook (a Secret of
 * the release namespace, operator.notifications), which is down, and its rollout completes all the same.
 *
 * <p>The metrics come from {@link FakeMetricsServer}, which answers Prometheus's instant query API (the chart's
 * operator.prometheusAddress). Latency (the pass that found the event, the payload's timestamp, to the webhook's
 * receipt) is logged, not asserted.
 */
@ModelgateE2e
class NotificationsE2eTest {

    static final FakeMetricsServer METRICS = FakeMetricsServer.start();
    static final WebhookServer WEBHOOK = WebhookServer.start();
    static final String NAMESPACE = "default";
    static final String ROLLBACK = "nf-rollback";
    static final String DOWN = "nf-down";
    static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("modelgate.e2e.timeoutSeconds", 120));
    static final Duration POLL = Duration.ofMillis(100);

    static E2eEnvironment env;
    static int closedPort;

    @HelmValues
    static Map<String, Object> operatorSettings() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("operator.prometheusAddress", METRICS.address());
        values.put("operator.defaultAnalysisInterval", "1s");
        values.put("operator.notifications.secretName", "team-webhook");
        values.put("operator.notifications.maxAttempts", 3);
        values.put("operator.notifications.firstBackoff", "200ms");
        values.put("operator.notifications.maxBackoff", "1s");
        return values;
    }

    @BeforeAll
    static void secretsAndPipelines(E2eEnvironment environment) throws Exception {
        env = environment;
        assertThat(env.installation().operatorEnv()).containsEntry("MODELGATE_NOTIFICATIONS_SECRET_NAME", "team-webhook")
                .containsEntry("MODELGATE_NOTIFICATIONS_MAX_ATTEMPTS", "3");
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        secret(NAMESPACE, "ops-webhook", WEBHOOK.url("/services/T0/B0/ops-token"));
        // The operator's default webhook: nothing listens there.
        secret(ModelgateInstallation.NAMESPACE, "team-webhook", "http://127.0.0.1:" + closedPort + "/hooks/team-token");
        for (String pipeline : List.of(ROLLBACK, DOWN)) {
            for (int n = 1; n <= 2; n++) {
                METRICS.set(pipeline + "-r" + n, 0.01);
            }
        }
        METRICS.set(ROLLBACK + "-r2", 0.3);
        env.admin().resource(env.admin().getKubernetesSerialization().unmarshal(pipelineYaml(ROLLBACK, """
                notifications:
                  - name: ops
                    events: [RolledBack, RevisionRejected]
                    webhook:
                      urlFrom: {secretKeyRef: {name: ops-webhook, key: url}}
                """), ModelPipeline.class)).create();
        env.admin().resource(env.admin().getKubernetesSerialization().unmarshal(pipelineYaml(DOWN, ""), ModelPipeline.class)).create();
    }

    @AfterAll
    static void close() {
        WEBHOOK.close();
        METRICS.close();
    }

    @Test
    void aCanaryRolledBackByAFailingMetricTellsTheWebhookTheMetricItsValueAndItsBound() {
        awaitPhase(ROLLBACK + "-r1", "Promoted");
        changeParameters(ROLLBACK);

        ModelRevision rolledBack = awaitPhase(ROLLBACK + "-r2", "RolledBack");
        long seenNanos = System.nanoTime();
        await("the RolledBack notification").atMost(TIMEOUT).pollInterval(POLL).until(() -> !WEBHOOK.received().isEmpty());

        assertThat(WEBHOOK.received()).as("r1's Promoted is not an event this webhook asked for").singleElement().satisfies(post -> {
            assertThat(post.path()).isEqualTo("/services/T0/B0/ops-token");
            JsonNode body = post.json();
            assertThat(body.get("text").asText()).isEqualTo("nf-rollback r2 RolledBack: metric error-rate = 0.3 > max 0.05 (analysis health)");
            assertThat(body.get("event").asText()).isEqualTo("RolledBack");
            assertThat(body.get("namespace").asText()).isEqualTo(NAMESPACE);
            assertThat(body.get("revision").asText()).isEqualTo(ROLLBACK + "-r2");
            assertThat(body.get("reason").asText()).isEqualTo(rolledBack.getStatus().getReason()).isEqualTo("AnalysisFailed");
            JsonNode metric = body.get("metrics").get(0);
            assertThat(metric.get("name").asText()).isEqualTo("error-rate");
            assertThat(metric.get("value").asDouble()).isEqualTo(0.3);
            assertThat(metric.get("bound").asText()).isEqualTo("<= 0.05");
            long latencyMs = Duration.between(Instant.parse(body.get("timestamp").asText()), post.at()).toMillis();
            E2e.log("notification latency: %d ms from the pass that rolled %s back to the webhook's receipt (%+.0f ms from the test seeing RolledBack)",
                    latencyMs, ROLLBACK + "-r2", (post.nanos() - seenNanos) / 1e6);
        });
        await("NotificationsDelivered=True").atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() ->
                assertThat(condition(ROLLBACK)).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True")));
    }

    @Test
    void theOperatorDefaultWebhookIsDownAndTheRolloutCompletesAnyway() {
        awaitPhase(DOWN + "-r1", "Promoted");
        changeParameters(DOWN);

        ModelRevision promoted = awaitPhase(DOWN + "-r2", "Promoted");
        assertThat(promoted.getStatus().getServing()).isTrue();

        await("NotificationsDelivered=False").atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() ->
                assertThat(condition(DOWN)).hasValueSatisfying(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo("DeliveryFailed");
                    assertThat(c.getMessage()).contains("webhook default: Promoted of nf-down-r2 not delivered after 3 attempts")
                            .doesNotContain("team-token");
                }));
        ModelPipeline pipeline = env.admin().resources(ModelPipeline.class).inNamespace(NAMESPACE).withName(DOWN).get();
        assertThat(pipeline.getStatus().getStableRevision()).isEqualTo(DOWN + "-r2");
        assertThat(pipeline.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getStatus()).isEqualTo("True");
        });
        String exposition = env.operator().scrapeMetrics();
        E2e.log("notification metrics: %s %s", OperatorProcess.samples(exposition, "modelgate_notification_failures_total"),
                OperatorProcess.samples(exposition, "modelgate_notifications_total"));
        assertThat(OperatorProcess.samples(exposition, "modelgate_notification_failures_total"))
                .as("every attempt of r1's and r2's Promoted failed: 3 each")
                .containsEntry("{namespace=\"default\",pipeline=\"nf-down\",notification=\"default\",}", 6.0);
        assertThat(OperatorProcess.samples(exposition, "modelgate_notifications_total"))
                .containsEntry("{namespace=\"default\",pipeline=\"nf-down\",notification=\"default\",event=\"Promoted\",outcome=\"Failed\",}", 2.0);
    }

    // --- helpers ---

    static void secret(String namespace, String name, String url) {
        env.admin().secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName(name).endMetadata()
                .addToStringData("url", url).build()).create();
    }

    static String pipelineYaml(String name, String notifications) {
        return E2e.evaluatedPipeline(name, NAMESPACE) + """
                  serving:
                    replicas: 2
                    port: 8080
                    template:
                      spec:
                        containers: [{name: server, image: registry.example/fraud-serve:1.0}]
                  rollout:
                    strategy: Canary
                    steps:
                      - setWeight: 50
                      - analysis: {name: health}
                    analyses:
                      - name: health
                        metrics:
                          - name: error-rate
                            max: 0.05
                            count: 2
                            failureLimit: 1
                            prometheus:
                              query: 'max(model_errors_ratio{revision="{{revision}}"})'
                """ + notifications.indent(2);
    }

    static void changeParameters(String pipeline) {
        env.admin().resources(ModelPipeline.class).inNamespace(NAMESPACE).withName(pipeline)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"source\":{\"parameters\":{\"learning_rate\":\"0.02\"}}}}");
    }

    static ModelRevision awaitPhase(String revision, String phase) {
        await(revision + " " + phase).atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
            ModelRevision found = env.admin().resources(ModelRevision.class).inNamespace(NAMESPACE).withName(revision).get();
            assertThat(found).as(revision).isNotNull();
            assertThat(found.getStatus() == null ? null : found.getStatus().getPhase()).as(revision + ": "
                    + (found.getStatus() == null ? "" : found.getStatus().getMessage())).isEqualTo(phase);
        });
        return env.admin().resources(ModelRevision.class).inNamespace(NAMESPACE).withName(revision).get();
    }

    static Optional<Condition> condition(String pipeline) {
        ModelPipeline found = env.admin().resources(ModelPipeline.class).inNamespace(NAMESPACE).withName(pipeline).get();
        return found == null || found.getStatus() == null ? Optional.empty()
                : found.getStatus().getConditions().stream().filter(c -> "NotificationsDelivered".equals(c.getType())).findFirst();
    }
}
