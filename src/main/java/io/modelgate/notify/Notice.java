package io.modelgate.notify;

import io.modelgate.api.NotificationSpec.Event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One fact worth telling people about a revision, as the plan found it: what happened, and the metrics that decided
 * it. Its {@link #key} is deterministic, so that the passes that would find it again send it once.
 *
 * @param key     namespace/pipeline/revision/event, plus the attempt (and step) where a revision can meet the event again
 * @param metrics the metrics that decided (the failing ones of a rollback or a rejection), possibly none
 */
public record Notice(String key, Event event, String namespace, String pipeline, String revision, int number, String phase,
                     String reason, String message, List<MetricFact> metrics, Instant at) {

    public Notice {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(event, "event");
        metrics = List.copyOf(metrics);
    }

    /**
     * A metric and where it stood against its bound.
     *
     * @param value     the value measured or reported; null without data
     * @param bound     the bound in words, e.g. {@code <= 0.05}
     * @param violation how the value broke it, e.g. {@code > max 0.05}, when that is known
     * @param source    what judged it, e.g. {@code analysis health}, {@code Evaluation gate}
     */
    public record MetricFact(String name, Double value, String bound, String violation, String source) {
    }
}
