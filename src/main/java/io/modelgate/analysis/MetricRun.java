package io.modelgate.analysis;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One metric's analysis as the operator persists it in status: the tally, the last measurements (bounded)
 * and the outcome. Terminal outcomes are sticky, as in Argo Rollouts: once Successful, Failed, Error or
 * Inconclusive, further measurements are not recorded and the outcome does not change, and nothing more
 * is scheduled.
 */
public record MetricRun(String metric, MetricTally tally, List<Measurement> recent, AnalysisOutcome outcome) {

    public MetricRun {
        Objects.requireNonNull(tally, "tally");
        Objects.requireNonNull(outcome, "outcome");
        recent = recent == null ? List.of() : List.copyOf(recent);
    }

    public static MetricRun start(String metric) {
        String name = metric == null || metric.isBlank() ? "metric" : metric;
        return new MetricRun(metric, MetricTally.EMPTY, List.of(),
                new AnalysisOutcome(AnalysisOutcome.Phase.Running, name, name + " running: no measurement yet", null));
    }

    /** Records a measurement and decides again; a no-op once the outcome is terminal. Keeps the last {@value MeasurementHistory#DEFAULT_KEEP}. */
    public MetricRun record(AnalysisLimits limits, Measurement measurement) {
        return record(limits, measurement, MeasurementHistory.DEFAULT_KEEP);
    }

    /** @param keep how many measurements to show, at least 1 (the last one's time schedules the next) */
    public MetricRun record(AnalysisLimits limits, Measurement measurement, int keep) {
        Objects.requireNonNull(measurement, "measurement");
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be >= 1, got " + keep);
        }
        if (outcome.isTerminal()) {
            return this;
        }
        MetricTally nextTally = tally.add(measurement.phase());
        List<Measurement> nextRecent = MeasurementHistory.append(recent, measurement, keep);
        return new MetricRun(metric, nextTally, nextRecent, AnalysisVerdict.decide(metric, limits, nextTally, nextRecent));
    }

    /** The step ended: a still running analysis with no limit exceeded becomes Successful; a terminal one stays. */
    public MetricRun endStep(AnalysisLimits limits) {
        if (outcome.isTerminal()) {
            return this;
        }
        return new MetricRun(metric, tally, recent, AnalysisVerdict.decide(metric, limits, tally, recent, true));
    }

    /** When the next measurement is due; empty once the outcome is terminal. */
    public Optional<Instant> nextAt(AnalysisLimits limits, Instant startedAt) {
        if (outcome.isTerminal()) {
            return Optional.empty();
        }
        Optional<Instant> lastAt = recent.isEmpty() ? Optional.empty() : Optional.of(recent.get(recent.size() - 1).at());
        return MeasurementSchedule.nextAt(limits, startedAt, tally, lastAt);
    }
}
