package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A retraining trigger: a query against the serving revision that must stay within a bound. Violated for
 * {@code for}, outside its {@code cooldown}, it creates one revision with trigger Drift or Quality.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "(has(self.prometheus) ? 1 : 0) + (has(self.http) ? 1 : 0) == 1",
        message = "a trigger needs exactly one provider: prometheus or http")
@ValidationRule(value = "has(self.min) || has(self.max)", message = "a trigger needs a bound: min or max")
@ValidationRule(value = "!has(self.min) || !has(self.max) || self.min <= self.max", message = "min must be less than or equal to max")
public class TriggerMetricSpec {

    public enum Kind { Drift, Quality }

    @Required
    @Size(min = 1, max = 63)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("Name of the trigger, unique in the pipeline; named in the revision it creates.")
    private String name;

    @JsonPropertyDescription("Drift (the data moved away from what the model learnt; default) or Quality (the model's own "
            + "quality fell): the trigger of the revisions it creates.")
    private Kind kind;

    @JsonPropertyDescription("An instant PromQL query about the serving revision ({{revision}} is the stable revision).")
    private AnalysisMetricSpec.PrometheusMetric prometheus;

    @JsonPropertyDescription("GET a URL answering JSON about the serving revision; a JSON pointer selects the number.")
    private AnalysisMetricSpec.HttpMetric http;

    @JsonPropertyDescription("The value must be at least this; below it, the trigger is violated.")
    private Double min;

    @JsonPropertyDescription("The value must be at most this; above it, the trigger is violated.")
    private Double max;

    @Pattern(Durations.PATTERN)
    @JsonPropertyDescription("How long the bound must be violated, measurement after measurement, before a revision is created "
            + "(hysteresis). Default 0s: the first violation.")
    @com.fasterxml.jackson.annotation.JsonProperty("for")
    private String forDuration;

    @Pattern(Durations.PATTERN)
    @JsonPropertyDescription("Time between measurements. Default 1m.")
    private String interval;

    @Pattern(Durations.PATTERN)
    @JsonPropertyDescription("No new revision from this trigger until this long after the last one it created. Default 1h.")
    private String cooldown;

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public Kind getKind() { return kind; }
    public void setKind(Kind kind) { this.kind = kind; }
    public AnalysisMetricSpec.PrometheusMetric getPrometheus() { return prometheus; }
    public void setPrometheus(AnalysisMetricSpec.PrometheusMetric prometheus) { this.prometheus = prometheus; }
    public AnalysisMetricSpec.HttpMetric getHttp() { return http; }
    public void setHttp(AnalysisMetricSpec.HttpMetric http) { this.http = http; }
    public Double getMin() { return min; }
    public void setMin(Double min) { this.min = min; }
    public Double getMax() { return max; }
    public void setMax(Double max) { this.max = max; }
    public String getForDuration() { return forDuration; }
    public void setForDuration(String forDuration) { this.forDuration = forDuration; }
    public String getInterval() { return interval; }
    public void setInterval(String interval) { this.interval = interval; }
    public String getCooldown() { return cooldown; }
    public void setCooldown(String cooldown) { this.cooldown = cooldown; }

    public Kind effectiveKind() { return kind == null ? Kind.Drift : kind; }
}
