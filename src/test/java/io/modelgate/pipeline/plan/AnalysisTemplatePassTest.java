package io.modelgate.pipeline.plan;

import io.modelgate.analysis.Measurement;
import io.modelgate.analysis.MeasurementPhase;
import io.modelgate.api.AnalysisArg;
import io.modelgate.api.AnalysisMetricSpec;
import io.modelgate.api.AnalysisTemplateRef;
import io.modelgate.api.AnalysisTemplateSpec;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.RolloutSpec;
import io.modelgate.delivery.TemplateRead;
import io.modelgate.status.Reason;
import io.modelgate.testing.Pipelines;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole passes of a canary whose analysis is a shared template: refused while the template is missing (no revision
 * is made that would measure nothing), frozen into the revision when its rollout starts, and measured as frozen
 * after the template is edited and even deleted.
 */
class AnalysisTemplatePassTest {

    static final TemplateRead.Key KEY = new TemplateRead.Key("http-errors", false);

    final InMemoryCluster cluster = new InMemoryCluster(Pipelines.fraud("fraud", "ml"), PassScenarios.T0);
    final List<String> queries = new ArrayList<>();
    final Function<MeasurementRequest, Measurement> world = request -> {
        queries.add(request.metric().source().getPrometheus().getQuery());
        return new Measurement(MeasurementPhase.Successful, 0.01, null, request.metric().name() + ": 0.01", cluster.now());
    };

    static AnalysisTemplateSpec template(String query) {
        AnalysisTemplateSpec spec = InMemoryCluster.SERIALIZATION.unmarshal("""
                {"args": [{"name": "service"}, {"name": "window", "value": "5m"}],
                 "metrics": [{"name": "error-rate", "interval": "30s", "count": 3, "max": 0.05, "prometheus": {"query": "QUERY"}}]}"""
                .replace("QUERY", query.replace("\"", "\\\"")), AnalysisTemplateSpec.class);
        return spec;
    }

    static RolloutSpec canaryNamingTheTemplate() {
        RolloutSpec rollout = PassScenarios.canary();
        var analysis = rollout.getAnalyses().get(0);
        analysis.setMetrics(List.of());
        analysis.setTemplates(List.of(AnalysisTemplateRef.named(KEY.name(), false)));
        analysis.setArgs(List.of(AnalysisArg.of("service", "fraud-api")));
        return rollout;
    }

    InMemoryCluster.Pass pass() {
        cluster.at(cluster.now().plus(Duration.ofSeconds(1)));
        return cluster.pass(PassScenarios.PLANNER, world);
    }

    void promoteR1ThenChangeTheSpec() {
        pass();
        cluster.completeJob("fraud-r1-train", "{}");
        pass();
        cluster.completeJob("fraud-r1-eval", "{\"auc\": 0.95}");
        pass();
        cluster.makeAvailable("fraud-r1");
        pass();
        cluster.editSpec(p -> {
            p.getSpec().setRollout(canaryNamingTheTemplate());
            p.getSpec().getSource().setDataRef("s3://data/fraud/2026-11-02");
        });
    }

    @Test
    void aMissingTemplateIsAnInvalidSpecNamingItAndNoRevisionIsMade() {
        promoteR1ThenChangeTheSpec();

        InMemoryCluster.Pass refused = pass();

        assertThat(refused.plan().events()).filteredOn(e -> e.reason() == Reason.InvalidSpec).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("analysis errors: ModelAnalysisTemplate http-errors not found in namespace ml"));
        assertThat(refused.plan().pipelineStatus()).hasValueSatisfying(status -> assertThat(status.getConditions())
                .anySatisfy(c -> assertThat(c.getReason()).isEqualTo(Reason.InvalidSpec.name())));
        assertThat(cluster.find(ModelRevision.class, "fraud-r2")).isEmpty();
        assertThat(refused.plan().wakeAfter()).as("templates are not watched: looked for again").hasValueSatisfying(
                wake -> assertThat(wake).isLessThanOrEqualTo(TemplateSteps.TEMPLATE_RECHECK.plusSeconds(1)));

        cluster.template(KEY, new TemplateRead.Found(template("errors{service=\"{{args.service}}\"}[{{args.window}}]"), "11", 1L));
        pass();
        assertThat(cluster.find(ModelRevision.class, "fraud-r2")).as("made once the template is there").isPresent();
    }

    @Test
    void theRolloutFreezesTheTemplateAndMeasuresItAsFrozenAfterAnEditAndADeletion() {
        cluster.template(KEY, new TemplateRead.Found(template("errors{service=\"{{args.service}}\"}[{{args.window}}]"), "11", 1L));
        promoteR1ThenChangeTheSpec();
        pass();
        cluster.completeJob("fraud-r2-train", "{}");
        pass();
        cluster.completeJob("fraud-r2-eval", "{\"auc\": 0.96}");
        pass();

        var frozen = cluster.find(ModelRevision.class, "fraud-r2").orElseThrow().getStatus().getRollout().getAnalysisTemplates();
        assertThat(frozen).singleElement().satisfies(t -> {
            assertThat(t.getAnalysis()).isEqualTo("errors");
            assertThat(t.getName()).isEqualTo("http-errors");
            assertThat(t.getResourceVersion()).isEqualTo("11");
            assertThat(t.getGeneration()).isEqualTo(1L);
            assertThat(t.getMetrics().get("error-rate").getPrometheus().getQuery()).isEqualTo("errors{service=\"fraud-api\"}[5m]");
        });

        cluster.makeAvailable("fraud-r2");
        pass();
        cluster.template(KEY, new TemplateRead.Found(template("edited{service=\"{{args.service}}\"}"), "12", 2L));
        cluster.at(cluster.now().plus(Duration.ofSeconds(31)));
        InMemoryCluster.Pass afterEdit = pass();
        cluster.removeTemplate(KEY);
        cluster.at(cluster.now().plus(Duration.ofSeconds(31)));
        InMemoryCluster.Pass afterDeletion = pass();

        assertThat(afterEdit.plan().events()).filteredOn(e -> e.reason() == Reason.AnalysisTemplateChanged).singleElement()
                .satisfies(e -> assertThat(e.message()).startsWith("ModelAnalysisTemplate http-errors changed since the rollout started "
                        + "(resourceVersion 12); this rollout keeps measuring the version it started with (resourceVersion 11)"));
        assertThat(afterDeletion.plan().events()).filteredOn(e -> e.reason() == Reason.AnalysisTemplateChanged).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("was deleted since the rollout started"));

        assertThat(queries).hasSizeGreaterThanOrEqualTo(2).containsOnly("errors{service=\"fraud-api\"}[5m]");
        assertThat(afterDeletion.plan().events()).noneMatch(e -> e.reason() == Reason.InvalidSpec);
        assertThat(cluster.find(ModelRevision.class, "fraud-r2").orElseThrow().getStatus().getRollout().getAnalysisTemplates())
                .singleElement().satisfies(t -> assertThat(t.getResourceVersion()).isEqualTo("11"));
    }
}
