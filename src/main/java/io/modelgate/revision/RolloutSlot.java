package io.modelgate.revision;

import java.util.Optional;

/** The operator-wide cap on rollouts ({@code maxConcurrentRollouts}), as the lifecycle sees it. */
@FunctionalInterface
public interface RolloutSlot {

    /** No cap. */
    RolloutSlot ALWAYS = Optional::empty;

    /**
     * Takes a rollout slot for the revision's pipeline if one is free (keeping it if it already holds one).
     *
     * @return empty when the pipeline may roll out now; otherwise why it waits, with its place in the queue
     */
    Optional<String> tryAcquire();
}
