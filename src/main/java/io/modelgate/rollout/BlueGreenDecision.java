package io.modelgate.rollout;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The one thing a reconcile does next for a blue-green rollout. What the Services select follows the persisted
 * state ({@link BlueGreenState#activeOnNewRevision()}); the decisions say what changes.
 */
public sealed interface BlueGreenDecision {

    /** The state to persist after carrying the decision out; empty for {@link Promote}. */
    default Optional<BlueGreenState> nextState() {
        if (this instanceof Wait d) {
            return Optional.of(d.next());
        }
        if (this instanceof StartAnalysis d) {
            return Optional.of(d.next());
        }
        if (this instanceof SwitchActive d) {
            return Optional.of(d.next());
        }
        if (this instanceof PauseForHuman d) {
            return Optional.of(d.next());
        }
        if (this instanceof Rollback d) {
            return Optional.of(d.next());
        }
        if (this instanceof Restart d) {
            return Optional.of(d.next());
        }
        return Optional.empty();
    }

    /** Nothing to change; {@code until}: when to requeue without an event (scale-down delay, progress deadline). */
    record Wait(String why, Optional<Instant> until, BlueGreenState next) implements BlueGreenDecision {
        public Wait {
            Objects.requireNonNull(why, "why");
            Objects.requireNonNull(until, "until");
            Objects.requireNonNull(next, "next");
        }
    }

    /** Create the analysis run of {@code next.phase()} (pre- or post-promotion), named after revision, attempt and phase. */
    record StartAnalysis(String name, BlueGreenState next) implements BlueGreenDecision {
        public StartAnalysis {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(next, "next");
        }
    }

    /** Move the active Service's selector to the new revision; the old revision stays at size. */
    record SwitchActive(String reason, BlueGreenState next) implements BlueGreenDecision {
        public SwitchActive {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(next, "next");
        }
    }

    /** Hold everything until a person promotes or aborts. */
    record PauseForHuman(String reason, BlueGreenState next) implements BlueGreenDecision {
        public PauseForHuman {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(next, "next");
        }
    }

    /**
     * Full promotion: the new revision is the stable one, the active Service selects it, the old revision is scaled
     * to 0 (once the new one is available, as for a direct rollout).
     */
    record Promote(String reason) implements BlueGreenDecision {
        public Promote {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The active Service selects the old revision again (if it had moved), the new revision is scaled to 0. */
    record Rollback(RollbackCause cause, String reason, BlueGreenState next) implements BlueGreenDecision {
        public Rollback {
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(next, "next");
        }
    }

    /** A retry of an aborted rollout: a new attempt from PreviewScaling. */
    record Restart(String reason, BlueGreenState next) implements BlueGreenDecision {
        public Restart {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(next, "next");
        }
    }
}
