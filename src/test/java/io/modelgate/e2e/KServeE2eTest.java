package io.modelgate.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.testing.LocalPrometheus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Serving through the real KServe controller manager (built by {@code hack/build-platform.sh kserve}, run by
 * {@code hack/kserve.sh} in Standard mode with its own webhooks and ClusterServingRuntimes). KServe makes each
 * InferenceService's predictor Deployment and Service and judges it Ready; kwok makes the predictor pods Ready without
 * running them, so no model is loaded and no request is answered: the test plays the model servers' error rates
 * through a real Prometheus ({@code model_errors_ratio{revision="…"}}), as the progressive delivery tests do.
 */
@ModelgateE2e
@LocalClusterWith({"kserve"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KServeE2eTest {

    @RegisterExtension
    static final LocalPrometheus PROMETHEUS = new LocalPrometheus();

    static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("modelgate.e2e.timeoutSeconds", 180));
    static final Duration POLL = Duration.ofMillis(250);
    static final String METRIC = "model_errors_ratio";
    static final String ISVC = "serving.kserve.io/v1beta1";

    static E2eEnvironment env;
    static OperatorProcess restarted;

    @HelmValues
    static Map<String, Object> kserve() {
        PROMETHEUS.boot();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("backends.kserve", true);
        values.put("operator.prometheusAddress", PROMETHEUS.address());
        values.put("operator.defaultAnalysisInterval", "2s");
        return values;
    }

    @BeforeAll
    static void namespaces(E2eEnvironment environment) {
        env = environment;
        for (String ns : List.of("ks-direct", "ks-canary", "ks-rollback", "ks-missing", "ks-restart", "ks-replicas", "ks-bluegreen")) {
            env.admin().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        }
        for (String ns : List.of("ks-canary", "ks-rollback", "ks-restart")) {
            for (int n = 1; n <= 3; n++) {
                PROMETHEUS.setGauge(METRIC, Map.of("revision", ns + "-r" + n), 0.01);
            }
        }
        PROMETHEUS.awaitScrapes(2);
    }

    @AfterAll
    static void stopTheRestartedOperator() {
        if (restarted != null) {
            restarted.close();
        }
    }

    @Test
    @Order(1)
    void theKServeExampleIsTrainedEvaluatedServedByItsInferenceServiceAndPromoted() throws IOException {
        String ns = "ks-direct";
        String example = Files.readString(env.repo().resolve("examples/fraud-detection-kserve.yaml"))
                .replace("namespace: default", "namespace: " + ns);
        apply(example);
        String name = "fraud-detection-kserve-r1";

        ModelRevision promoted = await(name + " Promoted").atMost(TIMEOUT).pollInterval(POLL)
                .until(() -> revision(ns, name), r -> "Promoted".equals(phase(r)));
        assertThat(promoted.getStatus().getTransitions()).extracting(t -> t.getPhase())
                .containsSubsequence("Validating", "Training", "Evaluating", "RollingOut", "Promoted");

        // Promoted, the revision is handed to KServe's autoscaler (one patch of its bounds), which KServe reconciles
        // again: Ready reads Unknown for a moment, with the predictor's pods untouched.
        GenericKubernetesResource service = await(name + " Ready again after the hand-over").atMost(TIMEOUT).pollInterval(POLL)
                .until(() -> isvc(ns, name), s -> "True".equals(condition(s, "Ready", "status"))
                        && "hpa".equals(s.getMetadata().getAnnotations().get("serving.kserve.io/autoscalerClass")));
        assertThat(service.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getKind()).isEqualTo("ModelRevision"));
        assertThat(status(service, "clusterServingRuntimeName")).as("KServe's choice for sklearn on protocol v2: MLServer").isEqualTo("kserve-mlserver");
        assertThat(predictor(service)).containsEntry("minReplicas", 2).containsEntry("maxReplicas", 4);
        assertThat(service.getMetadata().getAnnotations()).containsEntry("serving.kserve.io/deploymentMode", "Standard")
                .containsEntry("serving.kserve.io/autoscalerClass", "hpa");

        Deployment predictor = env.admin().apps().deployments().inNamespace(ns).withName(name + "-predictor").get();
        assertThat(predictor).as("KServe's predictor Deployment").isNotNull();
        assertThat(predictor.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getKind()).isEqualTo("InferenceService"));
        List<Pod> pods = servingPods(ns, name);
        assertThat(pods).hasSizeGreaterThanOrEqualTo(2).allSatisfy(pod -> {
            assertThat(pod.getMetadata().getLabels()).containsEntry("serving.kserve.io/inferenceservice", name);
            assertThat(pod.getSpec().getContainers().get(0).getEnv()).anySatisfy(e ->
                    assertThat(e.getName() + "=" + e.getValue()).isEqualTo("MODELGATE_REVISION=" + name));
        });
        Service front = env.admin().services().inNamespace(ns).withName("fraud-kserve").get();
        assertThat(front.getSpec().getSelector()).containsEntry("modelgate.io/role", "serving").doesNotContainKey("app");
        assertThat(env.admin().resources(ModelPipeline.class).inNamespace(ns).withName("fraud-detection-kserve").get().getStatus().getPhase())
                .isEqualTo("Serving");

        // The other KServe examples as they are: accepted by this API server with its CRDs (Modelgate's, Gateway API's).
        for (String other : List.of("examples/kserve-gateway-api-canary.yaml", "examples/gateway-api/httproute-kserve.yaml")) {
            assertThat(env.cluster().kubectlOk("apply", "--dry-run=server", "-f", env.repo().resolve(other).toString()))
                    .as(other).contains("(server dry run)");
        }
    }

    @Test
    @Order(2)
    void aCanaryStepsItsRouteWeightsBetweenTheInferenceServicesUnderPrometheusAnalysisAndIsPromoted() {
        String ns = "ks-canary";
        route(ns, "ks-canary");
        apply(pipeline("ks-canary", ns, "1", canary(ns, "ks-canary", "10m")));
        await("ks-canary-r1 Promoted").atMost(TIMEOUT).pollInterval(POLL).until(() -> phase(revision(ns, "ks-canary-r1")), "Promoted"::equals);
        String r1Uid = isvc(ns, "ks-canary-r1").getMetadata().getUid();

        apply(pipeline("ks-canary", ns, "2", canary(ns, "ks-canary", "3s")));
        await("route at 10 for r2").atMost(TIMEOUT).pollInterval(POLL).until(() -> weights(ns, "ks-canary"), w -> w.equals(List.of(90, 10)));
        // The route moves only once the canary's pods for its share are ready, so the canary's pod is there already.
        assertThat(predictor(isvc(ns, "ks-canary-r2"))).as("the canary pinned at its pod for weight 10 under Gateway API routing")
                .containsEntry("minReplicas", 1).containsEntry("maxReplicas", 1);
        assertThat(servingPods(ns, "ks-canary-r2")).as("r2's predictor pod ready before the route sent it requests").hasSize(1);
        assertThat(autoscalerClass(ns, "ks-canary-r2")).isEqualTo("none");
        await("route at 50 for r2").atMost(TIMEOUT).pollInterval(POLL).until(() -> weights(ns, "ks-canary"), w -> w.equals(List.of(50, 50)));
        ModelRevision promoted = await("ks-canary-r2 Promoted").atMost(TIMEOUT).pollInterval(POLL)
                .until(() -> revision(ns, "ks-canary-r2"), r -> "Promoted".equals(phase(r)));
        assertThat(promoted.getStatus().getRollout().getAnalysisRuns()).isNotEmpty();
        assertThat(weights(ns, "ks-canary")).isEqualTo(List.of(100, 0));
        Service stable = env.admin().services().inNamespace(ns).withName("ks-canary-stable").get();
        assertThat(stable.getSpec().getSelector()).containsEntry("modelgate.io/revision", "ks-canary-r2");
        await("r1 scaled to 0").atMost(TIMEOUT).pollInterval(POLL).until(() -> predictor(isvc(ns, "ks-canary-r1")).get("minReplicas"), v -> Objects.equals(v, 0));
        assertThat(isvc(ns, "ks-canary-r1").getMetadata().getUid()).as("r1's InferenceService is kept, scaled down").isEqualTo(r1Uid);
    }

    @Test
    @Order(3)
    void aFailingCanaryIsRolledBackWhileTheStableInferenceServiceItsDeploymentAndPodsStayAsTheyWere() {
        String ns = "ks-rollback";
        route(ns, "ks-rollback");
        apply(pipeline("ks-rollback", ns, "1", canary(ns, "ks-rollback", "10m")));
        await("ks-rollback-r1 Promoted").atMost(TIMEOUT).pollInterval(POLL).until(() -> phase(revision(ns, "ks-rollback-r1")), "Promoted"::equals);
        await("r1's pods ready").atMost(TIMEOUT).pollInterval(POLL).until(() -> servingPods(ns, "ks-rollback-r1").size() == 2);
        GenericKubernetesResource stableBefore = isvc(ns, "ks-rollback-r1");
        Deployment deploymentBefore = env.admin().apps().deployments().inNamespace(ns).withName("ks-rollback-r1-predictor").get();
        Set<String> podsBefore = uids(servingPods(ns, "ks-rollback-r1"));

        apply(pipeline("ks-rollback", ns, "2", canary(ns, "ks-rollback", "10m")));
        await("route at 10 for r2").atMost(TIMEOUT).pollInterval(POLL).until(() -> weights(ns, "ks-rollback"), w -> w.equals(List.of(90, 10)));
        PROMETHEUS.setGauge(METRIC, Map.of("revision", "ks-rollback-r2"), 0.3);
        ModelRevision rolledBack = await("ks-rollback-r2 RolledBack").atMost(TIMEOUT).pollInterval(POLL)
                .until(() -> revision(ns, "ks-rollback-r2"), r -> "RolledBack".equals(phase(r)));
        E2e.log("ks-rollback-r2: %s", rolledBack.getStatus().getMessage());
        assertThat(rolledBack.getStatus().getMessage()).contains("error-rate");

        await("route back to the stable revision").atMost(TIMEOUT).pollInterval(POLL).until(() -> weights(ns, "ks-rollback"), w -> w.equals(List.of(100, 0)));
        await("r2 scaled to 0").atMost(TIMEOUT).pollInterval(POLL).until(() -> predictor(isvc(ns, "ks-rollback-r2")).get("minReplicas"), v -> Objects.equals(v, 0));
        GenericKubernetesResource stableAfter = isvc(ns, "ks-rollback-r1");
        assertThat(stableAfter.getMetadata().getGeneration()).as("the stable InferenceService was not written").isEqualTo(stableBefore.getMetadata().getGeneration());
        assertThat(predictor(stableAfter)).isEqualTo(predictor(stableBefore));
        Deployment deploymentAfter = env.admin().apps().deployments().inNamespace(ns).withName("ks-rollback-r1-predictor").get();
        assertThat(deploymentAfter.getMetadata().getGeneration()).isEqualTo(deploymentBefore.getMetadata().getGeneration());
        assertThat(uids(servingPods(ns, "ks-rollback-r1"))).as("the same stable pods").isEqualTo(podsBefore);
        assertThat(env.admin().resources(ModelPipeline.class).inNamespace(ns).withName("ks-rollback").get().getStatus().getStableRevision())
                .isEqualTo("ks-rollback-r1");
    }

    @Test
    @Order(4)
    void aRevisionWhoseRuntimeIsMissingFailsWithKServesMessageAndTheStableOneServesOn() {
        String ns = "ks-missing";
        apply(pipeline("ks-missing", ns, "1", "strategy: Direct"));
        await("ks-missing-r1 Promoted").atMost(TIMEOUT).pollInterval(POLL).until(() -> phase(revision(ns, "ks-missing-r1")), "Promoted"::equals);

        apply(pipeline("ks-missing", ns, "2", "strategy: Direct").replace("modelFormat: {name: sklearn}",
                "modelFormat: {name: pytorch}\n      runtime: kserve-torchserve-not-installed"));
        ModelRevision failed = await("ks-missing-r2 Failed").atMost(TIMEOUT).pollInterval(POLL)
                .until(() -> revision(ns, "ks-missing-r2"), r -> "Failed".equals(phase(r)));
        E2e.log("ks-missing-r2: %s: %s", failed.getStatus().getReason(), failed.getStatus().getMessage());
        assertThat(failed.getStatus().getMessage()).contains("RuntimeNotRecognized").contains("Waiting for runtime to become available");
        assertThat(env.admin().v1().events().inNamespace(ns).list().getItems()).anySatisfy(e -> {
            assertThat(e.getInvolvedObject().getName()).isEqualTo("ks-missing-r2");
            assertThat(e.getType()).isEqualTo("Warning");
        });
        assertThat(env.admin().resources(ModelPipeline.class).inNamespace(ns).withName("ks-missing").get().getStatus().getStableRevision())
                .isEqualTo("ks-missing-r1");
        assertThat(servingPods(ns, "ks-missing-r1")).as("r1 serves on").hasSize(2);
    }

    @Test
    @Order(5)
    void anOperatorRestartedMidCanaryResumesAtItsStepWithTheSameInferenceServices() {
        String ns = "ks-restart";
        route(ns, "ks-restart");
        apply(pipeline("ks-restart", ns, "1", canary(ns, "ks-restart", "10m")));
        await("ks-restart-r1 Promoted").atMost(TIMEOUT).pollInterval(POLL).until(() -> phase(revision(ns, "ks-restart-r1")), "Promoted"::equals);
        apply(pipeline("ks-restart", ns, "2", canary(ns, "ks-restart", "10m")));
        await("route at 10 for r2").atMost(TIMEOUT).pollInterval(POLL).until(() -> weights(ns, "ks-restart"), w -> w.equals(List.of(90, 10)));
        await("r2 in its 10-minute pause").atMost(TIMEOUT).pollInterval(POLL).until(() -> java.util.Optional.ofNullable(revision(ns, "ks-restart-r2").getStatus().getRollout()).map(r -> r.getStepIndex()).orElse(null),
                        i -> i != null && i >= 1);
        String r1 = isvc(ns, "ks-restart-r1").getMetadata().getUid();
        String r2 = isvc(ns, "ks-restart-r2").getMetadata().getUid();
        int step = revision(ns, "ks-restart-r2").getStatus().getRollout().getStepIndex();

        env.operator().kill();
        Path kubeconfig = env.installation().writeServiceAccountKubeconfig(env.admin(), env.cluster().kubeconfig(),
                env.logDir().resolve("restarted.kubeconfig"));
        restarted = OperatorProcess.start(env.repo(), kubeconfig, env.installation().operatorEnv(), env.logDir().resolve("operator-restarted.log"));
        restarted.awaitReady(Duration.ofMinutes(2));

        promote(ns, "ks-restart");
        await("ks-restart-r2 Promoted by the restarted operator").atMost(TIMEOUT).pollInterval(POLL)
                .until(() -> phase(revision(ns, "ks-restart-r2")), "Promoted"::equals);
        ModelRevision promoted = revision(ns, "ks-restart-r2");
        assertThat(promoted.getStatus().getRollout().getStepIndex()).as("resumed at its step, not from the start").isGreaterThanOrEqualTo(step);
        assertThat(isvc(ns, "ks-restart-r1").getMetadata().getUid()).isEqualTo(r1);
        assertThat(isvc(ns, "ks-restart-r2").getMetadata().getUid()).as("the same InferenceService").isEqualTo(r2);
        assertThat(env.admin().genericKubernetesResources(ISVC, "InferenceService").inNamespace(ns).list().getItems()).hasSize(2);
        assertThat(env.admin().resources(ModelRevision.class).inNamespace(ns).list().getItems()).hasSize(2);
    }

    @Test
    @Order(6)
    void replicaRoutingSplitsThePipelinesServiceBetweenTheInferenceServicesPodsAndHandsTheStableOneToKServesAutoscaler() {
        String ns = "ks-replicas";
        String canary = """
                strategy: Canary
                    steps:
                      - setWeight: 50
                      - pause: {}""";
        apply(pipeline("ks-replicas", ns, "1", canary).replace("modelFormat: {name: sklearn}", "modelFormat: {name: sklearn}\n      maxReplicas: 4"));
        await("ks-replicas-r1 Promoted").atMost(TIMEOUT).pollInterval(POLL).until(() -> phase(revision(ns, "ks-replicas-r1")), "Promoted"::equals);
        await("r1 handed to KServe's autoscaler once it serves at full size").atMost(TIMEOUT).pollInterval(POLL)
                .until(() -> autoscalerClass(ns, "ks-replicas-r1"), "hpa"::equals);
        assertThat(predictor(isvc(ns, "ks-replicas-r1"))).containsEntry("minReplicas", 2).containsEntry("maxReplicas", 4);

        apply(pipeline("ks-replicas", ns, "2", canary).replace("modelFormat: {name: sklearn}", "modelFormat: {name: sklearn}\n      maxReplicas: 4"));
        await("r2 at weight 50, paused").atMost(TIMEOUT).pollInterval(POLL).until(() -> revision(ns, "ks-replicas-r2"),
                r -> r != null && r.getStatus().getRollout() != null && Objects.equals(r.getStatus().getRollout().getStepIndex(), 1));
        // keepingStable(2, 50): the stable revision keeps its 2 pods, the canary gets 2, so half of the Service's pods.
        assertThat(predictor(isvc(ns, "ks-replicas-r2"))).as("the canary pinned at its count, full size or not")
                .containsEntry("minReplicas", 2).containsEntry("maxReplicas", 2);
        assertThat(autoscalerClass(ns, "ks-replicas-r2")).isEqualTo("none");
        assertThat(env.admin().services().inNamespace(ns).withName("ks-replicas").get().getSpec().getSelector())
                .as("the pipeline's Service selects every revision's predictor pods").doesNotContainKey("modelgate.io/revision")
                .containsEntry("modelgate.io/pipeline", "ks-replicas").containsEntry("modelgate.io/role", "serving");
        await("the Service selects two ready pods of each InferenceService").atMost(TIMEOUT).pollInterval(POLL)
                .until(() -> selectedReadyPods(ns, "ks-replicas"), e -> e.equals(Map.of("ks-replicas-r1", 2L, "ks-replicas-r2", 2L)));

        promote(ns, "ks-replicas");
        await("ks-replicas-r2 Promoted").atMost(TIMEOUT).pollInterval(POLL).until(() -> phase(revision(ns, "ks-replicas-r2")), "Promoted"::equals);
        await("r2 handed over, r1 pinned at 0").atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
            assertThat(autoscalerClass(ns, "ks-replicas-r2")).isEqualTo("hpa");
            assertThat(predictor(isvc(ns, "ks-replicas-r2"))).containsEntry("minReplicas", 2).containsEntry("maxReplicas", 4);
            // KServe drops a maxReplicas of 0 (omitempty); pinned at 0 pods all the same.
            assertThat(predictor(isvc(ns, "ks-replicas-r1"))).containsEntry("minReplicas", 0);
            assertThat(autoscalerClass(ns, "ks-replicas-r1")).isEqualTo("none");
        });
        await("the Service selects r2's pods only").atMost(TIMEOUT).pollInterval(POLL)
                .until(() -> selectedReadyPods(ns, "ks-replicas"), e -> e.equals(Map.of("ks-replicas-r2", 2L)));
    }

    @Test
    @Order(7)
    void blueGreenPreviewsTheNewInferenceServiceAtFullSizeAndSwitchesTheActiveServiceOnPromotion() {
        String ns = "ks-bluegreen";
        String blueGreen = """
                strategy: BlueGreen
                    blueGreen:
                      autoPromotionEnabled: false
                      scaleDownDelaySeconds: 1""";
        apply(pipeline("ks-bg", ns, "1", blueGreen));
        await("ks-bg-r1 Promoted").atMost(TIMEOUT).pollInterval(POLL).until(() -> phase(revision(ns, "ks-bg-r1")), "Promoted"::equals);
        String r1Uid = isvc(ns, "ks-bg-r1").getMetadata().getUid();

        apply(pipeline("ks-bg", ns, "2", blueGreen));
        await("the preview Service on r2's pods at full size").atMost(TIMEOUT).pollInterval(POLL)
                .until(() -> selectedReadyPods(ns, "ks-bg-preview"), e -> e.equals(Map.of("ks-bg-r2", 2L)));
        assertThat(selectedReadyPods(ns, "ks-bg")).as("the active Service still on r1").isEqualTo(Map.of("ks-bg-r1", 2L));
        assertThat(phase(revision(ns, "ks-bg-r2"))).as("waits for a person").isEqualTo("RollingOut");
        assertThat(autoscalerClass(ns, "ks-bg-r2")).isEqualTo("none");

        promote(ns, "ks-bg");
        await("ks-bg-r2 Promoted").atMost(TIMEOUT).pollInterval(POLL).until(() -> phase(revision(ns, "ks-bg-r2")), "Promoted"::equals);
        await("the active Service on r2's pods only").atMost(TIMEOUT).pollInterval(POLL)
                .until(() -> selectedReadyPods(ns, "ks-bg"), e -> e.equals(Map.of("ks-bg-r2", 2L)));
        await("r1 scaled to 0 after the scale-down delay, its InferenceService kept").atMost(TIMEOUT).pollInterval(POLL)
                .until(() -> predictor(isvc(ns, "ks-bg-r1")).get("minReplicas"), v -> Objects.equals(v, 0));
        assertThat(isvc(ns, "ks-bg-r1").getMetadata().getUid()).isEqualTo(r1Uid);
    }

    // --- helpers ---

    /**
     * The ready pods a Service selects, counted by revision: what its EndpointSlices would hold (the local cluster's
     * pod IPs are loopback addresses, which EndpointSlices refuse, so its endpointslice controller is off).
     */
    static Map<String, Long> selectedReadyPods(String ns, String service) {
        Map<String, String> selector = env.admin().services().inNamespace(ns).withName(service).get().getSpec().getSelector();
        return env.admin().pods().inNamespace(ns).withLabels(selector).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
                .collect(Collectors.groupingBy(p -> p.getMetadata().getLabels().get("modelgate.io/revision"), java.util.TreeMap::new,
                        Collectors.counting()));
    }

    // --- helpers ---

    static String canary(String ns, String route, String pause) {
        return """
                strategy: Canary
                    trafficRouting: {type: gatewayAPI, httpRoute: %s}
                    steps:
                      - setWeight: 10
                      - pause: {duration: %s}
                      - setWeight: 50
                      - analysis: {name: health}
                    analyses:
                      - name: health
                        metrics:
                          - name: error-rate
                            max: 0.05
                            count: 2
                            failureLimit: 0
                            prometheus:
                              query: 'max(%s{revision="{{revision}}"})'
                      - name: guard
                        metrics:
                          - name: error-rate
                            max: 0.05
                            failureLimit: 0
                            prometheus:
                              query: 'max(%s{revision="{{revision}}"})'
                    backgroundAnalysis: {name: guard}""".formatted(route, pause, METRIC, METRIC);
    }

    /** A pipeline served on KServe's sklearn runtime; {@code version} changes its data, and so makes a revision. */
    static String pipeline(String name, String namespace, String version, String rollout) {
        return """
                apiVersion: modelgate.io/v1alpha1
                kind: ModelPipeline
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  model: churn
                  source:
                    trainingImage: registry.example/churn-train:0.3.0
                    dataRef: bq://analytics.churn_features@v%s
                  training:
                    artifactUri: gs://example-models/churn/{revision}
                  evaluation:
                    template:
                      metadata:
                        annotations:
                          modelgate.io/simulated-termination-message: '{"f1": 0.81}'
                      spec:
                        containers: [{name: evaluate, image: registry.example/churn-eval:0.3.0}]
                    gates: [{metric: f1, min: 0.75}]
                  serving:
                    backend: InferenceService
                    replicas: 2
                    serviceName: %s
                    inferenceService:
                      modelFormat: {name: sklearn}
                  rollout:
                    %s
                """.formatted(name, namespace, version, name, rollout);
    }

    static void route(String ns, String name) {
        apply("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: %s, namespace: %s}
                spec:
                  parentRefs: [{name: shared-gateway}]
                  rules:
                    - matches: [{path: {type: PathPrefix, value: /predict}}]
                      backendRefs: [{name: %s-stable, port: 8080, weight: 100}]
                """.formatted(name, ns, name));
    }

    @SuppressWarnings("unchecked")
    static List<Integer> weights(String ns, String route) {
        GenericKubernetesResource read = env.admin().genericKubernetesResources("gateway.networking.k8s.io/v1", "HTTPRoute").inNamespace(ns).withName(route).get();
        List<Map<String, Object>> refs = read.get("spec", "rules", 0, "backendRefs");
        return refs.stream().map(r -> ((Number) r.getOrDefault("weight", 1)).intValue()).toList();
    }

    static void apply(String yaml) {
        try {
            Path file = Files.createTempFile(env.logDir(), "kserve-", ".yaml");
            Files.writeString(file, yaml);
            env.cluster().kubectlOk("apply", "-f", file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The annotation Modelgate sets on each InferenceService: {@code none} while pinned, {@code hpa} when handed over. */
    static String autoscalerClass(String ns, String name) {
        return isvc(ns, name).getMetadata().getAnnotations().get("serving.kserve.io/autoscalerClass");
    }

    static void promote(String ns, String pipeline) {
        env.admin().resources(ModelPipeline.class).inNamespace(ns).withName(pipeline)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\"modelgate.io/action\":\"promote\"}}}");
    }

    static GenericKubernetesResource isvc(String ns, String name) {
        return env.admin().genericKubernetesResources(ISVC, "InferenceService").inNamespace(ns).withName(name).get();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> predictor(GenericKubernetesResource service) {
        return (Map<String, Object>) ((Map<String, Object>) service.getAdditionalProperties().get("spec")).get("predictor");
    }

    @SuppressWarnings("unchecked")
    static Object status(GenericKubernetesResource service, String field) {
        return service.getAdditionalProperties().get("status") instanceof Map<?, ?> status ? ((Map<String, Object>) status).get(field) : null;
    }

    static String condition(GenericKubernetesResource object, String type, String field) {
        return TrainingEnginesE2eTest.condition(object, type, field);
    }

    /** The revision's predictor pods that run (not being deleted). */
    static List<Pod> servingPods(String ns, String revision) {
        return env.admin().pods().inNamespace(ns).withLabel("modelgate.io/revision", revision).withLabel("modelgate.io/role", "serving")
                .list().getItems().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
                .toList();
    }

    static Set<String> uids(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
    }

    static ModelRevision revision(String ns, String name) {
        return env.admin().resources(ModelRevision.class).inNamespace(ns).withName(name).get();
    }

    static String phase(ModelRevision revision) {
        return revision == null || revision.getStatus() == null ? null : revision.getStatus().getPhase();
    }
}
