package io.modelgate.pipeline.apply;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Namespaces the API server said are being deleted. While a namespace is deleted, the namespace controller removes
 * what Modelgate made in any order, and each removal wakes the pipeline that would make it again: every such write
 * is refused (403) and would end in a retried error and a Warning Event that are refused too. A pass in a namespace
 * seen terminating lately is skipped without a write; after {@link #QUIET} one pass tries again (a namespace with a
 * reused name is a new one), so a mistaken mark costs a delay, never a lost pipeline.
 */
public final class TerminatingNamespaces {

    static final Duration QUIET = Duration.ofSeconds(30);

    private final Map<String, Instant> seen = new ConcurrentHashMap<>();

    public void saw(String namespace, Instant now) {
        seen.values().removeIf(at -> !now.isBefore(at.plus(QUIET)));
        seen.put(namespace, now);
    }

    /** Whether passes in the namespace are skipped now. */
    public boolean quiet(String namespace, Instant now) {
        Instant at = seen.get(namespace);
        if (at == null) {
            return false;
        }
        if (now.isBefore(at.plus(QUIET))) {
            return true;
        }
        seen.remove(namespace, at);
        return false;
    }
}
