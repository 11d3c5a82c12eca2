package io.modelgate.chart;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The image the Dockerfile builds is the one the chart runs, as the user the chart expects. */
class ContainerImageTest {

    @Test
    void theDockerfileBuildsWhatTheChartRuns() throws IOException {
        String dockerfile = Files.readString(Path.of("src/main/docker/Dockerfile.jvm"));
        String values = Files.readString(Path.of("helm/modelgate/values.yaml"));
        String chart = Files.readString(Path.of("helm/modelgate/Chart.yaml"));
        String appVersion = chart.lines().filter(l -> l.startsWith("appVersion:")).findFirst().orElseThrow()
                .replace("appVersion:", "").replace("\"", "").trim();

        assertThat(values).contains("repository: ghcr.io/modelgate/modelgate-operator").contains("runAsUser: 185");
        assertThat(dockerfile).contains("-t ghcr.io/modelgate/modelgate-operator:" + appVersion + " ")
                .contains("\nUSER 185\n")
                .contains("COPY --chown=185 target/quarkus-app/lib/ /deployments/lib/")
                .contains("COPY --chown=185 target/quarkus-app/quarkus/ /deployments/quarkus/");
    }
}
