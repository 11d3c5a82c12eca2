package io.modelgate.provider;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Prometheus metric as configured: the server's address (e.g. {@code http://prometheus.monitoring:9090},
 * a path prefix allowed), a PromQL template (see {@link QueryTemplate}), the values of its placeholders, and
 * how long one query may take. A {@code null} map means no values; a {@code null} timeout means
 * {@link PrometheusProvider#DEFAULT_TIMEOUT}. Nothing is validated here: {@link PrometheusProvider#measure}
 * reports a bad address, template or timeout as an {@code Error}.
 */
public record PrometheusQuery(String address, String template, Map<String, String> variables, Duration timeout) {

    public PrometheusQuery {
        // A copy that keeps null values (Map.copyOf would throw): they are reported when used.
        variables = variables == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        timeout = timeout == null ? PrometheusProvider.DEFAULT_TIMEOUT : timeout;
    }

    /** The same query with other placeholder values: e.g. the stable revision's, for a relative bound. */
    public PrometheusQuery withVariables(Map<String, String> newVariables) {
        return new PrometheusQuery(address, template, newVariables, timeout);
    }
}
