package io.modelgate.pipeline.plan;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole passes pinned down as YAML (the way Kroxylicious' DerivedResourcesTest pins a reconcile): for each
 * {@code NN-step.in.yaml} under src/test/resources/golden/passes/, the cluster state and clock it holds are planned,
 * and the plan (intents, statuses, Events, signals, wake-up) must be {@code NN-step.out.yaml}. The pairs come from
 * {@link PassScenarios}; after an intended change regenerate them with
 * {@code mvn test -Dtest=GoldenPassTest -Dmodelgate.updateGolden=true}, read the diff and commit it.
 */
class GoldenPassTest {

    static final Path PASSES = Path.of(System.getProperty("user.dir"), "src", "test", "resources", "golden", "passes");

    @BeforeAll
    static void regenerateWhenAsked() throws IOException {
        if (!Boolean.getBoolean("modelgate.updateGolden")) {
            return;
        }
        for (PassScenarios.Step step : PassScenarios.all()) {
            Path dir = PASSES.resolve(step.scenario());
            Files.createDirectories(dir);
            PassYaml.YAML.writeValue(dir.resolve(step.name() + ".in.yaml").toFile(), step.in());
            PassYaml.YAML.writeValue(dir.resolve(step.name() + ".out.yaml").toFile(), step.out());
        }
    }

    static Stream<Path> inputs() throws IOException {
        try (Stream<Path> files = Files.walk(PASSES)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".in.yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void thePlanOfAPassIsWhatTheGoldenFileSays(Path in) throws IOException {
        PassYaml.In read = PassYaml.readIn(PassYaml.YAML.readTree(in.toFile()));

        JsonNode planned = PassYaml.out(PassScenarios.PLANNER.plan(read.snapshot(), read.inputs()));

        Path out = in.resolveSibling(in.getFileName().toString().replace(".in.yaml", ".out.yaml"));
        assertThat(planned).as("plan of %s", PASSES.relativize(in)).isEqualTo(PassYaml.YAML.readTree(out.toFile()));
    }

    /** The committed inputs are what the scenarios walk today: a golden pair cannot go stale unnoticed. */
    @Test
    void theGoldenFilesAreTheScenariosOfToday() throws IOException {
        List<PassScenarios.Step> steps = PassScenarios.all();
        assertThat(inputs()).hasSize(steps.size());
        for (PassScenarios.Step step : steps) {
            Path in = PASSES.resolve(step.scenario()).resolve(step.name() + ".in.yaml");
            assertThat(in).exists();
            assertThat(PassYaml.YAML.readTree(in.toFile())).as(step.scenario() + "/" + step.name()).isEqualTo(step.in());
        }
    }

    /** The plans are the same when planned twice from the same snapshot: nothing in a plan depends on more than its input. */
    @Test
    void planningIsRepeatable() throws IOException {
        for (Path in : inputs().toList()) {
            PassYaml.In read = PassYaml.readIn(PassYaml.YAML.readTree(in.toFile()));
            JsonNode first = PassYaml.out(PassScenarios.PLANNER.plan(read.snapshot(), read.inputs()));
            JsonNode second = PassYaml.out(PassScenarios.PLANNER.plan(read.snapshot(), read.inputs()));
            assertThat(second).as(in.toString()).isEqualTo(first);
        }
    }
}
