package io.modelgate.rollout;

import io.modelgate.analysis.AnalysisOutcome;

import java.util.Objects;

/**
 * An analysis run's outcome and a one-line detail for people ("error-rate=0.12 above max 0.05, 3 failures of
 * failureLimit 2"), quoted in the decision's reason.
 *
 * @param detail never null; empty when there is nothing to add
 */
public record AnalysisReport(AnalysisOutcome.Phase outcome, String detail) {

    public AnalysisReport {
        Objects.requireNonNull(outcome, "outcome");
        detail = detail == null ? "" : detail.strip();
    }

    public static AnalysisReport of(AnalysisOutcome.Phase outcome) {
        return new AnalysisReport(outcome, "");
    }

    public static AnalysisReport of(AnalysisOutcome.Phase outcome, String detail) {
        return new AnalysisReport(outcome, detail);
    }

    /** "Failed: error-rate=0.12 above max 0.05", or "Failed" without detail. */
    public String describe() {
        return detail.isEmpty() ? outcome.name() : outcome.name() + ": " + detail;
    }
}
