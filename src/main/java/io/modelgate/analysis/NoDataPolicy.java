package io.modelgate.analysis;

/**
 * What a measurement is when the provider answered with no data (empty vector, null, missing JSON
 * pointer, NaN): {@code Fail} makes it Failed, {@code Inconclusive} (the default) Inconclusive,
 * {@code Ignore} Successful (with the message "no data (ignored)"; it counts toward {@code count} and,
 * being Successful, ends a failure streak).
 */
public enum NoDataPolicy {
    Fail, Inconclusive, Ignore;

    public static final NoDataPolicy DEFAULT = Inconclusive;
}
