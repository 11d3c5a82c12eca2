package io.modelgate.notify;

import io.modelgate.api.NotificationSpec.Event;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's notification settings (chart {@code operator.notifications}): the webhook of every pipeline that
 * names none, and how deliveries are retried.
 *
 * @param webhook the default webhook, its URL in a Secret of the operator's namespace
 */
public record NotificationDefaults(Optional<WebhookTarget> webhook, Backoff backoff, int queueCapacity) {

    public static final NotificationDefaults NONE = new NotificationDefaults(Optional.empty(), Backoff.DEFAULT, 1000);

    /**
     * @param secretName empty or blank: no default webhook
     * @param events     comma-separated event names; blank means every event
     * @throws IllegalArgumentException naming what is wrong, so that a typo stops the operator at start
     */
    public static NotificationDefaults parse(String operatorNamespace, Optional<String> secretName, String secretKey, String events,
                                             Backoff backoff, int queueCapacity) {
        Optional<WebhookTarget> webhook = secretName.filter(n -> !n.isBlank()).map(name -> {
            if (operatorNamespace == null || operatorNamespace.isBlank()) {
                throw new IllegalArgumentException("modelgate.notifications.secret-name is set but the operator's namespace is not known "
                        + "(POD_NAMESPACE): the default webhook's Secret is read there");
            }
            return new WebhookTarget(WebhookTarget.OPERATOR_DEFAULT, events(events), operatorNamespace, name.trim(), secretKey,
                    WebhookTarget.DEFAULT_TIMEOUT);
        });
        return new NotificationDefaults(webhook, backoff, queueCapacity);
    }

    static Set<Event> events(String list) {
        if (list == null || list.isBlank()) {
            return EnumSet.allOf(Event.class);
        }
        Set<Event> events = EnumSet.noneOf(Event.class);
        for (String name : list.split(",")) {
            String trimmed = name.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                events.add(Event.valueOf(trimmed));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("modelgate.notifications.events: unknown event '" + trimmed + "', expected one of "
                        + Arrays.stream(Event.values()).map(Enum::name).collect(Collectors.joining(", ")));
            }
        }
        return events;
    }

    public static Backoff backoff(String first, String max, int maxAttempts) {
        return new Backoff(io.modelgate.analysis.Durations.parse(first), io.modelgate.analysis.Durations.parse(max), maxAttempts);
    }

    /** For the log at start: where the default goes, never the URL. */
    public String describe() {
        return webhook.map(w -> "default webhook from Secret " + w.secretNamespace() + "/" + w.secretName() + " key " + w.secretKey()
                + " on " + w.on()).orElse("no default webhook") + "; retries " + backoff.schedule();
    }

}
