package io.modelgate.rollout;

import io.modelgate.analysis.AnalysisOutcome;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the reconciler observed, for one canary decision.
 *
 * @param now                          the reconcile's time (the machine reads no clock)
 * @param canaryAvailable              the canary Deployment has observed its latest spec and all its desired
 *                                     replicas are ready (true at zero replicas)
 * @param progressDeadline             how long the canary may stay unavailable before it is rolled back
 * @param canaryProgressingSince       since when the canary has been trying to become available (typically the
 *                                     last change of its replicas or template); only read while it is not available
 * @param stepAnalysis                 the outcome of the current step's analysis run, empty when there is none
 * @param backgroundAnalysis           the outcome of the attempt's background analysis run, empty when there is none
 * @param action                       a person's instruction, {@link ManualAction#None} without one
 * @param specPaused                   {@code spec.paused} of the pipeline
 * @param backgroundAnalysisConfigured the spec defines a background analysis (read when a retry starts a new attempt)
 */
public record CanaryInputs(Instant now, boolean canaryAvailable, Duration progressDeadline, Instant canaryProgressingSince,
                           Optional<AnalysisReport> stepAnalysis, Optional<AnalysisReport> backgroundAnalysis,
                           ManualAction action, boolean specPaused, boolean backgroundAnalysisConfigured) {

    /** Argo Rollouts' and Kubernetes' default progress deadline. */
    public static final Duration DEFAULT_PROGRESS_DEADLINE = Duration.ofMinutes(10);

    public CanaryInputs {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(progressDeadline, "progressDeadline");
        if (progressDeadline.isNegative()) {
            throw new IllegalArgumentException("progressDeadline must not be negative: " + progressDeadline);
        }
        Objects.requireNonNull(canaryProgressingSince, "canaryProgressingSince");
        Objects.requireNonNull(stepAnalysis, "stepAnalysis");
        Objects.requireNonNull(backgroundAnalysis, "backgroundAnalysis");
        Objects.requireNonNull(action, "action");
    }

    /** Nothing to report at {@code now}: canary available, default deadline, no analysis, no action, not paused. */
    public static CanaryInputs at(Instant now) {
        return new CanaryInputs(now, true, DEFAULT_PROGRESS_DEADLINE, now, Optional.empty(), Optional.empty(),
                ManualAction.None, false, false);
    }

    public CanaryInputs withNow(Instant time) {
        return new CanaryInputs(time, canaryAvailable, progressDeadline, canaryProgressingSince, stepAnalysis, backgroundAnalysis, action, specPaused, backgroundAnalysisConfigured);
    }

    public CanaryInputs withCanaryAvailable(boolean available) {
        return new CanaryInputs(now, available, progressDeadline, canaryProgressingSince, stepAnalysis, backgroundAnalysis, action, specPaused, backgroundAnalysisConfigured);
    }

    public CanaryInputs withProgress(Duration deadline, Instant progressingSince) {
        return new CanaryInputs(now, canaryAvailable, deadline, progressingSince, stepAnalysis, backgroundAnalysis, action, specPaused, backgroundAnalysisConfigured);
    }

    public CanaryInputs withStepAnalysis(Optional<AnalysisReport> report) {
        return new CanaryInputs(now, canaryAvailable, progressDeadline, canaryProgressingSince, report, backgroundAnalysis, action, specPaused, backgroundAnalysisConfigured);
    }

    public CanaryInputs withStepAnalysis(AnalysisOutcome.Phase outcome, String detail) {
        return withStepAnalysis(Optional.of(AnalysisReport.of(outcome, detail)));
    }

    public CanaryInputs withBackgroundAnalysis(Optional<AnalysisReport> report) {
        return new CanaryInputs(now, canaryAvailable, progressDeadline, canaryProgressingSince, stepAnalysis, report, action, specPaused, backgroundAnalysisConfigured);
    }

    public CanaryInputs withBackgroundAnalysis(AnalysisOutcome.Phase outcome, String detail) {
        return withBackgroundAnalysis(Optional.of(AnalysisReport.of(outcome, detail)));
    }

    public CanaryInputs withAction(ManualAction manualAction) {
        return new CanaryInputs(now, canaryAvailable, progressDeadline, canaryProgressingSince, stepAnalysis, backgroundAnalysis, manualAction, specPaused, backgroundAnalysisConfigured);
    }

    public CanaryInputs withSpecPaused(boolean paused) {
        return new CanaryInputs(now, canaryAvailable, progressDeadline, canaryProgressingSince, stepAnalysis, backgroundAnalysis, action, paused, backgroundAnalysisConfigured);
    }

    public CanaryInputs withBackgroundAnalysisConfigured(boolean configured) {
        return new CanaryInputs(now, canaryAvailable, progressDeadline, canaryProgressingSince, stepAnalysis, backgroundAnalysis, action, specPaused, configured);
    }
}
