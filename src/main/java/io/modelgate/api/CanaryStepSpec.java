package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** One canary step: exactly one of setWeight, pause, analysis, setMirror, setHeaderRoute. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "(has(self.setWeight) ? 1 : 0) + (has(self.pause) ? 1 : 0) + (has(self.analysis) ? 1 : 0)"
        + " + (has(self.setMirror) ? 1 : 0) + (has(self.setHeaderRoute) ? 1 : 0) == 1",
        message = "a step is exactly one of setWeight, pause, analysis, setMirror or setHeaderRoute")
public class CanaryStepSpec {

    @Min(0)
    @Max(100)
    @JsonPropertyDescription("Percentage of traffic for the canary; the step completes when the canary is available at that weight.")
    private Integer setWeight;

    @JsonPropertyDescription("Hold the weight: for duration, or, with {}, until modelgate.io/action: promote.")
    private PauseSpec pause;

    @JsonPropertyDescription("Run the named analysis at the current weight and wait for its outcome.")
    private AnalysisRef analysis;

    @JsonPropertyDescription("Mirror this percentage of requests to the canary (its answers are dropped) from this step on, until a later "
            + "setMirror changes it (percent 0 removes it) or the rollout ends. Needs trafficRouting gatewayAPI.")
    private MirrorSpec setMirror;

    @JsonPropertyDescription("Send the requests whose headers match to the canary from this step on, until a later setHeaderRoute of the "
            + "same name changes it (without match: removes it) or the rollout ends. Needs trafficRouting gatewayAPI.")
    private HeaderRouteSpec setHeaderRoute;

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
    public MirrorSpec getSetMirror() { return setMirror; }
    public void setSetMirror(MirrorSpec setMirror) { this.setMirror = setMirror; }
    public HeaderRouteSpec getSetHeaderRoute() { return setHeaderRoute; }
    public void setSetHeaderRoute(HeaderRouteSpec setHeaderRoute) { this.setHeaderRoute = setHeaderRoute; }

    public static CanaryStepSpec mirror(int percent) {
        CanaryStepSpec step = new CanaryStepSpec();
        MirrorSpec mirror = new MirrorSpec();
        mirror.setPercent(percent);
        step.setSetMirror(mirror);
        return step;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class MirrorSpec {
        @io.fabric8.generator.annotation.Required
        @Min(0)
        @Max(100)
        @JsonPropertyDescription("Percentage of requests copied to the canary; 0 stops mirroring.")
        private Integer percent;

        public Integer getPercent() { return percent; }
        public void setPercent(Integer percent) { this.percent = percent; }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "!has(self.match) || self.match.all(m, self.match.exists_one(n, n.headerName.lowerAscii() == m.headerName.lowerAscii()))",
            message = "a header route matches each header name once")
    public static class HeaderRouteSpec {
        @io.fabric8.generator.annotation.Required
        @io.fabric8.generator.annotation.Size(min = 1, max = 63)
        @io.fabric8.generator.annotation.Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
        @JsonPropertyDescription("Names the route: a later step of the same name replaces it, or removes it when it has no match.")
        private String name;

        @io.fabric8.generator.annotation.Size(max = 8)
        @JsonPropertyDescription("Headers a request must all have to go to the canary. Empty or absent: remove the route of this name.")
        private java.util.List<HeaderMatchSpec> match;

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public java.util.List<HeaderMatchSpec> getMatch() { return match; }
        public void setMatch(java.util.List<HeaderMatchSpec> match) { this.match = match; }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "(has(self.value) ? 1 : 0) + (has(self.prefix) ? 1 : 0) + (has(self.regex) ? 1 : 0) == 1",
            message = "a header match is exactly one of value, prefix or regex")
    public static class HeaderMatchSpec {
        @io.fabric8.generator.annotation.Required
        @io.fabric8.generator.annotation.Size(min = 1, max = 256)
        @io.fabric8.generator.annotation.Pattern("^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")
        @JsonPropertyDescription("The HTTP header's name, e.g. x-user-group.")
        private String headerName;

        @io.fabric8.generator.annotation.Size(min = 1, max = 4096)
        @JsonPropertyDescription("The header's exact value.")
        private String value;

        @io.fabric8.generator.annotation.Size(min = 1, max = 4096)
        @JsonPropertyDescription("What the header's value starts with (sent to Gateway API as an anchored RegularExpression).")
        private String prefix;

        @io.fabric8.generator.annotation.Size(min = 1, max = 4096)
        @JsonPropertyDescription("A regular expression the header's value matches (RegularExpression; its dialect is the gateway's).")
        private String regex;

        public String getHeaderName() { return headerName; }
        public void setHeaderName(String headerName) { this.headerName = headerName; }
        public String getValue() { return value; }
        public void setValue(String value) { this.value = value; }
        public String getPrefix() { return prefix; }
        public void setPrefix(String prefix) { this.prefix = prefix; }
        public String getRegex() { return regex; }
        public void setRegex(String regex) { this.regex = regex; }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class PauseSpec {
        @io.fabric8.generator.annotation.Pattern(Durations.PATTERN)
        @JsonPropertyDescription("How long to hold, e.g. 30s, 5m, 1h30m. Absent: wait for a promote.")
        private String duration;

        public String getDuration() { return duration; }
        public void setDuration(String duration) { this.duration = duration; }
    }
}
