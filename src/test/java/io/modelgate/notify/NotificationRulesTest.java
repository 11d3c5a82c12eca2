package io.modelgate.notify;

import io.modelgate.analysis.AnalysisLimits;
import io.modelgate.analysis.MetricCriteria;
import io.modelgate.api.AnalysisMetricSpec;
import io.modelgate.api.AnalysisRunStatus;
import io.modelgate.api.GateVerdict;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.ModelRevisionSpec;
import io.modelgate.api.NotificationSpec.Event;
import io.modelgate.api.RolloutStatus;
import io.modelgate.delivery.MetricDefinition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import static io.modelgate.notify.Revisions.canary;
import static io.modelgate.notify.Revisions.copy;
import static io.modelgate.notify.Revisions.enter;
import static io.modelgate.notify.Revisions.failedGate;
import static io.modelgate.notify.Revisions.metric;
import static io.modelgate.notify.Revisions.revision;
import static io.modelgate.notify.Revisions.run;
import static org.assertj.core.api.Assertions.assertThat;

/** Which passes notify, and what they say: the revision before the pass against the revision after it. */
class NotificationRulesTest {

    static final Instant NOW = Instant.parse("2026-12-07T10:15:30Z");
    static final Function<String, List<MetricDefinition>> HEALTH = name -> "health".equals(name)
            ? List.of(new MetricDefinition("error-rate", MetricCriteria.atMost("error-rate", 0.05),
            AnalysisLimits.of(1, Duration.ofSeconds(30)), new AnalysisMetricSpec()))
            : List.of();

    static List<Notice> between(List<ModelRevision> before, List<ModelRevision> after) {
        return NotificationRules.between(before, after, name -> true, HEALTH, NOW);
    }

    /** r3 rolling out, its background analysis failing on error-rate 0.12 against max 0.05, then rolled back. */
    static ModelRevision[] rolledBackByAnalysis() {
        ModelRevision before = revision(3, "RollingOut");
        canary(before, 1, 1, null);
        ModelRevision after = copy(before);
        RolloutStatus rollout = after.getStatus().getRollout();
        AnalysisRunStatus run = run(rollout, "a1-background", "health", 1, "Failed");
        metric(run, "error-rate", "Failed", "0.01", "!0.09", "!0.12");
        enter(after, "RolledBack", "AnalysisFailed",
                "rolled back: analysis health Failed: error-rate=0.12 is above max 0.05; fraud-detection-r2 keeps serving");
        return new ModelRevision[]{before, after};
    }

    @Test
    void aRollbackByAnalysisNamesTheFailingMetricItsLastValueAndItsBound() {
        ModelRevision[] r3 = rolledBackByAnalysis();

        List<Notice> notices = between(List.of(r3[0]), List.of(r3[1]));

        assertThat(notices).singleElement().satisfies(notice -> {
            assertThat(notice.event()).isEqualTo(Event.RolledBack);
            assertThat(notice.key()).isEqualTo("ml/fraud-detection/fraud-detection-r3/RolledBack/a1");
            assertThat(notice.reason()).isEqualTo("AnalysisFailed");
            assertThat(notice.metrics()).containsExactly(
                    new Notice.MetricFact("error-rate", 0.12, "<= 0.05", "> max 0.05", "analysis health"));
            assertThat(NotificationPayload.text(notice))
                    .isEqualTo("fraud-detection r3 RolledBack: metric error-rate = 0.12 > max 0.05 (analysis health)");
        });
    }

    @Test
    void theRetryOfARolledBackRevisionIsAnotherAttemptAndSoAnotherNotice() {
        ModelRevision before = revision(3, "RollingOut");
        canary(before, 2, 0, null);
        ModelRevision after = copy(before);
        run(after.getStatus().getRollout(), "a1-background", "health", 1, "Failed"); // the first attempt's, not this one's
        enter(after, "RolledBack", "ProgressDeadlineExceeded", "rolled back: not available within 600s");

        Notice notice = between(List.of(before), List.of(after)).get(0);

        assertThat(notice.key()).endsWith("/RolledBack/a2");
        assertThat(notice.metrics()).as("only this attempt's runs decided").isEmpty();
        assertThat(NotificationPayload.text(notice)).isEqualTo("fraud-detection r3 RolledBack: rolled back: not available within 600s");
    }

    @Test
    void aRejectedRevisionNamesEachFailedGateWithItsValueAndBound() {
        ModelRevision before = revision(4, "Evaluating");
        ModelRevision after = copy(before);
        after.getStatus().getGates().add(new GateVerdict(GateVerdict.Stage.Evaluation, "precision", GateVerdict.Result.Passed, 0.97,
                ">= 0.9", "WithinBounds", "precision=0.97 meets >= 0.9"));
        after.getStatus().getGates().add(failedGate(GateVerdict.Stage.Evaluation, "auc", 0.81, ">= 0.9", "BelowMin", "auc=0.81 is below min 0.9"));
        enter(after, "Rejected", "EvaluationGateFailed", "gate auc failed: auc=0.81 is below min 0.9");

        Notice notice = between(List.of(before), List.of(after)).get(0);

        assertThat(notice.event()).isEqualTo(Event.RevisionRejected);
        assertThat(notice.metrics()).containsExactly(new Notice.MetricFact("auc", 0.81, ">= 0.9", "is below min 0.9", "evaluation gate"));
        assertThat(NotificationPayload.text(notice)).isEqualTo("fraud-detection r4 RevisionRejected: metric auc = 0.81 is below min 0.9 (evaluation gate)");
    }

    @Test
    void aDataValidationGateSaysSoAndAMissingMetricSaysWhy() {
        ModelRevision before = revision(5, "Validating");
        ModelRevision after = copy(before);
        after.getStatus().getGates().add(new GateVerdict(GateVerdict.Stage.DataValidation, "rows", GateVerdict.Result.Failed, null, ">= 1000",
                "MetricMissing", "metric rows is missing from the report"));
        enter(after, "Rejected", "DataValidationGateFailed", "gate rows failed");

        Notice notice = between(List.of(before), List.of(after)).get(0);

        assertThat(NotificationPayload.text(notice))
                .isEqualTo("fraud-detection r5 RevisionRejected: metric rows: no value (metric rows is missing from the report), bound >= 1000 (data validation gate)");
    }

    @Test
    void promotedOnceWhenItBecomesStableNeverAgainOnLaterPasses() {
        ModelRevision before = revision(2, "RollingOut");
        ModelRevision after = enter(copy(before), "Promoted", "Promoted", "canary promoted: all steps done");

        assertThat(between(List.of(before), List.of(after))).extracting(Notice::event).containsExactly(Event.Promoted);
        assertThat(between(List.of(after), List.of(copy(after)))).as("a pass that reads it Promoted again").isEmpty();
    }

    @Test
    void noEventIsNewsWhenNothingChangedOrWhenAPhaseWrittenByHandIsPutBack() {
        ModelRevision rolledBack = rolledBackByAnalysis()[1];
        assertThat(between(List.of(rolledBack), List.of(copy(rolledBack)))).isEmpty();

        ModelRevision edited = copy(rolledBack);
        edited.getStatus().setPhase("Promoted"); // someone's kubectl edit; the plan puts RolledBack back
        assertThat(between(List.of(edited), List.of(copy(rolledBack)))).as("RolledBack is what the record always said").isEmpty();
    }

    @Test
    void waitingForPromotionOncePerPauseNotOnEveryPassOfTheSamePause() {
        ModelRevision before = revision(6, "RollingOut");
        canary(before, 1, 1, null);
        ModelRevision paused = copy(before);
        canary(paused, 1, 1, "step 2 is pause: {} (waits for modelgate.io/action: promote)");

        List<Notice> first = between(List.of(before), List.of(paused));
        assertThat(first).singleElement().satisfies(n -> {
            assertThat(n.event()).isEqualTo(Event.WaitingForPromotion);
            assertThat(n.key()).endsWith("/WaitingForPromotion/a1/step1");
            assertThat(NotificationPayload.text(n)).isEqualTo("fraud-detection r6 WaitingForPromotion: step 2 is pause: {} (waits for modelgate.io/action: promote)");
        });
        assertThat(between(List.of(paused), List.of(copy(paused)))).as("the same pause, read again").isEmpty();

        ModelRevision laterPause = copy(paused);
        canary(laterPause, 1, 3, "step 4 is pause: {}");
        assertThat(between(List.of(paused), List.of(laterPause))).extracting(Notice::key)
                .containsExactly("ml/fraud-detection/fraud-detection-r6/WaitingForPromotion/a1/step3");
    }

    @Test
    void anInconclusiveAnalysisThatWaitsForAPersonNamesItsMetric() {
        ModelRevision before = revision(7, "RollingOut");
        canary(before, 1, 2, null);
        ModelRevision after = copy(before);
        RolloutStatus rollout = canary(after, 1, 2, "analysis health Inconclusive: waits for a person");
        AnalysisRunStatus run = run(rollout, "a1-step2", "health", 1, "Inconclusive");
        metric(run, "error-rate", "Inconclusive").getMeasurements().add(inconclusive("0.04"));

        Notice notice = between(List.of(before), List.of(after)).get(0);

        assertThat(notice.metrics()).containsExactly(new Notice.MetricFact("error-rate", 0.04, "<= 0.05", null, "analysis health"));
        assertThat(NotificationPayload.text(notice)).isEqualTo("fraud-detection r7 WaitingForPromotion: metric error-rate = 0.04, bound <= 0.05 (analysis health)");
    }

    @Test
    void aRevisionADriftTriggerCreatedIsRetrainTriggeredOnceItsCreateWasTaken() {
        ModelRevision created = revision(8, "Pending");
        created.getSpec().setTrigger(ModelRevisionSpec.Trigger.Drift);
        created.getSpec().setTriggerReason("trigger feature-drift: psi=0.31 above max 0.2 for 5m");

        List<Notice> taken = NotificationRules.between(List.of(), List.of(created), name -> true, HEALTH, NOW);
        List<Notice> notTaken = NotificationRules.between(List.of(), List.of(created), name -> false, HEALTH, NOW);

        assertThat(taken).singleElement().satisfies(n -> {
            assertThat(n.event()).isEqualTo(Event.RetrainTriggered);
            assertThat(n.reason()).isEqualTo("Drift");
            assertThat(NotificationPayload.text(n)).isEqualTo("fraud-detection r8 RetrainTriggered: trigger feature-drift: psi=0.31 above max 0.2 for 5m");
        });
        assertThat(notTaken).as("a create the server has not taken").isEmpty();
        ModelRevision bySpecChange = revision(9, "Pending");
        assertThat(NotificationRules.between(List.of(), List.of(bySpecChange), name -> true, HEALTH, NOW)).as("not a trigger").isEmpty();
    }

    @Test
    void otherEndsAreNotNotificationEvents() {
        for (String end : List.of("Failed", "Superseded", "Aborted", "Training", "Queued")) {
            ModelRevision before = revision(10, "Evaluating");
            assertThat(between(List.of(before), List.of(enter(copy(before), end, "X", "x")))).as(end).isEmpty();
        }
    }

    @Test
    void theViolationSaysWhichSideOfWhichBound() {
        assertThat(NotificationRules.violation(MetricCriteria.between("m", 0.8, 0.9), 0.95)).isEqualTo("> max 0.9");
        assertThat(NotificationRules.violation(MetricCriteria.between("m", 0.8, 0.9), 0.5)).isEqualTo("< min 0.8");
        assertThat(NotificationRules.violation(MetricCriteria.atMostTimesStable("m", 1.5), 3)).isEqualTo("> stable × 1.5");
        assertThat(NotificationRules.violation(MetricCriteria.conditions("m", "result < 1", null), 3))
                .isEqualTo("against successCondition result < 1");
    }

    private static io.modelgate.api.MeasurementStatus inconclusive(String value) {
        io.modelgate.api.MeasurementStatus m = new io.modelgate.api.MeasurementStatus();
        m.setPhase("Inconclusive");
        m.setValue(value);
        return m;
    }

}
