package io.modelgate.gate;

import io.modelgate.api.Gate;
import io.modelgate.api.GateVerdict;
import io.modelgate.api.GateVerdict.Result;
import io.modelgate.api.GateVerdict.Stage;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Judges reported metrics against gates. A gate passes only on positive evidence: a missing,
 * malformed or non-finite metric fails it, and the verdict says which metric and why.
 */
public final class GateEvaluator {

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
        String bound = describeBound(gate, baseline);
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
        if (gate.getMustBeat() != null && baseline.isPresent()) {
            Double stableValue = baseline.get().metrics().get(metric);
            if (stableValue != null) {
                double tolerance = gate.getTolerance() == null ? 0.0 : gate.getTolerance();
                boolean lowerIsBetter = gate.getBetter() == Gate.Better.Lower;
                // In decimal, as people write bounds: in binary 0.8 - 0.1 is 0.7000000000000001, which 0.7 would fail.
                BigDecimal candidate = BigDecimal.valueOf(value);
                BigDecimal bar = lowerIsBetter
                        ? BigDecimal.valueOf(stableValue).add(BigDecimal.valueOf(tolerance))
                        : BigDecimal.valueOf(stableValue).subtract(BigDecimal.valueOf(tolerance));
                boolean beats = lowerIsBetter ? candidate.compareTo(bar) <= 0 : candidate.compareTo(bar) >= 0;
                if (!beats) {
                    return failed(stage, metric, value, bound, "DidNotBeatStable", metric + "=" + format(value)
                            + " does not beat stable revision " + baseline.get().revision() + " (" + format(stableValue)
                            + (tolerance == 0.0 ? "" : ", tolerance " + format(tolerance)) + ", " + (lowerIsBetter ? "lower" : "higher") + " is better)");
                }
            }
        }
        return new GateVerdict(stage, metric, Result.Passed, value, bound, "WithinBounds",
                metric + "=" + format(value) + " meets " + bound);
    }

    static String describeBound(Gate gate, Optional<Baseline> baseline) {
        List<String> parts = new ArrayList<>();
        if (gate.getMin() != null) {
            parts.add(">= " + format(gate.getMin()));
        }
        if (gate.getMax() != null) {
            parts.add("<= " + format(gate.getMax()));
        }
        if (gate.getMustBeat() != null) {
            String direction = gate.getBetter() == Gate.Better.Lower ? "<=" : ">=";
            Optional<Double> stableValue = baseline.map(b -> b.metrics().get(gate.getMetric()));
            String sign = gate.getBetter() == Gate.Better.Lower ? " + " : " - ";
            String tolerance = gate.getTolerance() == null || gate.getTolerance() == 0.0 ? "" : sign + format(gate.getTolerance());
            if (baseline.isEmpty()) {
                parts.add(direction + " stable (no stable revision yet)");
            } else if (stableValue.isEmpty()) {
                parts.add(direction + " stable (" + baseline.get().revision() + " recorded no " + gate.getMetric() + ")");
            } else {
                parts.add(direction + " stable " + baseline.get().revision() + " " + format(stableValue.get()) + tolerance);
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
