package io.modelgate.notify;

import io.fabric8.kubernetes.api.model.Condition;
import io.modelgate.status.Conditions;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How a pipeline's notifications went lately, as the sender knows it, and the condition that says so. A failed
 * delivery reads False until a later one to the same pipeline gets through: people see that one was lost.
 *
 * @param failing  what failed, when the last delivery that ended did not get through (empty when it did)
 * @param retrying deliveries that failed at least once and will be tried again
 */
public record DeliveryState(Optional<String> failing, int retrying, int delivered) {

    public static final String CONDITION = "NotificationsDelivered";

    public static final DeliveryState NONE = new DeliveryState(Optional.empty(), 0, 0);

    /** The conditions with {@link #CONDITION} set from this state; unchanged when nothing was ever sent. */
    public List<Condition> apply(List<Condition> conditions, Long generation, Instant now) {
        if (failing.isEmpty() && retrying == 0 && delivered == 0) {
            return conditions;
        }
        if (failing.isPresent()) {
            return Conditions.set(conditions, CONDITION, false, retrying > 0 ? "DeliveryRetrying" : "DeliveryFailed",
                    failing.get() + "; rollouts are not held by notifications", generation, now);
        }
        if (retrying > 0) {
            return Conditions.set(conditions, CONDITION, false, "DeliveryRetrying",
                    retrying + " notification(s) failed and will be retried; rollouts are not held by notifications", generation, now);
        }
        return Conditions.set(conditions, CONDITION, true, "Delivered", "the last notifications were delivered", generation, now);
    }
}
