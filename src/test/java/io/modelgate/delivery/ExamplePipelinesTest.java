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

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void theOperatorFindsNothingToReport(Path file) throws IOException {
        ModelPipeline pipeline = Serialization.unmarshal(Files.readString(file), ModelPipeline.class);

        // At the strictest level: every example runs in a namespace that enforces restricted, thanks to the defaults.
        assertThat(PipelineSpecChecks.problems(pipeline.getSpec(), io.modelgate.podsecurity.PodSecurityLevel.Restricted)).as(file.toString()).isEmpty();
        RolloutPlan plan = RolloutPlan.from(pipeline.getSpec().getRollout(), RolloutDefaults.standard());
        assertThat(plan.problems()).as(file.toString()).isEmpty();
        if (plan.progressive()) {
            assertThat(plan.analyses()).as("analyses of " + file).isNotEmpty();
            plan.analyses().forEach((name, metrics) -> assertThat(metrics).as("metrics of analysis " + name).isNotEmpty());
        }
    }

    @org.junit.jupiter.api.Test
    void theProgressiveExamplesCoverEveryStrategyAndProvider() throws IOException {
        List<RolloutSpec> rollouts = examples()
                .map(path -> {
                    try {
                        return Serialization.unmarshal(Files.readString(path), ModelPipeline.class).getSpec().getRollout();
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
