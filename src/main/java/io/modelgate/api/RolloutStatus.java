package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.ArrayList;
import java.util.List;

/** Where a Canary or BlueGreen rollout of one revision stands; enough to resume it exactly after a restart. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolloutStatus {

    @JsonPropertyDescription("Canary or BlueGreen.")
    private String strategy;

    @JsonPropertyDescription("1 for the first rollout of the revision, one more for every retry.")
    private Integer attempt;

    @JsonPropertyDescription("The revision serving before this rollout (stable), which keeps serving until promotion.")
    private String stableRevision;

    @JsonPropertyDescription("Canary: the current step, 0-based; equal to stepCount once all steps are done.")
    private Integer stepIndex;

    private Integer stepCount;

    @JsonPropertyDescription("Canary: the percentage of traffic meant for this revision.")
    private Integer canaryWeight;

    private String stepStartedAt;

    @JsonPropertyDescription("BlueGreen: PreviewScaling, PrePromotionAnalysis, SwitchingActive, PostPromotionAnalysis, ScaleDownDelay or Done.")
    private String blueGreenPhase;

    private String phaseStartedAt;

    @JsonPropertyDescription("Since when the new revision has been trying to become available (for the progress deadline).")
    private String progressingSince;

    @JsonPropertyDescription("Set while the rollout waits for a person (modelgate.io/action: promote or abort): why.")
    private String pausedReason;

    private Boolean aborted;

    @JsonPropertyDescription("Canary: the background analysis is measured (or, Inconclusive, waits for a person).")
    private Boolean backgroundAnalysisRunning;

    @JsonPropertyDescription("Canary: the current background analysis run of the attempt when not the first (a promote past an Inconclusive one starts the next).")
    private Integer backgroundAnalysisRun;

    @JsonPropertyDescription("The last decision, for people.")
    private String message;

    @JsonPropertyDescription("Analysis runs of this revision (newest last, at most 20), each with its last 10 measurements per metric.")
    private List<AnalysisRunStatus> analysisRuns = new ArrayList<>();

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyDescription("The rollout hooks run, each attempt's own, with their outcome.")
    private List<HookRunStatus> hooks;

    public List<HookRunStatus> getHooks() { return hooks; }
    public void setHooks(List<HookRunStatus> hooks) { this.hooks = hooks; }

    @JsonPropertyDescription("The analysis templates this rollout measures, frozen when it started (their version and resolved metrics): "
            + "a template edited or deleted later changes nothing under way. Absent: the rollout started before templates were frozen.")
    @io.fabric8.generator.annotation.Size(max = 100)
    private List<AnalysisTemplateStatus> analysisTemplates;

    public List<AnalysisTemplateStatus> getAnalysisTemplates() { return analysisTemplates; }
    public void setAnalysisTemplates(List<AnalysisTemplateStatus> analysisTemplates) { this.analysisTemplates = analysisTemplates; }
    public String getStrategy() { return strategy; }
    public void setStrategy(String strategy) { this.strategy = strategy; }
    public Integer getAttempt() { return attempt; }
    public void setAttempt(Integer attempt) { this.attempt = attempt; }
    public String getStableRevision() { return stableRevision; }
    public void setStableRevision(String stableRevision) { this.stableRevision = stableRevision; }
    public Integer getStepIndex() { return stepIndex; }
    public void setStepIndex(Integer stepIndex) { this.stepIndex = stepIndex; }
    public Integer getStepCount() { return stepCount; }
    public void setStepCount(Integer stepCount) { this.stepCount = stepCount; }
    public Integer getCanaryWeight() { return canaryWeight; }
    public void setCanaryWeight(Integer canaryWeight) { this.canaryWeight = canaryWeight; }
    public String getStepStartedAt() { return stepStartedAt; }
    public void setStepStartedAt(String stepStartedAt) { this.stepStartedAt = stepStartedAt; }
    public String getBlueGreenPhase() { return blueGreenPhase; }
    public void setBlueGreenPhase(String blueGreenPhase) { this.blueGreenPhase = blueGreenPhase; }
    public String getPhaseStartedAt() { return phaseStartedAt; }
    public void setPhaseStartedAt(String phaseStartedAt) { this.phaseStartedAt = phaseStartedAt; }
    public String getProgressingSince() { return progressingSince; }
    public void setProgressingSince(String progressingSince) { this.progressingSince = progressingSince; }
    public String getPausedReason() { return pausedReason; }
    public void setPausedReason(String pausedReason) { this.pausedReason = pausedReason; }
    public Boolean getAborted() { return aborted; }
    public void setAborted(Boolean aborted) { this.aborted = aborted; }
    public Boolean getBackgroundAnalysisRunning() { return backgroundAnalysisRunning; }
    public void setBackgroundAnalysisRunning(Boolean backgroundAnalysisRunning) { this.backgroundAnalysisRunning = backgroundAnalysisRunning; }
    public Integer getBackgroundAnalysisRun() { return backgroundAnalysisRun; }
    public void setBackgroundAnalysisRun(Integer backgroundAnalysisRun) { this.backgroundAnalysisRun = backgroundAnalysisRun; }
    public String getMessage() { return message; }
    public void setMessage(String message) { this.message = message; }
    public List<AnalysisRunStatus> getAnalysisRuns() { return analysisRuns; }
    public void setAnalysisRuns(List<AnalysisRunStatus> analysisRuns) { this.analysisRuns = analysisRuns; }
}
