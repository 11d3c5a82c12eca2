package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One run of a rollout hook in one attempt of the rollout. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HookRunStatus {

    private String name;

    @JsonPropertyDescription("PreRollout, ConfirmPromotion, PostRollout or Rollback.")
    private String type;

    private Integer attempt;

    @JsonPropertyDescription("Running, Succeeded, Failed, or Overridden (failed, and a person promoted past it).")
    private String phase;

    private String message;

    @JsonPropertyDescription("The hook's Job, for a job hook.")
    private String job;

    private String startedAt;

    private String finishedAt;

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getType() { return type; }
    public void setType(String type) { this.type = type; }
    public Integer getAttempt() { return attempt; }
    public void setAttempt(Integer attempt) { this.attempt = attempt; }
    public String getPhase() { return phase; }
    public void setPhase(String phase) { this.phase = phase; }
    public String getMessage() { return message; }
    public void setMessage(String message) { this.message = message; }
    public String getJob() { return job; }
    public void setJob(String job) { this.job = job; }
    public String getStartedAt() { return startedAt; }
    public void setStartedAt(String startedAt) { this.startedAt = startedAt; }
    public String getFinishedAt() { return finishedAt; }
    public void setFinishedAt(String finishedAt) { this.finishedAt = finishedAt; }
}
