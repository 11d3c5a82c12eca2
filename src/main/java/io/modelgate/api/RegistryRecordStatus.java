package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A revision's record in the model registry, and the write still owed to it. The pending write is kept here, not in
 * memory, so that it survives an operator restart and is done exactly once.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RegistryRecordStatus {

    @JsonPropertyDescription("The registry server the record is written to.")
    private String address;

    @JsonPropertyDescription("Registered model name.")
    private String model;

    @JsonPropertyDescription("The model version created for this revision.")
    private String version;

    @JsonPropertyDescription("The alias moved to this version when the revision was promoted.")
    private String alias;

    @JsonPropertyDescription("The outcome tagged on the version (modelgate.outcome): Promoted, RolledBack, Aborted, Failed or Superseded.")
    private String outcome;

    @JsonPropertyDescription("The write still owed to the registry: CreateVersion, MoveAlias or TagOutcome; empty when in sync.")
    private String pending;

    @JsonPropertyDescription("Failed attempts of the pending write.")
    private Integer attempts;

    @JsonPropertyDescription("What the registry answered to the last failed attempt.")
    private String lastError;

    @JsonPropertyDescription("When the pending write is tried again.")
    private String nextAttemptTime;

    @JsonPropertyDescription("When the registry last confirmed a write.")
    private String syncedTime;

    public String getAddress() { return address; }
    public void setAddress(String address) { this.address = address; }
    public String getModel() { return model; }
    public void setModel(String model) { this.model = model; }
    public String getVersion() { return version; }
    public void setVersion(String version) { this.version = version; }
    public String getAlias() { return alias; }
    public void setAlias(String alias) { this.alias = alias; }
    public String getOutcome() { return outcome; }
    public void setOutcome(String outcome) { this.outcome = outcome; }
    public String getPending() { return pending; }
    public void setPending(String pending) { this.pending = pending; }
    public Integer getAttempts() { return attempts; }
    public void setAttempts(Integer attempts) { this.attempts = attempts; }
    public String getLastError() { return lastError; }
    public void setLastError(String lastError) { this.lastError = lastError; }
    public String getNextAttemptTime() { return nextAttemptTime; }
    public void setNextAttemptTime(String nextAttemptTime) { this.nextAttemptTime = nextAttemptTime; }
    public String getSyncedTime() { return syncedTime; }
    public void setSyncedTime(String syncedTime) { this.syncedTime = syncedTime; }
}
