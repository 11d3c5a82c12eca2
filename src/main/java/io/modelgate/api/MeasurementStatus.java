package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One judged measurement. Values are strings so that +Inf and -Inf survive JSON. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MeasurementStatus {

    @JsonPropertyDescription("Successful, Failed, Inconclusive or Error.")
    private String phase;

    @JsonPropertyDescription("The new revision's value (a decimal, +Inf or -Inf); absent without data.")
    private String value;

    @JsonPropertyDescription("The stable revision's value of the same query, when a ratio bound read it.")
    private String stableValue;

    private String message;

    private String time;

    public String getPhase() { return phase; }
    public void setPhase(String phase) { this.phase = phase; }
    public String getValue() { return value; }
    public void setValue(String value) { this.value = value; }
    public String getStableValue() { return stableValue; }
    public void setStableValue(String stableValue) { this.stableValue = stableValue; }
    public String getMessage() { return message; }
    public void setMessage(String message) { this.message = message; }
    public String getTime() { return time; }
    public void setTime(String time) { this.time = time; }
}
