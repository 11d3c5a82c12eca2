package io.modelgate.cli;

import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.ModelRevisionSpec.Trigger;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The status and history tables from API objects alone, no cluster. */
class ViewsTest {

    static final Instant NOW = Instant.parse("2026-11-26T08:10:00Z");

    ModelPipeline pipeline = degraded();
    ModelRevision r1 = revision(1, Trigger.Initial, "2026-11-26T08:00:00Z", CliFixtures.promoted());
    ModelRevision r2 = revision(2, Trigger.Retrain, "2026-11-26T08:04:00Z", CliFixtures.rejected());

    static ModelPipeline degraded() {
        ModelPipeline pipeline = CliFixtures.pipeline("fraud", "ml");
        pipeline.getMetadata().setUid("uid-1");
        pipeline.getMetadata().setGeneration(1L);
        pipeline.getMetadata().setCreationTimestamp("2026-11-26T07:59:00Z");
        pipeline.setStatus(CliFixtures.degradedStatus("fraud"));
        return pipeline;
    }

    ModelRevision revision(int number, Trigger trigger, String created, io.modelgate.api.ModelRevisionStatus status) {
        ModelRevision revision = CliFixtures.revision(pipeline, number, trigger);
        revision.getMetadata().setCreationTimestamp(created);
        revision.setStatus(status);
        return revision;
    }

    @Test
    void statusShowsThePipelineItsConditionsItsRevisionsNewestFirstAndTheCurrentGates() {
        ModelRevision other = CliFixtures.revision(CliFixtures.pipeline("other", "ml"), 3, Trigger.Initial);

        String status = StatusView.render(pipeline, List.of(r1, other, r2), NOW);

        assertThat(status).isEqualTo("""
                PIPELINE   NAMESPACE   PHASE      STABLE     CURRENT    WEIGHT   AGE
                fraud      ml          Degraded   fraud-r1   fraud-r2            11m

                Conditions:
                  TYPE          STATUS   REASON             AGE   MESSAGE
                  Ready         False    RevisionRejected   6m    revision fraud-r2 was rejected; fraud-r1 still serves
                  Progressing   False    Idle               6m    no revision in flight
                  Degraded      True     RevisionRejected   6m    gate auc failed: 0.71 < 0.9

                Revisions (newest first):
                  NAME         PHASE      TRIGGER   METRIC      SERVING   REASON       AGE
                  fraud-r2     Rejected   Retrain   auc=0.71              GateFailed   6m
                  fraud-r1 *   Promoted   Initial   auc=0.947   true      Available    10m
                  (* stable)

                Gates of fraud-r2:
                  STAGE        METRIC        OBSERVED   BOUND    RESULT   REASON
                  Evaluation   auc           0.71       >= 0.9   Failed   BelowMin
                  Evaluation   latency_p99   12.5       <= 50    Passed   WithinBounds
                  Message: gate auc failed: 0.71 < 0.9
                """);
    }

    @Test
    void statusShowsTheCanaryWeightStepPauseAndLastMeasurements() {
        var status = pipeline.getStatus();
        status.setPhase("RollingOut");
        status.setCanaryWeight(50);
        var rollout = new io.modelgate.api.RolloutStatus();
        rollout.setStrategy("Canary");
        rollout.setAttempt(1);
        rollout.setStableRevision("fraud-r1");
        rollout.setStepIndex(3);
        rollout.setStepCount(5);
        rollout.setCanaryWeight(50);
        rollout.setPausedReason("step 4/5 (pause until promoted): waiting for a person to promote");
        rollout.setMessage("step 4/5 (pause until promoted): waiting for a person to promote");
        var run = new io.modelgate.api.AnalysisRunStatus();
        run.setName("a1-background");
        run.setAnalysis("guardrails");
        run.setPhase("Running");
        var metric = new io.modelgate.api.MetricRunStatus();
        metric.setName("error-rate");
        metric.setPhase("Running");
        metric.setSuccessful(5);
        metric.setFailed(1);
        metric.setInconclusive(0);
        metric.setError(1);
        List<io.modelgate.api.MeasurementStatus> taken = new java.util.ArrayList<>();
        String[][] rows = {{"Successful", "0.01"}, {"Error", null}, {"Failed", "0.05"}, {"Successful", "0.012"},
                {"Successful", "0.011"}, {"Successful", "0.01"}, {"Successful", "+Inf"}};
        for (String[] row : rows) {
            var m = new io.modelgate.api.MeasurementStatus();
            m.setPhase(row[0]);
            m.setValue(row[1]);
            m.setStableValue("0.01");
            m.setTime("2026-11-26T08:08:00Z");
            taken.add(m);
        }
        metric.setMeasurements(taken);
        var shadow = new io.modelgate.api.MetricRunStatus();
        shadow.setName("latency-p99");
        shadow.setPhase("Failed");
        shadow.setDryRun(true);
        shadow.setFailed(1);
        shadow.setMeasurements(List.of(taken.get(2)));
        run.setMetrics(List.of(metric, shadow));
        rollout.setAnalysisRuns(List.of(run));
        r2.getStatus().setRollout(rollout);

        String rendered = StatusView.render(pipeline, List.of(r1, r2), NOW);

        assertThat(rendered)
                .contains("fraud      ml          RollingOut   fraud-r1   fraud-r2   50%      11m\n")
                .contains("""
                        Rollout of fraud-r2:
                          STRATEGY   ATTEMPT   STEP   WEIGHT   PHASE   STABLE
                          Canary     1         4/5    50%              fraud-r1
                          Waiting for a person: step 4/5 (pause until promoted): waiting for a person to promote (kubectl modelgate promote|abort)
                        """)
                .contains("""
                          RUN                          METRIC        RESULT             COUNTS S/F/I/E   LAST    VALUE   STABLE   AGE
                          a1-background (guardrails)   error-rate    Running            5/1/0/1          FSSSS   +Inf    0.01     2m
                          a1-background (guardrails)   latency-p99   Failed (dry run)   0/1/0/0          F       0.05    0.01     2m
                        """);
    }

    @Test
    void statusShowsTheTrainingAsTheEngineSeesItWithItsOwnConditions() {
        r2.getSpec().getTraining().setBackend(io.modelgate.api.TrainingSpec.Backend.TrainJob);
        r2.getSpec().getTraining().setQueueName("team-a");
        r2.getStatus().setTrainingMetrics(Map.of("loss", 0.21));
        io.fabric8.kubernetes.api.model.GenericKubernetesResource trainJob = new io.fabric8.kubernetes.api.model.GenericKubernetesResource();
        trainJob.setAdditionalProperty("status", Map.of("conditions", List.of(Map.of("type", "Failed", "status", "True",
                "reason", "FailedJobs", "message", "jobset failed due to one or more job failures", "lastTransitionTime", "2026-11-26T08:07:00Z"))));

        String withObject = StatusView.render(pipeline, List.of(r1, r2), r -> r == r2 ? java.util.Optional.of(trainJob) : java.util.Optional.empty(), NOW);
        String without = StatusView.render(pipeline, List.of(r1, r2), r -> java.util.Optional.empty(), NOW);

        assertThat(withObject).contains("""
                Training of fraud-r2:
                  BACKEND    OBJECT                    QUEUE    STATE
                  TrainJob   trainjob/fraud-r2-train   team-a   Failed
                  TYPE     STATUS   REASON       AGE   MESSAGE
                  Failed   True     FailedJobs   3m    jobset failed due to one or more job failures
                  Training metrics (the first node's report): {loss=0.21}
                """);
        assertThat(without).contains("TrainJob   trainjob/fraud-r2-train   team-a   absent (not started, or deleted with the revision's end)");
        assertThat(TrainingView.state(new io.fabric8.kubernetes.api.model.GenericKubernetesResource())).isEqualTo("Running");
    }

    @Test
    void statusShowsTheInferenceServicesAsKServeSeesThemTheStableOneBesideTheNewOne() {
        for (var r : List.of(r1, r2)) {
            r.getSpec().getServing().setBackend(io.modelgate.api.ServingSpec.Backend.InferenceService);
            var predictor = new io.modelgate.api.InferenceServiceSpec();
            var format = new io.modelgate.api.InferenceServiceSpec.ModelFormat();
            format.setName("sklearn");
            predictor.setModelFormat(format);
            r.getSpec().getServing().setInferenceService(predictor);
        }
        var failed = new io.fabric8.kubernetes.api.model.GenericKubernetesResource();
        failed.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("fraud-r2").build());
        failed.setAdditionalProperty("spec", Map.of("predictor", Map.of("minReplicas", 1, "maxReplicas", 1)));
        failed.setAdditionalProperty("status", Map.of("modelStatus", Map.of("transitionStatus", "InvalidSpec",
                        "lastFailureInfo", Map.of("reason", "NoSupportingRuntime", "message", "No runtime found to support specified framework/version")),
                "conditions", List.of(Map.of("type", "Ready", "status", "False", "reason", "NoSupportingRuntime", "lastTransitionTime", "2026-11-26T08:07:00Z"))));
        var stable = new io.fabric8.kubernetes.api.model.GenericKubernetesResource();
        stable.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("fraud-r1").build());
        stable.setAdditionalProperty("spec", Map.of("predictor", Map.of("minReplicas", 2, "maxReplicas", 4)));
        stable.setAdditionalProperty("status", Map.of("url", "http://fraud-r1-predictor.ml.svc.cluster.local",
                "modelStatus", Map.of("transitionStatus", "UpToDate")));

        String rendered = StatusView.render(pipeline, List.of(r1, r2), null,
                r -> java.util.Optional.of(r == r2 ? failed : stable), NOW);

        assertThat(rendered).contains("""
                Serving of fraud-r1 on KServe:
                  OBJECT                    FORMAT    REPLICAS   MODEL      URL
                  inferenceservice/fraud-r1   sklearn   2..4       UpToDate   http://fraud-r1-predictor.ml.svc.cluster.local
                """.replace("OBJECT                    FORMAT", "OBJECT                      FORMAT"));
        assertThat(rendered).contains("""
                  KServe: NoSupportingRuntime: No runtime found to support specified framework/version
                """);
        assertThat(rendered).contains("Ready   False    NoSupportingRuntime   3m");
        assertThat(StatusView.render(pipeline, List.of(r1, r2), null, r -> java.util.Optional.empty(), NOW))
                .contains("inferenceservice/fraud-r2   sklearn              absent (not rolled out, or pruned)");
    }

    @Test
    void statusSaysWhatIsPendingPausedOrNotYetObserved() {
        pipeline.getMetadata().setAnnotations(Map.of("modelgate.io/action", "promote"));
        pipeline.getSpec().setPaused(true);
        pipeline.getMetadata().setGeneration(2L);

        String status = StatusView.render(pipeline, List.of(r1, r2), NOW);

        assertThat(status)
                .contains("Paused: spec.paused is true (kubectl modelgate resume fraud)\n")
                .contains("Pending action: promote (modelgate.io/action, not yet taken by the operator)\n")
                .contains("Status describes generation 1, the spec is at generation 2: the operator has not caught up yet\n");
    }

    @Test
    void aPipelineWithoutStatusOrRevisions() {
        pipeline.setStatus(null);

        String status = StatusView.render(pipeline, List.of(), NOW);

        assertThat(status).isEqualTo("""
                PIPELINE   NAMESPACE   PHASE    STABLE   CURRENT   WEIGHT   AGE
                fraud      ml          <none>   <none>   <none>             11m
                No status yet: the operator has not reconciled this pipeline (is it running?)

                Conditions:
                  <none>

                Revisions (newest first):
                  <none>
                """);
    }

    @Test
    void withoutACurrentRevisionInTheStatusTheNewestRevisionsGatesAreShown() {
        pipeline.getStatus().setCurrentRevision(null);
        r2.getStatus().setGates(List.of());
        r2.getStatus().setMessage(null);

        String status = StatusView.render(pipeline, List.of(r1, r2), NOW);

        assertThat(status).endsWith("Gates of fraud-r2:\n  <none yet>\n");
    }

    @Test
    void revisionsSortByNumberNotByName() {
        ModelRevision r10 = revision(10, Trigger.Schedule, "2026-11-26T08:09:00Z", null);

        assertThat(io.modelgate.cli.Revisions.of("fraud", List.of(r1, r10, r2)))
                .extracting(r -> r.getMetadata().getName()).containsExactly("fraud-r10", "fraud-r2", "fraud-r1");
    }

    @Test
    void historyListsEveryRevisionNewestFirstWithItsTransitions() {
        ModelRevision r3 = revision(3, Trigger.Schedule, "2026-11-26T08:09:30Z", null);
        r3.getSpec().setScheduledTime("2026-11-26T08:09:00Z");

        String history = HistoryView.render("fraud", List.of(r1, r3, r2), NOW);

        assertThat(history).isEqualTo("""
                fraud-r3   #3   Pending   trigger Schedule (tick 2026-11-26T08:09:00Z)   created 30s ago
                  <no transitions yet>

                fraud-r2   #2   Rejected   trigger Retrain   auc=0.71   created 6m ago
                  PHASE        TIME                   AGE     REASON
                  Training     2026-11-26T08:04:01Z   5m59s   Started
                  Evaluating   2026-11-26T08:05:00Z   5m      TrainingSucceeded
                  Rejected     2026-11-26T08:06:00Z   4m      GateFailed
                  Message: gate auc failed: 0.71 < 0.9

                fraud-r1   #1   Promoted   trigger Initial   auc=0.947   serving   created 10m ago
                  PHASE        TIME                   AGE     REASON
                  Training     2026-11-26T08:00:01Z   9m59s   Started
                  Evaluating   2026-11-26T08:01:00Z   9m      TrainingSucceeded
                  RollingOut   2026-11-26T08:02:00Z   8m      GatesPassed
                  Promoted     2026-11-26T08:03:00Z   7m      Available
                """);
        assertThat(HistoryView.render("empty", List.of(r1), NOW)).isEqualTo("No revisions of empty.\n");
    }
}
