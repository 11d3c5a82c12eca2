package io.modelgate.registry;

/** What the registry answered to one {@link RegistryRequest}. */
public sealed interface RegistryAnswer {

    /** Written; {@code version} is the model version the write concerns (the one created or found for CreateVersion). */
    record Synced(String version) implements RegistryAnswer {
    }

    /**
     * Not written.
     *
     * @param retryable the server was unreachable, timed out or failed (5xx, 429): the same write may succeed later.
     *                  Not retryable: the server refused the request itself (4xx), which only a change of spec or
     *                  server can fix; it is still retried, at the longest backoff.
     */
    record Failed(String message, boolean retryable) implements RegistryAnswer {
    }
}
