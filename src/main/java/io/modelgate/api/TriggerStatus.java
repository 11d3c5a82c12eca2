package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What one retraining trigger saw last, and when it last acted: the state its hysteresis and cooldown run on. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TriggerStatus {

    @JsonPropertyDescription("The trigger's name (spec.triggers.metrics).")
    private String name;

    @JsonPropertyDescription("Healthy (within its bound), Violated, Inconclusive (no data), Error (the provider failed: never a "
            + "retrain), Waiting (nothing serves yet).")
    private String state;

    @JsonPropertyDescription("The last value measured, as a string (+Inf, -Inf and NaN survive JSON).")
    private String value;

    @JsonPropertyDescription("When it was measured last, RFC 3339.")
    private String lastMeasureTime;

    @JsonPropertyDescription("Since when the bound has been violated, measurement after measurement, RFC 3339.")
    private String violatingSince;

    @JsonPropertyDescription("When this trigger last created a revision, RFC 3339.")
    private String lastTriggerTime;

    @JsonPropertyDescription("The revision this trigger last created.")
    private String lastRevision;

    @JsonPropertyDescription("What happened last, for people: the value against the bound, why nothing was created.")
    private String message;

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getState() { return state; }
    public void setState(String state) { this.state = state; }
    public String getValue() { return value; }
    public void setValue(String value) { this.value = value; }
    public String getLastMeasureTime() { return lastMeasureTime; }
    public void setLastMeasureTime(String lastMeasureTime) { this.lastMeasureTime = lastMeasureTime; }
    public String getViolatingSince() { return violatingSince; }
    public void setViolatingSince(String violatingSince) { this.violatingSince = violatingSince; }
    public String getLastTriggerTime() { return lastTriggerTime; }
    public void setLastTriggerTime(String lastTriggerTime) { this.lastTriggerTime = lastTriggerTime; }
    public String getLastRevision() { return lastRevision; }
    public void setLastRevision(String lastRevision) { this.lastRevision = lastRevision; }
    public String getMessage() { return message; }
    public void setMessage(String message) { this.message = message; }
}
