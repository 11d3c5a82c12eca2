package io.modelgate.rollout;

import java.time.Instant;
import java.util.Objects;

/**
 * What the operator persists about a canary between reconciles (in the pipeline's or revision's status).
 *
 * @param stepIndex                 the step in progress, 0-based; {@code steps.size()} means every step is done
 * @param canaryWeight              the weight last decided (0..100), which the reconciler keeps applied
 * @param stepStartedAt             when the current step began (a timed pause ends at this instant + its duration)
 * @param pausedReason              non-null while the rollout waits for a person (a {@code pause: {}} step or an
 *                                  Inconclusive analysis): why, for the condition and for {@code kubectl describe}
 * @param aborted                   rolled back (by an analysis, the progress deadline or a person); only {@link
 *                                  ManualAction#Retry} starts it again
 * @param backgroundAnalysisRunning a background analysis belongs to this attempt and has not ended yet; it is
 *                                  started with the rollout and cleared when its run ends Successful. An
 *                                  Inconclusive run keeps it set while the rollout waits for a person: a promote
 *                                  then starts the next run ({@code backgroundRun} + 1), as Argo Rollouts creates a
 *                                  new background AnalysisRun after an Inconclusive one is resumed
 * @param attempt                   1 for the first rollout of the revision, one more for every retry; part of
 *                                  analysis run names so that a retry never reads the runs of the aborted attempt
 * @param backgroundRun             which background analysis run of this attempt is current, 1 for the first; part
 *                                  of its name, so that a new run never reads the Inconclusive one before it
 */
public record CanaryState(int stepIndex, int canaryWeight, Instant stepStartedAt, String pausedReason,
                          boolean aborted, boolean backgroundAnalysisRunning, int attempt, int backgroundRun) {

    public CanaryState {
        if (stepIndex < 0) {
            throw new IllegalArgumentException("stepIndex must not be negative: " + stepIndex);
        }
        TrafficSplit.checkWeight(canaryWeight);
        Objects.requireNonNull(stepStartedAt, "stepStartedAt");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1: " + attempt);
        }
        if (backgroundRun < 1) {
            throw new IllegalArgumentException("backgroundRun starts at 1: " + backgroundRun);
        }
    }

    /** The state of an attempt still on its first background run. */
    public CanaryState(int stepIndex, int canaryWeight, Instant stepStartedAt, String pausedReason,
                       boolean aborted, boolean backgroundAnalysisRunning, int attempt) {
        this(stepIndex, canaryWeight, stepStartedAt, pausedReason, aborted, backgroundAnalysisRunning, attempt, 1);
    }

    /** A canary starting now at step 0, weight 0; with a background analysis running when the spec has one. */
    public static CanaryState initial(Instant now, boolean backgroundAnalysis) {
        return new CanaryState(0, 0, now, null, false, backgroundAnalysis, 1);
    }

    public boolean pausedForHuman() {
        return pausedReason != null;
    }

    CanaryState withWeight(int weight) {
        return new CanaryState(stepIndex, weight, stepStartedAt, pausedReason, aborted, backgroundAnalysisRunning, attempt, backgroundRun);
    }

    /** The next step, started now, no longer paused. */
    CanaryState nextStep(Instant now) {
        return new CanaryState(stepIndex + 1, canaryWeight, now, null, aborted, backgroundAnalysisRunning, attempt, backgroundRun);
    }

    CanaryState atStep(int index) {
        return new CanaryState(index, canaryWeight, stepStartedAt, pausedReason, aborted, backgroundAnalysisRunning, attempt, backgroundRun);
    }

    /** Paused for a person with {@code reason}; null lifts the pause. */
    CanaryState pausedFor(String reason) {
        return new CanaryState(stepIndex, canaryWeight, stepStartedAt, reason, aborted, backgroundAnalysisRunning, attempt, backgroundRun);
    }

    CanaryState withBackgroundAnalysisRunning(boolean running) {
        return new CanaryState(stepIndex, canaryWeight, stepStartedAt, pausedReason, aborted, running, attempt, backgroundRun);
    }

    /** The next background analysis run of this attempt, running (a person promoted past an Inconclusive one). */
    CanaryState withNextBackgroundRun() {
        return new CanaryState(stepIndex, canaryWeight, stepStartedAt, pausedReason, aborted, true, attempt, backgroundRun + 1);
    }

    /** Rolled back: weight 0, nothing running, nothing paused; the step index stays to tell where it stopped. */
    public CanaryState rolledBack() {
        return new CanaryState(stepIndex, 0, stepStartedAt, null, true, false, attempt, backgroundRun);
    }

    /** A retry: step 0 from now, the next attempt (with its first background run). */
    CanaryState retried(Instant now, boolean backgroundAnalysis) {
        return new CanaryState(0, 0, now, null, false, backgroundAnalysis, attempt + 1);
    }
}
