package io.modelgate.rollout;

import io.modelgate.analysis.AnalysisOutcome;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static io.modelgate.analysis.AnalysisOutcome.Phase.Inconclusive;
import static io.modelgate.analysis.AnalysisOutcome.Phase.Running;
import static io.modelgate.analysis.AnalysisOutcome.Phase.Successful;
import static io.modelgate.rollout.BlueGreenPhase.Done;
import static io.modelgate.rollout.BlueGreenPhase.PostPromotionAnalysis;
import static io.modelgate.rollout.BlueGreenPhase.PrePromotionAnalysis;
import static io.modelgate.rollout.BlueGreenPhase.PreviewScaling;
import static io.modelgate.rollout.BlueGreenPhase.ScaleDownDelay;
import static io.modelgate.rollout.BlueGreenPhase.SwitchingActive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlueGreenMachineTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final BlueGreenSpec PLAIN = BlueGreenSpec.defaults();
    static final BlueGreenSpec ANALYSED = BlueGreenSpec.defaults()
            .withPrePromotionAnalysis("smoke").withPostPromotionAnalysis("error-rate").withScaleDownDelay(Duration.ofMinutes(2));

    static Instant t(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static BlueGreenState in(BlueGreenPhase phase, Instant since) {
        return new BlueGreenState(phase, since, null, false, 1);
    }

    static BlueGreenInputs at(Instant now) {
        return BlueGreenInputs.at(now);
    }

    static <T extends BlueGreenDecision> T decide(Class<T> type, BlueGreenSpec spec, BlueGreenState state, BlueGreenInputs in) {
        BlueGreenDecision decision = BlueGreenMachine.next(spec, state, in);
        assertThat(decision).isInstanceOf(type);
        return type.cast(decision);
    }

    // ---- the way through ----------------------------------------------------------------------------------

    @Test
    void thePreviewIsAwaitedUntilTheProgressDeadline() {
        BlueGreenDecision.Wait d = decide(BlueGreenDecision.Wait.class, PLAIN, BlueGreenState.initial(T0),
                at(t(30)).withNewAvailable(false).withProgress(Duration.ofMinutes(10), T0));

        assertThat(d.why()).isEqualTo("waiting for the new revision to be available behind the preview Service");
        assertThat(d.until()).contains(t(600));
        assertThat(d.next()).isEqualTo(BlueGreenState.initial(T0));
    }

    @Test
    void withoutAnalysesAnAvailablePreviewSwitchesTheActiveService() {
        BlueGreenDecision.SwitchActive d = decide(BlueGreenDecision.SwitchActive.class, PLAIN, BlueGreenState.initial(T0), at(t(40)));

        assertThat(d.reason()).isEqualTo("the new revision is available: switching the active Service to it");
        assertThat(d.next()).isEqualTo(in(SwitchingActive, t(40)));
        assertThat(d.next().activeOnNewRevision()).isTrue();
    }

    @Test
    void afterTheSwitchTheOldRevisionIsKeptForTheScaleDownDelayThenPromoted() {
        BlueGreenDecision.Wait delay = decide(BlueGreenDecision.Wait.class, PLAIN, in(SwitchingActive, t(40)), at(t(50)));
        assertThat(delay.next()).isEqualTo(in(ScaleDownDelay, t(50)));
        assertThat(delay.until()).contains(t(80));
        assertThat(delay.why()).isEqualTo("keeping the old revision at size until " + t(80) + " (scale-down delay 30s)");

        assertThat(BlueGreenMachine.next(PLAIN, delay.next(), at(t(79)))).isInstanceOf(BlueGreenDecision.Wait.class);

        BlueGreenDecision.Promote done = decide(BlueGreenDecision.Promote.class, PLAIN, delay.next(), at(t(80)));
        assertThat(done.reason()).isEqualTo("the new revision is active; scaling the old revision down after the scale-down delay of 30s");
    }

    @Test
    void aZeroScaleDownDelayPromotesAsSoonAsTheSwitchHasTakenEffect() {
        BlueGreenSpec noDelay = PLAIN.withScaleDownDelay(Duration.ZERO);

        assertThat(BlueGreenMachine.next(noDelay, in(SwitchingActive, t(40)), at(t(50)))).isInstanceOf(BlueGreenDecision.Promote.class);
    }

    @Test
    void theSwitchWaitsForTheNewRevisionToBeAvailableBeforeGoingOn() {
        BlueGreenDecision.Wait d = decide(BlueGreenDecision.Wait.class, PLAIN, in(SwitchingActive, t(40)),
                at(t(50)).withNewAvailable(false).withProgress(Duration.ofMinutes(10), t(45)));

        assertThat(d.why()).isEqualTo("active Service switched; waiting for the new revision to be available");
        assertThat(d.until()).contains(t(645));
    }

    @Test
    void aPrePromotionAnalysisRunsAgainstThePreviewBeforeTheSwitch() {
        BlueGreenDecision.StartAnalysis start = decide(BlueGreenDecision.StartAnalysis.class, ANALYSED, BlueGreenState.initial(T0), at(t(20)));
        assertThat(start.name()).isEqualTo("smoke");
        assertThat(start.next()).isEqualTo(in(PrePromotionAnalysis, t(20)));

        assertThat(BlueGreenMachine.next(ANALYSED, start.next(), at(t(21))))
                .as("a lost run is started again").isEqualTo(new BlueGreenDecision.StartAnalysis("smoke", start.next()));

        BlueGreenDecision.Wait running = decide(BlueGreenDecision.Wait.class, ANALYSED, start.next(), at(t(30)).withAnalysis(Running, ""));
        assertThat(running.why()).isEqualTo("pre-promotion analysis smoke is running");

        BlueGreenDecision.SwitchActive d = decide(BlueGreenDecision.SwitchActive.class, ANALYSED, start.next(),
                at(t(90)).withAnalysis(Successful, ""));
        assertThat(d.reason()).isEqualTo("pre-promotion analysis passed: switching the active Service to the new revision");
        assertThat(d.next()).isEqualTo(in(SwitchingActive, t(90)));
    }

    @Test
    void aPassedPrePromotionAnalysisStillWaitsForAnAvailableRevisionBeforeSwitching() {
        BlueGreenDecision.Wait d = decide(BlueGreenDecision.Wait.class, ANALYSED, in(PrePromotionAnalysis, t(20)),
                at(t(90)).withAnalysis(Successful, "").withNewAvailable(false).withProgress(Duration.ofMinutes(10), t(80)));

        assertThat(d.why()).isEqualTo("pre-promotion analysis passed; waiting for the new revision to be available before switching");
    }

    @Test
    void aPostPromotionAnalysisRunsAfterTheSwitchThenTheScaleDownDelay() {
        BlueGreenDecision.StartAnalysis start = decide(BlueGreenDecision.StartAnalysis.class, ANALYSED, in(SwitchingActive, t(90)), at(t(100)));
        assertThat(start.name()).isEqualTo("error-rate");
        assertThat(start.next()).isEqualTo(in(PostPromotionAnalysis, t(100)));

        BlueGreenDecision.Wait delay = decide(BlueGreenDecision.Wait.class, ANALYSED, start.next(), at(t(400)).withAnalysis(Successful, ""));
        assertThat(delay.next()).isEqualTo(in(ScaleDownDelay, t(400)));
        assertThat(delay.until()).contains(t(520));

        BlueGreenDecision.Promote done = decide(BlueGreenDecision.Promote.class, ANALYSED, delay.next(), at(t(520)).withAnalysis(Successful, ""));
        assertThat(done.reason()).isEqualTo("the new revision is active and passed post-promotion analysis error-rate; "
                + "scaling the old revision down after the scale-down delay of 2m");
    }

    @Test
    void withAutomaticPromotionOffAPersonIsAskedBeforeTheSwitch() {
        BlueGreenSpec manual = PLAIN.withAutoPromotionEnabled(false);

        BlueGreenDecision.PauseForHuman d = decide(BlueGreenDecision.PauseForHuman.class, manual, BlueGreenState.initial(T0), at(t(30)));

        assertThat(d.reason()).isEqualTo("the new revision is ready behind the preview Service; automatic promotion is off: "
                + "promote to switch the active Service, or abort");
        assertThat(d.next().phase()).isEqualTo(PreviewScaling);
        assertThat(d.next().activeOnNewRevision()).isFalse();

        assertThat(BlueGreenMachine.next(manual, d.next(), at(t(86_400)))).isEqualTo(d);

        BlueGreenDecision.SwitchActive switched = decide(BlueGreenDecision.SwitchActive.class, manual, d.next(),
                at(t(90_000)).withAction(ManualAction.Promote));
        assertThat(switched.reason()).isEqualTo("promoted by a person: switching the active Service to the new revision");
        assertThat(switched.next()).isEqualTo(in(SwitchingActive, t(90_000)));
    }

    @Test
    void withAutomaticPromotionOffThePauseComesAfterThePrePromotionAnalysis() {
        BlueGreenSpec manual = ANALYSED.withAutoPromotionEnabled(false);

        BlueGreenDecision.PauseForHuman d = decide(BlueGreenDecision.PauseForHuman.class, manual, in(PrePromotionAnalysis, t(20)),
                at(t(90)).withAnalysis(Successful, ""));

        assertThat(d.reason()).startsWith("the new revision is ready behind the preview Service and passed pre-promotion analysis smoke;");
    }

    // ---- Inconclusive -------------------------------------------------------------------------------------

    @Test
    void anInconclusivePrePromotionAnalysisPausesAndPromoteSwitches() {
        BlueGreenInputs inconclusive = at(t(90)).withAnalysis(Inconclusive, "no data 3 times");

        BlueGreenDecision.PauseForHuman d = decide(BlueGreenDecision.PauseForHuman.class, ANALYSED, in(PrePromotionAnalysis, t(20)), inconclusive);
        assertThat(d.reason()).isEqualTo("pre-promotion analysis smoke Inconclusive: no data 3 times; promote to continue or abort to roll back");

        assertThat(BlueGreenMachine.next(ANALYSED, d.next(), inconclusive.withAction(ManualAction.Promote)))
                .isInstanceOf(BlueGreenDecision.SwitchActive.class);
    }

    @Test
    void anInconclusivePostPromotionAnalysisPausesAndPromoteGoesOnToTheScaleDownDelay() {
        BlueGreenInputs inconclusive = at(t(300)).withAnalysis(Inconclusive, "");

        BlueGreenDecision.PauseForHuman d = decide(BlueGreenDecision.PauseForHuman.class, ANALYSED, in(PostPromotionAnalysis, t(100)), inconclusive);
        assertThat(d.next().activeOnNewRevision()).isTrue();

        BlueGreenDecision.Wait delay = decide(BlueGreenDecision.Wait.class, ANALYSED, d.next(), inconclusive.withNow(t(310)).withAction(ManualAction.Promote));
        assertThat(delay.next()).isEqualTo(in(ScaleDownDelay, t(310)));
    }

    // ---- rollbacks -------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = AnalysisOutcome.Phase.class, names = {"Failed", "Error"})
    void aFailedPrePromotionAnalysisRollsBackWithoutEverMovingTheActiveService(AnalysisOutcome.Phase outcome) {
        BlueGreenDecision.Rollback d = decide(BlueGreenDecision.Rollback.class, ANALYSED, in(PrePromotionAnalysis, t(20)),
                at(t(90)).withAnalysis(outcome, "smoke-errors=4 above max 0"));

        assertThat(d.reason()).isEqualTo("pre-promotion analysis smoke " + outcome
                + ": smoke-errors=4 above max 0; the active Service never left the previous revision");
        assertThat(d.cause()).isEqualTo(RollbackCause.Analysis);
        assertThat(d.next()).isEqualTo(new BlueGreenState(PrePromotionAnalysis, t(20), null, true, 1));
        assertThat(d.next().activeOnNewRevision()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = AnalysisOutcome.Phase.class, names = {"Failed", "Error"})
    void aFailedPostPromotionAnalysisSwitchesBack(AnalysisOutcome.Phase outcome) {
        BlueGreenDecision.Rollback d = decide(BlueGreenDecision.Rollback.class, ANALYSED, in(PostPromotionAnalysis, t(100)),
                at(t(300)).withAnalysis(outcome, "error-rate=0.2 above max 0.05"));

        assertThat(d.reason()).isEqualTo("post-promotion analysis error-rate " + outcome
                + ": error-rate=0.2 above max 0.05; the active Service switches back to the previous revision");
        assertThat(d.next().aborted()).isTrue();
        assertThat(d.next().activeOnNewRevision()).as("the active Service selects the old revision again").isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = BlueGreenPhase.class, names = {"PreviewScaling", "PrePromotionAnalysis", "SwitchingActive",
            "PostPromotionAnalysis", "ScaleDownDelay"})
    void abortRollsBackFromEveryPhaseUpToTheEndOfTheScaleDownDelay(BlueGreenPhase phase) {
        BlueGreenInputs abort = at(t(50)).withAction(ManualAction.Abort).withSpecPaused(true).withAnalysis(Successful, "");

        BlueGreenDecision.Rollback d = decide(BlueGreenDecision.Rollback.class, ANALYSED, in(phase, t(10)), abort);
        assertThat(d.reason()).startsWith("aborted by a person ");
        assertThat(d.cause()).isEqualTo(RollbackCause.Manual);
        assertThat(d.next().aborted()).isTrue();

        BlueGreenDecision.Rollback paused = decide(BlueGreenDecision.Rollback.class, ANALYSED, in(phase, t(10)).pausedFor("waiting"), abort);
        assertThat(paused.next().pausedForHuman()).isFalse();
    }

    @Test
    void abortSaysWhereItHappened() {
        BlueGreenInputs abort = at(t(50)).withAction(ManualAction.Abort);

        assertThat(decide(BlueGreenDecision.Rollback.class, ANALYSED, in(ScaleDownDelay, t(10)), abort).reason())
                .isEqualTo("aborted by a person during the scale-down delay; the active Service switches back to the previous revision");
        assertThat(decide(BlueGreenDecision.Rollback.class, ANALYSED, in(PreviewScaling, t(10)), abort).reason())
                .isEqualTo("aborted by a person while the new revision scales up behind the preview Service; "
                        + "the active Service never left the previous revision");
    }

    @ParameterizedTest
    @EnumSource(value = BlueGreenPhase.class, names = {"PreviewScaling", "PrePromotionAnalysis", "SwitchingActive",
            "PostPromotionAnalysis", "ScaleDownDelay"})
    void aRevisionNotAvailableByTheProgressDeadlineIsRolledBackInEveryPhase(BlueGreenPhase phase) {
        BlueGreenInputs late = at(t(700)).withNewAvailable(false).withProgress(Duration.ofMinutes(10), t(100)).withSpecPaused(true);

        BlueGreenDecision.Rollback d = decide(BlueGreenDecision.Rollback.class, ANALYSED, in(phase, t(10)), late);

        assertThat(d.reason()).startsWith("new revision not available within the progress deadline of 10m (progressing since " + t(100) + ") ");
        assertThat(d.cause()).isEqualTo(RollbackCause.ProgressDeadline);
    }

    // ---- manual control and spec.paused -------------------------------------------------------------------

    @Test
    void promoteWhileNotPausedSkipsToFullPromotion() {
        BlueGreenDecision.Promote d = decide(BlueGreenDecision.Promote.class, ANALYSED, in(PrePromotionAnalysis, t(10)),
                at(t(20)).withAction(ManualAction.Promote).withAnalysis(Running, ""));

        assertThat(d.reason()).isEqualTo("promoted by a person during pre-promotion analysis smoke: remaining phases skipped");
    }

    @Test
    void promoteNeverOverridesAFailedAnalysis() {
        assertThat(BlueGreenMachine.next(ANALYSED, in(PostPromotionAnalysis, t(10)),
                at(t(20)).withAction(ManualAction.Promote).withAnalysis(AnalysisOutcome.Phase.Failed, "")))
                .isInstanceOf(BlueGreenDecision.Rollback.class);
    }

    @Test
    void specPausedHoldsEveryPhaseButTheScaleDownDelaysClockKeepsRunning() {
        BlueGreenInputs paused = at(t(500)).withSpecPaused(true).withAnalysis(Successful, "");

        for (BlueGreenPhase phase : new BlueGreenPhase[]{PreviewScaling, PrePromotionAnalysis, SwitchingActive, PostPromotionAnalysis, ScaleDownDelay}) {
            BlueGreenDecision.Wait d = decide(BlueGreenDecision.Wait.class, ANALYSED, in(phase, t(10)), paused);
            assertThat(d.why()).startsWith("paused by spec.paused ");
            assertThat(d.next()).isEqualTo(in(phase, t(10)));
        }

        assertThat(BlueGreenMachine.next(ANALYSED, in(ScaleDownDelay, t(10)), paused.withSpecPaused(false)))
                .isInstanceOf(BlueGreenDecision.Promote.class);
    }

    @Test
    void retryRestartsAnAbortedRolloutAsTheNextAttempt() {
        BlueGreenState aborted = new BlueGreenState(PostPromotionAnalysis, t(10), null, true, 1);

        BlueGreenDecision.Restart d = decide(BlueGreenDecision.Restart.class, ANALYSED, aborted, at(t(99)).withAction(ManualAction.Retry));

        assertThat(d.next()).isEqualTo(new BlueGreenState(PreviewScaling, t(99), null, false, 2));
        assertThat(d.reason()).isEqualTo("retry requested: attempt 2 starts again by scaling the new revision behind the preview Service");
    }

    @ParameterizedTest
    @EnumSource(value = ManualAction.class, names = {"None", "Promote", "Abort"})
    void anAbortedRolloutWaitsForARetry(ManualAction action) {
        BlueGreenState aborted = new BlueGreenState(SwitchingActive, t(10), null, true, 1);

        BlueGreenDecision.Wait d = decide(BlueGreenDecision.Wait.class, ANALYSED, aborted, at(t(99)).withAction(action));

        assertThat(d.next()).isEqualTo(aborted);
        assertThat(d.why()).isEqualTo("the rollout was rolled back (attempt 1); request a retry to start again");
    }

    @ParameterizedTest
    @EnumSource(ManualAction.class)
    void aDoneRolloutStaysPromoted(ManualAction action) {
        assertThat(BlueGreenMachine.next(ANALYSED, in(Done, t(10)), at(t(99)).withAction(action)))
                .isInstanceOf(BlueGreenDecision.Promote.class);
    }

    @Test
    void retryOnARolloutThatWasNotAbortedIsIgnored() {
        assertThat(BlueGreenMachine.next(ANALYSED, in(PreviewScaling, T0), at(t(5)).withAction(ManualAction.Retry)))
                .isEqualTo(BlueGreenMachine.next(ANALYSED, in(PreviewScaling, T0), at(t(5))));
    }

    // ---- records --------------------------------------------------------------------------------------------

    @Test
    void everyDecisionButPromoteCarriesTheStateToPersist() {
        BlueGreenState s = in(SwitchingActive, T0);

        assertThat(new BlueGreenDecision.Wait("w", Optional.empty(), s).nextState()).contains(s);
        assertThat(new BlueGreenDecision.StartAnalysis("a", s).nextState()).contains(s);
        assertThat(new BlueGreenDecision.SwitchActive("s", s).nextState()).contains(s);
        assertThat(new BlueGreenDecision.PauseForHuman("p", s).nextState()).contains(s);
        assertThat(new BlueGreenDecision.Rollback(RollbackCause.Manual, "r", s).nextState()).contains(s);
        assertThat(new BlueGreenDecision.Restart("r", s).nextState()).contains(s);
        assertThat(new BlueGreenDecision.Promote("done").nextState()).isEmpty();
    }

    @Test
    void theActiveServiceFollowsThePhase() {
        assertThat(PreviewScaling.activeOnNewRevision()).isFalse();
        assertThat(PrePromotionAnalysis.activeOnNewRevision()).isFalse();
        assertThat(SwitchingActive.activeOnNewRevision()).isTrue();
        assertThat(PostPromotionAnalysis.activeOnNewRevision()).isTrue();
        assertThat(ScaleDownDelay.activeOnNewRevision()).isTrue();
        assertThat(Done.activeOnNewRevision()).isTrue();
    }

    @Test
    void impossibleSpecsAndStatesAreRefused() {
        assertThatThrownBy(() -> PLAIN.withScaleDownDelay(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PLAIN.withPrePromotionAnalysis(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BlueGreenState(PreviewScaling, T0, null, false, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> at(T0).withProgress(Duration.ofSeconds(-1), T0)).isInstanceOf(IllegalArgumentException.class);
    }
}
