package io.modelgate.delivery;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.RolloutSpec;
import io.modelgate.revision.PipelineSpecChecks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples are what people copy: beyond admission (CrdAdmissionTest), the operator must find nothing to
 * report in them, so each would roll out as its comments say.
 */
class ExamplePipelinesTest {

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("examples"))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    /** The documents of an example file: its pipelines, and the analysis templates they may name (as if read from the cluster). */
    record Example(List<ModelPipeline> pipelines, java.util.Map<TemplateRead.Key, TemplateRead> templates) {
        static Example read(Path file) throws IOException {
            List<ModelPipeline> pipelines = new java.util.ArrayList<>();
            java.util.Map<TemplateRead.Key, TemplateRead> templates = new java.util.HashMap<>();
            for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
                if (document.contains("kind: ModelAnalysisTemplate")) {
                    var template = Serialization.unmarshal(document, io.modelgate.api.ModelAnalysisTemplate.class);
                    templates.put(new TemplateRead.Key(template.getMetadata().getName(), false), new TemplateRead.Found(template.getSpec(), "1", 1L));
                } else if (document.contains("kind: ClusterModelAnalysisTemplate")) {
                    var template = Serialization.unmarshal(document, io.modelgate.api.ClusterModelAnalysisTemplate.class);
                    templates.put(new TemplateRead.Key(template.getMetadata().getName(), true), new TemplateRead.Found(template.getSpec(), "1", 1L));
                } else if (document.contains("kind: ModelPipeline")) {
                    pipelines.add(Serialization.unmarshal(document, ModelPipeline.class));
                }
            }
            return new Example(pipelines, templates);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void theOperatorFindsNothingToReport(Path file) throws IOException {
        Example example = Example.read(file);
        assertThat(example.pipelines()).as(file + " pipelines").isNotEmpty();
        for (ModelPipeline pipeline : example.pipelines()) {
            findsNothingToReport(file, pipeline, example.templates());
        }
    }

    private static void findsNothingToReport(Path file, ModelPipeline pipeline, java.util.Map<TemplateRead.Key, TemplateRead> templates) {
        // At the strictest level: every example runs in a namespace that enforces restricted, thanks to the defaults.
        assertThat(PipelineSpecChecks.problems(pipeline.getSpec(), io.modelgate.podsecurity.PodSecurityLevel.Restricted)).as(file.toString()).isEmpty();
        RolloutPlan plan = RolloutPlan.from(pipeline.getSpec().getRollout(), RolloutDefaults.standard(),
                AnalysisTemplates.resolve(pipeline.getSpec().getRollout(), pipeline.getMetadata(), templates));
        assertThat(plan.problems()).as(file.toString()).isEmpty();
        if (plan.progressive()) {
            assertThat(plan.analyses()).as("analyses of " + file).isNotEmpty();
            plan.analyses().forEach((name, metrics) -> assertThat(metrics).as("metrics of analysis " + name).isNotEmpty());
        }
    }

    @org.junit.jupiter.api.Test
    void theProgressiveExamplesCoverEveryStrategyAndProvider() throws IOException {
        List<RolloutSpec> rollouts = examples()
                .flatMap(path -> {
                    try {
                        return Example.read(path).pipelines().stream().map(p -> p.getSpec().getRollout());
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .filter(r -> r != null)
                .toList();
        assertThat(rollouts).extracting(RolloutSpec::effectiveStrategy)
                .contains(RolloutSpec.Strategy.Direct, RolloutSpec.Strategy.Canary, RolloutSpec.Strategy.BlueGreen);
        assertThat(rollouts).anyMatch(r -> r.getTrafficRouting() != null && r.getTrafficRouting().getHttpRoute() != null);
        List<io.modelgate.api.AnalysisMetricSpec> metrics = rollouts.stream()
                .flatMap(r -> r.getAnalyses().stream()).flatMap(a -> a.getMetrics().stream()).toList();
        assertThat(metrics).anyMatch(m -> m.getPrometheus() != null);
        assertThat(metrics).anyMatch(m -> m.getHttp() != null);
        assertThat(metrics).anyMatch(m -> m.getJob() != null);
    }
}
