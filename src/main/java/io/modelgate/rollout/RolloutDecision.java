package io.modelgate.rollout;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a rollout's state machine decided, in the one shape Canary and BlueGreen share, so that one loop carries out
 * either: move on (a new state, what the record says, an Event, a wake-up, whether to decide again at once), wait
 * for a person, or end (promoted, or rolled back with a typed cause).
 *
 * @param <S> the strategy's state ({@link CanaryState}, {@link BlueGreenState})
 */
public sealed interface RolloutDecision<S> {

    /** An Event the move is worth: a new canary weight, or the active Service switched to the new revision. */
    record Announcement(Kind kind, String message) {
        public enum Kind { WeightSet, ActiveSwitched, MirrorSet, HeaderRouteSet }

        public Announcement {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * @param startsRun      an analysis (by name) whose run starts with this move
     * @param restartsClock  the progress deadline counts from now (a new weight or an active switch)
     * @param decideAgain    the state moved without waiting on the cluster: the machine may decide once more now
     */
    record Proceed<S>(S next, String message, Optional<Announcement> announcement, Optional<String> startsRun,
                      boolean restartsClock, Optional<Instant> wakeAt, boolean decideAgain) implements RolloutDecision<S> {
        public Proceed {
            Objects.requireNonNull(next, "next");
            Objects.requireNonNull(message, "message");
        }
    }

    record Pause<S>(S next, String reason) implements RolloutDecision<S> {
    }

    /** The machine would promote; the strategy decides whether the new revision can take everything now. */
    record Promote<S>(String reason) implements RolloutDecision<S> {
    }

    record Rollback<S>(RollbackCause cause, String reason, S next) implements RolloutDecision<S> {
    }

    /** A canary's decision in the common shape. */
    static RolloutDecision<CanaryState> of(CanaryDecision decision, CanaryState current, int stepCount, Instant now, String revision) {
        if (decision instanceof CanaryDecision.Promote promote) {
            return new Promote<>(promote.reason());
        }
        if (decision instanceof CanaryDecision.Rollback rollback) {
            return new Rollback<>(rollback.cause(), rollback.reason(), rollback.next());
        }
        if (decision instanceof CanaryDecision.PauseForHuman pause) {
            return new Pause<>(pause.next(), pause.reason());
        }
        if (decision instanceof CanaryDecision.SetWeight set) {
            boolean changed = set.weight() != current.canaryWeight();
            // Scaling happens after this pass; availability at the new weight is observed on the next one. A weight
            // that needs no new pods (one replica, or the same share rounded) brings no workload event: come back.
            return new Proceed<>(set.next(), "setWeight " + set.weight(),
                    changed ? Optional.of(new Announcement(Announcement.Kind.WeightSet,
                            revision + " canary weight " + current.canaryWeight() + " -> " + set.weight())) : Optional.empty(),
                    Optional.empty(), changed, Optional.of(now.plusSeconds(1)), false);
        }
        if (decision instanceof CanaryDecision.Reroute reroute) {
            // As a new weight: the canary may need pods for it, and its availability is observed on the next pass.
            return new Proceed<>(reroute.next(), "step " + (reroute.next().stepIndex() + 1) + "/" + stepCount + ": " + reroute.step().describe()
                    + ": waiting for the canary to be available for it", Optional.empty(), Optional.empty(), true, Optional.of(now.plusSeconds(1)), false);
        }
        if (decision instanceof CanaryDecision.RouteSet set) {
            Announcement.Kind kind = set.step() instanceof CanaryStep.SetMirror ? Announcement.Kind.MirrorSet : Announcement.Kind.HeaderRouteSet;
            return new Proceed<>(set.next(), set.step().describe(), Optional.of(new Announcement(kind, revision + " " + set.step().describe())),
                    Optional.empty(), false, Optional.empty(), true);
        }
        if (decision instanceof CanaryDecision.StartStepAnalysis start) {
            return new Proceed<>(start.next(), "step " + (start.next().stepIndex() + 1) + "/" + stepCount + ": analysis " + start.name() + " started",
                    Optional.empty(), Optional.of(start.name()), false, Optional.empty(), true);
        }
        if (decision instanceof CanaryDecision.Restart restart) {
            return new Proceed<>(restart.next(), restart.reason(), Optional.empty(), Optional.empty(), true, Optional.empty(), true);
        }
        CanaryDecision.Wait wait = (CanaryDecision.Wait) decision;
        boolean moved = wait.next().stepIndex() != current.stepIndex() || wait.next().canaryWeight() != current.canaryWeight();
        return new Proceed<>(wait.next(), wait.why(), Optional.empty(), Optional.empty(), false, wait.until(), moved);
    }

    /** A blue-green decision in the common shape. */
    static RolloutDecision<BlueGreenState> of(BlueGreenDecision decision, BlueGreenState current, Instant now) {
        if (decision instanceof BlueGreenDecision.Promote promote) {
            return new Promote<>(promote.reason());
        }
        if (decision instanceof BlueGreenDecision.Rollback rollback) {
            return new Rollback<>(rollback.cause(), rollback.reason(), rollback.next());
        }
        if (decision instanceof BlueGreenDecision.PauseForHuman pause) {
            return new Pause<>(pause.next(), pause.reason());
        }
        if (decision instanceof BlueGreenDecision.StartAnalysis start) {
            return new Proceed<>(start.next(), start.next().phase() + ": analysis " + start.name() + " started",
                    Optional.empty(), Optional.of(start.name()), false, Optional.empty(), true);
        }
        if (decision instanceof BlueGreenDecision.SwitchActive switchActive) {
            // The active Service is switched after this pass: post-promotion analysis must measure the new revision
            // serving the traffic, so it starts on the next pass, which comes at once.
            return new Proceed<>(switchActive.next(), switchActive.reason(),
                    Optional.of(new Announcement(Announcement.Kind.ActiveSwitched, switchActive.reason())), Optional.empty(), true,
                    Optional.of(now), false);
        }
        if (decision instanceof BlueGreenDecision.Restart restart) {
            return new Proceed<>(restart.next(), restart.reason(), Optional.empty(), Optional.empty(), true, Optional.empty(), true);
        }
        BlueGreenDecision.Wait wait = (BlueGreenDecision.Wait) decision;
        return new Proceed<>(wait.next(), wait.why(), Optional.empty(), Optional.empty(), false, wait.until(),
                wait.next().phase() != current.phase());
    }
}
