package io.modelgate.training;

import io.modelgate.engine.EngineKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.modelgate.api.JobSetTrainingSpec;
import io.modelgate.api.ModelRevision;
import io.modelgate.revision.JobObservation;
import io.modelgate.revision.JobStage;
import io.modelgate.workload.ClusterView;
import io.modelgate.workload.Labels;
import io.modelgate.workload.Owned;
import io.modelgate.workload.Workloads;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training as a {@code JobSet}, for teams that run JobSet without the Trainer: the pipeline's replicated Jobs, each
 * pod template prepared as a Job's is (the revision's labels and environment, the restricted defaults), the first
 * replicated Job's first pod being the trainer whose termination message holds the metrics.
 */
public final class JobSetStageBackend implements StageBackend {

    @Override
    public List<Class<? extends HasMetadata>> watchedKinds() {
        return List.of();
    }

    @Override
    public List<EngineKind> engineKinds() {
        return List.of(EngineKind.JOB_SET);
    }

    @Override
    public HasMetadata build(ModelRevision revision, JobStage stage) {
        var training = revision.getSpec().getTraining();
        JobSetTrainingSpec jobSet = training.getJobSet();
        GenericKubernetesResource object = new GenericKubernetesResource();
        object.setApiVersion(EngineKind.JOB_SET.apiVersion());
        object.setKind(EngineKind.JOB_SET.kind());
        Map<String, String> labels = new LinkedHashMap<>(Workloads.stageLabels(revision, stage));
        Labels.queue(training.getQueueName()).ifPresent(labels::putAll);
        object.setMetadata(Workloads.ownedMetadata(JobStageBackend.jobName(revision, stage), revision.getMetadata().getNamespace(), labels, revision));

        List<Object> replicatedJobs = new ArrayList<>();
        for (JobSetTrainingSpec.ReplicatedJob replicated : jobSet.getReplicatedJobs()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> template = replicated.getTemplate() == null ? new LinkedHashMap<>()
                    : (Map<String, Object>) TrainJobStageBackend.SERIALIZATION.convertValue(replicated.getTemplate(), Map.class);
            Map<String, Object> jobSpec = TrainJobStageBackend.child(template, "spec");
            PodTemplateSpec given = jobSpec.get("template") == null ? null
                    : TrainJobStageBackend.SERIALIZATION.convertValue(jobSpec.get("template"), PodTemplateSpec.class);
            jobSpec.put("template", TrainJobStageBackend.SERIALIZATION.convertValue(Workloads.stagePodTemplate(revision, stage, given), Map.class));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", replicated.getName());
            entry.put("replicas", replicated.getReplicas() == null ? 1 : replicated.getReplicas());
            entry.put("template", template);
            replicatedJobs.add(entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("replicatedJobs", replicatedJobs);
        if (jobSet.getSuccessPolicy() != null && !jobSet.getSuccessPolicy().isEmpty()) {
            body.put("successPolicy", jobSet.getSuccessPolicy());
        }
        if (jobSet.getFailurePolicy() != null && !jobSet.getFailurePolicy().isEmpty()) {
            body.put("failurePolicy", jobSet.getFailurePolicy());
        }
        object.setAdditionalProperty("spec", body);
        return object;
    }

    @Override
    public List<PodTemplateSpec> podTemplates(HasMetadata built) {
        return podTemplatesOf(EngineStatus.spec((GenericKubernetesResource) built));
    }

    /** The pod templates of a JobSet spec (or of a runtime patch's): one per replicated Job that has one. */
    @SuppressWarnings("unchecked")
    static List<PodTemplateSpec> podTemplatesOf(Map<String, Object> jobSetSpec) {
        List<PodTemplateSpec> templates = new ArrayList<>();
        if (jobSetSpec.get("replicatedJobs") instanceof List<?> replicated) {
            for (Object entry : replicated) {
                Object template = entry instanceof Map<?, ?> r && r.get("template") instanceof Map<?, ?> t && t.get("spec") instanceof Map<?, ?> s
                        ? s.get("template") : null;
                if (template instanceof Map<?, ?>) {
                    templates.add(TrainJobStageBackend.SERIALIZATION.convertValue(template, PodTemplateSpec.class));
                }
            }
        }
        return templates;
    }

    @Override
    public JobObservation observe(ClusterView cluster, ModelRevision revision, JobStage stage) {
        String name = JobStageBackend.jobName(revision, stage);
        String trainer = revision.getSpec().getTraining().getJobSet().getReplicatedJobs().get(0).getName();
        return cluster.get(EngineKind.JOB_SET.kind(), name).map(GenericKubernetesResource.class::cast)
                .map(jobSet -> EngineStatus.observe(cluster, jobSet, "Completed", cluster.pods(Workloads.stageLabels(revision, stage)), trainer))
                .orElse(JobObservation.ABSENT);
    }

    @Override
    public List<Owned> owned(ModelRevision revision, JobStage stage) {
        String name = JobStageBackend.jobName(revision, stage);
        return name == null ? List.of() : List.of(new Owned(EngineKind.JOB_SET.apiVersion(), EngineKind.JOB_SET.kind(), name));
    }
}
