package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.timeZone) || has(self.schedule)",
        message = "triggers.timeZone applies only with triggers.schedule: set a schedule or remove the time zone")
public class TriggersSpec {

    @Size(min = 1, max = 128)
    @JsonPropertyDescription("Cron expression (5 fields, Kubernetes CronJob syntax) of scheduled retraining on fresh data behind the same dataRef. Missed ticks give at most one catch-up run.")
    private String schedule;

    @Size(min = 1, max = 64)
    @JsonPropertyDescription("IANA time zone of the schedule, e.g. Europe/Berlin. Default UTC. Only with schedule.")
    private String timeZone;

    @Size(max = 10)
    @ValidationRule(value = "self.all(t, self.exists_one(u, u.name == t.name))", message = "trigger names must be unique")
    @JsonPropertyDescription("Retraining when production says so: queries about the serving revision (prometheus or http, "
            + "as analysis metrics) with a bound; violated for `for`, outside `cooldown`, one revision with trigger Drift or "
            + "Quality is created. Never while another revision is in flight; a provider error never triggers.")
    private java.util.List<TriggerMetricSpec> metrics;

    public java.util.List<TriggerMetricSpec> getMetrics() { return metrics; }
    public void setMetrics(java.util.List<TriggerMetricSpec> metrics) { this.metrics = metrics; }
    public String getSchedule() { return schedule; }
    public void setSchedule(String schedule) { this.schedule = schedule; }
    public String getTimeZone() { return timeZone; }
    public void setTimeZone(String timeZone) { this.timeZone = timeZone; }
}
