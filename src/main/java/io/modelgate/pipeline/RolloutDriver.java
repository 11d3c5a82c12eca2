package io.modelgate.pipeline;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.modelgate.analysis.Measurement;
import io.modelgate.analysis.MeasurementJudge;
import io.modelgate.api.AnalysisRunStatus;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.RolloutSpec;
import io.modelgate.api.RolloutStatus;
import io.modelgate.delivery.AnalysisRuns;
import io.modelgate.delivery.JobMetricResult;
import io.modelgate.delivery.MetricDefinition;
import io.modelgate.delivery.RolloutPlan;
import io.modelgate.delivery.RolloutRecords;
import io.modelgate.delivery.ServingLayout;
import io.modelgate.metrics.OperatorMetrics;
import io.modelgate.provider.QueryTemplate;
import io.modelgate.revision.JobObservation;
import io.modelgate.revision.RevisionPhase;
import io.modelgate.revision.ServingObservation;
import io.modelgate.revision.Step;
import io.modelgate.rollout.AnalysisReport;
import io.modelgate.rollout.BlueGreenDecision;
import io.modelgate.rollout.BlueGreenInputs;
import io.modelgate.rollout.BlueGreenMachine;
import io.modelgate.rollout.BlueGreenPhase;
import io.modelgate.rollout.BlueGreenState;
import io.modelgate.rollout.CanaryDecision;
import io.modelgate.rollout.CanaryInputs;
import io.modelgate.rollout.CanaryMachine;
import io.modelgate.rollout.CanaryState;
import io.modelgate.rollout.CanaryStep;
import io.modelgate.rollout.ManualAction;
import io.modelgate.workload.Labels;
import io.modelgate.workload.RevisionNames;
import io.modelgate.workload.Workloads;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Thin glue for one Canary or BlueGreen rollout pass: reads the revision's rollout record, takes the measurements
 * that are due, asks {@link CanaryMachine} or {@link BlueGreenMachine}, and records the decision. Scaling, Services
 * and route weights follow from the recorded state through {@link ServingLayout}, applied by the reconciler.
 */
final class RolloutDriver {

    private static final Logger LOG = Logger.getLogger(RolloutDriver.class);
    private static final int MAX_DECISIONS = 6;

    /**
     * @param end        the revision's end (Promoted, RolledBack, Aborted), to apply as any other transition
     * @param wakeAt     when time alone moves the rollout on (a pause ends, a measurement is due)
     * @param actionUsed the person's action was read by the machine, so the annotation is consumed
     * @param decidedBy  for a rollback decided by a measurement: when that measurement was taken (the reconciler
     *                   observes the decision latency once the rollback is applied)
     */
    record Result(Optional<Step.Advance> end, Optional<Instant> wakeAt, boolean actionUsed, Optional<Instant> decidedBy) {
    }

    private final KubernetesClient client;
    private final Context<ModelPipeline> context;
    private final ModelPipeline pipeline;
    private final RolloutPlan plan;
    private final Instant now;
    private final Map<String, Deployment> deployments;
    private final Map<String, Job> jobs;
    private final List<Pod> pods;
    private final EventRecorder events;
    private final OperatorMetrics metrics;
    private final AnalysisMeasurer measurer;
    /** spec.paused, or a spec with problems: no progress, but rollbacks still apply. */
    private final boolean holdProgress;

    RolloutDriver(KubernetesClient client, Context<ModelPipeline> context, ModelPipeline pipeline, RolloutPlan plan, Instant now,
                  Map<String, Deployment> deployments, Map<String, Job> jobs, List<Pod> pods, EventRecorder events,
                  OperatorMetrics metrics, AnalysisMeasurer measurer, boolean holdProgress) {
        this.client = client;
        this.context = context;
        this.pipeline = pipeline;
        this.plan = plan;
        this.now = now;
        this.deployments = deployments;
        this.jobs = jobs;
        this.pods = pods;
        this.events = events;
        this.metrics = metrics;
        this.measurer = measurer;
        this.holdProgress = holdProgress;
    }

    /** The rollout record of a revision starting (or restarting) its rollout against {@code stable}. */
    static RolloutStatus begin(RolloutPlan plan, String stable, Instant now, int attempt) {
        RolloutStatus status = new RolloutStatus();
        status.setStrategy(plan.strategy().name());
        status.setStableRevision(stable);
        status.setProgressingSince(now.toString());
        if (plan.strategy() == RolloutSpec.Strategy.Canary) {
            CanaryState initial = CanaryState.initial(now, plan.backgroundAnalysis().isPresent());
            RolloutRecords.write(status, new CanaryState(0, 0, now, null, false, initial.backgroundAnalysisRunning(), attempt));
            status.setStepCount(plan.steps().size());
        } else {
            RolloutRecords.write(status, new BlueGreenState(BlueGreenPhase.PreviewScaling, now, null, false, attempt));
        }
        return status;
    }

    Result drive(ModelRevision revision, String stable, ManualAction action) {
        RolloutStatus record = revision.getStatus().getRollout();
        if (record == null || !plan.strategy().name().equals(record.getStrategy())) {
            int attempt = record == null || record.getAttempt() == null ? 1 : record.getAttempt();
            List<AnalysisRunStatus> runs = record == null ? List.of() : record.getAnalysisRuns();
            record = begin(plan, stable, now, attempt);
            record.setAnalysisRuns(new ArrayList<>(runs));
            revision.getStatus().setRollout(record);
        }
        return plan.strategy() == RolloutSpec.Strategy.Canary
                ? canary(revision, record, action)
                : blueGreen(revision, record, action);
    }

    private Result canary(ModelRevision revision, RolloutStatus record, ManualAction action) {
        CanaryState state = RolloutRecords.canaryState(record, now);
        List<CanaryStep> steps = plan.steps();
        record.setStepCount(steps.size());
        boolean actionUsed = false;
        Optional<Instant> wake = Optional.empty();
        for (int i = 0; i < MAX_DECISIONS; i++) {
            if (!ensureDeployment(revision)) {
                return servingRejected(actionUsed);
            }
            Optional<AnalysisReport> backgroundReport = Optional.empty();
            Optional<AnalysisRunStatus> backgroundRun = AnalysisRuns.background(record, state, plan, now);
            if (backgroundRun.isPresent()) {
                measure(revision, record, backgroundRun.get(), plan.analysis(plan.backgroundAnalysis().get()), true);
                backgroundReport = Optional.of(AnalysisRuns.report(backgroundRun.get()));
            }
            Optional<AnalysisReport> stepReport = Optional.empty();
            if (state.stepIndex() < steps.size() && steps.get(state.stepIndex()) instanceof CanaryStep.Analysis step) {
                Optional<AnalysisRunStatus> run = AnalysisRuns.find(record, AnalysisRuns.name(state.attempt(), AnalysisRuns.stepPurpose(state.stepIndex())));
                if (run.isPresent()) {
                    measure(revision, record, run.get(), plan.analysis(step.name()), false);
                    stepReport = Optional.of(AnalysisRuns.report(run.get()));
                }
            }
            ManualAction given = actionUsed ? ManualAction.None : action;
            boolean canaryAvailable = canaryAvailable(revision, record, state);
            if (canaryAvailable) {
                // The progress deadline counts time spent unavailable: a pod lost an hour into a pause gets the whole
                // deadline to come back, and a new weight or size starts its clock when it is first not yet met.
                record.setProgressingSince(now.toString());
            }
            CanaryInputs inputs = new CanaryInputs(now, canaryAvailable, plan.progressDeadline(),
                    Instant.parse(record.getProgressingSince()), stepReport, backgroundReport, given, holdProgress,
                    plan.backgroundAnalysis().isPresent());
            CanaryDecision decision = CanaryMachine.next(steps, state, inputs);
            actionUsed |= given != ManualAction.None;
            LOG.infof("pipeline %s/%s revision %s canary decision: %s", pipeline.getMetadata().getNamespace(),
                    pipeline.getMetadata().getName(), revision.getMetadata().getName(), describe(decision));
            if (decision instanceof CanaryDecision.Promote promote) {
                if (!availableAtFullSize(revision)) {
                    // Promotion finishes the move as a Direct rollout does: the canary at full size and available before
                    // it becomes the stable revision (whose Deployment then scales to 0). Past its last step the layout
                    // asks for the full size, and the progress deadline still applies.
                    if (state.stepIndex() < steps.size()) {
                        RolloutRecords.write(record, new CanaryState(steps.size(), state.canaryWeight(), now, null, false,
                                state.backgroundAnalysisRunning(), state.attempt(), state.backgroundRun()));
                        record.setProgressingSince(now.toString());
                    }
                    record.setMessage("promoting (" + promote.reason() + "): waiting for " + revision.getMetadata().getName()
                            + " to be available at full size before " + record.getStableRevision() + " scales down");
                    wake = Optional.of(Instant.parse(record.getProgressingSince()).plus(plan.progressDeadline()));
                    break;
                }
                // Promoted: all the traffic is the new revision's, which the record says for kubectl get mrev.
                RolloutRecords.write(record, new CanaryState(steps.size(), 100, state.stepStartedAt(), null, false,
                        state.backgroundAnalysisRunning(), state.attempt(), state.backgroundRun()));
                endRuns(record, false);
                record.setMessage(promote.reason());
                return new Result(Optional.of(Step.Advance.to(RevisionPhase.Promoted, "Promoted", "canary promoted: " + promote.reason())),
                        Optional.empty(), actionUsed, Optional.empty());
            }
            if (decision instanceof CanaryDecision.Rollback rollback) {
                RolloutRecords.write(record, rollback.next());
                endRuns(record, true);
                record.setMessage(rollback.reason());
                return rolledBack(given == ManualAction.Abort, rollback.reason(), actionUsed, backgroundReport, stepReport, record);
            }
            CanaryState next = decision.nextState().orElseThrow();
            if (decision instanceof CanaryDecision.SetWeight setWeight) {
                if (setWeight.weight() != state.canaryWeight()) {
                    record.setProgressingSince(now.toString());
                    events.record(client, revision, EventRecorder.NORMAL, "WeightSet",
                            revision.getMetadata().getName() + " canary weight " + state.canaryWeight() + " -> " + setWeight.weight());
                }
                RolloutRecords.write(record, next);
                record.setMessage("setWeight " + setWeight.weight());
                // Scaling happens after this pass; availability at the new weight is observed on the next one. A weight
                // that needs no new pods (one replica, or the same share rounded) brings no Deployment event: come back.
                wake = Optional.of(now.plusSeconds(1));
                break;
            }
            if (decision instanceof CanaryDecision.StartStepAnalysis start) {
                String runName = AnalysisRuns.name(next.attempt(), AnalysisRuns.stepPurpose(next.stepIndex()));
                if (AnalysisRuns.find(record, runName).isEmpty()) {
                    AnalysisRuns.add(record, AnalysisRuns.start(runName, start.name(), next.attempt(), now, plan.analysis(start.name())));
                }
                RolloutRecords.write(record, next);
                record.setMessage("step " + (next.stepIndex() + 1) + "/" + steps.size() + ": analysis " + start.name() + " started");
                state = next;
                continue;
            }
            if (decision instanceof CanaryDecision.PauseForHuman pause) {
                announcePause(revision, pause.reason().equals(state.pausedReason()), pause.reason());
                RolloutRecords.write(record, next);
                record.setMessage(pause.reason());
                break;
            }
            CanaryDecision.Wait waiting = (CanaryDecision.Wait) decision;
            boolean moved = next.stepIndex() != state.stepIndex() || next.canaryWeight() != state.canaryWeight();
            RolloutRecords.write(record, next);
            record.setMessage(waiting.why());
            wake = waiting.until();
            if (!moved) {
                break;
            }
            state = next;
        }
        // A background run started by this pass's decision (a promote past an Inconclusive one) is measured when due.
        AnalysisRuns.background(record, RolloutRecords.canaryState(record, now), plan, now);
        return new Result(Optional.empty(), earliest(wake, nextMeasurement(record)), actionUsed, Optional.empty());
    }

    private Result blueGreen(ModelRevision revision, RolloutStatus record, ManualAction action) {
        BlueGreenState state = RolloutRecords.blueGreenState(record, now);
        boolean actionUsed = false;
        Optional<Instant> wake = Optional.empty();
        for (int i = 0; i < MAX_DECISIONS; i++) {
            if (!ensureDeployment(revision)) {
                return servingRejected(actionUsed);
            }
            Optional<AnalysisReport> report = Optional.empty();
            Optional<String> analysis = state.phase() == BlueGreenPhase.PrePromotionAnalysis ? plan.blueGreen().prePromotionAnalysis()
                    : state.phase() == BlueGreenPhase.PostPromotionAnalysis ? plan.blueGreen().postPromotionAnalysis() : Optional.empty();
            if (analysis.isPresent()) {
                Optional<AnalysisRunStatus> run = AnalysisRuns.find(record, runName(state));
                if (run.isPresent()) {
                    measure(revision, record, run.get(), plan.analysis(analysis.get()), false);
                    report = Optional.of(AnalysisRuns.report(run.get()));
                }
            }
            ManualAction given = actionUsed ? ManualAction.None : action;
            boolean newAvailable = availableAtFullSize(revision);
            if (newAvailable) {
                record.setProgressingSince(now.toString());
            }
            if (state.phase() == BlueGreenPhase.Done) {
                // Promoted by a person before the new revision was ready: switch only once it can serve everything.
                if (action == ManualAction.Abort && !actionUsed) {
                    RolloutRecords.write(record, new BlueGreenState(BlueGreenPhase.Done, state.phaseStartedAt(), null, true, state.attempt()));
                    endRuns(record, true);
                    String reason = "aborted by a person while waiting for the promoted revision to be available; "
                            + "the active Service never left the previous revision";
                    record.setMessage(reason);
                    return rolledBack(true, reason, true, Optional.empty(), Optional.empty(), record);
                }
                if (newAvailable) {
                    endRuns(record, false);
                    record.setMessage("promoted by a person: the new revision is available; switching and scaling the old one down");
                    return new Result(Optional.of(Step.Advance.to(RevisionPhase.Promoted, "Promoted",
                            "blue-green promoted by a person once the new revision was available")), Optional.empty(), actionUsed, Optional.empty());
                }
                Instant deadline = Instant.parse(record.getProgressingSince()).plus(plan.progressDeadline());
                if (!now.isBefore(deadline)) {
                    RolloutRecords.write(record, new BlueGreenState(BlueGreenPhase.Done, state.phaseStartedAt(), null, true, state.attempt()));
                    endRuns(record, true);
                    String reason = "promoted by a person, but the new revision was not available within the progress deadline of "
                            + plan.progressDeadline().toSeconds() + "s; the active Service never left the previous revision";
                    record.setMessage(reason);
                    return rolledBack(false, reason, actionUsed, Optional.empty(), Optional.empty(), record);
                }
                record.setMessage("promoted by a person: waiting for the new revision to be available at full size before switching");
                return new Result(Optional.empty(), Optional.of(deadline), actionUsed || action != ManualAction.None, Optional.empty());
            }
            BlueGreenInputs inputs = new BlueGreenInputs(now, newAvailable,
                    plan.progressDeadline(), Instant.parse(record.getProgressingSince()), report, given, holdProgress);
            BlueGreenDecision decision = BlueGreenMachine.next(plan.blueGreen(), state, inputs);
            actionUsed |= given != ManualAction.None;
            LOG.infof("pipeline %s/%s revision %s blue-green decision: %s", pipeline.getMetadata().getNamespace(),
                    pipeline.getMetadata().getName(), revision.getMetadata().getName(), decision.getClass().getSimpleName());
            if (decision instanceof BlueGreenDecision.Promote promote) {
                RolloutRecords.write(record, new BlueGreenState(BlueGreenPhase.Done, now, null, false, state.attempt()));
                if (!newAvailable) {
                    record.setMessage(promote.reason() + "; waiting for the new revision to be available at full size before switching");
                    state = RolloutRecords.blueGreenState(record, now);
                    continue;
                }
                endRuns(record, false);
                record.setMessage(promote.reason());
                return new Result(Optional.of(Step.Advance.to(RevisionPhase.Promoted, "Promoted", "blue-green promoted: " + promote.reason())),
                        Optional.empty(), actionUsed, Optional.empty());
            }
            if (decision instanceof BlueGreenDecision.Rollback rollback) {
                RolloutRecords.write(record, rollback.next());
                endRuns(record, true);
                record.setMessage(rollback.reason());
                return rolledBack(given == ManualAction.Abort, rollback.reason(), actionUsed, report, Optional.empty(), record);
            }
            BlueGreenState next = decision.nextState().orElseThrow();
            if (decision instanceof BlueGreenDecision.StartAnalysis start) {
                String name = runName(next);
                if (AnalysisRuns.find(record, name).isEmpty()) {
                    AnalysisRuns.add(record, AnalysisRuns.start(name, start.name(), next.attempt(), now, plan.analysis(start.name())));
                }
                RolloutRecords.write(record, next);
                record.setMessage(next.phase() + ": analysis " + start.name() + " started");
                state = next;
                continue;
            }
            if (decision instanceof BlueGreenDecision.SwitchActive switchActive) {
                events.record(client, revision, EventRecorder.NORMAL, "ActiveSwitched", switchActive.reason());
                record.setProgressingSince(now.toString());
                RolloutRecords.write(record, next);
                record.setMessage(switchActive.reason());
                // The active Service is switched after this pass: post-promotion analysis must measure the new revision
                // serving the traffic, so it starts on the next pass, which comes at once.
                wake = Optional.of(now);
                break;
            }
            if (decision instanceof BlueGreenDecision.PauseForHuman pause) {
                announcePause(revision, state.pausedForHuman(), pause.reason());
                RolloutRecords.write(record, next);
                record.setMessage(pause.reason());
                break;
            }
            BlueGreenDecision.Wait waiting = (BlueGreenDecision.Wait) decision;
            boolean moved = next.phase() != state.phase();
            RolloutRecords.write(record, next);
            record.setMessage(waiting.why());
            wake = waiting.until();
            if (!moved) {
                break;
            }
            state = next;
        }
        return new Result(Optional.empty(), earliest(wake, nextMeasurement(record)), actionUsed, Optional.empty());
    }

    /** One Event on the revision and one on the pipeline when a rollout starts waiting for a person, not on every pass. */
    private void announcePause(ModelRevision revision, boolean alreadyPaused, String reason) {
        if (!alreadyPaused) {
            events.record(client, revision, EventRecorder.NORMAL, "RolloutPaused", reason);
            events.record(client, pipeline, EventRecorder.NORMAL, "RolloutPaused", revision.getMetadata().getName() + ": " + reason);
        }
    }

    private static String runName(BlueGreenState state) {
        return AnalysisRuns.name(state.attempt(), state.phase() == BlueGreenPhase.PrePromotionAnalysis ? "prepromotion" : "postpromotion");
    }

    private Result rolledBack(boolean byPerson, String reason, boolean actionUsed, Optional<AnalysisReport> first,
                              Optional<AnalysisReport> second, RolloutStatus record) {
        String cause = byPerson ? "Manual" : reason.contains("progress deadline") ? "ProgressDeadline" : "Analysis";
        metrics.rollback(pipeline.getMetadata().getNamespace(), pipeline.getMetadata().getName(), cause);
        RevisionPhase to = byPerson ? RevisionPhase.Aborted : RevisionPhase.RolledBack;
        String why = switch (cause) {
            case "Manual" -> "Aborted";
            case "ProgressDeadline" -> "ProgressDeadlineExceeded";
            default -> "AnalysisFailed";
        };
        return new Result(Optional.of(Step.Advance.to(to, why, "rolled back: " + reason + "; " + record.getStableRevision()
                + " keeps serving")), Optional.empty(), actionUsed, cause.equals("Analysis") ? lastMeasurementTime(record) : Optional.empty());
    }

    private static Optional<Instant> lastMeasurementTime(RolloutStatus record) {
        return record.getAnalysisRuns().stream()
                .flatMap(run -> run.getMetrics().stream())
                .flatMap(metric -> metric.getMeasurements().stream())
                .map(m -> Instant.parse(m.getTime()))
                .max(Instant::compareTo);
    }

    /** Rollback stops every run; promotion lets a still running background analysis end as Argo's terminated runs do. */
    private void endRuns(RolloutStatus record, boolean stopOnly) {
        for (AnalysisRunStatus run : record.getAnalysisRuns()) {
            if (!"Running".equals(run.getPhase())) {
                continue;
            }
            if (!stopOnly) {
                AnalysisRuns.end(run, plan.analysis(run.getAnalysis()), AnalysisRuns.isBackground(run.getName()));
            }
            run.getMetrics().stream().filter(m -> m.getPendingJob() != null).forEach(m -> deleteJob(m.getPendingJob()));
            run.getMetrics().forEach(m -> m.setPendingJob(null));
            if (stopOnly) {
                run.setMessage("stopped by the rollback; " + run.getMessage());
            }
        }
    }

    /** The next measurement due of the runs this rollout still measures; stopped and left-behind runs wake nobody. */
    private Optional<Instant> nextMeasurement(RolloutStatus record) {
        java.util.Set<String> active = new java.util.HashSet<>();
        if (plan.strategy() == RolloutSpec.Strategy.Canary) {
            CanaryState state = RolloutRecords.canaryState(record, now);
            if (state.aborted()) {
                return Optional.empty();
            }
            if (state.backgroundAnalysisRunning()) {
                active.add(AnalysisRuns.backgroundName(state));
            }
            if (state.stepIndex() < plan.steps().size() && plan.steps().get(state.stepIndex()) instanceof CanaryStep.Analysis) {
                active.add(AnalysisRuns.name(state.attempt(), AnalysisRuns.stepPurpose(state.stepIndex())));
            }
        } else {
            BlueGreenState state = RolloutRecords.blueGreenState(record, now);
            if (!state.aborted() && (state.phase() == BlueGreenPhase.PrePromotionAnalysis || state.phase() == BlueGreenPhase.PostPromotionAnalysis)) {
                active.add(runName(state));
            }
        }
        Optional<Instant> earliest = Optional.empty();
        for (AnalysisRunStatus run : record.getAnalysisRuns()) {
            if (active.contains(run.getName()) && "Running".equals(run.getPhase())) {
                earliest = earliest(earliest, AnalysisRuns.nextDue(run, plan.analysis(run.getAnalysis()), AnalysisRuns.isBackground(run.getName())));
            }
        }
        return earliest;
    }

    private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return a.get().isBefore(b.get()) ? a : b;
    }

    /** Takes every measurement that is due (prometheus and http now; job metrics through their Jobs). */
    private void measure(ModelRevision revision, RolloutStatus record, AnalysisRunStatus run, List<MetricDefinition> definitions, boolean background) {
        if (!"Running".equals(run.getPhase())) {
            return;
        }
        String namespace = pipeline.getMetadata().getNamespace();
        Optional<String> stable = Optional.ofNullable(record.getStableRevision());
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put(QueryTemplate.NAMESPACE, namespace);
        variables.put(QueryTemplate.PIPELINE, pipeline.getMetadata().getName());
        variables.put(QueryTemplate.REVISION, revision.getMetadata().getName());
        stable.ifPresent(s -> variables.put(QueryTemplate.STABLE_REVISION, s));
        collectJobMeasurements(run, definitions, background);
        for (MetricDefinition metric : AnalysisRuns.due(run, definitions, background, now)) {
            if (metric.source().getJob() != null) {
                startMeasurementJob(revision, run, metric, background, stable);
                continue;
            }
            Measurement measurement = measurer.measure(client, namespace, metric, variables, stable, now);
            record(run, metric, background, measurement);
        }
    }

    private void record(AnalysisRunStatus run, MetricDefinition metric, boolean background, Measurement measurement) {
        AnalysisRuns.record(run, metric, background, measurement);
        metrics.measurement(pipeline.getMetadata().getNamespace(), pipeline.getMetadata().getName(), metric.name(), measurement.phase().name());
        LOG.infof("pipeline %s/%s run %s measurement %s: %s", pipeline.getMetadata().getNamespace(), pipeline.getMetadata().getName(),
                run.getName(), measurement.phase(), measurement.message());
    }

    private void startMeasurementJob(ModelRevision revision, AnalysisRunStatus run, MetricDefinition metric, boolean background,
                                     Optional<String> stable) {
        int n = run.getMetrics().stream().filter(m -> m.getName().equals(metric.name())).findFirst()
                .map(m -> RolloutRecords.metricRun(m).tally().taken() + 1).orElse(1);
        String name = RevisionNames.analysisJob(revision.getMetadata().getName(), run.getName(), metric.name(), n);
        if (!jobs.containsKey(name)) {
            Job job = Workloads.analysisJob(revision, name, metric.name(), metric.source().getJob().getTemplate(),
                    metric.source().getJob().getActiveDeadlineSeconds(), stable);
            try {
                jobs.put(name, context.resourceOperations().create(job));
                metrics.jobCreated("Analysis");
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    record(run, metric, background, new Measurement(io.modelgate.analysis.MeasurementPhase.Error, null, null,
                            metric.name() + ": error: the API server rejected the analysis Job: " + e.getMessage(), now));
                    return;
                }
            }
        }
        AnalysisRuns.pendingJob(run, metric.name(), name);
    }

    private void collectJobMeasurements(AnalysisRunStatus run, List<MetricDefinition> definitions, boolean background) {
        for (var metric : List.copyOf(run.getMetrics())) {
            if (metric.getPendingJob() == null) {
                continue;
            }
            Optional<MetricDefinition> definition = definitions.stream().filter(d -> d.name().equals(metric.getName())).findFirst();
            String jobName = metric.getPendingJob();
            Job job = jobs.get(jobName);
            if (definition.isEmpty()) {
                AnalysisRuns.pendingJob(run, metric.getName(), null);
                continue;
            }
            if (job == null) {
                // Deleted (by someone, a TTL, or by us before a failed status write): measure again. The name is
                // deterministic, so if the cache only lags, the create answers 409 and the Job is awaited again.
                AnalysisRuns.pendingJob(run, metric.getName(), null);
                continue;
            }
            List<Pod> jobPods = pods.stream().filter(p -> p.getMetadata().getLabels() != null
                    && jobName.equals(p.getMetadata().getLabels().get(Labels.ANALYSIS_JOB))).toList();
            JobObservation observation = ClusterObservations.job(job, jobPods, () -> client.pods()
                    .inNamespace(pipeline.getMetadata().getNamespace()).withLabel(Labels.ANALYSIS_JOB, jobName).list().getItems());
            Optional<JobMetricResult> result = JobMetricResult.of(jobName, metric.getName(), observation);
            if (result.isEmpty()) {
                continue;
            }
            Measurement measurement = MeasurementJudge.judge(definition.get().criteria(), result.get().canary(),
                    definition.get().needsStable() ? result.get().stable() : Optional.empty(), now);
            record(run, definition.get(), background, measurement);
            deleteJob(jobName);
        }
    }

    private void deleteJob(String name) {
        if (jobs.remove(name) != null) {
            client.batch().v1().jobs().inNamespace(pipeline.getMetadata().getNamespace()).withName(name)
                    .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND).delete();
        }
    }

    /**
     * Available in this state: the Deployment already asks for the replicas the {@link ServingLayout} gives the canary
     * (its weight's share, or the full size once promoting) and has them all.
     */
    private boolean canaryAvailable(ModelRevision revision, RolloutStatus record, CanaryState state) {
        String name = revision.getMetadata().getName();
        ServingLayout layout = ServingLayout.of(plan.strategy(), plan.httpRoute().isPresent(), Workloads.serviceName(pipeline),
                pipeline.getSpec().getServing().effectiveReplicas(), Optional.ofNullable(record.getStableRevision()),
                Optional.of(ServingLayout.Rollout.canary(name, state, plan.steps().size())));
        return asksForAndHas(revision, layout.replicas().getOrDefault(name, 0));
    }

    /** The canary could serve everything now: its Deployment asks for the pipeline's replicas and has them all. */
    private boolean availableAtFullSize(ModelRevision revision) {
        return asksForAndHas(revision, pipeline.getSpec().getServing().effectiveReplicas());
    }

    private boolean asksForAndHas(ModelRevision revision, int replicas) {
        return ClusterObservations.serving(deployments.get(revision.getSpec().getWorkloads().getDeployment()), replicas)
                instanceof ServingObservation.Available;
    }

    /** The revision's Deployment exists (at 0 replicas until the layout scales it); empty when the API server rejects it. */
    private boolean ensureDeployment(ModelRevision revision) {
        String name = revision.getSpec().getWorkloads().getDeployment();
        if (deployments.containsKey(name)) {
            return true;
        }
        int initial = plan.strategy() == RolloutSpec.Strategy.BlueGreen ? pipeline.getSpec().getServing().effectiveReplicas() : 0;
        try {
            deployments.put(name, context.resourceOperations().create(Workloads.deployment(revision, initial)));
            events.record(client, revision, EventRecorder.NORMAL, "ServingDeployed", "created Deployment " + name + " with " + initial + " replicas");
        } catch (KubernetesClientException e) {
            if (e.getCode() == 422 || e.getCode() == 400) {
                return false;
            }
            if (e.getCode() != 409) {
                throw e;
            }
        }
        return true;
    }

    private Result servingRejected(boolean actionUsed) {
        return new Result(Optional.of(Step.Advance.to(RevisionPhase.Failed, "ServingRejected",
                "the API server rejected the serving Deployment; the previous stable revision keeps serving")), Optional.empty(), actionUsed, Optional.empty());
    }

    private static String describe(CanaryDecision decision) {
        if (decision instanceof CanaryDecision.SetWeight d) {
            return "SetWeight " + d.weight();
        }
        if (decision instanceof CanaryDecision.Wait d) {
            return "Wait: " + d.why();
        }
        if (decision instanceof CanaryDecision.StartStepAnalysis d) {
            return "StartStepAnalysis " + d.name();
        }
        if (decision instanceof CanaryDecision.PauseForHuman d) {
            return "PauseForHuman: " + d.reason();
        }
        if (decision instanceof CanaryDecision.Promote d) {
            return "Promote: " + d.reason();
        }
        if (decision instanceof CanaryDecision.Rollback d) {
            return "Rollback: " + d.reason();
        }
        return decision.getClass().getSimpleName();
    }
}
