package io.modelgate.serving;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.modelgate.api.InferenceServiceSpec;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.ModelRevisionSpec.Trigger;
import io.modelgate.api.ServingSpec;
import io.modelgate.revision.PipelinePlan;
import io.modelgate.revision.RevisionIdentity;
import io.modelgate.revision.ServingObservation;
import io.modelgate.testing.Pipelines;
import io.modelgate.workload.ClusterView;
import io.modelgate.workload.Revisions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** An InferenceService read as KServe writes its status (docs/platforms.md records what the real controller wrote). */
class InferenceServiceServingTest {

    static ModelPipeline pipeline() {
        ModelPipeline pipeline = Pipelines.fraud("fraud", "ml");
        ServingSpec serving = pipeline.getSpec().getServing();
        serving.setBackend(ServingSpec.Backend.InferenceService);
        serving.setTemplate(null);
        InferenceServiceSpec predictor = new InferenceServiceSpec();
        InferenceServiceSpec.ModelFormat format = new InferenceServiceSpec.ModelFormat();
        format.setName("sklearn");
        predictor.setModelFormat(format);
        serving.setInferenceService(predictor);
        return pipeline;
    }

    final ModelPipeline pipeline = pipeline();
    final ModelRevision revision = freeze(pipeline);
    final ServingBackend backend = ServingBackends.of(revision.getSpec().getServing(), pipeline.getSpec().getServing());
    final Pods cluster = new Pods();

    static ModelRevision freeze(ModelPipeline pipeline) {
        pipeline.getMetadata().setUid("uid-p");
        ModelRevision revision = Revisions.freeze(pipeline, new PipelinePlan.NewRevision(1, Trigger.Initial, Optional.empty()),
                RevisionIdentity.contentHash(pipeline.getSpec()));
        revision.getMetadata().setUid("uid-r1");
        return revision;
    }

    GenericKubernetesResource created(int replicas) {
        GenericKubernetesResource built = (GenericKubernetesResource) backend.build(revision, replicas);
        built.getMetadata().setGeneration(1L);
        return built;
    }

    static GenericKubernetesResource withStatus(GenericKubernetesResource service, Map<String, Object> status) {
        GenericKubernetesResource copy = InferenceServiceServing.SERIALIZATION.convertValue(service, GenericKubernetesResource.class);
        copy.setAdditionalProperty("status", status);
        return copy;
    }

    static Map<String, Object> ready(long generation) {
        return Map.of("observedGeneration", generation, "conditions", List.of(Map.of("type", "PredictorReady", "status", "True"),
                Map.of("type", "Ready", "status", "True")));
    }

    void podsReady(int count) {
        for (int i = 0; i < count; i++) {
            Map<String, String> labels = new LinkedHashMap<>(revision.getMetadata().getLabels() == null ? Map.of() : Map.of());
            labels.put("modelgate.io/pipeline", "fraud");
            labels.put("modelgate.io/revision", "fraud-r1");
            labels.put("modelgate.io/role", "serving");
            cluster.pods.add(new PodBuilder().withNewMetadata().withName("fraud-r1-predictor-" + i).withLabels(labels).endMetadata()
                    .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build());
        }
    }

    @Test
    void availableOnlyWhenKServeSaysReadyForItsGenerationAndThePodsAreThereAtTheAskedCount() {
        assertThat(backend.observe(cluster, null, 2)).isEqualTo(ServingObservation.ABSENT);
        GenericKubernetesResource created = created(2);
        assertThat(backend.observe(cluster, created, 2)).as("no status yet").isEqualTo(new ServingObservation.Progressing(0, 2));

        GenericKubernetesResource ready = withStatus(created, ready(1));
        assertThat(backend.observe(cluster, ready, 2)).as("Ready, but no predictor pod seen yet").isEqualTo(new ServingObservation.Progressing(0, 2));
        podsReady(2);
        assertThat(backend.observe(cluster, ready, 2)).isEqualTo(ServingObservation.AVAILABLE);
        assertThat(backend.observe(cluster, ready, 3)).as("asks for fewer than serving needs").isEqualTo(new ServingObservation.Progressing(2, 3));

        GenericKubernetesResource scaledUp = (GenericKubernetesResource) backend.scaled(ready, 3);
        scaledUp.getMetadata().setGeneration(2L);
        assertThat(backend.observe(cluster, scaledUp, 3)).as("KServe has not seen the new bounds yet").isEqualTo(new ServingObservation.Progressing(2, 3));
    }

    @Test
    void stalledWithKServesOwnReasonWhenNoRuntimeCanServeItOrThePredictorMissedItsDeadline() {
        GenericKubernetesResource noRuntime = withStatus(created(2), Map.of("observedGeneration", 1, "conditions",
                List.of(Map.of("type", "Ready", "status", "False")),
                "modelStatus", Map.of("transitionStatus", "InvalidSpec", "lastFailureInfo",
                        Map.of("reason", "NoSupportingRuntime", "message", "No runtime found to support specified framework/version"))));
        assertThat(backend.observe(cluster, noRuntime, 2))
                .isEqualTo(new ServingObservation.Stalled("NoSupportingRuntime", "No runtime found to support specified framework/version"));

        GenericKubernetesResource deadline = withStatus(created(2), Map.of("observedGeneration", 1, "conditions",
                List.of(Map.of("type", "PredictorReady", "status", "False", "reason", "ProgressDeadlineExceeded",
                        "message", "ReplicaSet \"fraud-r1-predictor-5f\" has timed out progressing."))));
        assertThat(backend.observe(cluster, deadline, 2))
                .isEqualTo(new ServingObservation.Stalled("ProgressDeadlineExceeded", "ReplicaSet \"fraud-r1-predictor-5f\" has timed out progressing."));
    }

    @Test
    void theReplicaBoundsAndAutoscalingAreNotTheRevisionsIdentityWhatServesIs() {
        String before = RevisionIdentity.contentHash(pipeline.getSpec());
        InferenceServiceSpec predictor = pipeline.getSpec().getServing().getInferenceService();
        predictor.setMinReplicas(3);
        predictor.setMaxReplicas(9);
        predictor.setScaleMetric(InferenceServiceSpec.ScaleMetric.concurrency);
        predictor.setScaleTarget(10);
        assertThat(RevisionIdentity.contentHash(pipeline.getSpec())).isEqualTo(before);
        assertThat(freeze(pipeline).getSpec().getServing().getInferenceService().getMaxReplicas()).as("not frozen either").isNull();

        predictor.setRuntime("kserve-mlserver");
        assertThat(RevisionIdentity.contentHash(pipeline.getSpec())).isNotEqualTo(before);
        predictor.setRuntime(null);
        predictor.getModelFormat().setVersion("1");
        assertThat(RevisionIdentity.contentHash(pipeline.getSpec())).isNotEqualTo(before);
    }

    @Test
    void minReplicasIsTheStableRevisionsSizeAndTheScalePatchSetsBothBounds() {
        pipeline.getSpec().getServing().setReplicas(2);
        pipeline.getSpec().getServing().getInferenceService().setMinReplicas(3);
        pipeline.getSpec().getServing().getInferenceService().setMaxReplicas(5);
        ServingBackend sized = ServingBackends.of(revision.getSpec().getServing(), pipeline.getSpec().getServing());
        assertThat(pipeline.getSpec().getServing().effectiveReplicas()).isEqualTo(3);
        Map<String, Object> full = new LinkedHashMap<>();
        full.put("minReplicas", 3);
        full.put("maxReplicas", 3);
        full.put("scaleMetric", null);
        full.put("scaleTarget", null);
        assertThat(sized.scalePatch(3)).as("at full size, not yet handed over: pinned, so KServe sets the Deployment's replicas")
                .isEqualTo(Map.of("metadata", Map.of("annotations", Map.of("serving.kserve.io/autoscalerClass", "none")),
                        "spec", Map.of("predictor", full)));
        full.put("maxReplicas", 5);
        assertThat(sized.handedOver(true).scalePatch(3)).as("no autoscaling target named: a merge patch's null removes KServe's")
                .isEqualTo(Map.of("metadata", Map.of("annotations", Map.of("serving.kserve.io/autoscalerClass", "hpa")),
                        "spec", Map.of("predictor", full)));
        full.put("minReplicas", 1);
        full.put("maxReplicas", 1);
        assertThat(sized.scalePatch(1)).as("pinned: KServe sets the Deployment's replicas itself and keeps no HPA")
                .isEqualTo(Map.of("metadata", Map.of("annotations", Map.of("serving.kserve.io/autoscalerClass", "none")),
                        "spec", Map.of("predictor", full)));
        assertThat(sized.asks(sized.scaled(created(3), 1), 1)).isTrue();
        assertThat(sized.handedOver(true).asks(sized.scaled(created(3), 3), 3)).as("pinned at full size is not handed over").isFalse();
        HasMetadata atZero = sized.scaled(created(3), 0);
        InferenceServiceServing.predictor(atZero).remove("maxReplicas");
        assertThat(sized.asks(atZero, 0)).as("KServe drops a maxReplicas of 0: no patch on every pass for it").isTrue();
        assertThat(sized.handedOver(true).handedOver(false)).isEqualTo(sized);
        assertThat(sized.asks(created(3), 1)).isFalse();
        assertThat(sized.askedReplicas(sized.scaled(created(3), 1))).contains(1);
    }

    @Test
    void aRevisionStillServesFromWhatItWasFrozenWithWhateverThePipelineSaysNow() {
        ModelPipeline movedOn = Pipelines.fraud("fraud", "ml");
        assertThat(ServingBackends.of(revision.getSpec().getServing(), movedOn.getSpec().getServing()))
                .as("the pipeline went back to Deployments: its KServe revision is still an InferenceService")
                .isInstanceOf(InferenceServiceServing.class);
        assertThat(ServingBackends.of(movedOn.getSpec().getServing())).isInstanceOf(DeploymentServing.class);
    }

    static final class Pods implements ClusterView {
        final List<Pod> pods = new ArrayList<>();

        @Override
        public Optional<HasMetadata> get(String kind, String name) {
            return Optional.empty();
        }

        @Override
        public List<Pod> pods(Map<String, String> labels) {
            return pods.stream().filter(p -> p.getMetadata().getLabels().entrySet().containsAll(labels.entrySet())).toList();
        }

        @Override
        public List<Pod> podsReadAgain(String jobName) {
            return List.of();
        }

        @Override
        public Optional<String> podsRefused(String jobName) {
            return Optional.empty();
        }

        @Override
        public List<HasMetadata> ownedBy(String kind, String ownerUid) {
            return List.of();
        }
    }
}
