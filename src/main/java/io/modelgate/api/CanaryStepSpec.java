package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** One canary step: exactly one of setWeight, pause, analysis. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "(has(self.setWeight) ? 1 : 0) + (has(self.pause) ? 1 : 0) + (has(self.analysis) ? 1 : 0) == 1",
        message = "a step is exactly one of setWeight, pause or analysis")
public class CanaryStepSpec {

    @Min(0)
    @Max(100)
    @JsonPropertyDescription("Percentage of traffic for the canary; the step completes when the canary is available at that weight.")
    private Integer setWeight;

    @JsonPropertyDescription("Hold the weight: for duration, or, with {}, until modelgate.io/action: promote.")
    private PauseSpec pause;

    @JsonPropertyDescription("Run the named analysis at the current weight and wait for its outcome.")
    private AnalysisRef analysis;

    public CanaryStepSpec() {
    }

    public static CanaryStepSpec weight(int weight) {
        CanaryStepSpec step = new CanaryStepSpec();
        step.setSetWeight(weight);
        return step;
    }

    public static CanaryStepSpec pause(String duration) {
        CanaryStepSpec step = new CanaryStepSpec();
        PauseSpec pause = new PauseSpec();
        pause.setDuration(duration);
        step.setPause(pause);
        return step;
    }

    public static CanaryStepSpec analysis(String name) {
        CanaryStepSpec step = new CanaryStepSpec();
        step.setAnalysis(AnalysisRef.named(name));
        return step;
    }

    public Integer getSetWeight() { return setWeight; }
    public void setSetWeight(Integer setWeight) { this.setWeight = setWeight; }
    public PauseSpec getPause() { return pause; }
    public void setPause(PauseSpec pause) { this.pause = pause; }
    public AnalysisRef getAnalysis() { return analysis; }
    public void setAnalysis(AnalysisRef analysis) { this.analysis = analysis; }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class PauseSpec {
        @io.fabric8.generator.annotation.Pattern(Durations.PATTERN)
        @JsonPropertyDescription("How long to hold, e.g. 30s, 5m, 1h30m. Absent: wait for a promote.")
        private String duration;

        public String getDuration() { return duration; }
        public void setDuration(String duration) { this.duration = duration; }
    }
}
