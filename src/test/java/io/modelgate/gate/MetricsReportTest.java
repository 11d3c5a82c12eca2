package io.modelgate.gate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class MetricsReportTest {

    // ---- valid objects ----
    @Test
    void flatObjectOfNumbersGivesEveryMetric() {
        MetricsReport report = MetricsReport.parse("{\"accuracy\": 0.93, \"loss\": 0.21, \"rows\": 120000}");

        assertThat(report.readable()).isTrue();
        assertThat(report.error()).isNull();
        assertThat(report.values()).containsExactly(
                entry("accuracy", 0.93), entry("loss", 0.21), entry("rows", 120000.0));
        assertThat(report.invalid()).isEmpty();
    }

    @Test
    void dataVersionAndArtifactDigestAreProvenanceNotMetrics() {
        MetricsReport report = MetricsReport.parse("{\"loss\":0.2,\"dataVersion\":\"snap-41\",\"artifactDigest\":\"sha256:aa11\"}");

        assertThat(report.values()).containsExactly(entry("loss", 0.2));
        assertThat(report.provenance()).containsOnly(entry("dataVersion", "snap-41"), entry("artifactDigest", "sha256:aa11"));
        assertThat(report.invalid()).isEmpty();
        assertThat(report.provenanceProblem()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"dataVersion\":41}", "{\"dataVersion\":\"\"}", "{\"dataVersion\":\" v1\"}",
            "{\"dataVersion\":\"a\\nb\"}", "{\"dataVersion\":null}", "{\"dataVersion\":{\"id\":1}}"})
    void aDataVersionThatIsNoPrintableStringIsNotRecordedAndSaysWhy(String message) {
        MetricsReport report = MetricsReport.parse(message);

        assertThat(report.provenance()).isEmpty();
        assertThat(report.values()).as("never mistaken for a metric").isEmpty();
        assertThat(report.provenanceProblem()).hasValueSatisfying(problem ->
                assertThat(problem).startsWith("dataVersion is ").endsWith("not a string of 1 to 256 printable characters, so it is not recorded"));
    }

    @Test
    void aDigestLongerThanTheLimitIsNotRecorded() {
        String tooLong = "sha256:" + "a".repeat(MetricsReport.MAX_PROVENANCE);
        MetricsReport report = MetricsReport.parse("{\"artifactDigest\":\"" + tooLong + "\"}");

        assertThat(report.provenance()).isEmpty();
        assertThat(report.provenanceProblem()).hasValueSatisfying(problem -> assertThat(problem).startsWith("artifactDigest is"));
    }

    @Test
    void aDataVersionReportedTwiceIsAmbiguousAndNotRecorded() {
        MetricsReport report = MetricsReport.parse("{\"dataVersion\":\"a\",\"dataVersion\":\"b\"}");

        assertThat(report.provenance()).isEmpty();
        assertThat(report.invalid()).containsEntry("dataVersion", "is reported more than once, so its value is ambiguous");
    }

    @Test
    void onlyTopLevelNamesAreProvenance() {
        MetricsReport report = MetricsReport.parse("{\"eval\":{\"dataVersion\":\"x\"}}");

        assertThat(report.provenance()).isEmpty();
        assertThat(report.invalid()).containsKey("eval.dataVersion");
    }

    @Test
    void keepsTheOrderOfTheMessage() {
        MetricsReport report = MetricsReport.parse("{\"z\":1,\"a\":2,\"m\":3}");

        assertThat(report.values().keySet()).containsExactly("z", "a", "m");
    }

    @Test
    void emptyObjectIsReadableButHasNoMetrics() {
        MetricsReport report = MetricsReport.parse("{}");

        assertThat(report.readable()).isTrue();
        assertThat(report.values()).isEmpty();
        assertThat(report.invalid()).isEmpty();
    }

    @Test
    void surroundingWhitespaceAndNewlinesAreFine() {
        MetricsReport report = MetricsReport.parse("\n  {\n \"auc\" : 0.5 \n}\n\t");

        assertThat(report.readable()).isTrue();
        assertThat(report.values()).containsExactly(entry("auc", 0.5));
    }

    @Test
    void integersExponentsNegativesAndZeroAreNumbers() {
        MetricsReport report = MetricsReport.parse(
                "{\"i\":3,\"neg\":-2.5,\"exp\":1.5e-3,\"bigExp\":2E+10,\"zero\":0,\"negZero\":-0.0,\"huge\":123456789012345678901234567890}");

        assertThat(report.readable()).isTrue();
        assertThat(report.values())
                .containsEntry("i", 3.0)
                .containsEntry("neg", -2.5)
                .containsEntry("exp", 1.5e-3)
                .containsEntry("bigExp", 2e10)
                .containsEntry("zero", 0.0)
                .containsEntry("negZero", -0.0)
                .containsEntry("huge", 1.2345678901234568E29);
        assertThat(report.invalid()).isEmpty();
    }

    @Test
    void nestedObjectsAreFlattenedWithDots() {
        MetricsReport report = MetricsReport.parse(
                "{\"eval\":{\"auc\":0.9,\"per_class\":{\"cat\":0.8,\"dog\":0.7}},\"loss\":0.1}");

        assertThat(report.readable()).isTrue();
        assertThat(report.values()).containsExactly(
                entry("eval.auc", 0.9),
                entry("eval.per_class.cat", 0.8),
                entry("eval.per_class.dog", 0.7),
                entry("loss", 0.1));
        assertThat(report.values()).doesNotContainKeys("eval", "eval.per_class");
    }

    @Test
    void emptyNestedObjectContributesNothing() {
        MetricsReport report = MetricsReport.parse("{\"eval\":{},\"loss\":0.1}");

        assertThat(report.values()).containsExactly(entry("loss", 0.1));
        assertThat(report.invalid()).isEmpty();
    }

    @Test
    void invalidLeavesInsideNestedObjectsCarryTheirFlattenedName() {
        MetricsReport report = MetricsReport.parse("{\"eval\":{\"auc\":\"high\",\"f1\":NaN}}");

        assertThat(report.values()).isEmpty();
        assertThat(report.invalid()).containsOnlyKeys("eval.auc", "eval.f1");
    }

    @Test
    void keysThatAlreadyContainDotsAreKeptAsTheyAre() {
        MetricsReport report = MetricsReport.parse("{\"eval.auc\":0.9}");

        assertThat(report.values()).containsExactly(entry("eval.auc", 0.9));
    }

    @Test
    void validAndInvalidLeavesAreSeparated() {
        MetricsReport report = MetricsReport.parse("{\"auc\":0.9,\"note\":\"ok\",\"f1\":null}");

        assertThat(report.readable()).isTrue();
        assertThat(report.values()).containsExactly(entry("auc", 0.9));
        assertThat(report.invalid()).containsOnlyKeys("note", "f1");
    }

    @Test
    void mapsAreUnmodifiable() {
        MetricsReport report = MetricsReport.parse("{\"auc\":0.9,\"x\":\"y\"}");

        assertThatThrownBy(() -> report.values().put("other", 1.0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> report.invalid().put("other", "no")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void constructorCopiesItsMaps() {
        Map<String, Double> values = new HashMap<>(Map.of("a", 1.0));
        Map<String, String> invalid = new HashMap<>(Map.of("b", "is bad"));
        MetricsReport report = new MetricsReport(values, invalid, null);

        values.put("later", 2.0);
        invalid.put("later", "is bad");

        assertThat(report.values()).containsOnlyKeys("a");
        assertThat(report.invalid()).containsOnlyKeys("b");
    }

    // ---- non finite numbers ----
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "NaN       | is NaN, not a finite number",
            "Infinity  | is Infinity, not a finite number",
            "-Infinity | is -Infinity, not a finite number",
            "+Infinity | is Infinity, not a finite number",
    })
    void nonFiniteLiteralsAreInvalidWithAReason(String literal, String reason) {
        MetricsReport report = MetricsReport.parse("{\"auc\":" + literal + ",\"loss\":0.2}");

        assertThat(report.readable()).isTrue();
        assertThat(report.values()).containsExactly(entry("loss", 0.2));
        assertThat(report.invalid()).containsExactly(entry("auc", reason));
    }

    @Test
    void numberTooLargeForADoubleIsInvalidNotInfinite() {
        MetricsReport report = MetricsReport.parse("{\"auc\":1e400}");

        assertThat(report.values()).doesNotContainKey("auc");
        assertThat(report.invalid()).containsEntry("auc", "is Infinity, not a finite number");
    }

    // ---- non numeric leaves ----
    @Test
    void stringIsInvalidAndQuoted() {
        MetricsReport report = MetricsReport.parse("{\"auc\":\"0.9\"}");

        assertThat(report.values()).isEmpty();
        assertThat(report.invalid()).containsExactly(entry("auc", "is the string \"0.9\", not a number"));
    }

    @Test
    void longStringIsAbbreviatedInTheReason() {
        String longText = "x".repeat(200);
        MetricsReport report = MetricsReport.parse("{\"auc\":\"" + longText + "\"}");

        String reason = report.invalid().get("auc");
        assertThat(reason).startsWith("is the string \"xxx").contains("...").endsWith(", not a number");
        assertThat(reason.length()).isLessThan(120);
    }

    @Test
    void multiLineStringIsShownOnOneLine() {
        MetricsReport report = MetricsReport.parse("{\"auc\":\"a\\nb\\tc\"}");

        assertThat(report.invalid().get("auc")).isEqualTo("is the string \"a b c\", not a number");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "true    | is a boolean, not a number",
            "false   | is a boolean, not a number",
            "null    | is null, not a number",
            "[0.9]   | is a array, not a number",
            "[]      | is a array, not a number",
    })
    void otherJsonValuesAreInvalidWithAReason(String json, String reason) {
        MetricsReport report = MetricsReport.parse("{\"auc\":" + json + "}");

        assertThat(report.readable()).isTrue();
        assertThat(report.values()).isEmpty();
        assertThat(report.invalid()).containsExactly(entry("auc", reason));
    }

    // ---- unreadable ----
    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\n", "\t \r\n"})
    void missingOrBlankMessageIsUnreadable(String message) {
        MetricsReport report = MetricsReport.parse(message);

        assertThat(report.readable()).isFalse();
        assertThat(report.error()).isEqualTo("the Job's container wrote no termination message");
        assertThat(report.values()).isEmpty();
        assertThat(report.invalid()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[1, 2]          | array",
            "[]              | array",
            "0.93            | number",
            "\"accuracy\"    | string",
            "true            | boolean",
            "null            | null",
    })
    void jsonThatIsNotAnObjectIsUnreadable(String message, String kind) {
        MetricsReport report = MetricsReport.parse(message);

        assertThat(report.readable()).isFalse();
        assertThat(report.error())
                .startsWith("the termination message must be a JSON object of metrics, got " + kind + ": ")
                .endsWith(message.strip());
        assertThat(report.values()).isEmpty();
        assertThat(report.invalid()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{",
            "{\"auc\": 0.9",
            "{'auc': 0.9}",
            "{auc: 0.9}",
            "{\"auc\": 0.9,}",
            "{\"auc\": .5}",
            "{\"auc\": 01}",
            "{\"auc\": 0x10}",
            "{\"auc\": INF}",
            "accuracy=0.9",
            "Traceback (most recent call last):",
    })
    void malformedJsonIsUnreadableAndQuotesTheMessage(String message) {
        MetricsReport report = MetricsReport.parse(message);

        assertThat(report.readable()).isFalse();
        assertThat(report.error())
                .startsWith("the termination message is not valid JSON (")
                .endsWith("): " + message);
        assertThat(report.values()).isEmpty();
        assertThat(report.invalid()).isEmpty();
    }

    @Test
    void longMalformedMessageIsAbbreviatedInTheError() {
        String message = "{\"auc\": " + "9".repeat(20) + " " + "garbage ".repeat(100);
        MetricsReport report = MetricsReport.parse(message);

        assertThat(report.readable()).isFalse();
        assertThat(report.error()).endsWith("...");
        assertThat(report.error().length()).isLessThan(message.length());
    }

    @Test
    void truncatedTerminationMessageIsUnreadable() {
        // Kubernetes cuts termination messages at 4096 bytes: what is left is not a whole object.
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; json.length() < MetricsReport.MAX_MESSAGE_BYTES + 100; i++) {
            json.append("\"metric_").append(i).append("\":").append(i).append(".5,");
        }
        String truncated = json.substring(0, MetricsReport.MAX_MESSAGE_BYTES);

        MetricsReport report = MetricsReport.parse(truncated);

        assertThat(report.readable()).isFalse();
        assertThat(report.values()).isEmpty();
    }

    @Test
    void unreadableFactoryKeepsTheError() {
        MetricsReport report = MetricsReport.unreadable("no pod left");

        assertThat(report.readable()).isFalse();
        assertThat(report.error()).isEqualTo("no pod left");
        assertThat(report.values()).isEmpty();
        assertThat(report.invalid()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"auc\":0.99}{\"auc\":0.2}",
            "{\"auc\":0.99} trailing garbage",
            "{\"auc\":0.99}\nTraceback (most recent call last):",
    })
    void trailingContentAfterTheObjectMakesTheMessageUnreadable(String message) {
        MetricsReport report = MetricsReport.parse(message);

        assertThat(report.readable()).as("a message that is not one JSON object is malformed").isFalse();
        assertThat(report.values()).isEmpty();
    }

    // ---- ambiguous names ----
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"auc\":\"broken\",\"auc\":0.99}",
            "{\"auc\":0.2,\"auc\":0.99}",
            "{\"eval\":{\"auc\":0.99},\"eval.auc\":\"broken\"}",
            "{\"eval.auc\":0.2,\"eval\":{\"auc\":0.99}}",
    })
    void ambiguousMetricIsNotUsableAsANumber(String message) {
        MetricsReport report = MetricsReport.parse(message);
        String name = message.contains("eval") ? "eval.auc" : "auc";

        assertThat(report.values()).doesNotContainKey(name);
        assertThat(report.invalid()).containsKey(name);
    }
}
