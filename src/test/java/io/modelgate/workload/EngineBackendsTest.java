package io.modelgate.workload;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.ModelRevisionSpec.Trigger;
import io.modelgate.api.TrainingSpec;
import io.modelgate.revision.JobObservation;
import io.modelgate.revision.JobStage;
import io.modelgate.revision.RevisionIdentity;
import io.modelgate.status.Reason;
import io.modelgate.engine.EngineKind;
import io.modelgate.training.JobSetStageBackend;
import io.modelgate.training.StageBackend;
import io.modelgate.training.TrainJobStageBackend;
import io.modelgate.engine.Engines;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TrainJob and JobSet backends read what their controllers write (the conditions recorded from the real
 * controllers in docs/platforms.md): done, failed with the engine's reason and message, held by Kueue with the
 * queue's message; the first node's termination message is the training's metrics.
 */
class EngineBackendsTest {

    final StageBackend trainJobs = new TrainJobStageBackend();
    final StageBackend jobSets = new JobSetStageBackend();
    final ModelRevision trainJob = WorkloadsGoldenTest.freeze(WorkloadsGoldenTest.trainJob(), 3, Trigger.SpecChange, Optional.empty());
    final ModelRevision jobSet = WorkloadsGoldenTest.freeze(WorkloadsGoldenTest.jobSet(), 4, Trigger.SpecChange, Optional.empty());

    @Test
    void aTrainJobIsAbsentRunningHeldByItsQueueDoneWithTheFirstNodesMessageOrFailedWithTheTrainersReason() {
        BackendsTest.View cluster = new BackendsTest.View();
        assertThat(trainJobs.observe(cluster, trainJob, JobStage.Training)).isEqualTo(JobObservation.ABSENT);

        GenericKubernetesResource created = created(trainJobs.build(trainJob, JobStage.Training), "uid-train");
        cluster.put(created);
        assertThat(trainJobs.observe(cluster, trainJob, JobStage.Training)).isEqualTo(JobObservation.RUNNING);

        // As Kueue's webhook leaves it: suspended, with a Workload owned by it that has no quota yet.
        GenericKubernetesResource suspended = withStatus(withSpec(created, "suspend", true),
                condition("Suspended", "True", "Suspended", "TrainJob is suspended"));
        cluster.put(suspended);
        assertThat(trainJobs.observe(cluster, trainJob, JobStage.Training)).as("no Workload seen yet")
                .isEqualTo(new JobObservation.Held(Reason.WaitingForQuota, "queue team-a-gpu: Kueue has not admitted it yet"));
        String kueueSays = "couldn't assign flavors to pod set node: insufficient quota for nvidia.com/gpu in flavor a100, "
                + "previously considered podsets requests (0) + current podset request (4) > maximum capacity (1)";
        cluster.put(workload("trainjob-fraud-r3-train-0d088", "uid-train", condition("QuotaReserved", "False", "Pending", kueueSays)));
        assertThat(trainJobs.observe(cluster, trainJob, JobStage.Training))
                .isEqualTo(new JobObservation.Held(Reason.WaitingForQuota, "queue team-a-gpu: " + kueueSays));

        cluster.put(withStatus(created, condition("Failed", "True", "JobSetFailed",
                "jobset failed with reason FailedJobs: jobset failed due to one or more job failures")));
        assertThat(trainJobs.observe(cluster, trainJob, JobStage.Training)).isEqualTo(new JobObservation.Failed("JobSetFailed",
                "jobset failed with reason FailedJobs: jobset failed due to one or more job failures"));

        cluster.put(withStatus(created, condition("Complete", "True", "JobSetCompleted", "jobset completed successfully")));
        cluster.pods.add(nodePod("fraud-r3-train-node-0-1", "node", 1, "{\"loss\": 0.9}"));
        cluster.pods.add(nodePod("fraud-r3-train-node-0-0", "node", 0, "{\"loss\": 0.1}"));
        assertThat(trainJobs.observe(cluster, trainJob, JobStage.Training)).as("node 0's message, though another node ended too")
                .isEqualTo(new JobObservation.Succeeded("{\"loss\": 0.1}"));
    }

    @Test
    void aJobSetIsCompletedOrFailedByItsOwnConditionsAndItsFirstReplicatedJobTellsTheMetrics() {
        BackendsTest.View cluster = new BackendsTest.View();
        GenericKubernetesResource created = created(jobSets.build(jobSet, JobStage.Training), "uid-js");
        cluster.put(created);
        assertThat(jobSets.observe(cluster, jobSet, JobStage.Training)).isEqualTo(JobObservation.RUNNING);

        cluster.put(withStatus(created, condition("Suspended", "True", "SuspendedJobs", "jobset is suspended")));
        assertThat(jobSets.observe(cluster, jobSet, JobStage.Training)).as("no queue: suspended by someone else")
                .isEqualTo(new JobObservation.Held(Reason.Suspended, "jobset is suspended"));

        cluster.put(withStatus(created, condition("Failed", "True", "FailedJobs", "jobset failed due to one or more job failures")));
        assertThat(jobSets.observe(cluster, jobSet, JobStage.Training))
                .isEqualTo(new JobObservation.Failed("FailedJobs", "jobset failed due to one or more job failures"));

        cluster.put(withStatus(created, condition("Completed", "True", "AllJobsCompleted", "jobset completed successfully")));
        cluster.pods.add(nodePod("fraud-r4-train-workers-0-0", "workers", 0, "{\"loss\": 0.7}", jobSet));
        cluster.pods.add(nodePod("fraud-r4-train-driver-0-0", "driver", 0, "{\"loss\": 0.2}", jobSet));
        assertThat(jobSets.observe(cluster, jobSet, JobStage.Training)).isEqualTo(new JobObservation.Succeeded("{\"loss\": 0.2}"));
    }

    @Test
    void theEnginesNameWhatTheyCreateAndWhatToDelete() {
        assertThat(trainJobs.owned(trainJob, JobStage.Training)).containsExactly(new Owned("trainer.kubeflow.org/v1alpha1", "TrainJob", "fraud-r3-train"));
        assertThat(jobSets.owned(jobSet, JobStage.Training)).containsExactly(new Owned("jobset.x-k8s.io/v1alpha2", "JobSet", "fraud-r4-train"));
        assertThat(trainJobs.engineKinds()).containsExactly(EngineKind.TRAIN_JOB);
        assertThat(jobSets.engineKinds()).containsExactly(EngineKind.JOB_SET);
        assertThat(trainJobs.podTemplates(trainJobs.build(trainJob, JobStage.Training))).as("the trainer node's patch, checked for Pod Security")
                .singleElement().satisfies(t -> assertThat(t.getMetadata().getLabels()).containsEntry("modelgate.io/revision", "fraud-r3"));
        assertThat(jobSets.podTemplates(jobSets.build(jobSet, JobStage.Training))).hasSize(2);
    }

    @Test
    void theBackendAndItsFieldsArePartOfTheRevisionsIdentity() {
        ModelPipeline job = WorkloadsGoldenTest.minimal();
        ModelPipeline train = WorkloadsGoldenTest.trainJob();
        ModelPipeline moreNodes = WorkloadsGoldenTest.trainJob();
        moreNodes.getSpec().getTraining().getTrainJob().getTrainer().setNumNodes(8);
        ModelPipeline otherRuntime = WorkloadsGoldenTest.trainJob();
        otherRuntime.getSpec().getTraining().getTrainJob().getRuntimeRef().setName("deepspeed-distributed");
        ModelPipeline otherQueue = WorkloadsGoldenTest.trainJob();
        otherQueue.getSpec().getTraining().setQueueName("team-b");
        ModelPipeline sets = WorkloadsGoldenTest.jobSet();

        List<String> hashes = new ArrayList<>();
        for (ModelPipeline pipeline : List.of(job, train, moreNodes, otherRuntime, sets)) {
            hashes.add(RevisionIdentity.contentHash(pipeline.getSpec()));
        }
        assertThat(hashes).as("backend, node count, runtime each make another revision").doesNotHaveDuplicates();
        assertThat(RevisionIdentity.contentHash(WorkloadsGoldenTest.trainJob().getSpec())).isEqualTo(hashes.get(1));
        assertThat(trainJob.getSpec().getTraining().getTrainJob().getTrainer().getNumNodes()).as("frozen in the revision").isEqualTo(4);
        assertThat(RevisionIdentity.contentHash(otherQueue.getSpec())).as("the queue is frozen with the training it queues, as the Job stage's fields are")
                .isNotEqualTo(hashes.get(1));
    }

    @Test
    void anEngineNotEnabledOrNotInstalledIsNamedAndNotWatched() {
        assertThat(Engines.JOB_ONLY.enabled(TrainingSpec.Backend.Job)).isTrue();
        assertThat(Engines.JOB_ONLY.enabled(TrainingSpec.Backend.TrainJob)).isFalse();
        assertThat(Engines.JOB_ONLY.notEnabled(TrainingSpec.Backend.TrainJob)).contains("chart value backends.trainJob: true");
        assertThat(Engines.JOB_ONLY.watched()).isEmpty();

        Engines noTrainer = Engines.ALL.servedOnly(kind -> !kind.equals(EngineKind.TRAIN_JOB));
        assertThat(noTrainer.unserved()).containsExactly(EngineKind.TRAIN_JOB);
        assertThat(noTrainer.enabled(TrainingSpec.Backend.TrainJob)).isFalse();
        assertThat(noTrainer.enabled(TrainingSpec.Backend.JobSet)).isTrue();
        assertThat(noTrainer.notEnabled(TrainingSpec.Backend.TrainJob))
                .isEqualTo("training.backend TrainJob: the API server does not serve trainer.kubeflow.org/v1alpha1 TrainJob (is Kubeflow Trainer "
                        + "installed? the operator looks when it starts: restart it once the CRDs are installed)");
        assertThat(noTrainer.watched()).containsExactly(EngineKind.JOB_SET, EngineKind.WORKLOAD, EngineKind.INFERENCE_SERVICE);
        assertThat(noTrainer.queuesWatched()).isTrue();
        assertThat(Engines.ALL.servedOnly(kind -> false).watched()).isEmpty();
        assertThat(Engines.ALL.servedOnly(kind -> false).queuesWatched()).isFalse();
        assertThat(new Engines(false, true, false).servedOnly(kind -> false).unserved()).as("only enabled kinds are asked about")
                .isEqualTo(Set.of(EngineKind.JOB_SET));
    }

    @Test
    void kserveNotEnabledOrNotInstalledIsNamedAndNotWatched() {
        assertThat(Engines.JOB_ONLY.enabled(io.modelgate.api.ServingSpec.Backend.Deployment)).isTrue();
        assertThat(Engines.JOB_ONLY.enabled(io.modelgate.api.ServingSpec.Backend.InferenceService)).isFalse();
        assertThat(Engines.JOB_ONLY.notEnabled(io.modelgate.api.ServingSpec.Backend.InferenceService))
                .isEqualTo("serving.backend InferenceService is not enabled in this operator (chart value backends.kserve: true, "
                        + "which also grants the operator its RBAC on InferenceServices)");
        Engines noKServe = Engines.ALL.servedOnly(kind -> !kind.equals(EngineKind.INFERENCE_SERVICE));
        assertThat(noKServe.enabled(io.modelgate.api.ServingSpec.Backend.InferenceService)).isFalse();
        assertThat(noKServe.notEnabled(io.modelgate.api.ServingSpec.Backend.InferenceService))
                .isEqualTo("serving.backend InferenceService: the API server does not serve serving.kserve.io/v1beta1 InferenceService "
                        + "(is KServe installed? the operator looks when it starts: restart it once the CRDs are installed)");
        assertThat(noKServe.watched()).doesNotContain(EngineKind.INFERENCE_SERVICE);
        assertThat(new Engines(false, false, false, true, Set.of()).watched()).containsExactly(EngineKind.INFERENCE_SERVICE);
    }

    // --- what the controllers write, as recorded in docs/platforms.md ---

    static GenericKubernetesResource created(io.fabric8.kubernetes.api.model.HasMetadata built, String uid) {
        GenericKubernetesResource object = (GenericKubernetesResource) built;
        object.getMetadata().setUid(uid);
        return object;
    }

    @SuppressWarnings("unchecked")
    static GenericKubernetesResource withSpec(GenericKubernetesResource object, String field, Object value) {
        GenericKubernetesResource copy = copy(object);
        Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) copy.getAdditionalProperties().get("spec"));
        spec.put(field, value);
        copy.setAdditionalProperty("spec", spec);
        return copy;
    }

    static GenericKubernetesResource withStatus(GenericKubernetesResource object, Map<String, Object>... conditions) {
        GenericKubernetesResource copy = copy(object);
        copy.setAdditionalProperty("status", Map.of("conditions", List.of(conditions)));
        return copy;
    }

    static Map<String, Object> condition(String type, String status, String reason, String message) {
        return Map.of("type", type, "status", status, "reason", reason, "message", message);
    }

    static GenericKubernetesResource workload(String name, String ownerUid, Map<String, Object> condition) {
        GenericKubernetesResource workload = new GenericKubernetesResource();
        workload.setApiVersion(EngineKind.WORKLOAD.apiVersion());
        workload.setKind(EngineKind.WORKLOAD.kind());
        workload.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).withNamespace("ml")
                .withOwnerReferences(new OwnerReferenceBuilder().withKind("TrainJob").withName("fraud-r3-train").withUid(ownerUid).build()).build());
        workload.setAdditionalProperty("status", Map.of("conditions", List.of(condition)));
        return workload;
    }

    private static GenericKubernetesResource copy(GenericKubernetesResource object) {
        return io.fabric8.kubernetes.client.utils.Serialization.clone(object);
    }

    private Pod nodePod(String name, String replicatedJob, int index, String message) {
        return nodePod(name, replicatedJob, index, message, trainJob);
    }

    private static Pod nodePod(String name, String replicatedJob, int index, String message, ModelRevision revision) {
        Map<String, String> labels = new LinkedHashMap<>(Workloads.stageLabels(revision, JobStage.Training));
        labels.put("jobset.sigs.k8s.io/replicatedjob-name", replicatedJob);
        labels.put("jobset.sigs.k8s.io/job-index", "0");
        labels.put("batch.kubernetes.io/job-completion-index", String.valueOf(index));
        return new PodBuilder().withNewMetadata().withName(name).withLabels(labels).withCreationTimestamp("2026-11-01T10:00:0" + index + "Z").endMetadata()
                .withNewSpec().addNewContainer().withName(replicatedJob).endContainer().endSpec()
                .withNewStatus().withPhase("Succeeded").withContainerStatuses(new ContainerStatusBuilder().withName(replicatedJob)
                        .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(0).withMessage(message).endTerminated().build())
                        .build()).endStatus().build();
    }
}
