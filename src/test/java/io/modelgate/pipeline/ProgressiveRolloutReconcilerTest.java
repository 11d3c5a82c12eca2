package io.modelgate.pipeline;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.modelgate.api.AnalysisMetricSpec;
import io.modelgate.api.AnalysisRef;
import io.modelgate.api.AnalysisRunStatus;
import io.modelgate.api.AnalysisSpec;
import io.modelgate.api.BlueGreenRolloutSpec;
import io.modelgate.api.CanaryStepSpec;
import io.modelgate.api.MeasurementStatus;
import io.modelgate.api.MetricRunStatus;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.RolloutSpec;
import io.modelgate.api.TrafficRoutingSpec;
import io.modelgate.delivery.RolloutDefaults;
import io.modelgate.status.Conditions;
import io.modelgate.testing.FakeMetricsServer;
import io.modelgate.testing.MutableClock;
import io.modelgate.testing.Pipelines;
import io.modelgate.testing.ServingRecorder;
import io.modelgate.testing.TestOperator;
import io.modelgate.testing.WorkloadSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Progressive delivery through the real reconciler on the Fabric8 mock server (CRUD mode): Canary and BlueGreen
 * rollouts, their analyses measured by the real providers against a metrics endpoint the test controls
 * ({@link FakeMetricsServer}), rollbacks, manual actions, the rollout queue and Gateway API weights. The clock
 * follows real time so that 1 s intervals and pauses pass; the test plays the Deployment controller
 * ({@link ServingRecorder}, which also records every replica count, selector and route weight the operator wrote)
 * and the Job controller ({@link WorkloadSimulator}).
 */
@EnableKubernetesMockClient(crud = true)
class ProgressiveRolloutReconcilerTest {

    static final String NS = "test";
    static final String AUC_OK = "{\"auc\":0.93}";
    static final Duration TIMEOUT = WorkloadSimulator.TIMEOUT;
    static final String ERROR_RATE_QUERY = "sum(rate(http_errors_total{namespace=\"{{namespace}}\",revision=\"{{revision}}\"}[1m]))";

    KubernetesClient client;
    TestOperator operator;
    WorkloadSimulator cluster;
    ServingRecorder serving;
    FakeMetricsServer metrics;

    @BeforeEach
    void start() {
        TestOperator.installCrds(client, false);
        metrics = FakeMetricsServer.start();
        serving = new ServingRecorder(client, NS).start();
        cluster = new WorkloadSimulator(client, NS);
        operator = startOperator(0);
    }

    @AfterEach
    void stop() {
        operator.stop();
        serving.close();
        metrics.close();
    }

    private TestOperator startOperator(int maxConcurrentRollouts) {
        return new TestOperator(client, false, MutableClock.ticking())
                .withRolloutSettings(new RolloutDefaults(Duration.ofSeconds(1), metrics.address()), maxConcurrentRollouts)
                .start();
    }

    // --- (a) ---

    @Test
    void aHealthyCanaryFollowsItsStepsAndIsPromoted() {
        metrics.set("fraud-r1", 0.01);
        metrics.set("fraud-r2", 0.01);
        promoteFirstRevision(canary("fraud", 10, List.of(analysis("error-rate-check", errorRate(m -> m.setCount(3)))),
                weight(10), analysisStep("error-rate-check"), weight(50), pause("1s"), weight(100)));
        assertThat(serving.replicas("fraud-r1")).containsExactly(10);

        newRevision("fraud", 2);
        ModelPipeline atHalf = awaitPipeline("fraud", p -> Integer.valueOf(50).equals(p.getStatus().getCanaryWeight()));
        assertThat(atHalf.getStatus().getPhase()).isEqualTo("RollingOut");
        ModelRevision promoted = awaitRevision("fraud-r2", r -> "Promoted".equals(r.getStatus().getPhase()));

        // Replicas followed the weights, the canary's pods added beside the stable ones up to weight 50
        // (TrafficSplit.keepingStable): 1 beside 10, 10 beside 10, then 10 and 0; no other value was ever asked for.
        assertThat(serving.replicas("fraud-r2")).containsExactly(0, 1, 10);
        assertThat(serving.replicas("fraud-r1")).containsExactly(10, 0);
        ModelPipeline pipeline = awaitPipeline("fraud", p -> "Serving".equals(p.getStatus().getPhase()));
        assertThat(pipeline.getStatus().getStableRevision()).isEqualTo("fraud-r2");
        assertThat(pipeline.getStatus().getCanaryWeight()).isNull();
        assertThat(Conditions.isTrue(pipeline.getStatus().getConditions(), Conditions.READY)).isTrue();
        assertThat(Conditions.isTrue(pipeline.getStatus().getConditions(), Conditions.DEGRADED)).isFalse();
        assertThat(promoted.getStatus().getServing()).isTrue();
        assertThat(revision("fraud-r1").getStatus().getServing()).isFalse();
        assertThat(promoted.getStatus().getMessage()).contains("canary promoted").contains("all 5 steps completed");

        var rollout = promoted.getStatus().getRollout();
        assertThat(rollout.getStrategy()).isEqualTo("Canary");
        assertThat(rollout.getStableRevision()).isEqualTo("fraud-r1");
        assertThat(rollout.getAttempt()).isEqualTo(1);
        assertThat(rollout.getCanaryWeight()).isEqualTo(100);
        assertThat(rollout.getStepCount()).isEqualTo(5);
        assertThat(rollout.getPausedReason()).isNull();
        AnalysisRunStatus run = run(promoted, "a1-step2");
        assertThat(run.getPhase()).isEqualTo("Successful");
        assertThat(run.getAnalysis()).isEqualTo("error-rate-check");
        MetricRunStatus errorRate = metric(run, "error-rate");
        assertThat(errorRate.getSuccessful()).isEqualTo(3);
        assertThat(errorRate.getMeasurements()).hasSize(3).hasSizeLessThanOrEqualTo(10)
                .allSatisfy(m -> {
                    assertThat(m.getPhase()).isEqualTo("Successful");
                    assertThat(m.getValue()).isEqualTo("0.01");
                    assertThat(m.getMessage()).contains("error-rate=0.01").contains("max 0.05");
                });
        assertThat(metrics.timesAsked("fraud-r2")).isEqualTo(3);
        assertThat(metrics.timesAsked("fraud-r1")).as("no ratio bound: the stable revision is never asked").isZero();
        assertThat(eventMessages("WeightSet")).containsExactly(
                "fraud-r2 canary weight 0 -> 10", "fraud-r2 canary weight 10 -> 50", "fraud-r2 canary weight 50 -> 100");
        assertThat(eventReasons()).contains("Promoted");
        assertThat(operator.metric("modelgate_rollouts_total", "namespace", NS, "pipeline", "fraud", "strategy", "Canary", "result", "Promoted")).isEqualTo(1);
        assertThat(operator.metric("modelgate_analysis_measurements_total", "namespace", NS, "pipeline", "fraud", "metric", "error-rate", "result", "Successful")).isEqualTo(3);
        assertThat(operator.metric("modelgate_reconcile_total", "result", "error")).isZero();
    }

    // --- (b) ---

    @Test
    void aFailingAnalysisRollsBackAndKeepsTheStableRevisionAtFullSize() {
        metrics.set("fraud-r2", 0.2);
        promoteFirstRevision(canary("fraud", 10, List.of(analysis("error-rate-check", errorRate(m -> {
                    m.setCount(5);
                    m.setFailureLimit(1);
                }))),
                weight(10), analysisStep("error-rate-check"), weight(100)));

        newRevision("fraud", 2);
        ModelRevision rolledBack = awaitRevision("fraud-r2", r -> "RolledBack".equals(r.getStatus().getPhase()));
        assertThat(rolledBack.getStatus().getReason()).isEqualTo("AnalysisFailed");
        assertThat(rolledBack.getStatus().getMessage()).contains("error-rate").contains("0.2").contains("max 0.05")
                .contains("fraud-r1 keeps serving");
        MetricRunStatus errorRate = metric(run(rolledBack, "a1-step2"), "error-rate");
        assertThat(errorRate.getPhase()).isEqualTo("Failed");
        assertThat(errorRate.getMeasurements()).hasSizeLessThanOrEqualTo(1 + 1)
                .allSatisfy(m -> assertThat(m.getPhase()).isEqualTo("Failed"));
        assertThat(errorRate.getFailed()).isEqualTo(2);
        assertThat(rolledBack.getStatus().getRollout().getCanaryWeight()).isZero();

        ModelPipeline degraded = awaitPipeline("fraud", p -> "Degraded".equals(p.getStatus().getPhase()));
        assertThat(degraded.getStatus().getStableRevision()).isEqualTo("fraud-r1");
        var condition = Conditions.find(degraded.getStatus().getConditions(), Conditions.DEGRADED).orElseThrow();
        assertThat(condition.getStatus()).isEqualTo("True");
        assertThat(condition.getReason()).isEqualTo("RevisionRolledBack");
        assertThat(condition.getMessage()).contains("the desired revision is not the one serving").contains("fraud-r1 keeps serving");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(deployment("fraud-r2").getSpec().getReplicas()).isZero());
        touchAndAwaitReconcile();
        touchAndAwaitReconcile();
        // The stable revision stayed at full size throughout: the canary's pod was added beside it, then removed.
        assertThat(serving.replicas("fraud-r1")).containsExactly(10);
        assertThat(serving.replicas("fraud-r2")).containsExactly(0, 1, 0);
        assertThat(eventReasons()).contains("AnalysisFailed");
        assertThat(operator.metric("modelgate_rollbacks_total", "namespace", NS, "pipeline", "fraud", "cause", "Analysis")).isEqualTo(1);

        // Nothing is stuck: the next change rolls out normally.
        metrics.set("fraud-r3", 0.01);
        newRevision("fraud", 3);
        awaitRevision("fraud-r3", r -> "Promoted".equals(r.getStatus().getPhase()));
        ModelPipeline recovered = awaitPipeline("fraud", p -> "Serving".equals(p.getStatus().getPhase()));
        assertThat(recovered.getStatus().getStableRevision()).isEqualTo("fraud-r3");
        assertThat(revision("fraud-r2").getStatus().getPhase()).isEqualTo("RolledBack");
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(deployment("fraud-r3").getSpec().getReplicas()).isEqualTo(10);
            assertThat(deployment("fraud-r1").getSpec().getReplicas()).isZero();
        });
        assertThat(operator.metric("modelgate_reconcile_total", "result", "error")).isZero();
    }

    // --- (c) ---

    @Test
    void anIndefinitePauseWaitsForAPromoteWhichIsConsumed() {
        promoteFirstRevision(canary("fraud", 4, List.of(), weight(25), pause(null), weight(100)));
        newRevision("fraud", 2);

        ModelRevision waiting = awaitRevision("fraud-r2", r -> r.getStatus().getRollout() != null && r.getStatus().getRollout().getPausedReason() != null);
        assertThat(waiting.getStatus().getRollout().getPausedReason()).contains("step 2/3").contains("waiting for a person to promote");
        assertThat(waiting.getStatus().getRollout().getStepIndex()).isEqualTo(1);
        ModelPipeline paused = awaitPipeline("fraud", p -> Conditions.find(p.getStatus().getConditions(), Conditions.PROGRESSING)
                .map(c -> "WaitingForPromotion".equals(c.getReason())).orElse(false));
        assertThat(paused.getStatus().getPhase()).isEqualTo("RollingOut");
        assertThat(paused.getStatus().getCanaryWeight()).isEqualTo(25);
        assertThat(Conditions.find(paused.getStatus().getConditions(), Conditions.PROGRESSING).orElseThrow().getMessage())
                .contains("fraud-r2 waits for a person");
        touchAndAwaitReconcile();
        assertThat(revision("fraud-r2").getStatus().getPhase()).isEqualTo("RollingOut");
        assertThat(revision("fraud-r2").getStatus().getRollout().getStepIndex()).isEqualTo(1);
        assertThat(deployment("fraud-r2").getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment("fraud-r1").getSpec().getReplicas()).isEqualTo(4);

        annotate("fraud", "promote");
        ModelRevision promoted = awaitRevision("fraud-r2", r -> "Promoted".equals(r.getStatus().getPhase()));
        assertThat(promoted.getStatus().getRollout().getPausedReason()).isNull();
        awaitActionConsumed("fraud");
        assertThat(eventReasons()).contains("RolloutPaused", "ActionPromote");
        assertThat(eventReasons()).doesNotContain("ActionIgnored");
        assertThat(serving.replicas("fraud-r2")).containsExactly(0, 1, 4);
        ModelPipeline done = awaitPipeline("fraud", p -> "Serving".equals(p.getStatus().getPhase()));
        assertThat(Conditions.find(done.getStatus().getConditions(), Conditions.PROGRESSING).orElseThrow().getReason()).isEqualTo("Idle");
    }

    // --- (d) ---

    @Test
    void anAbortedRolloutCanBeRetriedAsANewAttemptAndThenPromoted() {
        metrics.set("fraud-r2", 0.01);
        promoteFirstRevision(canary("fraud", 5, List.of(analysis("error-rate-check", errorRate(m -> { }))),
                weight(20), analysisStep("error-rate-check"), pause(null), weight(100)));
        newRevision("fraud", 2);
        awaitRevision("fraud-r2", r -> r.getStatus().getRollout() != null && r.getStatus().getRollout().getPausedReason() != null);

        annotate("fraud", "abort");
        ModelRevision aborted = awaitRevision("fraud-r2", r -> "Aborted".equals(r.getStatus().getPhase()));
        assertThat(aborted.getStatus().getReason()).isEqualTo("Aborted");
        assertThat(aborted.getStatus().getMessage()).contains("aborted by a person").contains("fraud-r1 keeps serving");
        assertThat(aborted.getStatus().getRollout().getAborted()).isTrue();
        awaitActionConsumed("fraud");
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(deployment("fraud-r2").getSpec().getReplicas()).isZero();
            assertThat(deployment("fraud-r1").getSpec().getReplicas()).isEqualTo(5);
        });
        assertThat(awaitPipeline("fraud", p -> "Degraded".equals(p.getStatus().getPhase())).getStatus().getStableRevision()).isEqualTo("fraud-r1");

        annotate("fraud", "retry");
        ModelRevision retried = awaitRevision("fraud-r2", r -> "RollingOut".equals(r.getStatus().getPhase())
                && r.getStatus().getRollout().getPausedReason() != null);
        awaitActionConsumed("fraud");
        assertThat(retried.getStatus().getRollout().getAttempt()).isEqualTo(2);
        assertThat(retried.getStatus().getRollout().getAborted()).isNull();
        assertThat(retried.getStatus().getRollout().getAnalysisRuns()).extracting(AnalysisRunStatus::getName)
                .containsExactly("a1-step2", "a2-step2");
        assertThat(run(retried, "a2-step2").getAttempt()).isEqualTo(2);
        assertThat(run(retried, "a2-step2").getPhase()).isEqualTo("Successful");
        // The new attempt started again from step 1: weight 0 -> 20, the same Event again, so one Event counted twice.
        assertThat(eventMessages("WeightSet")).containsExactly("fraud-r2 canary weight 0 -> 20");
        assertThat(eventCount("WeightSet", "fraud-r2 canary weight 0 -> 20")).isEqualTo(2);
        assertThat(serving.replicas("fraud-r2")).containsExactly(0, 1, 0, 1);

        annotate("fraud", "promote");
        ModelRevision promoted = awaitRevision("fraud-r2", r -> "Promoted".equals(r.getStatus().getPhase()));
        assertThat(promoted.getStatus().getTransitions()).extracting(t -> t.getPhase() + "/" + t.getReason())
                .containsSubsequence("RollingOut/EvaluationPassed", "Aborted/Aborted", "RollingOut/RetryRequested", "Promoted/Promoted");
        assertThat(eventReasons()).contains("ActionAbort", "ActionRetry", "ActionPromote").doesNotContain("ActionIgnored");
        awaitPipeline("fraud", p -> "Serving".equals(p.getStatus().getPhase()) && "fraud-r2".equals(p.getStatus().getStableRevision()));
        assertThat(operator.metric("modelgate_rollbacks_total", "namespace", NS, "pipeline", "fraud", "cause", "Manual")).isEqualTo(1);
    }

    // --- (e) ---

    @Test
    void aBlueGreenRolloutSwitchesBackWhenPostPromotionAnalysisFails() {
        metrics.set("fraud-r2", 0.5);
        ModelPipeline pipeline = Pipelines.fraud("fraud", NS);
        RolloutSpec rollout = pipeline.getSpec().getRollout();
        rollout.setStrategy(RolloutSpec.Strategy.BlueGreen);
        BlueGreenRolloutSpec blueGreen = new BlueGreenRolloutSpec();
        blueGreen.setPostPromotionAnalysis(AnalysisRef.named("smoke"));
        blueGreen.setScaleDownDelaySeconds(30);
        rollout.setBlueGreen(blueGreen);
        AnalysisMetricSpec errorRate = new AnalysisMetricSpec();
        errorRate.setName("error-rate");
        errorRate.setMax(0.05);
        AnalysisMetricSpec.HttpMetric http = new AnalysisMetricSpec.HttpMetric();
        http.setUrl(metrics.documentUrlTemplate());
        http.setJsonPointer("/errorRate");
        errorRate.setHttp(http);
        rollout.setAnalyses(new ArrayList<>(List.of(analysis("smoke", errorRate))));
        promoteFirstRevision(pipeline);
        assertThat(service("fraud").getSpec().getSelector()).containsEntry("modelgate.io/revision", "fraud-r1");

        newRevision("fraud", 2);
        ModelRevision rolledBack = awaitRevision("fraud-r2", r -> "RolledBack".equals(r.getStatus().getPhase()));
        assertThat(rolledBack.getStatus().getMessage()).contains("post-promotion analysis smoke").contains("error-rate=0.5")
                .contains("max 0.05").contains("switches back");
        assertThat(rolledBack.getStatus().getRollout().getBlueGreenPhase()).isEqualTo("PostPromotionAnalysis");
        assertThat(metric(run(rolledBack, "a1-postpromotion"), "error-rate").getMeasurements()).singleElement()
                .satisfies(m -> assertThat(m.getPhase()).isEqualTo("Failed"));

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(service("fraud").getSpec().getSelector()).containsEntry("modelgate.io/revision", "fraud-r1");
            assertThat(deployment("fraud-r2").getSpec().getReplicas()).isZero();
            assertThat(deployment("fraud-r1").getSpec().getReplicas()).isEqualTo(2);
        });
        // The active Service went to the new revision at the switch, and back; the preview showed it meanwhile.
        assertThat(serving.selectors("fraud")).containsExactly("fraud-r1", "fraud-r2", "fraud-r1");
        assertThat(serving.selectors("fraud-preview")).containsExactly("fraud-r1", "fraud-r2", "fraud-r1");
        assertThat(serving.replicas("fraud-r2")).containsExactly(2, 0);
        assertThat(serving.replicas("fraud-r1")).containsExactly(2);
        assertThat(metrics.timesAsked("fraud-r2")).isEqualTo(1);
        assertThat(eventReasons()).contains("ActiveSwitched", "AnalysisFailed");
        assertThat(awaitPipeline("fraud", p -> "Degraded".equals(p.getStatus().getPhase())).getStatus().getStableRevision()).isEqualTo("fraud-r1");
    }

    @Test
    void aFailingPrePromotionAnalysisNeverMovesTheActiveServiceAndSendsTheSecretsHeaders() {
        client.secrets().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata().withName("smoke-token").endMetadata()
                .addToData("Authorization", java.util.Base64.getEncoder().encodeToString("Bearer s3cret".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .build()).create();
        metrics.set("fraud-r2", 0.5);
        ModelPipeline pipeline = Pipelines.fraud("fraud", NS);
        RolloutSpec rollout = pipeline.getSpec().getRollout();
        rollout.setStrategy(RolloutSpec.Strategy.BlueGreen);
        BlueGreenRolloutSpec blueGreen = new BlueGreenRolloutSpec();
        blueGreen.setPrePromotionAnalysis(AnalysisRef.named("smoke"));
        rollout.setBlueGreen(blueGreen);
        AnalysisMetricSpec errorRate = new AnalysisMetricSpec();
        errorRate.setName("error-rate");
        errorRate.setMax(0.05);
        AnalysisMetricSpec.HttpMetric http = new AnalysisMetricSpec.HttpMetric();
        http.setUrl(metrics.documentUrlTemplate());
        http.setJsonPointer("/errorRate");
        AnalysisMetricSpec.SecretRef secret = new AnalysisMetricSpec.SecretRef();
        secret.setSecretName("smoke-token");
        http.setHeadersFrom(secret);
        errorRate.setHttp(http);
        rollout.setAnalyses(new ArrayList<>(List.of(analysis("smoke", errorRate))));
        promoteFirstRevision(pipeline);

        newRevision("fraud", 2);
        ModelRevision rolledBack = awaitRevision("fraud-r2", r -> "RolledBack".equals(r.getStatus().getPhase()));

        assertThat(rolledBack.getStatus().getMessage()).contains("pre-promotion analysis smoke").contains("error-rate=0.5")
                .contains("never left the previous revision");
        assertThat(metrics.authorizations()).as("the Secret's key became the request's header").containsOnly("Bearer s3cret");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(deployment("fraud-r2").getSpec().getReplicas()).isZero());
        assertThat(serving.selectors("fraud")).as("the active Service never selected r2").containsOnly("fraud-r1");
        assertThat(serving.replicas("fraud-r1")).containsOnly(2);
    }

    @Test
    void aMissingHeadersSecretIsAnErrorMeasurementNamingIt() {
        metrics.set("fraud-r2", 0.01);
        AnalysisMetricSpec errorRate = new AnalysisMetricSpec();
        errorRate.setName("error-rate");
        errorRate.setMax(0.05);
        errorRate.setConsecutiveErrorLimit(0);
        AnalysisMetricSpec.HttpMetric http = new AnalysisMetricSpec.HttpMetric();
        http.setUrl(metrics.documentUrlTemplate());
        http.setJsonPointer("/errorRate");
        AnalysisMetricSpec.SecretRef secret = new AnalysisMetricSpec.SecretRef();
        secret.setSecretName("no-such-secret");
        http.setHeadersFrom(secret);
        errorRate.setHttp(http);
        promoteFirstRevision(canary("fraud", 2, List.of(analysis("smoke", errorRate)), weight(50), analysisStep("smoke")));

        newRevision("fraud", 2);
        ModelRevision rolledBack = awaitRevision("fraud-r2", r -> "RolledBack".equals(r.getStatus().getPhase()));

        assertThat(metric(run(rolledBack, "a1-step2"), "error-rate").getMeasurements()).singleElement().satisfies(m -> {
            assertThat(m.getPhase()).isEqualTo("Error");
            assertThat(m.getMessage()).contains("Secret no-such-secret (headersFrom) not found");
        });
        assertThat(metrics.timesAsked("fraud-r2")).as("no request without its headers").isZero();
    }

    @Test
    void weightsThatNeedNoNewPodStillMoveOn() {
        // One replica: every weight from 1 to 99 is one pod of each, so no setWeight brings a Deployment event.
        promoteFirstRevision(canary("fraud", 1, List.of(), weight(20), weight(50), weight(80)));

        newRevision("fraud", 2);

        ModelRevision promoted = awaitRevision("fraud-r2", r -> "Promoted".equals(r.getStatus().getPhase()));
        assertThat(eventMessages("WeightSet")).containsExactly("fraud-r2 canary weight 0 -> 20", "fraud-r2 canary weight 20 -> 50",
                "fraud-r2 canary weight 50 -> 80");
        assertThat(promoted.getStatus().getRollout().getCanaryWeight()).isEqualTo(100);
    }

    @Test
    void switchingToDirectMidCanaryPromotesOnlyOnceTheNewRevisionServesAtFullSize() {
        metrics.set("fraud-r2", 0.01);
        promoteFirstRevision(canary("fraud", 4, List.of(), weight(25), pause("1h")));
        newRevision("fraud", 2);
        awaitRevision("fraud-r2", r -> r.getStatus().getRollout() != null && Integer.valueOf(25).equals(r.getStatus().getRollout().getCanaryWeight())
                && r.getStatus().getRollout().getStepIndex() == 1);
        serving.hold("fraud-r2");

        changeSpec("fraud", p -> {
            p.getSpec().getRollout().setStrategy(RolloutSpec.Strategy.Direct);
            p.getSpec().getRollout().setSteps(new ArrayList<>());
        });

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(deployment("fraud-r2").getSpec().getReplicas()).isEqualTo(4));
        touchAndAwaitReconcile("fraud");
        assertThat(revision("fraud-r2").getStatus().getPhase()).as("not promoted while its pods are not all there").isEqualTo("RollingOut");
        assertThat(serving.replicas("fraud-r1")).as("the stable revision kept every pod").containsOnly(4);

        serving.release("fraud-r2");
        awaitRevision("fraud-r2", r -> "Promoted".equals(r.getStatus().getPhase()));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(deployment("fraud-r1").getSpec().getReplicas()).isZero());
    }

    @Test
    void aCanaryRolledBackAboveHalfStaysUntilTheStableRevisionIsBackAtFullSize() {
        metrics.set("fraud-r2", 0.01);
        promoteFirstRevision(canary("fraud", 4, List.of(analysis("guard", errorRate(m -> m.setCount(0)))), weight(75), pause("1h")));
        changeSpec("fraud", p -> p.getSpec().getRollout().setBackgroundAnalysis(AnalysisRef.named("guard")));
        newRevision("fraud", 2);
        awaitRevision("fraud-r2", r -> r.getStatus().getRollout() != null && r.getStatus().getRollout().getStepIndex() == 1);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(deployment("fraud-r1").getSpec().getReplicas()).isEqualTo(1));
        serving.hold("fraud-r1");

        metrics.set("fraud-r2", 0.5);
        awaitRevision("fraud-r2", r -> "RolledBack".equals(r.getStatus().getPhase()));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(deployment("fraud-r1").getSpec().getReplicas()).isEqualTo(4));
        touchAndAwaitReconcile("fraud");
        assertThat(deployment("fraud-r2").getSpec().getReplicas()).as("the canary serves until the stable revision can").isEqualTo(4);

        serving.release("fraud-r1");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(deployment("fraud-r2").getSpec().getReplicas()).isZero());
        List<String> timeline = serving.timeline();
        assertThat(timeline.indexOf("fraud-r1 4 available")).as("r1 back at full size before r2 left: %s", timeline)
                .isGreaterThanOrEqualTo(0).isLessThan(timeline.indexOf("fraud-r2 0"));
    }

    // --- (f) ---

    @Test
    void gatewayApiRoutingSetsTheRouteWeightsAtEveryStep() {
        installHttpRouteCrd();
        serving.watchRoutes();
        GenericKubernetesResource route = new GenericKubernetesResourceBuilder()
                .withApiVersion("gateway.networking.k8s.io/v1").withKind("HTTPRoute")
                .withNewMetadata().withName("fraud-route").withNamespace(NS).endMetadata()
                .build();
        route.setAdditionalProperty("spec", Map.of(
                "parentRefs", List.of(Map.of("name", "gateway")),
                "rules", List.of(Map.of("backendRefs", List.of(Map.of("name", "fraud-stable", "port", 8080))))));
        routes().resource(route).create();

        ModelPipeline pipeline = canary("fraud", 5, List.of(), weight(20), pause("1s"), weight(60), pause("1s"));
        TrafficRoutingSpec routing = new TrafficRoutingSpec();
        routing.setType(TrafficRoutingSpec.Type.gatewayAPI);
        routing.setHttpRoute("fraud-route");
        pipeline.getSpec().getRollout().setTrafficRouting(routing);
        promoteFirstRevision(pipeline);
        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(ServingRecorder.weights(routes().withName("fraud-route").get())).isEqualTo("fraud-stable=100,fraud-canary=0"));
        assertThat(service("fraud-stable").getSpec().getSelector()).containsEntry("modelgate.io/revision", "fraud-r1");
        assertThat(service("fraud-canary").getSpec().getSelector()).containsEntry("modelgate.io/revision", "fraud-r1");

        newRevision("fraud", 2);
        awaitRevision("fraud-r2", r -> r.getStatus().getRollout() != null && Integer.valueOf(60).equals(r.getStatus().getRollout().getCanaryWeight()));
        assertThat(service("fraud-canary").getSpec().getSelector()).containsEntry("modelgate.io/revision", "fraud-r2");
        assertThat(service("fraud-stable").getSpec().getSelector()).containsEntry("modelgate.io/revision", "fraud-r1");
        awaitRevision("fraud-r2", r -> "Promoted".equals(r.getStatus().getPhase()));

        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(ServingRecorder.weights(routes().withName("fraud-route").get())).isEqualTo("fraud-stable=100,fraud-canary=0"));
        assertThat(serving.routeWeights("fraud-route")).containsExactly(
                "fraud-stable=null",
                "fraud-stable=100,fraud-canary=0",
                "fraud-stable=80,fraud-canary=20",
                "fraud-stable=40,fraud-canary=60",
                "fraud-stable=100,fraud-canary=0");
        assertThat(serving.selectors("fraud-stable")).containsExactly("fraud-r1", "fraud-r2");
        assertThat(serving.selectors("fraud-canary")).containsExactly("fraud-r1", "fraud-r2");
        assertThat(serving.selectors("fraud")).containsExactly(ServingRecorder.EVERY_REVISION);
        // The route carries the traffic: the stable revision stays at full size until the canary is promoted.
        assertThat(serving.replicas("fraud-r1")).containsExactly(5, 0);
        assertThat(serving.replicas("fraud-r2")).containsExactly(0, 1, 3, 5);
        assertScaledDownOnlyAfterTheNewOneServesAtFullSize("fraud-r1", "fraud-r2", 5);
        assertThat(eventReasons()).doesNotContain("HTTPRouteProblem");
        List<String> timeline = serving.timeline();
        assertThat(timeline.indexOf("fraud-r2 1 available")).as("the canary's pod ready before the route sends it 20%%: %s", timeline)
                .isGreaterThanOrEqualTo(0).isLessThan(timeline.indexOf("route fraud-route fraud-stable=80,fraud-canary=20"));
        assertThat(timeline.indexOf("fraud-r2 3 available")).as("its pods for 60%% ready before the route moves: %s", timeline)
                .isGreaterThanOrEqualTo(0).isLessThan(timeline.indexOf("route fraud-route fraud-stable=40,fraud-canary=60"));
    }

    // --- (g) ---

    @Test
    void maxConcurrentRolloutsQueuesTheSecondPipelineUntilTheFirstEnds() {
        operator.stop();
        operator = startOperator(1);
        promoteFirstRevision(canary("fraud", 2, List.of(), weight(50), pause(null)));
        promoteFirstRevision(canary("spam", 2, List.of(), weight(50)));

        newRevision("fraud", 2);
        awaitRevision("fraud-r2", r -> r.getStatus().getRollout() != null && r.getStatus().getRollout().getPausedReason() != null);
        newRevision("spam", 2);

        ModelRevision queued = awaitRevision("spam-r2", r -> "Queued".equals(r.getStatus().getPhase()));
        assertThat(queued.getStatus().getMessage()).contains("position 1").contains("maxConcurrentRollouts");
        ModelPipeline waiting = awaitPipeline("spam", p -> "Queued".equals(p.getStatus().getPhase()));
        assertThat(Conditions.find(waiting.getStatus().getConditions(), Conditions.PROGRESSING).orElseThrow().getMessage())
                .contains("spam-r2 is Queued").contains("position 1");
        assertThat(client.apps().deployments().inNamespace(NS).withName("spam-r2").get()).isNull();
        touchAndAwaitReconcile("spam");
        assertThat(revision("spam-r2").getStatus().getPhase()).isEqualTo("Queued");

        annotate("fraud", "promote");
        awaitRevision("fraud-r2", r -> "Promoted".equals(r.getStatus().getPhase()));
        ModelRevision spam = awaitRevision("spam-r2", r -> "Promoted".equals(r.getStatus().getPhase()));
        assertThat(spam.getStatus().getTransitions()).extracting(t -> t.getPhase())
                .containsSubsequence("Evaluating", "Queued", "RollingOut", "Promoted");
        assertThat(serving.replicas("spam-r2")).containsExactly(0, 2);
        assertThat(serving.replicas("spam-r1")).containsExactly(2, 0);
        // Its last step was setWeight 50: promotion brought it to full size before the old revision went away.
        assertScaledDownOnlyAfterTheNewOneServesAtFullSize("spam-r1", "spam-r2", 2);
        assertThat(revision("spam-r2").getStatus().getRollout().getStepIndex()).isEqualTo(1);
        awaitPipeline("spam", p -> "Serving".equals(p.getStatus().getPhase()));
    }

    // --- (h) ---

    @Test
    void anUnreachableMetricsProviderErrorsAndRollsBackWithoutCrashingTheOperator() throws IOException {
        String closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = "http://127.0.0.1:" + socket.getLocalPort();
        }
        String address = closed;
        promoteFirstRevision(canary("fraud", 2, List.of(analysis("error-rate-check", errorRate(m -> {
                    m.setCount(3);
                    m.setConsecutiveErrorLimit(1);
                    m.getPrometheus().setAddress(address);
                    m.getPrometheus().setTimeoutSeconds(2);
                }))),
                weight(50), analysisStep("error-rate-check"), weight(100)));
        newRevision("fraud", 2);

        ModelRevision rolledBack = awaitRevision("fraud-r2", r -> "RolledBack".equals(r.getStatus().getPhase()));
        MetricRunStatus errorRate = metric(run(rolledBack, "a1-step2"), "error-rate");
        assertThat(errorRate.getPhase()).isEqualTo("Error");
        assertThat(errorRate.getError()).isEqualTo(2);
        assertThat(errorRate.getMeasurements()).hasSize(2).allSatisfy(m -> {
            assertThat(m.getPhase()).isEqualTo("Error");
            assertThat(m.getMessage()).contains("could not connect");
        });
        assertThat(rolledBack.getStatus().getMessage()).contains("Error").contains("consecutiveErrorLimit 1");
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(deployment("fraud-r2").getSpec().getReplicas()).isZero();
            assertThat(deployment("fraud-r1").getSpec().getReplicas()).isEqualTo(2);
        });
        touchAndAwaitReconcile();
        assertThat(operator.metric("modelgate_reconcile_total", "result", "error")).isZero();
        assertThat(operator.metric("modelgate_analysis_measurements_total", "namespace", NS, "pipeline", "fraud", "metric", "error-rate", "result", "Error")).isEqualTo(2);
        assertThat(eventReasons()).doesNotContain("ReconcileError");
    }

    /**
     * An Error is retried after 10 s (Argo Rollouts' DefaultErrorRetryInterval), not after the metric's 5 m interval;
     * the first answer brings the interval back. Time moves by the operator's clock, never by sleeping.
     */
    @Test
    void anErrorIsRetriedAfterTenSecondsAndAnAnswerBringsBackTheInterval() {
        metrics.fail("fraud-r2");
        promoteFirstRevision(canary("fraud", 2, List.of(analysis("error-rate-check", errorRate(m -> {
                    m.setInterval("5m");
                    m.setCount(2);
                }))),
                weight(50), analysisStep("error-rate-check"), weight(100)));
        newRevision("fraud", 2);

        awaitRevision("fraud-r2", r -> measurements(r, "a1-step2").size() == 1);
        MeasurementStatus error = measurements(revision("fraud-r2"), "a1-step2").get(0);
        assertThat(error.getPhase()).isEqualTo("Error");
        assertThat(error.getMessage()).contains("503");
        metrics.set("fraud-r2", 0.01);
        operator.clock.advance(Duration.ofSeconds(10));
        touchAndAwaitReconcile();
        ModelRevision retried = awaitRevision("fraud-r2", r -> measurements(r, "a1-step2").size() == 2);
        MeasurementStatus answer = measurements(retried, "a1-step2").get(1);
        assertThat(answer.getPhase()).isEqualTo("Successful");
        assertThat(Duration.between(java.time.Instant.parse(error.getTime()), java.time.Instant.parse(answer.getTime())))
                .as("retried 10 s after the Error, not 5 m").isBetween(Duration.ofSeconds(10), Duration.ofMinutes(1));
        assertThat(metric(run(retried, "a1-step2"), "error-rate").getPhase()).as("the Error did not count: 1 of 2").isEqualTo("Running");

        operator.clock.advance(Duration.ofSeconds(10));
        touchAndAwaitReconcile();
        assertThat(measurements(revision("fraud-r2"), "a1-step2")).as("after an answer the next one waits the interval").hasSize(2);

        operator.clock.advance(Duration.ofMinutes(5));
        touchAndAwaitReconcile();
        ModelRevision promoted = awaitRevision("fraud-r2", r -> "Promoted".equals(r.getStatus().getPhase()));
        List<MeasurementStatus> taken = measurements(promoted, "a1-step2");
        assertThat(taken).extracting(MeasurementStatus::getPhase).containsExactly("Error", "Successful", "Successful");
        assertThat(Duration.between(java.time.Instant.parse(taken.get(1).getTime()), java.time.Instant.parse(taken.get(2).getTime())))
                .isGreaterThanOrEqualTo(Duration.ofMinutes(5));
    }

    // --- (i) ---

    @Test
    void aJobMetricIsMeasuredByAnAnalysisJobsTerminationMessage() {
        AnalysisMetricSpec errorRate = new AnalysisMetricSpec();
        errorRate.setName("error-rate");
        errorRate.setMax(0.05);
        AnalysisMetricSpec.JobMetric job = new AnalysisMetricSpec.JobMetric();
        job.setTemplate(Pipelines.podTemplate("analyse", "registry.example/analyse:1.0"));
        errorRate.setJob(job);
        promoteFirstRevision(canary("fraud", 2, List.of(analysis("offline-check", errorRate)),
                weight(50), analysisStep("offline-check"), weight(100)));

        newRevision("fraud", 2);
        Job analysisJob = cluster.awaitJob("fraud-r2-a1-step2-error-rate-1");
        assertThat(envOf(analysisJob)).containsEntry("MODELGATE_REVISION", "fraud-r2")
                .containsEntry("MODELGATE_STABLE_REVISION", "fraud-r1")
                .containsEntry("MODELGATE_METRIC", "error-rate");
        assertThat(analysisJob.getMetadata().getLabels()).containsEntry("modelgate.io/role", "analysis");
        assertThat(revision("fraud-r2").getStatus().getPhase()).isEqualTo("RollingOut");
        // The Job completes before the operator's Pod cache has its pod: the message must be read from the API server.
        cluster.succeedWithPodNotYetCached("fraud-r2-a1-step2-error-rate-1", "{\"error-rate\": 0.01}");

        ModelRevision measured = awaitRevision("fraud-r2", r -> !measurements(r, "a1-step2").isEmpty());
        assertThat(measurements(measured, "a1-step2")).singleElement().satisfies(m -> assertThat(m.getMessage()).contains("error-rate=0.01"));
        ModelRevision promoted = awaitRevision("fraud-r2", r -> "Promoted".equals(r.getStatus().getPhase()));
        assertThat(metric(run(promoted, "a1-step2"), "error-rate").getMeasurements()).singleElement().satisfies(m -> {
            assertThat(m.getPhase()).isEqualTo("Successful");
            assertThat(m.getValue()).isEqualTo("0.01");
        });
        await().atMost(TIMEOUT).until(() -> client.batch().v1().jobs().inNamespace(NS).withName("fraud-r2-a1-step2-error-rate-1").get() == null);

        newRevision("fraud", 3);
        Job failing = cluster.awaitJob("fraud-r3-a1-step2-error-rate-1");
        assertThat(envOf(failing)).containsEntry("MODELGATE_STABLE_REVISION", "fraud-r2");
        cluster.succeed("fraud-r3-a1-step2-error-rate-1", "{\"error-rate\": 0.3}");
        ModelRevision rolledBack = awaitRevision("fraud-r3", r -> "RolledBack".equals(r.getStatus().getPhase()));
        assertThat(rolledBack.getStatus().getMessage()).contains("error-rate=0.3").contains("max 0.05");
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(deployment("fraud-r3").getSpec().getReplicas()).isZero();
            assertThat(deployment("fraud-r2").getSpec().getReplicas()).isEqualTo(2);
        });
        assertThat(operator.metric("modelgate_reconcile_total", "result", "error")).isZero();
    }

    // --- (j) ---

    @Test
    void specPausedStopsProgressButNotProtection() {
        metrics.set("fraud-r2", 0.01);
        promoteFirstRevision(canary("fraud", 5, List.of(analysis("error-rate-check", errorRate(m -> m.setCount(4)))),
                weight(20), analysisStep("error-rate-check"), weight(100)));

        // Healthy: paused mid-analysis, the analysis completes but the canary does not advance.
        newRevision("fraud", 2);
        awaitRevision("fraud-r2", r -> measurements(r, "a1-step2").size() >= 1);
        changeSpec("fraud", p -> p.getSpec().setPaused(true));
        awaitPipeline("fraud", p -> "Paused".equals(p.getStatus().getPhase()));
        awaitRevision("fraud-r2", r -> "Successful".equals(run(r, "a1-step2").getPhase()));
        touchAndAwaitReconcile();
        ModelRevision held = revision("fraud-r2");
        assertThat(held.getStatus().getPhase()).isEqualTo("RollingOut");
        assertThat(held.getStatus().getRollout().getStepIndex()).isEqualTo(1);
        assertThat(held.getStatus().getRollout().getCanaryWeight()).isEqualTo(20);
        assertThat(held.getStatus().getRollout().getMessage()).contains("paused by spec.paused");
        assertThat(deployment("fraud-r2").getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment("fraud-r1").getSpec().getReplicas()).isEqualTo(5);
        assertThat(serving.replicas("fraud-r2")).containsExactly(0, 1);
        assertThat(serving.replicas("fraud-r1")).containsExactly(5);

        changeSpec("fraud", p -> p.getSpec().setPaused(false));
        awaitRevision("fraud-r2", r -> "Promoted".equals(r.getStatus().getPhase()));
        assertThat(serving.replicas("fraud-r2")).containsExactly(0, 1, 5);

        // Failing while paused: rolled back all the same.
        metrics.set("fraud-r3", 0.01);
        newRevision("fraud", 3);
        awaitRevision("fraud-r3", r -> measurements(r, "a1-step2").size() >= 1);
        changeSpec("fraud", p -> p.getSpec().setPaused(true));
        awaitPipeline("fraud", p -> "Paused".equals(p.getStatus().getPhase()));
        metrics.set("fraud-r3", 0.5);
        ModelRevision rolledBack = awaitRevision("fraud-r3", r -> "RolledBack".equals(r.getStatus().getPhase()));
        assertThat(rolledBack.getStatus().getMessage()).contains("error-rate=0.5");
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(deployment("fraud-r3").getSpec().getReplicas()).isZero();
            assertThat(deployment("fraud-r2").getSpec().getReplicas()).isEqualTo(5);
        });
        assertThat(serving.replicas("fraud-r3")).containsExactly(0, 1, 0);
        assertThat(pipeline("fraud").getStatus().getPhase()).isEqualTo("Paused");
        assertThat(operator.metric("modelgate_reconcile_total", "result", "error")).isZero();
    }

    // --- (k) ---

    @Test
    void aPromoteOnADirectPipelineIsIgnoredAndConsumed() {
        ModelPipeline pipeline = Pipelines.fraud("fraud", NS);
        promoteFirstRevision(pipeline);
        annotate("fraud", "promote");
        awaitActionConsumed("fraud");
        await().atMost(TIMEOUT).until(() -> eventReasons().contains("ActionIgnored"));
        assertThat(eventMessages("ActionIgnored")).singleElement().satisfies(m -> assertThat(m).contains("promote").contains("Direct"));
        assertThat(client.resources(ModelRevision.class).inNamespace(NS).list().getItems()).hasSize(1);
        assertThat(pipeline("fraud").getStatus().getPhase()).isEqualTo("Serving");
    }

    // --- beyond the list: deadlines, restarts, no data, stray actions, no steps, ratios ---

    @Test
    void aRolloutWaitingForAPersonStaysVisibleWhileANewerRevisionWaitsBehindIt() {
        promoteFirstRevision(canary("fraud", 4, List.of(), weight(25), pause(null), weight(100)));
        newRevision("fraud", 2);
        awaitRevision("fraud-r2", r -> r.getStatus().getRollout() != null && r.getStatus().getRollout().getPausedReason() != null);

        changeSpec("fraud", p -> p.getSpec().getSource().setDataRef("s3://data/fraud/v3"));
        awaitRevision("fraud-r3", r -> true);
        ModelPipeline pipeline = awaitPipeline("fraud", p -> "fraud-r3".equals(p.getStatus().getCurrentRevision()));
        // fraud-r3 waits for fraud-r2's rollout, which waits for a person: that is what the pipeline must say.
        var progressing = Conditions.find(pipeline.getStatus().getConditions(), Conditions.PROGRESSING).orElseThrow();
        assertThat(progressing.getReason()).isEqualTo("WaitingForPromotion");
        assertThat(progressing.getMessage()).contains("fraud-r2 waits for a person");
        assertThat(pipeline.getStatus().getCanaryWeight()).isEqualTo(25);
        assertThat(client.batch().v1().jobs().inNamespace(NS).withName("fraud-r3-train").get()).isNull();

        annotate("fraud", "promote");
        awaitRevision("fraud-r2", r -> "Promoted".equals(r.getStatus().getPhase()));
        cluster.awaitJob("fraud-r3-train");
        ModelPipeline training = awaitPipeline("fraud", p -> "Training".equals(p.getStatus().getPhase()));
        assertThat(Conditions.find(training.getStatus().getConditions(), Conditions.PROGRESSING).orElseThrow().getReason()).isEqualTo("RevisionTraining");
        assertThat(training.getStatus().getCanaryWeight()).isNull();
    }

    @Test
    void aCanaryThatNeverBecomesAvailableIsRolledBackAtTheProgressDeadline() {
        ModelPipeline pipeline = canary("fraud", 4, List.of(), weight(50), weight(100));
        pipeline.getSpec().getRollout().setProgressDeadlineSeconds(2);
        promoteFirstRevision(pipeline);
        serving.hold("fraud-r2");
        newRevision("fraud", 2);

        ModelRevision rolledBack = awaitRevision("fraud-r2", r -> "RolledBack".equals(r.getStatus().getPhase()));
        assertThat(rolledBack.getStatus().getReason()).isEqualTo("ProgressDeadlineExceeded");
        assertThat(rolledBack.getStatus().getMessage()).contains("progress deadline of 2s");
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(deployment("fraud-r2").getSpec().getReplicas()).isZero();
            assertThat(deployment("fraud-r1").getSpec().getReplicas()).isEqualTo(4);
        });
        assertThat(serving.replicas("fraud-r1")).containsExactly(4);
        assertThat(operator.metric("modelgate_rollbacks_total", "namespace", NS, "pipeline", "fraud", "cause", "ProgressDeadline")).isEqualTo(1);
    }

    @Test
    void aRestartedOperatorResumesTheCanaryWhereItWas() {
        metrics.set("fraud-r2", 0.01);
        promoteFirstRevision(canary("fraud", 4, List.of(analysis("error-rate-check", errorRate(m -> m.setCount(3)))),
                weight(25), pause(null), analysisStep("error-rate-check"), weight(100)));
        newRevision("fraud", 2);
        awaitRevision("fraud-r2", r -> r.getStatus().getRollout() != null && r.getStatus().getRollout().getPausedReason() != null);

        operator.stop();
        operator = startOperator(0);
        touchAndAwaitReconcile();
        ModelRevision resumed = revision("fraud-r2");
        assertThat(resumed.getStatus().getPhase()).isEqualTo("RollingOut");
        assertThat(resumed.getStatus().getRollout().getStepIndex()).isEqualTo(1);
        assertThat(resumed.getStatus().getRollout().getPausedReason()).isNotNull();
        assertThat(deployment("fraud-r2").getSpec().getReplicas()).isEqualTo(1);

        annotate("fraud", "promote");
        ModelRevision promoted = awaitRevision("fraud-r2", r -> "Promoted".equals(r.getStatus().getPhase()));
        assertThat(metric(run(promoted, "a1-step3"), "error-rate").getMeasurements()).hasSize(3);
        assertThat(serving.replicas("fraud-r2")).containsExactly(0, 1, 4);
        assertThat(eventMessages("WeightSet")).containsExactly("fraud-r2 canary weight 0 -> 25", "fraud-r2 canary weight 25 -> 100");
    }

    @Test
    void anInconclusiveAnalysisWaitsForAPerson() {
        promoteFirstRevision(canary("fraud", 2, List.of(analysis("error-rate-check", errorRate(m -> { }))),
                weight(50), analysisStep("error-rate-check"), weight(100)));
        newRevision("fraud", 2); // the fake has no value for fraud-r2: an empty vector, no data

        ModelRevision waiting = awaitRevision("fraud-r2", r -> r.getStatus().getRollout() != null && r.getStatus().getRollout().getPausedReason() != null);
        assertThat(waiting.getStatus().getRollout().getPausedReason()).contains("Inconclusive").contains("no data");
        assertThat(metric(run(waiting, "a1-step2"), "error-rate").getMeasurements()).singleElement()
                .satisfies(m -> assertThat(m.getPhase()).isEqualTo("Inconclusive"));
        awaitPipeline("fraud", p -> Conditions.find(p.getStatus().getConditions(), Conditions.PROGRESSING)
                .map(c -> "WaitingForPromotion".equals(c.getReason())).orElse(false));

        annotate("fraud", "promote");
        awaitRevision("fraud-r2", r -> "Promoted".equals(r.getStatus().getPhase()));
        assertThat(serving.replicas("fraud-r2")).containsExactly(0, 2);
    }

    @Test
    void aRetryWhileTheCanaryIsStillRollingOutIsIgnored() {
        promoteFirstRevision(canary("fraud", 2, List.of(), weight(50), pause(null), weight(100)));
        newRevision("fraud", 2);
        awaitRevision("fraud-r2", r -> r.getStatus().getRollout() != null && r.getStatus().getRollout().getPausedReason() != null);

        annotate("fraud", "retry");
        awaitActionConsumed("fraud");
        await().atMost(TIMEOUT).until(() -> eventReasons().contains("ActionIgnored"));
        assertThat(eventMessages("ActionIgnored")).singleElement().satisfies(m -> assertThat(m).contains("retry"));
        assertThat(eventReasons()).doesNotContain("ActionRetry");
        ModelRevision unchanged = revision("fraud-r2");
        assertThat(unchanged.getStatus().getRollout().getAttempt()).isEqualTo(1);
        assertThat(unchanged.getStatus().getRollout().getStepIndex()).isEqualTo(1);
    }

    @Test
    void aCanaryWithoutStepsIsPromotedOnlyOnceItIsAvailable() {
        promoteFirstRevision(canary("fraud", 3, List.of()));
        serving.hold("fraud-r2");
        newRevision("fraud", 2);
        awaitRevision("fraud-r2", r -> "RollingOut".equals(r.getStatus().getPhase()));
        touchAndAwaitReconcile();
        assertThat(revision("fraud-r2").getStatus().getPhase()).isEqualTo("RollingOut");
        assertThat(deployment("fraud-r1").getSpec().getReplicas()).isEqualTo(3);

        serving.release("fraud-r2");
        awaitRevision("fraud-r2", r -> "Promoted".equals(r.getStatus().getPhase()));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(deployment("fraud-r1").getSpec().getReplicas()).isZero());
        assertThat(serving.replicas("fraud-r2")).containsExactly(0, 3);
        assertThat(serving.replicas("fraud-r1")).containsExactly(3, 0);
        assertScaledDownOnlyAfterTheNewOneServesAtFullSize("fraud-r1", "fraud-r2", 3);
    }

    /** The old revision's Deployment went to 0 only after the new one was available at full size (Direct's rule). */
    private void assertScaledDownOnlyAfterTheNewOneServesAtFullSize(String old, String promoted, int replicas) {
        List<String> timeline = serving.timeline();
        int scaledDown = timeline.indexOf(old + " 0");
        int fullyAvailable = timeline.indexOf(promoted + " " + replicas + " available");
        assertThat(scaledDown).as("%s scaled to 0 in %s", old, timeline).isNotNegative();
        assertThat(fullyAvailable).as("%s available at %d in %s", promoted, replicas, timeline).isNotNegative().isLessThan(scaledDown);
    }

    @Test
    void aRatioBoundComparesTheCanaryWithTheStableRevision() {
        metrics.set("fraud-r1", 0.02);
        metrics.set("fraud-r2", 0.03);
        promoteFirstRevision(canary("fraud", 2, List.of(analysis("error-rate-check", errorRate(m -> {
                    m.setMax(null);
                    m.setMaxRatioToStable(1.1);
                }))),
                weight(50), analysisStep("error-rate-check"), weight(100)));
        newRevision("fraud", 2);

        ModelRevision rolledBack = awaitRevision("fraud-r2", r -> "RolledBack".equals(r.getStatus().getPhase()));
        MeasurementStatus measurement = metric(run(rolledBack, "a1-step2"), "error-rate").getMeasurements().get(0);
        assertThat(measurement.getValue()).isEqualTo("0.03");
        assertThat(measurement.getStableValue()).isEqualTo("0.02");
        assertThat(rolledBack.getStatus().getMessage()).contains("error-rate=0.03 exceeds stable 0.02 × 1.1");
        assertThat(metrics.timesAsked("fraud-r1")).isEqualTo(1);
    }

    @Test
    void aBackgroundAnalysisWatchesEveryStepAndRollsBackWhenItFails() {
        metrics.set("fraud-r2", 0.01);
        ModelPipeline pipeline = canary("fraud", 2, List.of(analysis("always", errorRate(m -> { }))),
                weight(50), pause(null), weight(100));
        pipeline.getSpec().getRollout().setBackgroundAnalysis(AnalysisRef.named("always"));
        promoteFirstRevision(pipeline);
        newRevision("fraud", 2);

        awaitRevision("fraud-r2", r -> r.getStatus().getRollout() != null && r.getStatus().getRollout().getPausedReason() != null
                && measurements(r, "a1-background").size() >= 2);
        assertThat(run(revision("fraud-r2"), "a1-background").getPhase()).isEqualTo("Running");
        metrics.set("fraud-r2", 0.4);
        ModelRevision rolledBack = awaitRevision("fraud-r2", r -> "RolledBack".equals(r.getStatus().getPhase()));
        assertThat(rolledBack.getStatus().getMessage()).contains("background analysis Failed").contains("step 2/3").contains("error-rate=0.4");
        assertThat(run(rolledBack, "a1-background").getPhase()).isEqualTo("Failed");
        assertThat(measurements(rolledBack, "a1-background")).hasSizeLessThanOrEqualTo(10);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(deployment("fraud-r2").getSpec().getReplicas()).isZero());
    }

    /**
     * A person promotes a rollout paused by an Inconclusive background result: a new background run (as Argo Rollouts'
     * new AnalysisRun) watches the remaining steps, and rolls back when the canary goes bad after the promote.
     */
    @Test
    void afterAPromotePastAnInconclusiveBackgroundAnalysisANewRunWatchesTheRemainingSteps() {
        ModelPipeline pipeline = canary("fraud", 2, List.of(analysis("health", errorRate(m -> { }))),
                weight(50), pause("1h"), weight(100));
        pipeline.getSpec().getRollout().setBackgroundAnalysis(AnalysisRef.named("health"));
        promoteFirstRevision(pipeline);
        newRevision("fraud", 2); // no value for fraud-r2 yet: no data, Inconclusive

        ModelRevision paused = awaitRevision("fraud-r2", r -> r.getStatus().getRollout() != null && r.getStatus().getRollout().getPausedReason() != null);
        assertThat(paused.getStatus().getRollout().getPausedReason()).contains("background analysis Inconclusive").contains("no data");
        assertThat(run(paused, "a1-background").getPhase()).isEqualTo("Inconclusive");

        metrics.set("fraud-r2", 0.01);
        annotate("fraud", "promote");
        awaitActionConsumed("fraud");
        ModelRevision watched = awaitRevision("fraud-r2", r -> measurements(r, "a1-background-2").size() >= 2);
        assertThat(watched.getStatus().getPhase()).isEqualTo("RollingOut");
        assertThat(watched.getStatus().getRollout().getPausedReason()).isNull();
        assertThat(watched.getStatus().getRollout().getBackgroundAnalysisRun()).isEqualTo(2);
        assertThat(run(watched, "a1-background-2").getPhase()).isEqualTo("Running");
        assertThat(measurements(watched, "a1-background-2")).allSatisfy(m -> assertThat(m.getPhase()).isEqualTo("Successful"));
        assertThat(run(watched, "a1-background").getPhase()).as("the Inconclusive run is kept as it was").isEqualTo("Inconclusive");

        metrics.set("fraud-r2", 0.4);
        ModelRevision rolledBack = awaitRevision("fraud-r2", r -> "RolledBack".equals(r.getStatus().getPhase()));
        assertThat(rolledBack.getStatus().getMessage()).contains("background analysis Failed").contains("error-rate=0.4");
        assertThat(run(rolledBack, "a1-background-2").getPhase()).isEqualTo("Failed");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(deployment("fraud-r2").getSpec().getReplicas()).isZero());
        assertThat(eventMessages("RolloutPaused")).as("the one pause, on the revision and on the pipeline").hasSize(2)
                .allSatisfy(m -> assertThat(m).contains("background analysis Inconclusive at step 1/3"));
    }

    @Test
    void aHealthyBlueGreenRolloutSwitchesAndScalesTheOldRevisionDownAfterTheDelay() {
        metrics.set("fraud-r2", 0.01);
        ModelPipeline pipeline = Pipelines.fraud("fraud", NS);
        RolloutSpec rollout = pipeline.getSpec().getRollout();
        rollout.setStrategy(RolloutSpec.Strategy.BlueGreen);
        BlueGreenRolloutSpec blueGreen = new BlueGreenRolloutSpec();
        blueGreen.setPrePromotionAnalysis(AnalysisRef.named("smoke"));
        blueGreen.setPostPromotionAnalysis(AnalysisRef.named("smoke"));
        blueGreen.setScaleDownDelaySeconds(1);
        rollout.setBlueGreen(blueGreen);
        rollout.setAnalyses(new ArrayList<>(List.of(analysis("smoke", errorRate(m -> { })))));
        promoteFirstRevision(pipeline);

        newRevision("fraud", 2);
        ModelRevision promoted = awaitRevision("fraud-r2", r -> "Promoted".equals(r.getStatus().getPhase()));
        assertThat(promoted.getStatus().getRollout().getBlueGreenPhase()).isEqualTo("Done");
        assertThat(promoted.getStatus().getRollout().getAnalysisRuns()).extracting(AnalysisRunStatus::getName, AnalysisRunStatus::getPhase)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a1-prepromotion", "Successful"),
                        org.assertj.core.groups.Tuple.tuple("a1-postpromotion", "Successful"));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(deployment("fraud-r1").getSpec().getReplicas()).isZero());
        assertThat(serving.selectors("fraud")).containsExactly("fraud-r1", "fraud-r2");
        assertThat(serving.selectors("fraud-preview")).containsExactly("fraud-r1", "fraud-r2");
        assertThat(serving.replicas("fraud-r2")).containsExactly(2);
        assertThat(serving.replicas("fraud-r1")).containsExactly(2, 0);
        assertThat(metrics.timesAsked("fraud-r2")).isEqualTo(2);
        awaitPipeline("fraud", p -> "Serving".equals(p.getStatus().getPhase()) && "fraud-r2".equals(p.getStatus().getStableRevision()));
    }

    @Test
    void aMissingHttpRouteIsReportedWithoutFloodingEvents() {
        installHttpRouteCrd();
        ModelPipeline pipeline = canary("fraud", 2, List.of(), weight(50), pause("2s"), weight(100));
        TrafficRoutingSpec routing = new TrafficRoutingSpec();
        routing.setType(TrafficRoutingSpec.Type.gatewayAPI);
        routing.setHttpRoute("missing-route");
        pipeline.getSpec().getRollout().setTrafficRouting(routing);
        promoteFirstRevision(pipeline);
        newRevision("fraud", 2);
        awaitRevision("fraud-r2", r -> "Promoted".equals(r.getStatus().getPhase()));
        touchAndAwaitReconcile();
        assertThat(eventMessages("HTTPRouteProblem")).hasSizeGreaterThanOrEqualTo(1).hasSizeLessThanOrEqualTo(2)
                .allSatisfy(m -> assertThat(m).contains("HTTPRoute missing-route not found"));
    }

    @Test
    void aRetryWhilePausedWaitsForTheResume() {
        metrics.set("fraud-r2", 0.5);
        promoteFirstRevision(canary("fraud", 2, List.of(analysis("error-rate-check", errorRate(m -> { }))),
                weight(50), analysisStep("error-rate-check"), weight(100)));
        newRevision("fraud", 2);
        awaitRevision("fraud-r2", r -> "RolledBack".equals(r.getStatus().getPhase()));
        changeSpec("fraud", p -> p.getSpec().setPaused(true));
        awaitPipeline("fraud", p -> "Paused".equals(p.getStatus().getPhase()));
        metrics.set("fraud-r2", 0.01);

        annotate("fraud", "retry");
        touchAndAwaitReconcile();
        assertThat(pipeline("fraud").getMetadata().getAnnotations()).containsEntry("modelgate.io/action", "retry");
        assertThat(revision("fraud-r2").getStatus().getPhase()).isEqualTo("RolledBack");
        assertThat(eventReasons()).doesNotContain("ActionIgnored", "ActionRetry");

        changeSpec("fraud", p -> p.getSpec().setPaused(false));
        ModelRevision promoted = awaitRevision("fraud-r2", r -> "Promoted".equals(r.getStatus().getPhase()));
        assertThat(promoted.getStatus().getRollout().getAttempt()).isEqualTo(2);
        awaitActionConsumed("fraud");
        assertThat(eventReasons()).contains("ActionRetry").doesNotContain("ActionIgnored");
    }

    @Test
    void aRetryWaitsForARolloutSlotLikeAnyRollout() {
        operator.stop();
        operator = startOperator(1);
        metrics.set("spam-r2", 0.5);
        promoteFirstRevision(canary("fraud", 2, List.of(), weight(50), pause(null)));
        promoteFirstRevision(canary("spam", 2, List.of(analysis("error-rate-check", errorRate(m -> { }))),
                weight(50), analysisStep("error-rate-check")));
        newRevision("spam", 2);
        awaitRevision("spam-r2", r -> "RolledBack".equals(r.getStatus().getPhase()));
        newRevision("fraud", 2);
        awaitRevision("fraud-r2", r -> r.getStatus().getRollout() != null && r.getStatus().getRollout().getPausedReason() != null);

        metrics.set("spam-r2", 0.01);
        annotate("spam", "retry");
        touchAndAwaitReconcile("spam");
        assertThat(revision("spam-r2").getStatus().getPhase()).as("fraud holds the only slot").isEqualTo("RolledBack");
        assertThat(pipeline("spam").getMetadata().getAnnotations()).containsEntry("modelgate.io/action", "retry");
        assertThat(serving.replicas("spam-r2")).containsExactly(0, 2, 0);

        annotate("fraud", "promote");
        awaitRevision("fraud-r2", r -> "Promoted".equals(r.getStatus().getPhase()));
        ModelRevision retried = awaitRevision("spam-r2", r -> "Promoted".equals(r.getStatus().getPhase()));
        assertThat(retried.getStatus().getRollout().getAttempt()).isEqualTo(2);
        assertScaledDownOnlyAfterTheNewOneServesAtFullSize("spam-r1", "spam-r2", 2);
        awaitActionConsumed("spam");
    }

    @Test
    void aRolloutKeepsItsSlotWhileItsPipelineIsPausedOrANewerRevisionWaits() {
        operator.stop();
        operator = startOperator(1);
        promoteFirstRevision(canary("fraud", 2, List.of(), weight(50), pause(null)));
        promoteFirstRevision(canary("spam", 2, List.of(), weight(50)));
        newRevision("fraud", 2);
        awaitRevision("fraud-r2", r -> r.getStatus().getRollout() != null && r.getStatus().getRollout().getPausedReason() != null);

        // Paused mid-canary: the pipeline's phase is Paused, but its canary still serves and holds the slot.
        changeSpec("fraud", p -> p.getSpec().setPaused(true));
        awaitPipeline("fraud", p -> "Paused".equals(p.getStatus().getPhase()));
        operator.clock.advance(Duration.ofSeconds(31));
        newRevision("spam", 2);
        awaitRevision("spam-r2", r -> "Queued".equals(r.getStatus().getPhase()));
        touchAndAwaitReconcile("spam");
        assertThat(revision("spam-r2").getStatus().getPhase()).isEqualTo("Queued");

        // Resumed with a newer revision waiting behind the rollout: the pipeline's phase is Pending, the slot still held.
        changeSpec("fraud", p -> {
            p.getSpec().setPaused(false);
            p.getSpec().getSource().setDataRef("s3://data/fraud/v3");
        });
        awaitPipeline("fraud", p -> "fraud-r3".equals(p.getStatus().getCurrentRevision()) && "Pending".equals(p.getStatus().getPhase()));
        operator.clock.advance(Duration.ofSeconds(31));
        touchAndAwaitReconcile("spam");
        touchAndAwaitReconcile("spam");
        assertThat(revision("spam-r2").getStatus().getPhase()).isEqualTo("Queued");
        assertThat(client.apps().deployments().inNamespace(NS).withName("spam-r2").get()).isNull();

        annotate("fraud", "promote");
        awaitRevision("fraud-r2", r -> "Promoted".equals(r.getStatus().getPhase()));
        awaitRevision("spam-r2", r -> "Promoted".equals(r.getStatus().getPhase()));
    }

    // --- fixtures ---

    private static ModelPipeline canary(String name, int replicas, List<AnalysisSpec> analyses, CanaryStepSpec... steps) {
        ModelPipeline pipeline = Pipelines.fraud(name, NS);
        pipeline.getSpec().getServing().setReplicas(replicas);
        RolloutSpec rollout = pipeline.getSpec().getRollout();
        rollout.setStrategy(RolloutSpec.Strategy.Canary);
        rollout.setSteps(new ArrayList<>(List.of(steps)));
        rollout.setAnalyses(new ArrayList<>(analyses));
        return pipeline;
    }

    private static CanaryStepSpec weight(int weight) {
        return CanaryStepSpec.weight(weight);
    }

    private static CanaryStepSpec pause(String duration) {
        return CanaryStepSpec.pause(duration);
    }

    private static CanaryStepSpec analysisStep(String name) {
        return CanaryStepSpec.analysis(name);
    }

    private static AnalysisSpec analysis(String name, AnalysisMetricSpec... metrics) {
        AnalysisSpec analysis = new AnalysisSpec();
        analysis.setName(name);
        analysis.setMetrics(new ArrayList<>(List.of(metrics)));
        return analysis;
    }

    /** error-rate &lt;= 0.05 from the operator's default Prometheus (the fake), at the default 1 s interval. */
    private static AnalysisMetricSpec errorRate(Consumer<AnalysisMetricSpec> more) {
        AnalysisMetricSpec metric = new AnalysisMetricSpec();
        metric.setName("error-rate");
        metric.setMax(0.05);
        AnalysisMetricSpec.PrometheusMetric prometheus = new AnalysisMetricSpec.PrometheusMetric();
        prometheus.setQuery(ERROR_RATE_QUERY);
        metric.setPrometheus(prometheus);
        more.accept(metric);
        return metric;
    }

    private void installHttpRouteCrd() {
        client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName("httproutes.gateway.networking.k8s.io").endMetadata()
                .withNewSpec().withGroup("gateway.networking.k8s.io").withScope("Namespaced")
                .withNewNames().withKind("HTTPRoute").withPlural("httproutes").withSingular("httproute").withListKind("HTTPRouteList").endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema()
                .endVersion()
                .endSpec().build()).create();
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource, io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
            io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> routes() {
        return client.genericKubernetesResources("gateway.networking.k8s.io/v1", "HTTPRoute").inNamespace(NS);
    }

    /** Creates the pipeline and takes its first revision to serving (a first revision rolls out directly). */
    private void promoteFirstRevision(ModelPipeline pipeline) {
        String name = pipeline.getMetadata().getName();
        client.resources(ModelPipeline.class).inNamespace(NS).resource(pipeline).create();
        cluster.succeed(name + "-r1-train", null);
        cluster.succeed(name + "-r1-eval", AUC_OK);
        awaitPipeline(name, p -> "Serving".equals(p.getStatus().getPhase()) && (name + "-r1").equals(p.getStatus().getStableRevision()));
    }

    /** A change of the data reference: revision {@code number} trains, passes evaluation and starts rolling out. */
    private void newRevision(String pipeline, int number) {
        changeSpec(pipeline, p -> p.getSpec().getSource().setDataRef("s3://data/" + pipeline + "/v" + number));
        cluster.succeed(pipeline + "-r" + number + "-train", null);
        cluster.succeed(pipeline + "-r" + number + "-eval", AUC_OK);
    }

    private void annotate(String pipeline, String action) {
        changeSpec(pipeline, p -> {
            Map<String, String> annotations = new HashMap<>(p.getMetadata().getAnnotations() == null ? Map.of() : p.getMetadata().getAnnotations());
            annotations.put("modelgate.io/action", action);
            p.getMetadata().setAnnotations(annotations);
        });
    }

    private void awaitActionConsumed(String pipeline) {
        await().atMost(TIMEOUT).until(() -> {
            Map<String, String> annotations = pipeline(pipeline).getMetadata().getAnnotations();
            return annotations == null || !annotations.containsKey("modelgate.io/action");
        });
    }

    /** Edits the pipeline as a user would, again if the operator's status write got in between (409). */
    private void changeSpec(String name, Consumer<ModelPipeline> change) {
        await().atMost(TIMEOUT).ignoreExceptionsMatching(e -> e instanceof KubernetesClientException k && k.getCode() == 409)
                .until(() -> client.resources(ModelPipeline.class).inNamespace(NS).withName(name).edit(p -> {
                    change.accept(p);
                    return p;
                }) != null);
    }

    private int touches;

    private void touchAndAwaitReconcile() {
        touchAndAwaitReconcile("fraud");
    }

    /** Changes an annotation (which wakes the reconciler without changing the spec) and waits for a reconcile after it. */
    private void touchAndAwaitReconcile(String pipeline) {
        double before = operator.metric("modelgate_reconcile_total", "result", "success");
        String value = "touch-" + touches++;
        changeSpec(pipeline, p -> {
            Map<String, String> annotations = new HashMap<>(p.getMetadata().getAnnotations() == null ? Map.of() : p.getMetadata().getAnnotations());
            annotations.put("test/touch", value);
            p.getMetadata().setAnnotations(annotations);
        });
        await().atMost(TIMEOUT).until(() -> operator.metric("modelgate_reconcile_total", "result", "success") > before);
    }

    private ModelPipeline pipeline(String name) {
        return client.resources(ModelPipeline.class).inNamespace(NS).withName(name).get();
    }

    private ModelRevision revision(String name) {
        return client.resources(ModelRevision.class).inNamespace(NS).withName(name).get();
    }

    private Deployment deployment(String name) {
        return client.apps().deployments().inNamespace(NS).withName(name).get();
    }

    private io.fabric8.kubernetes.api.model.Service service(String name) {
        return client.services().inNamespace(NS).withName(name).get();
    }

    private ModelPipeline awaitPipeline(String name, Predicate<ModelPipeline> condition) {
        return await().atMost(TIMEOUT).until(() -> pipeline(name), p -> p != null && p.getStatus() != null && condition.test(p));
    }

    private ModelRevision awaitRevision(String name, Predicate<ModelRevision> condition) {
        return await().atMost(TIMEOUT).until(() -> revision(name), r -> r != null && r.getStatus() != null && condition.test(r));
    }

    private static AnalysisRunStatus run(ModelRevision revision, String name) {
        return revision.getStatus().getRollout().getAnalysisRuns().stream().filter(r -> name.equals(r.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no analysis run " + name + " in " + revision.getMetadata().getName()));
    }

    private static MetricRunStatus metric(AnalysisRunStatus run, String name) {
        return run.getMetrics().stream().filter(m -> name.equals(m.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name + " in run " + run.getName()));
    }

    /** The measurements of the run's only metric; empty while the run does not exist. */
    private static List<MeasurementStatus> measurements(ModelRevision revision, String runName) {
        if (revision.getStatus().getRollout() == null) {
            return List.of();
        }
        return revision.getStatus().getRollout().getAnalysisRuns().stream().filter(r -> runName.equals(r.getName()))
                .flatMap(r -> r.getMetrics().stream()).flatMap(m -> m.getMeasurements().stream()).toList();
    }

    private List<String> eventReasons() {
        return client.v1().events().inNamespace(NS).list().getItems().stream().map(Event::getReason).toList();
    }

    /** Messages of the Events with this reason, oldest first. */
    /** How often an Event was recorded: repeats are one Event whose count grows, as Kubernetes Event series are. */
    private int eventCount(String reason, String message) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> reason.equals(e.getReason()) && message.equals(e.getMessage()))
                .mapToInt(Event::getCount).sum();
    }

    private List<String> eventMessages(String reason) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> reason.equals(e.getReason()))
                .sorted(java.util.Comparator.comparingLong((Event e) -> Long.parseLong(e.getMetadata().getResourceVersion())))
                .map(Event::getMessage)
                .toList();
    }

    private static Map<String, String> envOf(Job job) {
        return job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .collect(java.util.stream.Collectors.toMap(e -> e.getName(), e -> e.getValue() == null ? "" : e.getValue()));
    }
}
