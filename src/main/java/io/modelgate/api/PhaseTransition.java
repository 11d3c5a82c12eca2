package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PhaseTransition {
    private String phase;
    private String time;
    private String reason;

    public PhaseTransition() {
    }

    public PhaseTransition(String phase, String time, String reason) {
        this.phase = phase;
        this.time = time;
        this.reason = reason;
    }

    public String getPhase() { return phase; }
    public void setPhase(String phase) { this.phase = phase; }
    public String getTime() { return time; }
    public void setTime(String time) { this.time = time; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
}
