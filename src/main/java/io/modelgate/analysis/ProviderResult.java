package io.modelgate.analysis;

import java.time.Duration;
import java.util.List;

/**
 * What a metric provider (Prometheus, HTTP/JSON, analysis Job) answered for one query, before any
 * bound is applied. Exactly one of:
 * <ul>
 *   <li>{@link Value}: one number;</li>
 *   <li>{@link Selected}: any JSON value an http metric selected, for a metric judged by conditions;</li>
 *   <li>{@link NoData}: the provider answered, but with nothing to judge: an empty vector, a JSON
 *       {@code null}, a JSON pointer that points nowhere, or NaN;</li>
 *   <li>{@link Error}: the provider could not answer properly: HTTP 500, a timeout, an unreachable
 *       address, a malformed response, an answer slower than the deadline, or more than one series
 *       where one number was expected (an ambiguous query is a broken query, not "no data").</li>
 * </ul>
 *
 * <p><b>Non-finite numbers.</b> Argo Rollouts hands NaN to the success condition, where any comparison is
 * false, so a NaN silently becomes Failed unless the condition guards against it. Modelgate is stricter
 * and clearer: <b>NaN is {@link NoData}</b> ("query returned NaN": typically 0/0, a rate over no
 * requests), judged by the metric's no-data policy. <b>+Inf and -Inf are {@link Value}s</b> and are judged
 * normally against the bounds: an error rate of +Inf is above any max, a throughput of -Inf below any
 * min, and +Inf passes a min-only bound. {@link #of(double)} applies this; {@link Value} itself refuses NaN.
 */
public sealed interface ProviderResult permits ProviderResult.Value, ProviderResult.Selected, ProviderResult.NoData, ProviderResult.Error {

    /** One number; never NaN, possibly infinite. */
    record Value(double value) implements ProviderResult {
        public Value {
            if (Double.isNaN(value)) {
                throw new IllegalArgumentException("NaN is not a value: use ProviderResult.of(double), which makes it NoData");
            }
        }
    }

    /**
     * What an http metric's pointer or path selected, handed whole to the metric's successCondition/failureCondition.
     *
     * @param value plain Java as Jackson reads JSON: Map, List, String, Boolean, a Number, or null for JSON null
     * @param shown the JSON text, shortened, for messages
     */
    record Selected(Object value, String shown) implements ProviderResult {
        public Selected {
            shown = shown == null ? String.valueOf(value) : shown;
        }
    }

    /** The provider answered, with nothing to judge; {@code why} says what (for a person). */
    record NoData(String why) implements ProviderResult {
        public NoData {
            why = why == null || why.isBlank() ? "no value" : why;
        }
    }

    /** The provider did not answer properly; {@code message} says how (for a person). */
    record Error(String message) implements ProviderResult {
        public Error {
            message = message == null || message.isBlank() ? "unknown error" : message;
        }
    }

    /** A number from a provider: NaN becomes {@link NoData}, anything else (including ±Inf) a {@link Value}. */
    static ProviderResult of(double value) {
        return Double.isNaN(value) ? new NoData("query returned NaN") : new Value(value);
    }

    /** A boxed number, as read from JSON: null becomes {@link NoData}. */
    static ProviderResult ofNullable(Double value) {
        return value == null ? nullValue() : of(value);
    }

    /**
     * A query result vector (one entry per series): none is {@link NoData}, more than one an {@link Error}
     * (the query must select exactly one series), exactly one is {@link #of(double)}.
     */
    static ProviderResult ofVector(List<Double> samples) {
        if (samples == null || samples.isEmpty()) {
            return emptyVector();
        }
        if (samples.size() > 1) {
            return multipleSeries(samples.size());
        }
        return ofNullable(samples.get(0));
    }

    static NoData noData(String why) {
        return new NoData(why);
    }

    static Error error(String message) {
        return new Error(message);
    }

    static NoData emptyVector() {
        return new NoData("empty vector");
    }

    static NoData nullValue() {
        return new NoData("the value is null");
    }

    static NoData missingPointer(String jsonPointer) {
        return new NoData("nothing at JSON pointer " + jsonPointer);
    }

    static Error multipleSeries(int series) {
        return new Error("the query returned " + series + " series, expected exactly one");
    }

    static Error httpStatus(int status, String detail) {
        return new Error("HTTP " + status + (detail == null || detail.isBlank() ? "" : ": " + detail));
    }

    static Error timeout(Duration after) {
        return new Error("timed out after " + Durations.format(after));
    }

    /** An answer that came, but after the deadline: an Error like a timeout, never judged against the bounds. */
    static Error tooSlow(Duration took, Duration deadline) {
        return new Error("answered after " + Durations.format(took) + ", past the " + Durations.format(deadline) + " deadline");
    }

    static Error unreachable(String address, String detail) {
        return new Error(address + " is unreachable" + (detail == null || detail.isBlank() ? "" : ": " + detail));
    }

    static Error malformed(String detail) {
        return new Error("malformed response" + (detail == null || detail.isBlank() ? "" : ": " + detail));
    }

    /** Short text for messages: the number, "no data: why" or "error: message". */
    default String describe() {
        if (this instanceof Value v) {
            return Numbers.format(v.value());
        }
        if (this instanceof Selected selected) {
            return selected.shown();
        }
        if (this instanceof NoData n) {
            return "no data: " + n.why();
        }
        return "error: " + ((Error) this).message();
    }
}
