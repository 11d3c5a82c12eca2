package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.ArrayList;
import java.util.List;

/** One run of a named analysis for one purpose (background, a step, pre- or post-promotion) in one attempt. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AnalysisRunStatus {

    @JsonPropertyDescription("Unique within the revision: a<attempt>-background (then a<attempt>-background-<N> after a promote past an Inconclusive one), a<attempt>-step<N>, a<attempt>-prepromotion, a<attempt>-postpromotion.")
    private String name;

    @JsonPropertyDescription("The analysis (rollout.analyses[].name) that was run.")
    private String analysis;

    private Integer attempt;

    private String startedAt;

    @JsonPropertyDescription("Running, Successful, Failed, Inconclusive or Error.")
    private String phase;

    private String message;

    private List<MetricRunStatus> metrics = new ArrayList<>();

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getAnalysis() { return analysis; }
    public void setAnalysis(String analysis) { this.analysis = analysis; }
    public Integer getAttempt() { return attempt; }
    public void setAttempt(Integer attempt) { this.attempt = attempt; }
    public String getStartedAt() { return startedAt; }
    public void setStartedAt(String startedAt) { this.startedAt = startedAt; }
    public String getPhase() { return phase; }
    public void setPhase(String phase) { this.phase = phase; }
    public String getMessage() { return message; }
    public void setMessage(String message) { this.message = message; }
    public List<MetricRunStatus> getMetrics() { return metrics; }
    public void setMetrics(List<MetricRunStatus> metrics) { this.metrics = metrics; }
}
