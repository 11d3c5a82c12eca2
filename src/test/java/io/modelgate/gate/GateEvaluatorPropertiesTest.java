package io.modelgate.gate;

import io.modelgate.api.Gate;
import io.modelgate.api.GateVerdict.Stage;
import io.modelgate.api.GateVerdict;
import io.modelgate.testing.Chars;
import io.modelgate.testing.Gen;
import io.modelgate.testing.Property;
import org.junit.jupiter.api.Test;

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

    @Test
    void passesExactlyWhenWithinInclusiveBounds() {
        Property.tries(2000).forAll(values(), optionalBounds(), optionalBounds(), (value, min, max) -> {
            Gate gate = gate("m", min.orElse(null), max.orElse(null));

            GateVerdict verdict = GateEvaluator.evaluate(Stage.Evaluation, gate, report(Map.of("m", value)), Optional.empty());

            boolean expected = min.map(lo -> lo <= value).orElse(true) && max.map(hi -> value <= hi).orElse(true);
            assertThat(verdict.passed()).as("%s against min %s max %s", value, min, max).isEqualTo(expected);
            assertThat(verdict.getObserved()).isEqualTo((double) value);
            assertThat(verdict.getReason()).isIn(expected ? List.of("WithinBounds") : List.of("BelowMin", "AboveMax"));
        });
    }

    @Test
    void valueEqualToEitherBoundPasses() {
        Property.tries(1000).forAll(values(), values(), (bound, other) -> {
            double lo = Math.min(bound, other);
            double hi = Math.max(bound, other);
            Gate gate = gate("m", lo, hi);

            assertThat(GateEvaluator.evaluate(Stage.Evaluation, gate, report(Map.of("m", lo)), Optional.empty()).passed()).isTrue();
            assertThat(GateEvaluator.evaluate(Stage.Evaluation, gate, report(Map.of("m", hi)), Optional.empty()).passed()).isTrue();
        });
    }

    @Test
    void unreadableReportFailsEveryGate() {
        Property.tries(1000).forAll(nonEmptyGateLists(), unreadableMessages(), baselines(), (gates, message, baseline) -> {
            MetricsReport report = MetricsReport.parse(message);

            List<GateVerdict> verdicts = GateEvaluator.evaluate(Stage.Evaluation, gates, report, baseline);

            assertThat(report.readable()).isFalse();
            assertThat(verdicts).hasSameSizeAs(gates).allSatisfy(verdict -> {
                assertThat(verdict.passed()).isFalse();
                assertThat(verdict.getReason()).isEqualTo("MetricsUnreadable");
            });
            assertThat(GateEvaluator.allPassed(verdicts)).isFalse();
        });
    }

    @Test
    void gateOnAMissingOrInvalidMetricNeverPasses() {
        Property.tries(1000).forAll(gates(), baselines(), nonNumericJson(), Gen.booleans(), (gate, baseline, leaf, present) -> {
            String message = present ? "{\"" + gate.getMetric() + "\":" + leaf + ",\"other\":1}" : "{\"other\":1}";

            GateVerdict verdict = GateEvaluator.evaluate(Stage.DataValidation, gate, MetricsReport.parse(message), baseline);

            assertThat(verdict.passed()).isFalse();
            assertThat(verdict.getObserved()).isNull();
            assertThat(verdict.getReason()).isEqualTo(present ? "MetricNotNumeric" : "MetricMissing");
            assertThat(verdict.getMessage()).contains(gate.getMetric());
        });
    }

    @Test
    void everyPassedVerdictHasAFiniteObservedValue() {
        Property.tries(1000).forAll(gateLists(), anyMessages(), baselines(), (gates, message, baseline) -> {
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
        });
    }

    @Test
    void mustBeatIsMonotonic() {
        Property.tries(2000).forAll(betters(), values(), tolerances(), values(), nonNegative(),
                (better, stableValue, tolerance, value, improvement) -> {
            Gate gate = mustBeat("m", better.orElse(null), tolerance.orElse(null));
            boolean lowerIsBetter = better.orElse(Gate.Better.Higher) == Gate.Better.Lower;
            double betterValue = lowerIsBetter ? value - improvement : value + improvement;
            Property.assume(Double.isFinite(betterValue));
            Optional<Baseline> baseline = stable("r1", Map.of("m", stableValue));

            boolean passes = GateEvaluator.evaluate(Stage.Evaluation, gate, report(Map.of("m", value)), baseline).passed();
            boolean betterPasses = GateEvaluator.evaluate(Stage.Evaluation, gate, report(Map.of("m", betterValue)), baseline).passed();

            if (passes) {
                assertThat(betterPasses).as("%s passes, so the better %s must pass too", value, betterValue).isTrue();
            }
            if (!betterPasses) {
                assertThat(passes).isFalse();
            }
        });
    }

    @Test
    void mustBeatWithoutToleranceAcceptsAValueEqualToStable() {
        Property.tries(1000).forAll(betters(), values(), (better, stableValue) -> {
            Gate gate = mustBeat("m", better.orElse(null), null);

            GateVerdict verdict = GateEvaluator.evaluate(Stage.Evaluation, gate, report(Map.of("m", stableValue)),
                    stable("r1", Map.of("m", stableValue)));

            assertThat(verdict.passed()).isTrue();
        });
    }

    @Test
    void mustBeatPassesWithoutBaselineOrBaselineMetric() {
        Property.tries(1000).forAll(gates(), values(), Gen.booleans(), (gate, value, baselineExists) -> {
            Gate comparisonOnly = mustBeat(gate.getMetric(), gate.getBetter(), gate.getTolerance());
            Optional<Baseline> baseline = baselineExists ? stable("r1", Map.of("unrelated", 1.0)) : Optional.empty();

            GateVerdict verdict = GateEvaluator.evaluate(Stage.Evaluation, comparisonOnly, report(Map.of(gate.getMetric(), value)), baseline);

            assertThat(verdict.passed()).isTrue();
            assertThat(verdict.getBound()).contains("stable (");
        });
    }

    @Test
    void verdictRecordsStageAndMetric() {
        Property.tries(1000).forAll(gates(), Gen.of(Stage.class), anyMessages(), (gate, stage, message) -> {
            GateVerdict verdict = GateEvaluator.evaluate(stage, gate, MetricsReport.parse(message), Optional.empty());

            assertThat(verdict.getStage()).isEqualTo(stage);
            assertThat(verdict.getMetric()).isEqualTo(gate.getMetric());
            assertThat(verdict.getBound()).isNotBlank();
        });
    }

    // ---- generators ----

    Gen<Double> values() {
        return Gen.oneOf(
                Gen.doubles(-1e6, 1e6),
                Gen.doubles(0.0, 1.0, 3),
                Gen.of(0.0, -0.0, 1.0, -1.0, 0.5, Double.MIN_VALUE, 1e300, -1e300));
    }

    Gen<Optional<Double>> optionalBounds() {
        return values().optional(0.7);
    }

    Gen<Double> nonNegative() {
        return Gen.oneOf(Gen.doubles(0.0, 1e6), Gen.of(0.0, Double.MIN_VALUE, 1e-9));
    }

    Gen<Optional<Double>> tolerances() {
        return Gen.oneOf(Gen.doubles(0.0, 10.0), Gen.of(0.0, 0.01, 0.1)).optional(0.7);
    }

    Gen<Optional<Gate.Better>> betters() {
        return Gen.of(Gate.Better.class).optional(0.7);
    }

    Gen<String> metricNames() {
        return Gen.of("auc", "loss", "f1", "eval.auc", "rows", "null_fraction");
    }

    Gen<Gate> gates() {
        return Gen.combine(metricNames(), optionalBounds(), optionalBounds(), Gen.of(true, false),
                betters(), tolerances(), (metric, min, max, beat, better, tolerance) -> {
            Gate gate = gate(metric, min.orElse(null), max.orElse(null));
            if (beat || (min.isEmpty() && max.isEmpty())) {
                gate.setMustBeat(Gate.Baseline.stable);
                gate.setBetter(better.orElse(null));
                gate.setTolerance(tolerance.orElse(null));
            }
            return gate;
        });
    }

    Gen<List<Gate>> gateLists() {
        return gates().list(0, 6).map(ArrayList::new);
    }

    Gen<List<Gate>> nonEmptyGateLists() {
        return gates().list(1, 6).map(ArrayList::new);
    }

    Gen<Optional<Baseline>> baselines() {
        return Gen.maps(metricNames(), values(), 0, 6)
                .map(metrics -> new Baseline("r7", metrics))
                .optional(0.7);
    }

    Gen<String> unreadableMessages() {
        return Gen.oneOf(
                Gen.of("", "   ", "[]", "[{\"auc\":0.9}]", "0.9", "\"auc\"", "true", "null", "{", "{\"auc\":",
                        "auc=0.9", "{'auc':0.9}"),
                Gen.constant((String) null),
                Gen.doubles().map(Object::toString),
                Gen.strings(Chars.alpha(), 1, 20).map(text -> "{" + text));
    }

    Gen<String> nonNumericJson() {
        return Gen.of("\"0.9\"", "\"\"", "true", "false", "null", "[]", "[0.9]", "NaN", "Infinity", "-Infinity", "1e999");
    }

    Gen<String> anyMessages() {
        Gen<String> objects = Gen.maps(metricNames(), Gen.oneOf(values().map(Object::toString), nonNumericJson()), 0, 6)
                .map(entries -> {
                    StringBuilder json = new StringBuilder("{");
                    entries.forEach((name, leaf) -> json.append(json.length() > 1 ? "," : "")
                            .append('"').append(name).append("\":").append(leaf));
                    return json.append('}').toString();
                });
        return Gen.frequency(Gen.weighted(4, objects), Gen.weighted(1, unreadableMessages()));
    }
}
