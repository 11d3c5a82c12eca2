package io.modelgate.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.analysis.AnalysisLimits;
import io.modelgate.analysis.AnalysisOutcome;
import io.modelgate.analysis.Measurement;
import io.modelgate.analysis.MeasurementPhase;
import io.modelgate.analysis.MetricRun;
import io.modelgate.analysis.MetricTally;
import io.modelgate.api.MeasurementStatus;
import io.modelgate.api.MetricRunStatus;
import io.modelgate.api.RolloutStatus;
import io.modelgate.rollout.BlueGreenPhase;
import io.modelgate.rollout.BlueGreenState;
import io.modelgate.rollout.CanaryState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.modelgate.delivery.Deliveries.T0;
import static org.assertj.core.api.Assertions.assertThat;

class RolloutRecordsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anEmptyStatusReadsAsAFreshCanaryFromTheFallbackTime() {
        assertThat(RolloutRecords.canaryState(new RolloutStatus(), T0)).isEqualTo(new CanaryState(0, 0, T0, null, false, false, 1));
        assertThat(RolloutRecords.blueGreenState(new RolloutStatus(), T0)).isEqualTo(BlueGreenState.initial(T0));
    }

    @Test
    void anAttemptBelowOneReadsAsTheFirst() {
        RolloutStatus status = new RolloutStatus();
        status.setAttempt(0);

        assertThat(RolloutRecords.canaryState(status, T0).attempt()).isEqualTo(1);
        assertThat(RolloutRecords.blueGreenState(status, T0).attempt()).isEqualTo(1);
    }

    @Test
    void aCanaryIsWrittenFieldByFieldWithFalseFlagsLeftOut() throws Exception {
        RolloutStatus status = new RolloutStatus();
        RolloutRecords.write(status, new CanaryState(3, 40, T0.plusNanos(123_456_789), "waiting for a promote", false, true, 2));

        JsonNode json = JSON.valueToTree(status);
        assertThat(json.get("stepIndex").asInt()).isEqualTo(3);
        assertThat(json.get("canaryWeight").asInt()).isEqualTo(40);
        assertThat(json.get("stepStartedAt").asText()).isEqualTo("2026-03-01T10:00:00.123456789Z");
        assertThat(json.get("pausedReason").asText()).isEqualTo("waiting for a promote");
        assertThat(json.has("aborted")).as("false is not written").isFalse();
        assertThat(json.get("backgroundAnalysisRunning").asBoolean()).isTrue();
        assertThat(json.get("attempt").asInt()).isEqualTo(2);
        assertThat(json.has("backgroundAnalysisRun")).as("the first background run is not written").isFalse();
    }

    @Test
    void aLaterBackgroundRunIsWrittenAndReadBack() throws Exception {
        RolloutStatus status = new RolloutStatus();
        CanaryState third = new CanaryState(2, 20, T0, null, false, true, 1, 3);
        RolloutRecords.write(status, third);

        assertThat(JSON.valueToTree(status).get("backgroundAnalysisRun").asInt()).isEqualTo(3);
        assertThat(RolloutRecords.canaryState(status, T0.plusSeconds(5))).isEqualTo(third);
        status.setBackgroundAnalysisRun(0);
        assertThat(RolloutRecords.canaryState(status, T0).backgroundRun()).as("a hand-written 0 reads as the first").isEqualTo(1);
    }

    @Test
    void aBlueGreenIsWrittenWithItsPhaseName() throws Exception {
        RolloutStatus status = new RolloutStatus();
        RolloutRecords.write(status, new BlueGreenState(BlueGreenPhase.PostPromotionAnalysis, T0, null, true, 3));

        JsonNode json = JSON.valueToTree(status);
        assertThat(json.get("blueGreenPhase").asText()).isEqualTo("PostPromotionAnalysis");
        assertThat(json.get("phaseStartedAt").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(json.get("aborted").asBoolean()).isTrue();
        assertThat(json.has("pausedReason")).isFalse();
    }

    @ParameterizedTest(name = "{0} -> \"{1}\"")
    @CsvSource({
            "Infinity, +Inf",
            "-Infinity, -Inf",
            "-0.0, -0.0",
            "0.0, 0.0",
            "4.9E-324, 4.9E-324",
            "-4.9E-324, -4.9E-324",
            "1.7976931348623157E308, 1.7976931348623157E308",
            "2.2250738585072014E-308, 2.2250738585072014E-308",
            "0.30000000000000004, 0.30000000000000004",
            "1.0E21, 1.0E21",
            "0.05, 0.05"})
    void valuesAreWrittenAsExactDecimalOrInfText(double value, String text) throws Exception {
        Measurement measurement = new Measurement(MeasurementPhase.Failed, value, value, "x", T0);

        MeasurementStatus status = RolloutRecords.write(measurement);

        assertThat(status.getValue()).isEqualTo(text);
        assertThat(status.getStableValue()).isEqualTo(text);
        MeasurementStatus back = JSON.readValue(JSON.writeValueAsString(status), MeasurementStatus.class);
        Measurement read = RolloutRecords.measurement(back);
        assertThat(Double.doubleToRawLongBits(read.value())).isEqualTo(Double.doubleToRawLongBits(value));
        assertThat(read).isEqualTo(measurement);
    }

    @Test
    void infinitiesAreJsonStringsInTheStatus() throws Exception {
        MeasurementStatus status = RolloutRecords.write(new Measurement(MeasurementPhase.Failed, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, "latency=+Inf is above max 0.5", T0));

        assertThat(JSON.writeValueAsString(status)).isEqualTo(
                "{\"phase\":\"Failed\",\"value\":\"+Inf\",\"stableValue\":\"-Inf\",\"message\":\"latency=+Inf is above max 0.5\","
                        + "\"time\":\"2026-03-01T10:00:00Z\"}");
    }

    @Test
    void noValueIsNoFieldAndReadsBackAsNull() throws Exception {
        Measurement noData = new Measurement(MeasurementPhase.Inconclusive, null, null, "no data: empty vector", T0);

        MeasurementStatus status = RolloutRecords.write(noData);
        String json = JSON.writeValueAsString(status);

        assertThat(json).doesNotContain("value").doesNotContain("stableValue");
        assertThat(RolloutRecords.measurement(JSON.readValue(json, MeasurementStatus.class))).isEqualTo(noData);
    }

    @Test
    void aFailedRunKeepsItsCountersOutcomeAndLastTenMeasurements() throws Exception {
        AnalysisLimits limits = AnalysisLimits.of(0, Duration.ofMinutes(1)).withFailureLimit(3).withConsecutiveErrorLimit(5);
        MetricRun run = MetricRun.start("error-rate");
        MeasurementPhase[] phases = {MeasurementPhase.Successful, MeasurementPhase.Error, MeasurementPhase.Error, MeasurementPhase.Failed,
                MeasurementPhase.Inconclusive, MeasurementPhase.Failed, MeasurementPhase.Successful, MeasurementPhase.Successful,
                MeasurementPhase.Failed, MeasurementPhase.Error, MeasurementPhase.Failed, MeasurementPhase.Failed};
        for (Measurement m : Deliveries.timeline(phases)) {
            run = run.record(limits.withInconclusiveLimit(5), m);
        }
        assertThat(run.outcome().phase()).isEqualTo(AnalysisOutcome.Phase.Failed);

        MetricRunStatus status = JSON.readValue(JSON.writeValueAsString(RolloutRecords.write(run, null)), MetricRunStatus.class);

        assertThat(status.getSuccessful()).isEqualTo(3);
        assertThat(status.getFailed()).isEqualTo(4);
        assertThat(status.getInconclusive()).isEqualTo(1);
        assertThat(status.getError()).isEqualTo(3);
        assertThat(status.getMaxConsecutiveErrors()).isEqualTo(2);
        assertThat(status.getMaxConsecutiveFailures()).isEqualTo(2);
        assertThat(status.getPhase()).isEqualTo("Failed");
        assertThat(status.getMeasurements()).hasSize(10);
        assertThat(status.getMeasurements().get(9).getTime()).isEqualTo(T0.plusSeconds(60L * 10).toString());
        MetricRun read = RolloutRecords.metricRun(status);
        assertThat(read).isEqualTo(run);
        assertThat(read.tally()).isEqualTo(new MetricTally(11, 4, 2, 1, 3, 0, 3, 2, 2));
        // Sticky after the restart, as before it.
        assertThat(read.record(limits, new Measurement(MeasurementPhase.Successful, 0.0, null, "", T0.plusSeconds(9999)))).isEqualTo(read);
        assertThat(read.nextAt(limits, T0)).isEmpty();
    }

    @Test
    void aRunningRunResumesItsScheduleAfterTheRoundTrip() {
        AnalysisLimits limits = AnalysisLimits.of(5, Duration.ofMinutes(1));
        MetricRun run = MetricRun.start("latency");
        for (Measurement m : Deliveries.timeline(MeasurementPhase.Successful, MeasurementPhase.Error, MeasurementPhase.Successful)) {
            run = run.record(limits, m);
        }

        MetricRun read = RolloutRecords.metricRun(RolloutRecords.write(run, null));

        assertThat(read.nextAt(limits, T0)).isEqualTo(run.nextAt(limits, T0)).contains(T0.plusSeconds(180));
        Measurement next = new Measurement(MeasurementPhase.Successful, 0.1, null, "", T0.plusSeconds(180));
        assertThat(read.record(limits, next)).isEqualTo(run.record(limits, next));
    }

    @Test
    void aStatusWrittenByHandWithoutCountersReadsAsAFreshRun() {
        MetricRunStatus status = new MetricRunStatus();
        status.setName("error-rate");

        MetricRun run = RolloutRecords.metricRun(status);

        assertThat(run.tally()).isEqualTo(MetricTally.EMPTY);
        assertThat(run.outcome().phase()).isEqualTo(AnalysisOutcome.Phase.Running);
        assertThat(run.recent()).isEmpty();
    }

    @Test
    void measurementTimesKeepNanoseconds() {
        Instant at = Instant.parse("2026-03-01T10:00:00.000000001Z");
        Measurement m = new Measurement(MeasurementPhase.Successful, 1.0, null, "", at);

        assertThat(RolloutRecords.measurement(RolloutRecords.write(m)).at()).isEqualTo(at);
        assertThat(List.of(RolloutRecords.write(m).getTime())).containsExactly("2026-03-01T10:00:00.000000001Z");
    }
}
