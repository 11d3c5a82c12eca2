package io.modelgate.delivery;

import io.modelgate.api.AnalysisArg;
import io.modelgate.api.AnalysisMetricSpec;
import io.modelgate.api.AnalysisTemplateRef;
import io.modelgate.api.AnalysisTemplateSpec;
import io.modelgate.api.AnalysisTemplateStatus;
import io.modelgate.api.RolloutSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.modelgate.delivery.Templates.PIPELINE;
import static io.modelgate.delivery.Templates.analysis;
import static io.modelgate.delivery.Templates.canary;
import static io.modelgate.delivery.Templates.declared;
import static io.modelgate.delivery.Templates.errorRate;
import static io.modelgate.delivery.Templates.fieldArg;
import static io.modelgate.delivery.Templates.found;
import static io.modelgate.delivery.Templates.ns;
import static io.modelgate.delivery.Templates.secretArg;
import static io.modelgate.delivery.Templates.template;
import static org.assertj.core.api.Assertions.assertThat;

class AnalysisTemplatesTest {

    static final String QUERY = "sum(rate(http_errors{service=\"{{args.service}}\",revision=\"{{revision}}\"}[{{ args.window }}]))";

    static AnalysisTemplateSpec errors() {
        return template(List.of(declared("service", null), declared("window", "5m")), errorRate("error-rate", QUERY));
    }

    static RolloutSpec naming(List<AnalysisArg> args) {
        return canary(analysis("health", List.of(AnalysisTemplateRef.named("errors", false)), args));
    }

    @Test
    void argumentsFillTheQueryAndDefaultsFillWhatTheAnalysisLeavesOut() {
        AnalysisTemplates.Resolved resolved = AnalysisTemplates.resolve(naming(List.of(AnalysisArg.of("service", "fraud-api"))), PIPELINE,
                Map.of(ns("errors"), found(errors(), "41")));

        assertThat(resolved.problems()).isEmpty();
        AnalysisTemplateStatus used = resolved.of("health").get(0);
        assertThat(used.getName()).isEqualTo("errors");
        assertThat(used.getClusterScope()).isNull();
        assertThat(used.getResourceVersion()).isEqualTo("41");
        assertThat(used.getGeneration()).isEqualTo(3L);
        assertThat(used.getMetrics().get("error-rate").getPrometheus().getQuery())
                .isEqualTo("sum(rate(http_errors{service=\"fraud-api\",revision=\"{{revision}}\"}[5m]))");
        assertThat(errors().getMetrics().get(0).getPrometheus().getQuery()).as("the template is not changed").isEqualTo(QUERY);
    }

    @Test
    void aGivenValueWinsOverTheDefault() {
        var resolved = AnalysisTemplates.resolve(naming(List.of(AnalysisArg.of("service", "a"), AnalysisArg.of("window", "1m"))), PIPELINE,
                Map.of(ns("errors"), found(errors(), "1")));

        assertThat(resolved.of("health").get(0).getMetrics().get("error-rate").getPrometheus().getQuery()).contains("[1m]").doesNotContain("5m");
    }

    @Test
    void aFieldRefReadsThePipelinesNameNamespaceLabelsAndAnnotations() {
        AnalysisTemplateSpec spec = template(List.of(declared("a", null), declared("b", null), declared("c", null), declared("d", null)),
                errorRate("m", "x{a=\"{{args.a}}\",b=\"{{args.b}}\",c=\"{{args.c}}\"} > {{args.d}}"));
        var resolved = AnalysisTemplates.resolve(canary(analysis("health", List.of(AnalysisTemplateRef.named("t", false)),
                        List.of(fieldArg("a", "metadata.name"), fieldArg("b", "metadata.namespace"), fieldArg("c", "metadata.labels['team']"),
                                fieldArg("d", "metadata.annotations['slo']")))), PIPELINE, Map.of(ns("t"), found(spec, "1")));

        assertThat(resolved.problems()).isEmpty();
        assertThat(resolved.of("health").get(0).getMetrics().get("m").getPrometheus().getQuery())
                .isEqualTo("x{a=\"fraud\",b=\"ml\",c=\"risk\"} > 0.02");
    }

    @Test
    void aFieldRefToALabelThePipelineLacksIsAProblemNamingIt() {
        var resolved = AnalysisTemplates.resolve(naming(List.of(fieldArg("service", "metadata.labels['app']"))), PIPELINE,
                Map.of(ns("errors"), found(errors(), "1")));

        assertThat(resolved.problems()).singleElement().asString()
                .contains("analysis health", "ModelAnalysisTemplate errors", "argument service", "metadata.labels['app']");
    }

    @Test
    void aSecretArgumentStaysAPlaceholderAndOnlyItsReferenceIsKept() {
        var resolved = AnalysisTemplates.resolve(naming(List.of(secretArg("service", "creds", "svc"))), PIPELINE,
                Map.of(ns("errors"), found(errors(), "1")));

        assertThat(resolved.problems()).isEmpty();
        AnalysisTemplateStatus used = resolved.of("health").get(0);
        assertThat(used.getMetrics().get("error-rate").getPrometheus().getQuery()).contains("{{args.service}}").contains("[5m]");
        assertThat(used.getSecretArgs()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo("service");
            assertThat(s.getSecretName()).isEqualTo("creds");
            assertThat(s.getKey()).isEqualTo("svc");
        });
    }

    @Test
    void aSecretArgumentInAConditionIsAProblem() {
        AnalysisMetricSpec metric = errorRate("m", "x");
        metric.setMax(null);
        metric.setSuccessCondition("result < {{args.limit}}");
        var resolved = AnalysisTemplates.resolve(canary(analysis("health", List.of(AnalysisTemplateRef.named("t", false)),
                List.of(secretArg("limit", "s", "k")))), PIPELINE, Map.of(ns("t"), found(template(List.of(declared("limit", null)), metric), "1")));

        assertThat(resolved.problems()).singleElement().asString().contains("metric m", "argument limit comes from a Secret");
    }

    @Test
    void argumentsAreBoundsInConditions() {
        AnalysisMetricSpec metric = errorRate("m", "x");
        metric.setMax(null);
        metric.setSuccessCondition("result <= {{args.limit}}");
        var resolved = AnalysisTemplates.resolve(canary(analysis("health", List.of(AnalysisTemplateRef.named("t", false)),
                List.of(AnalysisArg.of("limit", "0.01")))), PIPELINE, Map.of(ns("t"), found(template(List.of(declared("limit", "0.05")), metric), "1")));

        assertThat(resolved.of("health").get(0).getMetrics().get("m").getSuccessCondition()).isEqualTo("result <= 0.01");
    }

    static AnalysisMetricSpec boundedByArgs(String min, String max, String maxRatio) {
        AnalysisMetricSpec metric = errorRate("m", "x");
        metric.setMax(null);
        AnalysisMetricSpec.BoundArgs bounds = new AnalysisMetricSpec.BoundArgs();
        bounds.setMin(min);
        bounds.setMax(max);
        bounds.setMaxRatioToStable(maxRatio);
        metric.setBoundsFromArgs(bounds);
        return metric;
    }

    static AnalysisTemplates.Resolved resolveBounds(AnalysisMetricSpec metric, List<AnalysisArg> args, AnalysisTemplateSpec.TemplateArg... declared) {
        return AnalysisTemplates.resolve(canary(analysis("health", List.of(AnalysisTemplateRef.named("t", false)), args)), PIPELINE,
                Map.of(ns("t"), found(template(List.of(declared), metric), "1")));
    }

    @Test
    void boundsFromArgsBecomeNumbersInTheFrozenMetricFromGivenValuesAndDefaults() {
        var resolved = resolveBounds(boundedByArgs("floor", "ceiling", "ratio"),
                List.of(AnalysisArg.of("ceiling", "0.02"), fieldArg("ratio", "metadata.annotations['slo']")),
                declared("floor", "-1e-3"), declared("ceiling", "0.05"), declared("ratio", null));

        assertThat(resolved.problems()).isEmpty();
        AnalysisMetricSpec frozen = resolved.of("health").get(0).getMetrics().get("m");
        assertThat(frozen.getMin()).isEqualTo(-0.001);
        assertThat(frozen.getMax()).as("the analysis' value wins over the default").isEqualTo(0.02);
        assertThat(frozen.getMaxRatioToStable()).as("from the pipeline's annotation").isEqualTo(0.02);
        assertThat(frozen.getBoundsFromArgs()).as("the record holds numbers only").isNull();
    }

    @Test
    void aBoundArgumentThatIsNotANumberOrANegativeRatioIsAProblemNamingBoundArgumentAndValue() {
        var resolved = resolveBounds(boundedByArgs(null, "ceiling", "ratio"),
                List.of(AnalysisArg.of("ceiling", "five percent"), AnalysisArg.of("ratio", "-1")), declared("ceiling", null), declared("ratio", null));

        assertThat(resolved.problems()).hasSize(2);
        assertThat(resolved.problems().get(0)).contains("metric m", "boundsFromArgs.max", "argument ceiling", "'five percent'", "not a number");
        assertThat(resolved.problems().get(1)).contains("boundsFromArgs.maxRatioToStable", "argument ratio", "at least 0");
    }

    @Test
    void aMinAboveTheMaxOnceFilledInIsAProblem() {
        var resolved = resolveBounds(boundedByArgs("floor", "ceiling", null), List.of(AnalysisArg.of("floor", "3")),
                declared("floor", null), declared("ceiling", "2"));

        assertThat(resolved.problems()).singleElement().asString().contains("min 3.0 is above max 2.0");
    }

    @Test
    void aBoundArgumentTheTemplateDoesNotDeclareOrThatComesFromASecretIsAProblem() {
        assertThat(resolveBounds(boundedByArgs(null, "ceiling", null), List.of()).problems())
                .singleElement().asString().contains("metric m", "args.ceiling", "does not declare");
        assertThat(resolveBounds(boundedByArgs(null, "ceiling", null), List.of(secretArg("ceiling", "s", "k")), declared("ceiling", null)).problems())
                .singleElement().asString().contains("argument ceiling comes from a Secret", "bounds");
    }

    @Test
    void aMissingTemplateIsAProblemNamingItAndItsNamespace() {
        var resolved = AnalysisTemplates.resolve(naming(List.of(AnalysisArg.of("service", "a"))), PIPELINE, Map.of());

        assertThat(resolved.templates()).isEmpty();
        assertThat(resolved.problems()).singleElement().asString().isEqualTo("analysis health: ModelAnalysisTemplate errors not found in namespace ml");
    }

    @Test
    void aClusterTemplateTheOperatorDoesNotReadOrCannotReadIsAProblemThatSaysWhy() {
        RolloutSpec spec = canary(analysis("health", List.of(AnalysisTemplateRef.named("shared", true), AnalysisTemplateRef.named("errors", false)),
                List.of()));
        var resolved = AnalysisTemplates.resolve(spec, PIPELINE, Map.of(new TemplateRead.Key("shared", true), new TemplateRead.ClusterTemplatesDisabled(),
                ns("errors"), new TemplateRead.Unreadable("HTTP 403: forbidden")));

        assertThat(resolved.problems()).containsExactly(
                "analysis health: ClusterModelAnalysisTemplate shared: this operator does not read ClusterModelAnalysisTemplates "
                        + "(chart analysisTemplates.cluster, MODELGATE_ANALYSIS_TEMPLATES_CLUSTER)",
                "analysis health: ModelAnalysisTemplate errors cannot be read: HTTP 403: forbidden");
    }

    @Test
    void aRequiredArgumentNotGivenIsAProblemNamingTemplateAndArgument() {
        var resolved = AnalysisTemplates.resolve(naming(List.of()), PIPELINE, Map.of(ns("errors"), found(errors(), "1")));

        assertThat(resolved.problems()).singleElement().asString().isEqualTo("analysis health: ModelAnalysisTemplate errors: argument service "
                + "has no value (give it in the analysis' args, or a default in the template)");
    }

    @Test
    void aPlaceholderTheTemplateDoesNotDeclareIsAProblem() {
        AnalysisTemplateSpec spec = template(List.of(), errorRate("m", "x{job=\"{{args.job}}\"}"));
        var resolved = AnalysisTemplates.resolve(canary(analysis("health", List.of(AnalysisTemplateRef.named("t", false)), List.of())), PIPELINE,
                Map.of(ns("t"), found(spec, "1")));

        assertThat(resolved.problems()).singleElement().asString().contains("ModelAnalysisTemplate t metric m uses {{args.job}}, which the template does not declare");
    }

    @Test
    void anArgumentNoTemplateDeclaresIsAProblemTypoesDoNotPassSilently() {
        var resolved = AnalysisTemplates.resolve(naming(List.of(AnalysisArg.of("service", "a"), AnalysisArg.of("windw", "1m"))), PIPELINE,
                Map.of(ns("errors"), found(errors(), "1")));

        assertThat(resolved.problems()).singleElement().asString().contains("argument windw is given but none of the analysis' templates declares it");
    }

    @Test
    void argsWithoutTemplatesAreAProblem() {
        var resolved = AnalysisTemplates.resolve(canary(analysis("health", List.of(), List.of(AnalysisArg.of("a", "b")), errorRate("m", "x"))),
                PIPELINE, Map.of());

        assertThat(resolved.problems()).singleElement().asString().contains("args are given but the analysis names no template");
    }

    @Test
    void referencedListsEachTemplateOnceWithItsScope() {
        RolloutSpec spec = canary(analysis("a", List.of(AnalysisTemplateRef.named("x", false), AnalysisTemplateRef.named("x", true)), List.of()),
                analysis("b", List.of(AnalysisTemplateRef.named("x", false)), List.of()));

        assertThat(AnalysisTemplates.referenced(spec)).containsExactly(ns("x"), new TemplateRead.Key("x", true));
        assertThat(AnalysisTemplates.referenced(null)).isEmpty();
    }

    @Test
    void anEditOrADeletionSinceTheFreezeIsToldAndANotReadTemplateIsNot() {
        var frozen = AnalysisTemplates.resolve(naming(List.of(AnalysisArg.of("service", "a"))), PIPELINE,
                Map.of(ns("errors"), found(errors(), "41"))).templates();

        assertThat(AnalysisTemplates.changedSince(frozen, Map.of(ns("errors"), found(errors(), "41")))).isEmpty();
        assertThat(AnalysisTemplates.changedSince(frozen, Map.of(ns("errors"), found(errors(), "42")))).singleElement().asString()
                .startsWith("ModelAnalysisTemplate errors changed since the rollout started (resourceVersion 42)")
                .contains("keeps measuring the version it started with (resourceVersion 41)");
        assertThat(AnalysisTemplates.changedSince(frozen, Map.of(ns("errors"), new TemplateRead.Missing()))).singleElement().asString()
                .contains("was deleted since the rollout started");
        assertThat(AnalysisTemplates.changedSince(frozen, Map.of())).as("no longer named by the spec: not read, nothing to say").isEmpty();
    }
}
