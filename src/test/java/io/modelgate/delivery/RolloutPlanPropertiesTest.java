package io.modelgate.delivery;

import io.modelgate.api.AnalysisMetricSpec;
import io.modelgate.api.AnalysisRef;
import io.modelgate.api.AnalysisSpec;
import io.modelgate.api.CanaryStepSpec;
import io.modelgate.api.RolloutSpec;
import io.modelgate.testing.Gen;
import io.modelgate.testing.Property;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Building a plan never throws, and a plan without problems never throws later: every limit the reconciler will ask
 * for (inline and background) can be built. Otherwise a spec the API server accepted would fail every reconcile
 * instead of being reported as InvalidSpec.
 */
class RolloutPlanPropertiesTest {

    @Test
    void aPlanWithoutProblemsHasOnlyUsableLimits() {
        Property.tries(5000).forAll(specs(), defaults(), (spec, defaults) -> {
            RolloutPlan plan = RolloutPlan.from(spec, defaults);

            if (!plan.problems().isEmpty()) {
                return;
            }
            plan.analyses().forEach((name, metrics) -> metrics.forEach(metric ->
                    assertThatCode(() -> metric.limitsFor(false)).as("%s/%s inline", name, metric.name()).doesNotThrowAnyException()));
            plan.backgroundAnalysis().ifPresent(name -> plan.analysis(name).forEach(metric ->
                    assertThatCode(() -> metric.limitsFor(true)).as("%s/%s background", name, metric.name()).doesNotThrowAnyException()));
        });
    }

    @Test
    void everyProblemNamesWhereItIs() {
        Property.tries(3000).forAll(specs(), defaults(), (spec, defaults) -> {
            RolloutPlan plan = RolloutPlan.from(spec, defaults);

            assertThat(plan.problems()).allSatisfy(problem -> assertThat(problem)
                    .containsAnyOf("analysis ", "pause duration", "trafficRouting"));
            for (String name : plan.analyses().keySet()) {
                int specMetrics = spec.getAnalyses().stream().filter(a -> a.getName().equals(name)).findFirst().orElseThrow().getMetrics().size();
                if (plan.analysis(name).size() < specMetrics) {
                    assertThat(plan.problems()).as("a metric left out of %s is reported", name).anyMatch(p -> p.contains("analysis " + name));
                }
            }
        });
    }

    @Test
    void theSameSpecGivesTheSamePlan() {
        Property.tries(1000).forAll(specs(), defaults(), (spec, defaults) -> {
            assertThat(RolloutPlan.from(spec, defaults)).isEqualTo(RolloutPlan.from(spec, defaults));
        });
    }

    Gen<RolloutDefaults> defaults() {
        return Gen.combine(Gen.of(Duration.ZERO, Duration.ofMillis(1), Duration.ofSeconds(30)),
                Gen.of("http://prometheus:9090").orNull(0.5), RolloutDefaults::new);
    }

    Gen<RolloutSpec> specs() {
        Gen<List<AnalysisSpec>> analyses = Gen.combine(metrics().list(1, 3), metrics().list(1, 2),
                (a, b) -> List.of(analysis("health", a), analysis("smoke", b)));
        Gen<List<CanaryStepSpec>> steps = Gen.oneOf(
                Gen.ints(0, 100).map(CanaryStepSpec::weight),
                Gen.of("30s", "0s", "1h30m", "30s", "0s", "1h30m", "5 minutes").map(CanaryStepSpec::pause),
                Gen.of("health", "smoke").map(CanaryStepSpec::analysis)).list(0, 6);
        return Gen.combine(Gen.of(RolloutSpec.Strategy.class).orNull(0.1), analyses, steps,
                Gen.of("health", "smoke").orNull(0.4), Gen.ints(1, 86400).orNull(0.5), (strategy, as, ss, background, deadline) -> {
            RolloutSpec spec = new RolloutSpec();
            spec.setStrategy(strategy);
            spec.setAnalyses(new ArrayList<>(as));
            boolean canary = strategy == RolloutSpec.Strategy.Canary;
            spec.setSteps(canary ? new ArrayList<>(ss) : new ArrayList<>());
            spec.setBackgroundAnalysis(canary && background != null ? AnalysisRef.named(background) : null);
            spec.setProgressDeadlineSeconds(deadline);
            return spec;
        });
    }

    private static AnalysisSpec analysis(String name, List<AnalysisMetricSpec> metrics) {
        AnalysisSpec analysis = new AnalysisSpec();
        analysis.setName(name);
        List<AnalysisMetricSpec> unique = new ArrayList<>();
        for (int i = 0; i < metrics.size(); i++) {
            metrics.get(i).setName("m" + i);
            unique.add(metrics.get(i));
        }
        analysis.setMetrics(unique);
        return analysis;
    }

    private Gen<AnalysisMetricSpec> metrics() {
        // Mostly valid values, so that problem-free plans are common; each kind of mistake still shows up.
        Gen<String> durations = Gen.frequency(Gen.weighted(8, Gen.of("0s", "1s", "30s", "1m", "250ms").orNull(0.4)),
                Gen.weighted(1, Gen.constant("bad")));
        Gen<Integer> counts = Gen.frequency(Gen.weighted(8, Gen.of(0, 1, 2, 10).orNull(0.5)), Gen.weighted(1, Gen.constant(-1)));
        Gen<Integer> limits = Gen.frequency(Gen.weighted(8, Gen.of(0, 1, 3).orNull(0.6)), Gen.weighted(1, Gen.constant(-1)));
        Gen<Double> bounds = Gen.frequency(Gen.weighted(8, Gen.of(0.0, 0.05, 1.0)), Gen.weighted(1, Gen.constant(Double.POSITIVE_INFINITY)))
                .orNull(0.3);
        Gen<String> addresses = Gen.of("http://prometheus.monitoring:9090").orNull(0.3);
        return Gen.combine(durations, counts, durations, limits, limits, bounds, bounds, addresses,
                (interval, count, delay, failureLimit, streak, min, max, address) -> {
                    AnalysisMetricSpec metric = new AnalysisMetricSpec();
                    metric.setInterval(interval);
                    metric.setCount(count);
                    metric.setInitialDelay(delay);
                    metric.setFailureLimit(failureLimit);
                    metric.setConsecutiveFailureLimit(streak);
                    metric.setInconclusiveLimit(failureLimit);
                    metric.setConsecutiveErrorLimit(streak);
                    metric.setMin(min);
                    metric.setMax(max);
                    AnalysisMetricSpec.PrometheusMetric prometheus = new AnalysisMetricSpec.PrometheusMetric();
                    prometheus.setAddress(address);
                    prometheus.setQuery("up");
                    metric.setPrometheus(prometheus);
                    return metric;
                });
    }
}
