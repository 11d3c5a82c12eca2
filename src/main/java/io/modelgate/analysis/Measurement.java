package io.modelgate.analysis;

import java.time.Instant;
import java.util.Objects;

/**
 * One judged measurement, as kept (bounded) in the revision's status.
 *
 * @param value       the canary's value, or null when there was none (no data, error). May be ±Inf.
 * @param stableValue the stable revision's value of the same query when one was read, else null
 * @param message     what happened, for a person ("error_rate=0.08 is above max 0.05")
 * @param at          when the measurement was taken
 */
public record Measurement(MeasurementPhase phase, Double value, Double stableValue, String message, Instant at) {

    public Measurement {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(at, "at");
        message = message == null ? "" : message;
    }
}
