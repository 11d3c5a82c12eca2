package io.modelgate.gate;

import io.modelgate.api.Gate;
import io.modelgate.api.GateVerdict;
import io.modelgate.api.GateVerdict.Result;
import io.modelgate.api.GateVerdict.Stage;
import io.modelgate.api.GateVerdict.StableScore;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Judges reported metrics against gates. A gate passes only on positive evidence: a missing,
 * malformed or non-finite metric fails it, and the verdict says which metric and why.
 */
public final class GateEvaluator {

    /** The evaluation reports the stable model's score on the same holdout as {@code stable.<metric>}. */
    public static final String FRESH_PREFIX = "stable.";

    private GateEvaluator() {
    }

    /** @param baseline the stable revision's metrics, or empty when nothing is serving yet */
    public static List<GateVerdict> evaluate(Stage stage, List<Gate> gates, MetricsReport report, Optional<Baseline> baseline) {
        List<GateVerdict> verdicts = new ArrayList<>();
        if (gates == null) {
            return verdicts;
        }
        for (Gate gate : gates) {
            verdicts.add(evaluate(stage, gate, report, baseline));
        }
        return verdicts;
    }

    public static boolean allPassed(List<GateVerdict> verdicts) {
        return verdicts.stream().allMatch(GateVerdict::passed);
    }

    public static GateVerdict evaluate(Stage stage, Gate gate, MetricsReport report, Optional<Baseline> baseline) {
        String metric = gate.getMetric();
        String bound = describeBound(gate, report, baseline);
        if (!report.readable()) {
            return failed(stage, metric, null, bound, "MetricsUnreadable", "metric " + metric + " cannot be read: " + report.error());
        }
        Double value = report.values().get(metric);
        if (value == null) {
            String why = report.invalid().get(metric);
            if (why != null) {
                return failed(stage, metric, null, bound, "MetricNotNumeric", "metric " + metric + " " + why);
            }
            return failed(stage, metric, null, bound, "MetricMissing", "metric " + metric + " is missing from the report"
                    + (report.values().isEmpty() ? " (it reported no numeric metric)" : " (reported: " + String.join(", ", report.values().keySet()) + ")"));
        }
        if (gate.getMin() != null && value < gate.getMin()) {
            return failed(stage, metric, value, bound, "BelowMin", metric + "=" + format(value) + " is below min " + format(gate.getMin()));
        }
        if (gate.getMax() != null && value > gate.getMax()) {
            return failed(stage, metric, value, bound, "AboveMax", metric + "=" + format(value) + " is above max " + format(gate.getMax()));
        }
        Optional<StableBar> bar = gate.getMustBeat() == null ? Optional.empty() : stableBar(metric, report, baseline);
        if (bar.isPresent()) {
            double stableValue = bar.get().value();
            double tolerance = gate.getTolerance() == null ? 0.0 : gate.getTolerance();
            boolean lowerIsBetter = gate.getBetter() == Gate.Better.Lower;
            // In decimal, as people write bounds: in binary 0.8 - 0.1 is 0.7000000000000001, which 0.7 would fail.
            BigDecimal candidate = BigDecimal.valueOf(value);
            BigDecimal limit = lowerIsBetter
                    ? BigDecimal.valueOf(stableValue).add(BigDecimal.valueOf(tolerance))
                    : BigDecimal.valueOf(stableValue).subtract(BigDecimal.valueOf(tolerance));
            boolean beats = lowerIsBetter ? candidate.compareTo(limit) <= 0 : candidate.compareTo(limit) >= 0;
            if (!beats) {
                return failed(stage, metric, value, bound, "DidNotBeatStable", metric + "=" + format(value)
                        + " does not beat stable revision " + baseline.get().revision() + " (" + format(stableValue) + bar.get().what()
                        + (tolerance == 0.0 ? "" : ", tolerance " + format(tolerance)) + ", " + (lowerIsBetter ? "lower" : "higher") + " is better)")
                        .comparedWith(bar.get().score(), stableValue);
            }
            return new GateVerdict(stage, metric, Result.Passed, value, bound, "WithinBounds",
                    metric + "=" + format(value) + " meets " + bound).comparedWith(bar.get().score(), stableValue);
        }
        return new GateVerdict(stage, metric, Result.Passed, value, bound, "WithinBounds",
                metric + "=" + format(value) + " meets " + bound);
    }

    /**
     * The stable score a {@code mustBeat} gate compares with: {@code stable.<metric>} when the evaluation reported it
     * (both models scored on the same holdout), else what the stable revision's own evaluation recorded.
     */
    static Optional<StableBar> stableBar(String metric, MetricsReport report, Optional<Baseline> baseline) {
        if (baseline.isEmpty()) {
            return Optional.empty();
        }
        Double fresh = report.readable() ? report.values().get(FRESH_PREFIX + metric) : null;
        if (fresh != null) {
            return Optional.of(new StableBar(StableScore.Fresh, fresh));
        }
        return Optional.ofNullable(baseline.get().metrics().get(metric)).map(recorded -> new StableBar(StableScore.Recorded, recorded));
    }

    record StableBar(StableScore score, double value) {
        String what() {
            return score == StableScore.Fresh ? " fresh, on the same holdout" : "";
        }
    }

    static String describeBound(Gate gate, MetricsReport report, Optional<Baseline> baseline) {
        List<String> parts = new ArrayList<>();
        if (gate.getMin() != null) {
            parts.add(">= " + format(gate.getMin()));
        }
        if (gate.getMax() != null) {
            parts.add("<= " + format(gate.getMax()));
        }
        if (gate.getMustBeat() != null) {
            String direction = gate.getBetter() == Gate.Better.Lower ? "<=" : ">=";
            String sign = gate.getBetter() == Gate.Better.Lower ? " + " : " - ";
            String tolerance = gate.getTolerance() == null || gate.getTolerance() == 0.0 ? "" : sign + format(gate.getTolerance());
            Optional<StableBar> bar = stableBar(gate.getMetric(), report, baseline);
            if (baseline.isEmpty()) {
                parts.add(direction + " stable (no stable revision yet)");
            } else if (bar.isEmpty()) {
                parts.add(direction + " stable (" + baseline.get().revision() + " recorded no " + gate.getMetric() + ")");
            } else {
                parts.add(direction + " stable " + baseline.get().revision() + " " + format(bar.get().value()) + tolerance + bar.get().what());
            }
        }
        return String.join(" and ", parts);
    }

    private static GateVerdict failed(Stage stage, String metric, Double value, String bound, String reason, String message) {
        return new GateVerdict(stage, metric, Result.Failed, value, bound, reason, message);
    }

    public static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
