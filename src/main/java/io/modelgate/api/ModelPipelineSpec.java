package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
@io.fabric8.generator.annotation.ValidationRule(
        value = "has(self.training) != (has(self.source.registeredModel) || has(self.source.modelUri))",
        message = "training is required to train a model, and applies only then: source.registeredModel or source.modelUri is delivered without training")
@io.fabric8.generator.annotation.ValidationRule(
        value = "!has(self.notifications) || self.notifications.all(n, self.notifications.exists_one(m, m.name == n.name))",
        message = "notification names must be unique")
public class ModelPipelineSpec {

    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @Size(min = 1, max = 63)
    @JsonPropertyDescription("Name of the model this pipeline delivers (a DNS label).")
    private String model;

    @Required
    @JsonPropertyDescription("What the model is trained from; any change creates a new revision.")
    private SourceSpec source;

    @JsonPropertyDescription("Optional data-validation Job run before training, gated like evaluation.")
    private DataValidationSpec dataValidation;

    @JsonPropertyDescription("How a revision is trained. Required unless the model comes from source.registeredModel or source.modelUri.")
    private TrainingSpec training;

    @Required
    @JsonPropertyDescription("How a trained revision is judged before it may serve.")
    private EvaluationSpec evaluation;

    @Required
    @JsonPropertyDescription("How a promoted revision is served.")
    private ServingSpec serving;

    @JsonPropertyDescription("How a passing revision replaces the serving one.")
    private RolloutSpec rollout;

    @JsonPropertyDescription("When revisions are created without a spec change.")
    private TriggersSpec triggers;

    @JsonPropertyDescription("The model registry revisions are recorded in (MLflow); never blocks or changes what serves.")
    private RegistrySpec registry;

    @Size(max = 10)
    @JsonPropertyDescription("Webhooks told about chosen events (RevisionRejected, RolledBack, Promoted, WaitingForPromotion, "
            + "RetrainTriggered); none: the operator's default (chart operator.notifications), if set. Never blocks a rollout; "
            + "not part of the identity.")
    private java.util.List<NotificationSpec> notifications;

    @JsonPropertyDescription("When true, nothing new is created and no revision advances.")
    private Boolean paused;

    @Default("10")
    @Min(1)
    @Max(1000)
    @JsonPropertyDescription("How many revisions are kept; older ones are deleted with their Jobs (never the stable or current one).")
    private Integer revisionHistoryLimit;

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
    public RolloutSpec getRollout() { return rollout; }
    public void setRollout(RolloutSpec rollout) { this.rollout = rollout; }
    public TriggersSpec getTriggers() { return triggers; }
    public void setTriggers(TriggersSpec triggers) { this.triggers = triggers; }
    public RegistrySpec getRegistry() { return registry; }
    public void setRegistry(RegistrySpec registry) { this.registry = registry; }
    public java.util.List<NotificationSpec> getNotifications() { return notifications; }
    public void setNotifications(java.util.List<NotificationSpec> notifications) { this.notifications = notifications; }
    public Boolean getPaused() { return paused; }
    public void setPaused(Boolean paused) { this.paused = paused; }
    public Integer getRevisionHistoryLimit() { return revisionHistoryLimit; }
    public void setRevisionHistoryLimit(Integer revisionHistoryLimit) { this.revisionHistoryLimit = revisionHistoryLimit; }

    public boolean isPaused() { return Boolean.TRUE.equals(paused); }

    public int effectiveRevisionHistoryLimit() { return revisionHistoryLimit == null ? 10 : revisionHistoryLimit; }
}
