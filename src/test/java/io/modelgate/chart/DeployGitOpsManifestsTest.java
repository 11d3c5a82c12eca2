package io.modelgate.chart;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kustomize overlay in deploy/overlays/ and the GitOps examples in deploy/gitops/: every YAML document parses as a
 * Kubernetes object (Fabric8 {@link GenericKubernetesResource}), has the expected kind and apiVersion, and every path
 * it references exists in this repository. When kubectl is installed, the overlay is also built with
 * {@code kubectl kustomize}.
 */
class DeployGitOpsManifestsTest {

    static final Path PROJECT = ChartRendering.PROJECT;
    static final Path GITOPS = PROJECT.resolve("deploy/gitops");
    static final Path OVERLAYS = PROJECT.resolve("deploy/overlays");
    static final Path OVERLAY = OVERLAYS.resolve("example");
    static final String REPO_URL = "https://github.com/example/modelgate.git";
    static final String WATCHED = "team-a,team-b";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---[ \\t]*(?:\\r?\\n|$)");

    record Document(Path file, GenericKubernetesResource object) {
        String kind() {
            return object.getKind();
        }

        String apiVersion() {
            return object.getApiVersion();
        }
    }

    @Test
    void everyDocumentParsesWithAKnownKindAndApiVersion() {
        List<Document> documents = documents(GITOPS, OVERLAYS);
        Map<String, String> known = Map.of(
                "Application", "argoproj.io/v1alpha1",
                "GitRepository", "source.toolkit.fluxcd.io/v1",
                "HelmRelease", "helm.toolkit.fluxcd.io/v2",
                "Deployment", "apps/v1");

        assertThat(documents).isNotEmpty().allSatisfy(d -> {
            assertThat(d.kind()).as("kind in %s", d.file()).isNotBlank();
            if (d.kind().equals("Kustomization")) {
                assertThat(d.apiVersion()).as("%s", d.file()).isIn("kustomize.toolkit.fluxcd.io/v1", "kustomize.config.k8s.io/v1beta1");
            } else {
                assertThat(known).as("kinds allowed in %s", d.file()).containsKey(d.kind());
                assertThat(d.apiVersion()).as("apiVersion of %s in %s", d.kind(), d.file()).isEqualTo(known.get(d.kind()));
            }
        });
        assertThat(documents).extracting(d -> d.apiVersion() + " " + d.kind()).containsExactlyInAnyOrder(
                "argoproj.io/v1alpha1 Application",
                "argoproj.io/v1alpha1 Application",
                "source.toolkit.fluxcd.io/v1 GitRepository",
                "helm.toolkit.fluxcd.io/v2 HelmRelease",
                "kustomize.toolkit.fluxcd.io/v1 Kustomization",
                "kustomize.config.k8s.io/v1beta1 Kustomization",
                "apps/v1 Deployment",
                // deploy/overlays/training-engines and deploy/overlays/kserve (BackendOverlaysTest)
                "kustomize.config.k8s.io/v1beta1 Kustomization",
                "apps/v1 Deployment",
                "kustomize.config.k8s.io/v1beta1 Kustomization",
                "apps/v1 Deployment");
    }

    @Test
    void theArgoCdApplicationsInstallTheChartAndTheExamplesFromThePlaceholderRepository() throws IOException {
        List<Document> applications = documents(GITOPS).stream().filter(d -> d.kind().equals("Application")).toList();
        Document operator = named(applications, "modelgate");
        Document examples = named(applications, "modelgate-examples");

        for (Document application : applications) {
            GenericKubernetesResource app = application.object();
            assertThat(app.getMetadata().getNamespace()).isEqualTo("argocd");
            assertThat((String) app.get("spec", "source", "repoURL")).isEqualTo(REPO_URL);
            assertThat(Files.readString(application.file())).containsIgnoringCase("placeholder");
            assertThat((String) app.get("spec", "destination", "server")).isEqualTo("https://kubernetes.default.svc");
            assertThat(PROJECT.resolve((String) app.get("spec", "source", "path"))).as("source.path of %s", application.file()).isDirectory();
        }
        assertThat((String) operator.object().get("spec", "source", "path")).isEqualTo("helm/modelgate");
        assertThat(PROJECT.resolve("helm/modelgate/Chart.yaml")).isRegularFile();
        assertThat((String) operator.object().get("spec", "destination", "namespace")).isEqualTo(ChartRendering.NAMESPACE);
        assertThat((List<String>) operator.object().get("spec", "syncPolicy", "syncOptions")).contains("CreateNamespace=true", "ServerSideApply=true");
        assertValuesRender(operator.object().get("spec", "source", "helm", "valuesObject"));
        // The health checks and actions: referenced from the Application, and there.
        String argocdCm = "deploy/argocd/argocd-cm-patch.yaml";
        assertThat(Files.readString(operator.file())).contains(argocdCm);
        assertThat(PROJECT.resolve(argocdCm)).isRegularFile();

        assertThat((String) examples.object().get("spec", "source", "path")).isEqualTo("examples");
        assertThat(exampleFiles()).isNotEmpty();
        assertThat((List<String>) examples.object().get("spec", "syncPolicy", "syncOptions")).contains("SkipDryRunOnMissingResource=true");
        assertThat(Integer.parseInt(examples.object().getMetadata().getAnnotations().get("argocd.argoproj.io/sync-wave")))
                .isGreaterThan(Integer.parseInt(operator.object().getMetadata().getAnnotations().get("argocd.argoproj.io/sync-wave")));
    }

    @Test
    void theFluxObjectsInstallTheChartAndTheExamplesFromTheGitRepository() throws IOException {
        List<Document> flux = documents(GITOPS.resolve("flux"));
        Document repository = one(flux, "GitRepository");
        Document release = one(flux, "HelmRelease");
        Document examples = one(flux, "Kustomization");
        String repositoryName = repository.object().getMetadata().getName();
        String repositoryNamespace = repository.object().getMetadata().getNamespace();

        assertThat((String) repository.object().get("spec", "url")).isEqualTo(REPO_URL);
        assertThat(Files.readString(repository.file())).containsIgnoringCase("placeholder");
        for (Document d : List.of(release, examples)) {
            Map<String, Object> sourceRef = d.kind().equals("HelmRelease")
                    ? d.object().get("spec", "chart", "spec", "sourceRef")
                    : d.object().get("spec", "sourceRef");
            assertThat(sourceRef).as("sourceRef of %s", d.kind())
                    .containsEntry("kind", "GitRepository").containsEntry("name", repositoryName).containsEntry("namespace", repositoryNamespace);
        }
        String chart = release.object().get("spec", "chart", "spec", "chart");
        assertThat(PROJECT.resolve(chart).normalize()).isEqualTo(ChartRendering.CHART);
        assertThat(PROJECT.resolve(chart).resolve("Chart.yaml")).isRegularFile();
        assertThat((String) release.object().get("spec", "targetNamespace")).isEqualTo(ChartRendering.NAMESPACE);
        assertThat((String) release.object().get("spec", "install", "crds")).isEqualTo("Create");
        assertThat((String) release.object().get("spec", "upgrade", "crds")).isEqualTo("CreateReplace");
        assertValuesRender(release.object().get("spec", "values"));

        String path = examples.object().get("spec", "path");
        assertThat(PROJECT.resolve(path).normalize()).isEqualTo(PROJECT.resolve("examples"));
        assertThat((Boolean) examples.object().get("spec", "prune")).isTrue();
    }

    @Test
    void theExamplesTheGitOpsObjectsApplyAreModelPipelines() {
        // Beside its pipelines, an example may hold the analysis templates they share (shared-analysis-template.yaml).
        assertThat(exampleFiles()).allSatisfy(file -> assertThat(parse(file)).isNotEmpty()
                .anySatisfy(d -> assertThat(d.kind()).isEqualTo("ModelPipeline"))
                .allSatisfy(d -> assertThat(d.apiVersion() + " " + d.kind()).isIn("modelgate.io/v1alpha1 ModelPipeline",
                        "modelgate.io/v1alpha1 ModelAnalysisTemplate", "modelgate.io/v1alpha1 ClusterModelAnalysisTemplate")));
    }

    @Test
    void theOverlayBuildsOnTheBaseAndPatchesTheOperatorDeployment() {
        Document kustomization = documents(OVERLAY).stream().filter(d -> d.kind().equals("Kustomization")).findFirst().orElseThrow();
        List<String> resources = kustomization.object().get("resources");
        List<Map<String, Object>> patches = kustomization.object().get("patches");

        assertThat(resources).containsExactly("../../base");
        for (String resource : resources) {
            Path base = OVERLAY.resolve(resource).normalize();
            assertThat(base.resolve("kustomization.yaml")).as("resource %s", resource).isRegularFile();
            assertThat(OVERLAY.startsWith(base)).as("kustomize rejects a base that is a parent folder of the overlay").isFalse();
        }
        assertThat(patches).singleElement().satisfies(patch -> {
            assertThat(OVERLAY.resolve((String) patch.get("path"))).isRegularFile();
            assertThat((Map<String, Object>) patch.get("target")).containsEntry("kind", "Deployment").containsEntry("name", "modelgate");
        });
        Deployment operator = ChartRendering.one(ChartRendering.render(), Deployment.class);
        Document patch = documents(OVERLAY).stream().filter(d -> d.kind().equals("Deployment")).findFirst().orElseThrow();
        assertThat(patch.object().getMetadata().getName()).isEqualTo(operator.getMetadata().getName());
        assertThat(patch.object().getMetadata().getNamespace()).isEqualTo(operator.getMetadata().getNamespace());
        List<Map<String, Object>> containers = patch.object().get("spec", "template", "spec", "containers");
        assertThat(containers).singleElement().satisfies(c -> assertThat(c.get("name")).isEqualTo("operator"));
        assertThat(operator.getSpec().getTemplate().getSpec().getContainers()).extracting(Container::getName).contains("operator");
    }

    @Test
    void kubectlKustomizeBuildsTheOverlayWithThePatchedEnvAndTheCrds() throws Exception {
        Optional<Path> kubectl = kubectl();
        Assumptions.assumeTrue(kubectl.isPresent(), "kubectl is not installed (not on PATH, not /usr/bin/kubectl): "
                + "skipping the kubectl kustomize build of deploy/overlays/example; the other overlay checks still ran");

        String output = run(kubectl.get().toString(), "kustomize", PROJECT.relativize(OVERLAY).toString());

        assertThat(output).contains("QUARKUS_OPERATOR_SDK_NAMESPACES").contains(WATCHED).contains("kind: CustomResourceDefinition");
        List<HasMetadata> objects = ChartRendering.parse(output);
        assertThat(ChartRendering.all(objects, CustomResourceDefinition.class)).extracting(crd -> crd.getMetadata().getName())
                .containsExactlyInAnyOrder("clustermodelanalysistemplates.modelgate.io", "modelanalysistemplates.modelgate.io", "modelpipelines.modelgate.io", "modelrevisions.modelgate.io");
        Deployment deployment = ChartRendering.one(objects, Deployment.class);
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : container.getEnv()) {
            env.put(var.getName(), var.getValue());
        }
        // The patch changes one variable; the strategic merge keeps the others from the base.
        assertThat(env).containsEntry("QUARKUS_OPERATOR_SDK_NAMESPACES", WATCHED)
                .containsEntry("MODELGATE_DEFAULT_ANALYSIS_INTERVAL", "30s").containsKey("KUBERNETES_NAMESPACE");
        assertThat(container.getResources().getLimits().get("cpu").toString()).isEqualTo("2");
        assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("768Mi");
        assertThat(container.getResources().getRequests().get("memory").toString()).isEqualTo("384Mi");
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();

        // And the base alone (kubectl apply -k deploy/) is exactly the plain manifests.
        List<HasMetadata> base = ChartRendering.parse(run(kubectl.get().toString(), "kustomize", "deploy"));
        assertThat(base).extracting(o -> o.getKind() + "/" + o.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(
                ChartRendering.parse(ChartRendering.deployManifest()).stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList());
    }

    /** Chart values embedded in a GitOps object pass the chart's schema and render. */
    private static void assertValuesRender(Object values) {
        assertThat(values).as("values").isInstanceOf(Map.class);
        String yaml = SERIALIZATION.asYaml(values);
        assertThat(ChartRendering.renderWithValuesYaml(yaml)).extracting(HasMetadata::getKind).contains("Deployment");
    }

    private static Document named(List<Document> documents, String name) {
        return documents.stream().filter(d -> name.equals(d.object().getMetadata().getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no object named " + name));
    }

    private static Document one(List<Document> documents, String kind) {
        List<Document> matching = documents.stream().filter(d -> d.kind().equals(kind)).toList();
        assertThat(matching).as(kind).hasSize(1);
        return matching.get(0);
    }

    static List<Document> documents(Path... roots) {
        List<Document> documents = new ArrayList<>();
        for (Path root : roots) {
            assertThat(root).isDirectory();
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().matches(".*\\.ya?ml")).sorted()
                        .forEach(file -> documents.addAll(parse(file)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return documents;
    }

    static List<Document> parse(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Document> documents = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(text)) {
            if (document.lines().map(String::strip).allMatch(line -> line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            documents.add(new Document(file, SERIALIZATION.unmarshal(document, GenericKubernetesResource.class)));
        }
        return documents;
    }

    private static List<Path> exampleFiles() {
        try (Stream<Path> files = Files.list(PROJECT.resolve("examples"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<Path> kubectl() {
        String path = System.getenv().getOrDefault("PATH", "");
        List<Path> candidates = new ArrayList<>();
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "kubectl"));
            }
        }
        candidates.add(Path.of("/usr/bin/kubectl"));
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    static String run(String... command) throws IOException, InterruptedException {
        Path err = Files.createTempFile("kubectl-", ".err");
        try {
            Process process = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectError(err.toFile()).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in 120 s");
            }
            assertThat(process.exitValue()).as("%s failed: %s", String.join(" ", command), Files.readString(err)).isZero();
            return output;
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
