package io.modelgate.it;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.status.Conditions;
import io.modelgate.testing.Pipelines;
import io.modelgate.testing.RealApiServer;
import io.modelgate.testing.TestOperator;
import io.modelgate.testing.WorkloadSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reconciler in a plain Java Operator SDK operator on a real kube-apiserver + etcd: the committed
 * CRDs with their status subresource, server-side apply for the pipeline's status, the API server's
 * own validation of the Jobs and Deployments the operator creates. No controllers run, so
 * {@link WorkloadSimulator} writes Job and Deployment statuses the way their controllers would.
 */
@Tag("integration")
class ReconcileOnApiServerTest {

    @RegisterExtension
    static final RealApiServer API = new RealApiServer();

    static final String AUC_OK = "{\"auc\":0.93,\"precision\":0.88}";
    static KubernetesClient client;

    String ns;
    TestOperator operator;
    WorkloadSimulator cluster;
    long testStarted;

    @BeforeAll
    static void installCrds() {
        client = API.client();
        Crds.install(client);
    }

    @BeforeEach
    void startOperator(TestInfo test) {
        testStarted = System.nanoTime();
        ns = API.newNamespace("reconcile");
        operator = new TestOperator(client, true).start();
        cluster = new WorkloadSimulator(client, ns);
    }

    @AfterEach
    void stopOperator(TestInfo test) {
        operator.stop();
        // No garbage collector runs here: delete the pipelines so that later tests' operators have nothing left to reconcile.
        client.resources(ModelPipeline.class).inNamespace(ns).delete();
        System.out.printf("[reconcile] %s: %d ms%n", test.getDisplayName(), (System.nanoTime() - testStarted) / 1_000_000);
    }

    @Test
    void happyPathToPromotedThroughTheStatusSubresource() {
        apply(Pipelines.fraud("fraud", ns));

        Job training = cluster.awaitJob("fraud-r1-train");
        ModelRevision r1 = awaitRevision("fraud-r1", r -> "Training".equals(phase(r)));
        assertThat(training.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("ModelRevision");
            assertThat(owner.getUid()).isEqualTo(r1.getMetadata().getUid());
        });
        assertThat(r1.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(pipeline("fraud").getMetadata().getUid()));
        assertThat(training.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(envOf(training)).containsEntry("MODEL_URI", "s3://models/" + ns + "/fraud/1").containsEntry("MODELGATE_REVISION", "fraud-r1");
        assertThat(training.getSpec().getSelector()).as("the API server generated the Job's selector").isNotNull();

        cluster.succeed("fraud-r1-train", null);
        cluster.succeed("fraud-r1-eval", AUC_OK);
        Deployment serving = cluster.awaitDeployment("fraud-r1");
        assertThat(serving.getSpec().getReplicas()).isEqualTo(2);
        awaitRevision("fraud-r1", r -> "RollingOut".equals(phase(r)));
        cluster.makeAvailable("fraud-r1");

        ModelPipeline promoted = awaitPipeline("fraud", p -> "Serving".equals(p.getStatus().getPhase()));
        assertThat(promoted.getStatus().getStableRevision()).isEqualTo("fraud-r1");
        assertThat(promoted.getStatus().getCurrentRevision()).isEqualTo("fraud-r1");
        assertThat(promoted.getMetadata().getGeneration()).as("status writes never bump the generation").isEqualTo(1L);
        assertThat(promoted.getStatus().getObservedGeneration()).isEqualTo(1L);
        List<Condition> conditions = promoted.getStatus().getConditions();
        assertThat(conditions).extracting(Condition::getType).contains(Conditions.READY, Conditions.PROGRESSING, Conditions.DEGRADED);
        assertThat(Conditions.isTrue(conditions, Conditions.READY)).isTrue();
        assertThat(Conditions.isTrue(conditions, Conditions.PROGRESSING)).isFalse();
        assertThat(Conditions.isTrue(conditions, Conditions.DEGRADED)).isFalse();
        assertThat(conditions).allSatisfy(c -> {
            assertThat(c.getObservedGeneration()).isEqualTo(1L);
            assertThat(c.getLastTransitionTime()).isNotBlank();
        });
        assertThat(promoted.getMetadata().getManagedFields())
                .as("the pipeline's status is written by server-side apply on the status subresource")
                .anySatisfy(f -> {
                    assertThat(f.getOperation()).isEqualTo("Apply");
                    assertThat(f.getSubresource()).isEqualTo("status");
                });

        ModelRevision revision = awaitRevision("fraud-r1", r -> "Promoted".equals(phase(r)));
        assertThat(revision.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(revision.getStatus().getObservedGeneration()).isEqualTo(1L);
        assertThat(revision.getStatus().getServing()).isTrue();
        assertThat(revision.getStatus().getMetrics()).containsEntry("auc", 0.93);
        assertThat(revision.getStatus().getTransitions()).extracting(t -> t.getPhase())
                .containsExactly("Training", "Evaluating", "RollingOut", "Promoted");
        assertThat(revision.getMetadata().getManagedFields()).extracting(ManagedFieldsEntry::getSubresource).contains("status");

        Service service = client.services().inNamespace(ns).withName("fraud").get();
        assertThat(service.getSpec().getClusterIP()).as("a real ClusterIP was allocated").isNotBlank();
        assertThat(service.getSpec().getSelector()).containsEntry("modelgate.io/pipeline", "fraud").containsEntry("modelgate.io/role", "serving");
        assertThat(eventReasons()).contains("RevisionCreated", "Promoted").doesNotContain("JobCreated");
        assertThat(reconcileErrors()).isZero();
    }

    @Test
    void aGateRejectionLeavesTheStableDeploymentUntouched() {
        promoteFirstRevision();
        Deployment before = client.apps().deployments().inNamespace(ns).withName("fraud-r1").get();

        changeSpec(p -> p.getSpec().getSource().setDataRef("s3://data/fraud/2026-11-08"));
        cluster.succeed("fraud-r2-train", null);
        cluster.succeed("fraud-r2-eval", "{\"auc\": 0.81}");

        ModelRevision rejected = awaitRevision("fraud-r2", r -> "Rejected".equals(phase(r)));
        assertThat(rejected.getStatus().getMessage()).contains("auc=0.81 is below min 0.9");
        assertThat(rejected.getSpec().getTrigger().name()).isEqualTo("SpecChange");
        ModelPipeline degraded = awaitPipeline("fraud", p -> "Degraded".equals(p.getStatus().getPhase()));
        assertThat(degraded.getStatus().getStableRevision()).isEqualTo("fraud-r1");
        assertThat(degraded.getStatus().getCurrentRevision()).isEqualTo("fraud-r2");
        assertThat(degraded.getStatus().getObservedGeneration()).isEqualTo(degraded.getMetadata().getGeneration()).isEqualTo(2L);
        assertThat(Conditions.find(degraded.getStatus().getConditions(), Conditions.DEGRADED).orElseThrow().getMessage())
                .contains("fraud-r2 Rejected").contains("fraud-r1 keeps serving");

        assertThat(client.apps().deployments().inNamespace(ns).withName("fraud-r2").get()).isNull();
        Deployment after = client.apps().deployments().inNamespace(ns).withName("fraud-r1").get();
        assertThat(after.getSpec().getReplicas()).isEqualTo(2);
        assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
        assertThat(after.getMetadata().getGeneration()).isEqualTo(before.getMetadata().getGeneration());
        assertThat(revision("fraud-r1").getStatus().getServing()).isTrue();
    }

    @Test
    void theRetrainAnnotationGivesANewRevisionAndIsRemoved() {
        promoteFirstRevision();
        client.resources(ModelPipeline.class).inNamespace(ns).withName("fraud").edit(p -> {
            p.getMetadata().setAnnotations(new HashMap<>(Map.of("modelgate.io/action", "retrain")));
            return p;
        });

        ModelRevision retrain = awaitRevision("fraud-r2", r -> true);
        assertThat(retrain.getSpec().getTrigger().name()).isEqualTo("Retrain");
        assertThat(retrain.getSpec().getContentHash()).isEqualTo(revision("fraud-r1").getSpec().getContentHash());
        await().atMost(WorkloadSimulator.TIMEOUT).until(() -> {
            Map<String, String> annotations = pipeline("fraud").getMetadata().getAnnotations();
            return annotations == null || !annotations.containsKey("modelgate.io/action");
        });
        cluster.awaitJob("fraud-r2-train");
        awaitPipeline("fraud", p -> "fraud-r2".equals(p.getStatus().getCurrentRevision()));
        assertThat(client.resources(ModelRevision.class).inNamespace(ns).list().getItems()).hasSize(2);
        assertThat(pipeline("fraud").getMetadata().getAnnotations() == null
                || !pipeline("fraud").getMetadata().getAnnotations().containsKey("modelgate.io/action"))
                .as("the status write did not bring the annotation back").isTrue();
        assertThat(eventReasons()).contains("RetrainRequested");
    }

    @Test
    void aSpecChangeMidTrainingSupersedes() {
        apply(Pipelines.fraud("fraud", ns));
        cluster.awaitJob("fraud-r1-train");
        awaitRevision("fraud-r1", r -> "Training".equals(phase(r)));

        changeSpec(p -> p.getSpec().getSource().setDataRef("s3://data/fraud/2026-11-02"));

        ModelRevision superseded = awaitRevision("fraud-r1", r -> "Superseded".equals(phase(r)));
        assertThat(superseded.getStatus().getMessage()).contains("r2");
        await().atMost(WorkloadSimulator.TIMEOUT)
                .until(() -> client.batch().v1().jobs().inNamespace(ns).withName("fraud-r1-train").get() == null);
        Job r2 = cluster.awaitJob("fraud-r2-train");
        assertThat(envOf(r2)).containsEntry("DATA_REF", "s3://data/fraud/2026-11-02");
        ModelPipeline training = awaitPipeline("fraud", p -> "fraud-r2".equals(p.getStatus().getCurrentRevision())
                && "Training".equals(p.getStatus().getPhase()));
        assertThat(training.getStatus().getObservedGeneration()).isEqualTo(2L);
    }

    @Test
    void aPausedPipelineCreatesNothingUntilResumed() {
        ModelPipeline pipeline = Pipelines.fraud("fraud", ns);
        pipeline.getSpec().setPaused(true);
        apply(pipeline);

        ModelPipeline paused = awaitPipeline("fraud", p -> "Paused".equals(p.getStatus().getPhase()));
        assertThat(Conditions.find(paused.getStatus().getConditions(), Conditions.PROGRESSING).orElseThrow().getReason()).isEqualTo("Paused");
        assertThat(client.resources(ModelRevision.class).inNamespace(ns).list().getItems()).isEmpty();
        assertThat(client.batch().v1().jobs().inNamespace(ns).list().getItems()).isEmpty();

        changeSpec(p -> p.getSpec().setPaused(false));
        cluster.awaitJob("fraud-r1-train");
        awaitPipeline("fraud", p -> "Training".equals(p.getStatus().getPhase()) && Long.valueOf(2).equals(p.getStatus().getObservedGeneration()));
    }

    @Test
    void anEvaluationJobTheApiServerRejectsFailsTheRevisionAndTheOperatorCarriesOn() {
        ModelPipeline pipeline = Pipelines.fraud("fraud", ns);
        pipeline.getSpec().getEvaluation().getTemplate().getSpec().getContainers().get(0).setName("Bad_Name");
        apply(pipeline);
        cluster.succeed("fraud-r1-train", null);

        ModelRevision failed = awaitRevision("fraud-r1", r -> "Failed".equals(phase(r)));
        assertThat(failed.getStatus().getReason()).isEqualTo("JobRejected");
        assertThat(failed.getStatus().getMessage())
                .contains("the API server rejected the evaluation Job")
                .contains("fraud-r1-eval")
                .contains("Bad_Name");
        assertThat(client.batch().v1().jobs().inNamespace(ns).withName("fraud-r1-eval").get()).isNull();
        ModelPipeline degraded = awaitPipeline("fraud", p -> Conditions.isTrue(p.getStatus().getConditions(), Conditions.DEGRADED));
        assertThat(degraded.getStatus().getCurrentRevision()).isEqualTo("fraud-r1");
        assertThat(eventReasons()).contains("JobRejected");

        // The operator keeps running: a fixed spec makes a new revision that trains.
        changeSpec(p -> p.getSpec().getEvaluation().getTemplate().getSpec().getContainers().get(0).setName("evaluate"));
        cluster.succeed("fraud-r2-train", null);
        cluster.succeed("fraud-r2-eval", AUC_OK);
        cluster.makeAvailable("fraud-r2");
        awaitPipeline("fraud", p -> "fraud-r2".equals(p.getStatus().getStableRevision()));
        assertThat(reconcileErrors()).isZero();
    }

    @Test
    void aServingDeploymentTheApiServerRejectsFailsTheRevisionAndTheStableOneKeepsServing() {
        promoteFirstRevision();
        Deployment before = client.apps().deployments().inNamespace(ns).withName("fraud-r1").get();

        changeSpec(p -> p.getSpec().getServing().getTemplate().getSpec().getContainers().get(0).setName("Bad_Name"));
        cluster.succeed("fraud-r2-train", null);
        cluster.succeed("fraud-r2-eval", AUC_OK);

        ModelRevision failed = awaitRevision("fraud-r2", r -> "Failed".equals(phase(r)));
        assertThat(failed.getStatus().getReason()).isEqualTo("ServingRejected");
        assertThat(failed.getStatus().getMessage())
                .contains("the API server rejected the serving Deployment")
                .contains("Bad_Name")
                .contains("the previous stable revision keeps serving");
        assertThat(client.apps().deployments().inNamespace(ns).withName("fraud-r2").get()).isNull();
        ModelPipeline degraded = awaitPipeline("fraud", p -> Conditions.isTrue(p.getStatus().getConditions(), Conditions.DEGRADED));
        assertThat(degraded.getStatus().getStableRevision()).isEqualTo("fraud-r1");
        Deployment after = client.apps().deployments().inNamespace(ns).withName("fraud-r1").get();
        assertThat(after.getSpec().getReplicas()).isEqualTo(2);
        assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());

        // And it carries on: another pipeline in the same namespace goes all the way.
        apply(Pipelines.fraud("other", ns));
        cluster.succeed("other-r1-train", null);
        cluster.succeed("other-r1-eval", AUC_OK);
        cluster.makeAvailable("other-r1");
        awaitPipeline("other", p -> "Serving".equals(p.getStatus().getPhase()));
        assertThat(reconcileErrors()).isZero();
    }

    @Test
    void aPipelineStoredWithoutSpecBeforeAdmissionRequiredOneIsReportedInvalidWithoutAnErrorLoop() {
        // Admission now requires spec (CrdAdmissionTest#aPipelineWithoutSpecIsRejected); an object stored before
        // that rule existed can still be there. Store one through the CRD without the rule, then put the rule back.
        CustomResourceDefinition committed = Crds.committed("modelpipelines.modelgate.io-v1.yml");
        CustomResourceDefinition withoutRule = Crds.committed("modelpipelines.modelgate.io-v1.yml");
        var root = withoutRule.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
        assertThat(root.getXKubernetesValidations().removeIf(rule -> "spec is required".equals(rule.getMessage()))).isTrue();
        client.apiextensions().v1().customResourceDefinitions().resource(withoutRule).forceConflicts().serverSideApply();
        GenericKubernetesResource noSpec = new GenericKubernetesResource();
        noSpec.setApiVersion(ModelPipeline.GROUP + "/" + ModelPipeline.VERSION);
        noSpec.setKind("ModelPipeline");
        noSpec.setMetadata(new ObjectMetaBuilder().withName("empty").withNamespace(ns).build());
        var pipelines = client.genericKubernetesResources(noSpec.getApiVersion(), noSpec.getKind()).inNamespace(ns);
        try {
            await("the CRD without has(self.spec) is served").atMost(Crds.TIMEOUT).ignoreExceptions()
                    .until(() -> pipelines.resource(noSpec).create() != null);
        } finally {
            client.apiextensions().v1().customResourceDefinitions().resource(committed).forceConflicts().serverSideApply();
        }
        GenericKubernetesResource probe = new GenericKubernetesResource();
        probe.setApiVersion(noSpec.getApiVersion());
        probe.setKind(noSpec.getKind());
        probe.setMetadata(new ObjectMetaBuilder().withName("probe").withNamespace(ns).build());
        await("the committed CRD is served again").atMost(Crds.TIMEOUT).until(() -> {
            try {
                pipelines.resource(probe).dryRun().create();
                return false;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                return e.getCode() == 422;
            }
        });

        ModelPipeline invalid = awaitPipeline("empty", p -> "Invalid".equals(p.getStatus().getPhase()));
        assertThat(Conditions.find(invalid.getStatus().getConditions(), Conditions.DEGRADED).orElseThrow().getMessage()).contains("spec is missing");
        assertThat(client.resources(ModelRevision.class).inNamespace(ns).list().getItems()).isEmpty();
        assertThat(reconcileErrors()).isZero();
    }

    // --- helpers ---

    /**
     * Found at scale: deleting a namespace of 1,000 pipelines made the operator create again what the namespace
     * controller removed, 19,120 writes refused. No namespace controller runs here, so a deleted namespace stays
     * Terminating: the pass that learns it from the API server's refusal is the last one that writes.
     */
    @Test
    void aPipelineWhoseNamespaceIsTerminatingGetsNoWritesButTheOneThatLearntIt() {
        operator.stop();
        AtomicInteger refused = new AtomicInteger();
        KubernetesClient counted = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(API.kubeconfigYaml()))
                .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("refusals", new Interceptor() {
                    @Override
                    public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
                        if (response.code() == 403 && !"GET".equals(request.method())) {
                            refused.incrementAndGet();
                        }
                    }
                })).build();
        operator = new TestOperator(counted, true).start();
        apply(Pipelines.fraud("fraud", ns));
        cluster.awaitJob("fraud-r1-train");
        awaitRevision("fraud-r1", r -> "Training".equals(phase(r)));
        cluster.podSucceeded("fraud-r1-train", null);

        client.namespaces().withName(ns).delete();
        await().atMost(WorkloadSimulator.TIMEOUT).until(() -> client.namespaces().withName(ns).get().getStatus().getPhase(), "Terminating"::equals);
        cluster.complete("fraud-r1-train");
        await().atMost(WorkloadSimulator.TIMEOUT).untilAtomic(refused, org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        double passes = reconciles();
        for (int i = 0; i < 3; i++) {
            // Each change of a Job the operator owns wakes the pipeline (an update is still allowed while terminating).
            int n = i;
            client.batch().v1().jobs().inNamespace(ns).withName("fraud-r1-train").edit(j -> {
                Map<String, String> annotations = new HashMap<>(j.getMetadata().getAnnotations() == null ? Map.of() : j.getMetadata().getAnnotations());
                annotations.put("touched", String.valueOf(n));
                j.getMetadata().setAnnotations(annotations);
                return j;
            });
        }
        await().atMost(WorkloadSimulator.TIMEOUT).until(() -> reconciles() >= passes + 3);

        assertThat(refused.get()).as("refused writes: the evaluation Job's create, then nothing").isEqualTo(1);
        assertThat(reconcileErrors()).as("no error retried, so no ReconcileError Event to be refused").isZero();
        assertThat(client.batch().v1().jobs().inNamespace(ns).withName("fraud-r1-eval").get()).isNull();
        assertThat(revision("fraud-r1").getStatus().getPhase()).as("nothing recorded that was not written").isEqualTo("Training");
        counted.close();
    }

    @Test
    void aDeletedPipelinesMetricSeriesGoWithItsCleanupWithoutAScrape() {
        promoteFirstRevision();
        assertThat(seriesOf("fraud")).as("its gauges and counters while it lives")
                .contains("modelgate_pipeline_info", "modelgate_revision_transitions_total", "modelgate_gate_verdicts_total");

        client.resources(ModelPipeline.class).inNamespace(ns).withName("fraud").delete();
        await().atMost(WorkloadSimulator.TIMEOUT).until(() -> pipeline("fraud") == null);

        assertThat(seriesOf("fraud")).as("nothing scraped the operator; its cleanup let them go").isEmpty();
    }

    private List<String> seriesOf(String pipeline) {
        return java.util.Collections.list(operator.metrics.registry().metricFamilySamples()).stream()
                .flatMap(family -> family.samples.stream())
                .filter(sample -> pipeline.equals(sample.labelNames.contains("pipeline")
                        ? sample.labelValues.get(sample.labelNames.indexOf("pipeline")) : null))
                .map(sample -> sample.name).distinct().toList();
    }

    private void promoteFirstRevision() {
        apply(Pipelines.fraud("fraud", ns));
        cluster.succeed("fraud-r1-train", null);
        cluster.succeed("fraud-r1-eval", AUC_OK);
        cluster.makeAvailable("fraud-r1");
        awaitPipeline("fraud", p -> "Serving".equals(p.getStatus().getPhase()));
    }

    private ModelPipeline apply(ModelPipeline pipeline) {
        return client.resources(ModelPipeline.class).inNamespace(ns).resource(pipeline).create();
    }

    private void changeSpec(Consumer<ModelPipeline> change) {
        client.resources(ModelPipeline.class).inNamespace(ns).withName("fraud").edit(p -> {
            change.accept(p);
            return p;
        });
    }

    private ModelPipeline pipeline(String name) {
        return client.resources(ModelPipeline.class).inNamespace(ns).withName(name).get();
    }

    private ModelRevision revision(String name) {
        return client.resources(ModelRevision.class).inNamespace(ns).withName(name).get();
    }

    private static String phase(ModelRevision revision) {
        return revision.getStatus() == null ? null : revision.getStatus().getPhase();
    }

    private ModelPipeline awaitPipeline(String name, Predicate<ModelPipeline> condition) {
        return await().atMost(WorkloadSimulator.TIMEOUT).until(() -> pipeline(name),
                p -> p != null && p.getStatus() != null && condition.test(p));
    }

    private ModelRevision awaitRevision(String name, Predicate<ModelRevision> condition) {
        return await().atMost(WorkloadSimulator.TIMEOUT).until(() -> revision(name), r -> r != null && condition.test(r));
    }

    private double reconciles() {
        return operator.metric("modelgate_reconcile_total", "result", "success") + reconcileErrors();
    }

    private double reconcileErrors() {
        return operator.metric("modelgate_reconcile_total", "result", "error");
    }

    private List<String> eventReasons() {
        return client.v1().events().inNamespace(ns).list().getItems().stream().map(Event::getReason).toList();
    }

    private static Map<String, String> envOf(Job job) {
        return job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, e -> e.getValue() == null ? "" : e.getValue()));
    }
}
