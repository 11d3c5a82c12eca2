package io.modelgate.analysis;

import io.modelgate.analysis.Numbers.Num;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns what the providers answered into one {@link Measurement}, with a message a person understands.
 *
 * <ol>
 *   <li>Invalid criteria ({@link MetricCriteria#problems()}) give Error: the operator should have refused them.</li>
 *   <li>A canary {@link ProviderResult.Error} (HTTP 500, timeout, too slow, unreachable, malformed, several
 *       series) gives Error.</li>
 *   <li>A canary {@link ProviderResult.NoData} (empty vector, null, missing pointer, NaN) follows the metric's
 *       {@link NoDataPolicy}: Failed, Inconclusive or Successful ("no data (ignored)").</li>
 *   <li>A metric with successCondition/failureCondition judges the value (or the JSON an http metric selected) by
 *       them ({@link ResultConditions}), and has no bounds;</li>
 *   <li>A canary value (±Inf included) is checked against min and max; any violation is Failed, whatever the
 *       stable revision answered: an absolute bound needs no comparison.</li>
 *   <li>Relative bounds need the stable value: a stable NoData or Error gives Inconclusive (the comparison
 *       cannot be made, which is not evidence against the canary); {@code Optional.empty()} means there is
 *       no stable revision at all (nothing is serving yet), and the relative bounds are skipped, as a
 *       {@code mustBeat: stable} gate is.</li>
 *   <li>Otherwise canary &lt;= stable × maxRatio and canary &gt;= stable × minRatio, in decimal.</li>
 * </ol>
 * Bounds are inclusive and compared in decimal ({@link java.math.BigDecimal#valueOf(double)}), so that
 * 0.022 is within "stable 0.02 × 1.1".
 */
public final class MeasurementJudge {

    private MeasurementJudge() {
    }

    /**
     * @param canary the canary revision's answer to the metric's query
     * @param stable the stable revision's answer to the same query, or empty when there is no stable revision
     * @param at     when the measurement was taken
     */
    public static Measurement judge(MetricCriteria criteria, ProviderResult canary, Optional<ProviderResult> stable, Instant at) {
        Objects.requireNonNull(criteria, "criteria");
        Objects.requireNonNull(canary, "canary");
        Objects.requireNonNull(stable, "stable");
        Objects.requireNonNull(at, "at");
        String name = criteria.name() == null || criteria.name().isBlank() ? "metric" : criteria.name();
        Double stableValue = stable.filter(ProviderResult.Value.class::isInstance)
                .map(result -> ((ProviderResult.Value) result).value())
                .orElse(null);

        List<String> problems = criteria.problems();
        if (!problems.isEmpty()) {
            return new Measurement(MeasurementPhase.Error, valueOf(canary), stableValue,
                    name + ": invalid criteria: " + String.join("; ", problems), at);
        }
        if (canary instanceof ProviderResult.Error error) {
            return new Measurement(MeasurementPhase.Error, null, stableValue, name + ": error: " + error.message(), at);
        }
        if (canary instanceof ProviderResult.NoData noData) {
            return switch (criteria.noData()) {
                case Fail -> new Measurement(MeasurementPhase.Failed, null, stableValue,
                        name + ": no data: " + noData.why() + " (policy Fail)", at);
                case Inconclusive -> new Measurement(MeasurementPhase.Inconclusive, null, stableValue,
                        name + ": no data: " + noData.why() + " (policy Inconclusive)", at);
                case Ignore -> new Measurement(MeasurementPhase.Successful, null, stableValue,
                        name + ": no data (ignored): " + noData.why(), at);
            };
        }
        if (criteria.hasCondition()) {
            Object result = canary instanceof ProviderResult.Selected selected ? selected.value() : ((ProviderResult.Value) canary).value();
            ResultConditions.Decision decision = ResultConditions.decide(criteria.successCondition(), criteria.failureCondition(),
                    result, canary.describe());
            Double number = result instanceof Number n ? n.doubleValue() : null;
            return new Measurement(decision.phase(), number != null && Double.isNaN(number) ? null : number, null,
                    name + ": " + decision.message(), at);
        }
        if (canary instanceof ProviderResult.Selected selected) {
            return new Measurement(MeasurementPhase.Error, null, stableValue, name + ": error: " + selected.shown()
                    + " is not a number, and the metric has no condition to judge it", at);
        }
        double value = ((ProviderResult.Value) canary).value();
        String subject = name + "=" + Numbers.format(value);
        Num canaryNum = Num.of(value);

        List<String> violations = new ArrayList<>();
        List<String> met = new ArrayList<>();
        if (criteria.min() != null) {
            if (canaryNum.compareTo(Num.of(criteria.min())) < 0) {
                violations.add(subject + " is below min " + Numbers.format(criteria.min()));
            } else {
                met.add(">= min " + Numbers.format(criteria.min()));
            }
        }
        if (criteria.max() != null) {
            if (canaryNum.compareTo(Num.of(criteria.max())) > 0) {
                violations.add(subject + " is above max " + Numbers.format(criteria.max()));
            } else {
                met.add("<= max " + Numbers.format(criteria.max()));
            }
        }
        if (!violations.isEmpty()) {
            return new Measurement(MeasurementPhase.Failed, value, stableValue, String.join("; ", violations), at);
        }

        String note = "";
        if (criteria.hasRelativeBound()) {
            if (stable.isEmpty()) {
                note = " (no stable revision to compare with)";
            } else if (stableValue == null) {
                return new Measurement(MeasurementPhase.Inconclusive, value, null,
                        subject + " cannot be compared with stable (" + stable.get().describe() + ")", at);
            } else {
                Num stableNum = Num.of(stableValue);
                if (criteria.maxRatioToStable() != null) {
                    Num bound = stableNum.times(criteria.maxRatioToStable());
                    String product = "stable " + Numbers.format(stableValue) + " × " + Numbers.format(criteria.maxRatioToStable()) + " = " + bound;
                    if (canaryNum.compareTo(bound) > 0) {
                        violations.add(subject + " exceeds " + product);
                    } else {
                        met.add("<= " + product);
                    }
                }
                if (criteria.minRatioToStable() != null) {
                    Num bound = stableNum.times(criteria.minRatioToStable());
                    String product = "stable " + Numbers.format(stableValue) + " × " + Numbers.format(criteria.minRatioToStable()) + " = " + bound;
                    if (canaryNum.compareTo(bound) < 0) {
                        violations.add(subject + " is below " + product);
                    } else {
                        met.add(">= " + product);
                    }
                }
                if (!violations.isEmpty()) {
                    return new Measurement(MeasurementPhase.Failed, value, stableValue, String.join("; ", violations), at);
                }
            }
        }
        String within = met.isEmpty() ? "" : " is within " + String.join(" and ", met);
        return new Measurement(MeasurementPhase.Successful, value, stableValue, subject + within + note, at);
    }

    private static Double valueOf(ProviderResult result) {
        return result instanceof ProviderResult.Value v ? v.value() : null;
    }
}
