package io.modelgate.notify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When a webhook that did not take a notification is tried again: {@code first}, doubling, at most {@code max}
 * between two attempts, and no attempt past {@code maxAttempts}. No jitter: one operator sends a handful of
 * notifications, not a thundering herd, and a fixed schedule is one a test can state.
 */
public record Backoff(Duration first, Duration max, int maxAttempts) {

    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 5);

    public Backoff {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(max, "max");
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < first <= max, got " + first + " and " + max);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
    }

    /** The wait after the {@code attempts}-th failed attempt, or empty when that was the last one allowed. */
    public Optional<Duration> after(int attempts) {
        if (attempts >= maxAttempts) {
            return Optional.empty();
        }
        Duration wait = first.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 30));
        return Optional.of(wait.compareTo(max) > 0 ? max : wait);
    }

    /** Every wait, in order: the whole schedule of one notification to a webhook that never answers. */
    public List<Duration> schedule() {
        List<Duration> waits = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            Optional<Duration> wait = after(attempt);
            if (wait.isEmpty()) {
                return waits;
            }
            waits.add(wait.get());
        }
    }
}
