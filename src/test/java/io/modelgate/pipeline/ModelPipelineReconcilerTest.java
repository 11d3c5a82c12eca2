package io.modelgate.pipeline;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.modelgate.api.GateVerdict;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.status.Conditions;
import io.modelgate.testing.Pipelines;
import io.modelgate.testing.TestOperator;
import io.modelgate.testing.WorkloadSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.modelgate.testing.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reconciler on the Fabric8 mock server (CRUD mode) with a plain Java Operator SDK operator.
 * The test plays the Job/Deployment controllers and the kubelet through {@link WorkloadSimulator}.
 */
@EnableKubernetesMockClient(crud = true)
class ModelPipelineReconcilerTest {

    static final String NS = "test";
    static final String AUC_OK = "{\"auc\":0.93,\"precision\":0.88}";

    KubernetesClient client;
    TestOperator operator;
    WorkloadSimulator cluster;

    @BeforeEach
    void startOperator() {
        TestOperator.installCrds(client, false);
        operator = new TestOperator(client, false).start();
        cluster = new WorkloadSimulator(client, NS);
    }

    @AfterEach
    void stopOperator() {
        operator.stop();
    }

    @Test
    void happyPathTrainsEvaluatesAndPromotesTheFirstRevision() {
        ModelPipeline pipeline = apply(Pipelines.fraud("fraud", NS));

        Job training = cluster.awaitJob("fraud-r1-train");
        var env = envOf(training);
        assertThat(env).containsEntry("MODEL_URI", "s3://models/test/fraud/1")
                .containsEntry("MODELGATE_REVISION", "fraud-r1")
                .containsEntry("DATA_REF", "s3://data/fraud/2026-11-01")
                .containsEntry("PARAM_LEARNING_RATE", "0.1")
                .containsEntry("MODEL_PARAMETERS", "{\"learning_rate\":\"0.1\",\"max_depth\":\"6\"}");
        assertThat(training.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("registry.example/fraud-train:1.0");
        assertThat(training.getSpec().getBackoffLimit()).isEqualTo(1);
        assertThat(training.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(training.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getKind()).isEqualTo("ModelRevision"));
        awaitPipeline("fraud", p -> "Training".equals(p.getStatus().getPhase()));

        cluster.succeed("fraud-r1-train", null);
        Job evaluation = cluster.awaitJob("fraud-r1-eval");
        assertThat(evaluation.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("modelgate.io/revision", "fraud-r1").containsEntry("modelgate.io/role", "evaluation");
        cluster.succeed("fraud-r1-eval", AUC_OK);

        Deployment serving = cluster.awaitDeployment("fraud-r1");
        assertThat(serving.getSpec().getReplicas()).isEqualTo(2);
        assertThat(serving.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("modelgate.io/pipeline", "fraud").containsEntry("modelgate.io/role", "serving");
        awaitRevision("fraud-r1", r -> "RollingOut".equals(r.getStatus().getPhase()));
        cluster.makeAvailable("fraud-r1");

        ModelPipeline promoted = awaitPipeline("fraud", p -> "Serving".equals(p.getStatus().getPhase()));
        assertThat(promoted.getStatus().getStableRevision()).isEqualTo("fraud-r1");
        assertThat(promoted.getStatus().getCurrentRevision()).isEqualTo("fraud-r1");
        assertThat(Conditions.isTrue(promoted.getStatus().getConditions(), Conditions.READY)).isTrue();
        assertThat(Conditions.isTrue(promoted.getStatus().getConditions(), Conditions.PROGRESSING)).isFalse();
        assertThat(Conditions.isTrue(promoted.getStatus().getConditions(), Conditions.DEGRADED)).isFalse();
        assertThat(promoted.getStatus().getHistory()).singleElement()
                .satisfies(h -> assertThat(h.getKeyMetric()).isEqualTo("auc=0.93"));

        ModelRevision revision = revision("fraud-r1");
        assertThat(revision.getStatus().getMetrics()).containsEntry("auc", 0.93).containsEntry("precision", 0.88);
        assertThat(revision.getStatus().getGates()).singleElement()
                .satisfies(v -> assertThat(v.getResult().name()).isEqualTo("Passed"));
        assertThat(revision.getStatus().getServing()).isTrue();
        assertThat(revision.getStatus().getTransitions()).extracting(t -> t.getPhase())
                .containsExactly("Training", "Evaluating", "RollingOut", "Promoted");
        assertThat(client.services().inNamespace(NS).withName("fraud").get().getSpec().getSelector())
                .containsEntry("modelgate.io/pipeline", "fraud").containsEntry("modelgate.io/role", "serving");
        assertThat(eventReasons()).contains("RevisionCreated", "Trained", "EvaluationPassed", "Promoted");
        assertThat(operator.metric("modelgate_revision_transitions_total", "namespace", NS, "pipeline", "fraud", "phase", "Promoted", "reason", "Promoted")).isEqualTo(1);
        assertThat(operator.metric("modelgate_gate_verdicts_total", "namespace", NS, "pipeline", "fraud", "stage", "Evaluation", "result", "Passed")).isEqualTo(1);
        assertThat(operator.metric("modelgate_pipeline_info", "namespace", NS, "pipeline", "fraud", "model", "fraud-detector",
                "strategy", "Direct", "phase", "Serving", "stable_revision", "fraud-r1")).isEqualTo(1);
        assertThat(operator.metric("modelgate_pipeline_info", "namespace", NS, "pipeline", "fraud", "model", "fraud-detector",
                "strategy", "Direct", "phase", "Training", "stable_revision", "")).as("the old series is gone").isZero();
        assertThat(pipeline.getMetadata().getName()).isEqualTo("fraud");
    }

    @Test
    void failingDataValidationRejectsBeforeAnyTrainingJobExists() {
        ModelPipeline pipeline = Pipelines.fraud("fraud", NS);
        pipeline.getSpec().setDataValidation(Pipelines.dataValidation(Pipelines.gate("rows", 1000.0, null), Pipelines.gate("null_fraction", null, 0.05)));
        apply(pipeline);

        cluster.succeed("fraud-r1-validate", "{\"rows\": 120, \"null_fraction\": 0.01}");

        ModelRevision rejected = awaitRevision("fraud-r1", r -> "Rejected".equals(r.getStatus().getPhase()));
        assertThat(rejected.getStatus().getReason()).isEqualTo("DataValidationGateFailed");
        assertThat(rejected.getStatus().getMessage()).contains("rows=120 is below min 1000");
        assertThat(rejected.getStatus().getValidationMetrics()).containsEntry("rows", 120.0);
        assertThat(rejected.getStatus().getGates()).extracting(v -> v.getMetric() + ":" + v.getResult())
                .containsExactly("rows:Failed", "null_fraction:Passed");
        assertThat(client.batch().v1().jobs().inNamespace(NS).withName("fraud-r1-train").get()).isNull();
        ModelPipeline status = awaitPipeline("fraud", p -> "Degraded".equals(p.getStatus().getPhase()));
        assertThat(Conditions.find(status.getStatus().getConditions(), Conditions.DEGRADED).orElseThrow().getReason()).isEqualTo("RevisionRejected");
    }

    @Test
    void passingDataValidationLeadsToTraining() {
        ModelPipeline pipeline = Pipelines.fraud("fraud", NS);
        pipeline.getSpec().setDataValidation(Pipelines.dataValidation(Pipelines.gate("rows", 1000.0, null)));
        apply(pipeline);
        cluster.succeed("fraud-r1-validate", "{\"rows\": 50000}");
        cluster.awaitJob("fraud-r1-train");
        assertThat(awaitRevision("fraud-r1", r -> "Training".equals(r.getStatus().getPhase())).getStatus().getValidationMetrics())
                .containsEntry("rows", 50000.0);
    }

    @Test
    void aRejectedRevisionLeavesTheStableModelServing() {
        promoteFirstRevision();
        Deployment before = client.apps().deployments().inNamespace(NS).withName("fraud-r1").get();

        changeSpec(p -> p.getSpec().getSource().setDataRef("s3://data/fraud/2026-11-08"));
        cluster.succeed("fraud-r2-train", null);
        cluster.succeed("fraud-r2-eval", "{\"auc\": 0.81}");

        ModelRevision rejected = awaitRevision("fraud-r2", r -> "Rejected".equals(r.getStatus().getPhase()));
        assertThat(rejected.getStatus().getMessage()).contains("auc=0.81 is below min 0.9");
        assertThat(rejected.getSpec().getTrigger().name()).isEqualTo("SpecChange");
        ModelPipeline degraded = awaitPipeline("fraud", p -> "Degraded".equals(p.getStatus().getPhase()));
        assertThat(degraded.getStatus().getStableRevision()).isEqualTo("fraud-r1");
        assertThat(degraded.getStatus().getCurrentRevision()).isEqualTo("fraud-r2");
        assertThat(Conditions.isTrue(degraded.getStatus().getConditions(), Conditions.READY)).isFalse();
        assertThat(Conditions.find(degraded.getStatus().getConditions(), Conditions.DEGRADED).orElseThrow().getMessage())
                .contains("fraud-r2 Rejected").contains("fraud-r1 keeps serving");
        assertThat(client.apps().deployments().inNamespace(NS).withName("fraud-r2").get()).isNull();
        Deployment after = client.apps().deployments().inNamespace(NS).withName("fraud-r1").get();
        assertThat(after.getSpec().getReplicas()).isEqualTo(2);
        assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
    }

    @Test
    void aNewRevisionMustBeatTheStableOne() {
        ModelPipeline pipeline = Pipelines.fraud("fraud", NS);
        pipeline.getSpec().getEvaluation().getGates().add(Pipelines.mustBeatStable("auc", 0.01));
        apply(pipeline);
        cluster.succeed("fraud-r1-train", null);
        cluster.succeed("fraud-r1-eval", "{\"auc\": 0.95}");
        cluster.makeAvailable("fraud-r1");
        awaitPipeline("fraud", p -> "fraud-r1".equals(p.getStatus().getStableRevision()));

        changeSpec(p -> p.getSpec().getSource().getParameters().put("max_depth", "8"));
        cluster.succeed("fraud-r2-train", null);
        cluster.succeed("fraud-r2-eval", "{\"auc\": 0.92}");

        ModelRevision rejected = awaitRevision("fraud-r2", r -> "Rejected".equals(r.getStatus().getPhase()));
        assertThat(rejected.getStatus().getGates()).filteredOn(v -> "DidNotBeatStable".equals(v.getReason())).singleElement()
                .satisfies(v -> assertThat(v.getMessage()).contains("fraud-r1").contains("0.95"));
    }

    @Test
    void theChallengerIsScoredBesideTheChampionOnTheSameHoldout() {
        ModelPipeline pipeline = Pipelines.fraud("fraud", NS);
        pipeline.getSpec().getEvaluation().getGates().add(Pipelines.mustBeatStable("auc", 0.0));
        apply(pipeline);
        cluster.succeed("fraud-r1-train", null);
        assertThat(envOf(cluster.awaitJob("fraud-r1-eval"))).as("nothing serves yet")
                .containsEntry("STABLE_REVISION", "").containsEntry("STABLE_MODEL_URI", "");
        cluster.succeed("fraud-r1-eval", "{\"auc\": 0.95}");
        cluster.makeAvailable("fraud-r1");
        awaitPipeline("fraud", p -> "fraud-r1".equals(p.getStatus().getStableRevision()));

        changeSpec(p -> p.getSpec().getSource().getParameters().put("max_depth", "8"));
        cluster.succeed("fraud-r2-train", null);
        assertThat(envOf(cluster.awaitJob("fraud-r2-eval")))
                .containsEntry("STABLE_REVISION", "fraud-r1").containsEntry("STABLE_MODEL_URI", "s3://models/test/fraud/1")
                .containsEntry("MODEL_URI", "s3://models/test/fraud/2");
        // 0.92 would not beat r1's recorded 0.95; on this holdout r1 scores 0.90, and that is the bar.
        cluster.succeed("fraud-r2-eval", "{\"auc\": 0.92, \"stable\": {\"auc\": 0.90}}");

        ModelRevision r2 = awaitRevision("fraud-r2", r -> "RollingOut".equals(r.getStatus().getPhase()));
        assertThat(r2.getStatus().getChampion()).satisfies(c -> {
            assertThat(c.getRevision()).isEqualTo("fraud-r1");
            assertThat(c.getModelUri()).isEqualTo("s3://models/test/fraud/1");
        });
        assertThat(r2.getStatus().getGates()).filteredOn(v -> v.getStableScore() != null).singleElement().satisfies(v -> {
            assertThat(v.getStableScore()).isEqualTo(GateVerdict.StableScore.Fresh);
            assertThat(v.getStableObserved()).isEqualTo(0.90);
            assertThat(v.passed()).isTrue();
        });
        assertThat(r2.getStatus().getMetrics()).containsEntry("stable.auc", 0.90);
    }

    @Test
    void trainingFailureFailsTheRevisionAndDegradesThePipeline() {
        promoteFirstRevision();
        changeSpec(p -> p.getSpec().getSource().setTrainingImage("registry.example/fraud-train:2.0"));
        cluster.fail("fraud-r2-train", "BackoffLimitExceeded", "Job has reached the specified backoff limit");

        ModelRevision failed = awaitRevision("fraud-r2", r -> "Failed".equals(r.getStatus().getPhase()));
        assertThat(failed.getStatus().getReason()).isEqualTo("TrainingFailed");
        assertThat(failed.getStatus().getMessage()).contains("BackoffLimitExceeded");
        ModelPipeline degraded = awaitPipeline("fraud", p -> Conditions.isTrue(p.getStatus().getConditions(), Conditions.DEGRADED));
        assertThat(degraded.getStatus().getStableRevision()).isEqualTo("fraud-r1");
        assertThat(client.batch().v1().jobs().inNamespace(NS).withName("fraud-r2-eval").get()).isNull();
        assertThat(client.apps().deployments().inNamespace(NS).withName("fraud-r1").get().getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void theRetrainAnnotationCreatesANewRevisionAndIsConsumed() {
        promoteFirstRevision();
        changeSpec(p -> p.getMetadata().setAnnotations(Map.of("modelgate.io/action", "retrain")));

        ModelRevision retrain = awaitRevision("fraud-r2", r -> true);
        assertThat(retrain.getSpec().getTrigger().name()).isEqualTo("Retrain");
        assertThat(retrain.getSpec().getContentHash()).isEqualTo(revision("fraud-r1").getSpec().getContentHash());
        await().atMost(WorkloadSimulator.TIMEOUT).until(() -> pipeline("fraud").getMetadata().getAnnotations() == null
                || !pipeline("fraud").getMetadata().getAnnotations().containsKey("modelgate.io/action"));
        cluster.awaitJob("fraud-r2-train");
        assertThat(client.resources(ModelRevision.class).inNamespace(NS).list().getItems()).hasSize(2);
        assertThat(eventReasons()).contains("RetrainRequested");
    }

    @Test
    void aRerunRunsAnEarlierRevisionAgainOnTheDataVersionItRecorded() {
        apply(Pipelines.fraud("fraud", NS));
        cluster.succeed("fraud-r1-train", "{\"dataVersion\":\"snap-41\",\"artifactDigest\":\"sha256:aa11\",\"loss\":0.2}");
        cluster.succeed("fraud-r1-eval", AUC_OK);
        cluster.makeAvailable("fraud-r1");
        ModelRevision first = awaitRevision("fraud-r1", r -> "Promoted".equals(r.getStatus().getPhase()));
        assertThat(first.getStatus().getDataVersion()).isEqualTo("snap-41");
        assertThat(first.getStatus().getArtifactDigest()).isEqualTo("sha256:aa11");
        assertThat(first.getStatus().getTrainingMetrics()).containsOnlyKeys("loss");

        changeSpec(p -> p.getSpec().getSource().setDataRef("s3://data/fraud/2026-11-02"));
        cluster.succeed("fraud-r2-train", "{\"dataVersion\":\"snap-42\"}");
        cluster.succeed("fraud-r2-eval", AUC_OK);
        cluster.makeAvailable("fraud-r2");
        awaitPipeline("fraud", p -> "fraud-r2".equals(p.getStatus().getStableRevision()) && "Serving".equals(p.getStatus().getPhase()));

        changeSpec(p -> p.getMetadata().setAnnotations(Map.of("modelgate.io/action", "rerun:fraud-r1")));

        ModelRevision rerun = awaitRevision("fraud-r3", r -> true);
        assertThat(rerun.getSpec().getTrigger().name()).isEqualTo("Rerun");
        assertThat(rerun.getSpec().getRerunOf()).isEqualTo("fraud-r1");
        assertThat(rerun.getSpec().getSource().getDataRef()).isEqualTo("s3://data/fraud/2026-11-01");
        assertThat(rerun.getSpec().getSource().getDataVersion()).isEqualTo("snap-41");
        assertThat(rerun.getSpec().getPipelineContentHash()).isEqualTo(revision("fraud-r2").getSpec().getContentHash());
        assertThat(rerun.getSpec().getContentHash()).isNotEqualTo(first.getSpec().getContentHash())
                .isNotEqualTo(revision("fraud-r2").getSpec().getContentHash());
        Map<String, String> env = envOf(cluster.awaitJob("fraud-r3-train"));
        assertThat(env).containsEntry("DATA_VERSION", "snap-41").containsEntry("DATA_REF", "s3://data/fraud/2026-11-01")
                .containsEntry("MODEL_URI", "s3://models/test/fraud/3");
        await().atMost(WorkloadSimulator.TIMEOUT).until(() -> pipeline("fraud").getMetadata().getAnnotations() == null
                || !pipeline("fraud").getMetadata().getAnnotations().containsKey("modelgate.io/action"));
        assertThat(eventReasons()).contains("RerunRequested");

        // The rerun stands for the pipeline's spec of now: neither it nor its promotion is taken for a spec change.
        touchAndAwaitReconcile();
        assertThat(client.resources(ModelRevision.class).inNamespace(NS).list().getItems()).hasSize(3);
        cluster.succeed("fraud-r3-train", "{\"dataVersion\":\"snap-41\"}");
        cluster.succeed("fraud-r3-eval", AUC_OK);
        cluster.makeAvailable("fraud-r3");
        assertThat(awaitRevision("fraud-r3", r -> "Promoted".equals(r.getStatus().getPhase())).getStatus().getDataVersion()).isEqualTo("snap-41");
        touchAndAwaitReconcile();
        assertThat(client.resources(ModelRevision.class).inNamespace(NS).list().getItems()).hasSize(3);
    }

    @Test
    void aRerunOfARevisionThatIsNotThereIsAnsweredAndDropped() {
        promoteFirstRevision();
        changeSpec(p -> p.getMetadata().setAnnotations(Map.of("modelgate.io/action", "rerun:fraud-r9")));

        await().atMost(WorkloadSimulator.TIMEOUT).until(() -> pipeline("fraud").getMetadata().getAnnotations() == null
                || !pipeline("fraud").getMetadata().getAnnotations().containsKey("modelgate.io/action"));
        assertThat(client.v1().events().inNamespace(NS).list().getItems())
                .anySatisfy(event -> assertThat(event.getReason() + ": " + event.getMessage()).startsWith("ActionIgnored").contains("no revision \"fraud-r9\""));
        assertThat(client.resources(ModelRevision.class).inNamespace(NS).list().getItems()).hasSize(1);
    }

    @Test
    void aSpecChangeMidTrainingSupersedesTheRunningRevision() {
        apply(Pipelines.fraud("fraud", NS));
        cluster.awaitJob("fraud-r1-train");

        changeSpec(p -> p.getSpec().getSource().setDataRef("s3://data/fraud/2026-11-02"));

        ModelRevision superseded = awaitRevision("fraud-r1", r -> "Superseded".equals(r.getStatus().getPhase()));
        assertThat(superseded.getStatus().getMessage()).contains("r2");
        await().atMost(WorkloadSimulator.TIMEOUT).until(() -> client.batch().v1().jobs().inNamespace(NS).withName("fraud-r1-train").get() == null);
        Job r2 = cluster.awaitJob("fraud-r2-train");
        assertThat(envOf(r2)).containsEntry("DATA_REF", "s3://data/fraud/2026-11-02");
        assertThat(awaitPipeline("fraud", p -> "fraud-r2".equals(p.getStatus().getCurrentRevision())).getStatus().getPhase()).isEqualTo("Training");
    }

    @Test
    void pausedPipelinesCreateNothingUntilResumed() {
        ModelPipeline pipeline = Pipelines.fraud("fraud", NS);
        pipeline.getSpec().setPaused(true);
        apply(pipeline);

        ModelPipeline paused = awaitPipeline("fraud", p -> "Paused".equals(p.getStatus().getPhase()));
        assertThat(Conditions.find(paused.getStatus().getConditions(), Conditions.PROGRESSING).orElseThrow().getReason()).isEqualTo("Paused");
        assertThat(client.resources(ModelRevision.class).inNamespace(NS).list().getItems()).isEmpty();
        assertThat(client.batch().v1().jobs().inNamespace(NS).list().getItems()).isEmpty();

        changeSpec(p -> p.getSpec().setPaused(false));
        cluster.awaitJob("fraud-r1-train");
    }

    @Test
    void pausingMidTrainingHoldsTheRevisionWhereItIs() {
        apply(Pipelines.fraud("fraud", NS));
        cluster.awaitJob("fraud-r1-train");
        changeSpec(p -> p.getSpec().setPaused(true));
        awaitPipeline("fraud", p -> "Paused".equals(p.getStatus().getPhase()));

        cluster.succeed("fraud-r1-train", null);
        touchAndAwaitReconcile();
        assertThat(pipeline("fraud").getStatus().getPhase()).isEqualTo("Paused");
        assertThat(revision("fraud-r1").getStatus().getPhase()).isEqualTo("Training");
        assertThat(client.batch().v1().jobs().inNamespace(NS).withName("fraud-r1-eval").get()).isNull();

        changeSpec(p -> p.getSpec().setPaused(false));
        cluster.awaitJob("fraud-r1-eval");
    }

    @Test
    void revisionsBeyondTheHistoryLimitArePrunedButNeverTheStableOne() {
        ModelPipeline pipeline = Pipelines.fraud("fraud", NS);
        pipeline.getSpec().setRevisionHistoryLimit(2);
        apply(pipeline);
        cluster.succeed("fraud-r1-train", null);
        cluster.succeed("fraud-r1-eval", AUC_OK);
        cluster.makeAvailable("fraud-r1");
        awaitPipeline("fraud", p -> "fraud-r1".equals(p.getStatus().getStableRevision()));

        for (int n = 2; n <= 4; n++) {
            int number = n;
            changeSpec(p -> p.getSpec().getSource().setDataRef("s3://data/fraud/v" + number));
            cluster.succeed("fraud-r" + n + "-train", null);
            cluster.succeed("fraud-r" + n + "-eval", "{\"auc\": 0.5}");
            awaitRevision("fraud-r" + n, r -> "Rejected".equals(r.getStatus().getPhase()));
        }

        await().atMost(WorkloadSimulator.TIMEOUT).untilAsserted(() ->
                assertThat(client.resources(ModelRevision.class).inNamespace(NS).list().getItems())
                        .extracting(r -> r.getMetadata().getName())
                        .containsExactlyInAnyOrder("fraud-r1", "fraud-r3", "fraud-r4"));
        await().atMost(WorkloadSimulator.TIMEOUT).until(() -> client.batch().v1().jobs().inNamespace(NS).withName("fraud-r2-train").get() == null);
        assertThat(client.batch().v1().jobs().inNamespace(NS).withName("fraud-r2-eval").get()).isNull();
        assertThat(client.apps().deployments().inNamespace(NS).withName("fraud-r1").get().getSpec().getReplicas()).isEqualTo(2);
        assertThat(pipeline("fraud").getStatus().getLatestRevisionNumber()).isEqualTo(4);
        assertThat(eventReasons()).contains("RevisionPruned");

        changeSpec(p -> p.getSpec().getSource().setDataRef("s3://data/fraud/v5"));
        assertThat(awaitRevision("fraud-r5", r -> true).getSpec().getNumber()).isEqualTo(5);
    }

    @Test
    void aRestartedOperatorResumesMidEvaluationWithoutDuplicatingJobs() {
        apply(Pipelines.fraud("fraud", NS));
        cluster.succeed("fraud-r1-train", null);
        Job evaluation = cluster.awaitJob("fraud-r1-eval");
        awaitRevision("fraud-r1", r -> "Evaluating".equals(r.getStatus().getPhase()));

        operator.stop();
        cluster.succeed("fraud-r1-eval", AUC_OK);
        operator = new TestOperator(client, false).start();

        cluster.makeAvailable("fraud-r1");
        awaitPipeline("fraud", p -> "Serving".equals(p.getStatus().getPhase()));
        List<Job> jobs = client.batch().v1().jobs().inNamespace(NS).list().getItems();
        assertThat(jobs).extracting(j -> j.getMetadata().getName()).containsExactlyInAnyOrder("fraud-r1-train", "fraud-r1-eval");
        assertThat(client.batch().v1().jobs().inNamespace(NS).withName("fraud-r1-eval").get().getMetadata().getUid())
                .isEqualTo(evaluation.getMetadata().getUid());
        assertThat(client.resources(ModelRevision.class).inNamespace(NS).list().getItems()).hasSize(1);
    }

    @Test
    void aMalformedTerminationMessageRejectsWithAClearReasonAndTheOperatorCarriesOn() {
        apply(Pipelines.fraud("fraud", NS));
        cluster.succeed("fraud-r1-train", null);
        cluster.succeed("fraud-r1-eval", "auc=0.97 (not json)");

        ModelRevision rejected = awaitRevision("fraud-r1", r -> "Rejected".equals(r.getStatus().getPhase()));
        assertThat(rejected.getStatus().getGates()).singleElement().satisfies(v -> {
            assertThat(v.getReason()).isEqualTo("MetricsUnreadable");
            assertThat(v.getMessage()).contains("auc").contains("not valid JSON");
        });

        changeSpec(p -> p.getSpec().getSource().setDataRef("s3://data/fraud/fixed"));
        cluster.succeed("fraud-r2-train", null);
        cluster.succeed("fraud-r2-eval", "{\"auc\": \"high\"}");
        ModelRevision notNumeric = awaitRevision("fraud-r2", r -> "Rejected".equals(r.getStatus().getPhase()));
        assertThat(notNumeric.getStatus().getGates()).singleElement()
                .satisfies(v -> assertThat(v.getMessage()).contains("auc is the string \"high\", not a number"));
    }

    @Test
    void aSpecProblemTheSchemaCannotSeeBecomesAConditionAndAnEvent() {
        ModelPipeline pipeline = Pipelines.fraud("fraud", NS);
        pipeline.getSpec().setTriggers(new io.modelgate.api.TriggersSpec());
        pipeline.getSpec().getTriggers().setSchedule("every day at noon");
        pipeline.getSpec().getServing().getTemplate().getSpec().getContainers().get(0).setImage(null);
        apply(pipeline);

        ModelPipeline invalid = awaitPipeline("fraud", p -> "Invalid".equals(p.getStatus().getPhase()));
        var degraded = Conditions.find(invalid.getStatus().getConditions(), Conditions.DEGRADED).orElseThrow();
        assertThat(degraded.getReason()).isEqualTo("InvalidSpec");
        assertThat(degraded.getMessage()).contains("invalid cron expression").contains("serving.template.spec.containers[0] needs an image");
        assertThat(client.resources(ModelRevision.class).inNamespace(NS).list().getItems()).isEmpty();
        assertThat(eventReasons()).contains("InvalidSpec");

        changeSpec(p -> {
            p.getSpec().getTriggers().setSchedule("0 3 * * *");
            p.getSpec().getServing().getTemplate().getSpec().getContainers().get(0).setImage("registry.example/fraud-serve:1.0");
        });
        cluster.awaitJob("fraud-r1-train");
    }

    @Test
    void scheduledRetrainingRunsOnceAfterDowntimeNeverInABurst() {
        // The API server stamps creationTimestamp with the real time, so the test clock starts there.
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        operator.stop();
        operator = new TestOperator(client, false, new MutableClock(hour.plus(Duration.ofMinutes(10)))).start();
        ModelPipeline pipeline = Pipelines.fraud("fraud", NS);
        pipeline.getSpec().setTriggers(new io.modelgate.api.TriggersSpec());
        pipeline.getSpec().getTriggers().setSchedule("0 * * * *");
        apply(pipeline);
        cluster.succeed("fraud-r1-train", null);
        cluster.succeed("fraud-r1-eval", AUC_OK);
        cluster.makeAvailable("fraud-r1");
        ModelPipeline serving = awaitPipeline("fraud", p -> "Serving".equals(p.getStatus().getPhase()));
        assertThat(serving.getStatus().getNextScheduleTime()).isEqualTo(hour.plus(Duration.ofHours(1)).toString());

        // Down for five and a half hours: five ticks were missed; exactly one catch-up run follows.
        operator.clock.advance(Duration.ofHours(5).plusMinutes(30));
        touch();

        ModelRevision scheduled = awaitRevision("fraud-r2", r -> true);
        assertThat(scheduled.getSpec().getTrigger().name()).isEqualTo("Schedule");
        assertThat(scheduled.getSpec().getScheduledTime()).isEqualTo(hour.plus(Duration.ofHours(5)).toString());
        ModelPipeline after = awaitPipeline("fraud", p -> hour.plus(Duration.ofHours(6)).toString().equals(p.getStatus().getNextScheduleTime()));
        assertThat(after.getStatus().getLastScheduleTime()).isEqualTo(hour.plus(Duration.ofHours(5)).toString());
        touchAndAwaitReconcile();
        assertThat(client.resources(ModelRevision.class).inNamespace(NS).list().getItems()).hasSize(2);
    }

    @Test
    void nothingIsWrittenWhenNothingChanged() {
        promoteFirstRevision();
        ModelRevision revision = revision("fraud-r1");
        Deployment deployment = client.apps().deployments().inNamespace(NS).withName("fraud-r1").get();
        String statusVersion = pipeline("fraud").getStatus().getConditions().toString();
        int events = client.v1().events().inNamespace(NS).list().getItems().size();

        touchAndAwaitReconcile();
        touchAndAwaitReconcile();

        assertThat(revision("fraud-r1").getMetadata().getResourceVersion()).isEqualTo(revision.getMetadata().getResourceVersion());
        assertThat(client.apps().deployments().inNamespace(NS).withName("fraud-r1").get().getMetadata().getResourceVersion())
                .isEqualTo(deployment.getMetadata().getResourceVersion());
        assertThat(pipeline("fraud").getStatus().getConditions().toString()).isEqualTo(statusVersion);
        assertThat(client.v1().events().inNamespace(NS).list().getItems()).hasSize(events);
    }

    // --- helpers ---

    private void promoteFirstRevision() {
        apply(Pipelines.fraud("fraud", NS));
        cluster.succeed("fraud-r1-train", null);
        cluster.succeed("fraud-r1-eval", AUC_OK);
        cluster.makeAvailable("fraud-r1");
        awaitPipeline("fraud", p -> "Serving".equals(p.getStatus().getPhase()));
    }

    private ModelPipeline apply(ModelPipeline pipeline) {
        return client.resources(ModelPipeline.class).inNamespace(NS).resource(pipeline).create();
    }

    /** Edits the pipeline as a user would, again if the operator's status write got in between (409). */
    private void changeSpec(java.util.function.Consumer<ModelPipeline> change) {
        await().atMost(WorkloadSimulator.TIMEOUT).ignoreExceptionsMatching(e -> e instanceof io.fabric8.kubernetes.client.KubernetesClientException k && k.getCode() == 409)
                .until(() -> client.resources(ModelPipeline.class).inNamespace(NS).withName("fraud").edit(p -> {
                    change.accept(p);
                    return p;
                }) != null);
    }

    private int touches;

    /** Changes an annotation, which wakes the reconciler without changing the spec. */
    private void touch() {
        String value = touches++ == 0 ? "touched" : "touched-again";
        changeSpec(p -> {
            var annotations = new java.util.HashMap<>(p.getMetadata().getAnnotations() == null ? Map.<String, String>of() : p.getMetadata().getAnnotations());
            annotations.put("test/touch", value);
            p.getMetadata().setAnnotations(annotations);
        });
    }

    /** Touches the pipeline and waits until a reconcile has run after the touch. */
    private void touchAndAwaitReconcile() {
        double before = operator.metric("modelgate_reconcile_total", "result", "success");
        touch();
        await().atMost(WorkloadSimulator.TIMEOUT).until(() -> operator.metric("modelgate_reconcile_total", "result", "success") > before);
    }

    private ModelPipeline pipeline(String name) {
        return client.resources(ModelPipeline.class).inNamespace(NS).withName(name).get();
    }

    private ModelRevision revision(String name) {
        return client.resources(ModelRevision.class).inNamespace(NS).withName(name).get();
    }

    private ModelPipeline awaitPipeline(String name, Predicate<ModelPipeline> condition) {
        return await().atMost(WorkloadSimulator.TIMEOUT).until(() -> pipeline(name),
                p -> p != null && p.getStatus() != null && condition.test(p));
    }

    private ModelRevision awaitRevision(String name, Predicate<ModelRevision> condition) {
        return await().atMost(WorkloadSimulator.TIMEOUT).until(() -> revision(name),
                r -> r != null && r.getStatus() != null && condition.test(r) || r != null && r.getStatus() == null && condition.test(r));
    }

    private List<String> eventReasons() {
        return client.v1().events().inNamespace(NS).list().getItems().stream().map(Event::getReason).toList();
    }

    private static Map<String, String> envOf(Job job) {
        return job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .collect(java.util.stream.Collectors.toMap(e -> e.getName(), e -> e.getValue()));
    }
}
