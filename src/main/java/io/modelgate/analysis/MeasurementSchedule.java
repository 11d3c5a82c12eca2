package io.modelgate.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When a metric's next measurement is due: the first at {@code startedAt + initialDelay}, each next one
 * {@code interval} after the previous one was taken (never before {@code startedAt + initialDelay}), none once
 * {@code count} measurements that count were taken. Errors do not count, so after an error the metric is
 * measured again, and sooner than after an answer: {@link #ERROR_RETRY_INTERVAL} after the Error, as Argo
 * Rollouts does (analysis/analysis.go, generateMetricTasks and calculateNextReconcileTime use
 * DefaultErrorRetryInterval instead of the interval when the last measurement is an Error), or after the
 * interval when that is shorter (Argo would wait the 10 s even then). So with a 5 m interval and the default
 * consecutiveErrorLimit 4, a provider outage is an Error after 40 s, not after 20 minutes. With a zero interval
 * (only allowed when count is 1) the retry comes after {@link #ERROR_RETRY_INTERVAL}. Whether the analysis
 * already ended (a limit exceeded) is the verdict's business, not the schedule's: see {@link MetricRun#nextAt}.
 */
public final class MeasurementSchedule {

    /** Argo Rollouts' DefaultErrorRetryInterval (analysis/analysis.go). */
    public static final Duration ERROR_RETRY_INTERVAL = Duration.ofSeconds(10);

    private MeasurementSchedule() {
    }

    /**
     * @param counted   measurements taken so far that count toward {@code count} ({@link MetricTally#counted()})
     * @param lastAt    when the last measurement (of any phase) was taken, empty before the first
     * @param lastError the last measurement was an Error: it is retried after {@link #retryAfterError}
     * @return when the next measurement is due, empty when {@code count} is reached
     */
    public static Optional<Instant> nextAt(AnalysisLimits limits, Instant startedAt, int counted, Optional<Instant> lastAt,
                                           boolean lastError) {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(lastAt, "lastAt");
        if (!limits.unbounded() && counted >= limits.count()) {
            return Optional.empty();
        }
        Instant first = startedAt.plus(limits.initialDelay());
        if (lastAt.isEmpty()) {
            return Optional.of(first);
        }
        Duration step = lastError ? retryAfterError(limits) : limits.interval().isZero() ? ERROR_RETRY_INTERVAL : limits.interval();
        Instant next = lastAt.get().plus(step);
        return Optional.of(next.isBefore(first) ? first : next);
    }

    /** As {@link #nextAt(AnalysisLimits, Instant, int, Optional, boolean)} when the last measurement was not an Error. */
    public static Optional<Instant> nextAt(AnalysisLimits limits, Instant startedAt, int counted, Optional<Instant> lastAt) {
        return nextAt(limits, startedAt, counted, lastAt, false);
    }

    /** The last measurement was an Error when the tally's error streak is running ({@link MetricTally#consecutiveErrors()}). */
    public static Optional<Instant> nextAt(AnalysisLimits limits, Instant startedAt, MetricTally tally, Optional<Instant> lastAt) {
        return nextAt(limits, startedAt, tally.counted(), lastAt, tally.consecutiveErrors() > 0);
    }

    /** How long after an Error the metric is measured again: {@link #ERROR_RETRY_INTERVAL}, or the interval when shorter. */
    public static Duration retryAfterError(AnalysisLimits limits) {
        Duration interval = limits.interval();
        return interval.isZero() || interval.compareTo(ERROR_RETRY_INTERVAL) > 0 ? ERROR_RETRY_INTERVAL : interval;
    }

    /** A measurement is due at {@code now}: one is scheduled, at or before {@code now}. */
    public static boolean isDue(AnalysisLimits limits, Instant startedAt, int counted, Optional<Instant> lastAt, Instant now) {
        Objects.requireNonNull(now, "now");
        return nextAt(limits, startedAt, counted, lastAt).map(due -> !due.isAfter(now)).orElse(false);
    }

    public static boolean isDue(AnalysisLimits limits, Instant startedAt, MetricTally tally, Optional<Instant> lastAt, Instant now) {
        Objects.requireNonNull(now, "now");
        return nextAt(limits, startedAt, tally, lastAt).map(due -> !due.isAfter(now)).orElse(false);
    }
}
