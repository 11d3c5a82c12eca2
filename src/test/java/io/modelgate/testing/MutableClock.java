package io.modelgate.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock the test moves by hand: fixed at an instant, or (see {@link #ticking()}) following the system clock,
 * so that real-time waits (analysis intervals, timed pauses, rescheduled reconciles) pass, while the test can
 * still jump ahead.
 */
public final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;
    /** Null: fixed at {@link #now}; else the clock followed, plus {@link #offset}. */
    private final Clock base;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    public MutableClock(Instant start) {
        now = new AtomicReference<>(start);
        base = null;
    }

    private MutableClock(Clock base) {
        now = new AtomicReference<>();
        this.base = base;
    }

    /** The system's UTC time, moved on by {@link #advance} and {@link #set}. */
    public static MutableClock ticking() {
        return new MutableClock(Clock.systemUTC());
    }

    public void advance(Duration duration) {
        if (base != null) {
            offset.updateAndGet(d -> d.plus(duration));
        } else {
            now.updateAndGet(instant -> instant.plus(duration));
        }
    }

    public void set(Instant instant) {
        if (base != null) {
            offset.set(Duration.between(base.instant(), instant));
        } else {
            now.set(instant);
        }
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return base != null ? base.instant().plus(offset.get()) : now.get();
    }
}
