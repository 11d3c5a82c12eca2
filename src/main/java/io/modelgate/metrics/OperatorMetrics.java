package io.modelgate.metrics;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;

import java.util.Map;

/** Every metric the operator exports, on one registry so that tests can read them in isolation. */
public final class OperatorMetrics {

    private final CollectorRegistry registry;
    private final Counter reconciles;
    private final Histogram reconcileDuration;
    private final Gauge revisionsByPhase;
    private final Counter transitions;
    private final Counter gateVerdicts;
    private final Histogram phaseDuration;
    private final Counter jobsCreated;
    private final Counter events;
    private final Gauge pipelineInfo;
    private final Gauge canaryWeight;
    private final Counter measurements;
    private final Counter rollouts;
    private final Counter rollbacks;
    private final Histogram decisionLatency;
    private final Counter registryWrites;
    private final Counter retrainTriggers;
    private final Counter registryLookups;
    private final Gauge registryPending;
    /**
     * For each counter labelled namespace and pipeline first, the values of its other labels ever counted (a phase
     * and a reason, a metric and a result: a few dozen, shared by every pipeline), so that a deleted pipeline's
     * series are removed one by one, at a cost that does not grow with the number of pipelines.
     */
    private final Map<Counter, java.util.Set<java.util.List<String>>> pipelineCounters = new java.util.LinkedHashMap<>();
    private final java.util.Map<String, String[]> pipelineInfoLabels = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile java.util.function.Supplier<java.util.Set<String>> livePipelines;
    private volatile Iterable<String> allPhases = java.util.List.of();

    public OperatorMetrics(CollectorRegistry registry) {
        this.registry = registry;
        reconciles = Counter.build("modelgate_reconcile_total", "Reconciles of ModelPipelines by result (success or error).")
                .labelNames("result").register(registry);
        reconcileDuration = Histogram.build("modelgate_reconcile_duration_seconds", "Time spent in one reconcile of a ModelPipeline.")
                .buckets(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
                .register(registry);
        revisionsByPhase = Gauge.build("modelgate_revisions", "ModelRevisions by pipeline and phase.")
                .labelNames("namespace", "pipeline", "phase").register(registry);
        transitions = Counter.build("modelgate_revision_transitions_total", "Revisions entering a phase.")
                .labelNames("namespace", "pipeline", "phase", "reason").register(registry);
        gateVerdicts = Counter.build("modelgate_gate_verdicts_total", "Gate verdicts by stage and result.")
                .labelNames("namespace", "pipeline", "stage", "result").register(registry);
        phaseDuration = Histogram.build("modelgate_phase_duration_seconds",
                        "Time a revision spent in a phase (Validating, Training, Evaluating, RollingOut), observed when it leaves it.")
                .labelNames("phase")
                .buckets(1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 86400)
                .register(registry);
        jobsCreated = Counter.build("modelgate_jobs_created_total", "Jobs created by stage.")
                .labelNames("stage").register(registry);
        events = Counter.build("modelgate_events_total", "Kubernetes Events emitted by type and reason.")
                .labelNames("type", "reason").register(registry);
        pipelineInfo = Gauge.build("modelgate_pipeline_info", "One series per pipeline, always 1: its model, strategy, phase and serving revision as labels.")
                .labelNames("namespace", "pipeline", "model", "strategy", "phase", "stable_revision").register(registry);
        canaryWeight = Gauge.build("modelgate_rollout_canary_weight", "Percentage of traffic meant for the revision rolling out (0 when none).")
                .labelNames("namespace", "pipeline").register(registry);
        measurements = Counter.build("modelgate_analysis_measurements_total", "Analysis measurements by metric and result (Successful, Failed, Inconclusive, Error).")
                .labelNames("namespace", "pipeline", "metric", "result").register(registry);
        rollouts = Counter.build("modelgate_rollouts_total", "Canary and blue-green rollouts by how they ended (Promoted, RolledBack, Aborted).")
                .labelNames("namespace", "pipeline", "strategy", "result").register(registry);
        rollbacks = Counter.build("modelgate_rollbacks_total", "Rollbacks by cause (Analysis, ProgressDeadline, Manual).")
                .labelNames("namespace", "pipeline", "cause").register(registry);
        retrainTriggers = Counter.build("modelgate_retrain_triggers_total",
                        "Revisions created by a retraining trigger (spec.triggers.metrics), by trigger and kind (Drift, Quality).")
                .labelNames("namespace", "pipeline", "trigger", "kind").register(registry);
        registryWrites = Counter.build("modelgate_registry_writes_total",
                        "Writes to the model registry by write (CreateVersion, MoveAlias, TagOutcome) and result (Synced, Unavailable, Refused).")
                .labelNames("namespace", "pipeline", "write", "result").register(registry);
        registryLookups = Counter.build("modelgate_registry_lookups_total",
                        "Look-ups of spec.source.registeredModel in the model registry by result (Found, Missing, Unavailable).")
                .labelNames("namespace", "pipeline", "result").register(registry);
        registryPending = Gauge.build("modelgate_registry_writes_pending",
                        "Revisions of the pipeline whose registry record owes a write (RegistrySynced=False or not yet tried).")
                .labelNames("namespace", "pipeline").register(registry);
        decisionLatency = Histogram.build("modelgate_analysis_decision_seconds",
                        "Time from the measurement that decided an analysis to the rollback or promotion carried out.")
                .buckets(0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 120)
                .register(registry);
        for (Counter counter : java.util.List.of(transitions, gateVerdicts, measurements, rollouts, rollbacks, retrainTriggers,
                registryWrites, registryLookups)) {
            pipelineCounters.put(counter, java.util.concurrent.ConcurrentHashMap.newKeySet());
        }
    }

    public void canaryWeight(String namespace, String pipeline, int weight) {
        canaryWeight.labels(namespace, pipeline).set(weight);
    }

    public void measurement(String namespace, String pipeline, String metric, String result) {
        count(measurements, namespace, pipeline, metric, result);
    }

    public void rolloutEnded(String namespace, String pipeline, String strategy, String result) {
        count(rollouts, namespace, pipeline, strategy, result);
    }

    public void rollback(String namespace, String pipeline, String cause) {
        count(rollbacks, namespace, pipeline, cause);
    }

    public void decisionLatency(double seconds) {
        decisionLatency.observe(seconds);
    }

    /**
     * Tells the metrics which pipelines exist ("namespace/name", e.g. from the informer cache), so that the series of a
     * deleted pipeline disappear at the next scrape instead of lingering with their last values.
     */
    public void trackPipelines(java.util.function.Supplier<java.util.Set<String>> live, Iterable<String> phases) {
        this.livePipelines = live;
        this.allPhases = phases;
    }

    /** Drops the per-pipeline series of pipelines that no longer exist; called before every scrape. */
    public void forgetDeletedPipelines() {
        var live = livePipelines;
        if (live == null) {
            return;
        }
        java.util.Set<String> existing = live.get();
        for (String key : java.util.List.copyOf(pipelineInfoLabels.keySet())) {
            if (!existing.contains(key)) {
                int slash = key.indexOf('/');
                forgetPipeline(key.substring(0, slash), key.substring(slash + 1), allPhases);
            }
        }
    }

    public CollectorRegistry registry() {
        return registry;
    }

    public void reconciled(boolean success, double seconds) {
        reconciles.labels(success ? "success" : "error").inc();
        reconcileDuration.observe(seconds);
    }

    /**
     * One series per phase the pipeline has revisions in; a phase it has none in has no series (absent is 0, as
     * {@code sum by (phase)} reads it). A series for each of the twelve phases of every pipeline was 12 series per
     * pipeline, 12,360 at 1,030 pipelines, nearly all of them zeros.
     */
    public void revisionsByPhase(String namespace, String pipeline, Map<String, Integer> countsByPhase, Iterable<String> allPhases) {
        for (String phase : allPhases) {
            int count = countsByPhase.getOrDefault(phase, 0);
            if (count > 0) {
                revisionsByPhase.labels(namespace, pipeline, phase).set(count);
            } else {
                revisionsByPhase.remove(namespace, pipeline, phase);
            }
        }
    }

    public void forgetPipeline(String namespace, String pipeline, Iterable<String> allPhases) {
        for (String phase : allPhases) {
            revisionsByPhase.remove(namespace, pipeline, phase);
        }
        canaryWeight.remove(namespace, pipeline);
        registryPending.remove(namespace, pipeline);
        String[] previous = pipelineInfoLabels.remove(namespace + "/" + pipeline);
        if (previous != null) {
            pipelineInfo.remove(previous);
        }
        // Kept, a deleted pipeline's counters were series (and memory) for good: with pipelines coming and going,
        // without bound. A counter that disappears is what Prometheus expects of a deleted object (its rate ends).
        pipelineCounters.forEach((counter, others) -> {
            for (java.util.List<String> other : others) {
                counter.remove(labels(namespace, pipeline, other.toArray(String[]::new)));
            }
        });
    }

    private void count(Counter counter, String namespace, String pipeline, String... others) {
        pipelineCounters.get(counter).add(java.util.List.of(others));
        counter.labels(labels(namespace, pipeline, others)).inc();
    }

    private static String[] labels(String namespace, String pipeline, String[] others) {
        String[] labels = new String[others.length + 2];
        labels[0] = namespace;
        labels[1] = pipeline;
        System.arraycopy(others, 0, labels, 2, others.length);
        return labels;
    }

    /** Replaces the pipeline's info series when a label changes, so a pipeline is always exactly one series. */
    public void pipelineInfo(String namespace, String pipeline, String model, String strategy, String phase, String stableRevision) {
        String[] labels = {namespace, pipeline, nullToEmpty(model), nullToEmpty(strategy), nullToEmpty(phase), nullToEmpty(stableRevision)};
        String[] previous = pipelineInfoLabels.put(namespace + "/" + pipeline, labels);
        if (previous != null && !java.util.Arrays.equals(previous, labels)) {
            pipelineInfo.remove(previous);
        }
        pipelineInfo.labels(labels).set(1);
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    public void transition(String namespace, String pipeline, String phase, String reason) {
        count(transitions, namespace, pipeline, phase, reason);
    }

    public void gateVerdict(String namespace, String pipeline, String stage, String result) {
        count(gateVerdicts, namespace, pipeline, stage, result);
    }

    public void phaseDuration(String phase, double seconds) {
        phaseDuration.labels(phase).observe(seconds);
    }

    public void retrainTriggered(String namespace, String pipeline, String trigger, String kind) {
        count(retrainTriggers, namespace, pipeline, trigger, kind);
    }

    public void registryWrite(String namespace, String pipeline, String write, String result) {
        count(registryWrites, namespace, pipeline, write, result);
    }

    public void registryLookup(String namespace, String pipeline, String result) {
        count(registryLookups, namespace, pipeline, result);
    }

    public void registryWritesPending(String namespace, String pipeline, int revisions) {
        registryPending.labels(namespace, pipeline).set(revisions);
    }

    public void jobCreated(String stage) {
        jobsCreated.labels(stage).inc();
    }

    public void event(String type, String reason) {
        events.labels(type, reason).inc();
    }
}
