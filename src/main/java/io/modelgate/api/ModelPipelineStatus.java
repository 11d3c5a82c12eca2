package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;

import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ModelPipelineStatus {

    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("Short summary: Pending, Validating, Training, Evaluating, Queued, RollingOut, Serving, Degraded, Paused or Invalid.")
    private String phase;

    @JsonPropertyDescription("The revision serving traffic.")
    private String stableRevision;

    @JsonPropertyDescription("The newest revision: the one in flight, or the last one that ended.")
    private String currentRevision;

    @JsonPropertyDescription("Highest revision number ever given out for this pipeline; numbers are never reused.")
    private Integer latestRevisionNumber;

    @JsonPropertyDescription("Percentage of traffic on the revision rolling out (Canary), absent otherwise.")
    private Integer canaryWeight;

    @JsonPropertyDescription("Content hash of the spec fields that define a revision.")
    private String specHash;

    @JsonPropertyDescription("The last schedule tick that created (or was handled as) a revision, RFC 3339.")
    private String lastScheduleTime;

    @JsonPropertyDescription("The next schedule tick, RFC 3339.")
    private String nextScheduleTime;

    @JsonPropertyDescription("Ready, Progressing and Degraded, with kstatus semantics.")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("Each retraining trigger (spec.triggers.metrics): what it measured last and when it last acted.")
    private List<TriggerStatus> triggers;

    @JsonPropertyDescription("spec.source.registeredModel: the version it names, as last looked up.")
    private RegisteredModelStatus registeredModel;

    @JsonPropertyDescription("The newest revisions, newest first (at most 10).")
    private List<RevisionSummary> history = new ArrayList<>();

    public Long getObservedGeneration() { return observedGeneration; }
    public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
    public String getPhase() { return phase; }
    public void setPhase(String phase) { this.phase = phase; }
    public String getStableRevision() { return stableRevision; }
    public void setStableRevision(String stableRevision) { this.stableRevision = stableRevision; }
    public String getCurrentRevision() { return currentRevision; }
    public void setCurrentRevision(String currentRevision) { this.currentRevision = currentRevision; }
    public Integer getLatestRevisionNumber() { return latestRevisionNumber; }
    public void setLatestRevisionNumber(Integer latestRevisionNumber) { this.latestRevisionNumber = latestRevisionNumber; }
    public Integer getCanaryWeight() { return canaryWeight; }
    public void setCanaryWeight(Integer canaryWeight) { this.canaryWeight = canaryWeight; }
    public String getSpecHash() { return specHash; }
    public void setSpecHash(String specHash) { this.specHash = specHash; }
    public String getLastScheduleTime() { return lastScheduleTime; }
    public void setLastScheduleTime(String lastScheduleTime) { this.lastScheduleTime = lastScheduleTime; }
    public String getNextScheduleTime() { return nextScheduleTime; }
    public void setNextScheduleTime(String nextScheduleTime) { this.nextScheduleTime = nextScheduleTime; }
    public List<Condition> getConditions() { return conditions; }
    public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
    public List<TriggerStatus> getTriggers() { return triggers; }
    public void setTriggers(List<TriggerStatus> triggers) { this.triggers = triggers; }
    public List<RevisionSummary> getHistory() { return history; }
    public void setHistory(List<RevisionSummary> history) { this.history = history; }
    public RegisteredModelStatus getRegisteredModel() { return registeredModel; }
    public void setRegisteredModel(RegisteredModelStatus registeredModel) { this.registeredModel = registeredModel; }
}
