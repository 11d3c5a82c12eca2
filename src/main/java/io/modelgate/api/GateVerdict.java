package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The outcome of one gate, kept in the revision's record. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GateVerdict {

    public enum Stage { DataValidation, Evaluation }

    public enum Result { Passed, Failed }

    private Stage stage;
    private String metric;
    private Result result;
    private Double observed;
    private String bound;
    private String reason;
    private String message;

    public GateVerdict() {
    }

    public GateVerdict(Stage stage, String metric, Result result, Double observed, String bound, String reason, String message) {
        this.stage = stage;
        this.metric = metric;
        this.result = result;
        this.observed = observed;
        this.bound = bound;
        this.reason = reason;
        this.message = message;
    }

    public boolean passed() { return result == Result.Passed; }

    public Stage getStage() { return stage; }
    public void setStage(Stage stage) { this.stage = stage; }
    public String getMetric() { return metric; }
    public void setMetric(String metric) { this.metric = metric; }
    public Result getResult() { return result; }
    public void setResult(Result result) { this.result = result; }
    public Double getObserved() { return observed; }
    public void setObserved(Double observed) { this.observed = observed; }
    public String getBound() { return bound; }
    public void setBound(String bound) { this.bound = bound; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
    public String getMessage() { return message; }
    public void setMessage(String message) { this.message = message; }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof GateVerdict that)) {
            return false;
        }
        return stage == that.stage && result == that.result && java.util.Objects.equals(metric, that.metric)
                && java.util.Objects.equals(observed, that.observed) && java.util.Objects.equals(bound, that.bound)
                && java.util.Objects.equals(reason, that.reason) && java.util.Objects.equals(message, that.message);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(stage, metric, result, observed, bound, reason, message);
    }

    @Override
    public String toString() {
        return stage + "/" + metric + "=" + result + (observed == null ? "" : "(" + observed + ")") + (reason == null ? "" : " " + reason);
    }
}
