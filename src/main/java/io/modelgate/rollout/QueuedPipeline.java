package io.modelgate.rollout;

import java.time.Instant;
import java.util.Objects;

/**
 * A pipeline with a revision ready to roll out, waiting for a rollout slot.
 *
 * @param name         the pipeline's name (namespace-qualified when the operator watches several namespaces)
 * @param waitingSince when it started waiting (persisted in its status, so the order survives restarts)
 */
public record QueuedPipeline(String name, Instant waitingSince) {

    public QueuedPipeline {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a queued pipeline needs a name");
        }
        Objects.requireNonNull(waitingSince, "waitingSince");
    }
}
