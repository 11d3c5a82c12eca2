package io.modelgate.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Per-phase wall-clock timings, printed as they happen and summed up at the end of the class. */
public final class Timings {

    private record Entry(String phase, Duration took, boolean ok) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final long started = System.nanoTime();

    /** Runs one phase, prints how long it took (also when it fails) and returns its result. */
    public <T> T time(String phase, Callable<T> work) {
        long start = System.nanoTime();
        boolean ok = false;
        try {
            T result = work.call();
            ok = true;
            return result;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(phase + " failed: " + e.getMessage(), e);
        } finally {
            record(phase, Duration.ofNanos(System.nanoTime() - start), ok);
        }
    }

    public void time(String phase, ThrowingRunnable work) {
        time(phase, () -> {
            work.run();
            return null;
        });
    }

    public synchronized void record(String phase, Duration took, boolean ok) {
        entries.add(new Entry(phase, took, ok));
        E2e.log("%-58s %7.1f s%s", phase, took.toMillis() / 1000.0, ok ? "" : "  (FAILED)");
    }

    public synchronized String summary() {
        StringBuilder out = new StringBuilder("per-phase timings:\n");
        for (Entry entry : entries) {
            out.append(String.format("  %-58s %7.1f s%s%n", entry.phase(), entry.took().toMillis() / 1000.0, entry.ok() ? "" : "  (FAILED)"));
        }
        out.append(String.format("  %-58s %7.1f s%n", "total (class)", (System.nanoTime() - started) / 1e9));
        return out.toString();
    }

    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }
}
