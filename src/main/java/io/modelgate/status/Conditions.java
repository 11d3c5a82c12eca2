package io.modelgate.status;

import io.fabric8.kubernetes.api.model.Condition;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Kubernetes-style conditions: lastTransitionTime moves only when the status flips. */
public final class Conditions {

    public static final String READY = "Ready";
    public static final String PROGRESSING = "Progressing";
    public static final String DEGRADED = "Degraded";
    /** kstatus name of Progressing. */
    public static final String RECONCILING = "Reconciling";
    /** kstatus name of Degraded: nothing more happens until someone changes something. */
    public static final String STALLED = "Stalled";

    private Conditions() {
    }

    public static List<Condition> set(List<Condition> existing, String type, boolean status, String reason,
                                      String message, Long observedGeneration, Instant now) {
        List<Condition> result = new ArrayList<>();
        String statusText = status ? "True" : "False";
        boolean replaced = false;
        for (Condition condition : existing == null ? List.<Condition>of() : existing) {
            if (!type.equals(condition.getType())) {
                result.add(condition);
                continue;
            }
            String since = statusText.equals(condition.getStatus()) && condition.getLastTransitionTime() != null
                    ? condition.getLastTransitionTime()
                    : timestamp(now);
            result.add(condition(type, statusText, reason, message, observedGeneration, since));
            replaced = true;
        }
        if (!replaced) {
            result.add(condition(type, statusText, reason, message, observedGeneration, timestamp(now)));
        }
        return result;
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> Objects.equals(type, c.getType())).findFirst();
    }

    public static boolean isTrue(List<Condition> conditions, String type) {
        return find(conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    /** RFC 3339 in UTC with second precision, as the API server writes it. */
    public static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    private static Condition condition(String type, String status, String reason, String message,
                                       Long observedGeneration, String lastTransitionTime) {
        Condition condition = new Condition();
        condition.setType(type);
        condition.setStatus(status);
        condition.setReason(reason);
        condition.setMessage(message);
        condition.setObservedGeneration(observedGeneration);
        condition.setLastTransitionTime(lastTransitionTime);
        return condition;
    }
}
