package io.modelgate.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.modelgate.api.GateVerdict;
import io.modelgate.api.GateVerdict.Result;
import io.modelgate.api.GateVerdict.Stage;
import io.modelgate.api.ModelRevisionStatus;
import io.modelgate.api.PhaseTransition;
import io.modelgate.revision.RevisionPhase;
import io.modelgate.revision.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static io.modelgate.revision.RevisionPhase.Evaluating;
import static io.modelgate.revision.RevisionPhase.Pending;
import static io.modelgate.revision.RevisionPhase.Promoted;
import static io.modelgate.revision.RevisionPhase.Superseded;
import static io.modelgate.revision.RevisionPhase.Rejected;
import static io.modelgate.revision.RevisionPhase.RollingOut;
import static io.modelgate.revision.RevisionPhase.Training;
import static io.modelgate.revision.RevisionPhase.Validating;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class RevisionStatusUpdatesTest {

    static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    static final Instant T1 = Instant.parse("2026-11-01T10:07:30Z");
    static final Instant T2 = Instant.parse("2026-11-01T10:20:00Z");

    static ModelRevisionStatus at(RevisionPhase phase) {
        ModelRevisionStatus status = new ModelRevisionStatus();
        status.setPhase(phase.name());
        return status;
    }

    static GateVerdict passed(Stage stage, String metric, Double observed) {
        return new GateVerdict(stage, metric, Result.Passed, observed, ">= 0.5", "AboveMin", metric + " passed");
    }

    static GateVerdict failed(Stage stage, String metric, Double observed) {
        return new GateVerdict(stage, metric, Result.Failed, observed, ">= 0.9", "BelowMin", metric + " failed");
    }

    static Condition condition(ModelRevisionStatus status, String type) {
        return Conditions.find(status.getConditions(), type).orElseThrow();
    }

    // ---- legality -------------------------------------------------------------------------------------------

    static Stream<Arguments> illegalTransitions() {
        return Arrays.stream(RevisionPhase.values()).flatMap(from -> Arrays.stream(RevisionPhase.values())
                .filter(to -> !from.canMoveTo(to))
                .map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("illegalTransitions")
    void anIllegalTransitionThrowsAndChangesNothing(RevisionPhase from, RevisionPhase to) {
        ModelRevisionStatus status = at(from);
        status.setReason("Before");

        assertThatThrownBy(() -> RevisionStatusUpdates.apply(status, Step.Advance.to(to, Reason.Superseded, "x"), 1L, T1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(from.name()).hasMessageContaining(to.name());
        assertThat(status.getPhase()).isEqualTo(from.name());
        assertThat(status.getReason()).isEqualTo("Before");
        assertThat(status.getTransitions()).isEmpty();
        assertThat(status.getConditions()).isEmpty();
    }

    @Test
    void anEndedRevisionCanNeverMoveAgain() {
        for (RevisionPhase end : RevisionPhase.values()) {
            if (!end.isTerminal()) {
                continue;
            }
            for (RevisionPhase to : RevisionPhase.values()) {
                if (end.isRetryable() && to == RevisionPhase.RollingOut) {
                    continue; // a person's retry: tested with the reconciler
                }
                assertThatThrownBy(() -> RevisionStatusUpdates.apply(at(end), Step.Advance.to(to, Reason.Superseded, "x"), 1L, T1))
                        .as("%s -> %s", end, to).isInstanceOf(IllegalStateException.class);
            }
        }
    }

    @Test
    void aStatusWithoutPhaseIsPending() {
        ModelRevisionStatus status = new ModelRevisionStatus();

        RevisionStatusUpdates.apply(status, Step.Advance.to(Training, Reason.TrainingStarted, "training started"), 1L, T0);

        assertThat(status.getPhase()).isEqualTo("Training");
        assertThatThrownBy(() -> RevisionStatusUpdates.apply(new ModelRevisionStatus(),
                Step.Advance.to(Promoted, Reason.Promoted, "p"), 1L, T0)).isInstanceOf(IllegalStateException.class);
    }

    // ---- the record of the transition -----------------------------------------------------------------------

    @Test
    void aTransitionIsRecordedWithItsReasonMessageGenerationAndTime() {
        ModelRevisionStatus status = at(Pending);

        RevisionStatusUpdates.apply(status, Step.Advance.to(Training, Reason.TrainingStarted, "training started"), 2L, T0);
        RevisionStatusUpdates.apply(status, Step.Advance.to(Evaluating, Reason.Trained, "training Job succeeded"), 3L,
                Instant.parse("2026-11-01T10:07:30.900Z"));

        assertThat(status.getPhase()).isEqualTo("Evaluating");
        assertThat(status.getReason()).isEqualTo("Trained");
        assertThat(status.getMessage()).isEqualTo("training Job succeeded");
        assertThat(status.getObservedGeneration()).isEqualTo(3L);
        assertThat(status.getTransitions()).extracting(PhaseTransition::getPhase, PhaseTransition::getTime, PhaseTransition::getReason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Training", "2026-11-01T10:00:00Z", "TrainingStarted"),
                        org.assertj.core.groups.Tuple.tuple("Evaluating", "2026-11-01T10:07:30Z", "Trained"));
    }

    @Test
    void theMetricsATrainingReportsAreItsOwnRecordAndNeverTheEvaluations() {
        ModelRevisionStatus status = at(Training);

        RevisionStatusUpdates.apply(status, new Step.Advance(Evaluating, Reason.Trained, "training Job succeeded; evaluating",
                java.util.Map.of("loss", 0.12), java.util.List.of()), 3L, T0);

        assertThat(status.getTrainingMetrics()).containsExactly(java.util.Map.entry("loss", 0.12));
        assertThat(status.getMetrics()).as("evaluation metrics are the evaluation Job's").isNull();
        assertThat(status.getKeyMetric()).isNull();
        assertThat(status.getGates()).isEmpty();
    }

    @Test
    void returnsHowLongTheRevisionSpentInThePhaseItLeaves() {
        ModelRevisionStatus status = at(Pending);

        Optional<Duration> pending = RevisionStatusUpdates.apply(status, Step.Advance.to(Training, Reason.TrainingStarted, "t"), 1L, T0);
        Optional<Duration> training = RevisionStatusUpdates.apply(status, Step.Advance.to(Evaluating, Reason.Trained, "e"), 1L, T1);
        Optional<Duration> evaluating = RevisionStatusUpdates.apply(status, Step.Advance.to(RollingOut, Reason.EvaluationPassed, "r"), 1L, T2);

        assertThat(pending).as("nothing recorded when the revision became Pending").isEmpty();
        assertThat(training).contains(Duration.ofMinutes(7).plusSeconds(30));
        assertThat(evaluating).contains(Duration.between(T1, T2));
    }

    @Test
    void theTransitionsWrittenBeforeAreKept() {
        ModelRevisionStatus status = at(Training);
        status.setTransitions(List.of(new PhaseTransition("Pending", "2026-11-01T09:00:00Z", "Created"),
                new PhaseTransition("Training", "2026-11-01T09:30:00Z", "TrainingStarted")));

        Optional<Duration> spent = RevisionStatusUpdates.apply(status, Step.Advance.to(Evaluating, Reason.Trained, "ok"), 1L, T0);

        assertThat(status.getTransitions()).extracting(PhaseTransition::getPhase).containsExactly("Pending", "Training", "Evaluating");
        assertThat(spent).contains(Duration.ofMinutes(30));
    }

    // ---- metrics and verdicts -------------------------------------------------------------------------------

    @Test
    void validationMetricsAndVerdictsAreRecordedAsValidation() {
        ModelRevisionStatus status = at(Validating);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("rows", 12000.0);
        GateVerdict rows = passed(Stage.DataValidation, "rows", 12000.0);

        RevisionStatusUpdates.apply(status, new Step.Advance(Training, Reason.DataValidated, "ok", metrics, List.of(rows)), 1L, T0);

        assertThat(status.getValidationMetrics()).containsExactly(entry("rows", 12000.0));
        assertThat(status.getMetrics()).isNull();
        assertThat(status.getGates()).containsExactly(rows);
        assertThat(status.getKeyMetric()).as("the key metric is an evaluation metric").isNull();
    }

    @Test
    void validationMetricsWithoutGatesAreRecordedAsValidation() {
        ModelRevisionStatus status = at(Validating);

        RevisionStatusUpdates.apply(status, new Step.Advance(Training, Reason.DataValidated, "ok", Map.of("rows", 10.0), List.of()), 1L, T0);

        assertThat(status.getValidationMetrics()).containsExactly(entry("rows", 10.0));
        assertThat(status.getMetrics()).isNull();
        assertThat(status.getKeyMetric()).isNull();
    }

    @Test
    void evaluationVerdictsAreAppendedToTheValidationOnesAndBothMetricSetsAreKept() {
        ModelRevisionStatus status = at(Validating);
        GateVerdict rows = passed(Stage.DataValidation, "rows", 12000.0);
        GateVerdict auc = passed(Stage.Evaluation, "auc", 0.93);
        GateVerdict loss = passed(Stage.Evaluation, "loss", 0.2);

        RevisionStatusUpdates.apply(status, new Step.Advance(Training, Reason.DataValidated, "ok", Map.of("rows", 12000.0), List.of(rows)), 1L, T0);
        RevisionStatusUpdates.apply(status, Step.Advance.to(Evaluating, Reason.Trained, "ok"), 1L, T1);
        RevisionStatusUpdates.apply(status, new Step.Advance(RollingOut, Reason.EvaluationPassed, "ok",
                Map.of("auc", 0.93, "loss", 0.2), List.of(auc, loss)), 1L, T2);

        assertThat(status.getGates()).containsExactly(rows, auc, loss);
        assertThat(status.getValidationMetrics()).containsExactly(entry("rows", 12000.0));
        assertThat(status.getMetrics()).containsOnly(entry("auc", 0.93), entry("loss", 0.2));
        assertThat(status.getKeyMetric()).isEqualTo("auc=0.93");
    }

    @Test
    void aRejectionRecordsTheFailingVerdictAndItsMetrics() {
        ModelRevisionStatus status = at(Evaluating);
        GateVerdict auc = failed(Stage.Evaluation, "auc", 0.71);

        RevisionStatusUpdates.apply(status, new Step.Advance(Rejected, Reason.EvaluationGateFailed, "model rejected: auc failed",
                Map.of("auc", 0.71), List.of(auc)), 1L, T0);

        assertThat(status.getPhase()).isEqualTo("Rejected");
        assertThat(status.getGates()).containsExactly(auc);
        assertThat(status.getMetrics()).containsExactly(entry("auc", 0.71));
        assertThat(status.getKeyMetric()).isEqualTo("auc=0.71");
    }

    @Test
    void aVerdictWithoutObservedValueShowsAQuestionMark() {
        ModelRevisionStatus status = at(Evaluating);
        GateVerdict missing = new GateVerdict(Stage.Evaluation, "auc", Result.Failed, null, ">= 0.9", "MetricMissing", "auc missing");

        RevisionStatusUpdates.apply(status, new Step.Advance(Rejected, Reason.EvaluationGateFailed, "rejected", Map.of(), List.of(missing)), 1L, T0);

        assertThat(status.getKeyMetric()).isEqualTo("auc=?");
        assertThat(status.getMetrics()).isEmpty();
    }

    @Test
    void theKeyMetricIsTheFirstGatesMetricNotTheFirstReportedOne() {
        ModelRevisionStatus status = at(Evaluating);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loss", 0.25);
        metrics.put("accuracy", 0.9);
        GateVerdict accuracy = passed(Stage.Evaluation, "accuracy", 0.9);

        RevisionStatusUpdates.apply(status, new Step.Advance(RollingOut, Reason.EvaluationPassed, "ok", metrics, List.of(accuracy)), 1L, T0);

        assertThat(status.getKeyMetric()).isEqualTo("accuracy=0.9");
    }

    @Test
    void withoutGatesTheKeyMetricIsTheReportedMetricFormattedCompactly() {
        ModelRevisionStatus status = at(Evaluating);

        RevisionStatusUpdates.apply(status, new Step.Advance(RollingOut, Reason.EvaluationPassed, "ok", Map.of("rmse", 3.0), List.of()), 1L, T0);

        assertThat(status.getMetrics()).containsExactly(entry("rmse", 3.0));
        assertThat(status.getKeyMetric()).isEqualTo("rmse=3");
    }

    @Test
    void aTransitionWithoutMetricsOrVerdictsLeavesTheRecordedOnesAlone() {
        ModelRevisionStatus status = at(RollingOut);
        status.setMetrics(new LinkedHashMap<>(Map.of("auc", 0.93)));
        status.setGates(new ArrayList<>(List.of(passed(Stage.Evaluation, "auc", 0.93))));
        status.setKeyMetric("auc=0.93");

        RevisionStatusUpdates.apply(status, Step.Advance.to(Promoted, Reason.Promoted, "now stable"), 1L, T0);

        assertThat(status.getMetrics()).containsExactly(entry("auc", 0.93));
        assertThat(status.getGates()).hasSize(1);
        assertThat(status.getKeyMetric()).isEqualTo("auc=0.93");
    }

    @Test
    void aStatusReadWithNullListsIsHandled() {
        ModelRevisionStatus status = at(Evaluating);
        status.setGates(null);
        status.setTransitions(null);
        status.setConditions(null);

        RevisionStatusUpdates.apply(status, new Step.Advance(RollingOut, Reason.EvaluationPassed, "ok", Map.of("auc", 0.9),
                List.of(passed(Stage.Evaluation, "auc", 0.9))), 1L, T0);

        assertThat(status.getGates()).hasSize(1);
        assertThat(status.getTransitions()).hasSize(1);
        assertThat(status.getConditions()).hasSize(5);
    }

    @Test
    void withoutGatesTheKeyMetricIsTheFirstReportedMetricAndTheReportedOrderIsKept() {
        Map<String, Double> reported = new LinkedHashMap<>();
        for (char c = 'z'; c >= 'a'; c--) {
            reported.put("metric_" + c, (double) c);
        }
        ModelRevisionStatus status = at(Evaluating);

        RevisionStatusUpdates.apply(status, new Step.Advance(RollingOut, Reason.EvaluationPassed, "ok", reported, List.of()), 1L, T0);

        assertThat(status.getMetrics().keySet()).containsExactlyElementsOf(reported.keySet());
        assertThat(status.getKeyMetric()).isEqualTo("metric_z=122");
    }

    // ---- conditions of a revision (the rules themselves: RevisionConditionsTest) -----------------------------

    @Test
    void aTransitionWritesTheConditionsOfItsNewPhase() {
        ModelRevisionStatus status = at(Evaluating);

        RevisionStatusUpdates.apply(status, Step.Advance.to(Rejected, Reason.EvaluationGateFailed, "auc 0.7 < 0.9"), 5L, T0);

        assertThat(condition(status, "Stalled").getStatus()).isEqualTo("True");
        assertThat(condition(status, "Stalled").getReason()).isEqualTo("EvaluationGateFailed");
        assertThat(condition(status, "Stalled").getObservedGeneration()).isEqualTo(5L);
        assertThat(condition(status, "Reconciling").getStatus()).isEqualTo("False");
    }

    @Test
    void conditionTimesMoveOnlyWhenTheyFlip() {
        ModelRevisionStatus status = at(Pending);

        RevisionStatusUpdates.apply(status, Step.Advance.to(Training, Reason.TrainingStarted, "t"), 1L, T0);
        RevisionStatusUpdates.apply(status, Step.Advance.to(Evaluating, Reason.Trained, "e"), 1L, T1);
        RevisionStatusUpdates.apply(status, Step.Advance.to(RollingOut, Reason.EvaluationPassed, "r"), 1L, T1);
        RevisionStatusUpdates.apply(status, Step.Advance.to(Promoted, Reason.Promoted, "p"), 1L, T2);

        assertThat(status.getConditions()).extracting(Condition::getType)
                .containsExactly("Ready", "Progressing", "Reconciling", "Degraded", "Stalled");
        assertThat(condition(status, "Degraded").getLastTransitionTime()).isEqualTo("2026-11-01T10:00:00Z");
        assertThat(condition(status, "Ready").getLastTransitionTime()).isEqualTo("2026-11-01T10:20:00Z");
        assertThat(condition(status, "Progressing").getLastTransitionTime()).isEqualTo("2026-11-01T10:20:00Z");
        assertThat(condition(status, "Progressing").getReason()).isEqualTo("Promoted");
    }

    @Test
    void theDataVersionTheTrainingReportsWinsOverTheValidationsAndADigestIsKept() {
        ModelRevisionStatus status = at(Validating);
        RevisionStatusUpdates.apply(status, new Step.Advance(Training, Reason.DataValidated, "validated", Map.of("rows", 10.0),
                List.of(passed(Stage.DataValidation, "rows", 10.0)), Map.of("dataVersion", "snap-41")), 1L, T0);
        assertThat(status.getDataVersion()).isEqualTo("snap-41");

        RevisionStatusUpdates.apply(status, new Step.Advance(Evaluating, Reason.Trained, "trained", Map.of(), List.of(),
                Map.of("dataVersion", "snap-42", "artifactDigest", "sha256:aa11")), 1L, T1);
        assertThat(status.getDataVersion()).isEqualTo("snap-42");
        assertThat(status.getArtifactDigest()).isEqualTo("sha256:aa11");

        RevisionStatusUpdates.apply(status, Step.Advance.to(RollingOut, Reason.EvaluationPassed, "passed"), 1L, T2);
        assertThat(status.getDataVersion()).as("a stage that reports none keeps what was recorded").isEqualTo("snap-42");
    }
}
