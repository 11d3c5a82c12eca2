package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A lifecycle hook of a rollout: an HTTP POST of a JSON document, or a Job, at one moment of it. PreRollout and
 * ConfirmPromotion hooks are waited for; PostRollout and Rollback hooks are started and recorded.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "(has(self.http) ? 1 : 0) + (has(self.job) ? 1 : 0) == 1", message = "a hook is exactly one of http or job")
@ValidationRule(value = "!has(self.onFailure) || self.type == 'PreRollout' || self.type == 'ConfirmPromotion'",
        message = "onFailure applies only to PreRollout and ConfirmPromotion hooks: the rollout waits for those alone")
public class RolloutHookSpec {

    public enum Type { PreRollout, ConfirmPromotion, PostRollout, Rollback }

    public enum OnFailure { Hold, Rollback }

    @Required
    @Size(min = 1, max = 40)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    private String name;

    // "type", as Flagger's webhooks have it, not "on": kubectl's and Helm's YAML 1.1 parsers read an unquoted on: key as true.
    @Required
    @JsonPropertyDescription("PreRollout: before the first step (or the preview). ConfirmPromotion: when every step is done, before the "
            + "new revision takes everything. PostRollout: after it was promoted. Rollback: after it was rolled back or aborted.")
    private Type type;

    @JsonPropertyDescription("What a failed PreRollout or ConfirmPromotion hook does: Hold (default: the rollout waits, with a condition "
            + "naming the hook, until a person promotes past it or aborts) or Rollback.")
    private OnFailure onFailure;

    @JsonPropertyDescription("POST a JSON document (pipeline, revision, phase, hook, weight, metrics) to url; any 2xx answer is success.")
    private Http http;

    @JsonPropertyDescription("Run a Job; it succeeds or fails as the Job does. Its first container gets MODELGATE_HOOK and MODELGATE_HOOK_ON "
            + "beside the revision's environment.")
    private AnalysisMetricSpec.JobMetric job;

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public Type getType() { return type; }
    public void setType(Type type) { this.type = type; }
    public OnFailure getOnFailure() { return onFailure; }
    public void setOnFailure(OnFailure onFailure) { this.onFailure = onFailure; }
    public Http getHttp() { return http; }
    public void setHttp(Http http) { this.http = http; }
    public AnalysisMetricSpec.JobMetric getJob() { return job; }
    public void setJob(AnalysisMetricSpec.JobMetric job) { this.job = job; }

    public OnFailure effectiveOnFailure() {
        return onFailure == null ? OnFailure.Hold : onFailure;
    }

    /** Whether the rollout waits for the hook's outcome. */
    public boolean gates() {
        return type == Type.PreRollout || type == Type.ConfirmPromotion;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Http {
        @Required
        @Size(max = 2048)
        @Pattern("^https?://[^\\s]+$")
        @JsonPropertyDescription("Where to POST; {{namespace}}, {{pipeline}}, {{revision}} and {{stableRevision}} are replaced.")
        private String url;

        @JsonPropertyDescription("A Secret (same namespace) whose keys are sent as request headers, e.g. Authorization.")
        private AnalysisMetricSpec.SecretRef headersFrom;

        @Min(1)
        @Max(60)
        @JsonPropertyDescription("Seconds to wait for the answer. Default 10.")
        private Integer timeoutSeconds;

        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
        public AnalysisMetricSpec.SecretRef getHeadersFrom() { return headersFrom; }
        public void setHeadersFrom(AnalysisMetricSpec.SecretRef headersFrom) { this.headersFrom = headersFrom; }
        public Integer getTimeoutSeconds() { return timeoutSeconds; }
        public void setTimeoutSeconds(Integer timeoutSeconds) { this.timeoutSeconds = timeoutSeconds; }
    }
}
