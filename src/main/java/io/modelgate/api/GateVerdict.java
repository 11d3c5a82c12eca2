package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The outcome of one gate, kept in the revision's record. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GateVerdict {

    public enum Stage { DataValidation, Evaluation }

    public enum Result { Passed, Failed }

    /** Which stable score a {@code mustBeat: stable} gate compared with. */
    public enum StableScore {
        /** {@code stable.<metric>} as the evaluation Job reported it, scored on the same holdout as the candidate. */
        Fresh,
        /** The metric the stable revision's own evaluation recorded. */
        Recorded
    }

    private Stage stage;
    private String metric;
    private Result result;
    private Double observed;
    private String bound;
    private String reason;
    private String message;
    @JsonPropertyDescription("mustBeat only: Fresh (stable.<metric> reported beside the candidate's score, on the same holdout) or Recorded (the stable revision's own evaluation).")
    private StableScore stableScore;
    @JsonPropertyDescription("mustBeat only: the stable score compared with.")
    private Double stableObserved;

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
    public StableScore getStableScore() { return stableScore; }
    public void setStableScore(StableScore stableScore) { this.stableScore = stableScore; }
    public Double getStableObserved() { return stableObserved; }
    public void setStableObserved(Double stableObserved) { this.stableObserved = stableObserved; }

    /** This verdict, saying which stable score it compared with. */
    public GateVerdict comparedWith(StableScore score, double value) {
        this.stableScore = score;
        this.stableObserved = value;
        return this;
    }

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
                && java.util.Objects.equals(reason, that.reason) && java.util.Objects.equals(message, that.message)
                && stableScore == that.stableScore && java.util.Objects.equals(stableObserved, that.stableObserved);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(stage, metric, result, observed, bound, reason, message, stableScore, stableObserved);
    }

    @Override
    public String toString() {
        return stage + "/" + metric + "=" + result + (observed == null ? "" : "(" + observed + ")") + (reason == null ? "" : " " + reason);
    }
}
