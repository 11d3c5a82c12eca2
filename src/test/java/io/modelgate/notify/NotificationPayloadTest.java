package io.modelgate.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.api.NotificationSpec.Event;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The webhook's JSON, field for field, against a golden file a Slack webhook and a program both read. */
class NotificationPayloadTest {

    static final Notice ROLLED_BACK = new Notice("ml/fraud-detection/fraud-detection-r3/RolledBack/a1", Event.RolledBack, "ml",
            "fraud-detection", "fraud-detection-r3", 3, "RolledBack", "AnalysisFailed",
            "rolled back: analysis health Failed: error-rate=0.12 is above max 0.05; fraud-detection-r2 keeps serving",
            List.of(new Notice.MetricFact("error-rate", 0.12, "<= 0.05", "> max 0.05", "analysis health")),
            Instant.parse("2026-12-07T10:15:30.250Z"));

    @Test
    void theRolledBackPayloadIsTheGoldenFile() throws IOException {
        String golden = read("/notifications/rolled-back.json");
        ObjectMapper json = new ObjectMapper();

        String body = NotificationPayload.body(ROLLED_BACK, "ops-slack");

        assertThat(json.readTree(body)).isEqualTo(json.readTree(golden));
        assertThat(body).as("field order, text first for people reading raw JSON")
                .isEqualTo(json.writeValueAsString(json.readTree(golden)));
    }

    @Test
    void withoutAMetricTheTextIsTheMessageAndMetricsIsAnEmptyList() throws IOException {
        Notice promoted = new Notice("ml/fraud-detection/fraud-detection-r4/Promoted/a1", Event.Promoted, "ml", "fraud-detection",
                "fraud-detection-r4", 4, "Promoted", "Promoted", "canary promoted: all steps done", List.of(), ROLLED_BACK.at());

        var node = new ObjectMapper().readTree(NotificationPayload.body(promoted, "default"));

        assertThat(node.get("text").asText()).isEqualTo("fraud-detection r4 Promoted: canary promoted: all steps done");
        assertThat(node.get("metrics").isArray()).isTrue();
        assertThat(node.get("metrics")).isEmpty();
        assertThat(node.get("notification").asText()).isEqualTo("default");
    }

    @Test
    void aMetricWithoutDataHasANullValueNotAMissingField() throws IOException {
        Notice noData = new Notice("k", Event.RolledBack, "ml", "p", "p-r1", 1, "RolledBack", "AnalysisFailed", "m",
                List.of(new Notice.MetricFact("latency", null, "<= 250", "latency: no data: empty vector (policy Fail)", "analysis health")),
                ROLLED_BACK.at());

        var metric = new ObjectMapper().readTree(NotificationPayload.body(noData, "x")).get("metrics").get(0);

        assertThat(metric.has("value")).isTrue();
        assertThat(metric.get("value").isNull()).isTrue();
        assertThat(NotificationPayload.text(noData))
                .isEqualTo("p r1 RolledBack: metric latency: no value (latency: no data: empty vector (policy Fail)), bound <= 250 (analysis health)");
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = NotificationPayloadTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
