package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.ArrayList;
import java.util.List;

/** One metric of an analysis run: its counters (which decide), its outcome and its last measurements (which explain). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetricRunStatus {

    private String name;

    @JsonPropertyDescription("Running, Successful, Failed, Inconclusive or Error.")
    private String phase;

    private String message;

    private Integer successful;
    private Integer failed;
    private Integer inconclusive;
    private Integer error;
    private Integer consecutiveFailures;
    private Integer consecutiveErrors;
    private Integer maxConsecutiveFailures;
    private Integer maxConsecutiveErrors;

    @JsonPropertyDescription("The current success streak (consecutiveSuccessLimit); absent while 0.")
    private Integer consecutiveSuccesses;

    @JsonPropertyDescription("A dry-run metric: measured and reported, never deciding the analysis.")
    private Boolean dryRun;

    @JsonPropertyDescription("job metrics: the analysis Job measuring now, if any.")
    private String pendingJob;

    @JsonPropertyDescription("The last measurements (measurementRetention, default 10), oldest first.")
    private List<MeasurementStatus> measurements = new ArrayList<>();

    public Integer getConsecutiveSuccesses() { return consecutiveSuccesses; }
    public void setConsecutiveSuccesses(Integer consecutiveSuccesses) { this.consecutiveSuccesses = consecutiveSuccesses; }
    public Boolean getDryRun() { return dryRun; }
    public void setDryRun(Boolean dryRun) { this.dryRun = dryRun; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getPhase() { return phase; }
    public void setPhase(String phase) { this.phase = phase; }
    public String getMessage() { return message; }
    public void setMessage(String message) { this.message = message; }
    public Integer getSuccessful() { return successful; }
    public void setSuccessful(Integer successful) { this.successful = successful; }
    public Integer getFailed() { return failed; }
    public void setFailed(Integer failed) { this.failed = failed; }
    public Integer getInconclusive() { return inconclusive; }
    public void setInconclusive(Integer inconclusive) { this.inconclusive = inconclusive; }
    public Integer getError() { return error; }
    public void setError(Integer error) { this.error = error; }
    public Integer getConsecutiveFailures() { return consecutiveFailures; }
    public void setConsecutiveFailures(Integer consecutiveFailures) { this.consecutiveFailures = consecutiveFailures; }
    public Integer getConsecutiveErrors() { return consecutiveErrors; }
    public void setConsecutiveErrors(Integer consecutiveErrors) { this.consecutiveErrors = consecutiveErrors; }
    public Integer getMaxConsecutiveFailures() { return maxConsecutiveFailures; }
    public void setMaxConsecutiveFailures(Integer maxConsecutiveFailures) { this.maxConsecutiveFailures = maxConsecutiveFailures; }
    public Integer getMaxConsecutiveErrors() { return maxConsecutiveErrors; }
    public void setMaxConsecutiveErrors(Integer maxConsecutiveErrors) { this.maxConsecutiveErrors = maxConsecutiveErrors; }
    public String getPendingJob() { return pendingJob; }
    public void setPendingJob(String pendingJob) { this.pendingJob = pendingJob; }
    public List<MeasurementStatus> getMeasurements() { return measurements; }
    public void setMeasurements(List<MeasurementStatus> measurements) { this.measurements = measurements; }
}
