package io.modelgate.pipeline.apply;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * The last guard before a write, for a leader that was not running for a while. A replica frozen (SIGSTOP, a paused
 * VM, a very long stop-the-world pause) may have lost its Lease to another replica meanwhile. When it runs again, its
 * leader elector notices only at its next renewal, while the reconciler's threads, resumed at the same moment, go on
 * with what they were doing: a pass half-applied, a timer due, watch events that piled up, all from what the replica
 * saw before the freeze. The elector's halt and those writes then race.
 *
 * <p>So a heartbeat ({@link #startHeartbeat()}) ticks every 100 ms, and every write asks first ({@link #check}): while
 * this replica leads, a gap of more than {@code maxGap} since the last tick means it was not running, and the process
 * halts (the container restarts as a standby) before the write leaves, whichever thread sees the gap first. The gap is
 * measured on the monotonic clock, which keeps counting while the process is stopped.
 */
public final class WriteFence {

    private static final Logger LOG = Logger.getLogger(WriteFence.class);
    private static final long TICK_MILLIS = 100;

    /** No fence: one replica without leader election, and the tests that build the reconciler by hand. */
    public static final WriteFence NONE = new WriteFence(null, System::nanoTime, status -> { });

    private final Duration maxGap;
    private final LongSupplier nanoTime;
    private final IntConsumer halt;
    private volatile long lastTick;
    private volatile boolean leading;
    private volatile boolean tripped;

    /**
     * @param maxGap   the longest the replica may have stood still and still write; null: never fence
     * @param nanoTime the monotonic clock
     * @param halt     ends the process with the given status
     */
    public WriteFence(Duration maxGap, LongSupplier nanoTime, IntConsumer halt) {
        this.maxGap = maxGap;
        this.nanoTime = nanoTime;
        this.halt = halt;
        this.lastTick = nanoTime.getAsLong();
    }

    /** This replica holds the Lease from now on: the fence counts from here. */
    public void leading() {
        lastTick = nanoTime.getAsLong();
        leading = true;
    }

    /** One heartbeat. After a gap it does not move on: the gap stays visible to {@link #check}. */
    public void tick() {
        long now = nanoTime.getAsLong();
        if (armed() && (tripped || now - lastTick > maxGap.toNanos())) {
            trip(now - lastTick);
            return;
        }
        lastTick = now;
    }

    /** Before a write: halts (and throws, should the halt return) when this leader was not running for too long. */
    public void check(String write) {
        if (!armed()) {
            return;
        }
        long gap = nanoTime.getAsLong() - lastTick;
        if (tripped || gap > maxGap.toNanos()) {
            trip(gap);
            throw new IllegalStateException("not writing " + write + ": this replica was not running for "
                    + Duration.ofNanos(gap).toMillis() + " ms and may have lost its Lease");
        }
    }

    private boolean armed() {
        return maxGap != null && leading;
    }

    private void trip(long gapNanos) {
        tripped = true;
        LOG.errorf("This replica was not running for %d ms (more than %d ms: frozen, paused or starved) and may have lost its Lease "
                + "to another replica: halting before any further write (the container restarts as a standby)",
                Duration.ofNanos(gapNanos).toMillis(), maxGap.toMillis());
        halt.accept(1);
    }

    /** Starts the heartbeat on a daemon thread (not for {@link #NONE}). */
    public void startHeartbeat() {
        if (maxGap == null) {
            return;
        }
        Thread thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                tick();
                try {
                    Thread.sleep(TICK_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "modelgate-write-fence");
        thread.setDaemon(true);
        thread.start();
    }
}
