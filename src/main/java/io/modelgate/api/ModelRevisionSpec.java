package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** The frozen inputs of one revision: from this alone the exact training run can be repeated. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self == oldSelf", message = "a revision's spec is immutable: it is the record of what was trained")
public class ModelRevisionSpec {

    /**
     * Recreated: the newest records were deleted by hand, and this one stands in for them. Drift and Quality: a
     * trigger of spec.triggers.metrics was violated on the serving revision. Rerun: a person asked for another run of
     * an earlier revision's frozen spec, on the data version it recorded. AliasMoved: the alias of
     * source.registeredModel moved to another version.
     */
    public enum Trigger { Initial, SpecChange, Retrain, Schedule, Recreated, Drift, Quality, Rerun, AliasMoved }

    @Required
    @JsonPropertyDescription("Name of the owning ModelPipeline.")
    private String pipeline;

    @Required
    @Min(1)
    @JsonPropertyDescription("Revision number within the pipeline, starting at 1, never reused.")
    private Integer number;

    @Required
    @JsonPropertyDescription("sha256 of the canonical JSON of the fields below that define the model.")
    private String contentHash;

    @Required
    @JsonPropertyDescription("What created this revision.")
    private Trigger trigger;

    @JsonPropertyDescription("The schedule tick that created this revision (trigger Schedule), RFC 3339.")
    private String scheduledTime;

    @JsonPropertyDescription("Why a trigger of spec.triggers.metrics created this revision: its name, the value and the bound (trigger Drift or Quality).")
    private String triggerReason;

    @JsonPropertyDescription("The name of the trigger (spec.triggers.metrics) that created this revision.")
    private String triggeredBy;

    @JsonPropertyDescription("Trigger Rerun: the revision whose frozen spec this one runs again.")
    private String rerunOf;

    @JsonPropertyDescription("Trigger Rerun: the pipeline's content hash when the rerun was asked for. The rerun stands for that spec, so it is not taken for a spec change; contentHash is its own.")
    private String pipelineContentHash;

    @Required
    private String model;

    @Required
    private SourceSpec source;

    private DataValidationSpec dataValidation;

    @JsonPropertyDescription("Absent when the model exists (source.registeredModel or source.modelUri): nothing is trained.")
    private TrainingSpec training;

    @JsonPropertyDescription("source.registeredModel: the registered model version this revision delivers (artifactUri is its source).")
    private String modelVersion;

    @Required
    private EvaluationSpec evaluation;

    @Required
    @JsonPropertyDescription("Serving template and port frozen with the revision (replicas come from the pipeline).")
    private ServingSpec serving;

    @Required
    @JsonPropertyDescription("artifactUri with its placeholders replaced; the training Job writes here, serving reads from here. "
            + "A model that exists: its URI (source.modelUri, or the registered version's source).")
    private String artifactUri;

    @Required
    @JsonPropertyDescription("Names of the objects this revision creates.")
    private RevisionWorkloads workloads;

    public String getPipeline() { return pipeline; }
    public void setPipeline(String pipeline) { this.pipeline = pipeline; }
    public Integer getNumber() { return number; }
    public void setNumber(Integer number) { this.number = number; }
    public String getContentHash() { return contentHash; }
    public void setContentHash(String contentHash) { this.contentHash = contentHash; }
    public Trigger getTrigger() { return trigger; }
    public void setTrigger(Trigger trigger) { this.trigger = trigger; }
    public String getTriggerReason() { return triggerReason; }
    public void setTriggerReason(String triggerReason) { this.triggerReason = triggerReason; }
    public String getTriggeredBy() { return triggeredBy; }
    public void setTriggeredBy(String triggeredBy) { this.triggeredBy = triggeredBy; }
    public String getScheduledTime() { return scheduledTime; }
    public void setScheduledTime(String scheduledTime) { this.scheduledTime = scheduledTime; }
    public String getRerunOf() { return rerunOf; }
    public void setRerunOf(String rerunOf) { this.rerunOf = rerunOf; }
    public String getPipelineContentHash() { return pipelineContentHash; }
    public void setPipelineContentHash(String pipelineContentHash) { this.pipelineContentHash = pipelineContentHash; }

    public String getModelVersion() { return modelVersion; }
    public void setModelVersion(String modelVersion) { this.modelVersion = modelVersion; }

    /** Nothing to train: the model exists. */
    public boolean trainsModel() { return training != null; }

    public String getModel() { return model; }
    public void setModel(String model) { this.model = model; }
    public SourceSpec getSource() { return source; }
    public void setSource(SourceSpec source) { this.source = source; }
    public DataValidationSpec getDataValidation() { return dataValidation; }
    public void setDataValidation(DataValidationSpec dataValidation) { this.dataValidation = dataValidation; }
    public TrainingSpec getTraining() { return training; }
    public void setTraining(TrainingSpec training) { this.training = training; }
    public EvaluationSpec getEvaluation() { return evaluation; }
    public void setEvaluation(EvaluationSpec evaluation) { this.evaluation = evaluation; }
    public ServingSpec getServing() { return serving; }
    public void setServing(ServingSpec serving) { this.serving = serving; }
    public String getArtifactUri() { return artifactUri; }
    public void setArtifactUri(String artifactUri) { this.artifactUri = artifactUri; }
    public RevisionWorkloads getWorkloads() { return workloads; }
    public void setWorkloads(RevisionWorkloads workloads) { this.workloads = workloads; }
}
