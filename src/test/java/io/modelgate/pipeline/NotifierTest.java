package io.modelgate.pipeline;

import io.modelgate.api.NotificationSpec.Event;
import io.modelgate.metrics.NotificationMetrics;
import io.modelgate.notify.Backoff;
import io.modelgate.notify.DeliveryState;
import io.modelgate.notify.Notice;
import io.modelgate.notify.WebhookTarget;
import io.modelgate.testing.WebhookServer;
import io.prometheus.client.CollectorRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Delivery against a real HTTP server on 127.0.0.1: once, retried with backoff, given up, counted, never blocking. */
class NotifierTest {

    static final Backoff FAST = new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), 4);
    static final String KEY = "ml/fraud-detection";

    final CollectorRegistry registry = new CollectorRegistry();
    final Map<String, String> secrets = new ConcurrentHashMap<>();
    final WebhookServer webhook = WebhookServer.start();
    Notifier notifier;

    @AfterEach
    void stop() {
        if (notifier != null) {
            notifier.close();
        }
        webhook.close();
    }

    Notifier notifier(Backoff backoff, int capacity) {
        notifier = new Notifier(backoff, capacity, target -> {
            String url = secrets.get(target.secretName() + "/" + target.secretKey());
            if (url == null) {
                throw new IllegalStateException("Secret " + target.secretName() + " not found");
            }
            return url;
        }, new NotificationMetrics(registry), Clock.systemUTC());
        return notifier;
    }

    static Notice rolledBack(int revision) {
        return new Notice("ml/fraud-detection/fraud-detection-r" + revision + "/RolledBack/a1", Event.RolledBack, "ml", "fraud-detection",
                "fraud-detection-r" + revision, revision, "RolledBack", "AnalysisFailed", "rolled back",
                List.of(new Notice.MetricFact("error-rate", 0.12, "<= 0.05", "> max 0.05", "analysis health")), Instant.now());
    }

    static WebhookTarget target(String name, Event... on) {
        return new WebhookTarget(name, Set.of(on), "ml", name + "-hook", "url", Duration.ofSeconds(2));
    }

    double metric(String name, String... labels) {
        String[] names = new String[labels.length / 2];
        String[] values = new String[labels.length / 2];
        for (int i = 0; i < labels.length; i += 2) {
            names[i / 2] = labels[i];
            values[i / 2] = labels[i + 1];
        }
        Double value = registry.getSampleValue(name, names, values);
        return value == null ? 0 : value;
    }

    @Test
    void aNoticeIsPostedAsJsonOncePerWebhookHoweverOftenItIsSubmitted() {
        secrets.put("ops-hook/url", webhook.url("/services/T000/B000/secret-token"));
        Notifier notifier = notifier(FAST, 10);
        Notice notice = rolledBack(3);

        for (int pass = 0; pass < 3; pass++) {
            notifier.submit(List.of(notice), List.of(target("ops", Event.RolledBack), target("audit", Event.Promoted)));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> notifier.state(KEY).delivered() == 1);
        assertThat(webhook.received()).singleElement().satisfies(post -> {
            assertThat(post.path()).isEqualTo("/services/T000/B000/secret-token");
            assertThat(post.contentType()).isEqualTo("application/json");
            assertThat(post.json().get("text").asText())
                    .isEqualTo("fraud-detection r3 RolledBack: metric error-rate = 0.12 > max 0.05 (analysis health)");
            assertThat(post.json().get("metrics").get(0).get("value").asDouble()).isEqualTo(0.12);
        });
        assertThat(notifier.busy(KEY)).isFalse();
        assertThat(metric("modelgate_notifications_total", "namespace", "ml", "pipeline", "fraud-detection", "notification", "ops",
                "event", "RolledBack", "outcome", "Delivered")).isEqualTo(1);
        assertThat(notifier.state(KEY).apply(List.of(), 1L, Instant.now())).singleElement()
                .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"));
    }

    @Test
    void aWebhookThatAnswers503IsRetriedWithBackoffThenGivenUpCountedAndShown() {
        secrets.put("ops-hook/url", webhook.url("/hook/secret-token"));
        webhook.answer(503);
        Notifier notifier = notifier(FAST, 10);

        long before = System.nanoTime();
        notifier.submit(List.of(rolledBack(3)), List.of(target("ops", Event.RolledBack)));
        double submitMillis = (System.nanoTime() - before) / 1e6;

        assertThat(submitMillis).as("submit only queues: it never waits on the network").isLessThan(500);
        assertThat(notifier.busy(KEY)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !notifier.busy(KEY));
        assertThat(webhook.attempts()).as("maxAttempts").isEqualTo(4);
        assertThat(metric("modelgate_notification_failures_total", "namespace", "ml", "pipeline", "fraud-detection", "notification", "ops"))
                .isEqualTo(4);
        assertThat(metric("modelgate_notifications_total", "namespace", "ml", "pipeline", "fraud-detection", "notification", "ops",
                "event", "RolledBack", "outcome", "Failed")).isEqualTo(1);
        DeliveryState state = notifier.state(KEY);
        assertThat(state.failing()).hasValueSatisfying(why -> assertThat(why)
                .contains("webhook ops: RolledBack of fraud-detection-r3 not delivered after 4 attempts: HTTP 503")
                .doesNotContain("secret-token").doesNotContain("127.0.0.1"));
        assertThat(state.apply(List.of(), 1L, Instant.now())).singleElement().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("DeliveryFailed");
        });

        // The webhook back: the next notification gets through and the condition reads True again.
        webhook.answer(200);
        notifier.submit(List.of(rolledBack(4)), List.of(target("ops", Event.RolledBack)));
        await().atMost(Duration.ofSeconds(10)).until(() -> notifier.state(KEY).failing().isEmpty() && !notifier.busy(KEY));
        assertThat(webhook.received()).extracting(r -> r.json().get("revision").asText()).containsExactly("fraud-detection-r4");
    }

    @Test
    void aWebhookDownThenBackIsDeliveredOnARetryAndTheRetriesFollowTheSchedule() {
        secrets.put("ops-hook/url", webhook.url("/hook"));
        webhook.answer(500);
        Notifier notifier = notifier(new Backoff(Duration.ofMillis(300), Duration.ofSeconds(1), 5), 10);

        notifier.submit(List.of(rolledBack(3)), List.of(target("ops", Event.RolledBack)));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(notifier.state(KEY).apply(List.of(), 1L, Instant.now()))
                .singleElement().satisfies(c -> assertThat(c.getReason()).isEqualTo("DeliveryRetrying")));
        assertThat(webhook.attempts()).as("the second attempt waits its backoff").isEqualTo(1);
        long firstAttempt = webhook.attemptTimes().get(0);
        webhook.answer(200);

        await().atMost(Duration.ofSeconds(5)).until(() -> webhook.received().size() == 1);
        double waitedMillis = (webhook.received().get(0).nanos() - firstAttempt) / 1e6;
        assertThat(waitedMillis).as("the second attempt came after the first backoff (300 ms)").isGreaterThanOrEqualTo(250);
        await().atMost(Duration.ofSeconds(5)).until(() -> !notifier.busy(KEY));
        assertThat(notifier.state(KEY).failing()).isEmpty();
        assertThat(metric("modelgate_notification_failures_total", "namespace", "ml", "pipeline", "fraud-detection", "notification", "ops"))
                .isEqualTo(1);
    }

    @Test
    void nothingListeningAndAMissingSecretAreFailuresThatNameNoUrl() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        secrets.put("down-hook/url", "http://127.0.0.1:" + closed + "/hook/secret-token");
        Notifier notifier = notifier(new Backoff(Duration.ofMillis(20), Duration.ofMillis(20), 2), 10);

        notifier.submit(List.of(rolledBack(3)), List.of(target("down", Event.RolledBack), target("nosecret", Event.RolledBack)));

        await().atMost(Duration.ofSeconds(10)).until(() -> !notifier.busy(KEY));
        assertThat(metric("modelgate_notifications_total", "namespace", "ml", "pipeline", "fraud-detection", "notification", "down",
                "event", "RolledBack", "outcome", "Failed")).isEqualTo(1);
        assertThat(metric("modelgate_notifications_total", "namespace", "ml", "pipeline", "fraud-detection", "notification", "nosecret",
                "event", "RolledBack", "outcome", "Failed")).isEqualTo(1);
        assertThat(notifier.state(KEY).failing()).hasValueSatisfying(why -> assertThat(why).doesNotContain("secret-token"));
    }

    @Test
    void aFullQueueDropsAndCountsRatherThanWaits() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        notifier = new Notifier(FAST, 1, target -> {
            try {
                release.await(10, TimeUnit.SECONDS); // a Secret read that hangs keeps the one slot busy
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return webhook.url("/hook");
        }, new NotificationMetrics(registry), Clock.systemUTC());

        notifier.submit(List.of(rolledBack(3), rolledBack(4)), List.of(target("ops", Event.RolledBack)));

        assertThat(metric("modelgate_notifications_total", "namespace", "ml", "pipeline", "fraud-detection", "notification", "ops",
                "event", "RolledBack", "outcome", "Dropped")).isEqualTo(1);
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> webhook.received().size() == 1);
        assertThat(webhook.received().get(0).json().get("revision").asText()).isEqualTo("fraud-detection-r3");
    }
}
