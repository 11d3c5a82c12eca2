package io.modelgate.delivery;

import io.modelgate.api.AnalysisMetricSpec;
import io.modelgate.api.AnalysisRef;
import io.modelgate.api.AnalysisSpec;
import io.modelgate.api.CanaryStepSpec;
import io.modelgate.api.RolloutSpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

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

    @Property(tries = 5000)
    void aPlanWithoutProblemsHasOnlyUsableLimits(@ForAll("specs") RolloutSpec spec, @ForAll("defaults") RolloutDefaults defaults) {
        RolloutPlan plan = RolloutPlan.from(spec, defaults);

        if (!plan.problems().isEmpty()) {
            return;
        }
        plan.analyses().forEach((name, metrics) -> metrics.forEach(metric ->
                assertThatCode(() -> metric.limitsFor(false)).as("%s/%s inline", name, metric.name()).doesNotThrowAnyException()));
        plan.backgroundAnalysis().ifPresent(name -> plan.analysis(name).forEach(metric ->
                assertThatCode(() -> metric.limitsFor(true)).as("%s/%s background", name, metric.name()).doesNotThrowAnyException()));
    }

    @Property(tries = 3000)
    void everyProblemNamesWhereItIs(@ForAll("specs") RolloutSpec spec, @ForAll("defaults") RolloutDefaults defaults) {
        RolloutPlan plan = RolloutPlan.from(spec, defaults);

        assertThat(plan.problems()).allSatisfy(problem -> assertThat(problem)
                .containsAnyOf("analysis ", "pause duration", "trafficRouting"));
        for (String name : plan.analyses().keySet()) {
            int specMetrics = spec.getAnalyses().stream().filter(a -> a.getName().equals(name)).findFirst().orElseThrow().getMetrics().size();
            if (plan.analysis(name).size() < specMetrics) {
                assertThat(plan.problems()).as("a metric left out of %s is reported", name).anyMatch(p -> p.contains("analysis " + name));
            }
        }
    }

    @Property(tries = 1000)
    void theSameSpecGivesTheSamePlan(@ForAll("specs") RolloutSpec spec, @ForAll("defaults") RolloutDefaults defaults) {
        assertThat(RolloutPlan.from(spec, defaults)).isEqualTo(RolloutPlan.from(spec, defaults));
    }

    @Provide
    Arbitrary<RolloutDefaults> defaults() {
        return Combinators.combine(Arbitraries.of(Duration.ZERO, Duration.ofMillis(1), Duration.ofSeconds(30)),
                Arbitraries.of("http://prometheus:9090").injectNull(0.5)).as(RolloutDefaults::new);
    }

    @Provide
    Arbitrary<RolloutSpec> specs() {
        Arbitrary<List<AnalysisSpec>> analyses = Combinators.combine(metrics().list().ofMinSize(1).ofMaxSize(3),
                        metrics().list().ofMinSize(1).ofMaxSize(2))
                .as((a, b) -> List.of(analysis("health", a), analysis("smoke", b)));
        Arbitrary<List<CanaryStepSpec>> steps = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 100).map(CanaryStepSpec::weight),
                Arbitraries.of("30s", "0s", "1h30m", "30s", "0s", "1h30m", "5 minutes").map(CanaryStepSpec::pause),
                Arbitraries.of("health", "smoke").map(CanaryStepSpec::analysis)).list().ofMaxSize(6);
        return Combinators.combine(Arbitraries.of(RolloutSpec.Strategy.class).injectNull(0.1), analyses, steps,
                        Arbitraries.of("health", "smoke").injectNull(0.4), Arbitraries.integers().between(1, 86400).injectNull(0.5))
                .as((strategy, as, ss, background, deadline) -> {
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

    private Arbitrary<AnalysisMetricSpec> metrics() {
        // Mostly valid values, so that problem-free plans are common; each kind of mistake still shows up.
        Arbitrary<String> durations = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of("0s", "1s", "30s", "1m", "250ms").injectNull(0.4)),
                Tuple.of(1, Arbitraries.just("bad")));
        Arbitrary<Integer> counts = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of(0, 1, 2, 10).injectNull(0.5)), Tuple.of(1, Arbitraries.just(-1)));
        Arbitrary<Integer> limits = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of(0, 1, 3).injectNull(0.6)), Tuple.of(1, Arbitraries.just(-1)));
        Arbitrary<Double> bounds = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of(0.0, 0.05, 1.0)), Tuple.of(1, Arbitraries.just(Double.POSITIVE_INFINITY)))
                .injectNull(0.3);
        Arbitrary<String> addresses = Arbitraries.of("http://prometheus.monitoring:9090").injectNull(0.3);
        return Combinators.combine(durations, counts, durations, limits, limits, bounds, bounds, addresses)
                .as((interval, count, delay, failureLimit, streak, min, max, address) -> {
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
