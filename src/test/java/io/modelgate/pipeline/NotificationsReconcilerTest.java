package io.modelgate.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.modelgate.api.AnalysisMetricSpec;
import io.modelgate.api.AnalysisSpec;
import io.modelgate.api.CanaryStepSpec;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.NotificationSpec;
import io.modelgate.api.NotificationSpec.Event;
import io.modelgate.api.RolloutSpec;
import io.modelgate.delivery.RolloutDefaults;
import io.modelgate.metrics.NotificationMetrics;
import io.modelgate.notify.Backoff;
import io.modelgate.notify.NotificationDefaults;
import io.modelgate.status.Conditions;
import io.modelgate.testing.FakeMetricsServer;
import io.modelgate.testing.MutableClock;
import io.modelgate.testing.Pipelines;
import io.modelgate.testing.ServingRecorder;
import io.modelgate.testing.TestOperator;
import io.modelgate.testing.WebhookServer;
import io.modelgate.testing.WorkloadSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Notifications through the real reconciler on the Fabric8 mock server (CRUD mode), to a webhook on 127.0.0.1 whose
 * URL is in a Secret: what each event says, once; and a webhook that is down never holds a rollout back.
 */
@EnableKubernetesMockClient(crud = true)
class NotificationsReconcilerTest {

    static final String NS = "test";
    static final String AUC_OK = "{\"auc\":0.93}";
    static final Duration TIMEOUT = WorkloadSimulator.TIMEOUT;
    static final String ERROR_RATE_QUERY = "sum(rate(http_errors_total{revision=\"{{revision}}\"}[1m]))";
    static final Backoff FAST = new Backoff(Duration.ofMillis(100), Duration.ofMillis(400), 3);

    KubernetesClient client;
    TestOperator operator;
    WorkloadSimulator cluster;
    ServingRecorder serving;
    FakeMetricsServer metrics;
    WebhookServer webhook;
    Notifier notifier;

    @BeforeEach
    void start() {
        TestOperator.installCrds(client, false);
        metrics = FakeMetricsServer.start();
        webhook = WebhookServer.start();
        serving = new ServingRecorder(client, NS).start();
        cluster = new WorkloadSimulator(client, NS);
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("ops-webhook").endMetadata()
                .addToStringData("url", webhook.url("/services/T0/B0/secret-token")).build()).create();
        operator = new TestOperator(client, false, MutableClock.ticking())
                .withRolloutSettings(new RolloutDefaults(Duration.ofSeconds(1), metrics.address()), 0);
        notifier = new Notifier(FAST, 100, new SecretUrls(client), new NotificationMetrics(operator.metrics.registry()), Clock.systemUTC());
        operator.withNotifications(notifier, NotificationDefaults.NONE).start();
    }

    @AfterEach
    void stop() {
        operator.stop();
        notifier.close();
        serving.close();
        metrics.close();
        webhook.close();
    }

    @Test
    void aRollbackByAFailingMetricReachesTheWebhookWithMetricValueAndBoundOnce() {
        metrics.set("fraud-r2", 0.2);
        promoteFirstRevision(canary("fraud", List.of(Event.RolledBack, Event.Promoted, Event.RevisionRejected)));
        awaitPosts(1);
        assertThat(webhook.received().get(0).json().get("event").asText()).as("r1 promoted").isEqualTo("Promoted");

        newRevision("fraud", 2, AUC_OK);
        awaitRevision("fraud-r2", r -> "RolledBack".equals(r.getStatus().getPhase()));
        JsonNode rolledBack = awaitPosts(2).get(1);

        assertThat(rolledBack.get("text").asText())
                .isEqualTo("fraud r2 RolledBack: metric error-rate = 0.2 > max 0.05 (analysis health)");
        assertThat(rolledBack.get("event").asText()).isEqualTo("RolledBack");
        assertThat(rolledBack.get("revision").asText()).isEqualTo("fraud-r2");
        assertThat(rolledBack.get("reason").asText()).isEqualTo("AnalysisFailed");
        JsonNode metric = rolledBack.get("metrics").get(0);
        assertThat(metric.get("name").asText()).isEqualTo("error-rate");
        assertThat(metric.get("value").asDouble()).isEqualTo(0.2);
        assertThat(metric.get("bound").asText()).isEqualTo("<= 0.05");

        // An evaluation that fails its gate: RevisionRejected with the gate's metric.
        newRevision("fraud", 3, "{\"auc\":0.71}");
        awaitRevision("fraud-r3", r -> "Rejected".equals(r.getStatus().getPhase()));
        JsonNode rejected = awaitPosts(3).get(2);
        assertThat(rejected.get("text").asText()).isEqualTo("fraud r3 RevisionRejected: metric auc = 0.71 is below min 0.9 (evaluation gate)");

        ModelPipeline pipeline = awaitPipeline("fraud", p -> Conditions.isTrue(p.getStatus().getConditions(), "NotificationsDelivered"));
        assertThat(Conditions.find(pipeline.getStatus().getConditions(), "NotificationsDelivered").orElseThrow().getMessage())
                .doesNotContain("secret-token");
        touchAndAwaitReconcile("fraud");
        touchAndAwaitReconcile("fraud");
        assertThat(webhook.received()).as("passes that read the same revisions again send nothing").hasSize(3);
        assertThat(operator.metric("modelgate_notifications_total", "namespace", NS, "pipeline", "fraud", "notification", "ops",
                "event", "RolledBack", "outcome", "Delivered")).isEqualTo(1);
        assertThat(operator.metric("modelgate_reconcile_total", "result", "error")).isZero();
    }

    @Test
    void aWebhookThatIsDownNeverHoldsTheRolloutAndIsShownAsAConditionAndCounted() {
        webhook.answer(503);
        metrics.set("fraud-r2", 0.01);
        promoteFirstRevision(canary("fraud", List.of(Event.Promoted, Event.WaitingForPromotion)));

        newRevision("fraud", 2, AUC_OK);
        ModelRevision promoted = awaitRevision("fraud-r2", r -> "Promoted".equals(r.getStatus().getPhase()));
        assertThat(promoted.getStatus().getServing()).isTrue();

        // r1's failed delivery already sets the condition: wait for r2's last attempt, not for the first failure.
        org.awaitility.Awaitility.await("r1 and r2 Promoted, 3 attempts each").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> webhook.attempts() >= 6 && operator.metric("modelgate_notification_failures_total", "namespace", NS,
                        "pipeline", "fraud", "notification", "ops") >= 6);
        ModelPipeline failing = awaitPipeline("fraud", p -> Conditions.find(p.getStatus().getConditions(), "NotificationsDelivered")
                .filter(c -> "DeliveryFailed".equals(c.getReason())).isPresent());
        var condition = Conditions.find(failing.getStatus().getConditions(), "NotificationsDelivered").orElseThrow();
        assertThat(condition.getStatus()).isEqualTo("False");
        assertThat(condition.getMessage()).contains("not delivered after 3 attempts: HTTP 503").doesNotContain("secret-token");
        assertThat(Conditions.isTrue(failing.getStatus().getConditions(), Conditions.READY)).as("serving is what it is").isTrue();
        assertThat(webhook.received()).isEmpty();
        assertThat(webhook.attempts()).as("r1 and r2 Promoted, 3 attempts each").isEqualTo(6);
        assertThat(operator.metric("modelgate_notification_failures_total", "namespace", NS, "pipeline", "fraud", "notification", "ops"))
                .isEqualTo(6);
        assertThat(operator.metric("modelgate_notifications_total", "namespace", NS, "pipeline", "fraud", "notification", "ops",
                "event", "Promoted", "outcome", "Failed")).isEqualTo(2);

        // Back up: the next event is delivered and the condition says so.
        webhook.answer(200);
        metrics.set("fraud-r3", 0.01);
        newRevision("fraud", 3, AUC_OK);
        awaitRevision("fraud-r3", r -> "Promoted".equals(r.getStatus().getPhase()));
        awaitPipeline("fraud", p -> Conditions.isTrue(p.getStatus().getConditions(), "NotificationsDelivered"));
        assertThat(webhook.received()).extracting(r -> r.json().get("revision").asText()).containsExactly("fraud-r3");
    }

    @Test
    void aRolloutWaitingForAPersonIsToldOnceThoughEveryPassAnnouncesThePause() {
        ModelPipeline pipeline = canary("fraud", List.of(Event.WaitingForPromotion));
        pipeline.getSpec().getRollout().setSteps(new ArrayList<>(List.of(CanaryStepSpec.weight(25), CanaryStepSpec.pause(null))));
        promoteFirstRevision(pipeline);

        newRevision("fraud", 2, AUC_OK);
        JsonNode waiting = awaitPosts(1).get(0);
        assertThat(waiting.get("event").asText()).isEqualTo("WaitingForPromotion");
        assertThat(waiting.get("text").asText()).startsWith("fraud r2 WaitingForPromotion: ").contains("promote");
        touchAndAwaitReconcile("fraud");
        touchAndAwaitReconcile("fraud");
        assertThat(webhook.received()).as("the same pause, passed over again").hasSize(1);
        assertThat(client.resources(ModelRevision.class).inNamespace(NS).withName("fraud-r2").get().getStatus().getPhase())
                .isEqualTo("RollingOut");
    }

    // --- fixtures ---

    private static ModelPipeline canary(String name, List<Event> on) {
        ModelPipeline pipeline = Pipelines.fraud(name, NS);
        pipeline.getSpec().getServing().setReplicas(4);
        RolloutSpec rollout = pipeline.getSpec().getRollout();
        rollout.setStrategy(RolloutSpec.Strategy.Canary);
        rollout.setSteps(new ArrayList<>(List.of(CanaryStepSpec.weight(25), CanaryStepSpec.analysis("health"), CanaryStepSpec.weight(100))));
        AnalysisSpec analysis = new AnalysisSpec();
        analysis.setName("health");
        AnalysisMetricSpec metric = new AnalysisMetricSpec();
        metric.setName("error-rate");
        metric.setMax(0.05);
        metric.setCount(2);
        metric.setFailureLimit(1);
        AnalysisMetricSpec.PrometheusMetric prometheus = new AnalysisMetricSpec.PrometheusMetric();
        prometheus.setQuery(ERROR_RATE_QUERY);
        metric.setPrometheus(prometheus);
        analysis.setMetrics(new ArrayList<>(List.of(metric)));
        rollout.setAnalyses(new ArrayList<>(List.of(analysis)));
        NotificationSpec notification = new NotificationSpec();
        notification.setName("ops");
        notification.setEvents(new ArrayList<>(on));
        NotificationSpec.WebhookSpec hook = new NotificationSpec.WebhookSpec();
        NotificationSpec.UrlFrom from = new NotificationSpec.UrlFrom();
        from.setSecretKeyRef(new NotificationSpec.SecretKeyRef("ops-webhook", "url"));
        hook.setUrlFrom(from);
        notification.setWebhook(hook);
        pipeline.getSpec().setNotifications(new ArrayList<>(List.of(notification)));
        return pipeline;
    }

    private void promoteFirstRevision(ModelPipeline pipeline) {
        String name = pipeline.getMetadata().getName();
        client.resources(ModelPipeline.class).inNamespace(NS).resource(pipeline).create();
        cluster.succeed(name + "-r1-train", null);
        cluster.succeed(name + "-r1-eval", AUC_OK);
        awaitPipeline(name, p -> "Serving".equals(p.getStatus().getPhase()) && (name + "-r1").equals(p.getStatus().getStableRevision()));
    }

    private void newRevision(String pipeline, int number, String evaluation) {
        changeSpec(pipeline, p -> p.getSpec().getSource().setDataRef("s3://data/" + pipeline + "/v" + number));
        cluster.succeed(pipeline + "-r" + number + "-train", null);
        cluster.succeed(pipeline + "-r" + number + "-eval", evaluation);
    }

    private List<JsonNode> awaitPosts(int count) {
        await().atMost(TIMEOUT).until(() -> webhook.received().size() >= count);
        return webhook.received().stream().map(WebhookServer.Received::json).toList();
    }

    private void changeSpec(String name, Consumer<ModelPipeline> change) {
        await().atMost(TIMEOUT).ignoreExceptionsMatching(e -> e instanceof KubernetesClientException k && k.getCode() == 409)
                .until(() -> client.resources(ModelPipeline.class).inNamespace(NS).withName(name).edit(p -> {
                    change.accept(p);
                    return p;
                }) != null);
    }

    private int touches;

    private void touchAndAwaitReconcile(String pipeline) {
        double before = operator.metric("modelgate_reconcile_total", "result", "success");
        String value = "touch-" + touches++;
        changeSpec(pipeline, p -> p.getMetadata().setAnnotations(Map.of("test/touch", value)));
        await().atMost(TIMEOUT).until(() -> operator.metric("modelgate_reconcile_total", "result", "success") > before);
    }

    private ModelPipeline awaitPipeline(String name, Predicate<ModelPipeline> condition) {
        return await().atMost(TIMEOUT).until(() -> client.resources(ModelPipeline.class).inNamespace(NS).withName(name).get(),
                p -> p != null && p.getStatus() != null && condition.test(p));
    }

    private ModelRevision awaitRevision(String name, Predicate<ModelRevision> condition) {
        return await().atMost(TIMEOUT).until(() -> client.resources(ModelRevision.class).inNamespace(NS).withName(name).get(),
                r -> r != null && r.getStatus() != null && condition.test(r));
    }

}
