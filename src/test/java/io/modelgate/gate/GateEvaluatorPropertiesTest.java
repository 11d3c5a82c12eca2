package io.modelgate.gate;

import io.modelgate.api.Gate;
import io.modelgate.api.GateVerdict;
import io.modelgate.api.GateVerdict.Stage;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.modelgate.gate.Gates.gate;
import static io.modelgate.gate.Gates.mustBeat;
import static io.modelgate.gate.Gates.report;
import static io.modelgate.gate.Gates.stable;
import static org.assertj.core.api.Assertions.assertThat;

class GateEvaluatorPropertiesTest {

    @Property(tries = 2000)
    void passesExactlyWhenWithinInclusiveBounds(@ForAll("values") double value,
                                                @ForAll("optionalBounds") Optional<Double> min,
                                                @ForAll("optionalBounds") Optional<Double> max) {
        Gate gate = gate("m", min.orElse(null), max.orElse(null));

        GateVerdict verdict = GateEvaluator.evaluate(Stage.Evaluation, gate, report(Map.of("m", value)), Optional.empty());

        boolean expected = min.map(lo -> lo <= value).orElse(true) && max.map(hi -> value <= hi).orElse(true);
        assertThat(verdict.passed()).as("%s against min %s max %s", value, min, max).isEqualTo(expected);
        assertThat(verdict.getObserved()).isEqualTo(value);
        assertThat(verdict.getReason()).isIn(expected ? List.of("WithinBounds") : List.of("BelowMin", "AboveMax"));
    }

    @Property
    void valueEqualToEitherBoundPasses(@ForAll("values") double bound, @ForAll("values") double other) {
        double lo = Math.min(bound, other);
        double hi = Math.max(bound, other);
        Gate gate = gate("m", lo, hi);

        assertThat(GateEvaluator.evaluate(Stage.Evaluation, gate, report(Map.of("m", lo)), Optional.empty()).passed()).isTrue();
        assertThat(GateEvaluator.evaluate(Stage.Evaluation, gate, report(Map.of("m", hi)), Optional.empty()).passed()).isTrue();
    }

    @Property
    void unreadableReportFailsEveryGate(@ForAll("nonEmptyGateLists") List<Gate> gates, @ForAll("unreadableMessages") String message,
                                        @ForAll("baselines") Optional<Baseline> baseline) {
        MetricsReport report = MetricsReport.parse(message);

        List<GateVerdict> verdicts = GateEvaluator.evaluate(Stage.Evaluation, gates, report, baseline);

        assertThat(report.readable()).isFalse();
        assertThat(verdicts).hasSameSizeAs(gates).allSatisfy(verdict -> {
            assertThat(verdict.passed()).isFalse();
            assertThat(verdict.getReason()).isEqualTo("MetricsUnreadable");
        });
        assertThat(GateEvaluator.allPassed(verdicts)).isFalse();
    }

    @Property
    void gateOnAMissingOrInvalidMetricNeverPasses(@ForAll("gates") Gate gate, @ForAll("baselines") Optional<Baseline> baseline,
                                                  @ForAll("nonNumericJson") String leaf, @ForAll boolean present) {
        String message = present ? "{\"" + gate.getMetric() + "\":" + leaf + ",\"other\":1}" : "{\"other\":1}";

        GateVerdict verdict = GateEvaluator.evaluate(Stage.DataValidation, gate, MetricsReport.parse(message), baseline);

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.getObserved()).isNull();
        assertThat(verdict.getReason()).isEqualTo(present ? "MetricNotNumeric" : "MetricMissing");
        assertThat(verdict.getMessage()).contains(gate.getMetric());
    }

    @Property
    void everyPassedVerdictHasAFiniteObservedValue(@ForAll("gateLists") List<Gate> gates, @ForAll("anyMessages") String message,
                                                   @ForAll("baselines") Optional<Baseline> baseline) {
        List<GateVerdict> verdicts = GateEvaluator.evaluate(Stage.Evaluation, gates, MetricsReport.parse(message), baseline);

        assertThat(verdicts).hasSameSizeAs(gates);
        for (GateVerdict verdict : verdicts) {
            if (verdict.passed()) {
                assertThat(verdict.getObserved()).isNotNull();
                assertThat(Double.isFinite(verdict.getObserved())).isTrue();
            }
            assertThat(verdict.getReason()).isNotBlank();
            assertThat(verdict.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 2000)
    void mustBeatIsMonotonic(@ForAll("betters") Optional<Gate.Better> better,
                             @ForAll("values") double stableValue,
                             @ForAll("tolerances") Optional<Double> tolerance,
                             @ForAll("values") double value,
                             @ForAll("nonNegative") double improvement) {
        Gate gate = mustBeat("m", better.orElse(null), tolerance.orElse(null));
        boolean lowerIsBetter = better.orElse(Gate.Better.Higher) == Gate.Better.Lower;
        double betterValue = lowerIsBetter ? value - improvement : value + improvement;
        Assume.that(Double.isFinite(betterValue));
        Optional<Baseline> baseline = stable("r1", Map.of("m", stableValue));

        boolean passes = GateEvaluator.evaluate(Stage.Evaluation, gate, report(Map.of("m", value)), baseline).passed();
        boolean betterPasses = GateEvaluator.evaluate(Stage.Evaluation, gate, report(Map.of("m", betterValue)), baseline).passed();

        if (passes) {
            assertThat(betterPasses).as("%s passes, so the better %s must pass too", value, betterValue).isTrue();
        }
        if (!betterPasses) {
            assertThat(passes).isFalse();
        }
    }

    @Property
    void mustBeatWithoutToleranceAcceptsAValueEqualToStable(@ForAll("betters") Optional<Gate.Better> better,
                                                            @ForAll("values") double stableValue) {
        Gate gate = mustBeat("m", better.orElse(null), null);

        GateVerdict verdict = GateEvaluator.evaluate(Stage.Evaluation, gate, report(Map.of("m", stableValue)),
                stable("r1", Map.of("m", stableValue)));

        assertThat(verdict.passed()).isTrue();
    }

    @Property
    void mustBeatPassesWithoutBaselineOrBaselineMetric(@ForAll("gates") Gate gate, @ForAll("values") double value,
                                                       @ForAll boolean baselineExists) {
        Gate comparisonOnly = mustBeat(gate.getMetric(), gate.getBetter(), gate.getTolerance());
        Optional<Baseline> baseline = baselineExists ? stable("r1", Map.of("unrelated", 1.0)) : Optional.empty();

        GateVerdict verdict = GateEvaluator.evaluate(Stage.Evaluation, comparisonOnly, report(Map.of(gate.getMetric(), value)), baseline);

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.getBound()).contains("stable (");
    }

    @Property
    void verdictRecordsStageAndMetric(@ForAll("gates") Gate gate, @ForAll Stage stage, @ForAll("anyMessages") String message) {
        GateVerdict verdict = GateEvaluator.evaluate(stage, gate, MetricsReport.parse(message), Optional.empty());

        assertThat(verdict.getStage()).isEqualTo(stage);
        assertThat(verdict.getMetric()).isEqualTo(gate.getMetric());
        assertThat(verdict.getBound()).isNotBlank();
    }

    // ---- generators ----

    @Provide
    Arbitrary<Double> values() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().between(-1e6, 1e6),
                Arbitraries.doubles().between(0.0, 1.0).ofScale(3),
                Arbitraries.of(0.0, -0.0, 1.0, -1.0, 0.5, Double.MIN_VALUE, 1e300, -1e300));
    }

    @Provide
    Arbitrary<Optional<Double>> optionalBounds() {
        return values().optional(0.7);
    }

    @Provide
    Arbitrary<Double> nonNegative() {
        return Arbitraries.oneOf(Arbitraries.doubles().between(0.0, 1e6), Arbitraries.of(0.0, Double.MIN_VALUE, 1e-9));
    }

    @Provide
    Arbitrary<Optional<Double>> tolerances() {
        return Arbitraries.oneOf(Arbitraries.doubles().between(0.0, 10.0), Arbitraries.of(0.0, 0.01, 0.1)).optional(0.7);
    }

    @Provide
    Arbitrary<Optional<Gate.Better>> betters() {
        return Arbitraries.of(Gate.Better.class).optional(0.7);
    }

    @Provide
    Arbitrary<String> metricNames() {
        return Arbitraries.of("auc", "loss", "f1", "eval.auc", "rows", "null_fraction");
    }

    @Provide
    Arbitrary<Gate> gates() {
        return Combinators.combine(metricNames(), optionalBounds(), optionalBounds(), Arbitraries.of(true, false),
                betters(), tolerances()).as((metric, min, max, beat, better, tolerance) -> {
            Gate gate = gate(metric, min.orElse(null), max.orElse(null));
            if (beat || (min.isEmpty() && max.isEmpty())) {
                gate.setMustBeat(Gate.Baseline.stable);
                gate.setBetter(better.orElse(null));
                gate.setTolerance(tolerance.orElse(null));
            }
            return gate;
        });
    }

    @Provide
    Arbitrary<List<Gate>> gateLists() {
        return gates().list().ofMaxSize(6).map(ArrayList::new);
    }

    @Provide
    Arbitrary<List<Gate>> nonEmptyGateLists() {
        return gates().list().ofMinSize(1).ofMaxSize(6).map(ArrayList::new);
    }

    @Provide
    Arbitrary<Optional<Baseline>> baselines() {
        return Arbitraries.maps(metricNames(), values()).ofMaxSize(6)
                .map(metrics -> new Baseline("r7", metrics))
                .optional(0.7);
    }

    @Provide
    Arbitrary<String> unreadableMessages() {
        return Arbitraries.oneOf(
                Arbitraries.of("", "   ", "[]", "[{\"auc\":0.9}]", "0.9", "\"auc\"", "true", "null", "{", "{\"auc\":",
                        "auc=0.9", "{'auc':0.9}"),
                Arbitraries.just((String) null),
                Arbitraries.doubles().map(Object::toString),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20).map(text -> "{" + text));
    }

    @Provide
    Arbitrary<String> nonNumericJson() {
        return Arbitraries.of("\"0.9\"", "\"\"", "true", "false", "null", "[]", "[0.9]", "NaN", "Infinity", "-Infinity", "1e999");
    }

    @Provide
    Arbitrary<String> anyMessages() {
        Arbitrary<String> objects = Arbitraries.maps(metricNames(),
                        Arbitraries.oneOf(values().map(Object::toString), nonNumericJson()))
                .ofMaxSize(6)
                .map(entries -> {
                    StringBuilder json = new StringBuilder("{");
                    entries.forEach((name, leaf) -> json.append(json.length() > 1 ? "," : "")
                            .append('"').append(name).append("\":").append(leaf));
                    return json.append('}').toString();
                });
        return Arbitraries.frequencyOf(Tuple.of(4, objects), Tuple.of(1, unreadableMessages()));
    }
}
