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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The overlays under deploy/overlays/ that turn backends on are the plain manifests plus exactly what the chart adds
 * for those backends (the ClusterRole's rules, the operator's environment), so that the two installs never drift apart.
 */
class BackendOverlaysTest {

    enum Overlay {
        TRAINING_ENGINES("training-engines", Map.of("backends.trainJob", true, "backends.jobSet", true, "backends.kueue", true),
                Set.of("MODELGATE_BACKENDS_TRAIN_JOB", "MODELGATE_BACKENDS_JOB_SET", "MODELGATE_BACKENDS_KUEUE"), 3),
        KSERVE("kserve", Map.of("backends.kserve", true), Set.of("MODELGATE_BACKENDS_KSERVE"), 1);

        final Path folder;
        final Map<String, Object> values;
        final Set<String> switchedOn;
        final int addedRules;

        Overlay(String folder, Map<String, Object> values, Set<String> switchedOn, int addedRules) {
            this.folder = ChartRendering.PROJECT.resolve("deploy/overlays").resolve(folder);
            this.values = values;
            this.switchedOn = switchedOn;
            this.addedRules = addedRules;
        }
    }

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @ParameterizedTest
    @EnumSource(Overlay.class)
    void theRbacPatchAddsTheRulesTheChartAddsForItsBackends(Overlay overlay) throws IOException {
        List<PolicyRule> off = clusterRole(ChartRendering.render()).getRules();
        List<PolicyRule> on = clusterRole(ChartRendering.render(overlay.values)).getRules();
        assertThat(on.subList(0, off.size())).as("the backends' rules come after the others").isEqualTo(off);

        List<PolicyRule> patched = new ArrayList<>();
        JsonNode kustomization = YAML.readTree(overlay.folder.resolve("kustomization.yaml").toFile());
        String patch = kustomization.get("patches").get(0).get("patch").asText();
        for (JsonNode op : YAML.readTree(patch)) {
            assertThat(op.get("op").asText() + " " + op.get("path").asText()).isEqualTo("add /rules/-");
            patched.add(YAML.convertValue(op.get("value"), PolicyRule.class));
        }
        assertThat(patched).isEqualTo(on.subList(off.size(), on.size())).hasSize(overlay.addedRules);
    }

    @ParameterizedTest
    @EnumSource(Overlay.class)
    void theOperatorPatchSetsTheEnvironmentTheChartSetsForItsBackends(Overlay overlay) throws IOException {
        Map<String, String> chart = new TreeMap<>(backendEnv(operator(ChartRendering.render(overlay.values)).getEnv()));
        // What the overlay turns on; the other backends stay as the base has them, off.
        chart.values().removeIf("false"::equals);
        JsonNode container = YAML.readTree(overlay.folder.resolve("operator-patch.yaml").toFile()).at("/spec/template/spec/containers/0");
        assertThat(container.get("name").asText()).isEqualTo(operator(ChartRendering.render()).getName());
        List<EnvVar> env = YAML.convertValue(container.get("env"), YAML.getTypeFactory().constructCollectionType(List.class, EnvVar.class));

        assertThat(backendEnv(env)).isEqualTo(chart).containsOnlyKeys(overlay.switchedOn)
                .allSatisfy((name, value) -> assertThat(value).isEqualTo("true"));
    }

    @ParameterizedTest
    @EnumSource(Overlay.class)
    void kubectlKustomizeBuildsWhatTheChartInstallsWithItsBackendsOn(Overlay overlay) throws Exception {
        var kubectl = DeployGitOpsManifestsTest.kubectl();
        Assumptions.assumeTrue(kubectl.isPresent(), "kubectl is not installed: skipping the kubectl kustomize build of "
                + overlay.folder + "; the patch checks above still ran");

        List<HasMetadata> built = ChartRendering.parse(DeployGitOpsManifestsTest.run(kubectl.get().toString(), "kustomize",
                ChartRendering.PROJECT.relativize(overlay.folder).toString()));
        List<HasMetadata> chart = ChartRendering.render(overlay.values);

        assertThat(clusterRole(built).getRules()).isEqualTo(clusterRole(chart).getRules());
        assertThat(operator(built).getEnv())
                .as("the strategic merge puts the patched variables first; the set is the chart's")
                .containsExactlyInAnyOrderElementsOf(operator(chart).getEnv());
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

    static io.fabric8.kubernetes.api.model.Container operator(List<HasMetadata> objects) {
        Deployment deployment = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).findFirst().orElseThrow();
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }
}
