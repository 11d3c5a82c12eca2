package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.ArrayList;
import java.util.List;

/** How a revision that passed evaluation replaces the serving one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.steps) || size(self.steps) == 0 || self.strategy == 'Canary'",
        message = "steps apply only to the Canary strategy")
@ValidationRule(value = "!has(self.backgroundAnalysis) || self.strategy == 'Canary'",
        message = "backgroundAnalysis applies only to the Canary strategy")
@ValidationRule(value = "!has(self.blueGreen) || self.strategy == 'BlueGreen'",
        message = "blueGreen applies only to the BlueGreen strategy")
@ValidationRule(value = "!has(self.trafficRouting) || self.trafficRouting.type == 'replicas' || self.strategy == 'Canary'",
        message = "gatewayAPI traffic routing applies only to the Canary strategy")
@ValidationRule(value = "!has(self.analyses) || self.analyses.all(a, self.analyses.exists_one(b, b.name == a.name))",
        message = "analysis names must be unique")
@ValidationRule(value = "!has(self.steps) || self.steps.all(s, !has(s.analysis) || (has(self.analyses) && self.analyses.exists(a, a.name == s.analysis.name)))",
        message = "every step's analysis.name must be defined in analyses")
@ValidationRule(value = "!has(self.backgroundAnalysis) || (has(self.analyses) && self.analyses.exists(a, a.name == self.backgroundAnalysis.name))",
        message = "backgroundAnalysis.name must be defined in analyses")
@ValidationRule(value = "!has(self.blueGreen) || !has(self.blueGreen.prePromotionAnalysis) || (has(self.analyses) && self.analyses.exists(a, a.name == self.blueGreen.prePromotionAnalysis.name))",
        message = "blueGreen.prePromotionAnalysis.name must be defined in analyses")
@ValidationRule(value = "!has(self.blueGreen) || !has(self.blueGreen.postPromotionAnalysis) || (has(self.analyses) && self.analyses.exists(a, a.name == self.blueGreen.postPromotionAnalysis.name))",
        message = "blueGreen.postPromotionAnalysis.name must be defined in analyses")
@ValidationRule(value = "!has(self.steps) || self.steps.all(s, !has(s.setMirror) && !has(s.setHeaderRoute))"
        + " || (has(self.trafficRouting) && has(self.trafficRouting.type) && self.trafficRouting.type == 'gatewayAPI')",
        message = "setMirror and setHeaderRoute steps need trafficRouting type gatewayAPI: only an HTTPRoute can mirror or match headers")
@ValidationRule(value = "!has(self.hooks) || self.hooks.all(h, self.hooks.exists_one(g, g.name == h.name))",
        message = "hook names must be unique")
@ValidationRule(value = "!has(self.hooks) || size(self.hooks) == 0 || (has(self.strategy) && self.strategy != 'Direct')",
        message = "hooks apply only to the Canary and BlueGreen strategies")
public class RolloutSpec {

    public enum Strategy { Direct, Canary, BlueGreen }

    @Default("Direct")
    @JsonPropertyDescription("Direct: the new Deployment becomes available, then the old one scales to zero. "
            + "Canary: traffic moves to the new revision by steps, watched by analysis. "
            + "BlueGreen: the new revision runs at full size behind a preview Service, then the active Service switches.")
    private Strategy strategy;

    @Min(1)
    @Max(86400)
    @JsonPropertyDescription("Seconds the new revision may take to become available (at each weight) before it is rolled back. Default 600.")
    private Integer progressDeadlineSeconds;

    @JsonPropertyDescription("How a canary weight becomes traffic. Default: replicas.")
    private TrafficRoutingSpec trafficRouting;

    @Size(max = 10)
    @JsonPropertyDescription("Lifecycle hooks: PreRollout and ConfirmPromotion are waited for (a failure holds or rolls back), "
            + "PostRollout and Rollback are started and recorded.")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private List<RolloutHookSpec> hooks;

    public List<RolloutHookSpec> getHooks() { return hooks; }
    public void setHooks(List<RolloutHookSpec> hooks) { this.hooks = hooks; }

    @Size(max = 50)
    @JsonPropertyDescription("Canary steps, in order: setWeight, pause (timed, or {} to wait for a promote) or analysis. "
            + "No steps: the canary is promoted as soon as it is available.")
    private List<CanaryStepSpec> steps = new ArrayList<>();

    @JsonPropertyDescription("An analysis run across all canary steps, from the first step until promotion; Failed or Error rolls back at any step.")
    private AnalysisRef backgroundAnalysis;

    @JsonPropertyDescription("Blue-green settings.")
    private BlueGreenRolloutSpec blueGreen;

    @Size(max = 10)
    @JsonPropertyDescription("Named analyses, referenced by steps, backgroundAnalysis and blueGreen.")
    private List<AnalysisSpec> analyses = new ArrayList<>();

    public Strategy getStrategy() { return strategy; }
    public void setStrategy(Strategy strategy) { this.strategy = strategy; }
    public Integer getProgressDeadlineSeconds() { return progressDeadlineSeconds; }
    public void setProgressDeadlineSeconds(Integer progressDeadlineSeconds) { this.progressDeadlineSeconds = progressDeadlineSeconds; }
    public TrafficRoutingSpec getTrafficRouting() { return trafficRouting; }
    public void setTrafficRouting(TrafficRoutingSpec trafficRouting) { this.trafficRouting = trafficRouting; }
    public List<CanaryStepSpec> getSteps() { return steps; }
    public void setSteps(List<CanaryStepSpec> steps) { this.steps = steps; }
    public AnalysisRef getBackgroundAnalysis() { return backgroundAnalysis; }
    public void setBackgroundAnalysis(AnalysisRef backgroundAnalysis) { this.backgroundAnalysis = backgroundAnalysis; }
    public BlueGreenRolloutSpec getBlueGreen() { return blueGreen; }
    public void setBlueGreen(BlueGreenRolloutSpec blueGreen) { this.blueGreen = blueGreen; }
    public List<AnalysisSpec> getAnalyses() { return analyses; }
    public void setAnalyses(List<AnalysisSpec> analyses) { this.analyses = analyses; }

    public Strategy effectiveStrategy() { return strategy == null ? Strategy.Direct : strategy; }
}
