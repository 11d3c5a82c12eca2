package io.modelgate.notify;

import io.modelgate.api.ModelPipelineSpec;
import io.modelgate.api.NotificationSpec;
import io.modelgate.api.NotificationSpec.Event;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The retry schedule, which webhooks a pipeline has, which events each wants, and the condition of how it went. */
class BackoffAndTargetsTest {

    @Test
    void theDefaultScheduleDoublesFromOneSecondForFiveAttempts() {
        assertThat(Backoff.DEFAULT.schedule()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8));
        assertThat(Backoff.DEFAULT.after(5)).as("the fifth attempt was the last").isEmpty();
    }

    @Test
    void theWaitIsCappedAndOneAttemptMeansNoRetry() {
        assertThat(new Backoff(Duration.ofMillis(500), Duration.ofSeconds(3), 7).schedule()).containsExactly(Duration.ofMillis(500),
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(3));
        assertThat(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 1).schedule()).isEmpty();
        assertThat(new Backoff(Duration.ofSeconds(1), Duration.ofHours(1), 100).after(99)).contains(Duration.ofHours(1));
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 3)).hasMessageContaining("first <= max");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0)).hasMessageContaining("maxAttempts");
    }

    @Test
    void aPipelinesOwnNotificationsReplaceTheOperatorDefault() {
        WebhookTarget operatorDefault = NotificationDefaults.parse("modelgate-system", Optional.of("team-webhook"), "url", "RolledBack",
                Backoff.DEFAULT, 10).webhook().orElseThrow();
        ModelPipelineSpec none = new ModelPipelineSpec();
        ModelPipelineSpec own = new ModelPipelineSpec();
        own.setNotifications(List.of(notification("ops", "ops-hook", "slack", Event.RolledBack, Event.RevisionRejected)));

        assertThat(WebhookTarget.of("ml", none, Optional.of(operatorDefault))).containsExactly(operatorDefault);
        assertThat(WebhookTarget.of("ml", none, Optional.empty())).isEmpty();
        assertThat(WebhookTarget.of("ml", own, Optional.of(operatorDefault))).singleElement().satisfies(target -> {
            assertThat(target.name()).isEqualTo("ops");
            assertThat(target.secretNamespace()).as("a pipeline's Secret is in its namespace").isEqualTo("ml");
            assertThat(target.secretName()).isEqualTo("ops-hook");
            assertThat(target.secretKey()).isEqualTo("slack");
            assertThat(target.on()).containsExactlyInAnyOrder(Event.RolledBack, Event.RevisionRejected);
        });
        assertThat(operatorDefault.secretNamespace()).isEqualTo("modelgate-system");
    }

    @Test
    void aWebhookWantsOnlyTheEventsItNames() {
        WebhookTarget target = new WebhookTarget("ops", Set.of(Event.RolledBack), "ml", "s", "url", Duration.ofSeconds(5));

        assertThat(target.wants(notice(Event.RolledBack))).isTrue();
        assertThat(target.wants(notice(Event.Promoted))).isFalse();
        assertThat(target.deliveryKey(notice(Event.RolledBack))).isEqualTo("k/RolledBack->ops");
    }

    @Test
    void theOperatorDefaultSendsEveryEventUnlessToldAndRefusesATypo() {
        assertThat(NotificationDefaults.parse("ns", Optional.of("hook"), "url", null, Backoff.DEFAULT, 10).webhook().orElseThrow().on())
                .isEqualTo(EnumSet.allOf(Event.class));
        assertThat(NotificationDefaults.parse("ns", Optional.of("hook"), "url", " RolledBack, Promoted ", Backoff.DEFAULT, 10)
                .webhook().orElseThrow().on()).containsExactlyInAnyOrder(Event.RolledBack, Event.Promoted);
        assertThat(NotificationDefaults.parse("ns", Optional.empty(), "url", null, Backoff.DEFAULT, 10).webhook()).isEmpty();
        assertThatThrownBy(() -> NotificationDefaults.parse("ns", Optional.of("hook"), "url", "RolledBak", Backoff.DEFAULT, 10))
                .hasMessageContaining("unknown event 'RolledBak'").hasMessageContaining("RolledBack");
        assertThatThrownBy(() -> NotificationDefaults.parse(null, Optional.of("hook"), "url", null, Backoff.DEFAULT, 10))
                .hasMessageContaining("POD_NAMESPACE");
        assertThat(NotificationDefaults.backoff("250ms", "2s", 3).schedule()).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
    }

    @Test
    void theConditionSaysRetryingThenFailedAndTrueOnceOneGetsThrough() {
        Instant now = Instant.parse("2026-12-07T10:00:00Z");
        assertThat(DeliveryState.NONE.apply(List.of(), 1L, now)).as("nothing sent: no condition").isEmpty();

        var retrying = new DeliveryState(Optional.of("webhook ops: RolledBack of p-r2 failed on attempt 1 (HTTP 503)"), 1, 0).apply(List.of(), 1L, now);
        assertThat(retrying).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("NotificationsDelivered");
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("DeliveryRetrying");
            assertThat(c.getMessage()).contains("HTTP 503").contains("rollouts are not held");
        });
        var failed = new DeliveryState(Optional.of("webhook ops: not delivered after 5 attempts: HTTP 503"), 0, 0).apply(retrying, 1L, now);
        assertThat(failed).singleElement().satisfies(c -> assertThat(c.getReason()).isEqualTo("DeliveryFailed"));
        var delivered = new DeliveryState(Optional.empty(), 0, 1).apply(failed, 1L, now.plusSeconds(60));
        assertThat(delivered).singleElement().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("Delivered");
            assertThat(c.getLastTransitionTime()).isEqualTo("2026-12-07T10:01:00Z");
        });
    }

    private static Notice notice(Event event) {
        return new Notice("k/" + event, event, "ml", "p", "p-r1", 1, "RolledBack", "r", "m", List.of(), Instant.EPOCH);
    }

    static NotificationSpec notification(String name, String secret, String key, Event... on) {
        NotificationSpec spec = new NotificationSpec();
        spec.setName(name);
        spec.setEvents(List.of(on));
        NotificationSpec.WebhookSpec webhook = new NotificationSpec.WebhookSpec();
        NotificationSpec.UrlFrom from = new NotificationSpec.UrlFrom();
        from.setSecretKeyRef(new NotificationSpec.SecretKeyRef(secret, key));
        webhook.setUrlFrom(from);
        spec.setWebhook(webhook);
        return spec;
    }
}
