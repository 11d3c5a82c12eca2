package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A threshold a metric must meet: absolute bounds, and/or "must beat the stable revision". */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.min) || has(self.max) || has(self.mustBeat)",
        message = "a gate needs at least one of min, max or mustBeat")
@ValidationRule(value = "!has(self.min) || !has(self.max) || self.min <= self.max",
        message = "min must be less than or equal to max")
@ValidationRule(value = "!has(self.tolerance) || has(self.mustBeat)",
        message = "tolerance applies only with mustBeat")
public class Gate {

    public enum Baseline { stable }

    public enum Better { Higher, Lower }

    @Required
    @Size(min = 1, max = 128)
    @Pattern("^[A-Za-z_][A-Za-z0-9_.:/-]*$")
    @JsonPropertyDescription("Name of the metric in the Job's termination-message JSON object.")
    private String metric;

    @JsonPropertyDescription("The metric must be at least this.")
    private Double min;

    @JsonPropertyDescription("The metric must be at most this.")
    private Double max;

    @JsonPropertyDescription("Compare with the stable revision's recorded value of the same metric. Passes when nothing is stable yet.")
    private Baseline mustBeat;

    @Min(0)
    @JsonPropertyDescription("How far the candidate may fall behind the stable value and still pass (absolute). Default 0.")
    private Double tolerance;

    @JsonPropertyDescription("Which direction is better for mustBeat: Higher (default, e.g. accuracy) or Lower (e.g. loss).")
    private Better better;

    public Gate() {
    }

    public String getMetric() { return metric; }
    public void setMetric(String metric) { this.metric = metric; }
    public Double getMin() { return min; }
    public void setMin(Double min) { this.min = min; }
    public Double getMax() { return max; }
    public void setMax(Double max) { this.max = max; }
    public Baseline getMustBeat() { return mustBeat; }
    public void setMustBeat(Baseline mustBeat) { this.mustBeat = mustBeat; }
    public Double getTolerance() { return tolerance; }
    public void setTolerance(Double tolerance) { this.tolerance = tolerance; }
    public Better getBetter() { return better; }
    public void setBetter(Better better) { this.better = better; }
}
