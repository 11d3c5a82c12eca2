package io.modelgate.notify;

import io.modelgate.api.ModelPipelineSpec;
import io.modelgate.api.NotificationSpec;
import io.modelgate.api.NotificationSpec.Event;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A webhook to tell, with where its URL is kept: a Secret key in the pipeline's namespace (spec.notifications), or in
 * the operator's namespace for the operator's default. The URL itself is never held here: it is read at send time.
 *
 * @param name the notification's name ({@code default} for the operator's)
 */
public record WebhookTarget(String name, Set<Event> on, String secretNamespace, String secretName, String secretKey, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final String OPERATOR_DEFAULT = "default";

    public WebhookTarget {
        on = on.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(on));
    }

    /** The webhooks of a pipeline: its own, or when it names none, the operator's default. */
    public static List<WebhookTarget> of(String namespace, ModelPipelineSpec spec, Optional<WebhookTarget> operatorDefault) {
        List<NotificationSpec> own = spec == null || spec.getNotifications() == null ? List.of() : spec.getNotifications();
        if (own.isEmpty()) {
            return operatorDefault.map(List::of).orElse(List.of());
        }
        List<WebhookTarget> targets = new ArrayList<>();
        for (NotificationSpec notification : own) {
            if (notification.getWebhook() == null || notification.getWebhook().getUrlFrom() == null
                    || notification.getWebhook().getUrlFrom().getSecretKeyRef() == null || notification.getEvents() == null) {
                continue; // admission requires these; an object stored before the schema had them is skipped
            }
            NotificationSpec.SecretKeyRef ref = notification.getWebhook().getUrlFrom().getSecretKeyRef();
            Integer seconds = notification.getWebhook().getTimeoutSeconds();
            targets.add(new WebhookTarget(notification.getName(), Set.copyOf(notification.getEvents()), namespace, ref.getName(), ref.getKey(),
                    seconds == null ? DEFAULT_TIMEOUT : Duration.ofSeconds(seconds)));
        }
        return targets;
    }

    public boolean wants(Notice notice) {
        return on.contains(notice.event());
    }

    /** One delivery's key: a notice sent to two webhooks is two deliveries. */
    public String deliveryKey(Notice notice) {
        return notice.key() + "->" + name;
    }
}
