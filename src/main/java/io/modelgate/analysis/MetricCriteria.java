package io.modelgate.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * What one measurement of a metric must satisfy. All bounds are inclusive and optional, but at least
 * one must be set:
 * <ul>
 *   <li>{@code min}, {@code max}: absolute bounds on the canary's value;</li>
 *   <li>{@code maxRatioToStable} = r: canary &lt;= stable × r (e.g. error rate at most 1.1 × stable's);</li>
 *   <li>{@code minRatioToStable} = r: canary &gt;= stable × r (e.g. throughput at least 0.9 × stable's),</li>
 * </ul>
 * where stable is the stable revision's value of the same query, taken at the same time. Products are
 * computed in decimal (0.02 × 1.1 is exactly 0.022). Ratios are applied literally, so they are meant for
 * non-negative metrics (rates, latencies, counts); a stable value of 0 with {@code maxRatioToStable}
 * requires the canary to be &lt;= 0.
 *
 * Instead of bounds, a metric may give {@code successCondition} and/or {@code failureCondition}: CEL over the
 * provider's result ({@link ResultConditions}), never both kinds at once.
 *
 * @param noData what a measurement with no data is; null means {@link NoDataPolicy#DEFAULT} (Inconclusive)
 */
public record MetricCriteria(String name, Double min, Double max, Double maxRatioToStable, Double minRatioToStable,
                             NoDataPolicy noData, String successCondition, String failureCondition) {

    public MetricCriteria {
        noData = noData == null ? NoDataPolicy.DEFAULT : noData;
        successCondition = blankToNull(successCondition);
        failureCondition = blankToNull(failureCondition);
    }

    public MetricCriteria(String name, Double min, Double max, Double maxRatioToStable, Double minRatioToStable, NoDataPolicy noData) {
        this(name, min, max, maxRatioToStable, minRatioToStable, noData, null, null);
    }

    public static MetricCriteria conditions(String name, String successCondition, String failureCondition) {
        return new MetricCriteria(name, null, null, null, null, null, successCondition, failureCondition);
    }

    public static MetricCriteria atMost(String name, double max) {
        return new MetricCriteria(name, null, max, null, null, null);
    }

    public static MetricCriteria atLeast(String name, double min) {
        return new MetricCriteria(name, min, null, null, null, null);
    }

    public static MetricCriteria between(String name, double min, double max) {
        return new MetricCriteria(name, min, max, null, null, null);
    }

    /** canary &lt;= stable × ratio */
    public static MetricCriteria atMostTimesStable(String name, double ratio) {
        return new MetricCriteria(name, null, null, ratio, null, null);
    }

    /** canary &gt;= stable × ratio */
    public static MetricCriteria atLeastTimesStable(String name, double ratio) {
        return new MetricCriteria(name, null, null, null, ratio, null);
    }

    public MetricCriteria withMin(Double min) {
        return new MetricCriteria(name, min, max, maxRatioToStable, minRatioToStable, noData, successCondition, failureCondition);
    }

    public MetricCriteria withMax(Double max) {
        return new MetricCriteria(name, min, max, maxRatioToStable, minRatioToStable, noData, successCondition, failureCondition);
    }

    public MetricCriteria withMaxRatioToStable(Double ratio) {
        return new MetricCriteria(name, min, max, ratio, minRatioToStable, noData, successCondition, failureCondition);
    }

    public MetricCriteria withMinRatioToStable(Double ratio) {
        return new MetricCriteria(name, min, max, maxRatioToStable, ratio, noData, successCondition, failureCondition);
    }

    public MetricCriteria withNoData(NoDataPolicy policy) {
        return new MetricCriteria(name, min, max, maxRatioToStable, minRatioToStable, policy, successCondition, failureCondition);
    }

    /** Judged by CEL conditions over the result rather than by bounds on a number. */
    public boolean hasCondition() {
        return successCondition != null || failureCondition != null;
    }

    public boolean hasRelativeBound() {
        return maxRatioToStable != null || minRatioToStable != null;
    }

    public boolean hasAbsoluteBound() {
        return min != null || max != null;
    }

    /** What is wrong with these criteria, for a person; empty when they can be used. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        String label = name == null || name.isBlank() ? "metric" : "metric " + name;
        if (name == null || name.isBlank()) {
            problems.add("a metric needs a name");
        }
        finite(problems, label, "min", min);
        finite(problems, label, "max", max);
        finite(problems, label, "maxRatioToStable", maxRatioToStable);
        finite(problems, label, "minRatioToStable", minRatioToStable);
        if (isFinite(min) && isFinite(max) && min > max) {
            problems.add(label + ": min " + Numbers.format(min) + " is greater than max " + Numbers.format(max)
                    + ", so no value can pass");
        }
        if (isFinite(maxRatioToStable) && maxRatioToStable < 0) {
            problems.add(label + ": maxRatioToStable " + Numbers.format(maxRatioToStable) + " is negative");
        }
        if (isFinite(minRatioToStable) && minRatioToStable < 0) {
            problems.add(label + ": minRatioToStable " + Numbers.format(minRatioToStable) + " is negative");
        }
        if (hasCondition() && (hasAbsoluteBound() || hasRelativeBound())) {
            problems.add(label + ": successCondition/failureCondition and bounds (min, max, maxRatioToStable, minRatioToStable) "
                    + "cannot be combined: give one or the other");
        }
        if (successCondition != null) {
            ResultConditions.problem(successCondition).ifPresent(p -> problems.add(label + " successCondition: " + p));
        }
        if (failureCondition != null) {
            ResultConditions.problem(failureCondition).ifPresent(p -> problems.add(label + " failureCondition: " + p));
        }
        if (!hasAbsoluteBound() && !hasRelativeBound() && !hasCondition()) {
            problems.add(label + " has no bound: set min, max, maxRatioToStable, minRatioToStable, successCondition or failureCondition");
        }
        return problems;
    }

    /** The bounds in words, e.g. "&gt;= 0.8 and &lt;= stable × 1.1". */
    public String describeBounds() {
        List<String> parts = new ArrayList<>();
        if (min != null) {
            parts.add(">= " + Numbers.format(min));
        }
        if (max != null) {
            parts.add("<= " + Numbers.format(max));
        }
        if (minRatioToStable != null) {
            parts.add(">= stable × " + Numbers.format(minRatioToStable));
        }
        if (maxRatioToStable != null) {
            parts.add("<= stable × " + Numbers.format(maxRatioToStable));
        }
        if (successCondition != null) {
            parts.add("successCondition " + successCondition);
        }
        if (failureCondition != null) {
            parts.add("failureCondition " + failureCondition);
        }
        return parts.isEmpty() ? "no bound" : String.join(" and ", parts);
    }

    private static void finite(List<String> problems, String label, String field, Double value) {
        if (value != null && !Double.isFinite(value)) {
            problems.add(label + ": " + field + " must be a finite number, got " + Numbers.format(value));
        }
    }

    private static boolean isFinite(Double value) {
        return value != null && Double.isFinite(value);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
