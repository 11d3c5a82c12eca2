package io.modelgate.metrics;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OperatorMetricsTest {

    final CollectorRegistry registry = new CollectorRegistry();
    final OperatorMetrics metrics = new OperatorMetrics(registry);

    private String scrape() throws IOException {
        StringWriter out = new StringWriter();
        TextFormat.write004(out, registry.metricFamilySamples());
        return out.toString();
    }

    @Test
    void aPipelineIsAlwaysExactlyOneInfoSeries() throws IOException {
        metrics.pipelineInfo("ns", "fraud", "fraud-detector", "Direct", "Training", null);
        metrics.pipelineInfo("ns", "fraud", "fraud-detector", "Direct", "Serving", "fraud-r1");
        metrics.pipelineInfo("ns", "churn", "churn", "Direct", "Pending", null);

        List<String> series = scrape().lines().filter(l -> l.startsWith("modelgate_pipeline_info{")).toList();
        assertThat(series).hasSize(2);
        assertThat(series).anySatisfy(line -> assertThat(line).contains("pipeline=\"fraud\"").contains("phase=\"Serving\"")
                .contains("stable_revision=\"fraud-r1\"").endsWith(" 1.0"));

        metrics.forgetPipeline("ns", "fraud", List.of("Training"));
        assertThat(scrape().lines().filter(l -> l.startsWith("modelgate_pipeline_info{"))).singleElement()
                .satisfies(line -> assertThat(line).contains("pipeline=\"churn\""));
    }

    @Test
    void theSeriesOfADeletedPipelineDisappear() throws IOException {
        java.util.Set<String> live = new java.util.HashSet<>(java.util.Set.of("ns/fraud", "ns/churn"));
        metrics.trackPipelines(() -> live, List.of("Training", "Promoted"));
        for (String pipeline : List.of("fraud", "churn")) {
            metrics.pipelineInfo("ns", pipeline, "m", "Canary", "RollingOut", null);
            metrics.revisionsByPhase("ns", pipeline, java.util.Map.of("Promoted", 1), List.of("Training", "Promoted"));
            metrics.canaryWeight("ns", pipeline, 10);
            metrics.transition("ns", pipeline, "Training", "TrainingStarted");
            metrics.gateVerdict("ns", pipeline, "evaluation", "Passed");
            metrics.measurement("ns", pipeline, "error-rate", "Successful");
            metrics.rolloutEnded("ns", pipeline, "Canary", "Promoted");
            metrics.rollback("ns", pipeline, "Analysis");
            metrics.retrainTriggered("ns", pipeline, "drift", "Drift");
            metrics.registryWrite("ns", pipeline, "CreateVersion", "Synced");
            metrics.registryLookup("ns", pipeline, "Found");
        }
        metrics.forgetDeletedPipelines();
        assertThat(scrape()).contains("pipeline=\"fraud\"").contains("pipeline=\"churn\"");

        live.remove("ns/fraud");
        metrics.forgetDeletedPipelines();

        String after = scrape();
        assertThat(after).as("its gauges and its counters").doesNotContain("pipeline=\"fraud\"");
        assertThat(after.lines().filter(l -> l.startsWith("modelgate_") && l.contains("pipeline=\"churn\"")
                && l.contains("_total{"))).as("the live pipeline's counters count on").hasSize(8);
        assertThat(after.lines().filter(l -> l.startsWith("modelgate_rollout_canary_weight{"))).singleElement()
                .satisfies(l -> assertThat(l).contains("pipeline=\"churn\""));
        assertThat(after.lines().filter(l -> l.startsWith("modelgate_revisions{"))).singleElement()
                .satisfies(l -> assertThat(l).contains("churn", "phase=\"Promoted\""));
    }

    @Test
    void aPipelineHasASeriesOnlyForThePhasesItHasRevisionsIn() throws IOException {
        List<String> phases = io.modelgate.pipeline.apply.PassRecorder.ALL_PHASES;
        metrics.revisionsByPhase("ns", "fraud", java.util.Map.of("Training", 1, "Promoted", 1, "Superseded", 3), phases);
        assertThat(scrape().lines().filter(l -> l.startsWith("modelgate_revisions{"))).hasSize(3);

        metrics.revisionsByPhase("ns", "fraud", java.util.Map.of("Promoted", 1, "Superseded", 4), phases);

        assertThat(scrape().lines().filter(l -> l.startsWith("modelgate_revisions{")))
                .as("Training went to 0: its series is gone, the others count on").hasSize(2)
                .anySatisfy(l -> assertThat(l).contains("phase=\"Superseded\"").endsWith(" 4.0"));
    }

    @Test
    void everyDocumentedMetricIsExported() throws IOException {
        metrics.reconciled(true, 0.01);
        metrics.revisionsByPhase("ns", "fraud", java.util.Map.of("Promoted", 1), List.of("Promoted"));
        metrics.transition("ns", "fraud", "Promoted", "Promoted");
        metrics.gateVerdict("ns", "fraud", "Evaluation", "Passed");
        metrics.phaseDuration("Training", 12);
        metrics.jobCreated("Training");
        metrics.event("Normal", "Promoted");
        metrics.pipelineInfo("ns", "fraud", "fraud-detector", "Direct", "Serving", "fraud-r1");

        String text = scrape();
        for (String name : List.of("modelgate_reconcile_total", "modelgate_reconcile_duration_seconds_bucket", "modelgate_revisions",
                "modelgate_revision_transitions_total", "modelgate_gate_verdicts_total", "modelgate_phase_duration_seconds_bucket",
                "modelgate_jobs_created_total", "modelgate_events_total", "modelgate_pipeline_info")) {
            assertThat(text).as(name).containsPattern("(?m)^" + name + "\\{");
        }
    }
}
