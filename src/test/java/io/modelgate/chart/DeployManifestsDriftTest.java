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
 * deploy/base/modelgate.yaml is rendered from the chart (a Namespace, the CRDs, {@code helm template}), and
 * deploy/modelgate.yaml is a symbolic link to it (the path people {@code kubectl apply -f}). This fails when the
 * committed file is stale; run this test with {@code -Dmodelgate.updateDeploy=true} to regenerate it (and the link),
 * and commit them.
 *
 * <p>The file lives in deploy/base/ because kustomize refuses an overlay whose base is an ancestor folder ("cycle
 * detected: candidate root contains visited root") and refuses files outside a kustomization's folder, even through a
 * symbolic link: deploy/overlays/example/ therefore builds on deploy/base/, and deploy/kustomization.yaml on the same.
 */
class DeployManifestsDriftTest {

    /** The generated manifests. */
    static final Path BASE = ChartRendering.PROJECT.resolve("deploy/base/modelgate.yaml");
    /** The documented path: a symbolic link to {@link #BASE}. */
    static final Path DEPLOY = ChartRendering.PROJECT.resolve("deploy/modelgate.yaml");

    @Test
    void committedDeployManifestsMatchTheChart() throws IOException {
        String expected = ChartRendering.deployManifest();
        if (Boolean.getBoolean("modelgate.updateDeploy")) {
            Files.createDirectories(BASE.getParent());
            Files.writeString(BASE, expected);
            if (!Files.isSymbolicLink(DEPLOY)) {
                Files.deleteIfExists(DEPLOY);
                Files.createSymbolicLink(DEPLOY, DEPLOY.getParent().relativize(BASE));
            }
        }
        assertThat(BASE).as("%s is missing; run this test with -Dmodelgate.updateDeploy=true", BASE).exists();
        assertThat(Files.readString(BASE))
                .as("%s is stale: the chart or the CRDs changed; run this test with -Dmodelgate.updateDeploy=true and commit the result", BASE)
                .isEqualTo(expected);
    }

    @Test
    void deployModelgateYamlIsALinkToTheGeneratedManifests() throws IOException {
        assertThat(Files.isSymbolicLink(DEPLOY)).as("%s should be a symbolic link to base/modelgate.yaml; run DeployManifestsDriftTest "
                + "with -Dmodelgate.updateDeploy=true", DEPLOY).isTrue();
        assertThat(Files.readSymbolicLink(DEPLOY).toString().replace('\\', '/')).isEqualTo("base/modelgate.yaml");
        assertThat(Files.readString(DEPLOY)).isEqualTo(Files.readString(BASE));
    }

    @Test
    void deployManifestsHoldTheNamespaceTheCrdsAndTheOperatorInThatOrder() {
        List<HasMetadata> objects = ChartRendering.parse(ChartRendering.deployManifest());

        assertThat(objects.get(0)).isInstanceOf(Namespace.class);
        assertThat(objects.get(0).getMetadata().getName()).isEqualTo(ChartRendering.NAMESPACE);
        assertThat(objects.get(0).getMetadata().getLabels()).containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        assertThat(ChartRendering.all(objects, CustomResourceDefinition.class))
                .extracting(crd -> crd.getMetadata().getName())
                .containsExactly("clustermodelanalysistemplates.modelgate.io", "modelanalysistemplates.modelgate.io", "modelpipelines.modelgate.io", "modelrevisions.modelgate.io");
        assertThat(objects.subList(1, 5)).allMatch(CustomResourceDefinition.class::isInstance);
        assertThat(ChartRendering.one(objects, Deployment.class).getMetadata().getNamespace()).isEqualTo(ChartRendering.NAMESPACE);
        assertThat(objects).filteredOn(o -> !(o instanceof Namespace) && !(o instanceof CustomResourceDefinition)
                        && !"ClusterRole".equals(o.getKind()) && !"ClusterRoleBinding".equals(o.getKind()))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).as(o.getKind()).isEqualTo(ChartRendering.NAMESPACE));
    }

    @Test
    void kustomizationsListTheManifests() throws IOException {
        String base = Files.readString(BASE.resolveSibling("kustomization.yaml"));
        assertThat(base).contains("kind: Kustomization").containsPattern("(?m)^resources:\\s*\\n\\s*-\\s*modelgate\\.yaml\\s*$");
        String deploy = Files.readString(DEPLOY.resolveSibling("kustomization.yaml"));
        assertThat(deploy).contains("kind: Kustomization").containsPattern("(?m)^resources:\\s*\\n\\s*-\\s*base\\s*$");
    }
}
