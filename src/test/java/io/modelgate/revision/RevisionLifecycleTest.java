package io.modelgate.revision;

import io.modelgate.status.Reason;
import io.modelgate.api.Gate;
import io.modelgate.api.GateVerdict;
import io.modelgate.gate.Baseline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static io.modelgate.revision.Snapshots.at;
import static io.modelgate.revision.Snapshots.gated;
import static io.modelgate.revision.Snapshots.max;
import static io.modelgate.revision.Snapshots.min;
import static io.modelgate.revision.Snapshots.mustBeat;
import static io.modelgate.revision.Snapshots.serving;
import static io.modelgate.revision.Snapshots.withJob;
import static io.modelgate.revision.Snapshots.withJobs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class RevisionLifecycleTest {

    private static final JobObservation FAILED = new JobObservation.Failed("BackoffLimitExceeded", "Job has reached the specified backoff limit");

    private static Step.Advance advance(Step step) {
        assertThat(step).isInstanceOf(Step.Advance.class);
        return (Step.Advance) step;
    }

    /** The two gated stages, described once so that every gated test runs for both. */
    enum Gated {
        Validation(RevisionPhase.Validating, JobStage.Validation, GateVerdict.Stage.DataValidation, RevisionPhase.Training,
                "ValidationFailed", "DataValidated", "DataValidationGateFailed", "data rejected before training: ", "data-validation Job"),
        Evaluation(RevisionPhase.Evaluating, JobStage.Evaluation, GateVerdict.Stage.Evaluation, RevisionPhase.RollingOut,
                "EvaluationFailed", "EvaluationPassed", "EvaluationGateFailed", "model rejected: ", "evaluation Job");

        final RevisionPhase phase;
        final JobStage stage;
        final GateVerdict.Stage verdictStage;
        final RevisionPhase onPass;
        final String failedReason;
        final String passedReason;
        final String rejectedReason;
        final String rejectedPrefix;
        final String jobName;

        Gated(RevisionPhase phase, JobStage stage, GateVerdict.Stage verdictStage, RevisionPhase onPass, String failedReason,
              String passedReason, String rejectedReason, String rejectedPrefix, String jobName) {
            this.phase = phase;
            this.stage = stage;
            this.verdictStage = verdictStage;
            this.onPass = onPass;
            this.failedReason = failedReason;
            this.passedReason = passedReason;
            this.rejectedReason = rejectedReason;
            this.rejectedPrefix = rejectedPrefix;
            this.jobName = jobName;
        }

        RevisionSnapshot snapshot(JobObservation job, List<Gate> gates) {
            return snapshot(job, gates, Optional.empty());
        }

        RevisionSnapshot snapshot(JobObservation job, List<Gate> gates, Optional<Baseline> baseline) {
            return this == Validation
                    ? gated(phase, stage, job, gates, List.of(), baseline)
                    : gated(phase, stage, job, List.of(), gates, baseline);
        }
    }

    // ---- Pending ----

    @Test
    void pendingWithDataValidationStartsValidating() {
        Step.Advance step = advance(RevisionLifecycle.next(at(RevisionPhase.Pending, true)));

        assertThat(step.to()).isEqualTo(RevisionPhase.Validating);
        assertThat(step.reason().name()).isEqualTo("ValidationStarted");
        assertThat(step.message()).isNotBlank();
        assertThat(step.metrics()).isEmpty();
        assertThat(step.verdicts()).isEmpty();
    }

    @Test
    void pendingWithoutDataValidationStartsTraining() {
        Step.Advance step = advance(RevisionLifecycle.next(at(RevisionPhase.Pending, false)));

        assertThat(step.to()).isEqualTo(RevisionPhase.Training);
        assertThat(step.reason().name()).isEqualTo("TrainingStarted");
        assertThat(step.metrics()).isEmpty();
        assertThat(step.verdicts()).isEmpty();
    }

    @Test
    void pendingIgnoresLeftoverJobs() {
        RevisionSnapshot snapshot = new RevisionSnapshot(RevisionPhase.Pending, false,
                Map.of(JobStage.Training, FAILED, JobStage.Evaluation, JobObservation.RUNNING),
                ServingObservation.AVAILABLE, List.of(), List.of(), Optional.empty());

        assertThat(advance(RevisionLifecycle.next(snapshot)).to()).isEqualTo(RevisionPhase.Training);
    }

    // ---- gated stages: Validating and Evaluating ----

    @ParameterizedTest
    @EnumSource(Gated.class)
    void absentJobIsStarted(Gated gated) {
        assertThat(RevisionLifecycle.next(gated.snapshot(JobObservation.ABSENT, List.of(min("auc", 0.5)))))
                .isEqualTo(new Step.StartJob(gated.stage));
    }

    @ParameterizedTest
    @EnumSource(Gated.class)
    void jobMissingFromTheSnapshotIsStarted(Gated gated) {
        RevisionSnapshot snapshot = withJobs(gated.phase, Map.of());

        assertThat(RevisionLifecycle.next(snapshot)).isEqualTo(new Step.StartJob(gated.stage));
    }

    @ParameterizedTest
    @EnumSource(Gated.class)
    void runningJobIsAwaited(Gated gated) {
        Step step = RevisionLifecycle.next(gated.snapshot(JobObservation.RUNNING, List.of(min("auc", 0.5))));

        assertThat(step).isEqualTo(new Step.Wait(gated.jobName + " is running"));
    }

    @ParameterizedTest
    @EnumSource(Gated.class)
    void failedJobFailsTheRevision(Gated gated) {
        Step.Advance step = advance(RevisionLifecycle.next(gated.snapshot(FAILED, List.of(min("auc", 0.5)))));

        assertThat(step.to()).isEqualTo(RevisionPhase.Failed);
        assertThat(step.reason().name()).isEqualTo(gated.failedReason);
        assertThat(step.message()).isEqualTo(gated.jobName + " failed: BackoffLimitExceeded: Job has reached the specified backoff limit");
        assertThat(step.verdicts()).isEmpty();
        assertThat(step.metrics()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Gated.class)
    void failedJobWithoutMessageQuotesItsReason(Gated gated) {
        Step.Advance step = advance(RevisionLifecycle.next(gated.snapshot(
                new JobObservation.Failed("DeadlineExceeded", "  "), List.of())));

        assertThat(step.to()).isEqualTo(RevisionPhase.Failed);
        assertThat(step.message()).isEqualTo(gated.jobName + " failed: DeadlineExceeded");
    }

    @ParameterizedTest
    @EnumSource(Gated.class)
    void passingMetricsAdvanceWithMetricsAndVerdictsRecorded(Gated gated) {
        List<Gate> gates = List.of(min("auc", 0.8), max("loss", 0.3));
        RevisionSnapshot snapshot = gated.snapshot(new JobObservation.Succeeded("{\"auc\":0.91,\"loss\":0.2,\"rows\":5000}"), gates);

        Step.Advance step = advance(RevisionLifecycle.next(snapshot));

        assertThat(step.to()).isEqualTo(gated.onPass);
        assertThat(step.reason().name()).isEqualTo(gated.passedReason);
        assertThat(step.message()).contains("all 2 gates passed").doesNotContain("not recorded");
        assertThat(step.metrics()).containsOnly(entry("auc", 0.91), entry("loss", 0.2), entry("rows", 5000.0));
        assertThat(step.verdicts()).hasSize(2).allSatisfy(verdict -> {
            assertThat(verdict.passed()).isTrue();
            assertThat(verdict.getStage()).isEqualTo(gated.verdictStage);
        });
        assertThat(step.verdicts()).extracting(GateVerdict::getMetric).containsExactly("auc", "loss");
        assertThat(step.verdicts()).extracting(GateVerdict::getObserved).containsExactly(0.91, 0.2);
    }

    @ParameterizedTest
    @EnumSource(Gated.class)
    void failingGateRejectsAndNamesTheMetric(Gated gated) {
        List<Gate> gates = List.of(min("auc", 0.8), max("loss", 0.3));
        RevisionSnapshot snapshot = gated.snapshot(new JobObservation.Succeeded("{\"auc\":0.91,\"loss\":0.45}"), gates);

        Step.Advance step = advance(RevisionLifecycle.next(snapshot));

        assertThat(step.to()).isEqualTo(RevisionPhase.Rejected);
        assertThat(step.reason().name()).isEqualTo(gated.rejectedReason);
        assertThat(step.message()).isEqualTo(gated.rejectedPrefix + "loss=0.45 is above max 0.3");
        assertThat(step.metrics()).containsOnly(entry("auc", 0.91), entry("loss", 0.45));
        assertThat(step.verdicts()).extracting(GateVerdict::getResult)
                .containsExactly(GateVerdict.Result.Passed, GateVerdict.Result.Failed);
    }

    @ParameterizedTest
    @EnumSource(Gated.class)
    void everyFailingGateIsInTheMessage(Gated gated) {
        List<Gate> gates = List.of(min("auc", 0.8), max("loss", 0.3), min("f1", 0.5));
        RevisionSnapshot snapshot = gated.snapshot(new JobObservation.Succeeded("{\"auc\":0.5,\"loss\":0.45}"), gates);

        Step.Advance step = advance(RevisionLifecycle.next(snapshot));

        assertThat(step.to()).isEqualTo(RevisionPhase.Rejected);
        assertThat(step.message()).startsWith(gated.rejectedPrefix)
                .contains("auc=0.5 is below min 0.8")
                .contains("loss=0.45 is above max 0.3")
                .contains("metric f1 is missing");
        assertThat(step.verdicts()).noneMatch(GateVerdict::passed);
    }

    @ParameterizedTest
    @EnumSource(Gated.class)
    void missingMetricRejects(Gated gated) {
        RevisionSnapshot snapshot = gated.snapshot(new JobObservation.Succeeded("{\"loss\":0.1}"), List.of(min("auc", 0.8)));

        Step.Advance step = advance(RevisionLifecycle.next(snapshot));

        assertThat(step.to()).isEqualTo(RevisionPhase.Rejected);
        assertThat(step.message()).contains("metric auc is missing from the report");
        assertThat(step.verdicts()).singleElement().satisfies(verdict -> assertThat(verdict.getReason()).isEqualTo("MetricMissing"));
    }

    @ParameterizedTest
    @EnumSource(Gated.class)
    void nonNumericMetricRejects(Gated gated) {
        RevisionSnapshot snapshot = gated.snapshot(new JobObservation.Succeeded("{\"auc\":NaN}"), List.of(max("auc", 1.0)));

        Step.Advance step = advance(RevisionLifecycle.next(snapshot));

        assertThat(step.to()).isEqualTo(RevisionPhase.Rejected);
        assertThat(step.message()).contains("metric auc is NaN, not a finite number");
        assertThat(step.metrics()).isEmpty();
    }

    static Stream<Arguments> unreadableMessages() {
        List<Arguments> arguments = new ArrayList<>();
        for (Gated gated : Gated.values()) {
            for (String message : new String[]{null, "", "   ", "not json", "{\"auc\":", "[0.9]", "0.9", "\"auc=0.9\""}) {
                arguments.add(arguments(gated, message));
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest
    @MethodSource("unreadableMessages")
    void unreadableTerminationMessageWithGatesRejects(Gated gated, String message) {
        RevisionSnapshot snapshot = gated.snapshot(new JobObservation.Succeeded(message), List.of(min("auc", 0.0)));

        Step.Advance step = advance(RevisionLifecycle.next(snapshot));

        assertThat(step.to()).isEqualTo(RevisionPhase.Rejected);
        assertThat(step.reason().name()).isEqualTo(gated.rejectedReason);
        assertThat(step.message()).startsWith(gated.rejectedPrefix + "metric auc cannot be read: ");
        assertThat(step.metrics()).isEmpty();
        assertThat(step.verdicts()).singleElement().satisfies(verdict -> {
            assertThat(verdict.passed()).isFalse();
            assertThat(verdict.getReason()).isEqualTo("MetricsUnreadable");
        });
    }

    @ParameterizedTest
    @MethodSource("unreadableMessages")
    void unreadableTerminationMessageWithoutGatesPasses(Gated gated, String message) {
        RevisionSnapshot snapshot = gated.snapshot(new JobObservation.Succeeded(message), List.of());

        Step.Advance step = advance(RevisionLifecycle.next(snapshot));

        assertThat(step.to()).isEqualTo(gated.onPass);
        assertThat(step.reason().name()).isEqualTo(gated.passedReason);
        assertThat(step.message()).contains("no gates configured").contains("; metrics not recorded: ");
        assertThat(step.metrics()).isEmpty();
        assertThat(step.verdicts()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Gated.class)
    void readableMetricsWithoutGatesAreStillRecorded(Gated gated) {
        RevisionSnapshot snapshot = gated.snapshot(new JobObservation.Succeeded("{\"auc\":0.7,\"note\":\"hi\"}"), List.of());

        Step.Advance step = advance(RevisionLifecycle.next(snapshot));

        assertThat(step.to()).isEqualTo(gated.onPass);
        assertThat(step.message()).contains("no gates configured").doesNotContain("not recorded");
        assertThat(step.metrics()).containsOnly(entry("auc", 0.7));
    }

    @ParameterizedTest
    @EnumSource(Gated.class)
    void eachStageIsJudgedByItsOwnGates(Gated gated) {
        // The other stage's gate would fail; it must not matter.
        List<Gate> own = List.of(min("auc", 0.5));
        List<Gate> other = List.of(min("auc", 0.99));
        RevisionSnapshot snapshot = gated == Gated.Validation
                ? gated(gated.phase, gated.stage, new JobObservation.Succeeded("{\"auc\":0.6}"), own, other, Optional.empty())
                : gated(gated.phase, gated.stage, new JobObservation.Succeeded("{\"auc\":0.6}"), other, own, Optional.empty());

        assertThat(advance(RevisionLifecycle.next(snapshot)).to()).isEqualTo(gated.onPass);
    }

    @ParameterizedTest
    @EnumSource(Gated.class)
    void eachStageReadsItsOwnJob(Gated gated) {
        JobStage otherStage = gated.stage == JobStage.Validation ? JobStage.Evaluation : JobStage.Validation;
        RevisionSnapshot snapshot = withJobs(gated.phase, Map.of(
                otherStage, new JobObservation.Succeeded("{}"),
                JobStage.Training, new JobObservation.Succeeded("{}")));

        assertThat(RevisionLifecycle.next(snapshot)).isEqualTo(new Step.StartJob(gated.stage));
    }

    @Test
    void evaluationMustBeatTheStableRevision() {
        Optional<Baseline> baseline = Optional.of(new Baseline("iris-r4", Map.of("loss", 0.25)));
        List<Gate> gates = List.of(mustBeat("loss", Gate.Better.Lower));

        Step.Advance worse = advance(RevisionLifecycle.next(
                Gated.Evaluation.snapshot(new JobObservation.Succeeded("{\"loss\":0.5}"), gates, baseline)));
        Step.Advance better = advance(RevisionLifecycle.next(
                Gated.Evaluation.snapshot(new JobObservation.Succeeded("{\"loss\":0.125}"), gates, baseline)));
        Step.Advance first = advance(RevisionLifecycle.next(
                Gated.Evaluation.snapshot(new JobObservation.Succeeded("{\"loss\":0.5}"), gates, Optional.empty())));

        assertThat(worse.to()).isEqualTo(RevisionPhase.Rejected);
        assertThat(worse.message()).contains("does not beat stable revision iris-r4");
        assertThat(better.to()).isEqualTo(RevisionPhase.RollingOut);
        assertThat(first.to()).as("nothing is serving yet").isEqualTo(RevisionPhase.RollingOut);
    }

    // ---- Training ----

    @Test
    void absentTrainingJobIsStarted() {
        assertThat(RevisionLifecycle.next(withJob(RevisionPhase.Training, JobStage.Training, JobObservation.ABSENT)))
                .isEqualTo(new Step.StartJob(JobStage.Training));
        assertThat(RevisionLifecycle.next(withJobs(RevisionPhase.Training, Map.of())))
                .isEqualTo(new Step.StartJob(JobStage.Training));
    }

    @Test
    void runningTrainingJobIsAwaited() {
        assertThat(RevisionLifecycle.next(withJob(RevisionPhase.Training, JobStage.Training, JobObservation.RUNNING)))
                .isEqualTo(new Step.Wait("training Job is running"));
    }

    @Test
    void failedTrainingJobFailsTheRevision() {
        Step.Advance step = advance(RevisionLifecycle.next(withJob(RevisionPhase.Training, JobStage.Training, FAILED)));

        assertThat(step.to()).isEqualTo(RevisionPhase.Failed);
        assertThat(step.reason().name()).isEqualTo("TrainingFailed");
        assertThat(step.message()).isEqualTo("training Job failed: BackoffLimitExceeded: Job has reached the specified backoff limit");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "garbage", "{\"loss\":0.1}"})
    void succeededTrainingJobMovesToEvaluationWhateverItReported(String message) {
        Step.Advance step = advance(RevisionLifecycle.next(
                withJob(RevisionPhase.Training, JobStage.Training, new JobObservation.Succeeded(message))));

        assertThat(step.to()).isEqualTo(RevisionPhase.Evaluating);
        assertThat(step.reason().name()).isEqualTo("Trained");
        assertThat(step.verdicts()).isEmpty();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "garbage", "[1,2]"})
    void unreadableTrainingMetricsAreLeftOutNotFatal(String message) {
        Step.Advance step = advance(RevisionLifecycle.next(
                withJob(RevisionPhase.Training, JobStage.Training, new JobObservation.Succeeded(message))));

        assertThat(step.to()).isEqualTo(RevisionPhase.Evaluating);
        assertThat(step.metrics()).isEmpty();
    }

    @Test
    void theMetricsATrainingReportsTravelWithItsAdvance() {
        Step.Advance step = advance(RevisionLifecycle.next(withJob(
                RevisionPhase.Training, JobStage.Training, new JobObservation.Succeeded("{\"loss\":0.1,\"epochs\":3}"))));

        assertThat(step.metrics()).containsOnly(entry("loss", 0.1), entry("epochs", 3.0));
    }

    @Test
    void trainingIgnoresOtherStagesJobs() {
        RevisionSnapshot snapshot = withJobs(RevisionPhase.Training, Map.of(
                JobStage.Validation, FAILED, JobStage.Evaluation, new JobObservation.Succeeded("{}")));

        assertThat(RevisionLifecycle.next(snapshot)).isEqualTo(new Step.StartJob(JobStage.Training));
    }

    // ---- RollingOut ----

    @Test
    void absentServingIsDeployed() {
        assertThat(RevisionLifecycle.next(serving(ServingObservation.ABSENT))).isEqualTo(new Step.DeployServing());
    }

    @Test
    void progressingServingIsDeployedAgain() {
        assertThat(RevisionLifecycle.next(serving(new ServingObservation.Progressing(1, 3)))).isEqualTo(new Step.DeployServing());
        assertThat(RevisionLifecycle.next(serving(new ServingObservation.Progressing(0, 0)))).isEqualTo(new Step.DeployServing());
    }

    @Test
    void availableServingPromotes() {
        Step.Advance step = advance(RevisionLifecycle.next(serving(ServingObservation.AVAILABLE)));

        assertThat(step.to()).isEqualTo(RevisionPhase.Promoted);
        assertThat(step.reason().name()).isEqualTo("Promoted");
    }

    @Test
    void stalledServingFailsAndSaysStableKeepsServing() {
        Step.Advance step = advance(RevisionLifecycle.next(
                serving(new ServingObservation.Stalled("ProgressDeadlineExceeded", "ReplicaSet iris-r5 has timed out progressing"))));

        assertThat(step.to()).isEqualTo(RevisionPhase.Failed);
        assertThat(step.reason().name()).isEqualTo("ServingNotAvailable");
        assertThat(step.message())
                .contains("ProgressDeadlineExceeded")
                .contains("ReplicaSet iris-r5 has timed out progressing")
                .contains("previous stable revision keeps serving");
    }

    // ---- terminal phases ----

    static Stream<Arguments> terminalPhasesAndObservations() {
        List<Arguments> arguments = new ArrayList<>();
        for (RevisionPhase phase : RevisionPhase.values()) {
            if (!phase.isTerminal()) {
                continue;
            }
            for (JobObservation job : LifecycleWorld.JOBS) {
                for (ServingObservation serving : LifecycleWorld.SERVINGS) {
                    arguments.add(arguments(phase, job, serving));
                }
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest
    @MethodSource("terminalPhasesAndObservations")
    void terminalPhasesOnlyWait(RevisionPhase phase, JobObservation job, ServingObservation serving) {
        RevisionSnapshot snapshot = new RevisionSnapshot(phase, true,
                Map.of(JobStage.Validation, job, JobStage.Training, job, JobStage.Evaluation, job), serving,
                List.of(min("auc", 0.5)), List.of(min("auc", 0.5)), Optional.empty());

        assertThat(RevisionLifecycle.next(snapshot)).isEqualTo(new Step.Wait("revision has ended"));
    }

    // ---- the whole matrix ----

    @Test
    void everyPhaseTimesEveryObservationGivesALegalStep() {
        int checked = 0;
        for (RevisionSnapshot snapshot : LifecycleWorld.everySnapshot()) {
            Step step = RevisionLifecycle.next(snapshot);
            assertThat(step).as("%s", snapshot).isNotNull();
            if (step instanceof Step.Advance advance) {
                assertThat(snapshot.phase().canMoveTo(advance.to()))
                        .as("%s -> %s (%s)", snapshot.phase(), advance.to(), advance.reason()).isTrue();
                assertThat(advance.reason()).isNotNull();
                assertThat(advance.message()).isNotBlank();
            }
            if (step instanceof Step.StartJob start) {
                assertThat(snapshot.phase()).isIn(RevisionPhase.Validating, RevisionPhase.Training, RevisionPhase.Evaluating);
                assertThat(snapshot.job(start.stage())).isEqualTo(JobObservation.ABSENT);
            }
            if (step instanceof Step.DeployServing) {
                assertThat(snapshot.phase()).isEqualTo(RevisionPhase.RollingOut);
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(1000);
    }

    @Test
    void gatedStagesNeverAdvanceOnAFailingVerdict() {
        for (RevisionSnapshot snapshot : LifecycleWorld.everySnapshot()) {
            if (RevisionLifecycle.next(snapshot) instanceof Step.Advance advance
                    && (advance.to() == RevisionPhase.Training || advance.to() == RevisionPhase.RollingOut)) {
                assertThat(advance.verdicts()).as("%s", snapshot).allSatisfy(verdict -> {
                    assertThat(verdict.passed()).isTrue();
                    assertThat(verdict.getObserved()).isNotNull();
                    assertThat(Double.isFinite(verdict.getObserved())).isTrue();
                });
            }
        }
    }

    // ---- purity ----

    @Test
    void sameSnapshotGivesAnEqualStepWhenNoGateIsInvolved() {
        for (RevisionSnapshot snapshot : LifecycleWorld.everySnapshot()) {
            Step first = RevisionLifecycle.next(snapshot);
            Step second = RevisionLifecycle.next(snapshot);
            if (first instanceof Step.Advance advance && !advance.verdicts().isEmpty()) {
                assertThat(second).usingRecursiveComparison().isEqualTo(first);
            } else {
                assertThat(second).isEqualTo(first);
            }
        }
    }

    @Test
    void sameSnapshotGivesAnEqualStepWithVerdicts() {
        RevisionSnapshot snapshot = Gated.Evaluation.snapshot(new JobObservation.Succeeded("{\"auc\":0.9}"), List.of(min("auc", 0.5)));

        assertThat(RevisionLifecycle.next(snapshot)).isEqualTo(RevisionLifecycle.next(snapshot));
    }

    @Test
    void advanceCopiesItsCollections() {
        Map<String, Double> metrics = new HashMap<>(Map.of("auc", 0.9));
        List<GateVerdict> verdicts = new ArrayList<>();
        Step.Advance step = new Step.Advance(RevisionPhase.RollingOut, Reason.EvaluationPassed, "m", metrics, verdicts);

        metrics.put("loss", 0.1);
        verdicts.add(new GateVerdict());

        assertThat(step.metrics()).containsOnlyKeys("auc");
        assertThat(step.verdicts()).isEmpty();
    }
}
