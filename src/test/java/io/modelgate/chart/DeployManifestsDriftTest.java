package io.modelgate.chart;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/modelgate.yaml is rendered from the chart (a Namespace, the CRDs, {@code helm template}). This fails when the
 * committed file is stale; run this test with {@code -Dmodelgate.updateDeploy=true} to regenerate it, and commit it.
 */
class DeployManifestsDriftTest {

    static final Path DEPLOY = ChartRendering.PROJECT.resolve("deploy/modelgate.yaml");

    @Test
    void committedDeployManifestsMatchTheChart() throws IOException {
        String expected = ChartRendering.deployManifest();
        if (Boolean.getBoolean("modelgate.updateDeploy")) {
            Files.createDirectories(DEPLOY.getParent());
            Files.writeString(DEPLOY, expected);
        }
        assertThat(DEPLOY).as("%s is missing; run this test with -Dmodelgate.updateDeploy=true", DEPLOY).exists();
        assertThat(Files.readString(DEPLOY))
                .as("%s is stale: the chart or the CRDs changed; run this test with -Dmodelgate.updateDeploy=true and commit the result", DEPLOY)
                .isEqualTo(expected);
    }

    @Test
    void deployManifestsHoldTheNamespaceTheCrdsAndTheOperatorInThatOrder() {
        List<HasMetadata> objects = ChartRendering.parse(ChartRendering.deployManifest());

        assertThat(objects.get(0)).isInstanceOf(Namespace.class);
        assertThat(objects.get(0).getMetadata().getName()).isEqualTo(ChartRendering.NAMESPACE);
        assertThat(objects.get(0).getMetadata().getLabels()).containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        assertThat(ChartRendering.all(objects, CustomResourceDefinition.class))
                .extracting(crd -> crd.getMetadata().getName())
                .containsExactly("modelpipelines.modelgate.io", "modelrevisions.modelgate.io");
        assertThat(objects.subList(1, 3)).allMatch(CustomResourceDefinition.class::isInstance);
        assertThat(ChartRendering.one(objects, Deployment.class).getMetadata().getNamespace()).isEqualTo(ChartRendering.NAMESPACE);
        assertThat(objects).filteredOn(o -> !(o instanceof Namespace) && !(o instanceof CustomResourceDefinition)
                        && !"ClusterRole".equals(o.getKind()) && !"ClusterRoleBinding".equals(o.getKind()))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).as(o.getKind()).isEqualTo(ChartRendering.NAMESPACE));
    }

    @Test
    void kustomizationListsTheManifests() throws IOException {
        String kustomization = Files.readString(DEPLOY.resolveSibling("kustomization.yaml"));
        assertThat(kustomization).contains("kind: Kustomization").containsPattern("(?m)^resources:\\s*\\n\\s*-\\s*modelgate\\.yaml\\s*$");
    }
}
