package io.modelgate.registry;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The operator's registry settings (chart {@code operator.mlflowAddress}, {@code operator.registryRetryMax}).
 *
 * @param mlflowAddress the MLflow server of a pipeline whose spec.registry.mlflow names none
 * @param maxBackoff    the longest wait between two attempts of a write the registry did not take
 */
public record RegistrySettings(Optional<String> mlflowAddress, Duration maxBackoff) {

    public static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(5);
    public static final RegistrySettings NONE = new RegistrySettings(Optional.empty(), DEFAULT_MAX_BACKOFF);

    public RegistrySettings {
        mlflowAddress = mlflowAddress.filter(a -> !a.isBlank());
        Objects.requireNonNull(maxBackoff, "maxBackoff");
    }

    /** 5 s, 10 s, 20 s ... doubling from the first failure, up to the maximum; a refused request waits the maximum. */
    public Duration backoff(int attempts, boolean retryable) {
        if (!retryable) {
            return maxBackoff;
        }
        Duration wait = FIRST_BACKOFF.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
