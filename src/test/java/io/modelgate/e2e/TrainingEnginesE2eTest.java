package io.modelgate.e2e;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.PhaseTransition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Training through the real engines: the Kubeflow Trainer (v2), JobSet and Kueue controller managers built by
 * {@code hack/build-platform.sh}, run by {@code hack/platform.sh} beside the control plane, with the Trainer's own
 * {@code torch-distributed} ClusterTrainingRuntime. kwok runs no container: it ends the pods the engines' Jobs make
 * as it ends Modelgate's own Job pods, by their {@code modelgate.io/simulated-*} annotations, which a pipeline puts
 * on the trainer's pods through {@code trainJob.runtimePatch}. Everything else (the TrainJob becoming a JobSet, the
 * JobSet its Jobs, Kueue admitting or holding them, the conditions that end them) is the engines' own work.
 */
@ModelgateE2e
@LocalClusterWith({"trainer", "jobset", "kueue"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrainingEnginesE2eTest {

    static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("modelgate.e2e.timeoutSeconds", 180));
    static final Duration POLL = Duration.ofMillis(500);
    static final String FAIL_FAST = "modelgate-e2e-fail-fast";
    static final String QUEUED = "train-queued";

    static E2eEnvironment env;
    /** The operator after the restart scenario (which kills the class's first one). */
    static OperatorProcess restarted;

    @HelmValues
    static Map<String, Object> engines() {
        return Map.of("backends.trainJob", true, "backends.jobSet", true, "backends.kueue", true);
    }

    @BeforeAll
    static void runtimesAndQueues(E2eEnvironment environment) throws IOException {
        env = environment;
        Path runtimes = Path.of(platformEnv("TRAINER_RUNTIMES_DIR"));
        env.cluster().kubectlOk("apply", "--server-side", "--field-manager=modelgate-e2e", "-f", runtimes.resolve("torch_distributed.yaml").toString());
        // The upstream runtime retries a failed node (Job backoffLimit 6 by default): one that fails at once shows the
        // Trainer's failure path without waiting for six retries.
        apply("""
                apiVersion: trainer.kubeflow.org/v1alpha1
                kind: ClusterTrainingRuntime
                metadata:
                  name: %s
                  labels: {trainer.kubeflow.org/framework: torch}
                spec:
                  mlPolicy: {numNodes: 1, torch: {}}
                  template:
                    spec:
                      replicatedJobs:
                      - name: node
                        template:
                          metadata:
                            labels: {trainer.kubeflow.org/trainjob-ancestor-step: trainer}
                          spec:
                            backoffLimit: 0
                            template:
                              spec:
                                containers: [{name: node, image: registry.example/train:1}]
                """.formatted(FAIL_FAST));
        for (String namespace : List.of("train-dist", "train-fail", "train-change", "train-bad", "train-jobset", "train-restart", QUEUED)) {
            env.admin().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
        }
        // Room for one training of 2 nodes x 2 CPU at a time.
        apply("""
                apiVersion: kueue.x-k8s.io/v1beta2
                kind: ResourceFlavor
                metadata: {name: e2e-flavor}
                ---
                apiVersion: kueue.x-k8s.io/v1beta2
                kind: ClusterQueue
                metadata: {name: e2e-training}
                spec:
                  namespaceSelector:
                    matchLabels: {kubernetes.io/metadata.name: %s}
                  resourceGroups:
                  - coveredResources: [cpu, memory]
                    flavors:
                    - name: e2e-flavor
                      resources:
                      - {name: cpu, nominalQuota: "4"}
                      - {name: memory, nominalQuota: 8Gi}
                ---
                apiVersion: kueue.x-k8s.io/v1beta2
                kind: LocalQueue
                metadata: {name: training, namespace: %s}
                spec: {clusterQueue: e2e-training}
                """.formatted(QUEUED, QUEUED));
        await("LocalQueue training Active").atMost(TIMEOUT).pollInterval(POLL).until(() ->
                "True".equals(condition(resource("kueue.x-k8s.io/v1beta2", "LocalQueue", QUEUED, "training"), "Active", "status")));
    }

    @AfterAll
    static void stopTheRestartedOperator() {
        if (restarted != null) {
            restarted.close();
        }
    }

    @Test
    @Order(1)
    void aTrainJobOnFourNodesGoesThroughItsJobSetAndJobsToServingWithItsMetricsRecorded() {
        String ns = "train-dist";
        apply(pipeline("dist", ns, trainJob("torch-distributed", 4, "1", Map.of(
                "modelgate.io/simulated-termination-message", "{\"loss\": 0.21}", "modelgate.io/simulated-duration", "3s"))));

        GenericKubernetesResource trainJob = await("TrainJob dist-r1-train").atMost(TIMEOUT).pollInterval(POLL)
                .until(() -> trainJob(ns, "dist-r1-train"), Objects::nonNull);
        assertThat(trainJob.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("ModelRevision");
            assertThat(owner.getName()).isEqualTo("dist-r1");
        });
        assertThat(trainJob.getMetadata().getLabels()).containsEntry("modelgate.io/revision", "dist-r1");

        GenericKubernetesResource jobSet = await("the Trainer's JobSet").atMost(TIMEOUT).pollInterval(POLL)
                .until(() -> jobSet(ns, "dist-r1-train"), Objects::nonNull);
        assertThat(jobSet.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> assertThat(owner.getKind()).isEqualTo("TrainJob"));
        List<Pod> nodes = await("4 node pods").atMost(TIMEOUT).pollInterval(POLL)
                .until(() -> podsOf(ns, "dist-r1-train"), pods -> pods.size() == 4);
        List<Job> jobs = env.admin().batch().v1().jobs().inNamespace(ns).withLabel("jobset.sigs.k8s.io/jobset-name", "dist-r1-train").list().getItems();
        E2e.log("the Trainer's JobSet runs %d Job(s) for 4 nodes: %s", jobs.size(), jobs.stream()
                .map(j -> j.getMetadata().getName() + " completions=" + j.getSpec().getCompletions()).toList());
        assertThat(jobs.stream().mapToInt(j -> j.getSpec().getCompletions()).sum()).as("one completion per node across its Jobs").isEqualTo(4);
        assertThat(nodes).allSatisfy(pod -> assertThat(pod.getSpec().getContainers().get(0).getEnv())
                .anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue()).isEqualTo("MODELGATE_REVISION=dist-r1"))
                .anySatisfy(e -> assertThat(e.getName()).isEqualTo("MODEL_URI")));

        ModelRevision promoted = await("dist-r1 Promoted").atMost(TIMEOUT).pollInterval(POLL)
                .until(() -> revision(ns, "dist-r1"), r -> "Promoted".equals(phase(r)));
        assertThat(promoted.getStatus().getTrainingMetrics()).containsEntry("loss", 0.21);
        assertThat(promoted.getStatus().getTransitions()).extracting(PhaseTransition::getPhase)
                .containsSubsequence("Training", "Evaluating", "Promoted");
        assertThat(condition(trainJob(ns, "dist-r1-train"), "Complete", "status")).isEqualTo("True");
        assertThat(condition(jobSet(ns, "dist-r1-train"), "Completed", "status")).isEqualTo("True");
    }

    @Test
    @Order(2)
    void aFailingNodeFailsTheRevisionWithTheTrainersReasonWhileTheStableOneServes() {
        String ns = "train-fail";
        apply(pipeline("fails", ns, trainJob("torch-distributed", 1, "1", Map.of())));
        await("fails-r1 Promoted").atMost(TIMEOUT).pollInterval(POLL).until(() -> phase(revision(ns, "fails-r1")), "Promoted"::equals);

        apply(pipeline("fails", ns, trainJob(FAIL_FAST, 2, "1", Map.of(
                "modelgate.io/simulated-exit-code", "3", "modelgate.io/simulated-termination-message", "loss is NaN"))));
        ModelRevision failed = await("fails-r2 Failed").atMost(TIMEOUT).pollInterval(POLL)
                .until(() -> revision(ns, "fails-r2"), r -> "Failed".equals(phase(r)));
        E2e.log("fails-r2: %s: %s", failed.getStatus().getReason(), failed.getStatus().getMessage());
        assertThat(failed.getStatus().getReason()).isEqualTo("TrainingFailed");
        assertThat(failed.getStatus().getMessage()).startsWith("training Job failed: ")
                .contains(condition(trainJob(ns, "fails-r2-train"), "Failed", "reason"));
        assertThat(condition(trainJob(ns, "fails-r2-train"), "Failed", "status")).isEqualTo("True");
        assertThat(events(ns, "ModelRevision", "fails-r2")).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("TrainingFailed");
            assertThat(e.getType()).isEqualTo("Warning");
        });

        ModelPipeline pipeline = env.admin().resources(ModelPipeline.class).inNamespace(ns).withName("fails").get();
        assertThat(pipeline.getStatus().getStableRevision()).isEqualTo("fails-r1");
        assertThat(phase(revision(ns, "fails-r1"))).isEqualTo("Promoted");
        assertThat(env.admin().apps().deployments().inNamespace(ns).withName("fails-r1").get().getStatus().getAvailableReplicas())
                .as("r1 serves on").isPositive();
    }

    @Test
    @Order(3)
    void aQueueWithRoomForOneRunsTwoTrainingsOneAfterTheOtherAndTheSecondSaysItWaitsForQuota() {
        String training = trainJob("torch-distributed", 2, "2", Map.of("modelgate.io/simulated-duration", "10s"))
                + "\n    queueName: training";
        apply(pipeline("first", QUEUED, training));
        apply(pipeline("second", QUEUED, training));

        AtomicReference<ModelRevision> waiting = new AtomicReference<>();
        // Until Kueue has made its Workload, a queued TrainJob waits with "not admitted yet"; then with Kueue's reason.
        await("one of them WaitingForQuota with Kueue's message").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (String name : List.of("first-r1", "second-r1")) {
                ModelRevision revision = revision(QUEUED, name);
                if (revision != null && revision.getStatus() != null && "WaitingForQuota".equals(revision.getStatus().getReason())
                        && revision.getStatus().getMessage().contains("insufficient unused quota for cpu")) {
                    waiting.set(revision);
                    return true;
                }
            }
            return false;
        });
        ModelRevision held = waiting.get();
        String heldName = held.getMetadata().getName();
        String otherName = heldName.equals("first-r1") ? "second-r1" : "first-r1";
        E2e.log("%s waits: %s", heldName, held.getStatus().getMessage());
        assertThat(held.getStatus().getPhase()).isEqualTo("Training");
        assertThat(podsOf(QUEUED, heldName + "-train")).as("no pod of the held training").isEmpty();
        await("the admitted training runs its 2 nodes").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> podsOf(QUEUED, otherName + "-train").size() == 2);
        assertThat(podsOf(QUEUED, heldName + "-train")).as("and still no pod of the held one").isEmpty();
        assertThat(events(QUEUED, "ModelRevision", heldName)).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("WaitingForQuota"));

        for (String name : List.of(otherName, heldName)) {
            await(name + " Promoted").atMost(TIMEOUT).pollInterval(POLL).until(() -> phase(revision(QUEUED, name)), "Promoted"::equals);
        }
        assertThat(revision(QUEUED, heldName).getStatus().getTransitions()).extracting(PhaseTransition::getPhase)
                .containsSubsequence("Training", "Evaluating", "Promoted");
        GenericKubernetesResource heldWorkload = resource("kueue.x-k8s.io/v1beta2", "Workload", QUEUED, workloadOf(heldName + "-train"));
        GenericKubernetesResource otherWorkload = resource("kueue.x-k8s.io/v1beta2", "Workload", QUEUED, workloadOf(otherName + "-train"));
        String heldAdmitted = condition(heldWorkload, "QuotaReserved", "lastTransitionTime");
        String otherFinished = condition(otherWorkload, "Finished", "lastTransitionTime");
        E2e.log("Kueue: %s finished %s, %s got its quota %s", otherName, otherFinished, heldName, heldAdmitted);
        assertThat(Instant.parse(heldAdmitted)).as("the held training got its quota once the other had finished")
                .isAfterOrEqualTo(Instant.parse(otherFinished));
    }

    @Test
    @Order(4)
    void aSpecChangeMidTrainingDeletesTheTrainJobAndItsJobSet() {
        String ns = "train-change";
        apply(pipeline("change", ns, trainJob("torch-distributed", 2, "1", Map.of("modelgate.io/simulated-duration", "10m"))));
        await("change-r1's 2 nodes running").atMost(TIMEOUT).pollInterval(POLL).until(() -> podsOf(ns, "change-r1-train").stream()
                .filter(p -> "Running".equals(p.getStatus().getPhase())).count() == 2);
        String jobSetUid = jobSet(ns, "change-r1-train").getMetadata().getUid();

        apply(pipeline("change", ns, trainJob("torch-distributed", 2, "1", Map.of("modelgate.io/simulated-duration", "1s"))));
        await("change-r1 Superseded").atMost(TIMEOUT).pollInterval(POLL).until(() -> phase(revision(ns, "change-r1")), "Superseded"::equals);
        await("change-r1's TrainJob, JobSet and pods gone").atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
            assertThat(trainJob(ns, "change-r1-train")).isNull();
            assertThat(jobSet(ns, "change-r1-train")).isNull();
            assertThat(podsOf(ns, "change-r1-train")).isEmpty();
        });
        E2e.log("JobSet %s deleted with its TrainJob", jobSetUid);
        await("change-r2 Promoted").atMost(TIMEOUT).pollInterval(POLL).until(() -> phase(revision(ns, "change-r2")), "Promoted"::equals);
    }

    @Test
    @Order(5)
    void aRuntimeThatDoesNotExistFailsTheRevisionWithTheWebhooksMessage() {
        String ns = "train-bad";
        apply(pipeline("noruntime", ns, trainJob("no-such-runtime", 1, "1", Map.of())));

        ModelRevision failed = await("noruntime-r1 Failed").atMost(TIMEOUT).pollInterval(POLL)
                .until(() -> revision(ns, "noruntime-r1"), r -> "Failed".equals(phase(r)));
        E2e.log("noruntime-r1: %s", failed.getStatus().getMessage());
        assertThat(failed.getStatus().getReason()).isEqualTo("JobRejected");
        // Trainer's and Kueue's validating webhooks both refuse it; the API server runs them in parallel and reports
        // whichever denial it collects first, so either message is the right one to pass on.
        assertThat(failed.getStatus().getMessage()).contains("the API server rejected the training TrainJob",
                "admission webhook", "denied the request", "no-such-runtime");
        assertThat(failed.getStatus().getMessage()).satisfiesAnyOf(
                trainers -> assertThat(trainers).contains("\"no-such-runtime\" not found", "must be created before the TrainJob"),
                kueues -> assertThat(kueues).contains("runtime 'no-such-runtime' not found"));
        assertThat(events(ns, "ModelRevision", "noruntime-r1")).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("JobRejected");
            assertThat(e.getType()).isEqualTo("Warning");
        });
        assertThat(trainJob(ns, "noruntime-r1-train")).isNull();
        assertThat(env.operator().isAlive()).isTrue();
    }

    @Test
    @Order(6)
    void aJobSetPipelineTrainsOnItsReplicatedJobs() {
        String ns = "train-jobset";
        apply(pipeline("sets", ns, """
                    backend: JobSet
                    jobSet:
                      replicatedJobs:
                      - name: trainer
                        template:
                          spec:
                            backoffLimit: 0
                            template:
                              metadata:
                                annotations:
                                  modelgate.io/simulated-termination-message: '{"loss": 0.3}'
                              spec:
                                containers: [{name: train}]
                      - name: workers
                        replicas: 2
                        template:
                          spec:
                            template:
                              spec:
                                containers: [{name: worker, image: registry.example/churn-worker:0.3.0}]
                """));

        ModelRevision promoted = await("sets-r1 Promoted").atMost(TIMEOUT).pollInterval(POLL)
                .until(() -> revision(ns, "sets-r1"), r -> "Promoted".equals(phase(r)));
        assertThat(promoted.getStatus().getTrainingMetrics()).containsEntry("loss", 0.3);
        GenericKubernetesResource jobSet = jobSet(ns, "sets-r1-train");
        assertThat(jobSet.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> assertThat(owner.getKind()).isEqualTo("ModelRevision"));
        assertThat(condition(jobSet, "Completed", "status")).isEqualTo("True");
        assertThat(env.admin().batch().v1().jobs().inNamespace(ns).withLabel("jobset.sigs.k8s.io/jobset-name", "sets-r1-train").list().getItems())
                .as("1 trainer Job and 2 worker Jobs, made by the JobSet controller").hasSize(3);
    }

    @Test
    @Order(7)
    void anOperatorKilledMidTrainingResumesWithTheSameTrainJob() {
        String ns = "train-restart";
        apply(pipeline("restart", ns, trainJob("torch-distributed", 2, "1", Map.of("modelgate.io/simulated-duration", "25s"))));
        await("restart-r1's nodes running").atMost(TIMEOUT).pollInterval(POLL).until(() -> podsOf(ns, "restart-r1-train").stream()
                .filter(p -> "Running".equals(p.getStatus().getPhase())).count() == 2);
        String trainJobUid = trainJob(ns, "restart-r1-train").getMetadata().getUid();
        String jobSetUid = jobSet(ns, "restart-r1-train").getMetadata().getUid();

        env.operator().kill();
        Path kubeconfig = env.installation().writeServiceAccountKubeconfig(env.admin(), env.cluster().kubeconfig(),
                env.logDir().resolve("restarted.kubeconfig"));
        restarted = OperatorProcess.start(env.repo(), kubeconfig, env.installation().operatorEnv(), env.logDir().resolve("operator-restarted.log"));
        restarted.awaitReady(Duration.ofMinutes(2));

        await("restart-r1 Promoted by the restarted operator").atMost(TIMEOUT).pollInterval(POLL)
                .until(() -> phase(revision(ns, "restart-r1")), "Promoted"::equals);
        assertThat(trainJob(ns, "restart-r1-train").getMetadata().getUid()).as("the same TrainJob").isEqualTo(trainJobUid);
        assertThat(jobSet(ns, "restart-r1-train").getMetadata().getUid()).as("the same JobSet").isEqualTo(jobSetUid);
        assertThat(trainJobs(ns).list().getItems()).as("nothing created twice").hasSize(1);
        assertThat(env.admin().resources(ModelRevision.class).inNamespace(ns).list().getItems()).hasSize(1);
    }

    // --- helpers ---

    /** {@code spec.training} (indented under it) of a TrainJob on {@code runtime}, its nodes' pods annotated. */
    static String trainJob(String runtime, int nodes, String cpuPerNode, Map<String, String> podAnnotations) {
        StringBuilder annotations = new StringBuilder("modelgate.io/e2e: 'true'");
        podAnnotations.forEach((key, value) -> annotations.append(", ").append(key).append(": '").append(value).append("'"));
        return """
                    backend: TrainJob
                    trainJob:
                      runtimeRef: {name: %s}
                      trainer:
                        numNodes: %d
                        resourcesPerNode: {requests: {cpu: "%s", memory: 1Gi}}
                      runtimePatch:
                        template:
                          spec:
                            replicatedJobs:
                            - name: node
                              template:
                                spec:
                                  template:
                                    metadata:
                                      annotations: {%s}
                """.formatted(runtime, nodes, cpuPerNode, annotations);
    }

    static String pipeline(String name, String namespace, String training) {
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
                    dataRef: bq://analytics.churn_features@2026-11-20
                  training:
                    artifactUri: gs://example-models/churn/{revision}
                %s
                  evaluation:
                    template:
                      metadata:
                        annotations:
                          modelgate.io/simulated-termination-message: '{"f1": 0.81}'
                      spec:
                        containers: [{name: evaluate, image: registry.example/churn-eval:0.3.0}]
                    gates: [{metric: f1, min: 0.75}]
                  serving:
                    template:
                      spec:
                        containers: [{name: server, image: registry.example/model-server:3.2.0}]
                """.formatted(name, namespace, training.stripTrailing());
    }

    static void apply(String yaml) {
        try {
            Path file = Files.createTempFile(env.logDir(), "training-", ".yaml");
            Files.writeString(file, yaml);
            env.cluster().kubectlOk("apply", "-f", file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String platformEnv(String key) {
        E2e.Result printed = E2e.run(List.of(env.repo().resolve("hack/build-platform.sh").toString(), "--print-env"), Map.of(), env.repo(), 60);
        assertThat(printed.ok()).as("hack/build-platform.sh --print-env: %s", printed.stderr()).isTrue();
        return printed.stdout().lines().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1)).findFirst().orElseThrow();
    }

    static NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> trainJobs(String ns) {
        return env.admin().genericKubernetesResources("trainer.kubeflow.org/v1alpha1", "TrainJob").inNamespace(ns);
    }

    static GenericKubernetesResource trainJob(String ns, String name) {
        return trainJobs(ns).withName(name).get();
    }

    static GenericKubernetesResource jobSet(String ns, String name) {
        return resource("jobset.x-k8s.io/v1alpha2", "JobSet", ns, name);
    }

    static GenericKubernetesResource resource(String apiVersion, String kind, String ns, String name) {
        return name == null ? null : env.admin().genericKubernetesResources(apiVersion, kind).inNamespace(ns).withName(name).get();
    }

    /** The Workload Kueue made for an object (its owner). */
    static String workloadOf(String owner) {
        return env.admin().genericKubernetesResources("kueue.x-k8s.io/v1beta2", "Workload").inNamespace(QUEUED).list().getItems().stream()
                .filter(w -> w.getMetadata().getOwnerReferences().stream().anyMatch(o -> owner.equals(o.getName())))
                .map(w -> w.getMetadata().getName()).findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    static String condition(GenericKubernetesResource object, String type, String field) {
        if (object == null || !(object.getAdditionalProperties().get("status") instanceof Map<?, ?> status)
                || !(status.get("conditions") instanceof List<?> conditions)) {
            return null;
        }
        return conditions.stream().map(c -> (Map<String, Object>) c).filter(c -> type.equals(c.get("type")))
                .map(c -> String.valueOf(c.get(field))).findFirst().orElse(null);
    }

    static List<Pod> podsOf(String ns, String jobSet) {
        return env.admin().pods().inNamespace(ns).withLabel("jobset.sigs.k8s.io/jobset-name", jobSet).list().getItems();
    }

    static ModelRevision revision(String ns, String name) {
        return env.admin().resources(ModelRevision.class).inNamespace(ns).withName(name).get();
    }

    static String phase(ModelRevision revision) {
        return revision == null || revision.getStatus() == null ? null : revision.getStatus().getPhase();
    }

    static List<Event> events(String ns, String kind, String name) {
        return env.admin().v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> kind.equals(e.getInvolvedObject().getKind()) && name.equals(e.getInvolvedObject().getName())).toList();
    }
}
