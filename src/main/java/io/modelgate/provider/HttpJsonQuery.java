package io.modelgate.provider;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code http} metric as configured: the URL to GET, an RFC 6901 JSON pointer to the number
 * ({@code /data/errorRate}, {@code /items/0/value}; {@code ""} is the whole document), request headers
 * (already resolved, e.g. from a Secret, by the caller), and how long the request may take.
 * A {@code null} map means no headers; a {@code null} timeout means {@link HttpJsonProvider#DEFAULT_TIMEOUT}.
 * Nothing is validated here: {@link HttpJsonProvider#measure} reports bad settings as an {@code Error}.
 */
public record HttpJsonQuery(String url, String jsonPointer, Map<String, String> headers, Duration timeout) {

    public HttpJsonQuery {
        // A copy that keeps null values (Map.copyOf would throw): they are reported when used.
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        timeout = timeout == null ? HttpJsonProvider.DEFAULT_TIMEOUT : timeout;
    }

    /** Header values can be credentials: never printed. */
    @Override
    public String toString() {
        return "HttpJsonQuery[url=" + url + ", jsonPointer=" + jsonPointer + ", headers=" + headers.keySet()
                + ", timeout=" + timeout + "]";
    }
}
