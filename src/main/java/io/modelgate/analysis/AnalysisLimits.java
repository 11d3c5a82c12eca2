package io.modelgate.analysis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How often a metric is measured and how much bad news it tolerates, as in Argo Rollouts.
 *
 * @param count                   measurements to take; 0 means unbounded: measure every {@code interval} until
 *                                the step ends (Argo's background analysis). Error measurements do not count
 *                                toward it (as in Argo): an error is retried, it is not evidence.
 * @param interval                time between measurements; may be zero only when {@code count} is 1
 * @param initialDelay            wait before the first measurement (null means zero)
 * @param failureLimit            Failed once failures &gt; failureLimit (default 0: the first failure fails); -1: no
 *                                failure limit, only the success streak decides (Argo Rollouts' failureLimit -1)
 * @param consecutiveFailureLimit Failed once consecutive failures &gt; this; null turns the rule off
 * @param inconclusiveLimit       Inconclusive once inconclusives &gt; inconclusiveLimit (default 0)
 * @param consecutiveErrorLimit   Error once consecutive errors &gt; consecutiveErrorLimit (default 4)
 * @param consecutiveSuccessLimit Successful once that many measurements in a row were successful; 0 turns it off
 */
public record AnalysisLimits(int count, Duration interval, Duration initialDelay, int failureLimit,
                             Integer consecutiveFailureLimit, int inconclusiveLimit, int consecutiveErrorLimit,
                             int consecutiveSuccessLimit) {

    public static final int DEFAULT_FAILURE_LIMIT = 0;
    public static final int DEFAULT_INCONCLUSIVE_LIMIT = 0;
    public static final int DEFAULT_CONSECUTIVE_ERROR_LIMIT = 4;

    /** @throws IllegalArgumentException listing {@link #problemsOf} when there are any */
    public AnalysisLimits {
        interval = interval == null ? Duration.ZERO : interval;
        initialDelay = initialDelay == null ? Duration.ZERO : initialDelay;
        List<String> problems = problemsOf(count, interval, initialDelay, failureLimit, consecutiveFailureLimit,
                inconclusiveLimit, consecutiveErrorLimit, consecutiveSuccessLimit);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** Without a success streak limit. */
    public AnalysisLimits(int count, Duration interval, Duration initialDelay, int failureLimit,
                          Integer consecutiveFailureLimit, int inconclusiveLimit, int consecutiveErrorLimit) {
        this(count, interval, initialDelay, failureLimit, consecutiveFailureLimit, inconclusiveLimit, consecutiveErrorLimit, 0);
    }

    /** {@code count} measurements every {@code interval}, no initial delay, default limits. */
    public static AnalysisLimits of(int count, Duration interval) {
        return new AnalysisLimits(count, interval, Duration.ZERO, DEFAULT_FAILURE_LIMIT, null,
                DEFAULT_INCONCLUSIVE_LIMIT, DEFAULT_CONSECUTIVE_ERROR_LIMIT);
    }

    /** Measure every {@code interval} until the step ends. */
    public static AnalysisLimits unbounded(Duration interval) {
        return of(0, interval);
    }

    public AnalysisLimits withInitialDelay(Duration delay) {
        return new AnalysisLimits(count, interval, delay, failureLimit, consecutiveFailureLimit, inconclusiveLimit, consecutiveErrorLimit, consecutiveSuccessLimit);
    }

    public AnalysisLimits withFailureLimit(int limit) {
        return new AnalysisLimits(count, interval, initialDelay, limit, consecutiveFailureLimit, inconclusiveLimit, consecutiveErrorLimit, consecutiveSuccessLimit);
    }

    public AnalysisLimits withConsecutiveFailureLimit(Integer limit) {
        return new AnalysisLimits(count, interval, initialDelay, failureLimit, limit, inconclusiveLimit, consecutiveErrorLimit, consecutiveSuccessLimit);
    }

    public AnalysisLimits withInconclusiveLimit(int limit) {
        return new AnalysisLimits(count, interval, initialDelay, failureLimit, consecutiveFailureLimit, limit, consecutiveErrorLimit, consecutiveSuccessLimit);
    }

    public AnalysisLimits withConsecutiveErrorLimit(int limit) {
        return new AnalysisLimits(count, interval, initialDelay, failureLimit, consecutiveFailureLimit, inconclusiveLimit, limit, consecutiveSuccessLimit);
    }

    public AnalysisLimits withConsecutiveSuccessLimit(int limit) {
        return new AnalysisLimits(count, interval, initialDelay, failureLimit, consecutiveFailureLimit, inconclusiveLimit, consecutiveErrorLimit, limit);
    }

    /** The same limits measuring until the step ends (a background analysis without a count of its own). */
    public AnalysisLimits unboundedCopy() {
        return new AnalysisLimits(0, interval, initialDelay, failureLimit, consecutiveFailureLimit, inconclusiveLimit, consecutiveErrorLimit,
                consecutiveSuccessLimit);
    }

    /** failureLimit -1: failures alone never fail the metric. */
    public boolean failureLimited() {
        return failureLimit >= 0;
    }

    public boolean successStreakLimited() {
        return consecutiveSuccessLimit > 0;
    }

    public boolean unbounded() {
        return count == 0;
    }

    /**
     * Limits that {@code count} measurements can never exceed: with {@code count < failureLimit} failures never
     * exceed failureLimit, so the metric could never fail on them; likewise for inconclusiveLimit. Argo Rollouts
     * rejects both (utils/analysis/factory.go, ValidateMetric: "count must be >= inconclusiveLimit", "count must be
     * >= failureLimit + consecutiveSuccessLimit"), and so does Modelgate (a CEL rule where count is written, the
     * plan where it is the default). As in Argo, {@code count == failureLimit} is accepted. Empty when unbounded.
     * Not a construction rule: the same metric may be unbounded in a background analysis and counted elsewhere.
     */
    public List<String> unreachableLimits() {
        List<String> problems = new ArrayList<>();
        if (unbounded()) {
            return problems;
        }
        if (count < failureLimit) {
            problems.add("count " + count + " is less than failureLimit " + failureLimit + ": in " + count
                    + (count == 1 ? " measurement" : " measurements") + " failures never exceed the limit, so the metric "
                    + "could never fail on them (Argo Rollouts rejects count < failureLimit too)");
        }
        if (successStreakLimited() && count < Math.max(failureLimit, 0) + consecutiveSuccessLimit) {
            problems.add("count " + count + " is less than " + (failureLimited() && failureLimit > 0 ? "failureLimit " + failureLimit + " + " : "")
                    + "consecutiveSuccessLimit " + consecutiveSuccessLimit + ": the success streak could never be reached "
                    + "(Argo Rollouts rejects it too)");
        }
        if (count < inconclusiveLimit) {
            problems.add("count " + count + " is less than inconclusiveLimit " + inconclusiveLimit + ": in " + count
                    + (count == 1 ? " measurement" : " measurements") + " inconclusive ones never exceed the limit "
                    + "(Argo Rollouts rejects count < inconclusiveLimit too)");
        }
        return problems;
    }

    /**
     * What is wrong with these values, for a person; empty when they make valid limits. The operator can
     * call this on a spec before constructing, to report instead of throwing. Null durations mean zero.
     */
    public static List<String> problemsOf(int count, Duration interval, Duration initialDelay, int failureLimit,
                                          Integer consecutiveFailureLimit, int inconclusiveLimit, int consecutiveErrorLimit) {
        return problemsOf(count, interval, initialDelay, failureLimit, consecutiveFailureLimit, inconclusiveLimit, consecutiveErrorLimit, 0);
    }

    public static List<String> problemsOf(int count, Duration interval, Duration initialDelay, int failureLimit,
                                          Integer consecutiveFailureLimit, int inconclusiveLimit, int consecutiveErrorLimit,
                                          int consecutiveSuccessLimit) {
        List<String> problems = new ArrayList<>();
        Duration every = interval == null ? Duration.ZERO : interval;
        Duration delay = initialDelay == null ? Duration.ZERO : initialDelay;
        if (count < 0) {
            problems.add("count must be >= 0 (0 means until the step ends), got " + count);
        }
        if (every.isNegative()) {
            problems.add("interval must not be negative, got " + Durations.format(every));
        } else if (every.isZero() && count != 1) {
            problems.add("interval is required when count is " + (count == 0 ? "0 (unbounded)" : count)
                    + ": measurements need time between them");
        }
        if (delay.isNegative()) {
            problems.add("initialDelay must not be negative, got " + Durations.format(delay));
        }
        if (failureLimit < -1) {
            problems.add("failureLimit must be >= 0, or -1 for no failure limit, got " + failureLimit);
        } else if (failureLimit == -1 && consecutiveSuccessLimit <= 0) {
            problems.add("failureLimit -1 (no failure limit) needs consecutiveSuccessLimit > 0: else nothing could ever decide the metric");
        }
        if (consecutiveSuccessLimit < 0) {
            problems.add("consecutiveSuccessLimit must be >= 0 (0 is off), got " + consecutiveSuccessLimit);
        }
        if (consecutiveFailureLimit != null && consecutiveFailureLimit < 0) {
            problems.add("consecutiveFailureLimit must be >= 0 (or unset), got " + consecutiveFailureLimit);
        }
        if (inconclusiveLimit < 0) {
            problems.add("inconclusiveLimit must be >= 0, got " + inconclusiveLimit);
        }
        if (consecutiveErrorLimit < 0) {
            problems.add("consecutiveErrorLimit must be >= 0, got " + consecutiveErrorLimit);
        }
        return problems;
    }
}
