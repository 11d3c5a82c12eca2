package io.modelgate.rollout;

import io.modelgate.analysis.AnalysisOutcome;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the reconciler observed, for one blue-green decision.
 *
 * @param now                 the reconcile's time
 * @param newAvailable        the new revision's Deployment has observed its latest spec and all replicas are ready
 * @param progressDeadline    how long the new revision may stay unavailable before the rollout is rolled back
 * @param newProgressingSince since when the new revision has been trying to become available
 * @param analysis            the outcome of the current phase's analysis run (pre- or post-promotion), if any
 * @param action              a person's instruction
 * @param specPaused          {@code spec.paused} of the pipeline
 */
public record BlueGreenInputs(Instant now, boolean newAvailable, Duration progressDeadline, Instant newProgressingSince,
                              Optional<AnalysisReport> analysis, ManualAction action, boolean specPaused) {

    public BlueGreenInputs {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(progressDeadline, "progressDeadline");
        if (progressDeadline.isNegative()) {
            throw new IllegalArgumentException("progressDeadline must not be negative: " + progressDeadline);
        }
        Objects.requireNonNull(newProgressingSince, "newProgressingSince");
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(action, "action");
    }

    /** Nothing to report at {@code now}: new revision available, default deadline, no analysis, no action. */
    public static BlueGreenInputs at(Instant now) {
        return new BlueGreenInputs(now, true, CanaryInputs.DEFAULT_PROGRESS_DEADLINE, now, Optional.empty(), ManualAction.None, false);
    }

    public BlueGreenInputs withNow(Instant time) {
        return new BlueGreenInputs(time, newAvailable, progressDeadline, newProgressingSince, analysis, action, specPaused);
    }

    public BlueGreenInputs withNewAvailable(boolean available) {
        return new BlueGreenInputs(now, available, progressDeadline, newProgressingSince, analysis, action, specPaused);
    }

    public BlueGreenInputs withProgress(Duration deadline, Instant progressingSince) {
        return new BlueGreenInputs(now, newAvailable, deadline, progressingSince, analysis, action, specPaused);
    }

    public BlueGreenInputs withAnalysis(Optional<AnalysisReport> report) {
        return new BlueGreenInputs(now, newAvailable, progressDeadline, newProgressingSince, report, action, specPaused);
    }

    public BlueGreenInputs withAnalysis(AnalysisOutcome.Phase outcome, String detail) {
        return withAnalysis(Optional.of(AnalysisReport.of(outcome, detail)));
    }

    public BlueGreenInputs withAction(ManualAction manualAction) {
        return new BlueGreenInputs(now, newAvailable, progressDeadline, newProgressingSince, analysis, manualAction, specPaused);
    }

    public BlueGreenInputs withSpecPaused(boolean paused) {
        return new BlueGreenInputs(now, newAvailable, progressDeadline, newProgressingSince, analysis, action, paused);
    }
}
