package io.modelgate.pipeline.plan;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** No analysis run reads Running once its rollout ended: a healthy background run ends with the rollback, saying so. */
class RunsEndWithTheirRolloutTest {

    @Test
    void aRollbackEndsTheBackgroundRunWithTheReason() {
        List<PassScenarios.Step> steps = PassScenarios.backgroundRunEndsWithTheRollback();
        JsonNode last = steps.get(steps.size() - 1).out();

        JsonNode r2 = null;
        for (JsonNode revision : last.get("revisionStatuses")) {
            if (revision.get("name").asText().equals("fraud-r2")) {
                r2 = revision.get("status");
            }
        }
        assertThat(r2).isNotNull();
        assertThat(r2.get("phase").asText()).isEqualTo("RolledBack");
        JsonNode runs = r2.get("rollout").get("analysisRuns");
        assertThat(runs).hasSize(2);
        for (JsonNode run : runs) {
            assertThat(run.get("phase").asText()).as(run.get("name").asText()).isNotEqualTo("Running");
        }
        JsonNode background = null;
        for (JsonNode run : runs) {
            if (run.get("name").asText().contains("background")) {
                background = run;
            }
        }
        assertThat(background).isNotNull();
        assertThat(background.get("phase").asText()).isEqualTo("Successful");
        assertThat(background.get("message").asText()).startsWith("ended by the rollback (").contains("error-rate");
    }
}
