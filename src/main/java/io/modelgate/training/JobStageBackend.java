package io.modelgate.training;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.modelgate.api.ModelRevision;
import io.modelgate.revision.JobObservation;
import io.modelgate.revision.JobStage;
import io.modelgate.workload.ClusterView;
import io.modelgate.workload.JobObservations;
import io.modelgate.workload.Labels;
import io.modelgate.workload.Owned;
import io.modelgate.workload.Workloads;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A stage as one {@code batch/v1} Job: the default, and what every cluster has. */
public final class JobStageBackend implements StageBackend {

    @Override
    public List<Class<? extends HasMetadata>> watchedKinds() {
        return List.of(Job.class, Pod.class);
    }

    @Override
    public HasMetadata build(ModelRevision revision, JobStage stage) {
        return Workloads.job(revision, stage);
    }

    @Override
    public List<PodTemplateSpec> podTemplates(HasMetadata built) {
        return List.of(((Job) built).getSpec().getTemplate());
    }

    @Override
    public JobObservation observe(ClusterView cluster, ModelRevision revision, JobStage stage) {
        String name = jobName(revision, stage);
        if (name == null) {
            return JobObservation.ABSENT;
        }
        Job job = cluster.get("Job", name).map(Job.class::cast).orElse(null);
        Map<String, String> labels = Map.of(Labels.REVISION, revision.getMetadata().getName(), Labels.ROLE, stage.name().toLowerCase(Locale.ROOT));
        JobObservation observed = JobObservations.job(job, cluster.pods(labels), () -> cluster.podsReadAgain(name), cluster.podsRefused(name));
        if (observed instanceof JobObservation.Running && job.getSpec() != null && Boolean.TRUE.equals(job.getSpec().getSuspend())) {
            return EngineStatus.held(cluster, job, "the Job is suspended");
        }
        return observed;
    }

    @Override
    public List<Owned> owned(ModelRevision revision, JobStage stage) {
        String name = jobName(revision, stage);
        return name == null ? List.of() : List.of(new Owned("batch/v1", "Job", name));
    }

    static String jobName(ModelRevision revision, JobStage stage) {
        var workloads = revision.getSpec().getWorkloads();
        return switch (stage) {
            case Validation -> workloads.getValidationJob();
            case Training -> workloads.getTrainingJob();
            case Evaluation -> workloads.getEvaluationJob();
        };
    }
}
