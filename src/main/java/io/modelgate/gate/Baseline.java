package io.modelgate.gate;

import java.util.Map;

/** The stable revision's recorded metrics, the bar for {@code mustBeat: stable}. */
public record Baseline(String revision, Map<String, Double> metrics) {
    public Baseline {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
}
