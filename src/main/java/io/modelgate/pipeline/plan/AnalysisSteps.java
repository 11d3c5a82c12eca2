package io.modelgate.pipeline.plan;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.modelgate.analysis.Measurement;
import io.modelgate.analysis.MeasurementJudge;
import io.modelgate.analysis.MeasurementPhase;
import io.modelgate.api.AnalysisRunStatus;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.RolloutStatus;
import io.modelgate.delivery.AnalysisRuns;
import io.modelgate.delivery.JobMetricResult;
import io.modelgate.delivery.MetricDefinition;
import io.modelgate.analysis.AnalysisOutcome;
import io.modelgate.delivery.RolloutPlan;
import io.modelgate.delivery.RolloutRecords;
import io.modelgate.provider.QueryTemplate;
import io.modelgate.revision.JobObservation;
import io.modelgate.status.Reason;
import io.modelgate.workload.JobObservations;
import io.modelgate.workload.Labels;
import io.modelgate.workload.Owned;
import io.modelgate.workload.RevisionNames;
import io.modelgate.workload.Workloads;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The measurements of an analysis run in a pass: a due prometheus or http measurement is asked for (the reconciler
 * takes it and plans again with the answer), a due job measurement starts its Job, a finished Job is read and
 * deleted.
 */
final class AnalysisSteps {

    private final PassState pass;
    private final RolloutPlan plan;

    AnalysisSteps(PassState pass, RolloutPlan plan) {
        this.pass = pass;
        this.plan = plan;
    }

    void measure(ModelRevision revision, RolloutStatus record, AnalysisRunStatus run, List<MetricDefinition> definitions, boolean background) {
        if (!"Running".equals(run.getPhase())) {
            return;
        }
        Optional<String> stable = Optional.ofNullable(record.getStableRevision());
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put(QueryTemplate.NAMESPACE, pass.namespace);
        variables.put(QueryTemplate.PIPELINE, pass.name);
        variables.put(QueryTemplate.REVISION, revision.getMetadata().getName());
        stable.ifPresent(s -> variables.put(QueryTemplate.STABLE_REVISION, s));
        collectJobMeasurements(revision, run, definitions, background);
        for (MetricDefinition metric : AnalysisRuns.due(run, definitions, background, pass.now)) {
            if (metric.source().getJob() != null) {
                startMeasurementJob(revision, run, metric, stable);
                continue;
            }
            String key = run.getName() + "/" + metric.name() + "/" + sampleNumber(run, metric);
            Optional<Measurement> taken = pass.inputs.measurement(key);
            if (taken.isEmpty()) {
                pass.effects.want(new MeasurementRequest(key, pass.namespace, metric, variables, stable));
                continue;
            }
            record(revision, run, metric, background, taken.get());
        }
    }

    private static int sampleNumber(AnalysisRunStatus run, MetricDefinition metric) {
        return run.getMetrics().stream().filter(m -> m.getName().equals(metric.name())).findFirst()
                .map(m -> RolloutRecords.metricRun(m).tally().taken() + 1).orElse(1);
    }

    private void record(ModelRevision revision, AnalysisRunStatus run, MetricDefinition metric, boolean background, Measurement measurement) {
        AnalysisRuns.record(run, metric, background, measurement);
        pass.effects.signal(new Signal.Measured(run.getName(), metric.name(), measurement.phase().name(), measurement.message()));
        if (metric.dryRun()) {
            // A dry run decides nothing, so its verdict would go unseen in a rollout that goes on: it is told once, when taken.
            run.getMetrics().stream().filter(m -> m.getName().equals(metric.name())).findFirst()
                    .map(m -> RolloutRecords.metricRun(m).outcome())
                    .filter(o -> o.phase().isTerminal() && o.phase() != AnalysisOutcome.Phase.Successful)
                    .ifPresent(o -> pass.effects.event(EventIntent.warning(revision, Reason.DryRunMetricFailed, "dry-run metric "
                            + metric.name() + " of " + run.getName() + " is " + o.phase() + " (not deciding): " + o.reason())));
        }
    }

    private void startMeasurementJob(ModelRevision revision, AnalysisRunStatus run, MetricDefinition metric, Optional<String> stable) {
        String name = RevisionNames.analysisJob(revision.getMetadata().getName(), run.getName(), metric.name(), sampleNumber(run, metric));
        if (pass.job(name).isEmpty()) {
            Job job = Workloads.analysisJob(revision, name, metric.name(), metric.source().getJob().getTemplate(),
                    metric.source().getJob().getActiveDeadlineSeconds(), stable);
            Optional<String> refused = pass.podSecurityRefusal(List.of(job.getSpec().getTemplate()), templateField(metric));
            if (refused.isPresent()) {
                // A measurement the operator may not take is an Error, as an unreachable Prometheus is: the limits decide.
                record(revision, run, metric, AnalysisRuns.isBackground(run.getName()), new Measurement(MeasurementPhase.Error, null, null,
                        metric.name() + ": error: the analysis Job was not created: " + refused.get(), pass.now));
                return;
            }
            Optional<WriteResult> answered = pass.create(job, false);
            if (answered.isPresent()) {
                record(revision, run, metric, AnalysisRuns.isBackground(run.getName()), new Measurement(MeasurementPhase.Error, null, null,
                        metric.name() + ": error: the API server rejected the analysis Job: " + answered.get().describe(), pass.now));
                return;
            }
        }
        AnalysisRuns.pendingJob(run, metric.name(), name);
    }

    /** The metric's template by its path in the pipeline (the metric is one of the spec's own objects). */
    private String templateField(MetricDefinition metric) {
        var analyses = pass.pipeline.getSpec().getRollout() == null ? List.<io.modelgate.api.AnalysisSpec>of()
                : pass.pipeline.getSpec().getRollout().getAnalyses();
        for (int i = 0; i < analyses.size(); i++) {
            for (int j = 0; j < analyses.get(i).getMetrics().size(); j++) {
                if (analyses.get(i).getMetrics().get(j) == metric.source()) {
                    return "rollout.analyses[" + i + "].metrics[" + j + "].job.template";
                }
            }
        }
        return "the job template of metric " + metric.name();
    }

    private void collectJobMeasurements(ModelRevision revision, AnalysisRunStatus run, List<MetricDefinition> definitions, boolean background) {
        for (var metric : List.copyOf(run.getMetrics())) {
            if (metric.getPendingJob() == null) {
                continue;
            }
            Optional<MetricDefinition> definition = definitions.stream().filter(d -> d.name().equals(metric.getName())).findFirst();
            String jobName = metric.getPendingJob();
            Optional<Job> job = pass.job(jobName);
            if (definition.isEmpty() || job.isEmpty()) {
                // Deleted (by someone, a TTL, or by us before a failed status write): measure again. The name is
                // deterministic, so if the cache only lags, the create answers AlreadyThere and the Job is awaited again.
                AnalysisRuns.pendingJob(run, metric.getName(), null);
                continue;
            }
            List<Pod> jobPods = pass.pods(Map.of(Labels.ANALYSIS_JOB, jobName));
            JobObservation observation = JobObservations.job(job.get(), jobPods, () -> pass.podsReadAgain(jobName), pass.podsRefused(jobName));
            Optional<JobMetricResult> result = JobMetricResult.of(jobName, metric.getName(), observation);
            if (result.isEmpty()) {
                continue;
            }
            Measurement measurement = MeasurementJudge.judge(definition.get().criteria(), result.get().canary(),
                    definition.get().needsStable() ? result.get().stable() : Optional.empty(), pass.now);
            record(revision, run, definition.get(), background, measurement);
            deleteJob(jobName);
        }
    }

    void deleteJob(String name) {
        pass.delete(new Owned("batch/v1", "Job", name));
    }
}
