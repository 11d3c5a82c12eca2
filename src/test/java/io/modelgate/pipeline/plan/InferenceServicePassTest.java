package io.modelgate.pipeline.plan;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.modelgate.analysis.Measurement;
import io.modelgate.analysis.MeasurementPhase;
import io.modelgate.api.InferenceServiceSpec;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.ServingSpec;
import io.modelgate.delivery.RolloutDefaults;
import io.modelgate.engine.Engines;
import io.modelgate.podsecurity.PodSecurityLevel;
import io.modelgate.status.Conditions;
import io.modelgate.testing.Pipelines;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole passes of a pipeline served on KServe: an InferenceService per revision, scaled through its replica bounds,
 * available on KServe's Ready and its ready predictor pods, and the rollout between revisions as it is between
 * Deployments; KServe switched off holds everything back with BackendUnavailable.
 */
class InferenceServicePassTest {

    static final PipelinePass ON_KSERVE = new PipelinePass(new RolloutDefaults(Duration.ofSeconds(30), "http://127.0.0.1:9090"),
            PassState.Slots.UNLIMITED, PodSecurityLevel.DEFAULT, Engines.ALL);
    static final PipelinePass WITHOUT_KSERVE = new PipelinePass(new RolloutDefaults(Duration.ofSeconds(30), "http://127.0.0.1:9090"),
            PassState.Slots.UNLIMITED, PodSecurityLevel.DEFAULT, Engines.JOB_ONLY);

    Function<io.modelgate.pipeline.plan.MeasurementRequest, Measurement> healthy(InMemoryCluster cluster) {
        return request -> new Measurement(MeasurementPhase.Successful, 0.01, null, "0.01", cluster.now());
    }

    static ModelPipeline onKServe() {
        ModelPipeline pipeline = Pipelines.fraud("fraud", "ml");
        ServingSpec serving = pipeline.getSpec().getServing();
        serving.setBackend(ServingSpec.Backend.InferenceService);
        serving.setTemplate(null);
        serving.setReplicas(4);
        InferenceServiceSpec predictor = new InferenceServiceSpec();
        InferenceServiceSpec.ModelFormat format = new InferenceServiceSpec.ModelFormat();
        format.setName("sklearn");
        predictor.setModelFormat(format);
        predictor.setMaxReplicas(8);
        serving.setInferenceService(predictor);
        return pipeline;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> predictor(InMemoryCluster cluster, String name) {
        GenericKubernetesResource service = cluster.find(GenericKubernetesResource.class, name).orElseThrow();
        return (Map<String, Object>) ((Map<String, Object>) service.getAdditionalProperties().get("spec")).get("predictor");
    }

    static String autoscalerClass(InMemoryCluster cluster, String name) {
        return cluster.find(GenericKubernetesResource.class, name).orElseThrow().getMetadata().getAnnotations()
                .get("serving.kserve.io/autoscalerClass");
    }

    static String phase(InMemoryCluster cluster, String revision) {
        return cluster.find(ModelRevision.class, revision).orElseThrow().getStatus().getPhase();
    }

    /** The revision's training and evaluation Jobs created and completed, the gates passed with {@code auc}. */
    void trainedAndEvaluated(InMemoryCluster cluster, String revision, double auc) {
        var world = healthy(cluster);
        cluster.pass(ON_KSERVE, world);
        cluster.completeJob(revision + "-train", "{}");
        cluster.pass(ON_KSERVE, world);
        cluster.completeJob(revision + "-eval", "{\"auc\": " + auc + "}");
        cluster.pass(ON_KSERVE, world);
    }

    void promoteFirst(InMemoryCluster cluster) {
        var world = healthy(cluster);
        trainedAndEvaluated(cluster, "fraud-r1", 0.95);
        assertThat(predictor(cluster, "fraud-r1")).as("Direct: created at full size, pinned there until it serves")
                .containsEntry("minReplicas", 4).containsEntry("maxReplicas", 4);
        assertThat(autoscalerClass(cluster, "fraud-r1")).isEqualTo("none");
        assertThat(phase(cluster, "fraud-r1")).as("not Ready yet").isEqualTo("RollingOut");
        cluster.makeInferenceServiceReady("fraud-r1");
        cluster.pass(ON_KSERVE, world);
        assertThat(phase(cluster, "fraud-r1")).isEqualTo("Promoted");
        assertThat(predictor(cluster, "fraud-r1")).as("the stable revision at full size: handed to KServe's autoscaler, up to maxReplicas")
                .containsEntry("minReplicas", 4).containsEntry("maxReplicas", 8);
        assertThat(autoscalerClass(cluster, "fraud-r1")).isEqualTo("hpa");
        cluster.at(cluster.now().plus(Duration.ofMinutes(1)));
    }

    @Test
    void aRevisionServesFromItsInferenceServiceOnceKServeCallsItReady() {
        InMemoryCluster cluster = new InMemoryCluster(onKServe(), PassScenarios.T0);
        promoteFirst(cluster);

        assertThat(cluster.find(io.fabric8.kubernetes.api.model.apps.Deployment.class, "fraud-r1")).as("no Deployment of ours").isEmpty();
        assertThat(cluster.find(io.fabric8.kubernetes.api.model.Service.class, "fraud").orElseThrow().getSpec().getSelector())
                .as("the pipeline's Service selects the predictor pods by the revision's serving labels")
                .containsEntry("modelgate.io/pipeline", "fraud").containsEntry("modelgate.io/role", "serving");

        cluster.editSpec(p -> p.getSpec().getServing().getInferenceService().setMaxReplicas(12));
        InMemoryCluster.Pass pass = cluster.pass(ON_KSERVE, healthy(cluster));
        assertThat(pass.plan().revisions()).as("autoscaling bounds are not the revision's identity").hasSize(1);
        assertThat(predictor(cluster, "fraud-r1")).containsEntry("minReplicas", 4).containsEntry("maxReplicas", 12);
    }

    @Test
    void aCanaryIsPinnedAtItsReplicaShareAndARollbackLeavesTheStableInferenceServiceAlone() {
        InMemoryCluster cluster = new InMemoryCluster(onKServe(), PassScenarios.T0);
        promoteFirst(cluster);
        Map<String, Object> stableBefore = Map.copyOf(predictor(cluster, "fraud-r1"));

        cluster.editSpec(p -> {
            p.getSpec().setRollout(PassScenarios.canary());
            p.getSpec().getSource().setDataRef("s3://data/fraud/2026-11-02");
        });
        var world = healthy(cluster);
        trainedAndEvaluated(cluster, "fraud-r2", 0.96);
        assertThat(predictor(cluster, "fraud-r2")).as("weight 20 of 4 pods: one canary pod, pinned")
                .containsEntry("minReplicas", 1).containsEntry("maxReplicas", 1);
        assertThat(predictor(cluster, "fraud-r1")).as("the stable revision keeps every pod up to weight 50")
                .containsEntry("minReplicas", 4).containsEntry("maxReplicas", 8);

        cluster.makeInferenceServiceReady("fraud-r2");
        cluster.at(cluster.now().plus(Duration.ofSeconds(1)));
        cluster.pass(ON_KSERVE, request -> new Measurement(MeasurementPhase.Failed, 0.09, null, "0.09 is above max 0.05", cluster.now()));

        assertThat(phase(cluster, "fraud-r2")).as(() -> InMemoryCluster.SERIALIZATION.asYaml(cluster.find(ModelRevision.class, "fraud-r2").orElseThrow().getStatus())).isEqualTo("RolledBack");
        assertThat(predictor(cluster, "fraud-r2")).as("a rolled-back revision is scaled to 0 pods")
                .containsEntry("minReplicas", 0).containsEntry("maxReplicas", 0);
        assertThat(predictor(cluster, "fraud-r1")).as("the stable InferenceService is never touched by a rollback").isEqualTo(stableBefore);
    }

    /**
     * Found on the real controller: a revision created at 0 pods and handed to KServe's HPA at full size stayed at 0
     * (an HPA does not scale a Deployment that has none). A new revision is pinned at every count, full size included,
     * and only the stable one serving all its pods is handed over.
     */
    @Test
    void aNewRevisionAtFullSizeIsPinnedUntilItServesAsTheStableOne() {
        InMemoryCluster cluster = new InMemoryCluster(onKServe(), PassScenarios.T0);
        promoteFirst(cluster);
        cluster.editSpec(p -> p.getSpec().getSource().setDataRef("s3://data/fraud/2026-11-02"));
        var world = healthy(cluster);
        trainedAndEvaluated(cluster, "fraud-r2", 0.96);
        cluster.pass(ON_KSERVE, world);

        assertThat(phase(cluster, "fraud-r2")).isEqualTo("RollingOut");
        assertThat(predictor(cluster, "fraud-r2")).as("Direct: the new revision at full size beside the stable one, pinned")
                .containsEntry("minReplicas", 4).containsEntry("maxReplicas", 4);
        assertThat(autoscalerClass(cluster, "fraud-r2")).isEqualTo("none");
        assertThat(autoscalerClass(cluster, "fraud-r1")).as("the stable revision keeps its autoscaler meanwhile").isEqualTo("hpa");

        cluster.makeInferenceServiceReady("fraud-r2");
        cluster.pass(ON_KSERVE, world);
        cluster.pass(ON_KSERVE, world);

        assertThat(phase(cluster, "fraud-r2")).isEqualTo("Promoted");
        assertThat(predictor(cluster, "fraud-r2")).containsEntry("minReplicas", 4).containsEntry("maxReplicas", 8);
        assertThat(autoscalerClass(cluster, "fraud-r2")).isEqualTo("hpa");
        assertThat(predictor(cluster, "fraud-r1")).as("the replaced revision pinned at 0").containsEntry("minReplicas", 0).containsEntry("maxReplicas", 0);
        assertThat(autoscalerClass(cluster, "fraud-r1")).isEqualTo("none");
    }

    @Test
    void kserveThatCannotServeTheFormatFailsTheRevisionWithKServesMessageWhileTheStableOneServes() {
        InMemoryCluster cluster = new InMemoryCluster(onKServe(), PassScenarios.T0);
        promoteFirst(cluster);
        cluster.editSpec(p -> p.getSpec().getServing().getInferenceService().getModelFormat().setName("nosuchformat"));
        var world = healthy(cluster);
        trainedAndEvaluated(cluster, "fraud-r2", 0.96);
        cluster.failInferenceService("fraud-r2", "NoSupportingRuntime", "No runtime found to support specified framework/version");
        cluster.pass(ON_KSERVE, world);

        ModelRevision failed = cluster.find(ModelRevision.class, "fraud-r2").orElseThrow();
        assertThat(failed.getStatus().getPhase()).isEqualTo("Failed");
        assertThat(failed.getStatus().getMessage()).contains("No runtime found to support specified framework/version");
        assertThat(phase(cluster, "fraud-r1")).isEqualTo("Promoted");
        assertThat(predictor(cluster, "fraud-r1")).containsEntry("minReplicas", 4);
    }

    @Test
    void withoutKServeNoRevisionIsMadeAndThePipelineSaysBackendUnavailable() {
        InMemoryCluster cluster = new InMemoryCluster(onKServe(), PassScenarios.T0);
        InMemoryCluster.Pass pass = cluster.pass(WITHOUT_KSERVE, healthy(cluster));

        assertThat(pass.plan().intents()).as("nothing created").noneMatch(Intent.Create.class::isInstance);
        List<Condition> conditions = pass.plan().pipelineStatus().orElseThrow().getConditions();
        assertThat(Conditions.find(conditions, "Degraded")).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("BackendUnavailable");
            assertThat(c.getMessage()).contains("serving.backend InferenceService is not enabled in this operator (chart value backends.kserve: true");
        });
        assertThat(Conditions.find(conditions, "Ready")).get().extracting(Condition::getReason).isEqualTo("BackendUnavailable");
        assertThat(pass.plan().events()).anySatisfy(e -> assertThat(e.reason().name()).isEqualTo("BackendUnavailable"));
        assertThat(Set.of(pass.plan().pipelineStatus().get().getPhase())).containsExactly("Degraded");
    }
}
