package io.modelgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.modelgate.testing.PodSecurityCorpus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The index of the bad-input corpus ({@code src/test/resources/bad-inputs/index.yaml}) says what the tests hold:
 * each category names real test classes, and where its cases are a list a test can count, the count it gives is
 * that list's size. The totals by outcome are printed for the record.
 */
class BadInputCorpusTest {

    static final Path INDEX = Path.of("src", "test", "resources", "bad-inputs", "index.yaml");
    static final Set<String> OUTCOMES = Set.of("Rejected", "InvalidSpec", "Restored", "Held", "Failed");

    /** The lists a category may be counted by. */
    static final Map<String, IntSupplier> COUNTED = Map.of(
            "CrdAdmissionTest.invalidPipelines + aPipelineWithoutSpecIsRejected", () -> (int) CrdAdmissionTest.invalidPipelines().count() + 1,
            "CrdAdmissionTest.invalidRollouts", () -> (int) CrdAdmissionTest.invalidRollouts().count(),
            "bad-inputs/pod-security.yaml", () -> PodSecurityCorpus.cases().size());

    @Test
    void everyCategoryHasAnOutcomeRealTestsAndTheCountItsListGives() throws IOException {
        JsonNode categories = new ObjectMapper(new YAMLFactory()).readTree(INDEX.toFile()).get("categories");
        assertThat(categories).isNotEmpty();
        Map<String, Integer> byOutcome = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        for (JsonNode category : categories) {
            String name = category.get("name").asText();
            String outcome = category.get("outcome").asText();
            int count = category.get("count").asInt();
            assertThat(OUTCOMES).as(name).contains(outcome);
            assertThat(count).as(name).isPositive();
            assertThat(category.get("tests")).as(name).isNotEmpty();
            for (JsonNode test : category.get("tests")) {
                try {
                    Class.forName(test.asText(), false, getClass().getClassLoader());
                } catch (ClassNotFoundException e) {
                    wrong.add(name + ": no test class " + test.asText());
                }
            }
            if (category.has("countedBy")) {
                IntSupplier list = COUNTED.get(category.get("countedBy").asText());
                assertThat(list).as("a known list for " + name).isNotNull();
                if (list.getAsInt() != count) {
                    wrong.add(name + ": count " + count + " but " + category.get("countedBy").asText() + " holds " + list.getAsInt());
                }
            }
            byOutcome.merge(outcome, count, Integer::sum);
        }
        assertThat(wrong).isEmpty();
        System.out.printf("[bad-inputs] %d inputs: %s%n", byOutcome.values().stream().mapToInt(Integer::intValue).sum(), byOutcome);
    }
}
