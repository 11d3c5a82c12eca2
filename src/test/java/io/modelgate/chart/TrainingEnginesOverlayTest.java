package io.modelgate.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/overlays/training-engines is the plain manifests with the engines on: its patches add exactly what the
 * chart adds for backends.trainJob, backends.jobSet and backends.kueue (the ClusterRole's rules, the operator's
 * environment), so that the two installs never drift apart.
 */
class TrainingEnginesOverlayTest {

    static final Path OVERLAY = ChartRendering.PROJECT.resolve("deploy/overlays/training-engines");
    static final Map<String, Object> ENGINES_ON = Map.of("backends.trainJob", true, "backends.jobSet", true, "backends.kueue", true);
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theRbacPatchAddsTheRulesTheChartAddsForTheEngines() throws IOException {
        List<PolicyRule> off = clusterRole(ChartRendering.render()).getRules();
        List<PolicyRule> on = clusterRole(ChartRendering.render(ENGINES_ON)).getRules();
        assertThat(on.subList(0, off.size())).as("the engines' rules come after the others").isEqualTo(off);

        List<PolicyRule> patched = new ArrayList<>();
        JsonNode kustomization = YAML.readTree(OVERLAY.resolve("kustomization.yaml").toFile());
        String patch = kustomization.get("patches").get(0).get("patch").asText();
        for (JsonNode op : YAML.readTree(patch)) {
            assertThat(op.get("op").asText() + " " + op.get("path").asText()).isEqualTo("add /rules/-");
            patched.add(YAML.convertValue(op.get("value"), PolicyRule.class));
        }
        assertThat(patched).isEqualTo(on.subList(off.size(), on.size())).hasSize(3);
    }

    @Test
    void theOperatorPatchSetsTheEnvironmentTheChartSetsForTheEngines() throws IOException {
        Map<String, String> chart = new java.util.TreeMap<>(backendEnv(deployment(ChartRendering.render(ENGINES_ON)).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()));
        // What the overlay turns on; the others (KServe) stay as the base has them, off.
        chart.values().removeIf("false"::equals);
        JsonNode container = YAML.readTree(OVERLAY.resolve("operator-patch.yaml").toFile()).at("/spec/template/spec/containers/0");
        assertThat(container.get("name").asText()).isEqualTo(deployment(ChartRendering.render()).getSpec().getTemplate().getSpec().getContainers().get(0).getName());
        List<EnvVar> env = YAML.convertValue(container.get("env"), YAML.getTypeFactory().constructCollectionType(List.class, EnvVar.class));

        assertThat(backendEnv(env)).isEqualTo(chart).containsOnlyKeys("MODELGATE_BACKENDS_TRAIN_JOB", "MODELGATE_BACKENDS_JOB_SET", "MODELGATE_BACKENDS_KUEUE")
                .allSatisfy((name, value) -> assertThat(value).isEqualTo("true"));
    }

    @Test
    void kubectlKustomizeBuildsWhatTheChartInstallsWithTheEnginesOn() throws Exception {
        var kubectl = DeployGitOpsManifestsTest.kubectl();
        Assumptions.assumeTrue(kubectl.isPresent(), "kubectl is not installed: skipping the kubectl kustomize build of "
                + "deploy/overlays/training-engines; the patch checks above still ran");

        List<HasMetadata> built = ChartRendering.parse(DeployGitOpsManifestsTest.run(kubectl.get().toString(), "kustomize",
                ChartRendering.PROJECT.relativize(OVERLAY).toString()));
        List<HasMetadata> chart = ChartRendering.render(ENGINES_ON);

        assertThat(clusterRole(built).getRules()).isEqualTo(clusterRole(chart).getRules());
        assertThat(deployment(built).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .as("the strategic merge puts the patched variables first; the set is the chart's")
                .containsExactlyInAnyOrderElementsOf(deployment(chart).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv());
    }

    static Map<String, String> backendEnv(List<EnvVar> env) {
        Map<String, String> found = new LinkedHashMap<>();
        env.stream().filter(e -> e.getName().startsWith("MODELGATE_BACKENDS_")).forEach(e -> found.put(e.getName(), e.getValue()));
        return found;
    }

    static ClusterRole clusterRole(List<HasMetadata> objects) {
        return objects.stream().filter(ClusterRole.class::isInstance).map(ClusterRole.class::cast)
                .filter(r -> r.getMetadata().getName().equals("modelgate")).findFirst().orElseThrow();
    }

    static Deployment deployment(List<HasMetadata> objects) {
        return objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).findFirst().orElseThrow();
    }
}
