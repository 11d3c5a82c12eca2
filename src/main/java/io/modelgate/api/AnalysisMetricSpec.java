package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/** One metric of an analysis: where its value comes from, how often it is measured, what it must satisfy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "(has(self.prometheus) ? 1 : 0) + (has(self.http) ? 1 : 0) + (has(self.job) ? 1 : 0) == 1",
        message = "a metric needs exactly one provider: prometheus, http or job")
@ValidationRule(value = "has(self.min) || has(self.max) || has(self.maxRatioToStable) || has(self.minRatioToStable)",
        message = "a metric needs a bound: min, max, maxRatioToStable or minRatioToStable")
@ValidationRule(value = "!has(self.min) || !has(self.max) || self.min <= self.max",
        message = "min must be less than or equal to max")
@ValidationRule(value = "!has(self.count) || self.count == 0 || !has(self.failureLimit) || self.failureLimit <= self.count",
        message = "count must be at least failureLimit (as in Argo Rollouts): in fewer measurements than that, failures never exceed the limit, so the metric could never fail on them")
@ValidationRule(value = "!has(self.count) || self.count == 0 || !has(self.inconclusiveLimit) || self.inconclusiveLimit <= self.count",
        message = "count must be at least inconclusiveLimit (as in Argo Rollouts): in fewer measurements than that, inconclusive ones never exceed the limit")
public class AnalysisMetricSpec {

    /**
     * CEL: every {@code {{} of a query or URL opens one of the placeholders the operator fills in
     * ({@code io.modelgate.provider.QueryTemplate}; a test holds the two lists equal), so that an unknown or unclosed
     * one is rejected at admission, as QueryTemplate would reject it at the first measurement. One regular expression,
     * not a findAll over the matches: findAll's estimated cost over 100 metrics of an 8192-character query is more
     * than 100 times the API server's budget, one match is linear in the length. The operator's plan checks the same
     * again with QueryTemplate itself (RolloutPlan).
     */
    public static final String KNOWN_PLACEHOLDERS_RULE =
            "self.matches(r'^(?:[^{]|\\{[^{]|\\{$|\\{\\{\\s*(?:namespace|pipeline|revision|stableRevision)\\s*}})*$')";
    public static final String KNOWN_PLACEHOLDERS_MESSAGE = "unknown or unclosed placeholder: the only placeholders are "
            + "{{namespace}}, {{pipeline}}, {{revision}} and {{stableRevision}}";

    public enum NoData { Fail, Inconclusive, Ignore }

    @Required
    @Size(min = 1, max = 63)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    private String name;

    @Pattern(Durations.PATTERN)
    @JsonPropertyDescription("Time between measurements. Default: the operator's default analysis interval (30s). "
            + "After an Error the metric is measured again 10s later, or after the interval when that is shorter.")
    private String interval;

    @Min(0)
    @Max(1000)
    @JsonPropertyDescription("Measurements to take (errors excluded). Default 1; 0 measures until the step ends (background analysis default).")
    private Integer count;

    @Pattern(Durations.PATTERN)
    @JsonPropertyDescription("Wait before the first measurement, e.g. to let the canary take traffic.")
    private String initialDelay;

    @Min(0)
    @JsonPropertyDescription("Failed once more measurements than this failed. Default 0. At most count (when count is set and not 0).")
    private Integer failureLimit;

    @Min(0)
    @JsonPropertyDescription("Failed once more measurements than this failed in a row. Default: off.")
    private Integer consecutiveFailureLimit;

    @Min(0)
    @JsonPropertyDescription("Inconclusive (pause for a person) once more measurements than this were inconclusive. Default 0. At most count (when count is set and not 0).")
    private Integer inconclusiveLimit;

    @Min(0)
    @JsonPropertyDescription("Error (rolls back) once more measurements than this errored in a row. Default 4.")
    private Integer consecutiveErrorLimit;

    @JsonPropertyDescription("What a measurement without data (empty result, NaN, missing JSON pointer) is: Fail, Inconclusive (default) or Ignore.")
    private NoData noData;

    @JsonPropertyDescription("The canary's value must be at least this.")
    private Double min;

    @JsonPropertyDescription("The canary's value must be at most this.")
    private Double max;

    @Min(0)
    @JsonPropertyDescription("The canary's value must be at most the stable revision's value of the same query times this (e.g. 1.1).")
    private Double maxRatioToStable;

    @Min(0)
    @JsonPropertyDescription("The canary's value must be at least the stable revision's value of the same query times this (e.g. 0.9).")
    private Double minRatioToStable;

    @JsonPropertyDescription("An instant PromQL query.")
    private PrometheusMetric prometheus;

    @JsonPropertyDescription("GET a URL answering JSON; a JSON pointer selects the number.")
    private HttpMetric http;

    @JsonPropertyDescription("Run a Job per measurement; its termination message JSON gives the value.")
    private JobMetric job;

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getInterval() { return interval; }
    public void setInterval(String interval) { this.interval = interval; }
    public Integer getCount() { return count; }
    public void setCount(Integer count) { this.count = count; }
    public String getInitialDelay() { return initialDelay; }
    public void setInitialDelay(String initialDelay) { this.initialDelay = initialDelay; }
    public Integer getFailureLimit() { return failureLimit; }
    public void setFailureLimit(Integer failureLimit) { this.failureLimit = failureLimit; }
    public Integer getConsecutiveFailureLimit() { return consecutiveFailureLimit; }
    public void setConsecutiveFailureLimit(Integer consecutiveFailureLimit) { this.consecutiveFailureLimit = consecutiveFailureLimit; }
    public Integer getInconclusiveLimit() { return inconclusiveLimit; }
    public void setInconclusiveLimit(Integer inconclusiveLimit) { this.inconclusiveLimit = inconclusiveLimit; }
    public Integer getConsecutiveErrorLimit() { return consecutiveErrorLimit; }
    public void setConsecutiveErrorLimit(Integer consecutiveErrorLimit) { this.consecutiveErrorLimit = consecutiveErrorLimit; }
    public NoData getNoData() { return noData; }
    public void setNoData(NoData noData) { this.noData = noData; }
    public Double getMin() { return min; }
    public void setMin(Double min) { this.min = min; }
    public Double getMax() { return max; }
    public void setMax(Double max) { this.max = max; }
    public Double getMaxRatioToStable() { return maxRatioToStable; }
    public void setMaxRatioToStable(Double maxRatioToStable) { this.maxRatioToStable = maxRatioToStable; }
    public Double getMinRatioToStable() { return minRatioToStable; }
    public void setMinRatioToStable(Double minRatioToStable) { this.minRatioToStable = minRatioToStable; }
    public PrometheusMetric getPrometheus() { return prometheus; }
    public void setPrometheus(PrometheusMetric prometheus) { this.prometheus = prometheus; }
    public HttpMetric getHttp() { return http; }
    public void setHttp(HttpMetric http) { this.http = http; }
    public JobMetric getJob() { return job; }
    public void setJob(JobMetric job) { this.job = job; }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class PrometheusMetric {
        @Size(max = 2048)
        @Pattern("^https?://.+")
        @JsonPropertyDescription("Prometheus base URL. Default: the operator's Prometheus address (chart operator.prometheusAddress).")
        private String address;

        @Required
        @Size(min = 1, max = 8192)
        @ValidationRule(value = KNOWN_PLACEHOLDERS_RULE, message = KNOWN_PLACEHOLDERS_MESSAGE)
        @JsonPropertyDescription("Instant PromQL query returning one series; {{namespace}}, {{pipeline}}, {{revision}} and {{stableRevision}} are replaced. "
                + "For a ratio bound the same query is run with {{revision}} = the stable revision.")
        private String query;

        @Min(1)
        @Max(60)
        @JsonPropertyDescription("Seconds a query may take before the measurement is an Error. Default 10.")
        private Integer timeoutSeconds;

        public String getAddress() { return address; }
        public void setAddress(String address) { this.address = address; }
        public String getQuery() { return query; }
        public void setQuery(String query) { this.query = query; }
        public Integer getTimeoutSeconds() { return timeoutSeconds; }
        public void setTimeoutSeconds(Integer timeoutSeconds) { this.timeoutSeconds = timeoutSeconds; }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class HttpMetric {
        @Required
        @Size(min = 1, max = 2048)
        @Pattern("^https?://.+")
        @ValidationRule(value = KNOWN_PLACEHOLDERS_RULE, message = KNOWN_PLACEHOLDERS_MESSAGE)
        @JsonPropertyDescription("URL to GET; the same placeholders as a Prometheus query are replaced.")
        private String url;

        @Required
        @Size(max = 1024)
        @Pattern("^(/.*)?$")
        @JsonPropertyDescription("RFC 6901 JSON pointer to the number, e.g. /data/errorRate.")
        private String jsonPointer;

        @JsonPropertyDescription("Request headers from a Secret in the pipeline's namespace: each key becomes a header.")
        private SecretRef headersFrom;

        @Min(1)
        @Max(60)
        private Integer timeoutSeconds;

        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
        public String getJsonPointer() { return jsonPointer; }
        public void setJsonPointer(String jsonPointer) { this.jsonPointer = jsonPointer; }
        public SecretRef getHeadersFrom() { return headersFrom; }
        public void setHeadersFrom(SecretRef headersFrom) { this.headersFrom = headersFrom; }
        public Integer getTimeoutSeconds() { return timeoutSeconds; }
        public void setTimeoutSeconds(Integer timeoutSeconds) { this.timeoutSeconds = timeoutSeconds; }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SecretRef {
        @Required
        @Size(min = 1, max = 253)
        private String secretName;

        public String getSecretName() { return secretName; }
        public void setSecretName(String secretName) { this.secretName = secretName; }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class JobMetric {
        @Required
        @SchemaFrom(type = OpaquePodTemplate.class)
        @PreserveUnknownFields
        @JsonPropertyDescription("Pod template of the analysis Job. The first container gets MODELGATE_REVISION, MODELGATE_STABLE_REVISION, "
                + "MODELGATE_PIPELINE and MODELGATE_METRIC, and writes a JSON object to its termination message: "
                + "{\"<metric name>\": value} (or {\"value\": v}); \"stable\" may carry the stable revision's value for a ratio bound.")
        private PodTemplateSpec template;

        @Min(1)
        @Max(86400)
        @JsonPropertyDescription("Seconds the Job may run; a Job past it is an Error measurement. Default 300.")
        private Integer activeDeadlineSeconds;

        public PodTemplateSpec getTemplate() { return template; }
        public void setTemplate(PodTemplateSpec template) { this.template = template; }
        public Integer getActiveDeadlineSeconds() { return activeDeadlineSeconds; }
        public void setActiveDeadlineSeconds(Integer activeDeadlineSeconds) { this.activeDeadlineSeconds = activeDeadlineSeconds; }
    }
}
