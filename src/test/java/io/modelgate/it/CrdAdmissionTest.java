package io.modelgate.it;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.ModelRevisionSpec;
import io.modelgate.api.ModelRevisionStatus;
import io.modelgate.revision.PipelinePlan;
import io.modelgate.testing.Pipelines;
import io.modelgate.testing.RealApiServer;
import io.modelgate.workload.Revisions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The committed CRDs on a real kube-apiserver: they install and become Established, every example is
 * accepted (and defaulted, and nothing in it is pruned), a corpus of invalid pipelines is rejected at
 * admission by the OpenAPI schema and the CEL rules, and a ModelRevision's spec is immutable while its
 * status is not.
 */
@Tag("integration")
class CrdAdmissionTest {

    @RegisterExtension
    static final RealApiServer API = new RealApiServer();

    static final String API_VERSION = ModelPipeline.GROUP + "/" + ModelPipeline.VERSION;
    static final Map<String, String> REJECTIONS = new ConcurrentHashMap<>();
    static final AtomicInteger NAMES = new AtomicInteger();

    static KubernetesClient client;
    static String namespace;

    static final Map<String, Object> TRAIN_JOB = Map.of("runtimeRef", Map.of("name", "torch-distributed"));
    static final Map<String, Object> KSERVE = Map.of("modelFormat", Map.of("name", "sklearn"));
    static final Map<String, Object> JOB_SET = Map.of("replicatedJobs", List.of(Map.of("name", "node",
            "template", Map.of("spec", Map.of("template", Map.of("spec", Map.of("containers", List.of(Map.of("name", "train")))))))));

    /** A valid pipeline the invalid cases each break in one way. */
    static final String BASE = """
            apiVersion: modelgate.io/v1alpha1
            kind: ModelPipeline
            metadata:
              name: base
            spec:
              model: churn
              source:
                trainingImage: registry.example/churn-train:1.0
                dataRef: s3://data/churn/2026-11-01
                parameters:
                  learning_rate: "0.1"
              training:
                artifactUri: s3://models/{pipeline}/{revision}
              evaluation:
                template:
                  spec:
                    containers:
                      - name: evaluate
                        image: registry.example/churn-eval:1.0
                gates:
                  - metric: f1
                    min: 0.75
              serving:
                template:
                  spec:
                    containers:
                      - name: server
                        image: registry.example/model-server:1.0
            """;

    @BeforeAll
    static void installCrds() {
        client = API.client();
        long started = System.nanoTime();
        Crds.install(client);
        System.out.printf("[admission] CRDs applied and Established in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        namespace = API.newNamespace("admission");
    }

    @AfterAll
    static void printRejections() {
        REJECTIONS.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> System.out.println("[admission] " + e.getKey() + " => " + e.getValue()));
    }

    // --- the CRDs ---

    @Test
    void theCommittedCrdsInstallByServerSideApplyAndBecomeEstablished() {
        for (String name : Crds.NAMES) {
            CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().withName(name).get();
            assertThat(Crds.established(crd)).as(name + " Established and NamesAccepted").isTrue();
            assertThat(crd.getSpec().getVersions()).singleElement().satisfies(version -> {
                assertThat(version.getName()).isEqualTo(ModelPipeline.VERSION);
                assertThat(version.getServed()).isTrue();
                assertThat(version.getStorage()).isTrue();
                if (name.contains("analysistemplates")) {
                    // Templates are read, never reconciled: no status, so no status subresource.
                    assertThat(version.getSubresources()).as("no subresources of " + name).isNull();
                } else {
                    assertThat(version.getSubresources().getStatus()).as("status subresource").isNotNull();
                }
            });
            assertThat(crd.getMetadata().getManagedFields()).as("written by server-side apply")
                    .anySatisfy(f -> assertThat(f.getOperation()).isEqualTo("Apply"));
        }
        // The API server kept every CEL rule of the files (none was dropped or rejected at creation).
        for (String file : io.modelgate.testing.TestOperator.CRD_FILES) {
            CustomResourceDefinition committed = Crds.committed(file);
            int rules = countRules(committed.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema());
            assertThat(rules).as("CEL rules in crds/" + file).isGreaterThanOrEqualTo(10);
            assertThat(countRules(schemaOf(committed.getMetadata().getName()))).as("CEL rules the API server stored for " + file).isEqualTo(rules);
        }

        // Applying the same files again is a no-op conflict-free apply.
        Crds.install(client);
    }

    // --- examples ---

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("examples"))) {
            List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
            assertThat(yaml).as("examples/*.yaml").isNotEmpty();
            return yaml.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleIsAcceptedDefaultedAndKeptWhole(Path file) throws IOException {
        String text = Files.readString(file);
        List<String> documents = Stream.of(text.split("(?m)^---\\s*$")).filter(d -> d.lines().anyMatch(l -> l.startsWith("kind:"))).toList();
        assertThat(documents).as(file + " documents").isNotEmpty();
        for (String document : documents) {
            GenericKubernetesResource submitted = client.getKubernetesSerialization().unmarshal(document, GenericKubernetesResource.class);
            assertThat(submitted.getApiVersion()).isEqualTo(API_VERSION);
            if (submitted.getKind().endsWith("ModelAnalysisTemplate")) {
                // A template beside the pipelines that name it (AnalysisTemplateAdmissionTest covers the kinds): kept whole too.
                boolean cluster = submitted.getKind().startsWith("Cluster");
                submitted.getMetadata().setNamespace(cluster ? null : namespace);
                var templates = client.genericKubernetesResources(API_VERSION, submitted.getKind());
                GenericKubernetesResource stored = cluster ? templates.resource(submitted).create() : templates.inNamespace(namespace).resource(submitted).create();
                List<String> lost = new ArrayList<>();
                missingFrom(submitted.getAdditionalProperties().get("spec"), stored.getAdditionalProperties().get("spec"), "spec", lost);
                assertThat(lost).as("fields of " + file + " the API server pruned or changed").isEmpty();
                continue;
            }
            assertThat(submitted.getKind()).isEqualTo("ModelPipeline");
            submitted.getMetadata().setNamespace(namespace);

            client.genericKubernetesResources(API_VERSION, "ModelPipeline").inNamespace(namespace).resource(submitted).create();

            ModelPipeline stored = client.resources(ModelPipeline.class).inNamespace(namespace).withName(submitted.getMetadata().getName()).get();
            assertThat(stored.getMetadata().getGeneration()).isEqualTo(1L);
            var spec = stored.getSpec();
            assertThat(spec.getRevisionHistoryLimit()).as("revisionHistoryLimit (default 10)").isNotNull();
            assertThat(spec.getServing().getPort()).as("serving.port (default 8080)").isNotNull();
            assertThat(spec.getServing().getReplicas()).as("serving.replicas (default 1)").isNotNull();
            if (spec.getRollout() != null) {
                assertThat(spec.getRollout().getStrategy()).as("rollout.strategy (default Direct)").isNotNull();
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> submittedSpec = (Map<String, Object>) submitted.getAdditionalProperties().get("spec");
            GenericKubernetesResource raw = client.genericKubernetesResources(API_VERSION, "ModelPipeline").inNamespace(namespace)
                    .withName(submitted.getMetadata().getName()).get();
            List<String> lost = new ArrayList<>();
            missingFrom(submittedSpec, raw.getAdditionalProperties().get("spec"), "spec", lost);
            assertThat(lost).as("fields of " + file + " the API server pruned or changed").isEmpty();
        }
    }

    @Test
    void theMinimalExampleGetsItsDefaults() {
        GenericKubernetesResource minimal = client.getKubernetesSerialization().unmarshal(readExample("minimal.yaml"), GenericKubernetesResource.class);
        minimal.getMetadata().setName("minimal-defaults");
        minimal.getMetadata().setNamespace(namespace);
        create(minimal);
        ModelPipeline stored = client.resources(ModelPipeline.class).inNamespace(namespace).withName("minimal-defaults").get();
        assertThat(stored.getSpec().getRevisionHistoryLimit()).isEqualTo(10);
        assertThat(stored.getSpec().getServing().getPort()).isEqualTo(8080);
        assertThat(stored.getSpec().getServing().getReplicas()).isEqualTo(1);
        // Defaults apply only under an object that is present: minimal.yaml has no rollout.
        assertThat(stored.getSpec().getRollout()).isNull();

        GenericKubernetesResource withRollout = base("with-empty-rollout");
        spec(withRollout).put("rollout", new LinkedHashMap<>());
        create(withRollout);
        ModelPipeline defaulted = client.resources(ModelPipeline.class).inNamespace(namespace).withName("with-empty-rollout").get();
        assertThat(defaulted.getSpec().getRollout().getStrategy().name()).isEqualTo("Direct");
    }

    // --- invalid pipelines ---

    @Test
    void theBaseOfTheInvalidCorpusIsValid() {
        create(base("corpus-base"));
        assertThat(client.resources(ModelPipeline.class).inNamespace(namespace).withName("corpus-base").get()).isNotNull();
    }

    /** One invalid pipeline: {@code change} breaks the base; every fragment must appear in the API server's message. */
    record Invalid(String title, Consumer<GenericKubernetesResource> change, List<String> expected) {
        @Override
        public String toString() {
            return title;
        }
    }

    static Invalid invalid(String title, Consumer<GenericKubernetesResource> change, String... expected) {
        return new Invalid(title, change, List.of(expected));
    }

    static Stream<Invalid> invalidPipelines() {
        return Stream.of(
                // required fields
                invalid("spec.model missing", p -> spec(p).remove("model"),
                        "spec.model: Required value"),
                invalid("spec.source.trainingImage missing", p -> object(p, "source").remove("trainingImage"),
                        "spec.source: Invalid value", "trainingImage is required to train a model"),
                // a model that exists: delivered without training
                invalid("registeredModel with a trainingImage and training", p -> object(p, "source").put("registeredModel",
                                map("name", "churn", "alias", "champion")),
                        "trainingImage is required to train a model, and applies only then",
                        "training is required to train a model, and applies only then"),
                invalid("registeredModel and modelUri", p -> {
                            object(p, "source").remove("trainingImage");
                            spec(p).remove("training");
                            object(p, "source").put("registeredModel", map("name", "churn", "version", "3"));
                            object(p, "source").put("modelUri", "s3://models/churn/3");
                        },
                        "from registeredModel or from modelUri, not both"),
                invalid("registeredModel with alias and version", p -> registered(p, map("name", "churn", "alias", "champion", "version", "3")),
                        "spec.source.registeredModel: Invalid value", "exactly one of alias and version"),
                invalid("registeredModel without alias or version", p -> registered(p, map("name", "churn")),
                        "exactly one of alias and version"),
                invalid("registeredModel pollInterval with a version", p -> registered(p, map("name", "churn", "version", "3", "pollInterval", "1m")),
                        "pollInterval applies only to an alias"),
                invalid("registeredModel version not a number", p -> registered(p, map("name", "churn", "version", "latest")),
                        "spec.source.registeredModel.version: Invalid value: \"latest\""),
                invalid("registeredModel without a name", p -> registered(p, map("alias", "champion")),
                        "spec.source.registeredModel.name: Required value"),
                invalid("registeredModel pollInterval not a duration", p -> registered(p, map("name", "churn", "alias", "a", "pollInterval", "soon")),
                        "spec.source.registeredModel.pollInterval: Invalid value: \"soon\""),
                invalid("modelUri with training", p -> {
                            object(p, "source").remove("trainingImage");
                            object(p, "source").put("modelUri", "s3://models/churn/3");
                        },
                        "training is required to train a model, and applies only then"),
                invalid("spec.source.dataRef missing", p -> object(p, "source").remove("dataRef"),
                        "spec.source.dataRef: Required value"),
                invalid("spec.training.artifactUri missing", p -> object(p, "training").remove("artifactUri"),
                        "spec.training.artifactUri: Required value"),
                invalid("spec.evaluation missing", p -> spec(p).remove("evaluation"),
                        "spec.evaluation: Required value"),
                invalid("spec.serving.template missing", p -> object(p, "serving").remove("template"),
                        "spec.serving: Invalid value", "template is required with backend Deployment"),
                invalid("spec.evaluation without a template", p -> object(p, "evaluation").remove("template"),
                        "spec.evaluation: Invalid value", "evaluation needs a pod template"),
                invalid("spec.dataValidation without a template", p -> spec(p).put("dataValidation", map("gates", List.of(map("metric", "rows", "min", 1000)))),
                        "spec.dataValidation: Invalid value", "dataValidation needs a pod template"),
                invalid("spec.gates[0].metric missing", p -> gate(p).remove("metric"),
                        "spec.evaluation.gates[0].metric: Required value"),
                // retraining triggers
                invalid("trigger without a provider", p -> spec(p).put("triggers", map("metrics", List.of(map("name", "drift", "max", 0.2)))),
                        "spec.triggers.metrics[0]: Invalid value", "a trigger needs exactly one provider: prometheus or http"),
                invalid("two triggers of one name", p -> spec(p).put("triggers", map("metrics", List.of(
                                map("name", "drift", "max", 0.2, "prometheus", map("query", "psi")),
                                map("name", "drift", "min", 0.8, "prometheus", map("query", "auc"))))),
                        "spec.triggers.metrics: Invalid value", "trigger names must be unique"),
                // the registry
                invalid("registry without mlflow", p -> spec(p).put("registry", map()),
                        "spec.registry.mlflow: Required value"),
                invalid("registry address not a URL", p -> spec(p).put("registry", map("mlflow", map("address", "mlflow:5000"))),
                        "spec.registry.mlflow.address: Invalid value", "should match"),
                invalid("registry alias latest", p -> spec(p).put("registry", map("mlflow", map("promotedAlias", "latest"))),
                        "spec.registry.mlflow.promotedAlias: Invalid value", "MLflow reserves those"),
                invalid("registry alias like a version", p -> spec(p).put("registry", map("mlflow", map("promotedAlias", "v3"))),
                        "spec.registry.mlflow.promotedAlias: Invalid value", "MLflow reserves those"),
                invalid("registry alias with a space", p -> spec(p).put("registry", map("mlflow", map("promotedAlias", "my champion"))),
                        "spec.registry.mlflow.promotedAlias: Invalid value", "should match"),
                invalid("registry model with a slash", p -> spec(p).put("registry", map("mlflow", map("model", "team/fraud"))),
                        "spec.registry.mlflow.model: Invalid value", "should match"),
                invalid("registry credentials without a secret name", p -> spec(p).put("registry", map("mlflow", map("credentialsFrom", map()))),
                        "spec.registry.mlflow.credentialsFrom.secretName: Required value"),
                // wrong types
                invalid("serving.replicas as a string", p -> object(p, "serving").put("replicas", "two"),
                        "spec.serving.replicas: Invalid value: \"string\"", "must be of type integer"),
                invalid("paused as a string", p -> spec(p).put("paused", "yes"),
                        "spec.paused: Invalid value: \"string\"", "must be of type boolean"),
                invalid("gate min as a string", p -> gate(p).put("min", "0.9"),
                        "spec.evaluation.gates[0].min: Invalid value: \"string\"", "must be of type number"),
                // gates
                invalid("gate min greater than max", p -> gate(p).putAll(map("min", 0.9, "max", 0.5)),
                        "spec.evaluation.gates[0]: Invalid value", "min must be less than or equal to max"),
                invalid("gate with no bound", p -> gate(p).remove("min"),
                        "spec.evaluation.gates[0]: Invalid value", "a gate needs at least one of min, max or mustBeat"),
                invalid("gate tolerance without mustBeat", p -> gate(p).put("tolerance", 0.01),
                        "spec.evaluation.gates[0]: Invalid value", "tolerance applies only with mustBeat"),
                invalid("gate tolerance negative", p -> gate(p).putAll(map("mustBeat", "stable", "tolerance", -0.1)),
                        "spec.evaluation.gates[0].tolerance", "should be greater than or equal to 0"),
                invalid("gate better Bigger (enum)", p -> gate(p).putAll(map("mustBeat", "stable", "better", "Bigger")),
                        "spec.evaluation.gates[0].better: Unsupported value: \"Bigger\"", "\"Higher\"", "\"Lower\""),
                invalid("gate mustBeat production (enum)", p -> gate(p).put("mustBeat", "production"),
                        "spec.evaluation.gates[0].mustBeat: Unsupported value: \"production\"", "\"stable\""),
                invalid("gate metric not a metric name", p -> gate(p).put("metric", "f1 score"),
                        "spec.evaluation.gates[0].metric: Invalid value: \"f1 score\"", "should match"),
                invalid("gate metric longer than 128", p -> gate(p).put("metric", "m".repeat(129)),
                        "spec.evaluation.gates[0].metric: Too long", "128"),
                invalid("33 evaluation gates", p -> object(p, "evaluation").put("gates",
                                IntStream.range(0, 33).mapToObj(i -> map("metric", "m" + i, "min", 0.5)).toList()),
                        "spec.evaluation.gates: Too many: 33: must have at most 32 items"),
                invalid("33 dataValidation gates", p -> spec(p).put("dataValidation", map(
                                "template", map("spec", map("containers", List.of(map("name", "validate", "image", "registry.example/v:1")))),
                                "gates", IntStream.range(0, 33).mapToObj(i -> map("metric", "m" + i, "max", 0.5)).toList())),
                        "spec.dataValidation.gates: Too many: 33: must have at most 32 items"),
                // sizes and ranges
                invalid("65 parameters", p -> object(p, "source").put("parameters",
                                IntStream.range(0, 65).boxed().collect(java.util.stream.Collectors.toMap(i -> "p" + i, i -> "v", (a, b) -> a, LinkedHashMap::new))),
                        "spec.source.parameters: Too many: 65: must have at most 64 items"),
                invalid("a parameter with an empty name", p -> object(p, "source").put("parameters", map("", "0.1")),
                        "spec.source.parameters: Invalid value", "a parameter name has 1 to 63 characters"),
                invalid("a parameter name of 64 characters", p -> object(p, "source").put("parameters", map("p".repeat(64), "0.1")),
                        "spec.source.parameters: Invalid value", "a parameter name has 1 to 63 characters"),
                invalid("a parameter name with a space", p -> object(p, "source").put("parameters", map("learning rate", "0.1")),
                        "spec.source.parameters: Invalid value", "a parameter name has 1 to 63 characters: letters, digits, '_', '-' or '.'"),
                invalid("a parameter name with '='", p -> object(p, "source").put("parameters", map("lr=0.1", "x")),
                        "spec.source.parameters: Invalid value", "a parameter name has 1 to 63 characters"),
                invalid("a parameter value of 4097 characters", p -> object(p, "source").put("parameters", map("lr", "v".repeat(4097))),
                        "spec.source.parameters.lr: Too long", "4096"),
                invalid("a parameter value of 1 MiB", p -> object(p, "source").put("parameters", map("blob", "v".repeat(1 << 20))),
                        "spec.source.parameters.blob: Too long", "4096"),
                invalid("triggers.timeZone without schedule", p -> spec(p).put("triggers", map("timeZone", "Europe/Berlin")),
                        "spec.triggers: Invalid value", "triggers.timeZone applies only with triggers.schedule"),
                invalid("serving.replicas negative", p -> object(p, "serving").put("replicas", -1),
                        "spec.serving.replicas: Invalid value: -1", "should be greater than or equal to 0"),
                invalid("serving.replicas 1001", p -> object(p, "serving").put("replicas", 1001),
                        "spec.serving.replicas: Invalid value: 1001", "should be less than or equal to 1000"),
                invalid("serving.port 0", p -> object(p, "serving").put("port", 0),
                        "spec.serving.port: Invalid value: 0", "should be greater than or equal to 1"),
                invalid("serving.port 70000", p -> object(p, "serving").put("port", 70000),
                        "spec.serving.port: Invalid value: 70000", "should be less than or equal to 65535"),
                invalid("serving.serviceName not a DNS label", p -> object(p, "serving").put("serviceName", "Churn_Service"),
                        "spec.serving.serviceName: Invalid value: \"Churn_Service\"", "should match"),
                invalid("revisionHistoryLimit 0", p -> spec(p).put("revisionHistoryLimit", 0),
                        "spec.revisionHistoryLimit: Invalid value: 0", "should be greater than or equal to 1"),
                invalid("training.backoffLimit 21", p -> object(p, "training").put("backoffLimit", 21),
                        "spec.training.backoffLimit: Invalid value: 21", "should be less than or equal to 20"),
                invalid("evaluation.activeDeadlineSeconds 0", p -> object(p, "evaluation").put("activeDeadlineSeconds", 0),
                        "spec.evaluation.activeDeadlineSeconds: Invalid value: 0", "should be greater than or equal to 1"),
                invalid("source.dataRef empty", p -> object(p, "source").put("dataRef", ""),
                        "spec.source.dataRef: Invalid value: \"\"", "should be at least 1 chars long"),
                invalid("source.dataVersion empty", p -> object(p, "source").put("dataVersion", ""),
                        "spec.source.dataVersion: Invalid value: \"\"", "should be at least 1 chars long"),
                invalid("source.dataVersion longer than 256", p -> object(p, "source").put("dataVersion", "v".repeat(257)),
                        "spec.source.dataVersion: Too long", "256"),
                invalid("triggers.schedule longer than 128", p -> spec(p).put("triggers", map("schedule", "0 ".repeat(65))),
                        "spec.triggers.schedule: Too long", "128"),
                // enums and names
                invalid("rollout.strategy Linear (enum)", p -> spec(p).put("rollout", map("strategy", "Linear")),
                        "spec.rollout.strategy: Unsupported value: \"Linear\"", "\"BlueGreen\"", "\"Canary\"", "\"Direct\""),
                invalid("model not a DNS label", p -> spec(p).put("model", "Churn_Model"),
                        "spec.model: Invalid value: \"Churn_Model\"", "should match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'"),
                invalid("model longer than 63", p -> spec(p).put("model", "m".repeat(64)),
                        "spec.model: Too long", "63"),
                invalid("pipeline name of 41 characters", p -> p.getMetadata().setName("p".repeat(41)),
                        "a pipeline name may have at most 40 characters"),
                invalid("artifactUri without {revision}", p -> object(p, "training").put("artifactUri", "s3://models/churn/latest"),
                        "spec.training.artifactUri: Invalid value", "artifactUri must contain {revision}"),
                // training engines
                invalid("backend TrainJob without trainJob", p -> object(p, "training").put("backend", "TrainJob"),
                        "spec.training: Invalid value", "trainJob is required with backend TrainJob and applies only to it"),
                invalid("trainJob with backend Job", p -> object(p, "training").put("trainJob", TRAIN_JOB),
                        "spec.training: Invalid value", "trainJob is required with backend TrainJob and applies only to it"),
                invalid("backend JobSet without jobSet", p -> object(p, "training").put("backend", "JobSet"),
                        "spec.training: Invalid value", "jobSet is required with backend JobSet and applies only to it"),
                invalid("backend TrainJob with a pod template", p -> object(p, "training").putAll(map("backend", "TrainJob", "trainJob", TRAIN_JOB,
                                "template", map("spec", map("containers", List.of(map("name", "train")))))),
                        "spec.training: Invalid value", "template applies to backend Job only"),
                invalid("backend TrainJob with backoffLimit", p -> object(p, "training").putAll(map("backend", "TrainJob", "trainJob", TRAIN_JOB, "backoffLimit", 3)),
                        "spec.training: Invalid value", "backoffLimit applies to backend Job only"),
                invalid("backend JobSet with activeDeadlineSeconds", p -> object(p, "training").putAll(map("backend", "JobSet", "jobSet", JOB_SET,
                                "activeDeadlineSeconds", 600)),
                        "spec.training: Invalid value", "activeDeadlineSeconds does not apply to a JobSet"),
                invalid("trainJob.runtimeRef.kind Runtime (enum)", p -> object(p, "training").putAll(map("backend", "TrainJob",
                                "trainJob", map("runtimeRef", map("name", "torch-distributed", "kind", "Runtime")))),
                        "spec.training.trainJob.runtimeRef.kind: Unsupported value: \"Runtime\"", "\"ClusterTrainingRuntime\"", "\"TrainingRuntime\""),
                invalid("trainJob without runtimeRef", p -> object(p, "training").putAll(map("backend", "TrainJob", "trainJob", map("trainer", map("numNodes", 2)))),
                        "spec.training.trainJob.runtimeRef: Required value"),
                invalid("trainJob.trainer.numNodes 0", p -> object(p, "training").putAll(map("backend", "TrainJob",
                                "trainJob", map("runtimeRef", map("name", "torch-distributed"), "trainer", map("numNodes", 0)))),
                        "spec.training.trainJob.trainer.numNodes: Invalid value: 0", "should be greater than or equal to 1"),
                invalid("jobSet without replicatedJobs", p -> object(p, "training").putAll(map("backend", "JobSet", "jobSet", map("replicatedJobs", List.of()))),
                        "spec.training.jobSet.replicatedJobs", "should have at least 1 items"),
                invalid("jobSet replicatedJob without template", p -> object(p, "training").putAll(map("backend", "JobSet",
                                "jobSet", map("replicatedJobs", List.of(map("name", "node"))))),
                        "spec.training.jobSet.replicatedJobs[0].template: Required value"),
                invalid("queueName not a DNS label", p -> object(p, "training").put("queueName", "Team_A"),
                        "spec.training.queueName: Invalid value: \"Team_A\"", "should match"),
                // --- serving on KServe ---
                invalid("backend InferenceService without inferenceService", p -> {
                            object(p, "serving").remove("template");
                            object(p, "serving").put("backend", "InferenceService");
                        },
                        "spec.serving: Invalid value", "inferenceService is required with backend InferenceService and applies only to it"),
                invalid("inferenceService with backend Deployment", p -> object(p, "serving").put("inferenceService", KSERVE),
                        "spec.serving: Invalid value", "inferenceService is required with backend InferenceService and applies only to it"),
                invalid("backend InferenceService with a pod template", p -> object(p, "serving").putAll(map("backend", "InferenceService",
                                "inferenceService", KSERVE)),
                        "spec.serving: Invalid value", "template is required with backend Deployment; an InferenceService takes its model server from inferenceService"),
                invalid("backend KServe (enum)", p -> object(p, "serving").put("backend", "KServe"),
                        "spec.serving.backend: Unsupported value: \"KServe\"", "\"Deployment\"", "\"InferenceService\""),
                invalid("inferenceService without modelFormat", p -> {
                            object(p, "serving").remove("template");
                            object(p, "serving").putAll(map("backend", "InferenceService", "inferenceService", map("runtime", "kserve-sklearnserver")));
                        },
                        "spec.serving.inferenceService.modelFormat: Required value"),
                invalid("inferenceService.protocolVersion v3", p -> {
                            object(p, "serving").remove("template");
                            object(p, "serving").putAll(map("backend", "InferenceService", "inferenceService",
                                    map("modelFormat", map("name", "sklearn"), "protocolVersion", "v3")));
                        },
                        "spec.serving.inferenceService.protocolVersion: Invalid value: \"v3\"", "should match"),
                invalid("inferenceService minReplicas above maxReplicas", p -> {
                            object(p, "serving").remove("template");
                            object(p, "serving").putAll(map("backend", "InferenceService", "inferenceService",
                                    map("modelFormat", map("name", "sklearn"), "minReplicas", 4, "maxReplicas", 2)));
                        },
                        "spec.serving.inferenceService: Invalid value", "minReplicas must not exceed maxReplicas"),
                invalid("inferenceService scaleMetric without scaleTarget", p -> {
                            object(p, "serving").remove("template");
                            object(p, "serving").putAll(map("backend", "InferenceService", "inferenceService",
                                    map("modelFormat", map("name", "sklearn"), "scaleMetric", "cpu")));
                        },
                        "spec.serving.inferenceService: Invalid value", "scaleMetric and scaleTarget go together"),
                invalid("inferenceService scaleMetric gpu (enum)", p -> {
                            object(p, "serving").remove("template");
                            object(p, "serving").putAll(map("backend", "InferenceService", "inferenceService",
                                    map("modelFormat", map("name", "sklearn"), "scaleMetric", "gpu", "scaleTarget", 50)));
                        },
                        "spec.serving.inferenceService.scaleMetric: Unsupported value: \"gpu\""));
    }

    // --- progressive delivery (spec.rollout) ---

    static Map<String, Object> prometheusMetric(String name) {
        return map("name", name, "max", 0.05,
                "prometheus", map("address", "http://prometheus.monitoring:9090", "query", "sum(rate(errors_total{revision=\"{{revision}}\"}[1m]))"));
    }

    static Map<String, Object> httpMetric(String name) {
        return map("name", name, "min", 0.9, "http", map("url", "http://metrics.example/{{revision}}", "jsonPointer", "/data/rate"));
    }

    static Map<String, Object> analysis(String name, Object... metrics) {
        return map("name", name, "metrics", new ArrayList<>(List.of(metrics)));
    }

    /** A valid Canary rollout the invalid rollout cases each break in one way. */
    static Map<String, Object> canaryRollout() {
        return map("strategy", "Canary",
                "steps", new ArrayList<>(List.of(map("setWeight", 10), map("pause", map("duration", "5m")), map("analysis", map("name", "smoke")))),
                "backgroundAnalysis", map("name", "health"),
                "analyses", new ArrayList<>(List.of(analysis("health", prometheusMetric("error-rate")), analysis("smoke", httpMetric("success-rate")))));
    }

    static Map<String, Object> headerRoute(String name, Map<String, Object>... matches) {
        return map("setHeaderRoute", map("name", name, "match", new ArrayList<>(List.of(matches))));
    }

    /** The rollout's steps, its routing switched to Gateway API, where mirror and header steps are allowed. */
    static List<Object> routed(Map<String, Object> rollout) {
        rollout.put("trafficRouting", map("type", "gatewayAPI", "httpRoute", "fraud"));
        return list(rollout, "steps");
    }

    static Invalid invalidRollout(String title, Consumer<Map<String, Object>> change, String... expected) {
        return invalid(title, p -> {
            Map<String, Object> rollout = canaryRollout();
            change.accept(rollout);
            spec(p).put("rollout", rollout);
        }, expected);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> metric(Map<String, Object> rollout, int analysis, int metric) {
        List<Map<String, Object>> analyses = (List<Map<String, Object>>) rollout.get("analyses");
        return ((List<Map<String, Object>>) analyses.get(analysis).get("metrics")).get(metric);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Map<String, Object> object, String field) {
        return (List<Object>) object.get(field);
    }

    @SuppressWarnings("unchecked")
    static Stream<Invalid> invalidRollouts() {
        return Stream.of(
                invalidRollout("steps with strategy Direct", r -> r.put("strategy", "Direct"),
                        "spec.rollout: Invalid value", "steps apply only to the Canary strategy"),
                invalidRollout("steps without strategy (defaults to Direct)", r -> {
                    r.remove("strategy");
                    r.remove("backgroundAnalysis");
                }, "spec.rollout: Invalid value", "steps apply only to the Canary strategy"),
                invalidRollout("a step with setWeight and pause", r -> list(r, "steps").set(0, map("setWeight", 10, "pause", map())),
                        "spec.rollout.steps[0]: Invalid value", "a step is exactly one of setWeight, pause, analysis, setMirror or setHeaderRoute"),
                invalidRollout("a step with pause and analysis", r -> list(r, "steps").set(1, map("pause", map(), "analysis", map("name", "smoke"))),
                        "spec.rollout.steps[1]: Invalid value", "a step is exactly one of setWeight, pause, analysis, setMirror or setHeaderRoute"),
                invalidRollout("an empty step", r -> list(r, "steps").add(map()),
                        "spec.rollout.steps[3]: Invalid value", "a step is exactly one of setWeight, pause, analysis, setMirror or setHeaderRoute"),
                invalidRollout("setWeight 101", r -> list(r, "steps").set(0, map("setWeight", 101)),
                        "spec.rollout.steps[0].setWeight: Invalid value: 101", "should be less than or equal to 100"),
                invalidRollout("setWeight -1", r -> list(r, "steps").set(0, map("setWeight", -1)),
                        "spec.rollout.steps[0].setWeight: Invalid value: -1", "should be greater than or equal to 0"),
                invalidRollout("a step with setWeight and setMirror", r -> list(r, "steps").set(0, map("setWeight", 10, "setMirror", map("percent", 5))),
                        "spec.rollout.steps[0]: Invalid value", "a step is exactly one of setWeight, pause, analysis, setMirror or setHeaderRoute"),
                invalidRollout("setMirror with replica routing", r -> list(r, "steps").add(0, map("setMirror", map("percent", 20))),
                        "spec.rollout: Invalid value", "setMirror and setHeaderRoute steps need trafficRouting type gatewayAPI"),
                invalidRollout("setHeaderRoute with replica routing", r -> list(r, "steps").add(0, headerRoute("internal", map("headerName", "x-group", "value", "internal"))),
                        "spec.rollout: Invalid value", "setMirror and setHeaderRoute steps need trafficRouting type gatewayAPI"),
                invalidRollout("setMirror 101", r -> routed(r).add(0, map("setMirror", map("percent", 101))),
                        "spec.rollout.steps[0].setMirror.percent: Invalid value: 101", "should be less than or equal to 100"),
                invalidRollout("setMirror without percent", r -> routed(r).add(0, map("setMirror", map())),
                        "spec.rollout.steps[0].setMirror.percent: Required value"),
                invalidRollout("setHeaderRoute without name", r -> routed(r).add(0, map("setHeaderRoute", map("match", List.of(map("headerName", "x-group", "value", "a"))))),
                        "spec.rollout.steps[0].setHeaderRoute.name: Required value"),
                invalidRollout("setHeaderRoute named Internal (not a DNS label)", r -> routed(r).add(0, headerRoute("Internal", map("headerName", "x-group", "value", "a"))),
                        "spec.rollout.steps[0].setHeaderRoute.name: Invalid value: \"Internal\""),
                invalidRollout("a header match with value and prefix", r -> routed(r).add(0, headerRoute("internal", map("headerName", "x-group", "value", "a", "prefix", "b"))),
                        "spec.rollout.steps[0].setHeaderRoute.match[0]: Invalid value", "a header match is exactly one of value, prefix or regex"),
                invalidRollout("a header match without value", r -> routed(r).add(0, headerRoute("internal", map("headerName", "x-group"))),
                        "spec.rollout.steps[0].setHeaderRoute.match[0]: Invalid value", "a header match is exactly one of value, prefix or regex"),
                invalidRollout("a header name with a space", r -> routed(r).add(0, headerRoute("internal", map("headerName", "x group", "value", "a"))),
                        "spec.rollout.steps[0].setHeaderRoute.match[0].headerName: Invalid value: \"x group\""),
                invalidRollout("a header route matching one header twice", r -> routed(r).add(0, headerRoute("internal",
                                map("headerName", "X-Group", "value", "a"), map("headerName", "x-group", "prefix", "b"))),
                        "spec.rollout.steps[0].setHeaderRoute: Invalid value", "a header route matches each header name once"),
                invalidRollout("a hook with http and job", r -> r.put("hooks", List.of(map("name", "smoke", "type", "PreRollout",
                                "http", map("url", "http://hooks.example"), "job", map("template", map("spec", map("containers", List.of(map("name", "c", "image", "i")))))))),
                        "spec.rollout.hooks[0]: Invalid value", "a hook is exactly one of http or job"),
                invalidRollout("a hook with neither http nor job", r -> r.put("hooks", List.of(map("name", "smoke", "type", "PreRollout"))),
                        "spec.rollout.hooks[0]: Invalid value", "a hook is exactly one of http or job"),
                invalidRollout("onFailure on a PostRollout hook", r -> r.put("hooks", List.of(map("name", "tell", "type", "PostRollout", "onFailure", "Hold",
                                "http", map("url", "http://hooks.example")))),
                        "spec.rollout.hooks[0]: Invalid value", "onFailure applies only to PreRollout and ConfirmPromotion hooks"),
                invalidRollout("a hook of type Deploy (enum)", r -> r.put("hooks", List.of(map("name", "tell", "type", "Deploy", "http", map("url", "http://hooks.example")))),
                        "spec.rollout.hooks[0].type: Unsupported value: \"Deploy\""),
                invalidRollout("two hooks named alike", r -> r.put("hooks", List.of(
                                map("name", "tell", "type", "PostRollout", "http", map("url", "http://hooks.example")),
                                map("name", "tell", "type", "Rollback", "http", map("url", "http://hooks.example")))),
                        "spec.rollout: Invalid value", "hook names must be unique"),
                invalidRollout("hooks with strategy Direct", r -> {
                    r.put("strategy", "Direct");
                    r.remove("steps");
                    r.remove("backgroundAnalysis");
                    r.put("hooks", List.of(map("name", "tell", "type", "PostRollout", "http", map("url", "http://hooks.example"))));
                }, "spec.rollout: Invalid value", "hooks apply only to the Canary and BlueGreen strategies"),
                invalidRollout("a hook url that is not http", r -> r.put("hooks", List.of(map("name", "tell", "type", "PostRollout", "http", map("url", "ftp://hooks.example")))),
                        "spec.rollout.hooks[0].http.url: Invalid value: \"ftp://hooks.example\""),
                invalidRollout("step analysis not in analyses", r -> list(r, "steps").set(2, map("analysis", map("name", "smoke-test"))),
                        "spec.rollout: Invalid value", "every step's analysis.name must be defined in analyses"),
                invalidRollout("backgroundAnalysis not in analyses", r -> r.put("backgroundAnalysis", map("name", "healthy")),
                        "spec.rollout: Invalid value", "backgroundAnalysis.name must be defined in analyses"),
                invalidRollout("backgroundAnalysis without any analyses", r -> {
                    r.remove("analyses");
                    r.put("steps", new ArrayList<>(List.of(map("setWeight", 10))));
                }, "spec.rollout: Invalid value", "backgroundAnalysis.name must be defined in analyses"),
                invalidRollout("backgroundAnalysis with BlueGreen", r -> {
                    r.put("strategy", "BlueGreen");
                    r.remove("steps");
                }, "spec.rollout: Invalid value", "backgroundAnalysis applies only to the Canary strategy"),
                invalidRollout("blueGreen with Canary", r -> r.put("blueGreen", map("autoPromotionEnabled", false)),
                        "spec.rollout: Invalid value", "blueGreen applies only to the BlueGreen strategy"),
                invalidRollout("blueGreen prePromotionAnalysis not in analyses", r -> {
                    r.put("strategy", "BlueGreen");
                    r.remove("steps");
                    r.remove("backgroundAnalysis");
                    r.put("blueGreen", map("prePromotionAnalysis", map("name", "smoke-test")));
                }, "spec.rollout: Invalid value", "blueGreen.prePromotionAnalysis.name must be defined in analyses"),
                invalidRollout("blueGreen postPromotionAnalysis not in analyses", r -> {
                    r.put("strategy", "BlueGreen");
                    r.remove("steps");
                    r.remove("backgroundAnalysis");
                    r.put("blueGreen", map("postPromotionAnalysis", map("name", "after")));
                }, "spec.rollout: Invalid value", "blueGreen.postPromotionAnalysis.name must be defined in analyses"),
                invalidRollout("blueGreen scaleDownDelaySeconds negative", r -> {
                    r.put("strategy", "BlueGreen");
                    r.remove("steps");
                    r.remove("backgroundAnalysis");
                    r.put("blueGreen", map("scaleDownDelaySeconds", -1));
                }, "spec.rollout.blueGreen.scaleDownDelaySeconds: Invalid value: -1", "should be greater than or equal to 0"),
                invalidRollout("gatewayAPI without httpRoute", r -> r.put("trafficRouting", map("type", "gatewayAPI")),
                        "spec.rollout.trafficRouting: Invalid value", "httpRoute is required with type gatewayAPI and allowed only with it"),
                invalidRollout("httpRoute with type replicas", r -> r.put("trafficRouting", map("type", "replicas", "httpRoute", "fraud")),
                        "spec.rollout.trafficRouting: Invalid value", "httpRoute is required with type gatewayAPI and allowed only with it"),
                invalidRollout("httpRoute without type (defaults to replicas)", r -> r.put("trafficRouting", map("httpRoute", "fraud")),
                        "spec.rollout.trafficRouting: Invalid value", "httpRoute is required with type gatewayAPI and allowed only with it"),
                invalidRollout("gatewayAPI with BlueGreen", r -> {
                    r.put("strategy", "BlueGreen");
                    r.remove("steps");
                    r.remove("backgroundAnalysis");
                    r.put("trafficRouting", map("type", "gatewayAPI", "httpRoute", "fraud"));
                }, "spec.rollout: Invalid value", "gatewayAPI traffic routing applies only to the Canary strategy"),
                invalidRollout("trafficRouting type istio (enum)", r -> r.put("trafficRouting", map("type", "istio")),
                        "spec.rollout.trafficRouting.type: Unsupported value: \"istio\"", "\"gatewayAPI\"", "\"replicas\""),
                invalidRollout("metric with prometheus and http", r -> metric(r, 0, 0).put("http", map("url", "http://m.example/x", "jsonPointer", "/x")),
                        "spec.rollout.analyses[0].metrics[0]: Invalid value", "a metric needs exactly one provider: prometheus, http or job"),
                invalidRollout("metric with no provider", r -> metric(r, 0, 0).remove("prometheus"),
                        "spec.rollout.analyses[0].metrics[0]: Invalid value", "a metric needs exactly one provider: prometheus, http or job"),
                invalidRollout("metric with no bound", r -> metric(r, 0, 0).remove("max"),
                        "spec.rollout.analyses[0].metrics[0]: Invalid value", "a metric needs a bound: min, max, maxRatioToStable or minRatioToStable"),
                invalidRollout("metric min greater than max", r -> metric(r, 0, 0).putAll(map("min", 0.9, "max", 0.1)),
                        "spec.rollout.analyses[0].metrics[0]: Invalid value", "min must be less than or equal to max"),
                invalidRollout("metric maxRatioToStable negative", r -> metric(r, 0, 0).put("maxRatioToStable", -1.1),
                        "spec.rollout.analyses[0].metrics[0].maxRatioToStable: Invalid value", "should be greater than or equal to 0"),
                invalidRollout("duplicate analysis names", r -> list(r, "analyses").add(analysis("health", prometheusMetric("latency"))),
                        "spec.rollout: Invalid value", "analysis names must be unique"),
                invalidRollout("duplicate metric names", r -> list(metricParent(r, 0), "metrics").add(prometheusMetric("error-rate")),
                        "spec.rollout.analyses[0]: Invalid value", "metric names must be unique within an analysis"),
                invalidRollout("an analysis without metrics", r -> metricParent(r, 1).put("metrics", new ArrayList<>()),
                        "spec.rollout.analyses[1]: Invalid value", "an analysis needs metrics or templates"),
                invalidRollout("metric interval \"5 minutes\"", r -> metric(r, 0, 0).put("interval", "5 minutes"),
                        "spec.rollout.analyses[0].metrics[0].interval: Invalid value: \"5 minutes\"", "should match"),
                invalidRollout("metric initialDelay \"1.5s\"", r -> metric(r, 0, 0).put("initialDelay", "1.5s"),
                        "spec.rollout.analyses[0].metrics[0].initialDelay: Invalid value: \"1.5s\"", "should match"),
                invalidRollout("pause duration \"5 minutes\"", r -> list(r, "steps").set(1, map("pause", map("duration", "5 minutes"))),
                        "spec.rollout.steps[1].pause.duration: Invalid value: \"5 minutes\"", "should match"),
                invalidRollout("http jsonPointer not starting with /", r -> ((Map<String, Object>) metric(r, 1, 0).get("http")).put("jsonPointer", "data/rate"),
                        "spec.rollout.analyses[1].metrics[0].http.jsonPointer: Invalid value: \"data/rate\"", "should match"),
                invalidRollout("http url not http(s)", r -> ((Map<String, Object>) metric(r, 1, 0).get("http")).put("url", "ftp://metrics/x"),
                        "spec.rollout.analyses[1].metrics[0].http.url: Invalid value: \"ftp://metrics/x\"", "should match"),
                invalidRollout("prometheus query with an unknown placeholder", r -> ((Map<String, Object>) metric(r, 0, 0).get("prometheus"))
                                .put("query", "sum(rate(errors_total{revision=\"{{revison}}\"}[1m]))"),
                        "spec.rollout.analyses[0].metrics[0].prometheus.query: Invalid value",
                        "unknown or unclosed placeholder: the only placeholders are {{namespace}}, {{pipeline}}, {{revision}}, {{stableRevision}} and a template's {{args.NAME}}"),
                invalidRollout("prometheus query with {{ stable }}", r -> ((Map<String, Object>) metric(r, 0, 0).get("prometheus"))
                                .put("query", "errors{revision=\"{{revision}}\"} / errors{revision=\"{{ stable }}\"}"),
                        "spec.rollout.analyses[0].metrics[0].prometheus.query: Invalid value", "unknown or unclosed placeholder"),
                invalidRollout("prometheus query with an unclosed placeholder", r -> ((Map<String, Object>) metric(r, 0, 0).get("prometheus"))
                                .put("query", "errors{revision=\"{{revision\"}"),
                        "spec.rollout.analyses[0].metrics[0].prometheus.query: Invalid value", "unknown or unclosed placeholder"),
                invalidRollout("http url with an unknown placeholder", r -> ((Map<String, Object>) metric(r, 1, 0).get("http"))
                                .put("url", "http://metrics.example/{{model}}/{{revision}}"),
                        "spec.rollout.analyses[1].metrics[0].http.url: Invalid value", "unknown or unclosed placeholder"),
                invalidRollout("metric noData Skip (enum)", r -> metric(r, 0, 0).put("noData", "Skip"),
                        "spec.rollout.analyses[0].metrics[0].noData: Unsupported value: \"Skip\"", "\"Fail\"", "\"Inconclusive\"", "\"Ignore\""),
                invalidRollout("progressDeadlineSeconds 0", r -> r.put("progressDeadlineSeconds", 0),
                        "spec.rollout.progressDeadlineSeconds: Invalid value: 0", "should be greater than or equal to 1"),
                invalidRollout("metric count 1001", r -> metric(r, 0, 0).put("count", 1001),
                        "spec.rollout.analyses[0].metrics[0].count: Invalid value: 1001", "should be less than or equal to 1000"),
                invalidRollout("metric count below failureLimit", r -> metric(r, 0, 0).putAll(map("count", 2, "failureLimit", 3)),
                        "spec.rollout.analyses[0].metrics[0]: Invalid value", "count must be at least failureLimit (as in Argo Rollouts)"),
                invalidRollout("metric count below inconclusiveLimit", r -> metric(r, 1, 0).putAll(map("count", 1, "inconclusiveLimit", 2)),
                        "spec.rollout.analyses[1].metrics[0]: Invalid value", "count must be at least inconclusiveLimit (as in Argo Rollouts)"),
                invalidRollout("metric failureLimit -1 without consecutiveSuccessLimit", r -> metric(r, 0, 0).put("failureLimit", -1),
                        "spec.rollout.analyses[0].metrics[0]: Invalid value", "failureLimit -1 (no failure limit) needs consecutiveSuccessLimit > 0"),
                invalidRollout("metric failureLimit -2", r -> metric(r, 0, 0).putAll(map("failureLimit", -2, "consecutiveSuccessLimit", 2)),
                        "spec.rollout.analyses[0].metrics[0].failureLimit: Invalid value: -2", "should be greater than or equal to -1"),
                invalidRollout("metric count below consecutiveSuccessLimit + failureLimit",
                        r -> metric(r, 0, 0).putAll(map("count", 4, "failureLimit", 2, "consecutiveSuccessLimit", 3)),
                        "spec.rollout.analyses[0].metrics[0]: Invalid value", "count must be at least consecutiveSuccessLimit + failureLimit"),
                invalidRollout("metric measurementRetention 21", r -> metric(r, 0, 0).put("measurementRetention", 21),
                        "spec.rollout.analyses[0].metrics[0].measurementRetention: Invalid value: 21", "should be less than or equal to 20"),
                invalidRollout("metric measurementRetention 0", r -> metric(r, 0, 0).put("measurementRetention", 0),
                        "spec.rollout.analyses[0].metrics[0].measurementRetention: Invalid value: 0", "should be greater than or equal to 1"),
                invalidRollout("metric dryRun a string", r -> metric(r, 0, 0).put("dryRun", "yes"),
                        "spec.rollout.analyses[0].metrics[0].dryRun: Invalid value: \"string\"", "must be of type boolean"),
                invalidRollout("http body with GET", r -> ((Map<String, Object>) metric(r, 1, 0).get("http")).put("body", "{}"),
                        "spec.rollout.analyses[1].metrics[0].http: Invalid value", "a body needs method POST or PUT"),
                invalidRollout("http method PATCH (enum)", r -> ((Map<String, Object>) metric(r, 1, 0).get("http")).put("method", "PATCH"),
                        "spec.rollout.analyses[1].metrics[0].http.method: Unsupported value: \"PATCH\"", "\"GET\"", "\"POST\"", "\"PUT\""),
                invalidRollout("http jsonPointer and jsonPath", r -> ((Map<String, Object>) metric(r, 1, 0).get("http")).put("jsonPath", "$.data.rps"),
                        "spec.rollout.analyses[1].metrics[0].http: Invalid value", "give exactly one of jsonPointer and jsonPath"),
                invalidRollout("http jsonPath not starting with $", r -> {
                    Map<String, Object> http = (Map<String, Object>) metric(r, 1, 0).get("http");
                    http.remove("jsonPointer");
                    http.put("jsonPath", "data.rps");
                }, "spec.rollout.analyses[1].metrics[0].http.jsonPath: Invalid value: \"data.rps\"", "should match"),
                invalidRollout("metric successCondition beside a bound", r -> metric(r, 0, 0).put("successCondition", "result < 0.05"),
                        "spec.rollout.analyses[0].metrics[0]: Invalid value", "successCondition/failureCondition and bounds"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> metricParent(Map<String, Object> rollout, int analysis) {
        return ((List<Map<String, Object>>) rollout.get("analyses")).get(analysis);
    }

    @Test
    void theBaseOfTheInvalidRolloutsIsValid() {
        GenericKubernetesResource resource = base("rollout-base");
        spec(resource).put("rollout", canaryRollout());

        create(resource);
    }

    /** Every field of progressive delivery at once, as a team would write it: accepted, defaulted, nothing pruned. */
    @Test
    void fullCanaryAndBlueGreenPipelinesAreAcceptedWhole() {
        Map<String, Object> jobMetric = map("name", "offline-accuracy", "min", 0.8, "count", 2, "interval", "1m",
                "job", map("template", map("spec", map("containers", List.of(map("name", "check", "image", "registry.example/check:1.0")))),
                        "activeDeadlineSeconds", 600));
        Map<String, Object> fullPrometheus = map("name", "error-rate", "interval", "30s", "count", 10, "initialDelay", "1m30s",
                "failureLimit", 1, "consecutiveFailureLimit", 2, "inconclusiveLimit", 1, "consecutiveErrorLimit", 4, "noData", "Fail",
                "consecutiveSuccessLimit", 3, "measurementRetention", 20,
                "max", 0.05, "maxRatioToStable", 1.1,
                "prometheus", map("address", "https://prometheus.monitoring:9090", "query", "sum(rate(errors_total{revision=\"{{revision}}\"}[1m]))",
                        "timeoutSeconds", 5));
        Map<String, Object> fullHttp = map("name", "throughput", "minRatioToStable", 0.9, "noData", "Ignore", "dryRun", true,
                "http", map("url", "https://metrics.example/{{namespace}}/{{revision}}", "jsonPointer", "/data/rps",
                        "headersFrom", map("secretName", "metrics-token"), "timeoutSeconds", 3));
        Map<String, Object> fullWeb = map("name", "health-check", "count", 3, "failureLimit", -1, "consecutiveSuccessLimit", 2,
                "successCondition", "result.ok && default(result.p99, 0) < 250", "failureCondition", "result.errorRate > 0.05",
                "http", map("url", "https://scorer.example/compare", "method", "POST", "body", "{\"revision\": \"{{revision}}\"}",
                        "jsonPath", "{$.data}"));
        Map<String, Object> canary = map("strategy", "Canary", "progressDeadlineSeconds", 300,
                "trafficRouting", map("type", "gatewayAPI", "httpRoute", "fraud.route"),
                "steps", List.of(map("setMirror", map("percent", 20)), map("analysis", map("name", "smoke")), map("setMirror", map("percent", 0)),
                        headerRoute("internal", map("headerName", "x-user-group", "value", "internal"), map("headerName", "x-tenant", "prefix", "acme."),
                                map("headerName", "x-beta", "regex", "^(1|true)$")),
                        map("setWeight", 10), map("pause", map("duration", "5m")), map("analysis", map("name", "smoke")),
                        map("setHeaderRoute", map("name", "internal")), map("setWeight", 50), map("pause", map()), map("setWeight", 100)),
                "backgroundAnalysis", map("name", "health"),
                "hooks", List.of(
                        map("name", "change-window", "type", "PreRollout", "onFailure", "Rollback",
                                "http", map("url", "https://hooks.example/{{pipeline}}/{{revision}}", "headersFrom", map("secretName", "hook-token"), "timeoutSeconds", 5)),
                        map("name", "smoke", "type", "ConfirmPromotion", "job", map("activeDeadlineSeconds", 300,
                                "template", map("spec", map("containers", List.of(map("name", "smoke", "image", "registry.example/smoke:1")))))),
                        map("name", "announce", "type", "PostRollout", "http", map("url", "https://hooks.example/done")),
                        map("name", "page", "type", "Rollback", "http", map("url", "https://hooks.example/rolled-back"))),
                "analyses", List.of(analysis("health", fullPrometheus, fullHttp, fullWeb), analysis("smoke", jobMetric)));
        Map<String, Object> blueGreen = map("strategy", "BlueGreen", "progressDeadlineSeconds", 900,
                "blueGreen", map("autoPromotionEnabled", false, "prePromotionAnalysis", map("name", "smoke"),
                        "postPromotionAnalysis", map("name", "health"), "scaleDownDelaySeconds", 120),
                "analyses", List.of(analysis("health", fullPrometheus, fullHttp, fullWeb), analysis("smoke", jobMetric)));

        for (Map.Entry<String, Map<String, Object>> rollout : Map.of("full-canary", canary, "full-blue-green", blueGreen).entrySet()) {
            GenericKubernetesResource resource = base(rollout.getKey());
            spec(resource).put("rollout", rollout.getValue());
            create(resource);

            GenericKubernetesResource raw = client.genericKubernetesResources(API_VERSION, "ModelPipeline").inNamespace(namespace)
                    .withName(rollout.getKey()).get();
            List<String> lost = new ArrayList<>();
            missingFrom(rollout.getValue(), ((Map<?, ?>) raw.getAdditionalProperties().get("spec")).get("rollout"), "spec.rollout", lost);
            assertThat(lost).as("fields of " + rollout.getKey() + " the API server pruned or changed").isEmpty();

            ModelPipeline stored = client.resources(ModelPipeline.class).inNamespace(namespace).withName(rollout.getKey()).get();
            io.modelgate.delivery.RolloutPlan plan = io.modelgate.delivery.RolloutPlan.from(stored.getSpec().getRollout(),
                    io.modelgate.delivery.RolloutDefaults.standard());
            assertThat(plan.problems()).as("what admission accepts, the operator can run").isEmpty();
            assertThat(plan.progressive()).isTrue();
            assertThat(plan.analysis("health")).hasSize(3);
            assertThat(plan.analysis("smoke")).hasSize(1);
        }
    }

    /**
     * Admission checks count against failureLimit and inconclusiveLimit only where count is written and bounded, as Argo
     * Rollouts' ValidateMetric: equal is fine, count 0 (until the step ends) and an unset count are not checked there;
     * an unset count in a step takes one measurement, which the operator's plan reports (RolloutPlanTest).
     */
    @Test
    void countsAtLeastTheLimitsAndUnboundedOrUnsetCountsAreAccepted() {
        Map<String, Object> rollout = canaryRollout();
        metric(rollout, 0, 0).putAll(map("count", 0, "failureLimit", 5, "inconclusiveLimit", 5));
        metric(rollout, 1, 0).putAll(map("count", 3, "failureLimit", 3, "inconclusiveLimit", 2));
        GenericKubernetesResource resource = base("count-limits");
        spec(resource).put("rollout", rollout);
        create(resource);

        Map<String, Object> unset = canaryRollout();
        metric(unset, 1, 0).putAll(map("failureLimit", 2));
        GenericKubernetesResource later = base("count-unset");
        spec(later).put("rollout", unset);
        create(later);
        ModelPipeline stored = client.resources(ModelPipeline.class).inNamespace(namespace).withName("count-unset").get();
        assertThat(io.modelgate.delivery.RolloutPlan.from(stored.getSpec().getRollout(), io.modelgate.delivery.RolloutDefaults.standard())
                .problems()).as("the step analysis takes one measurement: the plan says so").singleElement().asString()
                .contains("count unset").contains("count 1 is less than failureLimit 2");
    }

    @Test
    void rolloutDefaultsAreFilledIn() {
        GenericKubernetesResource resource = base("rollout-defaults");
        spec(resource).put("rollout", map("strategy", "BlueGreen", "blueGreen", map()));
        create(resource);
        GenericKubernetesResource canary = base("rollout-defaults-canary");
        spec(canary).put("rollout", map("strategy", "Canary", "trafficRouting", map()));
        create(canary);

        ModelPipeline blueGreen = client.resources(ModelPipeline.class).inNamespace(namespace).withName("rollout-defaults").get();
        assertThat(blueGreen.getSpec().getRollout().getBlueGreen().getAutoPromotionEnabled()).isTrue();
        assertThat(blueGreen.getSpec().getRollout().getBlueGreen().getScaleDownDelaySeconds()).isEqualTo(30);
        ModelPipeline stored = client.resources(ModelPipeline.class).inNamespace(namespace).withName("rollout-defaults-canary").get();
        assertThat(stored.getSpec().getRollout().getTrafficRouting().getType()).isEqualTo(io.modelgate.api.TrafficRoutingSpec.Type.replicas);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"invalidPipelines", "invalidRollouts"})
    void anInvalidPipelineIsRejectedAtAdmission(Invalid pipeline) {
        GenericKubernetesResource resource = base("invalid-" + NAMES.incrementAndGet());
        pipeline.change().accept(resource);

        KubernetesClientException rejection = rejection(() -> create(resource));

        String message = rejection.getStatus() == null ? rejection.getMessage() : rejection.getStatus().getMessage();
        REJECTIONS.put(pipeline.title(), rejection.getCode() + " " + message);
        assertThat(rejection.getCode()).as(message).isEqualTo(422);
        assertThat(message).contains(pipeline.expected());
        assertThat(client.genericKubernetesResources(API_VERSION, "ModelPipeline").inNamespace(namespace)
                .withName(resource.getMetadata().getName()).get()).isNull();
    }

    @Test
    void aPipelineWithoutSpecIsRejected() {
        GenericKubernetesResource resource = base("no-spec");
        resource.getAdditionalProperties().remove("spec");

        KubernetesClientException rejection = rejection(() -> create(resource));

        REJECTIONS.put("spec missing", rejection.getCode() + " " + rejection.getStatus().getMessage());
        assertThat(rejection.getCode()).isEqualTo(422);
        assertThat(rejection.getStatus().getMessage()).containsAnyOf("spec: Required value", "spec is required");
    }

    @Test
    void aPipelineNameOfExactly40CharactersIsAccepted() {
        create(base("p".repeat(40)));
    }

    @Test
    void thirtyTwoGatesAndSixtyFourParametersAreAccepted() {
        GenericKubernetesResource resource = base("at-the-limits");
        object(resource, "evaluation").put("gates", IntStream.range(0, 32).mapToObj(i -> map("metric", "m" + i, "min", 0.5, "max", 0.9)).toList());
        object(resource, "source").put("parameters",
                IntStream.range(0, 64).boxed().collect(java.util.stream.Collectors.toMap(i -> "p" + i, i -> "v", (a, b) -> a, LinkedHashMap::new)));
        create(resource);
    }

    /** The boundaries of the parameter rules: a 63-character name of every allowed character, a 4096-character value. */
    @Test
    void parameterNamesAndValuesAtTheirLimitsAreAccepted() {
        GenericKubernetesResource resource = base("parameter-limits");
        String longest = "a".repeat(56) + "-._9Z_0";
        object(resource, "source").put("parameters", map(longest, "v".repeat(4096), "n.estimators", "400", "learning-rate", "0.05",
                "1st_layer", "64", "_private", "x", "empty-value", ""));
        create(resource);
        ModelPipeline stored = client.resources(ModelPipeline.class).inNamespace(namespace).withName("parameter-limits").get();
        assertThat(stored.getSpec().getSource().getParameters()).containsEntry(longest, "v".repeat(4096)).hasSize(6);
        assertThat(io.modelgate.revision.PipelineSpecChecks.problems(stored.getSpec(), io.modelgate.podsecurity.PodSecurityLevel.DEFAULT)).as("what admission accepts, the plan accepts").isEmpty();
    }

    @Test
    void aRegistryWithOrWithoutItsOptionalFieldsIsAccepted() {
        GenericKubernetesResource full = base("registry-full");
        spec(full).put("registry", map("mlflow", map("address", "http://mlflow.mlops.svc:5000", "model", "Fraud Detector v2",
                "credentialsFrom", map("secretName", "mlflow-token"), "promotedAlias", "prod_champion-1")));
        create(full);
        GenericKubernetesResource bare = base("registry-bare");
        spec(bare).put("registry", map("mlflow", map()));
        create(bare);
        ModelPipeline stored = client.resources(ModelPipeline.class).inNamespace(namespace).withName("registry-full").get();
        assertThat(stored.getSpec().getRegistry().getMlflow().getCredentialsFrom().getSecretName()).isEqualTo("mlflow-token");
        assertThat(client.resources(ModelPipeline.class).inNamespace(namespace).withName("registry-bare").get()
                .getSpec().getRegistry().getMlflow().effectiveAlias()).isEqualTo("champion");
    }

    @Test
    void aScheduleWithOrWithoutATimeZoneIsAccepted() {
        GenericKubernetesResource zoned = base("schedule-zoned");
        spec(zoned).put("triggers", map("schedule", "0 3 * * 1", "timeZone", "Europe/Berlin"));
        create(zoned);
        GenericKubernetesResource utc = base("schedule-utc");
        spec(utc).put("triggers", map("schedule", "@daily"));
        create(utc);
        GenericKubernetesResource none = base("no-triggers");
        spec(none).put("triggers", map());
        create(none);
    }

    /** Every known placeholder, with spaces inside the braces, and PromQL's own single braces are accepted. */
    @Test
    @SuppressWarnings("unchecked")
    void queriesAndUrlsWithTheKnownPlaceholdersAreAccepted() {
        Map<String, Object> rollout = canaryRollout();
        ((Map<String, Object>) metric(rollout, 0, 0).get("prometheus")).put("query",
                "sum(rate(errors_total{namespace=\"{{namespace}}\",pipeline=\"{{ pipeline }}\",revision=\"{{revision}}\"}[1m]))"
                        + " / sum(rate(errors_total{revision=\"{{stableRevision}}\"}[1m]))");
        ((Map<String, Object>) metric(rollout, 1, 0).get("http")).put("url",
                "https://metrics.example/{{namespace}}/{{pipeline}}/{{revision}}?stable={{stableRevision}}&q={a}");
        GenericKubernetesResource resource = base("known-placeholders");
        spec(resource).put("rollout", rollout);
        create(resource);
        ModelPipeline stored = client.resources(ModelPipeline.class).inNamespace(namespace).withName("known-placeholders").get();
        assertThat(io.modelgate.delivery.RolloutPlan.from(stored.getSpec().getRollout(), io.modelgate.delivery.RolloutDefaults.standard())
                .problems()).as("what admission accepts, the plan accepts").isEmpty();
    }

    @Test
    void aGateUpdateIsValidatedToo() {
        create(base("updated-later"));
        KubernetesClientException rejection = rejection(() -> client.resources(ModelPipeline.class).inNamespace(namespace).withName("updated-later")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"evaluation\":{\"gates\":[{\"metric\":\"f1\",\"min\":0.9,\"max\":0.1}]}}}"));
        assertThat(rejection.getCode()).isEqualTo(422);
        assertThat(rejection.getStatus().getMessage()).contains("min must be less than or equal to max");
    }

    // --- ModelRevision ---

    @Test
    void aRevisionsSpecIsImmutableButItsStatusAndMetadataAreNot() {
        ModelPipeline pipeline = client.resources(ModelPipeline.class).inNamespace(namespace).resource(Pipelines.fraud("frozen", namespace)).create();
        ModelRevision revision = Revisions.freeze(pipeline, new PipelinePlan.NewRevision(1, ModelRevisionSpec.Trigger.Initial, Optional.empty()),
                "sha256:0123456789abcdef");
        ModelRevision created = client.resources(ModelRevision.class).inNamespace(namespace).resource(revision).create();
        assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
        var revisions = client.resources(ModelRevision.class).inNamespace(namespace).withName(created.getMetadata().getName());

        KubernetesClientException edit = rejection(() -> revisions.edit(r -> {
            r.getSpec().getSource().setDataRef("s3://data/fraud/tampered");
            return r;
        }));
        assertThat(edit.getCode()).isEqualTo(422);
        assertThat(edit.getStatus().getMessage()).contains("spec: Invalid value")
                .contains("a revision's spec is immutable: it is the record of what was trained");

        KubernetesClientException patch = rejection(() -> revisions.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"number\":7}}"));
        assertThat(patch.getCode()).isEqualTo(422);
        assertThat(patch.getStatus().getMessage()).contains("a revision's spec is immutable");
        REJECTIONS.put("ModelRevision spec update", edit.getCode() + " " + edit.getStatus().getMessage());

        ModelRevision labelled = revisions.edit(r -> {
            r.getMetadata().getLabels().put("audit", "checked");
            return r;
        });
        assertThat(labelled.getMetadata().getLabels()).containsEntry("audit", "checked");

        ModelRevisionStatus status = new ModelRevisionStatus();
        status.setPhase("Training");
        status.setReason("JobCreated");
        status.setMessage("created training Job");
        status.setObservedGeneration(1L);
        labelled.setStatus(status);
        ModelRevision written = client.resources(ModelRevision.class).inNamespace(namespace).resource(labelled).updateStatus();
        assertThat(written.getStatus().getPhase()).isEqualTo("Training");

        ModelRevision after = revisions.get();
        assertThat(after.getStatus().getPhase()).isEqualTo("Training");
        assertThat(after.getMetadata().getGeneration()).as("status and metadata writes do not bump the generation").isEqualTo(1L);
        assertThat(after.getSpec().getSource().getDataRef()).isEqualTo("s3://data/fraud/2026-11-01");
        assertThat(after.getSpec().getNumber()).isEqualTo(1);

        // The status subresource ignores spec changes sent with it: nothing to reject, nothing changed.
        after.getSpec().getSource().setDataRef("s3://data/fraud/through-status");
        after.getStatus().setPhase("Evaluating");
        client.resources(ModelRevision.class).inNamespace(namespace).resource(after).updateStatus();
        ModelRevision last = revisions.get();
        assertThat(last.getStatus().getPhase()).isEqualTo("Evaluating");
        assertThat(last.getSpec().getSource().getDataRef()).isEqualTo("s3://data/fraud/2026-11-01");
    }

    // --- helpers ---

    static KubernetesClientException rejection(Runnable call) {
        try {
            call.run();
        } catch (KubernetesClientException e) {
            return e;
        }
        return fail("the API server accepted it");
    }

    static GenericKubernetesResource base(String name) {
        GenericKubernetesResource resource = API.client().getKubernetesSerialization().unmarshal(BASE, GenericKubernetesResource.class);
        resource.getMetadata().setName(name);
        resource.getMetadata().setNamespace(namespace);
        return resource;
    }

    static void create(GenericKubernetesResource resource) {
        client.genericKubernetesResources(API_VERSION, "ModelPipeline").inNamespace(namespace).resource(resource).create();
    }

    @SuppressWarnings("unchecked")
    /** A pipeline that delivers a registered model: no training image, no training. */
    static void registered(GenericKubernetesResource resource, Map<String, Object> reference) {
        object(resource, "source").remove("trainingImage");
        spec(resource).remove("training");
        object(resource, "source").put("registeredModel", reference);
    }

    static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(GenericKubernetesResource resource, String field) {
        return (Map<String, Object>) spec(resource).get(field);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> gate(GenericKubernetesResource resource) {
        return ((List<Map<String, Object>>) object(resource, "evaluation").get("gates")).get(0);
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static String readExample(String name) {
        try {
            return Files.readString(Path.of("examples", name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JSONSchemaProps schemaOf(String crd) {
        return client.apiextensions().v1().customResourceDefinitions().withName(crd).get()
                .getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    }

    static int countRules(JSONSchemaProps schema) {
        if (schema == null) {
            return 0;
        }
        int count = schema.getXKubernetesValidations() == null ? 0 : schema.getXKubernetesValidations().size();
        if (schema.getProperties() != null) {
            for (JSONSchemaProps child : schema.getProperties().values()) {
                count += countRules(child);
            }
        }
        if (schema.getItems() != null) {
            count += countRules(schema.getItems().getSchema());
        }
        return count;
    }

    /** Adds to {@code lost} every path of {@code submitted} that {@code stored} lacks or holds differently. */
    @SuppressWarnings("unchecked")
    static void missingFrom(Object submitted, Object stored, String path, List<String> lost) {
        if (submitted instanceof Map<?, ?> map) {
            if (!(stored instanceof Map<?, ?> storedMap)) {
                lost.add(path + " (stored: " + stored + ")");
                return;
            }
            Map<String, Object> copy = new HashMap<>((Map<String, Object>) storedMap);
            ((Map<String, Object>) map).forEach((key, value) -> missingFrom(value, copy.get(key), path + "." + key, lost));
        } else if (submitted instanceof List<?> list) {
            if (!(stored instanceof List<?> storedList) || storedList.size() != list.size()) {
                lost.add(path + " (stored: " + stored + ")");
                return;
            }
            for (int i = 0; i < list.size(); i++) {
                missingFrom(list.get(i), storedList.get(i), path + "[" + i + "]", lost);
            }
        } else if (submitted instanceof Number number) {
            if (!(stored instanceof Number storedNumber)
                    || new BigDecimal(number.toString()).compareTo(new BigDecimal(storedNumber.toString())) != 0) {
                lost.add(path + " (submitted " + submitted + ", stored " + stored + ")");
            }
        } else if (submitted != null && !submitted.equals(stored)) {
            lost.add(path + " (submitted " + submitted + ", stored " + stored + ")");
        }
    }
}
