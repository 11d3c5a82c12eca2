package io.modelgate.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The measurements shown in status: the last {@value #DEFAULT_KEEP} per metric. For display only; verdicts
 * come from the {@link MetricTally}, so the truncation never changes one.
 */
public final class MeasurementHistory {

    public static final int DEFAULT_KEEP = 10;

    private MeasurementHistory() {
    }

    /** A new unmodifiable list: {@code history} then {@code measurement}, keeping only the last {@code keep}. */
    public static List<Measurement> append(List<Measurement> history, Measurement measurement, int keep) {
        Objects.requireNonNull(measurement, "measurement");
        if (keep < 0) {
            throw new IllegalArgumentException("keep must be >= 0, got " + keep);
        }
        List<Measurement> all = new ArrayList<>(history == null ? List.of() : history);
        all.add(measurement);
        return List.copyOf(all.subList(Math.max(0, all.size() - keep), all.size()));
    }

    public static List<Measurement> append(List<Measurement> history, Measurement measurement) {
        return append(history, measurement, DEFAULT_KEEP);
    }
}
