package io.modelgate.rollout;

import io.modelgate.analysis.AnalysisOutcome;

import io.modelgate.rollout.CanaryStep.Analysis;
import io.modelgate.rollout.CanaryStep.Pause;
import io.modelgate.rollout.CanaryStep.SetWeight;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static io.modelgate.analysis.AnalysisOutcome.Phase.Error;
import static io.modelgate.analysis.AnalysisOutcome.Phase.Failed;
import static io.modelgate.analysis.AnalysisOutcome.Phase.Inconclusive;
import static io.modelgate.analysis.AnalysisOutcome.Phase.Running;
import static io.modelgate.analysis.AnalysisOutcome.Phase.Successful;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CanaryMachineTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    /** setWeight 20, pause 5m, analysis error-rate, setWeight 50, pause {}. */
    static final List<CanaryStep> STEPS = List.of(
            new SetWeight(20), Pause.of(Duration.ofMinutes(5)), new Analysis("error-rate"), new SetWeight(50), Pause.untilPromoted());

    static CanaryState at(int step, int weight, Instant startedAt) {
        return new CanaryState(step, weight, startedAt, null, false, false, 1);
    }

    static CanaryInputs in(Instant now) {
        return CanaryInputs.at(now);
    }

    static Instant t(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static <T extends CanaryDecision> T decide(Class<T> type, List<CanaryStep> steps, CanaryState state, CanaryInputs in) {
        CanaryDecision decision = CanaryMachine.next(steps, state, in);
        assertThat(decision).isInstanceOf(type);
        return type.cast(decision);
    }

    // ---- the way through ----------------------------------------------------------------------------------

    @Test
    void aNewCanarySetsTheFirstWeight() {
        CanaryDecision.SetWeight d = decide(CanaryDecision.SetWeight.class, STEPS, CanaryState.initial(T0, false), in(T0));

        assertThat(d.weight()).isEqualTo(20);
        assertThat(d.next()).isEqualTo(at(0, 20, T0));
    }

    @Test
    void aSetWeightStepWaitsForTheCanaryToBeAvailableUntilTheProgressDeadline() {
        CanaryInputs notYet = in(t(60)).withCanaryAvailable(false).withProgress(Duration.ofMinutes(10), t(5));

        CanaryDecision.Wait d = decide(CanaryDecision.Wait.class, STEPS, at(0, 20, T0), notYet);

        assertThat(d.why()).isEqualTo("step 1/5 (setWeight 20): waiting for the canary to be available at weight 20");
        assertThat(d.until()).contains(t(605));
        assertThat(d.next()).isEqualTo(at(0, 20, T0));
    }

    @Test
    void anAvailableCanaryCompletesTheSetWeightStepAndStartsTheTimedPause() {
        CanaryDecision.Wait d = decide(CanaryDecision.Wait.class, STEPS, at(0, 20, T0), in(t(90)));

        assertThat(d.next()).isEqualTo(at(1, 20, t(90)));
        assertThat(d.until()).contains(t(90 + 300));
        assertThat(d.why()).isEqualTo("step 2/5 (pause 5m): pausing at weight 20 until " + t(390));
    }

    @Test
    void aTimedPauseWaitsUntilItsEnd() {
        CanaryDecision.Wait d = decide(CanaryDecision.Wait.class, STEPS, at(1, 20, T0), in(t(299)));

        assertThat(d.until()).contains(t(300));
        assertThat(d.next()).isEqualTo(at(1, 20, T0));
    }

    @Test
    void aTimedPauseEndsExactlyAtItsDurationAndTheAnalysisStarts() {
        CanaryDecision.StartStepAnalysis d = decide(CanaryDecision.StartStepAnalysis.class, STEPS, at(1, 20, T0), in(t(300)));

        assertThat(d.name()).isEqualTo("error-rate");
        assertThat(d.next()).isEqualTo(at(2, 20, t(300)));
    }

    @Test
    void aZeroPauseEndsAtTheNextDecision() {
        List<CanaryStep> steps = List.of(new SetWeight(10), Pause.of(Duration.ZERO), new SetWeight(30));

        CanaryDecision.Wait entered = decide(CanaryDecision.Wait.class, steps, at(0, 10, T0), in(t(10)));
        assertThat(entered.until()).contains(t(10));

        CanaryDecision.SetWeight d = decide(CanaryDecision.SetWeight.class, steps, entered.next(), in(t(10)));
        assertThat(d.weight()).isEqualTo(30);
    }

    @Test
    void anAnalysisStepWithoutARunStartsIt() {
        CanaryDecision.StartStepAnalysis d = decide(CanaryDecision.StartStepAnalysis.class, STEPS, at(2, 20, T0), in(t(30)));

        assertThat(d.name()).isEqualTo("error-rate");
        assertThat(d.next()).isEqualTo(at(2, 20, T0));
    }

    @Test
    void aRunningAnalysisIsAwaited() {
        CanaryDecision.Wait d = decide(CanaryDecision.Wait.class, STEPS, at(2, 20, T0),
                in(t(30)).withStepAnalysis(Running, "2 of 5 measurements"));

        assertThat(d.why()).isEqualTo("step 3/5 analysis error-rate is running at weight 20");
        assertThat(d.until()).isEmpty();
    }

    @Test
    void aSuccessfulAnalysisCompletesTheStepAndTheNextWeightIsSet() {
        CanaryDecision.SetWeight d = decide(CanaryDecision.SetWeight.class, STEPS, at(2, 20, T0),
                in(t(600)).withStepAnalysis(Successful, ""));

        assertThat(d.weight()).isEqualTo(50);
        assertThat(d.next()).isEqualTo(at(3, 50, t(600)));
    }

    @Test
    void aManualPauseStepPausesForAPerson() {
        CanaryDecision.PauseForHuman d = decide(CanaryDecision.PauseForHuman.class, STEPS, at(3, 50, T0), in(t(40)));

        assertThat(d.reason()).isEqualTo("step 5/5 (pause until promoted): waiting for a person to promote");
        assertThat(d.next().pausedReason()).isEqualTo(d.reason());
        assertThat(d.next().stepIndex()).isEqualTo(4);
        assertThat(d.next().stepStartedAt()).isEqualTo(t(40));
    }

    @Test
    void aManualPauseHoldsWhateverTheTimeUntilPromoted() {
        CanaryState paused = at(4, 50, T0).pausedFor("step 5/5 (pause until promoted): waiting for a person to promote");

        CanaryDecision.PauseForHuman d = decide(CanaryDecision.PauseForHuman.class, STEPS, paused, in(t(86_400 * 30)));

        assertThat(d.next()).isEqualTo(paused);
        assertThat(d.reason()).isEqualTo(paused.pausedReason());
    }

    @Test
    void promotingTheLastManualPauseCompletesTheCanary() {
        CanaryState paused = at(4, 50, T0).pausedFor("waiting");

        CanaryDecision.Promote d = decide(CanaryDecision.Promote.class, STEPS, paused, in(t(50)).withAction(ManualAction.Promote));

        assertThat(d.reason()).isEqualTo("all 5 steps completed");
    }

    @Test
    void promotingAManualPauseInTheMiddleResumesWithTheNextStepOnly() {
        List<CanaryStep> steps = List.of(new SetWeight(10), Pause.untilPromoted(), new SetWeight(40), Pause.untilPromoted());
        CanaryState paused = at(1, 10, T0).pausedFor("waiting");

        CanaryDecision.SetWeight d = decide(CanaryDecision.SetWeight.class, steps, paused, in(t(70)).withAction(ManualAction.Promote));

        assertThat(d.weight()).isEqualTo(40);
        assertThat(d.next()).isEqualTo(at(2, 40, t(70)));
    }

    @Test
    void promoteResumesOnlyOneStepEvenWhenTheNextIsAnotherManualPause() {
        List<CanaryStep> steps = List.of(Pause.untilPromoted(), Pause.untilPromoted());
        CanaryState paused = at(0, 0, T0).pausedFor("waiting");

        CanaryDecision.PauseForHuman d = decide(CanaryDecision.PauseForHuman.class, steps, paused,
                in(t(5)).withAction(ManualAction.Promote));

        assertThat(d.next().stepIndex()).isEqualTo(1);
        assertThat(d.reason()).startsWith("step 2/2");
    }

    @Test
    void theLastStepDoneMeansPromotion() {
        List<CanaryStep> steps = List.of(new SetWeight(30), new SetWeight(100));

        CanaryDecision.Promote d = decide(CanaryDecision.Promote.class, steps, at(1, 100, T0), in(t(20)));

        assertThat(d.reason()).isEqualTo("all 2 steps completed");
    }

    @Test
    void noStepsPromoteAtOnce() {
        CanaryDecision.Promote d = decide(CanaryDecision.Promote.class, List.of(), CanaryState.initial(T0, false), in(T0));

        assertThat(d.reason()).isEqualTo("no canary steps: promoted at once");
    }

    @Test
    void aStepIndexBeyondTheStepsCountsAsDone() {
        CanaryDecision.Promote d = decide(CanaryDecision.Promote.class, STEPS.subList(0, 2), at(4, 50, T0), in(t(1)));

        assertThat(d.reason()).isEqualTo("all 2 steps completed");
    }

    @Test
    void aWeightThatDriftedFromTheStepIsSetAgain() {
        CanaryDecision.SetWeight d = decide(CanaryDecision.SetWeight.class, STEPS, at(3, 20, T0), in(t(1)));

        assertThat(d.weight()).isEqualTo(50);
        assertThat(d.next()).isEqualTo(at(3, 50, T0));
    }

    @Test
    void enteringASetWeightStepAtTheSameWeightStillDecidesTheWeight() {
        List<CanaryStep> steps = List.of(new SetWeight(20), new Analysis("latency"), new SetWeight(20), Pause.untilPromoted());

        CanaryDecision.SetWeight d = decide(CanaryDecision.SetWeight.class, steps, at(1, 20, T0),
                in(t(9)).withStepAnalysis(Successful, ""));

        assertThat(d.weight()).isEqualTo(20);
        assertThat(d.next().stepIndex()).isEqualTo(2);
    }

    @Test
    void stepsMayLowerTheWeight() {
        List<CanaryStep> steps = List.of(new SetWeight(50), new SetWeight(10));

        CanaryDecision.SetWeight d = decide(CanaryDecision.SetWeight.class, steps, at(0, 50, T0), in(t(3)));

        assertThat(d.weight()).isEqualTo(10);
    }

    // ---- rollbacks -------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = AnalysisOutcome.Phase.class, names = {"Failed", "Error"})
    void aFailedOrErroredStepAnalysisRollsBackAndSaysWhy(AnalysisOutcome.Phase outcome) {
        CanaryDecision.Rollback d = decide(CanaryDecision.Rollback.class, STEPS, at(2, 20, T0),
                in(t(120)).withStepAnalysis(outcome, "error-rate=0.12 above max 0.05 (3 failures, failureLimit 2)"));

        assertThat(d.reason()).isEqualTo("step 3/5 analysis error-rate " + outcome
                + ": error-rate=0.12 above max 0.05 (3 failures, failureLimit 2)");
        assertThat(d.cause()).isEqualTo(RollbackCause.Analysis);
        assertThat(d.next()).isEqualTo(new CanaryState(2, 0, T0, null, true, false, 1));
    }

    @Test
    void aRollbackWithoutDetailStillNamesTheAnalysis() {
        CanaryDecision.Rollback d = decide(CanaryDecision.Rollback.class, STEPS, at(2, 20, T0), in(t(120)).withStepAnalysis(Error, null));

        assertThat(d.reason()).isEqualTo("step 3/5 analysis error-rate Error");
    }

    @ParameterizedTest
    @EnumSource(value = AnalysisOutcome.Phase.class, names = {"Failed", "Error"})
    void aFailedBackgroundAnalysisRollsBackAtAnyStep(AnalysisOutcome.Phase outcome) {
        for (int step = 0; step <= 4; step++) {
            CanaryState state = new CanaryState(step, 20, T0, null, false, true, 1);

            CanaryDecision.Rollback d = decide(CanaryDecision.Rollback.class, STEPS, state,
                    in(t(10)).withBackgroundAnalysis(outcome, "latency-p99=870ms above max 500ms"));

            assertThat(d.reason()).startsWith("background analysis " + outcome + " at step " + (step + 1) + "/5 (")
                    .endsWith(": latency-p99=870ms above max 500ms");
            assertThat(d.next().aborted()).isTrue();
            assertThat(d.next().canaryWeight()).isZero();
            assertThat(d.next().backgroundAnalysisRunning()).isFalse();
        }
    }

    @Test
    void aFailedReportRollsBackEvenWhenTheStateSaysNoAnalysisIsRunning() {
        CanaryDecision.Rollback d = decide(CanaryDecision.Rollback.class, STEPS, at(1, 20, T0),
                in(t(10)).withBackgroundAnalysis(Failed, ""));

        assertThat(d.reason()).isEqualTo("background analysis Failed at step 2/5 (pause 5m)");
    }

    @Test
    void abortRollsBackAtOnceAndSaysWhere() {
        CanaryDecision.Rollback d = decide(CanaryDecision.Rollback.class, STEPS, at(3, 50, T0), in(t(10)).withAction(ManualAction.Abort));

        assertThat(d.reason()).isEqualTo("aborted by a person at step 4/5 (setWeight 50)");
        assertThat(d.cause()).isEqualTo(RollbackCause.Manual);
        assertThat(d.next()).isEqualTo(new CanaryState(3, 0, T0, null, true, false, 1));
    }

    static Stream<CanaryState> everyKindOfState() {
        return Stream.of(
                CanaryState.initial(T0, true),
                at(0, 20, T0),
                at(1, 20, T0),
                at(2, 20, T0),
                at(4, 50, T0).pausedFor("waiting for a person"),
                at(2, 20, T0).pausedFor("Inconclusive"),
                at(5, 50, T0),
                at(9, 50, T0));
    }

    @ParameterizedTest
    @MethodSource("everyKindOfState")
    void abortRollsBackFromAnyStateEvenPausedOrWithEveryOtherSignal(CanaryState state) {
        CanaryInputs everything = in(t(30)).withAction(ManualAction.Abort).withSpecPaused(true).withCanaryAvailable(false)
                .withStepAnalysis(Successful, "").withBackgroundAnalysis(Inconclusive, "");

        CanaryDecision.Rollback d = decide(CanaryDecision.Rollback.class, STEPS, state, everything);

        assertThat(d.reason()).startsWith("aborted by a person at ");
        assertThat(d.next().aborted()).isTrue();
        assertThat(d.next().canaryWeight()).isZero();
    }

    @Test
    void aCanaryThatIsNotAvailableByTheProgressDeadlineIsRolledBack() {
        CanaryInputs late = in(t(605)).withCanaryAvailable(false).withProgress(Duration.ofMinutes(10), t(5));

        CanaryDecision.Rollback d = decide(CanaryDecision.Rollback.class, STEPS, at(0, 20, T0), late);

        assertThat(d.reason()).isEqualTo("canary not available within the progress deadline of 10m (progressing since "
                + t(5) + ") at step 1/5 (setWeight 20)");
        assertThat(d.cause()).isEqualTo(RollbackCause.ProgressDeadline);
    }

    @Test
    void anAvailableCanaryIsNeverPastItsDeadline() {
        CanaryInputs availableLate = in(t(10_000)).withProgress(Duration.ofMinutes(10), t(5));

        assertThat(CanaryMachine.next(STEPS, at(0, 20, T0), availableLate)).isNotInstanceOf(CanaryDecision.Rollback.class);
    }

    @Test
    void theProgressDeadlineAppliesDuringPausesToo() {
        CanaryInputs late = in(t(700)).withCanaryAvailable(false).withProgress(Duration.ofMinutes(10), t(0)).withSpecPaused(true);

        assertThat(CanaryMachine.next(STEPS, at(4, 50, T0).pausedFor("waiting"), late)).isInstanceOf(CanaryDecision.Rollback.class);
        assertThat(CanaryMachine.next(STEPS, at(1, 20, T0), late)).isInstanceOf(CanaryDecision.Rollback.class);
    }

    // ---- Inconclusive -------------------------------------------------------------------------------------

    @Test
    void anInconclusiveStepAnalysisPausesForAPersonWithTheReason() {
        CanaryDecision.PauseForHuman d = decide(CanaryDecision.PauseForHuman.class, STEPS, at(2, 20, T0),
                in(t(50)).withStepAnalysis(Inconclusive, "no data for error-rate 3 times (inconclusiveLimit 2)"));

        assertThat(d.reason()).isEqualTo("step 3/5 analysis error-rate Inconclusive: no data for error-rate 3 times "
                + "(inconclusiveLimit 2); promote to continue or abort to roll back");
        assertThat(d.next()).isEqualTo(at(2, 20, T0).pausedFor(d.reason()));
    }

    @Test
    void anInconclusivePauseHoldsAndPromoteContinuesWithTheNextStep() {
        CanaryState paused = at(2, 20, T0).pausedFor("step 3/5 analysis error-rate Inconclusive");
        CanaryInputs stillInconclusive = in(t(80)).withStepAnalysis(Inconclusive, "");

        assertThat(CanaryMachine.next(STEPS, paused, stillInconclusive))
                .isEqualTo(new CanaryDecision.PauseForHuman(paused.pausedReason(), paused));

        CanaryDecision.SetWeight d = decide(CanaryDecision.SetWeight.class, STEPS, paused, stillInconclusive.withAction(ManualAction.Promote));
        assertThat(d.weight()).isEqualTo(50);
        assertThat(d.next()).isEqualTo(at(3, 50, t(80)));
    }

    @Test
    void anInconclusiveReportOutsideAnAnalysisStepIsNotThisStepsBusiness() {
        CanaryDecision d = CanaryMachine.next(STEPS, at(1, 20, T0), in(t(30)).withStepAnalysis(Inconclusive, ""));

        assertThat(d).isInstanceOf(CanaryDecision.Wait.class);
    }

    @Test
    void anInconclusiveBackgroundAnalysisPausesUntilAPromoteStartsTheNextRun() {
        CanaryState running = new CanaryState(1, 20, T0, null, false, true, 1);
        CanaryInputs inconclusive = in(t(30)).withBackgroundAnalysis(Inconclusive, "latency no data");

        CanaryDecision.PauseForHuman d = decide(CanaryDecision.PauseForHuman.class, STEPS, running, inconclusive);

        assertThat(d.reason()).isEqualTo("background analysis Inconclusive at step 2/5 (pause 5m): latency no data; "
                + "promote to continue or abort to roll back");
        assertThat(d.next().backgroundAnalysisRunning()).as("the run stays current while a person decides").isTrue();
        assertThat(d.next().pausedReason()).isEqualTo(d.reason());
        assertThat(CanaryMachine.next(STEPS, d.next(), inconclusive.withNow(t(400))))
                .as("the timed pause's end does not lift it").isEqualTo(new CanaryDecision.PauseForHuman(d.reason(), d.next()));

        CanaryDecision resumed = CanaryMachine.next(STEPS, d.next(), inconclusive.withAction(ManualAction.Promote));
        assertThat(resumed).as("the timed pause goes on").isInstanceOf(CanaryDecision.Wait.class);
        assertThat(resumed.nextState()).as("with the attempt's second background run")
                .contains(new CanaryState(1, 20, T0, null, false, true, 1, 2));

        CanaryDecision after = CanaryMachine.next(STEPS, resumed.nextState().orElseThrow(),
                in(t(300)).withBackgroundAnalysis(Running, "measuring"));
        assertThat(after).as("the new run watches the next steps").isInstanceOf(CanaryDecision.StartStepAnalysis.class);
        assertThat(after.nextState()).map(CanaryState::backgroundRun).contains(2);
        CanaryDecision failing = CanaryMachine.next(STEPS, after.nextState().orElseThrow(),
                in(t(330)).withStepAnalysis(Running, "").withBackgroundAnalysis(Failed, "latency-p99=900ms above max 500ms"));
        assertThat(failing).as("and rolls back when it fails").isInstanceOf(CanaryDecision.Rollback.class);
    }

    @Test
    void promotingPastAnInconclusiveBackgroundAnalysisKeepsTheCurrentTimedPause() {
        CanaryState paused = new CanaryState(1, 20, T0, "background analysis Inconclusive", false, true, 1);

        CanaryDecision.Wait d = decide(CanaryDecision.Wait.class, STEPS, paused,
                in(t(60)).withAction(ManualAction.Promote).withBackgroundAnalysis(Inconclusive, ""));

        assertThat(d.until()).as("the pause still ends 5m after it began").contains(t(300));
        assertThat(d.next()).isEqualTo(new CanaryState(1, 20, T0, null, false, true, 1, 2));
    }

    @Test
    void promotingPastAnInconclusiveBackgroundAnalysisStillAwaitsTheStepsOwnAnalysis() {
        CanaryState paused = new CanaryState(2, 20, T0, "background analysis Inconclusive", false, true, 1);

        CanaryDecision.Wait d = decide(CanaryDecision.Wait.class, STEPS, paused,
                in(t(60)).withAction(ManualAction.Promote).withStepAnalysis(Running, "").withBackgroundAnalysis(Inconclusive, ""));

        assertThat(d.why()).isEqualTo("step 3/5 analysis error-rate is running at weight 20");
        assertThat(d.next()).isEqualTo(new CanaryState(2, 20, T0, null, false, true, 1, 2));
    }

    @Test
    void promotingPastAnInconclusiveBackgroundAnalysisStillWaitsForAvailability() {
        CanaryState paused = new CanaryState(0, 20, T0, "background analysis Inconclusive", false, true, 1);

        CanaryDecision d = CanaryMachine.next(STEPS, paused, in(t(60)).withAction(ManualAction.Promote).withCanaryAvailable(false)
                .withBackgroundAnalysis(Inconclusive, ""));

        assertThat(d).isInstanceOf(CanaryDecision.Wait.class);
        assertThat(d.nextState()).contains(new CanaryState(0, 20, T0, null, false, true, 1, 2));
    }

    /** A pause: {} step waiting when the background run turns Inconclusive: the person is told, and one promote does both. */
    @Test
    void anInconclusiveBackgroundRunDuringAPauseStepTakesOverTheReasonAndThePromoteRestartsIt() {
        List<CanaryStep> steps = List.of(new SetWeight(20), Pause.untilPromoted(), new SetWeight(100));
        CanaryState waiting = new CanaryState(1, 20, T0, "step 2/3 (pause): waiting for a person to promote", false, true, 1);
        CanaryInputs inconclusive = in(t(90)).withBackgroundAnalysis(Inconclusive, "latency no data");

        CanaryDecision.PauseForHuman d = decide(CanaryDecision.PauseForHuman.class, steps, waiting, inconclusive);
        assertThat(d.reason()).startsWith("background analysis Inconclusive at step 2/3 (pause until promoted): latency no data");

        CanaryDecision.SetWeight promoted = decide(CanaryDecision.SetWeight.class, steps, d.next(), inconclusive.withAction(ManualAction.Promote));
        assertThat(promoted.weight()).isEqualTo(100);
        assertThat(promoted.next()).isEqualTo(new CanaryState(2, 100, t(90), null, false, true, 1, 2));
    }

    @Test
    void aPromoteWhileTheBackgroundRunIsFineStartsNoNewRun() {
        CanaryDecision d = CanaryMachine.next(List.of(new SetWeight(20), Pause.untilPromoted(), new SetWeight(100)),
                new CanaryState(1, 20, T0, "step 2/3 (pause): waiting for a person to promote", false, true, 1),
                in(t(60)).withAction(ManualAction.Promote).withBackgroundAnalysis(Running, ""));

        assertThat(d).isInstanceOf(CanaryDecision.SetWeight.class);
        assertThat(d.nextState()).contains(new CanaryState(2, 100, t(60), null, false, true, 1, 1));
    }

    @Test
    void aRetryStartsAgainFromTheFirstBackgroundRun() {
        CanaryState aborted = new CanaryState(2, 0, T0, null, true, false, 1, 3);

        CanaryDecision.Restart d = decide(CanaryDecision.Restart.class, STEPS, aborted,
                in(t(500)).withAction(ManualAction.Retry).withBackgroundAnalysisConfigured(true));

        assertThat(d.next().attempt()).isEqualTo(2);
        assertThat(d.next().backgroundRun()).isEqualTo(1);
        assertThat(d.next().backgroundAnalysisRunning()).isTrue();
    }

    @Test
    void aSuccessfulBackgroundAnalysisIsRecordedAsEnded() {
        CanaryState running = new CanaryState(1, 20, T0, null, false, true, 1);

        CanaryDecision d = CanaryMachine.next(STEPS, running, in(t(30)).withBackgroundAnalysis(Successful, ""));

        assertThat(d).isInstanceOf(CanaryDecision.Wait.class);
        assertThat(d.nextState()).map(CanaryState::backgroundAnalysisRunning).contains(false);
    }

    @Test
    void aRunningBackgroundAnalysisDoesNotHoldPromotionBack() {
        CanaryState running = new CanaryState(1, 100, T0, null, false, true, 1);

        CanaryDecision d = CanaryMachine.next(List.of(new SetWeight(40), new SetWeight(100)), running,
                in(t(5)).withBackgroundAnalysis(Running, ""));

        assertThat(d).isEqualTo(new CanaryDecision.Promote("all 2 steps completed"));
    }

    // ---- manual promote and spec.paused ----------------------------------------------------------------------

    @Test
    void promoteWhileNotPausedSkipsToFullPromotion() {
        CanaryDecision.Promote d = decide(CanaryDecision.Promote.class, STEPS, at(1, 20, T0), in(t(10)).withAction(ManualAction.Promote));

        assertThat(d.reason()).isEqualTo("promoted by a person at step 2/5 (pause 5m): remaining steps skipped");
    }

    @Test
    void promoteNeverOverridesAFailedAnalysis() {
        CanaryInputs failedThenPromoted = in(t(10)).withAction(ManualAction.Promote).withStepAnalysis(Failed, "too many errors");

        assertThat(CanaryMachine.next(STEPS, at(2, 20, T0), failedThenPromoted)).isInstanceOf(CanaryDecision.Rollback.class);
        assertThat(CanaryMachine.next(STEPS, at(2, 20, T0), in(t(10)).withAction(ManualAction.Promote).withBackgroundAnalysis(Error, "")))
                .isInstanceOf(CanaryDecision.Rollback.class);
    }

    @Test
    void specPausedWaitsWithoutSettingTheNextWeight() {
        CanaryDecision.Wait d = decide(CanaryDecision.Wait.class, STEPS, CanaryState.initial(T0, false), in(T0).withSpecPaused(true));

        assertThat(d.why()).isEqualTo("paused by spec.paused at step 1/5 (setWeight 20) (weight 0)");
        assertThat(d.until()).isEmpty();
        assertThat(d.next()).isEqualTo(CanaryState.initial(T0, false));
    }

    @Test
    void specPausedDoesNotCompleteASuccessfulAnalysisStep() {
        CanaryDecision d = CanaryMachine.next(STEPS, at(2, 20, T0), in(t(10)).withStepAnalysis(Successful, "").withSpecPaused(true));

        assertThat(d).isInstanceOf(CanaryDecision.Wait.class);
        assertThat(d.nextState()).contains(at(2, 20, T0));
    }

    @Test
    void aTimedPausesClockKeepsRunningWhileSpecPausedAndTheStepCompletesOnUnpause() {
        CanaryState pausing = at(1, 20, T0);

        assertThat(CanaryMachine.next(STEPS, pausing, in(t(900)).withSpecPaused(true))).isInstanceOf(CanaryDecision.Wait.class);

        CanaryDecision unpaused = CanaryMachine.next(STEPS, pausing, in(t(901)));
        assertThat(unpaused).isInstanceOf(CanaryDecision.StartStepAnalysis.class);
    }

    @Test
    void specPausedDoesNotStopARollback() {
        CanaryInputs paused = in(t(10)).withSpecPaused(true);

        assertThat(CanaryMachine.next(STEPS, at(2, 20, T0), paused.withStepAnalysis(Failed, ""))).isInstanceOf(CanaryDecision.Rollback.class);
        assertThat(CanaryMachine.next(STEPS, at(2, 20, T0), paused.withAction(ManualAction.Abort))).isInstanceOf(CanaryDecision.Rollback.class);
    }

    @Test
    void aPersonsPromoteActsEvenUnderSpecPaused() {
        CanaryInputs paused = in(t(10)).withSpecPaused(true).withAction(ManualAction.Promote);

        assertThat(CanaryMachine.next(STEPS, at(1, 20, T0), paused)).isInstanceOf(CanaryDecision.Promote.class);
        assertThat(CanaryMachine.next(STEPS, at(4, 50, T0).pausedFor("waiting"), paused)).isInstanceOf(CanaryDecision.Promote.class);
    }

    @Test
    void anInconclusiveAnalysisIsReportedToAPersonEvenUnderSpecPaused() {
        CanaryDecision d = CanaryMachine.next(STEPS, at(2, 20, T0), in(t(10)).withSpecPaused(true).withStepAnalysis(Inconclusive, ""));

        assertThat(d).isInstanceOf(CanaryDecision.PauseForHuman.class);
    }

    // ---- aborted and retry ---------------------------------------------------------------------------------

    @Test
    void retryRestartsAnAbortedCanaryFromStepZeroAsTheNextAttempt() {
        CanaryState aborted = new CanaryState(3, 0, T0, null, true, false, 2);

        CanaryDecision.Restart d = decide(CanaryDecision.Restart.class, STEPS, aborted,
                in(t(500)).withAction(ManualAction.Retry).withBackgroundAnalysisConfigured(true));

        assertThat(d.next()).isEqualTo(new CanaryState(0, 0, t(500), null, false, true, 3));
        assertThat(d.reason()).isEqualTo("retry requested: attempt 3 starts again from step 1/5 (setWeight 20) at weight 0");

        CanaryDecision first = CanaryMachine.next(STEPS, d.next(), in(t(501)));
        assertThat(first).isEqualTo(new CanaryDecision.SetWeight(20, new CanaryState(0, 20, t(500), null, false, true, 3)));
    }

    @ParameterizedTest
    @EnumSource(value = ManualAction.class, names = {"None", "Promote", "Abort"})
    void anAbortedCanaryWaitsForARetry(ManualAction action) {
        CanaryState aborted = new CanaryState(3, 0, T0, null, true, false, 1);

        CanaryDecision.Wait d = decide(CanaryDecision.Wait.class, STEPS, aborted,
                in(t(9)).withAction(action).withStepAnalysis(Failed, "").withCanaryAvailable(false));

        assertThat(d.why()).isEqualTo("the canary was rolled back (attempt 1); request a retry to start again");
        assertThat(d.next()).isEqualTo(aborted);
    }

    @Test
    void retryOnACanaryThatWasNotAbortedIsIgnored() {
        assertThat(CanaryMachine.next(STEPS, at(1, 20, T0), in(t(5)).withAction(ManualAction.Retry)))
                .isEqualTo(CanaryMachine.next(STEPS, at(1, 20, T0), in(t(5))));
    }

    // ---- records --------------------------------------------------------------------------------------------

    @Test
    void everyDecisionButPromoteCarriesTheStateToPersist() {
        CanaryState s = at(1, 20, T0);

        assertThat(new CanaryDecision.SetWeight(20, s).nextState()).contains(s);
        assertThat(new CanaryDecision.Wait("w", Optional.empty(), s).nextState()).contains(s);
        assertThat(new CanaryDecision.StartStepAnalysis("a", s).nextState()).contains(s);
        assertThat(new CanaryDecision.PauseForHuman("p", s).nextState()).contains(s);
        assertThat(new CanaryDecision.Rollback(RollbackCause.Manual, "r", s).nextState()).contains(s);
        assertThat(new CanaryDecision.Restart("r", s).nextState()).contains(s);
        assertThat(new CanaryDecision.Promote("done").nextState()).isEmpty();
    }

    @Test
    void impossibleStatesAndStepsAreRefused() {
        assertThatThrownBy(() -> new CanaryState(-1, 0, T0, null, false, false, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CanaryState(0, 101, T0, null, false, false, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CanaryState(0, 0, T0, null, false, false, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CanaryState(0, 0, null, null, false, false, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new SetWeight(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SetWeight(101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pause.of(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Analysis(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> in(T0).withProgress(Duration.ofSeconds(-1), T0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stepsDescribeThemselvesForPeople() {
        assertThat(new SetWeight(20).describe()).isEqualTo("setWeight 20");
        assertThat(Pause.of(Duration.ofMinutes(90)).describe()).isEqualTo("pause 1h30m");
        assertThat(Pause.of(Duration.ofMillis(1500)).describe()).isEqualTo("pause 1s500ms");
        assertThat(Pause.of(Duration.ZERO).describe()).isEqualTo("pause 0s");
        assertThat(Pause.untilPromoted().describe()).isEqualTo("pause until promoted");
        assertThat(new Analysis("error-rate").describe()).isEqualTo("analysis error-rate");
    }

    @Test
    void analysisReportsDescribeThemselves() {
        assertThat(AnalysisReport.of(Failed, " x above 3 ").describe()).isEqualTo("Failed: x above 3");
        assertThat(AnalysisReport.of(Successful).describe()).isEqualTo("Successful");
        assertThat(Failed.rollsBack()).isTrue();
        assertThat(Error.rollsBack()).isTrue();
        assertThat(Inconclusive.rollsBack()).isFalse();
    }
}
