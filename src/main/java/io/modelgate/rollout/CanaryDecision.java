package io.modelgate.rollout;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The one thing a reconcile does next for a canary. Every decision but {@link Promote} carries the state to persist
 * once it has been carried out; {@link Promote} ends the canary (the reconciler makes the canary the stable revision).
 */
public sealed interface CanaryDecision {

    /** The state to persist after carrying the decision out; empty for {@link Promote}. */
    default Optional<CanaryState> nextState() {
        if (this instanceof SetWeight d) {
            return Optional.of(d.next());
        }
        if (this instanceof Wait d) {
            return Optional.of(d.next());
        }
        if (this instanceof StartStepAnalysis d) {
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
        if (this instanceof Reroute d) {
            return Optional.of(d.next());
        }
        if (this instanceof RouteSet d) {
            return Optional.of(d.next());
        }
        return Optional.empty();
    }

    /** Apply {@code weight} (replicas through {@link TrafficSplit}, or route weights); also sent again to repair drift. */
    record SetWeight(int weight, CanaryState next) implements CanaryDecision {
        public SetWeight {
            TrafficSplit.checkWeight(weight);
            Objects.requireNonNull(next, "next");
        }
    }

    /**
     * Nothing to change; keep the current weight applied.
     *
     * @param until when something will happen without a watch event (end of a timed pause, progress deadline):
     *              the reconciler requeues for then; empty when only an event or a person can move things on
     */
    record Wait(String why, Optional<Instant> until, CanaryState next) implements CanaryDecision {
        public Wait {
            Objects.requireNonNull(why, "why");
            Objects.requireNonNull(until, "until");
            Objects.requireNonNull(next, "next");
        }
    }

    /** Create the current step's analysis run (idempotent: its name holds revision, attempt and step). */
    record StartStepAnalysis(String name, CanaryState next) implements CanaryDecision {
        public StartStepAnalysis {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(next, "next");
        }
    }

    /** Hold the weight until a person promotes or aborts; {@code reason} belongs in a condition and an Event. */
    record PauseForHuman(String reason, CanaryState next) implements CanaryDecision {
        public PauseForHuman {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(next, "next");
        }
    }

    /** Full promotion: the canary becomes the stable revision; background analysis is stopped. */
    record Promote(String reason) implements CanaryDecision {
        public Promote {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Canary weight to 0 and canary scaled to 0, stable untouched, analyses stopped; the revision is marked rolled
     * back with {@code reason}. {@code next} is the aborted state that only a retry leaves.
     */
    record Rollback(RollbackCause cause, String reason, CanaryState next) implements CanaryDecision {
        public Rollback {
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(next, "next");
        }
    }

    /** A retry of an aborted rollout: a new attempt from step 0 at weight 0 (with its background analysis, if any). */
    record Restart(String reason, CanaryState next) implements CanaryDecision {
        public Restart {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(next, "next");
        }
    }

    /**
     * Enter a {@code setMirror} or {@code setHeaderRoute} step: the canary is scaled for what the step sends it; the
     * route changes when the step completes.
     */
    record Reroute(CanaryStep step, CanaryState next) implements CanaryDecision {
        public Reroute {
            if (!(step instanceof CanaryStep.SetMirror) && !(step instanceof CanaryStep.SetHeaderRoute)) {
                throw new IllegalArgumentException("only setMirror and setHeaderRoute reroute: " + step.describe());
            }
            Objects.requireNonNull(next, "next");
        }
    }

    /** A {@code setMirror} or {@code setHeaderRoute} step completed: the route carries it from now on; {@code next} is past it. */
    record RouteSet(CanaryStep step, CanaryState next) implements CanaryDecision {
        public RouteSet {
            if (!(step instanceof CanaryStep.SetMirror) && !(step instanceof CanaryStep.SetHeaderRoute)) {
                throw new IllegalArgumentException("only setMirror and setHeaderRoute set a route: " + step.describe());
            }
            Objects.requireNonNull(next, "next");
        }
    }
}
