package io.modelgate.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When a metric's next measurement is due: the first at {@code startedAt + initialDelay}, each next one
 * {@code interval} after the previous one was taken (never before {@code startedAt + initialDelay}), none once
 * {@code count} measurements that count were taken. Errors do not count, so after an error the metric is
 * measured again; with a zero interval (only allowed when count is 1) the retry comes after
 * {@link #ERROR_RETRY_INTERVAL}, as in Argo Rollouts. Whether the analysis already ended (a limit exceeded)
 * is the verdict's business, not the schedule's: see {@link MetricRun#nextAt}.
 */
public final class MeasurementSchedule {

    /** Argo Rollouts' DefaultErrorRetryInterval. */
    public static final Duration ERROR_RETRY_INTERVAL = Duration.ofSeconds(10);

    private MeasurementSchedule() {
    }

    /**
     * @param counted measurements taken so far that count toward {@code count} ({@link MetricTally#counted()})
     * @param lastAt  when the last measurement (of any phase) was taken, empty before the first
     * @return when the next measurement is due, empty when {@code count} is reached
     */
    public static Optional<Instant> nextAt(AnalysisLimits limits, Instant startedAt, int counted, Optional<Instant> lastAt) {
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
        Duration step = limits.interval().isZero() ? ERROR_RETRY_INTERVAL : limits.interval();
        Instant next = lastAt.get().plus(step);
        return Optional.of(next.isBefore(first) ? first : next);
    }

    public static Optional<Instant> nextAt(AnalysisLimits limits, Instant startedAt, MetricTally tally, Optional<Instant> lastAt) {
        return nextAt(limits, startedAt, tally.counted(), lastAt);
    }

    /** A measurement is due at {@code now}: one is scheduled, at or before {@code now}. */
    public static boolean isDue(AnalysisLimits limits, Instant startedAt, int counted, Optional<Instant> lastAt, Instant now) {
        Objects.requireNonNull(now, "now");
        return nextAt(limits, startedAt, counted, lastAt).map(due -> !due.isAfter(now)).orElse(false);
    }

    public static boolean isDue(AnalysisLimits limits, Instant startedAt, MetricTally tally, Optional<Instant> lastAt, Instant now) {
        return isDue(limits, startedAt, tally.counted(), lastAt, now);
    }
}
