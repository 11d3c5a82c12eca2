package io.modelgate.rollout;

import io.modelgate.analysis.AnalysisOutcome;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides a blue-green rollout's next move. Pure: the same arguments always give the same decision.
 *
 * <p>The way through: {@code PreviewScaling} (the new revision at full size behind the preview Service) → when it
 * is available, {@code PrePromotionAnalysis} if configured → when Successful (and the new revision available), a
 * pause for a person if {@code autoPromotionEnabled} is false → {@code SwitchingActive} (the active Service now
 * selects the new revision) → when available, {@code PostPromotionAnalysis} if configured → when Successful,
 * {@code ScaleDownDelay} (the old revision kept at size) → at its end, {@link BlueGreenDecision.Promote} (old
 * revision to 0, {@code Done}). Each move is decided in the call that sees its condition met, and entering a phase
 * decides its first action (start its analysis, switch, or wait for the delay; a zero delay promotes at once).
 *
 * <p>Rules, first match wins:
 * <ol>
 *   <li><b>Aborted</b>: Retry restarts a new attempt from {@code PreviewScaling}; anything else waits.
 *       {@code Done}: promoted, whatever the action (the old revision is gone, there is nothing to switch back to).</li>
 *   <li><b>Abort</b> rolls back at once, in every phase up to the end of the scale-down delay: while the old
 *       revision is still at size, switching back is cheap, so it stays possible after the switch.</li>
 *   <li>A <b>Failed or Error</b> analysis outcome rolls back: before the switch the active Service never moved;
 *       after it (post-promotion analysis) the active Service switches back.</li>
 *   <li><b>Progress deadline</b>: the new revision not available at {@code newProgressingSince + progressDeadline}
 *       or later rolls back, in every phase.</li>
 *   <li><b>Promote</b>: while paused for a person it resumes (before the switch: switch now, even if not every new
 *       pod is ready, since a person asked; during post-promotion analysis: go on to the scale-down delay);
 *       otherwise it skips to full promotion.</li>
 *   <li>Paused for a person: the pause is repeated. An <b>Inconclusive</b> analysis pauses for a person.</li>
 *   <li>{@code spec.paused}: wait without moving on; the scale-down delay's clock keeps running (wall time since
 *       the phase began). Rollbacks still apply.</li>
 *   <li>The phase's own condition, as above.</li>
 * </ol>
 */
public final class BlueGreenMachine {

    private BlueGreenMachine() {
    }

    public static BlueGreenDecision next(BlueGreenSpec spec, BlueGreenState state, BlueGreenInputs in) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(in, "in");
        BlueGreenPhase phase = state.phase();

        if (state.aborted()) {
            if (in.action() == ManualAction.Retry) {
                BlueGreenState retried = state.retried(in.now());
                return new BlueGreenDecision.Restart("retry requested: attempt " + retried.attempt()
                        + " starts again by scaling the new revision behind the preview Service", retried);
            }
            return new BlueGreenDecision.Wait("the rollout was rolled back (attempt " + state.attempt()
                    + "); request a retry to start again", Optional.empty(), state);
        }
        if (phase == BlueGreenPhase.Done) {
            return new BlueGreenDecision.Promote("blue-green rollout complete: the new revision is active and the old one scaled down");
        }
        if (in.action() == ManualAction.Abort) {
            return rollback(RollbackCause.Manual, "aborted by a person " + where(spec, phase), state);
        }
        Optional<AnalysisReport> report = in.analysis();
        if (report.isPresent() && report.get().outcome().rollsBack()) {
            return rollback(RollbackCause.Analysis, analysisLabel(spec, phase) + " " + report.get().outcome() + Texts.suffix(report.get()), state);
        }
        Instant deadline = in.newProgressingSince().plus(in.progressDeadline());
        if (!in.newAvailable() && !in.now().isBefore(deadline)) {
            return rollback(RollbackCause.ProgressDeadline, "new revision not available within the progress deadline of " + Texts.duration(in.progressDeadline())
                    + " (progressing since " + in.newProgressingSince() + ") " + where(spec, phase), state);
        }
        if (in.action() == ManualAction.Promote) {
            if (state.pausedForHuman()) {
                return phase.activeOnNewRevision()
                        ? enterScaleDownDelay(spec, state, in)
                        : switchActive(state, in, "promoted by a person: switching the active Service to the new revision");
            }
            return new BlueGreenDecision.Promote("promoted by a person " + where(spec, phase) + ": remaining phases skipped");
        }
        if (state.pausedForHuman()) {
            return new BlueGreenDecision.PauseForHuman(state.pausedReason(), state);
        }
        boolean analysisPhase = phase == BlueGreenPhase.PrePromotionAnalysis || phase == BlueGreenPhase.PostPromotionAnalysis;
        if (analysisPhase && report.isPresent() && report.get().outcome() == AnalysisOutcome.Phase.Inconclusive) {
            String reason = analysisLabel(spec, phase) + " Inconclusive" + Texts.suffix(report.get())
                    + "; promote to continue or abort to roll back";
            return new BlueGreenDecision.PauseForHuman(reason, state.pausedFor(reason));
        }
        if (in.specPaused()) {
            return new BlueGreenDecision.Wait("paused by spec.paused " + where(spec, phase), Optional.empty(), state);
        }

        switch (phase) {
            case PreviewScaling:
                return in.newAvailable()
                        ? previewReady(spec, state, in)
                        : new BlueGreenDecision.Wait("waiting for the new revision to be available behind the preview Service",
                        Optional.of(deadline), state);
            case PrePromotionAnalysis: {
                Optional<String> name = spec.prePromotionAnalysis();
                if (name.isPresent() && report.isEmpty()) {
                    return new BlueGreenDecision.StartAnalysis(name.get(), state);
                }
                if (name.isPresent() && report.get().outcome() == AnalysisOutcome.Phase.Running) {
                    return new BlueGreenDecision.Wait(analysisLabel(spec, phase) + " is running", Optional.empty(), state);
                }
                // Successful, or no longer configured.
                return in.newAvailable()
                        ? beforeSwitch(spec, state, in)
                        : new BlueGreenDecision.Wait("pre-promotion analysis passed; waiting for the new revision to be available before switching",
                        Optional.of(deadline), state);
            }
            case SwitchingActive:
                return in.newAvailable()
                        ? afterSwitch(spec, state, in)
                        : new BlueGreenDecision.Wait("active Service switched; waiting for the new revision to be available",
                        Optional.of(deadline), state);
            case PostPromotionAnalysis: {
                Optional<String> name = spec.postPromotionAnalysis();
                if (name.isPresent() && report.isEmpty()) {
                    return new BlueGreenDecision.StartAnalysis(name.get(), state);
                }
                if (name.isPresent() && report.get().outcome() == AnalysisOutcome.Phase.Running) {
                    return new BlueGreenDecision.Wait(analysisLabel(spec, phase) + " is running", Optional.empty(), state);
                }
                return enterScaleDownDelay(spec, state, in);
            }
            case ScaleDownDelay: {
                Instant until = state.phaseStartedAt().plus(spec.scaleDownDelay());
                return in.now().isBefore(until)
                        ? new BlueGreenDecision.Wait("keeping the old revision at size until " + until + " (scale-down delay "
                        + Texts.duration(spec.scaleDownDelay()) + ")", Optional.of(until), state)
                        : promoteAfterDelay(spec);
            }
            default:
                throw new IllegalStateException("unexpected phase " + phase);
        }
    }

    private static BlueGreenDecision previewReady(BlueGreenSpec spec, BlueGreenState state, BlueGreenInputs in) {
        if (spec.prePromotionAnalysis().isPresent()) {
            return new BlueGreenDecision.StartAnalysis(spec.prePromotionAnalysis().get(),
                    state.enter(BlueGreenPhase.PrePromotionAnalysis, in.now()));
        }
        return beforeSwitch(spec, state, in);
    }

    private static BlueGreenDecision beforeSwitch(BlueGreenSpec spec, BlueGreenState state, BlueGreenInputs in) {
        if (!spec.autoPromotionEnabled()) {
            String passed = state.phase() == BlueGreenPhase.PrePromotionAnalysis && spec.prePromotionAnalysis().isPresent()
                    ? " and passed pre-promotion analysis " + spec.prePromotionAnalysis().get() : "";
            String reason = "the new revision is ready behind the preview Service" + passed
                    + "; automatic promotion is off: promote to switch the active Service, or abort";
            return new BlueGreenDecision.PauseForHuman(reason, state.pausedFor(reason));
        }
        return switchActive(state, in, state.phase() == BlueGreenPhase.PrePromotionAnalysis
                ? "pre-promotion analysis passed: switching the active Service to the new revision"
                : "the new revision is available: switching the active Service to it");
    }

    private static BlueGreenDecision switchActive(BlueGreenState state, BlueGreenInputs in, String reason) {
        return new BlueGreenDecision.SwitchActive(reason, state.enter(BlueGreenPhase.SwitchingActive, in.now()));
    }

    private static BlueGreenDecision afterSwitch(BlueGreenSpec spec, BlueGreenState state, BlueGreenInputs in) {
        if (spec.postPromotionAnalysis().isPresent()) {
            return new BlueGreenDecision.StartAnalysis(spec.postPromotionAnalysis().get(),
                    state.enter(BlueGreenPhase.PostPromotionAnalysis, in.now()));
        }
        return enterScaleDownDelay(spec, state, in);
    }

    private static BlueGreenDecision enterScaleDownDelay(BlueGreenSpec spec, BlueGreenState state, BlueGreenInputs in) {
        if (spec.scaleDownDelay().isZero()) {
            return promoteAfterDelay(spec);
        }
        Instant until = in.now().plus(spec.scaleDownDelay());
        return new BlueGreenDecision.Wait("keeping the old revision at size until " + until + " (scale-down delay "
                + Texts.duration(spec.scaleDownDelay()) + ")", Optional.of(until), state.enter(BlueGreenPhase.ScaleDownDelay, in.now()));
    }

    private static BlueGreenDecision.Promote promoteAfterDelay(BlueGreenSpec spec) {
        return new BlueGreenDecision.Promote("the new revision is active"
                + spec.postPromotionAnalysis().map(name -> " and passed post-promotion analysis " + name).orElse("")
                + "; scaling the old revision down after the scale-down delay of " + Texts.duration(spec.scaleDownDelay()));
    }

    private static BlueGreenDecision.Rollback rollback(RollbackCause cause, String why, BlueGreenState state) {
        String traffic = state.phase().activeOnNewRevision()
                ? "; the active Service switches back to the previous revision"
                : "; the active Service never left the previous revision";
        return new BlueGreenDecision.Rollback(cause, why + traffic, state.rolledBack());
    }

    private static String where(BlueGreenSpec spec, BlueGreenPhase phase) {
        switch (phase) {
            case PreviewScaling:
                return "while the new revision scales up behind the preview Service";
            case PrePromotionAnalysis:
                return "during " + analysisLabel(spec, phase);
            case SwitchingActive:
                return "while switching the active Service";
            case PostPromotionAnalysis:
                return "during " + analysisLabel(spec, phase);
            case ScaleDownDelay:
                return "during the scale-down delay";
            default:
                return "after the rollout";
        }
    }

    private static String analysisLabel(BlueGreenSpec spec, BlueGreenPhase phase) {
        if (phase == BlueGreenPhase.PrePromotionAnalysis) {
            return "pre-promotion analysis" + spec.prePromotionAnalysis().map(n -> " " + n).orElse("");
        }
        if (phase == BlueGreenPhase.PostPromotionAnalysis) {
            return "post-promotion analysis" + spec.postPromotionAnalysis().map(n -> " " + n).orElse("");
        }
        return "analysis (" + phase + ")";
    }
}
