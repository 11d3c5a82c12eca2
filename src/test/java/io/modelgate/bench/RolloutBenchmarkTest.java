package io.modelgate.bench;

import io.modelgate.status.Reason;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.modelgate.analysis.Measurement;
import io.modelgate.analysis.MeasurementJudge;
import io.modelgate.analysis.ProviderResult;
import io.modelgate.api.AnalysisMetricSpec;
import io.modelgate.api.AnalysisRunStatus;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevisionStatus;
import io.modelgate.api.RolloutStatus;
import io.modelgate.delivery.AnalysisRuns;
import io.modelgate.delivery.MetricDefinition;
import io.modelgate.delivery.RolloutDefaults;
import io.modelgate.delivery.RolloutPlan;
import io.modelgate.delivery.RolloutRecords;
import io.modelgate.revision.JobObservation;
import io.modelgate.revision.RevisionLifecycle;
import io.modelgate.revision.RevisionPhase;
import io.modelgate.revision.RevisionSnapshot;
import io.modelgate.revision.ServingObservation;
import io.modelgate.rollout.AnalysisReport;
import io.modelgate.rollout.CanaryDecision;
import io.modelgate.rollout.CanaryInputs;
import io.modelgate.rollout.CanaryMachine;
import io.modelgate.rollout.CanaryState;
import io.modelgate.rollout.ManualAction;
import io.modelgate.status.RevisionStatusUpdates;
import io.modelgate.revision.Step;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What progressive delivery costs per reconcile and per revision, as ratios to what a Direct rollout already costs,
 * measured in the same run (so the machine's speed cancels out). Run with {@code make bench}; results go to stdout
 * and {@code target/bench/rollout.txt}. Nothing here is a time limit: the only assertion is etcd's object size limit,
 * which a revision's status must respect whatever the machine.
 */
@Tag("bench")
class RolloutBenchmarkTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final int ETCD_LIMIT = 1_572_864;

    @Test
    void decisionCostAndStatusSize() throws Exception {
        ModelPipeline pipeline = Serialization.unmarshal(Files.readString(Path.of("examples/canary-prometheus.yaml")), ModelPipeline.class);
        RolloutPlan plan = RolloutPlan.from(pipeline.getSpec().getRollout(), RolloutDefaults.standard());
        assertThat(plan.problems()).isEmpty();

        // A canary at its analysis step, background guardrails running, one measurement due per pass.
        Supplier<RolloutStatus> fresh = () -> {
            RolloutStatus record = new RolloutStatus();
            record.setStrategy("Canary");
            record.setStableRevision("fraud-r1");
            record.setProgressingSince(T0.toString());
            RolloutRecords.write(record, new CanaryState(1, 10, T0, null, false, true, 1));
            AnalysisRuns.add(record, AnalysisRuns.start("a1-background", "guardrails", 1, T0, plan.analysis("guardrails")));
            AnalysisRuns.add(record, AnalysisRuns.start("a1-step2", "error-rate", 1, T0, plan.analysis("error-rate")));
            return record;
        };
        long[] tick = {0};
        RolloutStatus[] current = {fresh.get()};
        Runnable canaryPass = () -> {
            Instant now = T0.plusSeconds(60 * (++tick[0] % 4));
            if (tick[0] % 4 == 0) {
                current[0] = fresh.get();
            }
            RolloutStatus record = current[0];
            CanaryState state = RolloutRecords.canaryState(record, now);
            Optional<AnalysisReport> background = Optional.empty();
            Optional<AnalysisReport> step = Optional.empty();
            for (AnalysisRunStatus run : record.getAnalysisRuns()) {
                boolean isBackground = run.getName().endsWith("background");
                List<MetricDefinition> definitions = plan.analysis(run.getAnalysis());
                for (MetricDefinition metric : AnalysisRuns.due(run, definitions, isBackground, now)) {
                    Measurement m = MeasurementJudge.judge(metric.criteria(), ProviderResult.of(0.01),
                            Optional.of(ProviderResult.of(0.0100)), now);
                    AnalysisRuns.record(run, metric, isBackground, m);
                }
                if (isBackground) {
                    background = Optional.of(AnalysisRuns.report(run));
                } else {
                    step = Optional.of(AnalysisRuns.report(run));
                }
            }
            CanaryDecision decision = CanaryMachine.next(plan.steps(), state, new CanaryInputs(now, true, plan.progressDeadline(),
                    T0, step, background, ManualAction.None, false, true));
            decision.nextState().ifPresent(next -> RolloutRecords.write(record, next));
        };
        RevisionSnapshot direct = new RevisionSnapshot(RevisionPhase.RollingOut, false, Map.of(), ServingObservation.AVAILABLE,
                List.of(), List.of(), Optional.empty());
        Object[] sink = {null};
        Runnable directDecision = () -> sink[0] = RevisionLifecycle.next(direct);
        ModelRevisionStatus promoted = promotedDirectStatus();
        Runnable statusToJson = () -> {
            try {
                sink[0] = JSON.writeValueAsString(promoted);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };

        double canaryNs = nanosPerOp(canaryPass);
        double directNs = nanosPerOp(directDecision);
        double jsonNs = nanosPerOp(statusToJson);

        int directBytes = bytes(promoted);
        ModelRevisionStatus typical = promotedDirectStatus();
        typical.setRollout(filled(plan, 6, 2, AnalysisMetricSpec.DEFAULT_MEASUREMENT_RETENTION));
        ModelRevisionStatus worstByDefault = promotedDirectStatus();
        worstByDefault.setRollout(filled(plan, AnalysisRuns.MAX_RUNS, 10, AnalysisMetricSpec.DEFAULT_MEASUREMENT_RETENTION));
        ModelRevisionStatus worst = promotedDirectStatus();
        worst.setRollout(filled(plan, AnalysisRuns.MAX_RUNS, 10, AnalysisMetricSpec.MAX_MEASUREMENT_RETENTION));
        int typicalBytes = bytes(typical);
        int worstByDefaultBytes = bytes(worstByDefault);
        int worstBytes = bytes(worst);

        String report = String.join("\n",
                "Progressive delivery benchmark (" + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.version") + ")",
                String.format("decision of a canary pass (state + due measurements judged + machine + record): %,.0f ns/op", canaryNs),
                String.format("  baseline A, Direct lifecycle decision:                                    %,.0f ns/op  -> ratio %.1fx", directNs, canaryNs / directNs),
                String.format("  baseline B, JSON of a Direct revision's status (done twice per pass):      %,.0f ns/op  -> ratio %.2fx", jsonNs, canaryNs / jsonNs),
                String.format("revision status size: Direct %,d B; canary typical (6 runs x 2 metrics x 10) %,d B (%.1fx); worst with the "
                                + "default retention (%d runs x 10 metrics x %d) %,d B (%.1fx, %.0f%% of etcd's 1.5 MiB); worst with the largest "
                                + "measurementRetention (x %d) %,d B (%.1fx, %.0f%%)",
                        directBytes, typicalBytes, typicalBytes / (double) directBytes, AnalysisRuns.MAX_RUNS,
                        AnalysisMetricSpec.DEFAULT_MEASUREMENT_RETENTION, worstByDefaultBytes, worstByDefaultBytes / (double) directBytes,
                        100.0 * worstByDefaultBytes / ETCD_LIMIT, AnalysisMetricSpec.MAX_MEASUREMENT_RETENTION, worstBytes,
                        worstBytes / (double) directBytes, 100.0 * worstBytes / ETCD_LIMIT));
        System.out.println(report);
        Files.createDirectories(Path.of("target/bench"));
        Files.writeString(Path.of("target/bench/rollout.txt"), report + "\n");

        assertThat(worstBytes).as("the largest status a revision can reach stays within etcd's object size limit").isLessThan(ETCD_LIMIT);
        assertThat(sink[0]).isNotNull();
    }

    /** Median of 7 timed batches after a warm-up, so a GC pause in one batch does not decide. */
    private static double nanosPerOp(Runnable op) {
        int batch = 20_000;
        for (int i = 0; i < batch * 5; i++) {
            op.run();
        }
        List<Double> samples = new ArrayList<>();
        for (int round = 0; round < 7; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < batch; i++) {
                op.run();
            }
            samples.add((System.nanoTime() - start) / (double) batch);
        }
        samples.sort(Double::compare);
        return samples.get(samples.size() / 2);
    }

    private static ModelRevisionStatus promotedDirectStatus() {
        ModelRevisionStatus status = new ModelRevisionStatus();
        Instant t = T0;
        for (RevisionPhase phase : List.of(RevisionPhase.Training, RevisionPhase.Evaluating, RevisionPhase.RollingOut, RevisionPhase.Promoted)) {
            t = t.plusSeconds(60);
            RevisionStatusUpdates.apply(status, phase == RevisionPhase.RollingOut
                    ? new Step.Advance(phase, Reason.EvaluationPassed, "evaluation passed (all 2 gates passed); rolling out",
                    Map.of("auc", 0.947, "recall", 0.83), List.of())
                    : Step.Advance.to(phase, Reason.RolloutStarted, "reached " + phase), 1L, t);
        }
        status.setServing(true);
        return status;
    }

    /** A rollout record with {@code runs} runs of {@code metrics} metrics, each holding {@code retention} measurements, its fill. */
    private static RolloutStatus filled(RolloutPlan plan, int runs, int metrics, int retention) {
        RolloutStatus record = new RolloutStatus();
        record.setStrategy("Canary");
        record.setStableRevision("fraud-detection-canary-r1");
        RolloutRecords.write(record, new CanaryState(3, 50, T0, null, false, true, 1));
        MetricDefinition template = plan.analysis("error-rate").get(0);
        AnalysisMetricSpec source = JSON.convertValue(template.source(), AnalysisMetricSpec.class);
        source.setMeasurementRetention(retention);
        List<MetricDefinition> definitions = new ArrayList<>();
        for (int m = 0; m < metrics; m++) {
            definitions.add(new MetricDefinition("metric-" + m, template.criteria(), io.modelgate.analysis.AnalysisLimits.unbounded(Duration.ofSeconds(30)), source));
        }
        for (int r = 0; r < runs; r++) {
            AnalysisRunStatus run = AnalysisRuns.start("a1-step" + r, "error-rate", 1, T0, definitions);
            for (MetricDefinition metric : definitions) {
                for (int i = 0; i < retention + 2; i++) {
                    AnalysisRuns.record(run, metric, true, MeasurementJudge.judge(metric.criteria(), ProviderResult.of(0.0123 + (i % 2) / 10000.0),
                            Optional.of(ProviderResult.of(0.0119)), T0.plusSeconds(30L * i)));
                }
            }
            AnalysisRuns.add(record, run);
        }
        return record;
    }

    private static int bytes(ModelRevisionStatus status) throws Exception {
        return JSON.writeValueAsString(status).getBytes(StandardCharsets.UTF_8).length;
    }
}
