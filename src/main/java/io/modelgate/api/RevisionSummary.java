package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One line of a pipeline's history. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RevisionSummary {
    private String name;
    private Integer number;
    private String phase;
    private String trigger;
    private String keyMetric;
    private String reason;

    public RevisionSummary() {
    }

    public RevisionSummary(String name, Integer number, String phase, String trigger, String keyMetric, String reason) {
        this.name = name;
        this.number = number;
        this.phase = phase;
        this.trigger = trigger;
        this.keyMetric = keyMetric;
        this.reason = reason;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public Integer getNumber() { return number; }
    public void setNumber(Integer number) { this.number = number; }
    public String getPhase() { return phase; }
    public void setPhase(String phase) { this.phase = phase; }
    public String getTrigger() { return trigger; }
    public void setTrigger(String trigger) { this.trigger = trigger; }
    public String getKeyMetric() { return keyMetric; }
    public void setKeyMetric(String keyMetric) { this.keyMetric = keyMetric; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
}
