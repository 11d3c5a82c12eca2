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
@ValidationRule(value = "has(self.min) || has(self.max) || has(self.maxRatioToStable) || has(self.minRatioToStable) "
        + "|| has(self.boundsFromArgs) || has(self.successCondition) || has(self.failureCondition)",
        message = "a metric needs a bound: min, max, maxRatioToStable or minRatioToStable (or, in a template, boundsFromArgs), or a successCondition or failureCondition")
@ValidationRule(value = "!(has(self.successCondition) || has(self.failureCondition)) "
        + "|| !(has(self.min) || has(self.max) || has(self.maxRatioToStable) || has(self.minRatioToStable) || has(self.boundsFromArgs))",
        message = "successCondition/failureCondition and bounds (min, max, maxRatioToStable, minRatioToStable, boundsFromArgs) cannot be combined: give one or the other")
@ValidationRule(value = "!has(self.boundsFromArgs) || !((has(self.min) && has(self.boundsFromArgs.min)) || (has(self.max) && has(self.boundsFromArgs.max)) "
        + "|| (has(self.maxRatioToStable) && has(self.boundsFromArgs.maxRatioToStable)) || (has(self.minRatioToStable) && has(self.boundsFromArgs.minRatioToStable)))",
        message = "a bound is given either as a number or in boundsFromArgs, not both")
@ValidationRule(value = "!has(self.min) || !has(self.max) || self.min <= self.max",
        message = "min must be less than or equal to max")
@ValidationRule(value = "!has(self.count) || self.count == 0 || !has(self.failureLimit) || self.failureLimit <= self.count",
        message = "count must be at least failureLimit (as in Argo Rollouts): in fewer measurements than that, failures never exceed the limit, so the metric could never fail on them")
@ValidationRule(value = "!has(self.failureLimit) || self.failureLimit >= 0 || (has(self.consecutiveSuccessLimit) && self.consecutiveSuccessLimit > 0)",
        message = "failureLimit -1 (no failure limit) needs consecutiveSuccessLimit > 0: else nothing could ever decide the metric")
@ValidationRule(value = "!has(self.count) || self.count == 0 || !has(self.consecutiveSuccessLimit) "
        + "|| self.consecutiveSuccessLimit + (has(self.failureLimit) && self.failureLimit > 0 ? self.failureLimit : 0) <= self.count",
        message = "count must be at least consecutiveSuccessLimit + failureLimit (as in Argo Rollouts): in fewer measurements the success streak could never be reached")
@ValidationRule(value = "!has(self.count) || self.count == 0 || !has(self.inconclusiveLimit) || self.inconclusiveLimit <= self.count",
        message = "count must be at least inconclusiveLimit (as in Argo Rollouts): in fewer measurements than that, inconclusive ones never exceed the limit")
public class AnalysisMetricSpec {

    /**
     * CEL: every {@code {{} of a query or URL opens one of the placeholders the operator fills in
     * ({@code io.modelgate.provider.QueryTemplate}; a test holds the two lists equal), so that an unknown or unclosed
     * one is rejected at admission, as QueryTemplate would reject it at the first measurement. {@code {{args.NAME}}}
     * is admitted by its shape: which arguments exist is known only when an analysis names the template (the plan). One regular expression,
     * not a findAll over the matches: findAll's estimated cost over 100 metrics of an 8192-character query is more
     * than 100 times the API server's budget, one match is linear in the length. The operator's plan checks the same
     * again with QueryTemplate itself (RolloutPlan).
     */
    public static final String KNOWN_PLACEHOLDERS_RULE =
            "self.matches(r'^(?:[^{]|\\{[^{]|\\{$|\\{\\{\\s*(?:(?:namespace|pipeline|revision|stableRevision)|args\\.[A-Za-z][A-Za-z0-9_-]*)\\s*}})*$')";
    public static final String KNOWN_PLACEHOLDERS_MESSAGE = "unknown or unclosed placeholder: the only placeholders are "
            + "{{namespace}}, {{pipeline}}, {{revision}}, {{stableRevision}} and a template's {{args.NAME}}";

    public enum NoData { Fail, Inconclusive, Ignore }

    /** The most measurements a metric keeps in status (measurementRetention), so that the largest status stays far below etcd's limit. */
    public static final int MAX_MEASUREMENT_RETENTION = 20;
    public static final int DEFAULT_MEASUREMENT_RETENTION = 10;

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

    @Min(-1)
    @JsonPropertyDescription("Failed once more measurements than this failed. Default 0. At most count (when count is set and not 0). "
            + "-1: no failure limit, only consecutiveSuccessLimit decides (as in Argo Rollouts).")
    private Integer failureLimit;

    @Min(0)
    @JsonPropertyDescription("Successful as soon as this many measurements in a row were successful (an inconclusive or error one "
            + "ends the streak); 0 or unset: off. With count set, a metric that reaches count without the streak is Inconclusive "
            + "(Failed with failureLimit -1), as in Argo Rollouts.")
    private Integer consecutiveSuccessLimit;

    @JsonPropertyDescription("Dry run: measured, recorded and reported (status, Events, metrics) like any other, but never deciding: "
            + "its failures neither roll back nor pause, and it does not hold a step that has decided.")
    private Boolean dryRun;

    @Min(1)
    @Max(MAX_MEASUREMENT_RETENTION)
    @JsonPropertyDescription("Measurements kept in status for this metric, newest last. Default 10, at most 20: verdicts come from "
            + "counters, never from this list, and the cap keeps a revision's status far below etcd's object size limit.")
    private Integer measurementRetention;

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

    @JsonPropertyDescription("In a ModelAnalysisTemplate: bounds taken from the template's arguments, each naming the argument "
            + "whose value (a number) is the bound, e.g. max: maxErrorRate. Resolved when the rollout starts and frozen as numbers.")
    private BoundArgs boundsFromArgs;

    @Size(min = 1, max = 4096)
    @JsonPropertyDescription("CEL over result (the provider's answer: a number, or for http the JSON the pointer or path selects), "
            + "e.g. result.ok == true && result.latencyMs < 200. Without failureCondition, false is Failed. Helpers: isNaN(x), isInf(x), "
            + "default(x, d) (d when x is missing or null). Instead of bounds.")
    private String successCondition;

    @Size(min = 1, max = 4096)
    @JsonPropertyDescription("CEL over result: true is Failed, and it wins over successCondition. With both set and neither true the "
            + "measurement is Inconclusive, as in Argo Rollouts. Instead of bounds.")
    private String failureCondition;

    @JsonPropertyDescription("An instant PromQL query.")
    private PrometheusMetric prometheus;

    @JsonPropertyDescription("Request a URL answering JSON; a JSON pointer or JSONPath selects the number (or, for a condition, any value).")
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
    public Integer getConsecutiveSuccessLimit() { return consecutiveSuccessLimit; }
    public void setConsecutiveSuccessLimit(Integer consecutiveSuccessLimit) { this.consecutiveSuccessLimit = consecutiveSuccessLimit; }
    public Boolean getDryRun() { return dryRun; }
    public void setDryRun(Boolean dryRun) { this.dryRun = dryRun; }
    public boolean dryRunEnabled() { return Boolean.TRUE.equals(dryRun); }
    public Integer getMeasurementRetention() { return measurementRetention; }
    public void setMeasurementRetention(Integer measurementRetention) { this.measurementRetention = measurementRetention; }
    public int effectiveMeasurementRetention() {
        return measurementRetention == null ? DEFAULT_MEASUREMENT_RETENTION : Math.min(Math.max(measurementRetention, 1), MAX_MEASUREMENT_RETENTION);
    }
    public Integer getConsecutiveFailureLimit() { return consecutiveFailureLimit; }
    public void setConsecutiveFailureLimit(Integer consecutiveFailureLimit) { this.consecutiveFailureLimit = consecutiveFailureLimit; }
    public Integer getInconclusiveLimit() { return inconclusiveLimit; }
    public void setInconclusiveLimit(Integer inconclusiveLimit) { this.inconclusiveLimit = inconclusiveLimit; }
    public Integer getConsecutiveErrorLimit() { return consecutiveErrorLimit; }
    public void setConsecutiveErrorLimit(Integer consecutiveErrorLimit) { this.consecutiveErrorLimit = consecutiveErrorLimit; }
    public NoData getNoData() { return noData; }
    public void setNoData(NoData noData) { this.noData = noData; }
    public BoundArgs getBoundsFromArgs() { return boundsFromArgs; }
    public void setBoundsFromArgs(BoundArgs boundsFromArgs) { this.boundsFromArgs = boundsFromArgs; }
    public Double getMin() { return min; }
    public void setMin(Double min) { this.min = min; }
    public Double getMax() { return max; }
    public void setMax(Double max) { this.max = max; }
    public Double getMaxRatioToStable() { return maxRatioToStable; }
    public void setMaxRatioToStable(Double maxRatioToStable) { this.maxRatioToStable = maxRatioToStable; }
    public Double getMinRatioToStable() { return minRatioToStable; }
    public void setMinRatioToStable(Double minRatioToStable) { this.minRatioToStable = minRatioToStable; }
    public String getSuccessCondition() { return successCondition; }
    public void setSuccessCondition(String successCondition) { this.successCondition = successCondition; }
    public String getFailureCondition() { return failureCondition; }
    public void setFailureCondition(String failureCondition) { this.failureCondition = failureCondition; }
    public PrometheusMetric getPrometheus() { return prometheus; }
    public void setPrometheus(PrometheusMetric prometheus) { this.prometheus = prometheus; }
    public HttpMetric getHttp() { return http; }
    public void setHttp(HttpMetric http) { this.http = http; }
    public JobMetric getJob() { return job; }
    public void setJob(JobMetric job) { this.job = job; }

    /**
     * A template's bounds named by argument rather than written as numbers: the schema types a bound as a number, and
     * the API server can neither hold a number-or-placeholder field nor check one with CEL, so the argument's name
     * stands beside the numeric bounds instead of in them.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "has(self.min) || has(self.max) || has(self.maxRatioToStable) || has(self.minRatioToStable)",
            message = "boundsFromArgs needs at least one of min, max, maxRatioToStable, minRatioToStable")
    public static class BoundArgs {
        @Size(min = 1, max = 63)
        @Pattern(AnalysisTemplateSpec.ARG_NAME_PATTERN)
        @JsonPropertyDescription("The argument whose value is min.")
        private String min;

        @Size(min = 1, max = 63)
        @Pattern(AnalysisTemplateSpec.ARG_NAME_PATTERN)
        @JsonPropertyDescription("The argument whose value is max.")
        private String max;

        @Size(min = 1, max = 63)
        @Pattern(AnalysisTemplateSpec.ARG_NAME_PATTERN)
        @JsonPropertyDescription("The argument whose value is maxRatioToStable (at least 0).")
        private String maxRatioToStable;

        @Size(min = 1, max = 63)
        @Pattern(AnalysisTemplateSpec.ARG_NAME_PATTERN)
        @JsonPropertyDescription("The argument whose value is minRatioToStable (at least 0).")
        private String minRatioToStable;

        public String getMin() { return min; }
        public void setMin(String min) { this.min = min; }
        public String getMax() { return max; }
        public void setMax(String max) { this.max = max; }
        public String getMaxRatioToStable() { return maxRatioToStable; }
        public void setMaxRatioToStable(String maxRatioToStable) { this.maxRatioToStable = maxRatioToStable; }
        public String getMinRatioToStable() { return minRatioToStable; }
        public void setMinRatioToStable(String minRatioToStable) { this.minRatioToStable = minRatioToStable; }
    }

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
    @ValidationRule(value = "has(self.jsonPointer) != has(self.jsonPath)", message = "give exactly one of jsonPointer and jsonPath")
    @ValidationRule(value = "!has(self.body) || (has(self.method) && self.method != 'GET')", message = "a body needs method POST or PUT")
    public static class HttpMetric {

        public enum Method { GET, POST, PUT }

        @Required
        @Size(min = 1, max = 2048)
        @Pattern("^https?://.+")
        @ValidationRule(value = KNOWN_PLACEHOLDERS_RULE, message = KNOWN_PLACEHOLDERS_MESSAGE)
        @JsonPropertyDescription("URL to request; the same placeholders as a Prometheus query are replaced.")
        private String url;

        @JsonPropertyDescription("GET (default), POST or PUT.")
        private Method method;

        @Size(min = 1, max = 8192)
        @ValidationRule(value = KNOWN_PLACEHOLDERS_RULE, message = KNOWN_PLACEHOLDERS_MESSAGE)
        @JsonPropertyDescription("Request body of a POST or PUT, sent as application/json unless headersFrom sets Content-Type; "
                + "the same placeholders as the URL are replaced.")
        private String body;

        @Size(max = 1024)
        @Pattern("^(/.*)?$")
        @JsonPropertyDescription("RFC 6901 JSON pointer to the value, e.g. /data/errorRate (\"\" is the whole document). Or jsonPath.")
        private String jsonPointer;

        @Size(min = 1, max = 1024)
        @Pattern("^\\{?\\$.*$")
        @JsonPropertyDescription("JSONPath to the value, e.g. $.data.models[0].errorRate or {$.data.ok} (Argo Rollouts' form); "
                + "a path with wildcards or filters selects a list. Or jsonPointer.")
        private String jsonPath;

        @JsonPropertyDescription("Request headers from a Secret in the pipeline's namespace: each key becomes a header.")
        private SecretRef headersFrom;

        @Min(1)
        @Max(60)
        private Integer timeoutSeconds;

        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
        public Method getMethod() { return method; }
        public void setMethod(Method method) { this.method = method; }
        public Method effectiveMethod() { return method == null ? Method.GET : method; }
        public String getBody() { return body; }
        public void setBody(String body) { this.body = body; }
        public String getJsonPath() { return jsonPath; }
        public void setJsonPath(String jsonPath) { this.jsonPath = jsonPath; }
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
