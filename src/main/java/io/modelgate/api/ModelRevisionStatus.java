package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ModelRevisionStatus {

    private Long observedGeneration;

    @JsonPropertyDescription("Pending, Validating, Training, Evaluating, Queued, RollingOut, Promoted, Rejected, Failed, Superseded, RolledBack or Aborted.")
    private String phase;

    @JsonPropertyDescription("Machine-readable reason of the last transition.")
    private String reason;

    @JsonPropertyDescription("What happened last, for people.")
    private String message;

    @JsonPropertyDescription("True while this revision's Deployment is the one serving traffic.")
    private Boolean serving;

    @JsonPropertyDescription("The first evaluation gate's metric and value, for kubectl get.")
    private String keyMetric;

    @JsonPropertyDescription("Numeric metrics reported by the data-validation Job.")
    private Map<String, Double> validationMetrics;

    @JsonPropertyDescription("Numeric metrics reported by the training (the termination message of its first node on a distributed engine); a record, never a gate.")
    private Map<String, Double> trainingMetrics;

    @JsonPropertyDescription("Numeric metrics reported by the evaluation Job.")
    private Map<String, Double> metrics;

    @JsonPropertyDescription("The version of the data the validation or training Job read, as it reported it (dataVersion); a rerun pins it through DATA_VERSION.")
    private String dataVersion;

    @JsonPropertyDescription("The digest of the artifact the training wrote, as it reported it (artifactDigest).")
    private String artifactDigest;

    @JsonPropertyDescription("The stable revision the evaluation Job was told about (STABLE_REVISION, STABLE_MODEL_URI), frozen when it started.")
    private ChampionStatus champion;

    @JsonPropertyDescription("Verdict of every gate, with the observed value.")
    private List<GateVerdict> gates = new ArrayList<>();

    @JsonPropertyDescription("Every phase this revision entered, with the time.")
    private List<PhaseTransition> transitions = new ArrayList<>();

    @JsonPropertyDescription("Canary or BlueGreen rollout state, analysis runs and measurements.")
    private RolloutStatus rollout;

    @JsonPropertyDescription("The revision's model version in the registry (spec.registry of its pipeline) and any write still owed to it.")
    private RegistryRecordStatus registry;

    private List<Condition> conditions = new ArrayList<>();

    public Long getObservedGeneration() { return observedGeneration; }
    public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
    public String getPhase() { return phase; }
    public void setPhase(String phase) { this.phase = phase; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
    public String getMessage() { return message; }
    public void setMessage(String message) { this.message = message; }
    public Boolean getServing() { return serving; }
    public void setServing(Boolean serving) { this.serving = serving; }
    public String getKeyMetric() { return keyMetric; }
    public void setKeyMetric(String keyMetric) { this.keyMetric = keyMetric; }
    public Map<String, Double> getValidationMetrics() { return validationMetrics; }
    public void setValidationMetrics(Map<String, Double> validationMetrics) { this.validationMetrics = validationMetrics; }
    public Map<String, Double> getTrainingMetrics() { return trainingMetrics; }
    public void setTrainingMetrics(Map<String, Double> trainingMetrics) { this.trainingMetrics = trainingMetrics; }
    public Map<String, Double> getMetrics() { return metrics; }
    public void setMetrics(Map<String, Double> metrics) { this.metrics = metrics; }
    public String getDataVersion() { return dataVersion; }
    public void setDataVersion(String dataVersion) { this.dataVersion = dataVersion; }
    public String getArtifactDigest() { return artifactDigest; }
    public void setArtifactDigest(String artifactDigest) { this.artifactDigest = artifactDigest; }
    public ChampionStatus getChampion() { return champion; }
    public void setChampion(ChampionStatus champion) { this.champion = champion; }
    public List<GateVerdict> getGates() { return gates; }
    public void setGates(List<GateVerdict> gates) { this.gates = gates; }
    public List<PhaseTransition> getTransitions() { return transitions; }
    public void setTransitions(List<PhaseTransition> transitions) { this.transitions = transitions; }
    public RolloutStatus getRollout() { return rollout; }
    public void setRollout(RolloutStatus rollout) { this.rollout = rollout; }
    public RegistryRecordStatus getRegistry() { return registry; }
    public void setRegistry(RegistryRecordStatus registry) { this.registry = registry; }
    public List<Condition> getConditions() { return conditions; }
    public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
}
