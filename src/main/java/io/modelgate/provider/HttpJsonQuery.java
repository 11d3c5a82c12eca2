package io.modelgate.provider;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code http} metric as configured: the URL, the method (GET, POST or PUT) and body, where the value is
 * (an RFC 6901 JSON pointer such as {@code /data/errorRate} or {@code /items/0/value}, {@code ""} being the whole
 * document, or a JSONPath such as {@code $.items[0].value}), request headers (already resolved, e.g. from a Secret, by
 * the caller), and how long the request may take. {@code anyValue} hands whatever is selected to a condition instead of
 * requiring a number. A {@code null} map means no headers; a {@code null} timeout means
 * {@link HttpJsonProvider#DEFAULT_TIMEOUT}; a {@code null} method GET. Nothing is validated here:
 * {@link HttpJsonProvider#measure} reports bad settings as an {@code Error}.
 */
public record HttpJsonQuery(String url, String method, String body, String jsonPointer, String jsonPath,
                            Map<String, String> headers, Duration timeout, boolean anyValue) {

    public HttpJsonQuery {
        // A copy that keeps null values (Map.copyOf would throw): they are reported when used.
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        timeout = timeout == null ? HttpJsonProvider.DEFAULT_TIMEOUT : timeout;
        method = method == null ? "GET" : method;
    }

    /** A GET of one number by JSON pointer. */
    public HttpJsonQuery(String url, String jsonPointer, Map<String, String> headers, Duration timeout) {
        this(url, "GET", null, jsonPointer, null, headers, timeout, false);
    }

    /** Header values can be credentials: never printed. */
    @Override
    public String toString() {
        return "HttpJsonQuery[" + method + " url=" + url + (jsonPath == null ? ", jsonPointer=" + jsonPointer : ", jsonPath=" + jsonPath)
                + ", headers=" + headers.keySet() + ", timeout=" + timeout + (anyValue ? ", any value" : "") + "]";
    }
}
