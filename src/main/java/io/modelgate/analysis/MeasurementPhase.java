package io.modelgate.analysis;

/**
 * The result of one measurement, as in Argo Rollouts: {@code Successful} (within bounds), {@code Failed}
 * (outside a bound, or no data under the Fail policy), {@code Inconclusive} (no verdict: no data under the
 * Inconclusive policy, or a relative bound whose stable value could not be read) and {@code Error} (the
 * provider failed; not evidence about the canary, so it does not count toward {@code count} or as a failure).
 */
public enum MeasurementPhase {
    Successful, Failed, Inconclusive, Error
}
