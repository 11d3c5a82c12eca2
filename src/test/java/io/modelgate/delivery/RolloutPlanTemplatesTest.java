package io.modelgate.delivery;

import io.modelgate.api.AnalysisArg;
import io.modelgate.api.AnalysisTemplateRef;
import io.modelgate.api.AnalysisTemplateSpec;
import io.modelgate.api.RolloutSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.modelgate.delivery.Templates.PIPELINE;
import static io.modelgate.delivery.Templates.analysis;
import static io.modelgate.delivery.Templates.canary;
import static io.modelgate.delivery.Templates.declared;
import static io.modelgate.delivery.Templates.errorRate;
import static io.modelgate.delivery.Templates.found;
import static io.modelgate.delivery.Templates.ns;
import static io.modelgate.delivery.Templates.secretArg;
import static io.modelgate.delivery.Templates.template;
import static org.assertj.core.api.Assertions.assertThat;

/** A template's metrics merged with an analysis' own: one list per analysis, each name once. */
class RolloutPlanTemplatesTest {

    static final RolloutDefaults DEFAULTS = RolloutDefaults.standard();

    static AnalysisTemplateSpec latency() {
        return template(List.of(declared("service", null)), errorRate("p99", "histogram_quantile(0.99, x{service=\"{{args.service}}\"})"),
                errorRate("errors", "y{service=\"{{args.service}}\"}"));
    }

    static RolloutPlan plan(RolloutSpec spec, Map<TemplateRead.Key, TemplateRead> read) {
        return RolloutPlan.from(spec, DEFAULTS, AnalysisTemplates.resolve(spec, PIPELINE, read));
    }

    @Test
    void theAnalysisOwnMetricsComeFirstThenEachTemplatesByName() {
        RolloutSpec spec = canary(analysis("health", List.of(AnalysisTemplateRef.named("latency", false)), List.of(AnalysisArg.of("service", "api")),
                errorRate("saturation", "z")));

        RolloutPlan plan = plan(spec, Map.of(ns("latency"), found(latency(), "7")));

        assertThat(plan.problems()).isEmpty();
        assertThat(plan.analysis("health")).extracting(MetricDefinition::name).containsExactly("saturation", "errors", "p99");
        assertThat(plan.analysis("health").get(2).source().getPrometheus().getQuery()).contains("service=\"api\"");
        assertThat(plan.templates()).singleElement().satisfies(t -> assertThat(t.getResourceVersion()).isEqualTo("7"));
    }

    @Test
    void aNameDefinedByTheAnalysisAndATemplateIsAProblemNamingBoth() {
        RolloutSpec spec = canary(analysis("health", List.of(AnalysisTemplateRef.named("latency", false)), List.of(AnalysisArg.of("service", "api")),
                errorRate("p99", "z")));

        RolloutPlan plan = plan(spec, Map.of(ns("latency"), found(latency(), "7")));

        assertThat(plan.problems()).singleElement().asString().isEqualTo("analysis health: metric p99 is defined twice, by the analysis itself and by "
                + "ModelAnalysisTemplate latency; metric names must be unique within an analysis");
    }

    @Test
    void aNameDefinedByTwoTemplatesIsAProblemNamingBoth() {
        RolloutSpec spec = canary(analysis("health", List.of(AnalysisTemplateRef.named("latency", false), AnalysisTemplateRef.named("more", true)),
                List.of(AnalysisArg.of("service", "api"))));

        RolloutPlan plan = plan(spec, Map.of(ns("latency"), found(latency(), "7"),
                new TemplateRead.Key("more", true), found(template(List.of(), errorRate("errors", "w")), "9")));

        assertThat(plan.problems()).singleElement().asString()
                .contains("metric errors is defined twice, by ModelAnalysisTemplate latency and by ClusterModelAnalysisTemplate more");
    }

    @Test
    void aMissingTemplateLeavesTheAnalysisWithoutItsMetricsAndSaysSo() {
        RolloutSpec spec = canary(analysis("health", List.of(AnalysisTemplateRef.named("latency", false)), List.of(AnalysisArg.of("service", "api"))));

        RolloutPlan plan = plan(spec, Map.of());

        assertThat(plan.analysis("health")).isEmpty();
        assertThat(plan.problems()).containsExactly("analysis health: ModelAnalysisTemplate latency not found in namespace ml");
    }

    @Test
    void anArgumentPlaceholderInTheAnalysisOwnMetricHasNoValue() {
        RolloutSpec spec = canary(analysis("health", List.of(), List.of(), errorRate("m", "x{a=\"{{args.a}}\"}")));

        RolloutPlan plan = plan(spec, Map.of());

        assertThat(plan.problems()).singleElement().asString().contains("analysis health metric m: {{args.a}} has no value");
    }

    @Test
    void aTemplateMetricWithABadLimitIsReportedWithTheTemplatesName() {
        AnalysisTemplateSpec spec = template(List.of(), errorRate("m", "x"));
        spec.getMetrics().get(0).setInterval("soon");
        RolloutSpec rollout = canary(analysis("health", List.of(AnalysisTemplateRef.named("t", false)), List.of()));

        RolloutPlan plan = plan(rollout, Map.of(ns("t"), found(spec, "1")));

        assertThat(plan.problems()).singleElement().asString().startsWith("analysis health metric m (ModelAnalysisTemplate t) interval");
    }

    @Test
    void aSecretArgumentTravelsWithItsMetricToTheMeasurer() {
        RolloutSpec spec = canary(analysis("health", List.of(AnalysisTemplateRef.named("latency", false)), List.of(secretArg("service", "s", "k"))));

        RolloutPlan plan = plan(spec, Map.of(ns("latency"), found(latency(), "7")));

        assertThat(plan.problems()).isEmpty();
        assertThat(plan.analysis("health")).allSatisfy(m -> assertThat(m.secretArgs()).extracting(a -> a.getSecretName()).containsExactly("s"));
    }

    @Test
    void aFrozenRecordIsMeasuredAsFrozenWhateverTheClusterHoldsNow() {
        RolloutSpec spec = canary(analysis("health", List.of(AnalysisTemplateRef.named("latency", false)), List.of(AnalysisArg.of("service", "v1"))));
        RolloutPlan started = plan(spec, Map.of(ns("latency"), found(latency(), "7")));
        // The rollout froze `started.templates()`; the template was then deleted and the args edited.
        spec.getAnalyses().get(0).setArgs(List.of(AnalysisArg.of("service", "v2")));

        RolloutPlan later = RolloutPlan.from(spec, DEFAULTS, AnalysisTemplates.frozen(started.templates()));

        assertThat(later.problems()).isEmpty();
        assertThat(later.analysis("health")).extracting(m -> m.source().getPrometheus().getQuery()).allMatch(q -> q.contains("service=\"v1\""));
        assertThat(plan(spec, Map.of()).problems()).as("resolved afresh, the same spec is refused").isNotEmpty();
    }
}
