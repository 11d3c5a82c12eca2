package io.modelgate.gate;

import io.modelgate.api.Gate;

import java.util.Map;
import java.util.Optional;

/** Small builders for gate tests. */
final class Gates {

    private Gates() {
    }

    static Gate min(String metric, double min) {
        return gate(metric, min, null);
    }

    static Gate max(String metric, double max) {
        return gate(metric, null, max);
    }

    static Gate gate(String metric, Double min, Double max) {
        Gate gate = new Gate();
        gate.setMetric(metric);
        gate.setMin(min);
        gate.setMax(max);
        return gate;
    }

    static Gate mustBeat(String metric, Gate.Better better, Double tolerance) {
        Gate gate = new Gate();
        gate.setMetric(metric);
        gate.setMustBeat(Gate.Baseline.stable);
        gate.setBetter(better);
        gate.setTolerance(tolerance);
        return gate;
    }

    static MetricsReport report(Map<String, Double> values) {
        return new MetricsReport(values, Map.of(), null);
    }

    static Optional<Baseline> stable(String revision, Map<String, Double> metrics) {
        return Optional.of(new Baseline(revision, metrics));
    }
}
