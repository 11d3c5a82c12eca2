package io.modelgate.metrics;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Histogram;

/** The metrics of notifications (spec.notifications, the operator's default): what reached its webhook, and what did not. */
public final class NotificationMetrics {

    private final Counter notifications;
    private final Counter failures;
    private final Histogram latency;

    public NotificationMetrics(CollectorRegistry registry) {
        notifications = Counter.build("modelgate_notifications_total",
                        "Notifications by event and outcome: Delivered, Failed (gave up after its attempts), Dropped (the queue was full).")
                .labelNames("namespace", "pipeline", "notification", "event", "outcome").register(registry);
        failures = Counter.build("modelgate_notification_failures_total",
                        "Failed attempts to deliver a notification (an HTTP error, a timeout, no connection, an unreadable Secret).")
                .labelNames("namespace", "pipeline", "notification").register(registry);
        latency = Histogram.build("modelgate_notification_latency_seconds",
                        "From the pass that found the event to its webhook answering 2xx, retries included.")
                .buckets(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300)
                .register(registry);
    }

    public void ended(String namespace, String pipeline, String notification, String event, String outcome) {
        notifications.labels(namespace, pipeline, notification, event, outcome).inc();
    }

    public void failedAttempt(String namespace, String pipeline, String notification) {
        failures.labels(namespace, pipeline, notification).inc();
    }

    public void delivered(double seconds) {
        latency.observe(seconds);
    }
}
