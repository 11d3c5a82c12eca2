package io.modelgate.analysis;

import java.util.List;
import java.util.Objects;

/**
 * Running counters of one metric's measurements: what the operator persists in status next to the
 * bounded history, and what {@link AnalysisVerdict} decides on. Because it is updated incrementally with
 * every measurement, truncating the displayed history never changes a verdict.
 *
 * <p>Streaks: a failure streak ({@code consecutiveFailures}) is ended only by a Successful measurement;
 * an Inconclusive or Error measurement between two failures neither confirms nor refutes the canary's
 * health, so the streak continues. An error streak ({@code consecutiveErrors}) is ended by any measurement
 * that is not an Error (the provider answered), as in Argo Rollouts. The peaks
 * ({@code maxConsecutiveFailures}, {@code maxConsecutiveErrors}) remember the longest streaks, so that a
 * limit once exceeded stays exceeded: the verdict is monotone even if measurements continue.
 *
 * @param taken        all measurements, errors included
 * @param failures     Failed measurements
 * @param inconclusives Inconclusive measurements
 * @param errors       Error measurements
 * @param successes    Successful measurements
 * @param consecutiveSuccesses the current success streak, for consecutiveSuccessLimit: ended by any measurement that
 *                     is not Successful (Inconclusive and Error included), as Argo Rollouts' ConsecutiveSuccess
 */
public record MetricTally(int taken, int failures, int consecutiveFailures, int inconclusives, int errors,
                          int consecutiveErrors, int successes, int maxConsecutiveFailures, int maxConsecutiveErrors,
                          int consecutiveSuccesses) {

    public static final MetricTally EMPTY = new MetricTally(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Without a success streak (a status written before it was counted). */
    public MetricTally(int taken, int failures, int consecutiveFailures, int inconclusives, int errors,
                       int consecutiveErrors, int successes, int maxConsecutiveFailures, int maxConsecutiveErrors) {
        this(taken, failures, consecutiveFailures, inconclusives, errors, consecutiveErrors, successes, maxConsecutiveFailures,
                maxConsecutiveErrors, 0);
    }

    /**
     * Peaks below the current streak (e.g. read from a status written before peaks existed) are raised to it.
     *
     * @throws IllegalArgumentException when the counters contradict each other
     */
    public MetricTally {
        maxConsecutiveFailures = Math.max(maxConsecutiveFailures, consecutiveFailures);
        maxConsecutiveErrors = Math.max(maxConsecutiveErrors, consecutiveErrors);
        String given = "taken " + taken + ", failures " + failures + " (streak " + consecutiveFailures + "), inconclusives "
                + inconclusives + ", errors " + errors + " (streak " + consecutiveErrors + "), successes " + successes;
        if (taken < 0 || failures < 0 || consecutiveFailures < 0 || inconclusives < 0 || errors < 0
                || consecutiveErrors < 0 || successes < 0 || consecutiveSuccesses < 0) {
            throw new IllegalArgumentException("counters must not be negative: " + given);
        }
        if ((long) successes + failures + inconclusives + errors != taken) {
            throw new IllegalArgumentException("taken is not successes + failures + inconclusives + errors: " + given);
        }
        if (maxConsecutiveFailures > failures || maxConsecutiveErrors > errors || consecutiveSuccesses > successes) {
            throw new IllegalArgumentException("a streak is longer than its total: " + given);
        }
    }

    public static MetricTally of(List<Measurement> history) {
        MetricTally tally = EMPTY;
        for (Measurement measurement : history) {
            tally = tally.add(measurement.phase());
        }
        return tally;
    }

    public MetricTally add(Measurement measurement) {
        return add(measurement.phase());
    }

    public MetricTally add(MeasurementPhase phase) {
        Objects.requireNonNull(phase, "phase");
        return switch (phase) {
            case Successful -> new MetricTally(taken + 1, failures, 0, inconclusives, errors, 0, successes + 1,
                    maxConsecutiveFailures, maxConsecutiveErrors, consecutiveSuccesses + 1);
            case Failed -> new MetricTally(taken + 1, failures + 1, consecutiveFailures + 1, inconclusives, errors, 0,
                    successes, Math.max(maxConsecutiveFailures, consecutiveFailures + 1), maxConsecutiveErrors, 0);
            case Inconclusive -> new MetricTally(taken + 1, failures, consecutiveFailures, inconclusives + 1, errors, 0,
                    successes, maxConsecutiveFailures, maxConsecutiveErrors, 0);
            case Error -> new MetricTally(taken + 1, failures, consecutiveFailures, inconclusives, errors + 1,
                    consecutiveErrors + 1, successes, maxConsecutiveFailures, Math.max(maxConsecutiveErrors, consecutiveErrors + 1), 0);
        };
    }

    /** Measurements that count toward {@link AnalysisLimits#count()}: all but errors. */
    public int counted() {
        return taken - errors;
    }

    /** "5 taken: 3 successful, 1 failed, 1 inconclusive, 0 errors" */
    public String counts() {
        return taken + " taken: " + successes + " successful, " + failures + " failed, " + inconclusives + " inconclusive, "
                + errors + (errors == 1 ? " error" : " errors");
    }
}
