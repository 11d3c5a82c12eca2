package io.modelgate.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.gate.GateEvaluator;

import java.time.format.DateTimeFormatter;
import java.util.stream.Collectors;

/**
 * The JSON a webhook receives: {@code text}, one line a Slack (or Mattermost, Teams workflow) incoming webhook shows
 * as it is, then the same facts as fields for a program. Field order is fixed, so the golden file is stable.
 */
public final class NotificationPayload {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NotificationPayload() {
    }

    /**
     * E.g. {@code fraud-detection r3 RolledBack: metric error-rate = 0.12 > max 0.05 (analysis health)}; without a
     * metric, the revision's own message.
     */
    public static String text(Notice notice) {
        String head = notice.pipeline() + " r" + notice.number() + " " + notice.event();
        if (notice.metrics().isEmpty()) {
            return notice.message() == null || notice.message().isBlank() ? head : head + ": " + notice.message();
        }
        return head + ": " + notice.metrics().stream().map(NotificationPayload::describe).collect(Collectors.joining("; "));
    }

    static String describe(Notice.MetricFact metric) {
        StringBuilder line = new StringBuilder("metric ").append(metric.name());
        if (metric.value() == null) {
            line.append(": no value");
            if (metric.violation() != null) {
                line.append(" (").append(metric.violation()).append(')');
            }
            if (metric.bound() != null) {
                line.append(", bound ").append(metric.bound());
            }
        } else {
            line.append(" = ").append(GateEvaluator.format(metric.value()));
            if (metric.violation() != null) {
                line.append(' ').append(metric.violation());
                if (metric.bound() != null && !metric.violation().contains(stripComparison(metric.bound()))) {
                    line.append(" (bound ").append(metric.bound()).append(')');
                }
            } else if (metric.bound() != null) {
                line.append(", bound ").append(metric.bound());
            }
        }
        return line.append(" (").append(metric.source()).append(')').toString();
    }

    /** "<= 0.05" → "0.05": a violation that names the bound's number says it already. */
    private static String stripComparison(String bound) {
        return bound.replaceFirst("^[<>=]+\\s*", "");
    }

    public static ObjectNode json(Notice notice, String notification) {
        ObjectNode root = JSON.createObjectNode();
        root.put("text", text(notice));
        root.put("event", notice.event().name());
        root.put("namespace", notice.namespace());
        root.put("pipeline", notice.pipeline());
        root.put("revision", notice.revision());
        root.put("revisionNumber", notice.number());
        root.put("phase", notice.phase());
        root.put("reason", notice.reason());
        root.put("message", notice.message());
        ArrayNode metrics = root.putArray("metrics");
        for (Notice.MetricFact metric : notice.metrics()) {
            ObjectNode node = metrics.addObject();
            node.put("name", metric.name());
            if (metric.value() == null) {
                node.putNull("value");
            } else {
                node.put("value", metric.value());
            }
            node.put("bound", metric.bound());
            node.put("violation", metric.violation());
            node.put("source", metric.source());
        }
        root.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(notice.at()));
        root.put("notification", notification);
        root.put("key", notice.key());
        return root;
    }

    public static String body(Notice notice, String notification) {
        try {
            return JSON.writeValueAsString(json(notice, notification));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
