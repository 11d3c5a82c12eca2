package io.modelgate.delivery;

import io.modelgate.analysis.AnalysisLimits;
import io.modelgate.analysis.MetricCriteria;
import io.modelgate.analysis.NoDataPolicy;
import io.modelgate.api.AnalysisMetricSpec;
import io.modelgate.api.AnalysisRef;
import io.modelgate.api.AnalysisSpec;
import io.modelgate.api.BlueGreenRolloutSpec;
import io.modelgate.api.CanaryStepSpec;
import io.modelgate.api.RolloutSpec;
import io.modelgate.api.TrafficRoutingSpec;
import io.modelgate.rollout.BlueGreenSpec;
import io.modelgate.rollout.CanaryStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutPlanTest {

    static final RolloutDefaults DEFAULTS = RolloutDefaults.standard();
    static final RolloutDefaults WITH_PROMETHEUS = new RolloutDefaults(Duration.ofSeconds(45), "http://prometheus:9090");

    static AnalysisMetricSpec prometheusMetric(String name, Consumer<AnalysisMetricSpec> change) {
        AnalysisMetricSpec metric = new AnalysisMetricSpec();
        metric.setName(name);
        metric.setMax(0.05);
        AnalysisMetricSpec.PrometheusMetric prometheus = new AnalysisMetricSpec.PrometheusMetric();
        prometheus.setAddress("http://prometheus.monitoring:9090");
        prometheus.setQuery("sum(rate(errors{revision=\"{{revision}}\"}[1m]))");
        metric.setPrometheus(prometheus);
        change.accept(metric);
        return metric;
    }

    static AnalysisMetricSpec prometheusMetric(String name) {
        return prometheusMetric(name, m -> {
        });
    }

    static AnalysisSpec analysis(String name, AnalysisMetricSpec... metrics) {
        AnalysisSpec analysis = new AnalysisSpec();
        analysis.setName(name);
        analysis.setMetrics(new ArrayList<>(List.of(metrics)));
        return analysis;
    }

    static RolloutSpec canary(List<CanaryStepSpec> steps, AnalysisSpec... analyses) {
        RolloutSpec spec = new RolloutSpec();
        spec.setStrategy(RolloutSpec.Strategy.Canary);
        spec.setSteps(new ArrayList<>(steps));
        spec.setAnalyses(new ArrayList<>(List.of(analyses)));
        return spec;
    }

    static RolloutSpec blueGreen(BlueGreenRolloutSpec blueGreen, AnalysisSpec... analyses) {
        RolloutSpec spec = new RolloutSpec();
        spec.setStrategy(RolloutSpec.Strategy.BlueGreen);
        spec.setBlueGreen(blueGreen);
        spec.setAnalyses(new ArrayList<>(List.of(analyses)));
        return spec;
    }

    static CanaryStepSpec untilPromoted() {
        CanaryStepSpec step = new CanaryStepSpec();
        step.setPause(new CanaryStepSpec.PauseSpec());
        return step;
    }

    // --- defaults ---

    @Test
    void countZeroIsOnlyForBackgroundAnalysisBecauseAStepWouldNeverEnd() {
        AnalysisSpec unbounded = analysis("errors", prometheusMetric("error-rate", m -> m.setCount(0)));
        RolloutSpec inAStep = canary(List.of(CanaryStepSpec.weight(10), CanaryStepSpec.analysis("errors")), unbounded);
        RolloutSpec inTheBackground = canary(List.of(CanaryStepSpec.weight(10)), unbounded);
        inTheBackground.setBackgroundAnalysis(io.modelgate.api.AnalysisRef.named("errors"));

        assertThat(RolloutPlan.from(inAStep, WITH_PROMETHEUS).problems()).singleElement().asString()
                .contains("analysis errors metric error-rate: count 0").contains("would never end");
        assertThat(RolloutPlan.from(inTheBackground, WITH_PROMETHEUS).problems()).isEmpty();
    }

    @Test
    void noRolloutIsDirect() {
        RolloutPlan plan = RolloutPlan.from(null, DEFAULTS);

        assertThat(plan.strategy()).isEqualTo(RolloutSpec.Strategy.Direct);
        assertThat(plan.progressive()).isFalse();
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.backgroundAnalysis()).isEmpty();
        assertThat(plan.blueGreen()).isEqualTo(BlueGreenSpec.defaults());
        assertThat(plan.analyses()).isEmpty();
        assertThat(plan.progressDeadline()).isEqualTo(Duration.ofSeconds(600));
        assertThat(plan.httpRoute()).isEmpty();
        assertThat(plan.problems()).isEmpty();
    }

    @Test
    void anEmptyRolloutIsDirectToo() {
        RolloutSpec spec = new RolloutSpec();

        RolloutPlan plan = RolloutPlan.from(spec, DEFAULTS);

        assertThat(plan).isEqualTo(RolloutPlan.from(null, DEFAULTS));
        assertThat(plan.progressive()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(RolloutSpec.Strategy.class)
    void progressiveIsCanaryOrBlueGreen(RolloutSpec.Strategy strategy) {
        RolloutSpec spec = new RolloutSpec();
        spec.setStrategy(strategy);

        assertThat(RolloutPlan.from(spec, DEFAULTS).progressive()).isEqualTo(strategy != RolloutSpec.Strategy.Direct);
        assertThat(RolloutPlan.from(spec, DEFAULTS).problems()).isEmpty();
    }

    @Test
    void aMetricTakesOneMeasurementAtTheOperatorsIntervalWithArgoDefaults() {
        RolloutPlan plan = RolloutPlan.from(canary(List.of(CanaryStepSpec.analysis("smoke")),
                analysis("smoke", prometheusMetric("error-rate"))), WITH_PROMETHEUS);

        assertThat(plan.problems()).isEmpty();
        MetricDefinition metric = plan.analysis("smoke").get(0);
        assertThat(metric.name()).isEqualTo("error-rate");
        assertThat(metric.limits()).isEqualTo(new AnalysisLimits(1, Duration.ofSeconds(45), Duration.ZERO, 0, null, 0, 4));
        assertThat(metric.limitsFor(false)).isEqualTo(metric.limits());
        assertThat(metric.limitsFor(true).count()).as("background without count: until promotion").isZero();
        assertThat(metric.limitsFor(true).interval()).isEqualTo(Duration.ofSeconds(45));
        assertThat(metric.criteria()).isEqualTo(new MetricCriteria("error-rate", null, 0.05, null, null, NoDataPolicy.Inconclusive));
        assertThat(metric.needsStable()).isFalse();
        assertThat(metric.source().getPrometheus().getQuery()).contains("{{revision}}");
    }

    @Test
    void theStandardIntervalIsThirtySeconds() {
        RolloutPlan plan = RolloutPlan.from(canary(List.of(), analysis("smoke", prometheusMetric("error-rate"))), DEFAULTS);

        assertThat(plan.analysis("smoke").get(0).limits().interval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void everyLimitAndBoundIsReadFromTheSpec() {
        AnalysisMetricSpec spec = prometheusMetric("latency", m -> {
            m.setInterval("1m30s");
            m.setCount(5);
            m.setInitialDelay("250ms");
            m.setFailureLimit(2);
            m.setConsecutiveFailureLimit(1);
            m.setInconclusiveLimit(3);
            m.setConsecutiveErrorLimit(0);
            m.setMin(0.1);
            m.setMax(null);
            m.setMaxRatioToStable(1.1);
            m.setMinRatioToStable(0.5);
            m.setNoData(AnalysisMetricSpec.NoData.Fail);
        });

        RolloutPlan plan = RolloutPlan.from(canary(List.of(), analysis("perf", spec)), DEFAULTS);

        assertThat(plan.problems()).isEmpty();
        MetricDefinition metric = plan.analysis("perf").get(0);
        assertThat(metric.limits()).isEqualTo(new AnalysisLimits(5, Duration.ofSeconds(90), Duration.ofMillis(250), 2, 1, 3, 0));
        assertThat(metric.limitsFor(true)).as("an explicit count holds in background too").isEqualTo(metric.limits());
        assertThat(metric.criteria()).isEqualTo(new MetricCriteria("latency", 0.1, null, 1.1, 0.5, NoDataPolicy.Fail));
        assertThat(metric.needsStable()).isTrue();
        assertThat(metric.source()).isSameAs(spec);
    }

    @Test
    void analysesKeepSpecOrderAndUnknownNamesHaveNoMetrics() {
        RolloutPlan plan = RolloutPlan.from(canary(List.of(),
                analysis("zeta", prometheusMetric("b"), prometheusMetric("a")), analysis("alpha", prometheusMetric("c"))), DEFAULTS);

        assertThat(plan.analyses().keySet()).containsExactly("zeta", "alpha");
        assertThat(plan.analysis("zeta")).extracting(MetricDefinition::name).containsExactly("b", "a");
        assertThat(plan.analysis("nope")).isEmpty();
    }

    @Test
    void stepsMapOneToOne() {
        RolloutSpec spec = canary(List.of(CanaryStepSpec.weight(10), CanaryStepSpec.pause("5m"), untilPromoted(),
                        CanaryStepSpec.analysis("smoke"), CanaryStepSpec.weight(50), CanaryStepSpec.pause("1h30m"), CanaryStepSpec.weight(100)),
                analysis("smoke", prometheusMetric("error-rate")));

        RolloutPlan plan = RolloutPlan.from(spec, DEFAULTS);

        assertThat(plan.problems()).isEmpty();
        assertThat(plan.steps()).containsExactly(new CanaryStep.SetWeight(10), CanaryStep.Pause.of(Duration.ofMinutes(5)),
                CanaryStep.Pause.untilPromoted(), new CanaryStep.Analysis("smoke"), new CanaryStep.SetWeight(50),
                CanaryStep.Pause.of(Duration.ofMinutes(90)), new CanaryStep.SetWeight(100));
    }

    @Test
    void theProgressDeadlineAndBackgroundAnalysisAreRead() {
        RolloutSpec spec = canary(List.of(CanaryStepSpec.weight(20)), analysis("health", prometheusMetric("error-rate")));
        spec.setProgressDeadlineSeconds(120);
        spec.setBackgroundAnalysis(AnalysisRef.named("health"));

        RolloutPlan plan = RolloutPlan.from(spec, DEFAULTS);

        assertThat(plan.problems()).isEmpty();
        assertThat(plan.progressDeadline()).isEqualTo(Duration.ofMinutes(2));
        assertThat(plan.backgroundAnalysis()).contains("health");
    }

    @Test
    void blueGreenDefaultsAreAutomaticPromotionAndThirtySecondsScaleDown() {
        RolloutPlan withoutSettings = RolloutPlan.from(blueGreen(null), DEFAULTS);
        RolloutPlan withEmptySettings = RolloutPlan.from(blueGreen(new BlueGreenRolloutSpec()), DEFAULTS);

        assertThat(withoutSettings.blueGreen()).isEqualTo(BlueGreenSpec.defaults());
        assertThat(withEmptySettings.blueGreen()).isEqualTo(BlueGreenSpec.defaults());
        assertThat(BlueGreenSpec.defaults()).isEqualTo(new BlueGreenSpec(Optional.empty(), Optional.empty(), true, Duration.ofSeconds(30)));
        assertThat(withEmptySettings.problems()).isEmpty();
    }

    @Test
    void blueGreenSettingsAreRead() {
        BlueGreenRolloutSpec settings = new BlueGreenRolloutSpec();
        settings.setAutoPromotionEnabled(false);
        settings.setScaleDownDelaySeconds(0);
        settings.setPrePromotionAnalysis(AnalysisRef.named("smoke"));
        settings.setPostPromotionAnalysis(AnalysisRef.named("health"));

        RolloutPlan plan = RolloutPlan.from(blueGreen(settings, analysis("smoke", prometheusMetric("error-rate")),
                analysis("health", prometheusMetric("latency"))), DEFAULTS);

        assertThat(plan.problems()).isEmpty();
        assertThat(plan.blueGreen()).isEqualTo(new BlueGreenSpec(Optional.of("smoke"), Optional.of("health"), false, Duration.ZERO));
    }

    @Test
    void gatewayRoutingNamesTheRoute() {
        RolloutSpec spec = canary(List.of(CanaryStepSpec.weight(10)));
        TrafficRoutingSpec routing = new TrafficRoutingSpec();
        routing.setType(TrafficRoutingSpec.Type.gatewayAPI);
        routing.setHttpRoute("fraud");
        spec.setTrafficRouting(routing);

        assertThat(RolloutPlan.from(spec, DEFAULTS).httpRoute()).contains("fraud");

        routing.setType(TrafficRoutingSpec.Type.replicas);
        assertThat(RolloutPlan.from(spec, DEFAULTS).httpRoute()).isEmpty();
        routing.setType(null);
        assertThat(RolloutPlan.from(spec, DEFAULTS).httpRoute()).as("replicas by default").isEmpty();
    }

    // --- problems ---

    @Test
    void gatewayRoutingWithoutARouteIsAProblem() {
        RolloutSpec spec = canary(List.of(CanaryStepSpec.weight(10)));
        TrafficRoutingSpec routing = new TrafficRoutingSpec();
        routing.setType(TrafficRoutingSpec.Type.gatewayAPI);
        spec.setTrafficRouting(routing);

        assertThat(RolloutPlan.from(spec, DEFAULTS).problems()).containsExactly("trafficRouting gatewayAPI needs httpRoute");
    }

    @Test
    void aStepAnalysisThatIsNotDefinedIsAProblem() {
        RolloutPlan plan = RolloutPlan.from(canary(List.of(CanaryStepSpec.weight(10), CanaryStepSpec.analysis("smoke")),
                analysis("health", prometheusMetric("error-rate"))), DEFAULTS);

        assertThat(plan.problems()).containsExactly("analysis \"smoke\" is referenced but not defined in rollout.analyses");
    }

    @Test
    void anUndefinedBackgroundAnalysisIsAProblem() {
        RolloutSpec spec = canary(List.of());
        spec.setBackgroundAnalysis(AnalysisRef.named("health"));

        assertThat(RolloutPlan.from(spec, DEFAULTS).problems()).containsExactly("analysis \"health\" is referenced but not defined in rollout.analyses");
    }

    @Test
    void undefinedPromotionAnalysesAreProblems() {
        BlueGreenRolloutSpec settings = new BlueGreenRolloutSpec();
        settings.setPrePromotionAnalysis(AnalysisRef.named("smoke"));
        settings.setPostPromotionAnalysis(AnalysisRef.named("health"));

        assertThat(RolloutPlan.from(blueGreen(settings), DEFAULTS).problems()).containsExactly(
                "analysis \"smoke\" is referenced but not defined in rollout.analyses",
                "analysis \"health\" is referenced but not defined in rollout.analyses");
    }

    @Test
    void aPrometheusMetricWithoutAddressNeedsTheOperatorDefault() {
        RolloutSpec spec = canary(List.of(CanaryStepSpec.analysis("smoke")),
                analysis("smoke", prometheusMetric("error-rate", m -> m.getPrometheus().setAddress(null))));

        RolloutPlan without = RolloutPlan.from(spec, DEFAULTS);
        RolloutPlan blank = RolloutPlan.from(spec, new RolloutDefaults(Duration.ofSeconds(30), "  "));
        RolloutPlan with = RolloutPlan.from(spec, WITH_PROMETHEUS);

        assertThat(without.problems()).singleElement().asString()
                .startsWith("analysis smoke metric error-rate: prometheus.address is not set")
                .contains("operator.prometheusAddress");
        assertThat(blank.problems()).isEqualTo(without.problems());
        assertThat(without.analysis("smoke")).as("a metric with a problem is left out").isEmpty();
        assertThat(without.analyses()).containsKey("smoke");
        assertThat(with.problems()).isEmpty();
        assertThat(with.analysis("smoke")).hasSize(1);
    }

    /** An unknown or unclosed placeholder is a spec problem before any rollout starts, not an Error at the first measurement. */
    @Test
    void anUnknownPlaceholderInAQueryOrAUrlIsAProblemNamingTheMetricAndThePlaceholder() {
        AnalysisMetricSpec http = new AnalysisMetricSpec();
        http.setName("success-rate");
        http.setMin(0.9);
        AnalysisMetricSpec.HttpMetric get = new AnalysisMetricSpec.HttpMetric();
        get.setUrl("http://metrics.example/{{model}}/{{revision}}");
        get.setJsonPointer("/rate");
        http.setHttp(get);
        RolloutSpec spec = canary(List.of(CanaryStepSpec.analysis("smoke")), analysis("smoke",
                prometheusMetric("error-rate", m -> m.getPrometheus().setQuery("sum(rate(errors{revision=\"{{revison}}\"}[1m]))")),
                prometheusMetric("latency", m -> m.getPrometheus().setQuery("p99{revision=\"{{revision\"}")),
                http));

        RolloutPlan plan = RolloutPlan.from(spec, DEFAULTS);

        assertThat(plan.problems()).hasSize(3);
        assertThat(plan.problems().get(0)).startsWith("analysis smoke metric error-rate prometheus.query: unknown placeholder {{revison}}")
                .contains("known: {{namespace}}, {{pipeline}}, {{revision}}, {{stableRevision}}");
        assertThat(plan.problems().get(1)).startsWith("analysis smoke metric latency prometheus.query: unclosed placeholder");
        assertThat(plan.problems().get(2)).startsWith("analysis smoke metric success-rate http.url: unknown placeholder {{model}}");
        assertThat(plan.analysis("smoke")).as("metrics with a problem are left out").isEmpty();
    }

    @Test
    void everyKnownPlaceholderIsFine() {
        RolloutPlan plan = RolloutPlan.from(canary(List.of(CanaryStepSpec.analysis("smoke")), analysis("smoke", prometheusMetric("error-rate",
                m -> m.getPrometheus().setQuery("x{ns=\"{{namespace}}\",p=\"{{ pipeline }}\",r=\"{{revision}}\"} / x{r=\"{{stableRevision}}\"}")))),
                DEFAULTS);

        assertThat(plan.problems()).isEmpty();
    }

    @Test
    void contradictoryLimitsAreAProblemNamingTheMetric() {
        RolloutPlan plan = RolloutPlan.from(canary(List.of(), analysis("smoke", prometheusMetric("error-rate", m -> {
            m.setInterval("0s");
            m.setCount(2);
        }))), DEFAULTS);

        assertThat(plan.problems()).singleElement().asString()
                .isEqualTo("analysis smoke metric error-rate: interval is required when count is 2: measurements need time between them");
    }

    @Test
    void aZeroIntervalWithOneMeasurementIsFine() {
        RolloutPlan plan = RolloutPlan.from(canary(List.of(CanaryStepSpec.analysis("smoke")), analysis("smoke", prometheusMetric("error-rate", m -> {
            m.setInterval("0s");
            m.setCount(1);
        }))), DEFAULTS);

        assertThat(plan.problems()).isEmpty();
        assertThat(plan.analysis("smoke").get(0).limits().interval()).isZero();
    }

    /** Without count a background metric measures until promotion: every interval, which cannot be zero. */
    @Test
    void aBackgroundMetricWithAZeroIntervalAndNoCountIsAProblemNotACrash() {
        RolloutSpec spec = canary(List.of(CanaryStepSpec.weight(50)), analysis("health", prometheusMetric("error-rate", m -> m.setInterval("0s"))));
        spec.setBackgroundAnalysis(AnalysisRef.named("health"));

        RolloutPlan plan = RolloutPlan.from(spec, DEFAULTS);

        assertThat(plan.problems()).singleElement().asString().contains("analysis health metric error-rate")
                .contains("interval is required when count is 0");
    }

    @Test
    void anOperatorDefaultIntervalOfZeroIsAProblemForBackgroundMetricsOnly() {
        RolloutDefaults zero = new RolloutDefaults(Duration.ZERO, null);
        RolloutSpec inline = canary(List.of(CanaryStepSpec.analysis("health")), analysis("health", prometheusMetric("error-rate")));
        RolloutSpec background = canary(List.of(CanaryStepSpec.weight(50)), analysis("health", prometheusMetric("error-rate")));
        background.setBackgroundAnalysis(AnalysisRef.named("health"));

        assertThat(RolloutPlan.from(inline, zero).problems()).isEmpty();
        assertThat(RolloutPlan.from(background, zero).problems()).singleElement().asString().contains("interval is required when count is 0");
    }

    @Test
    void badDurationsAreProblemsNamingTheFieldAndTheText() {
        RolloutSpec spec = canary(List.of(CanaryStepSpec.pause("1.5s"), CanaryStepSpec.analysis("smoke")),
                analysis("smoke", prometheusMetric("error-rate", m -> m.setInterval("5 minutes")),
                        prometheusMetric("latency", m -> m.setInitialDelay("soon"))));

        RolloutPlan plan = RolloutPlan.from(spec, DEFAULTS);

        assertThat(plan.problems()).containsExactlyInAnyOrder(
                "pause duration: \"1.5s\" is not a duration: use number+unit parts with ms, s, m or h, e.g. 30s, 5m, 1h30m",
                "analysis smoke metric error-rate interval: \"5 minutes\" is not a duration: use number+unit parts with ms, s, m or h, e.g. 30s, 5m, 1h30m",
                "analysis smoke metric latency initialDelay: \"soon\" is not a duration: use number+unit parts with ms, s, m or h, e.g. 30s, 5m, 1h30m");
        assertThat(plan.analysis("smoke")).isEmpty();
    }

    @Test
    void providersMustBeExactlyOne() {
        AnalysisMetricSpec none = prometheusMetric("none", m -> m.setPrometheus(null));
        AnalysisMetricSpec two = prometheusMetric("two", m -> {
            AnalysisMetricSpec.HttpMetric http = new AnalysisMetricSpec.HttpMetric();
            http.setUrl("http://metrics/x");
            http.setJsonPointer("/rate");
            m.setHttp(http);
        });

        RolloutPlan plan = RolloutPlan.from(canary(List.of(), analysis("smoke", none, two)), DEFAULTS);

        assertThat(plan.problems()).containsExactly(
                "analysis smoke metric none needs exactly one provider: prometheus, http or job",
                "analysis smoke metric two needs exactly one provider: prometheus, http or job");
    }

    @Test
    void boundsMustBeSetAndConsistent() {
        AnalysisMetricSpec unbounded = prometheusMetric("unbounded", m -> m.setMax(null));
        AnalysisMetricSpec crossed = prometheusMetric("crossed", m -> {
            m.setMin(0.9);
            m.setMax(0.1);
        });

        RolloutPlan plan = RolloutPlan.from(canary(List.of(), analysis("smoke", unbounded, crossed)), DEFAULTS);

        assertThat(plan.problems()).containsExactly(
                "analysis smoke: metric unbounded has no bound: set min, max, maxRatioToStable, minRatioToStable, successCondition or failureCondition",
                "analysis smoke: metric crossed: min 0.9 is greater than max 0.1, so no value can pass");
    }

    @Test
    void oneBadMetricDoesNotHideTheOthers() {
        RolloutPlan plan = RolloutPlan.from(canary(List.of(CanaryStepSpec.analysis("smoke")),
                analysis("smoke", prometheusMetric("good"), prometheusMetric("bad", m -> m.setCount(-1)))), DEFAULTS);

        assertThat(plan.problems()).singleElement().asString().startsWith("analysis smoke metric bad: count must be >= 0");
        assertThat(plan.analysis("smoke")).extracting(MetricDefinition::name).containsExactly("good");
    }

    // --- count below failureLimit / inconclusiveLimit (Argo Rollouts rejects it; CEL sees a written count only) ---

    @Test
    void aWrittenCountBelowFailureLimitIsAProblemNamingTheMetric() {
        RolloutSpec spec = canary(List.of(CanaryStepSpec.analysis("smoke")), analysis("smoke", prometheusMetric("error-rate", m -> {
            m.setCount(2);
            m.setFailureLimit(3);
        })));

        assertThat(RolloutPlan.from(spec, DEFAULTS).problems()).singleElement().asString()
                .startsWith("analysis smoke metric error-rate: count 2 is less than failureLimit 3");
    }

    @Test
    void anUnsetCountIsOneMeasurementInAStepSoAFailureLimitAboveOneIsAProblem() {
        RolloutSpec spec = canary(List.of(CanaryStepSpec.analysis("smoke")), analysis("smoke", prometheusMetric("error-rate", m -> m.setFailureLimit(2))));

        assertThat(RolloutPlan.from(spec, DEFAULTS).problems()).singleElement().asString()
                .startsWith("analysis smoke metric error-rate (count unset: one measurement in a step or blue-green analysis): "
                        + "count 1 is less than failureLimit 2");
    }

    @Test
    void anUnsetCountInABlueGreenAnalysisIsOneMeasurementToo() {
        BlueGreenRolloutSpec settings = new BlueGreenRolloutSpec();
        settings.setPostPromotionAnalysis(AnalysisRef.named("after"));

        RolloutPlan plan = RolloutPlan.from(blueGreen(settings, analysis("after", prometheusMetric("latency", m -> m.setInconclusiveLimit(3)))), DEFAULTS);

        assertThat(plan.problems()).singleElement().asString()
                .contains("analysis after metric latency (count unset").contains("count 1 is less than inconclusiveLimit 3");
    }

    @Test
    void anUnsetCountInABackgroundAnalysisIsUnboundedSoAnyLimitIsFine() {
        RolloutSpec spec = canary(List.of(CanaryStepSpec.weight(50)), analysis("health", prometheusMetric("error-rate", m -> {
            m.setFailureLimit(5);
            m.setInconclusiveLimit(5);
        })));
        spec.setBackgroundAnalysis(AnalysisRef.named("health"));

        assertThat(RolloutPlan.from(spec, DEFAULTS).problems()).isEmpty();
    }

    @Test
    void aWrittenCountUsedInAStepAndInTheBackgroundIsReportedOnce() {
        RolloutSpec spec = canary(List.of(CanaryStepSpec.analysis("health"), CanaryStepSpec.analysis("health")),
                analysis("health", prometheusMetric("error-rate", m -> {
                    m.setCount(1);
                    m.setInconclusiveLimit(2);
                })));
        spec.setBackgroundAnalysis(AnalysisRef.named("health"));

        assertThat(RolloutPlan.from(spec, DEFAULTS).problems()).singleElement().asString()
                .startsWith("analysis health metric error-rate: count 1 is less than inconclusiveLimit 2");
    }

    @Test
    void anUnreferencedAnalysisAndACountEqualToTheLimitAreNotProblems() {
        RolloutSpec spec = canary(List.of(CanaryStepSpec.analysis("smoke")),
                analysis("smoke", prometheusMetric("error-rate", m -> {
                    m.setCount(3);
                    m.setFailureLimit(3);
                })),
                analysis("unused", prometheusMetric("latency", m -> m.setFailureLimit(7))));

        assertThat(RolloutPlan.from(spec, DEFAULTS).problems()).isEmpty();
    }

    /** Random specs: a problem exactly when the count this use measures is bounded and below a limit. */
    @Test
    void theCountCheckFollowsTheEffectiveCountOfEveryUse() {
        long seed = new java.util.Random().nextLong();
        java.util.Random random = new java.util.Random(seed);
        for (int run = 0; run < 1_000; run++) {
            Integer count = random.nextInt(4) == 0 ? null : random.nextInt(5);
            Integer failureLimit = random.nextInt(3) == 0 ? null : random.nextInt(6);
            Integer inconclusiveLimit = random.nextInt(3) == 0 ? null : random.nextInt(6);
            int use = random.nextInt(3); // 0 step, 1 background, 2 both
            RolloutSpec spec = canary(use == 1 ? List.of(CanaryStepSpec.weight(50)) : List.of(CanaryStepSpec.analysis("a")),
                    analysis("a", prometheusMetric("m", metric -> {
                        metric.setCount(count);
                        metric.setFailureLimit(failureLimit);
                        metric.setInconclusiveLimit(inconclusiveLimit);
                    })));
            if (use > 0) {
                spec.setBackgroundAnalysis(AnalysisRef.named("a"));
            }

            List<String> problems = RolloutPlan.from(spec, DEFAULTS).problems().stream()
                    .filter(p -> p.contains("is less than")).toList();

            boolean inline = use != 1;
            int effective = count != null ? count : inline ? 1 : 0;
            int limit = Math.max(failureLimit == null ? 0 : failureLimit, inconclusiveLimit == null ? 0 : inconclusiveLimit);
            String context = "seed " + seed + ": count " + count + ", failureLimit " + failureLimit + ", inconclusiveLimit "
                    + inconclusiveLimit + ", use " + use + " -> " + problems;
            assertThat(!problems.isEmpty()).as(context).isEqualTo(effective > 0 && effective < limit);
            assertThat(problems).as(context).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(2);
        }
    }

    @Test
    void aJsonPathThatDoesNotCompileIsAProblemOfThePlanNotAnErrorMeasurement() {
        AnalysisMetricSpec metric = new AnalysisMetricSpec();
        metric.setName("score");
        metric.setMin(0.9);
        AnalysisMetricSpec.HttpMetric http = new AnalysisMetricSpec.HttpMetric();
        http.setUrl("http://scorer.example/{{revision}}");
        http.setJsonPath("$.data[?(@.name == 'fraud')");
        metric.setHttp(http);

        RolloutPlan plan = RolloutPlan.from(canary(List.of(CanaryStepSpec.analysis("smoke")), analysis("smoke", metric)), DEFAULTS);

        assertThat(plan.problems()).singleElement().asString()
                .startsWith("analysis smoke metric score http.jsonPath: invalid JSONPath \"$.data[?(@.name == 'fraud')\"");
    }
}
