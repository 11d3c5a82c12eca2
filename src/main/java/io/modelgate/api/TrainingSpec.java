package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The training stage, on one of the engines Modelgate implements: a Job (the template may be omitted: one container
 * running the source's training image), a Kubeflow Trainer TrainJob, or a JobSet.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.backend) && self.backend == 'TrainJob' ? has(self.trainJob) : !has(self.trainJob)",
        message = "trainJob is required with backend TrainJob and applies only to it")
@ValidationRule(value = "has(self.backend) && self.backend == 'JobSet' ? has(self.jobSet) : !has(self.jobSet)",
        message = "jobSet is required with backend JobSet and applies only to it")
@ValidationRule(value = "!has(self.backend) || self.backend == 'Job' || !has(self.template)",
        message = "template applies to backend Job only: a TrainJob takes trainJob.trainer and trainJob.runtimePatch, a JobSet the templates of its replicatedJobs")
@ValidationRule(value = "!has(self.backend) || self.backend == 'Job' || !has(self.backoffLimit)",
        message = "backoffLimit applies to backend Job only: a TrainJob retries as its runtime says, a JobSet as its failurePolicy and its Jobs' templates say")
@ValidationRule(value = "!has(self.backend) || self.backend != 'JobSet' || !has(self.activeDeadlineSeconds)",
        message = "activeDeadlineSeconds does not apply to a JobSet: set it in the templates of its replicatedJobs")
public class TrainingSpec extends JobStageSpec {

    @Required
    @Size(min = 1, max = 1024)
    @ValidationRule(value = "self.contains('{revision}')",
            message = "artifactUri must contain {revision} so that revisions never overwrite each other")
    @JsonPropertyDescription("Where the trained model is written, a pattern with {revision}; {namespace}, {pipeline} and {model} are also replaced. Passed as MODEL_URI.")
    private String artifactUri;

    @JsonPropertyDescription("The engine the training runs on. Job (the default): one batch/v1 Job. TrainJob: a Kubeflow Trainer TrainJob "
            + "(trainer.kubeflow.org/v1alpha1) on a training runtime. JobSet: a jobset.x-k8s.io/v1alpha2 JobSet. Part of the revision's identity.")
    private Backend backend;

    @JsonPropertyDescription("The TrainJob, with backend TrainJob.")
    private TrainJobSpec trainJob;

    @JsonPropertyDescription("The JobSet, with backend JobSet.")
    private JobSetTrainingSpec jobSet;

    /** The training engines Modelgate implements; the schema admits no other. */
    public enum Backend { Job, TrainJob, JobSet }

    public String getArtifactUri() { return artifactUri; }
    public void setArtifactUri(String artifactUri) { this.artifactUri = artifactUri; }
    public Backend getBackend() { return backend; }
    public void setBackend(Backend backend) { this.backend = backend; }
    public TrainJobSpec getTrainJob() { return trainJob; }
    public void setTrainJob(TrainJobSpec trainJob) { this.trainJob = trainJob; }
    public JobSetTrainingSpec getJobSet() { return jobSet; }
    public void setJobSet(JobSetTrainingSpec jobSet) { this.jobSet = jobSet; }

    public Backend effectiveBackend() { return backend == null ? Backend.Job : backend; }
}
