package io.modelgate.rollout;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Both machines' decisions in the one shape the rollout loop carries out. */
class RolloutDecisionTest {

    static final Instant NOW = Instant.parse("2026-11-01T10:00:00Z");

    static CanaryState canary(int step, int weight) {
        return new CanaryState(step, weight, NOW, null, false, false, 1);
    }

    @Test
    void aNewWeightIsAnnouncedRestartsTheClockAndComesBackInASecond() {
        var decision = RolloutDecision.of(new CanaryDecision.SetWeight(20, canary(1, 20)), canary(0, 0), 3, NOW, "fraud-r2");

        var proceed = (RolloutDecision.Proceed<CanaryState>) decision;
        assertThat(proceed.next()).isEqualTo(canary(1, 20));
        assertThat(proceed.message()).isEqualTo("setWeight 20");
        assertThat(proceed.announcement()).contains(new RolloutDecision.Announcement(RolloutDecision.Announcement.Kind.WeightSet, "fraud-r2 canary weight 0 -> 20"));
        assertThat(proceed.restartsClock()).isTrue();
        assertThat(proceed.wakeAt()).contains(NOW.plusSeconds(1));
        assertThat(proceed.decideAgain()).isFalse();
    }

    @Test
    void theSameWeightAgainIsNeitherAnnouncedNorAClockRestart() {
        var proceed = (RolloutDecision.Proceed<CanaryState>) RolloutDecision.of(
                new CanaryDecision.SetWeight(20, canary(1, 20)), canary(0, 20), 3, NOW, "fraud-r2");

        assertThat(proceed.announcement()).isEmpty();
        assertThat(proceed.restartsClock()).isFalse();
    }

    @Test
    void aStepAnalysisStartsItsRunAndDecidesAgainAtOnce() {
        var proceed = (RolloutDecision.Proceed<CanaryState>) RolloutDecision.of(
                new CanaryDecision.StartStepAnalysis("errors", canary(1, 20)), canary(1, 20), 3, NOW, "fraud-r2");

        assertThat(proceed.startsRun()).contains("errors");
        assertThat(proceed.message()).isEqualTo("step 2/3: analysis errors started");
        assertThat(proceed.decideAgain()).isTrue();
    }

    @Test
    void aWaitDecidesAgainOnlyWhenTheStateMoved() {
        var stays = (RolloutDecision.Proceed<CanaryState>) RolloutDecision.of(
                new CanaryDecision.Wait("paused", Optional.of(NOW.plusSeconds(60)), canary(1, 20)), canary(1, 20), 3, NOW, "r");
        var moves = (RolloutDecision.Proceed<CanaryState>) RolloutDecision.of(
                new CanaryDecision.Wait("pause over", Optional.empty(), canary(2, 20)), canary(1, 20), 3, NOW, "r");

        assertThat(stays.decideAgain()).isFalse();
        assertThat(stays.wakeAt()).contains(NOW.plusSeconds(60));
        assertThat(moves.decideAgain()).isTrue();
    }

    @Test
    void rollbacksKeepTheirTypedCauseAndPausesAndPromotionsTheirReason() {
        var rollback = RolloutDecision.of(new CanaryDecision.Rollback(RollbackCause.ProgressDeadline, "late", canary(1, 0)), canary(1, 20), 3, NOW, "r");
        var pause = RolloutDecision.of(new CanaryDecision.PauseForHuman("promote me", canary(2, 20)), canary(2, 20), 3, NOW, "r");
        var promote = RolloutDecision.of(new CanaryDecision.Promote("all steps done"), canary(3, 100), 3, NOW, "r");

        assertThat(rollback).isEqualTo(new RolloutDecision.Rollback<>(RollbackCause.ProgressDeadline, "late", canary(1, 0)));
        assertThat(pause).isEqualTo(new RolloutDecision.Pause<>(canary(2, 20), "promote me"));
        assertThat(promote).isEqualTo(new RolloutDecision.Promote<>("all steps done"));
    }

    @Test
    void aBlueGreenSwitchIsAnnouncedRestartsTheClockAndComesBackAtOnce() {
        BlueGreenState preview = new BlueGreenState(BlueGreenPhase.PreviewScaling, NOW, null, false, 1);
        BlueGreenState switched = new BlueGreenState(BlueGreenPhase.ScaleDownDelay, NOW, null, false, 1);

        var proceed = (RolloutDecision.Proceed<BlueGreenState>) RolloutDecision.of(
                new BlueGreenDecision.SwitchActive("switching", switched), preview, NOW);

        assertThat(proceed.announcement()).contains(new RolloutDecision.Announcement(RolloutDecision.Announcement.Kind.ActiveSwitched, "switching"));
        assertThat(proceed.restartsClock()).isTrue();
        assertThat(proceed.wakeAt()).contains(NOW);
        assertThat(proceed.decideAgain()).isFalse();
    }

    @Test
    void aBlueGreenPhaseChangeDecidesAgainAndARetryRestartsAsANewAttempt() {
        BlueGreenState preview = new BlueGreenState(BlueGreenPhase.PreviewScaling, NOW, null, false, 1);
        BlueGreenState analysing = new BlueGreenState(BlueGreenPhase.PrePromotionAnalysis, NOW, null, false, 1);

        var moved = (RolloutDecision.Proceed<BlueGreenState>) RolloutDecision.of(
                new BlueGreenDecision.Wait("ready", Optional.empty(), analysing), preview, NOW);
        var restart = (RolloutDecision.Proceed<BlueGreenState>) RolloutDecision.of(
                new BlueGreenDecision.Restart("retry", preview), analysing, NOW);

        assertThat(moved.decideAgain()).isTrue();
        assertThat(restart.decideAgain()).isTrue();
        assertThat(restart.restartsClock()).isTrue();
    }
}
