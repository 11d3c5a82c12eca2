package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.ArrayList;
import java.util.List;

/** One webhook told about chosen events of the pipeline's revisions; delivery never blocks or changes a rollout. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.events.all(e, self.events.exists_one(f, f == e))", message = "each event may be named once in events")
public class NotificationSpec {

    /** The events a notification can be sent on; the names are user-facing (the payload's {@code event}). */
    public enum Event {
        /** A data-validation or evaluation gate failed: the revision is Rejected. */
        RevisionRejected,
        /** A rollout's analysis (or its progress deadline) rolled the revision back. */
        RolledBack,
        /** The revision became the stable one. */
        Promoted,
        /** A rollout waits for a person (modelgate.io/action: promote or abort). */
        WaitingForPromotion,
        /** A retraining trigger (spec.triggers.metrics) created the revision. */
        RetrainTriggered
    }

    @Required
    @Size(min = 1, max = 63)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("Name of this notification (a DNS label, unique in the pipeline); in metrics and the condition.")
    private String name;

    // Not "on": YAML 1.1 parsers (Go's, kubectl's) read an unquoted on: key as the boolean true.
    @Required
    @Size(min = 1, max = 5)
    @JsonPropertyDescription("The events sent: RevisionRejected, RolledBack, Promoted, WaitingForPromotion, RetrainTriggered.")
    private List<Event> events = new ArrayList<>();

    @Required
    @JsonPropertyDescription("Where the notification is POSTed: JSON with a Slack-compatible text field.")
    private WebhookSpec webhook;

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public List<Event> getEvents() { return events; }
    public void setEvents(List<Event> events) { this.events = events; }
    public WebhookSpec getWebhook() { return webhook; }
    public void setWebhook(WebhookSpec webhook) { this.webhook = webhook; }

    /** A webhook whose URL is a Secret's value: URLs of chat webhooks are credentials. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class WebhookSpec {

        @Required
        @JsonPropertyDescription("The Secret key holding the webhook's URL (http or https), read at send time, never logged.")
        private UrlFrom urlFrom;

        @Min(1)
        @Max(60)
        @JsonPropertyDescription("Seconds one attempt may take. Default 5.")
        private Integer timeoutSeconds;

        public UrlFrom getUrlFrom() { return urlFrom; }
        public void setUrlFrom(UrlFrom urlFrom) { this.urlFrom = urlFrom; }
        public Integer getTimeoutSeconds() { return timeoutSeconds; }
        public void setTimeoutSeconds(Integer timeoutSeconds) { this.timeoutSeconds = timeoutSeconds; }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class UrlFrom {

        @Required
        private SecretKeyRef secretKeyRef;

        public SecretKeyRef getSecretKeyRef() { return secretKeyRef; }
        public void setSecretKeyRef(SecretKeyRef secretKeyRef) { this.secretKeyRef = secretKeyRef; }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SecretKeyRef {

        @Required
        @Size(min = 1, max = 253)
        @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
        @JsonPropertyDescription("Name of the Secret, in the pipeline's namespace.")
        private String name;

        @Required
        @Size(min = 1, max = 253)
        @Pattern("^[-._a-zA-Z0-9]+$")
        @JsonPropertyDescription("The key whose value is the URL.")
        private String key;

        public SecretKeyRef() {
        }

        public SecretKeyRef(String name, String key) {
            this.name = name;
            this.key = key;
        }

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getKey() { return key; }
        public void setKey(String key) { this.key = key; }
    }
}
