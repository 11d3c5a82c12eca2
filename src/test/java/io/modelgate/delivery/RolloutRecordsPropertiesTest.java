package io.modelgate.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.modelgate.analysis.Measurement;
import io.modelgate.analysis.MetricRun;
import io.modelgate.api.AnalysisRunStatus;
import io.modelgate.api.MeasurementStatus;
import io.modelgate.api.MetricRunStatus;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.ModelRevisionStatus;
import io.modelgate.api.RolloutStatus;
import io.modelgate.rollout.BlueGreenState;
import io.modelgate.rollout.CanaryState;
import io.modelgate.testing.Gen;
import io.modelgate.testing.Property;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the operator writes into a revision's status reads back as exactly what it wrote: a restarted operator resumes
 * the same step, counters and verdicts. Exact means record equality (doubles by bits: -0.0 is not 0.0), also after
 * the status went through JSON the way the API server stores it.
 */
class RolloutRecordsPropertiesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

    @Test
    void aCanaryStateReadsBackExactly() {
        Property.tries(2000).forAll(canaryStates(), state -> {
            RolloutStatus status = new RolloutStatus();
            RolloutRecords.write(status, state);

            assertThat(RolloutRecords.canaryState(status, Deliveries.T0.minusSeconds(999))).isEqualTo(state);
            RolloutStatus viaJson = JSON.readValue(JSON.writeValueAsString(status), RolloutStatus.class);
            assertThat(RolloutRecords.canaryState(viaJson, Deliveries.T0.minusSeconds(999))).isEqualTo(state);
        });
    }

    @Test
    void aBlueGreenStateReadsBackExactly() {
        Property.tries(2000).forAll(blueGreenStates(), state -> {
            RolloutStatus status = new RolloutStatus();
            RolloutRecords.write(status, state);

            assertThat(RolloutRecords.blueGreenState(status, Deliveries.T0.minusSeconds(999))).isEqualTo(state);
            RolloutStatus viaJson = JSON.readValue(JSON.writeValueAsString(status), RolloutStatus.class);
            assertThat(RolloutRecords.blueGreenState(viaJson, Deliveries.T0.minusSeconds(999))).isEqualTo(state);
        });
    }

    /** A later write of the same state kind overwrites everything the earlier one wrote (no stale flag survives). */
    @Test
    void writingOverAnEarlierStateLeavesNoTrace() {
        Property.tries(1000).forAll(canaryStates(), canaryStates(), blueGreenStates(), blueGreenStates(),
                (before, after, bgBefore, bgAfter) -> {
            RolloutStatus canary = new RolloutStatus();
            RolloutRecords.write(canary, before);
            RolloutRecords.write(canary, after);
            RolloutStatus blueGreen = new RolloutStatus();
            RolloutRecords.write(blueGreen, bgBefore);
            RolloutRecords.write(blueGreen, bgAfter);

            assertThat(RolloutRecords.canaryState(canary, Deliveries.T0)).isEqualTo(after);
            assertThat(RolloutRecords.blueGreenState(blueGreen, Deliveries.T0)).isEqualTo(bgAfter);
        });
    }

    @Test
    void aMeasurementReadsBackExactly() {
        Property.tries(3000).forAll(measurements(), measurement -> {
            MeasurementStatus status = RolloutRecords.write(measurement);

            assertThat(RolloutRecords.measurement(status)).isEqualTo(measurement);
            MeasurementStatus viaJson = JSON.readValue(JSON.writeValueAsString(status), MeasurementStatus.class);
            assertThat(RolloutRecords.measurement(viaJson)).isEqualTo(measurement);
            assertThat(bits(RolloutRecords.measurement(viaJson).value())).isEqualTo(bits(measurement.value()));
            assertThat(bits(RolloutRecords.measurement(viaJson).stableValue())).isEqualTo(bits(measurement.stableValue()));
        });
    }

    @Test
    void everyValueIsWrittenAsAStringTheApiServerKeeps() {
        Property.tries(3000).forAll(doubles(), value -> {
            String text = RolloutRecords.text(value);

            // JSON has no Infinity and no NaN: what goes into status must be a plain JSON string, read back to the same bits.
            String json = JSON.writeValueAsString(java.util.Map.of("value", text));
            assertThat(json).startsWith("{\"value\":\"");
            assertThat(Double.doubleToRawLongBits(RolloutRecords.number(text))).isEqualTo(Double.doubleToRawLongBits(value));
            if (Double.isInfinite(value)) {
                assertThat(text).isEqualTo(value > 0 ? "+Inf" : "-Inf");
            } else {
                assertThat(text).doesNotContain("Infinity");
            }
        });
    }

    @Test
    void aMetricRunReadsBackExactly() {
        Property.tries(2000).forAll(metricRuns(), pendingJobs(), (run, pendingJob) -> {
            MetricRunStatus status = RolloutRecords.write(run, pendingJob);

            assertThat(status.getPendingJob()).isEqualTo(pendingJob);
            assertThat(RolloutRecords.metricRun(status)).isEqualTo(run);
            MetricRunStatus viaJson = JSON.readValue(JSON.writeValueAsString(status), MetricRunStatus.class);
            assertThat(RolloutRecords.metricRun(viaJson)).isEqualTo(run);
            assertThat(viaJson.getPendingJob()).isEqualTo(pendingJob);
            // The counters alone decide; they are all there.
            assertThat(status.getSuccessful() + status.getFailed() + status.getInconclusive() + status.getError()).isEqualTo(run.tally().taken());
            assertThat(status.getMeasurements()).hasSize(run.recent().size());
            assertThat(status.getPhase()).isEqualTo(run.outcome().phase().name());
        });
    }

    /** The whole revision status as the operator sends it to the API server and reads it from the informer. */
    @Test
    void aRevisionStatusWithRunsSurvivesTheKubernetesSerialization() {
        Property.tries(300).forAll(canaryStates(), runLists(), (state, runs) -> {
            RolloutStatus rollout = new RolloutStatus();
            rollout.setStrategy("Canary");
            rollout.setStableRevision("fraud-r1");
            RolloutRecords.write(rollout, state);
            AnalysisRunStatus analysisRun = new AnalysisRunStatus();
            analysisRun.setName("a" + state.attempt() + "-background");
            analysisRun.setAnalysis("health");
            analysisRun.setStartedAt(Deliveries.T0.toString());
            analysisRun.setMetrics(runs.stream().map(r -> RolloutRecords.write(r, null)).toList());
            rollout.setAnalysisRuns(List.of(analysisRun));
            ModelRevision revision = new ModelRevision();
            revision.getMetadata().setName("fraud-r2");
            ModelRevisionStatus status = new ModelRevisionStatus();
            status.setRollout(rollout);
            revision.setStatus(status);

            ModelRevision back = KUBERNETES.unmarshal(KUBERNETES.asJson(revision), ModelRevision.class);

            RolloutStatus read = back.getStatus().getRollout();
            assertThat(RolloutRecords.canaryState(read, Deliveries.T0)).isEqualTo(state);
            assertThat(read.getAnalysisRuns()).singleElement().satisfies(r ->
                    assertThat(r.getMetrics().stream().map(RolloutRecords::metricRun).toList()).isEqualTo(runs));
        });
    }

    private static Long bits(Double value) {
        return value == null ? null : Double.doubleToLongBits(value);
    }

    Gen<CanaryState> canaryStates() {
        return Deliveries.canaryStates();
    }

    Gen<BlueGreenState> blueGreenStates() {
        return Deliveries.blueGreenStates();
    }

    Gen<Measurement> measurements() {
        return Deliveries.measurements();
    }

    Gen<Double> doubles() {
        return Deliveries.doubles();
    }

    Gen<MetricRun> metricRuns() {
        return Deliveries.metricRuns();
    }

    Gen<List<MetricRun>> runLists() {
        return Deliveries.metricRuns().list(0, 4);
    }

    Gen<String> pendingJobs() {
        return Gen.of("fraud-r2-a1-step2-error-rate-3", "x").orNull(0.6);
    }
}
