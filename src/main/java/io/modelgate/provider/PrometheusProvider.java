package io.modelgate.provider;


import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.analysis.ProviderResult;
import io.modelgate.api.AnalysisMetricSpec;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The {@code prometheus} metric provider: one instant query ({@code GET {address}/api/v1/query?query=…&time=…})
 * per measurement, mapped to a {@link ProviderResult}. It never throws, and never waits longer than the
 * query's timeout (connecting, headers and body together).
 *
 * <table>
 * <caption>What an answer becomes</caption>
 * <tr><th>Prometheus answers</th><th>result</th></tr>
 * <tr><td>vector with one sample</td><td>Value (its value; {@code "+Inf"}/{@code "-Inf"} → ±Infinity)</td></tr>
 * <tr><td>a sample or scalar that is {@code "NaN"}</td><td>NoData("query returned NaN")</td></tr>
 * <tr><td>empty vector</td><td>NoData</td></tr>
 * <tr><td>vector with N &gt; 1 series</td><td>Error naming N, telling to aggregate (e.g. {@code sum(…)})</td></tr>
 * <tr><td>scalar</td><td>Value</td></tr>
 * <tr><td>matrix or string</td><td>Error (an analysis needs one number)</td></tr>
 * <tr><td>{@code "status":"error"}</td><td>Error with Prometheus's errorType and error</td></tr>
 * <tr><td>HTTP non-2xx</td><td>Error with the status code (and Prometheus's error, when the body has one)</td></tr>
 * <tr><td>timeout, refused connection, malformed JSON</td><td>Error saying so</td></tr>
 * <tr><td>unknown template placeholder, bad address, non-positive timeout</td><td>Error saying so, no request</td></tr>
 * </table>
 *
 * Thread-safe; one instance (one {@link HttpClient}) serves every metric of the operator.
 */
public final class PrometheusProvider implements MetricProvider {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;

    /** With its own HTTP/1.1 client that follows no redirects. */
    public PrometheusProvider() {
        this(HttpFetch.newClient());
    }

    public PrometheusProvider(HttpClient client) {
        this.client = client;
    }

    /** Renders the template with the query's variables, then runs it as of {@code time} ({@code null}: the server's now). */
    @Override
    public boolean reads(AnalysisMetricSpec source) {
        return source.getPrometheus() != null;
    }

    @Override
    public ProviderResult read(AnalysisMetricSpec source, Map<String, String> variables, Context context) {
        var spec = source.getPrometheus();
        String address = spec.getAddress() == null ? context.defaultPrometheusAddress().orElse(null) : spec.getAddress();
        Duration timeout = spec.getTimeoutSeconds() == null ? null : Duration.ofSeconds(spec.getTimeoutSeconds());
        return measure(new PrometheusQuery(address, spec.getQuery(), variables, timeout), context.now());
    }

    public ProviderResult measure(PrometheusQuery query, Instant time) {
        String promql;
        try {
            promql = QueryTemplate.render(query.template(), query.variables());
        } catch (IllegalArgumentException e) {
            return new ProviderResult.Error(e.getMessage());
        }
        return query(query.address(), promql, time, query.timeout());
    }

    /** Runs {@code promql}, already rendered, as of {@code time} ({@code null}: the server's now). */
    public ProviderResult query(String address, String promql, Instant time, Duration timeout) {
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            return new ProviderResult.Error("the Prometheus query timeout must be positive, got " + timeout);
        }
        if (promql == null || promql.isBlank()) {
            return new ProviderResult.Error("the Prometheus query is empty");
        }
        URI base;
        try {
            base = baseUri(address);
        } catch (IllegalArgumentException e) {
            return new ProviderResult.Error(e.getMessage());
        }
        String shown = "Prometheus at " + Texts.redacted(base);
        StringBuilder uri = new StringBuilder(base.toString()).append("/api/v1/query?query=")
                .append(URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (time != null) {
            uri.append("&time=").append(unixSeconds(time));
        }
        // Let Prometheus give up on the evaluation too, rather than keep computing an answer nobody waits for.
        uri.append("&timeout=").append(timeout.toMillis()).append("ms");

        HttpFetch.Outcome outcome = HttpFetch.get(client, URI.create(uri.toString()), Map.of(), timeout, shown);
        if (outcome instanceof HttpFetch.Failure failure) {
            return new ProviderResult.Error(failure.message());
        }
        HttpFetch.Response response = (HttpFetch.Response) outcome;
        return interpret(response, shown);
    }

    /** Maps one HTTP answer of {@code /api/v1/query}. */
    static ProviderResult interpret(HttpFetch.Response response, String shown) {
        JsonNode root = null;
        String malformed = null;
        try {
            root = JSON.readTree(response.body());
            if (root == null || !root.isObject()) {
                malformed = "not a JSON object";
            }
        } catch (JsonProcessingException e) {
            malformed = e.getOriginalMessage();
        }

        if (!response.ok()) {
            StringBuilder message = new StringBuilder(shown).append(" answered HTTP ").append(response.status());
            if (malformed == null && "error".equals(root.path("status").asText())) {
                message.append(": ").append(prometheusError(root));
            } else if (!response.body().isBlank()) {
                message.append(": ").append(Texts.abbreviate(response.body(), 200));
            }
            return new ProviderResult.Error(message.toString());
        }
        if (malformed != null) {
            return new ProviderResult.Error("malformed JSON from " + shown + " (" + Texts.abbreviate(malformed, 120)
                    + "): " + Texts.abbreviate(response.body(), 80));
        }

        String status = root.path("status").asText("");
        if ("error".equals(status)) {
            return new ProviderResult.Error(shown + " returned an error: " + prometheusError(root));
        }
        if (!"success".equals(status)) {
            return new ProviderResult.Error("unexpected answer from " + shown + ": no \"status\":\"success\"");
        }
        JsonNode data = root.path("data");
        String resultType = data.path("resultType").asText("");
        JsonNode result = data.path("result");
        switch (resultType) {
            case "vector":
                if (!result.isArray()) {
                    return new ProviderResult.Error("unexpected answer from " + shown + ": vector without a result list");
                }
                if (result.isEmpty()) {
                    return new ProviderResult.NoData("query returned an empty vector (no series matched)");
                }
                if (result.size() > 1) {
                    return new ProviderResult.Error("query returned " + result.size() + " series, expected one:"
                            + " aggregate it to a single series (e.g. sum(...) or max(...)); first series: "
                            + Texts.abbreviate(result.get(0).path("metric").toString(), 120));
                }
                JsonNode sample = result.get(0);
                if (!sample.has("value")) {
                    return new ProviderResult.Error("the query's sample has no \"value\""
                            + (sample.has("histogram") ? " (it is a native histogram: use histogram_quantile or"
                            + " histogram_count)" : ""));
                }
                return sampleValue(sample.path("value"));
            case "scalar":
                return sampleValue(result);
            case "matrix":
                return new ProviderResult.Error("query returned a range vector (matrix); an analysis needs one"
                        + " number: wrap the range selector in a function such as rate(...) or avg_over_time(...)");
            case "string":
                return new ProviderResult.Error("query returned a string, not a number");
            default:
                return new ProviderResult.Error("unexpected answer from " + shown + ": resultType \"" + resultType + "\"");
        }
    }

    /** {@code [ <unix time>, "<value>" ]}. */
    private static ProviderResult sampleValue(JsonNode pair) {
        if (!pair.isArray() || pair.size() != 2) {
            return new ProviderResult.Error("the query's sample is not a [time, value] pair: "
                    + Texts.abbreviate(pair.toString(), 80));
        }
        JsonNode value = pair.get(1);
        if (!value.isTextual()) {
            return new ProviderResult.Error("the query's sample value is not a string: " + Texts.abbreviate(value.toString(), 80));
        }
        return SampleValues.parse(value.asText(), "the query's sample value");
    }

    private static String prometheusError(JsonNode root) {
        String type = root.path("errorType").asText("");
        String error = root.path("error").asText("");
        String text = type.isEmpty() ? error : error.isEmpty() ? type : type + ": " + error;
        return Texts.abbreviate(text.isEmpty() ? "(no error message)" : text, 300);
    }

    /** The address without a trailing slash; {@code http} or {@code https}, a host, no query string. */
    static URI baseUri(String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("the Prometheus address is missing");
        }
        String trimmed = address.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("the Prometheus address is not a valid URL: " + e.getReason() + " at index " + e.getIndex());
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("the Prometheus address must be an http:// or https:// URL, got \""
                    + Texts.abbreviate(address, 80) + "\"");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the Prometheus address has no host: \"" + Texts.abbreviate(address, 80) + "\"");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the Prometheus address must be scheme://host[:port][/path],"
                    + " without user info, query or fragment");
        }
        return uri;
    }

    /** Unix seconds with millisecond precision, as Prometheus accepts: {@code 1700000000.123}. */
    static String unixSeconds(Instant time) {
        return BigDecimal.valueOf(time.toEpochMilli(), 3).stripTrailingZeros().toPlainString();
    }
}
