package io.modelgate.provider;


import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.analysis.ProviderResult;
import io.modelgate.api.AnalysisMetricSpec;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code http} metric provider: GET (or POST/PUT, with a templated body) a URL that answers JSON and pick one
 * number out of it by an RFC 6901 JSON pointer or a JSONPath ({@link JsonSelection}); for a metric judged by
 * conditions, whatever is selected is handed over whole ({@link ProviderResult.Selected}). It never throws, and never
 * waits longer than the query's timeout.
 *
 * <table>
 * <caption>What an answer becomes</caption>
 * <tr><th>at the pointer</th><th>result</th></tr>
 * <tr><td>a JSON number</td><td>Value</td></tr>
 * <tr><td>a string holding a decimal number ({@code "0.5"}, {@code "-1e-3"}), or {@code "+Inf"}/{@code "-Inf"}</td>
 *     <td>Value: many APIs (Prometheus's own among them) write numbers as strings to keep their precision.
 *     Only a whole decimal literal counts: no spaces, units, hex or percent signs</td></tr>
 * <tr><td>the string {@code "NaN"}</td><td>NoData, as Prometheus's NaN</td></tr>
 * <tr><td>nothing (the pointer leads nowhere), or JSON {@code null}</td><td>NoData</td></tr>
 * <tr><td>any other string, a boolean, an object or an array</td><td>Error naming what is there</td></tr>
 * </table>
 * An HTTP status other than 2xx (redirects are not followed), a timeout, a refused connection, a body that
 * is not JSON, an invalid pointer, URL or header are Errors. Error messages show the URL without its query
 * string and never show header values.
 *
 * Thread-safe; one instance (one {@link HttpClient}) serves every metric of the operator.
 */
public final class HttpJsonProvider implements MetricProvider {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;

    /** With its own HTTP/1.1 client that follows no redirects. */
    public HttpJsonProvider() {
        this(HttpFetch.newClient());
    }

    public HttpJsonProvider(HttpClient client) {
        this.client = client;
    }

    @Override
    public boolean reads(AnalysisMetricSpec source) {
        return source.getHttp() != null;
    }

    /** The URL rendered from its template, headers from the Secret named by {@code headersFrom}, then one GET. */
    @Override
    public ProviderResult read(AnalysisMetricSpec source, Map<String, String> variables, Context context) {
        var spec = source.getHttp();
        String url;
        try {
            url = QueryTemplate.render(spec.getUrl(), variables);
        } catch (IllegalArgumentException e) {
            return ProviderResult.error(e.getMessage());
        }
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        if (spec.getHeadersFrom() != null) {
            String secret = spec.getHeadersFrom().getSecretName();
            try {
                headers.putAll(context.secret(secret));
            } catch (IllegalStateException e) {
                return ProviderResult.error(e.getMessage().replace("Secret " + secret, "Secret " + secret + " (headersFrom)"));
            }
        }
        String body = null;
        if (spec.getBody() != null) {
            try {
                body = QueryTemplate.render(spec.getBody(), variables);
            } catch (IllegalArgumentException e) {
                return ProviderResult.error("http body: " + e.getMessage());
            }
        }
        Duration timeout = spec.getTimeoutSeconds() == null ? null : Duration.ofSeconds(spec.getTimeoutSeconds());
        boolean anyValue = source.getSuccessCondition() != null || source.getFailureCondition() != null;
        return measure(new HttpJsonQuery(url, spec.effectiveMethod().name(), body, spec.getJsonPointer(), spec.getJsonPath(),
                headers, timeout, anyValue));
    }

    public ProviderResult measure(HttpJsonQuery query) {
        Duration timeout = query.timeout();
        if (timeout.isZero() || timeout.isNegative()) {
            return new ProviderResult.Error("the http metric timeout must be positive, got " + timeout);
        }
        if (!List.of("GET", "POST", "PUT").contains(query.method())) {
            return new ProviderResult.Error("the http metric method must be GET, POST or PUT, got " + Texts.abbreviate(query.method(), 20));
        }
        JsonPointer pointer = null;
        JsonSelection path = null;
        if (query.jsonPath() != null) {
            try {
                path = JsonSelection.compile(query.jsonPath());
            } catch (IllegalArgumentException e) {
                return new ProviderResult.Error(e.getMessage());
            }
        } else {
            try {
                pointer = JsonPointer.compile(query.jsonPointer() == null ? "" : query.jsonPointer());
            } catch (IllegalArgumentException e) {
                return new ProviderResult.Error("invalid JSON pointer \"" + Texts.abbreviate(query.jsonPointer(), 80)
                        + "\": it must be empty or start with \"/\" (RFC 6901)");
            }
        }
        URI uri;
        try {
            uri = url(query.url());
        } catch (IllegalArgumentException e) {
            return new ProviderResult.Error(e.getMessage());
        }
        String shown = Texts.redacted(uri);

        HttpFetch.Outcome outcome = HttpFetch.send(client, query.method(), query.body(), uri, query.headers(), timeout, shown);
        if (outcome instanceof HttpFetch.Failure failure) {
            return new ProviderResult.Error(failure.message());
        }
        HttpFetch.Response response = (HttpFetch.Response) outcome;
        if (!response.ok()) {
            return new ProviderResult.Error(shown + " answered HTTP " + response.status()
                    + (response.body().isBlank() ? "" : ": " + Texts.abbreviate(response.body(), 200)));
        }
        JsonNode root;
        try {
            root = JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            return new ProviderResult.Error("malformed JSON from " + shown + " (" + Texts.abbreviate(e.getOriginalMessage(), 120)
                    + "): " + Texts.abbreviate(response.body(), 80));
        }
        if (root == null || root.isMissingNode()) {
            return new ProviderResult.Error("malformed JSON from " + shown + ": the body is empty");
        }
        if (path != null) {
            JsonSelection.Selected selected = path.select(root);
            String at = "JSONPath \"" + Texts.abbreviate(query.jsonPath(), 80) + "\"";
            if (query.anyValue()) {
                return selected.node().isMissingNode() ? new ProviderResult.NoData("nothing at " + at) : whole(selected.node());
            }
            if (selected.several() > 1) {
                return new ProviderResult.Error(at + " selects " + selected.several() + " values, expected one number");
            }
            return pick(selected.single(), at);
        }
        String at = query.jsonPointer() == null || query.jsonPointer().isEmpty() ? "the document" : "JSON pointer \"" + query.jsonPointer() + "\"";
        JsonNode node = root.at(pointer);
        if (query.anyValue()) {
            return node.isMissingNode() ? new ProviderResult.NoData("nothing at " + at) : whole(node);
        }
        return pick(node, at);
    }

    /** Any JSON, for a condition: JSON null included, which the condition may test or replace with default(). */
    private static ProviderResult whole(JsonNode node) {
        return new ProviderResult.Selected(JSON.convertValue(node, Object.class), Texts.abbreviate(node.toString(), 120));
    }

    /** One number at {@code at} ("the document", "JSON pointer \"/a\"", "JSONPath \"$.a\""). */
    static ProviderResult pick(JsonNode node, String at) {
        if (node.isMissingNode()) {
            return new ProviderResult.NoData("nothing at " + at);
        }
        if (node.isNull()) {
            return new ProviderResult.NoData("null at " + at);
        }
        if (node.isNumber()) {
            return new ProviderResult.Value(node.doubleValue());
        }
        if (node.isTextual()) {
            ProviderResult parsed = SampleValues.parse(node.textValue(), "the string at " + at);
            if (parsed instanceof ProviderResult.NoData) {
                return new ProviderResult.NoData("\"NaN\" at " + at);
            }
            return parsed;
        }
        String kind = node.isBoolean() ? "a boolean" : node.isObject() ? "an object" : node.isArray() ? "an array"
                : node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        return new ProviderResult.Error(at + " leads to " + kind + ", not a number: "
                + Texts.abbreviate(node.toString(), 80));
    }

    private static URI url(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("the http metric URL is missing");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            // Not e.getMessage(): it repeats the URL, query string (and any key in it) included.
            throw new IllegalArgumentException("the http metric URL is not valid: " + e.getReason() + " at index " + e.getIndex());
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("the http metric URL must start with http:// or https://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the http metric URL has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the http metric URL must not carry user info: send credentials in a header");
        }
        return uri;
    }
}
