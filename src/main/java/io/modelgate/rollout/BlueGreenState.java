package io.modelgate.rollout;

import java.time.Instant;
import java.util.Objects;

/**
 * What the operator persists about a blue-green rollout between reconciles.
 *
 * @param phase          the phase in progress (kept as it was when the rollout was aborted, to tell where it stopped)
 * @param phaseStartedAt when the phase began (the scale-down delay ends at this instant + the delay)
 * @param pausedReason   non-null while waiting for a person (promotion not automatic, or an Inconclusive analysis)
 * @param aborted        rolled back: the active Service selects the old revision again and the new one is scaled
 *                       to 0; only {@link ManualAction#Retry} starts it again
 * @param attempt        1, then one more for every retry; part of analysis run names
 */
public record BlueGreenState(BlueGreenPhase phase, Instant phaseStartedAt, String pausedReason, boolean aborted, int attempt) {

    public BlueGreenState {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(phaseStartedAt, "phaseStartedAt");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1: " + attempt);
        }
    }

    public static BlueGreenState initial(Instant now) {
        return new BlueGreenState(BlueGreenPhase.PreviewScaling, now, null, false, 1);
    }

    public boolean pausedForHuman() {
        return pausedReason != null;
    }

    /** Which revision the active Service must select: the new one from the switch on, unless aborted. */
    public boolean activeOnNewRevision() {
        return !aborted && phase.activeOnNewRevision();
    }

    BlueGreenState enter(BlueGreenPhase next, Instant now) {
        return new BlueGreenState(next, now, null, false, attempt);
    }

    BlueGreenState pausedFor(String reason) {
        return new BlueGreenState(phase, phaseStartedAt, Objects.requireNonNull(reason), aborted, attempt);
    }

    public BlueGreenState rolledBack() {
        return new BlueGreenState(phase, phaseStartedAt, null, true, attempt);
    }

    BlueGreenState retried(Instant now) {
        return new BlueGreenState(BlueGreenPhase.PreviewScaling, now, null, false, attempt + 1);
    }
}
