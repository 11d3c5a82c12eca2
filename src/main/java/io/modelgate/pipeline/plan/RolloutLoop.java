package io.modelgate.pipeline.plan;

import io.modelgate.api.AnalysisRunStatus;
import io.modelgate.api.AnalysisTemplateStatus;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.RolloutHookSpec;
import io.modelgate.api.RolloutSpec;
import io.modelgate.api.RolloutStatus;
import io.modelgate.delivery.AnalysisRuns;
import io.modelgate.delivery.RolloutPlan;
import io.modelgate.delivery.RolloutRecords;
import io.modelgate.delivery.ServingLayout;
import io.modelgate.revision.RevisionPhase;
import io.modelgate.revision.ServingObservation;
import io.modelgate.revision.Step;
import io.modelgate.rollout.AnalysisReport;
import io.modelgate.rollout.BlueGreenPhase;
import io.modelgate.rollout.BlueGreenState;
import io.modelgate.rollout.CanaryState;
import io.modelgate.rollout.CanaryStep;
import io.modelgate.rollout.ManualAction;
import io.modelgate.rollout.RollbackCause;
import io.modelgate.rollout.RolloutDecision;
import io.modelgate.status.Reason;
import io.modelgate.workload.Workloads;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A Canary or BlueGreen rollout's pass: the strategy's handler ({@link CanaryRollout}, {@link BlueGreenRollout})
 * takes the due measurements and asks its state machine; this class holds what both share (starting the record,
 * the end of a rollout, which runs still measure) and turns the outcome into the revision's transition.
 */
final class RolloutLoop {

    /**
     * @param end        the revision's end (Promoted, RolledBack, Aborted), to apply as any other transition
     * @param wakeAt     when time alone moves the rollout on (a pause ends, a measurement is due)
     * @param actionUsed the person's action was read by the machine, so the annotation is consumed
     * @param decidedBy  for a rollback decided by a measurement: when that measurement was taken
     */
    record Result(Optional<Step.Advance> end, Optional<Instant> wakeAt, boolean actionUsed, Optional<Instant> decidedBy) {
    }

    static final int MAX_DECISIONS = 6;

    final PassState pass;
    final RevisionSteps steps;
    final RolloutPlan plan;
    final AnalysisSteps analysis;
    final HookSteps hooks;
    private final HookGates gates;
    /** spec.paused, or a spec with problems: no progress, but rollbacks still apply. */
    final boolean holdProgress;

    RolloutLoop(PassState pass, RevisionSteps steps) {
        this.pass = pass;
        this.steps = steps;
        this.plan = pass.rolloutPlan;
        this.analysis = new AnalysisSteps(pass, plan);
        this.hooks = new HookSteps(pass, plan);
        this.gates = new HookGates(this);
        this.holdProgress = pass.pipeline.getSpec().isPaused() || pass.invalidSpec;
    }

    /** The rollout record of a revision starting (or restarting) its rollout against {@code stable}. */
    static RolloutStatus begin(RolloutPlan plan, String stable, Instant now, int attempt) {
        RolloutStatus status = new RolloutStatus();
        status.setStrategy(plan.strategy().name());
        status.setStableRevision(stable);
        status.setProgressingSince(now.toString());
        // Frozen here: a template edited or deleted while this attempt runs changes nothing under way (PipelinePass reads
        // these back). Nothing is written for a rollout without templates, whose record stays as it always was.
        if (!plan.templates().isEmpty()) {
            status.setAnalysisTemplates(plan.templates().stream().map(t -> PassState.copy(t, AnalysisTemplateStatus.class))
                    .collect(java.util.stream.Collectors.toCollection(ArrayList::new)));
        }
        if (plan.strategy() == RolloutSpec.Strategy.Canary) {
            CanaryState initial = CanaryState.initial(now, plan.backgroundAnalysis().isPresent());
            RolloutRecords.write(status, new CanaryState(0, 0, now, null, false, initial.backgroundAnalysisRunning(), attempt));
            status.setStepCount(plan.steps().size());
        } else {
            RolloutRecords.write(status, new BlueGreenState(BlueGreenPhase.PreviewScaling, now, null, false, attempt));
        }
        return status;
    }

    /** @return true when the rollout ended */
    boolean progress(ModelRevision revision) {
        pass.rolloutDriven = true;
        // A retry applies only to a RolledBack or Aborted revision (before planning); a rollout still in progress has
        // nothing to retry, so it must not count as used (it is answered with ActionIgnored).
        ManualAction action = pass.manualUsed || pass.manual == ManualAction.Retry ? ManualAction.None : pass.manual;
        Result result = drive(revision, pass.stableName().orElse(null), action);
        pass.manualUsed |= result.actionUsed();
        pass.effects.wakeAt(result.wakeAt());
        if (result.end().isEmpty()) {
            return false;
        }
        Step.Advance end = result.end().get();
        steps.advance(revision, end);
        RolloutStatus record = revision.getStatus().getRollout();
        if (record != null) {
            // After the transition, so that the hooks are told the phase the rollout ended in.
            int attempt = record.getAttempt() == null ? 1 : record.getAttempt();
            hooks.fire(revision, record, end.to() == RevisionPhase.Promoted ? RolloutHookSpec.Type.PostRollout : RolloutHookSpec.Type.Rollback, attempt);
        }
        pass.effects.signal(new Signal.RolloutEnded(plan.strategy().name(), end.to().name()));
        result.decidedBy().ifPresent(at -> pass.effects.signal(new Signal.RollbackDecided(revision.getMetadata().getName(), at)));
        return true;
    }

    private Result drive(ModelRevision revision, String stable, ManualAction action) {
        RolloutStatus record = revision.getStatus().getRollout();
        if (record == null || !plan.strategy().name().equals(record.getStrategy())) {
            int attempt = record == null || record.getAttempt() == null ? 1 : record.getAttempt();
            List<AnalysisRunStatus> runs = record == null ? List.of() : record.getAnalysisRuns();
            record = begin(plan, stable, pass.now, attempt);
            record.setAnalysisRuns(new ArrayList<>(runs));
            revision.getStatus().setRollout(record);
        }
        return plan.strategy() == RolloutSpec.Strategy.Canary
                ? run(new CanaryRollout(this), revision, record, action)
                : run(new BlueGreenRollout(this), revision, record, action);
    }

    /**
     * The one rollout loop: measure what is due, ask the strategy's machine, carry out its decision in the common
     * shape; again while the state moves without waiting on the cluster.
     */
    private <S> Result run(RolloutStrategy<S> strategy, ModelRevision revision, RolloutStatus record, ManualAction action) {
        S state = strategy.read(record);
        boolean actionUsed = false;
        int attempt = strategy.attempt(state);
        HookGates.Start start = gates.beforeTheSteps(strategy, revision, record, state, action);
        if (start.stop().isPresent()) {
            return start.stop().get();
        }
        if (start.promotedPast()) {
            state = strategy.read(record);
            actionUsed = true;
            action = ManualAction.None;
        }
        Optional<Instant> wake = Optional.empty();
        for (int i = 0; i < MAX_DECISIONS; i++) {
            Optional<Step.Advance> rejected = ensureServing(revision);
            if (rejected.isPresent()) {
                return new Result(rejected, Optional.empty(), actionUsed, Optional.empty());
            }
            RolloutStrategy.Reports reports = strategy.measure(revision, record, state);
            ManualAction given = actionUsed ? ManualAction.None : action;
            boolean available = strategy.available(revision, record, state);
            if (available) {
                // The progress deadline counts time spent unavailable: a pod lost an hour into a pause gets the whole
                // deadline to come back, and a new weight or size starts its clock when it is first not yet met.
                record.setProgressingSince(pass.now.toString());
            }
            Optional<Result> settled = strategy.settled(record, state, action, actionUsed, available);
            if (settled.isPresent()) {
                return settled.get();
            }
            RolloutDecision<S> decision = strategy.decide(revision, record, state, reports, available, given);
            actionUsed |= given != ManualAction.None;
            pass.effects.log("pipeline %s revision %s %s decision: %s", pass.key, revision.getMetadata().getName(), strategy.name(),
                    describe(decision));
            if (strategy.confirmsPromotion(decision)) {
                Optional<Result> held = gates.confirmPromotion(strategy, revision, record, state, actionUsed);
                if (held.isPresent() && held.get().end().isEmpty()) {
                    break;
                }
                if (held.isPresent()) {
                    return held.get();
                }
            }
            if (decision instanceof RolloutDecision.Promote<S> promote) {
                RolloutStrategy.Promotion promotion = strategy.promote(revision, record, state, promote.reason(), available);
                if (promotion instanceof RolloutStrategy.Promotion.Ends ends) {
                    endRuns(record, Optional.empty());
                    return promoted(actionUsed, ends.message());
                }
                if (promotion instanceof RolloutStrategy.Promotion.Waits waits) {
                    wake = waits.wakeAt();
                    break;
                }
                state = strategy.read(record);
                continue;
            }
            if (decision instanceof RolloutDecision.Rollback<S> rollback) {
                strategy.write(record, rollback.next());
                endRuns(record, Optional.of(rollback.reason()));
                record.setMessage(rollback.reason());
                return rolledBack(rollback.cause(), rollback.reason(), actionUsed, record);
            }
            if (decision instanceof RolloutDecision.Pause<S> pause) {
                announcePause(revision, pause.reason());
                strategy.write(record, pause.next());
                record.setMessage(pause.reason());
                break;
            }
            RolloutDecision.Proceed<S> proceed = (RolloutDecision.Proceed<S>) decision;
            proceed(strategy, revision, record, proceed);
            wake = proceed.wakeAt();
            if (!proceed.decideAgain()) {
                break;
            }
            state = proceed.next();
        }
        strategy.afterDecisions(record);
        return goesOn(wake, actionUsed, record);
    }

    /** A move on: the record takes the new state and message, with the Event, clock and analysis run it brings. */
    private <S> void proceed(RolloutStrategy<S> strategy, ModelRevision revision, RolloutStatus record, RolloutDecision.Proceed<S> proceed) {
        if (proceed.restartsClock()) {
            record.setProgressingSince(pass.now.toString());
        }
        proceed.announcement().ifPresent(a -> pass.effects.event(EventIntent.normal(revision, switch (a.kind()) {
            case WeightSet -> Reason.WeightSet;
            case ActiveSwitched -> Reason.ActiveSwitched;
            case MirrorSet -> Reason.MirrorSet;
            case HeaderRouteSet -> Reason.HeaderRouteSet;
        }, a.message())));
        proceed.startsRun().ifPresent(analysis -> {
            String runName = strategy.runName(proceed.next());
            if (AnalysisRuns.find(record, runName).isEmpty()) {
                AnalysisRuns.add(record, AnalysisRuns.start(runName, analysis, strategy.attempt(proceed.next()), pass.now, plan.analysis(analysis)));
            }
        });
        strategy.write(record, proceed.next());
        record.setMessage(proceed.message());
    }

    private static String describe(RolloutDecision<?> decision) {
        if (decision instanceof RolloutDecision.Proceed<?> proceed) {
            return "Proceed: " + proceed.message();
        }
        if (decision instanceof RolloutDecision.Pause<?> pause) {
            return "Pause: " + pause.reason();
        }
        if (decision instanceof RolloutDecision.Promote<?> promote) {
            return "Promote: " + promote.reason();
        }
        RolloutDecision.Rollback<?> rollback = (RolloutDecision.Rollback<?>) decision;
        return "Rollback (" + rollback.cause() + "): " + rollback.reason();
    }

    Result promoted(boolean actionUsed, String message) {
        return new Result(Optional.of(Step.Advance.to(RevisionPhase.Promoted, Reason.Promoted, message)), Optional.empty(), actionUsed,
                Optional.empty());
    }

    Result rolledBack(RollbackCause cause, String reason, boolean actionUsed, RolloutStatus record) {
        pass.effects.signal(new Signal.Rollback(cause.name()));
        RevisionPhase to = cause == RollbackCause.Manual ? RevisionPhase.Aborted : RevisionPhase.RolledBack;
        Reason why = switch (cause) {
            case Manual -> Reason.Aborted;
            case ProgressDeadline -> Reason.ProgressDeadlineExceeded;
            case Analysis -> Reason.AnalysisFailed;
            case Hook -> Reason.HookFailed;
        };
        return new Result(Optional.of(Step.Advance.to(to, why, "rolled back: " + reason + "; " + record.getStableRevision()
                + " keeps serving")), Optional.empty(), actionUsed, cause == RollbackCause.Analysis ? lastMeasurementTime(record) : Optional.empty());
    }

    Result goesOn(Optional<Instant> wake, boolean actionUsed, RolloutStatus record) {
        return new Result(Optional.empty(), Effects.earliest(wake, nextMeasurement(record)), actionUsed, Optional.empty());
    }

    private static Optional<Instant> lastMeasurementTime(RolloutStatus record) {
        return record.getAnalysisRuns().stream()
                .flatMap(run -> run.getMetrics().stream())
                .flatMap(metric -> metric.getMeasurements().stream())
                .map(m -> Instant.parse(m.getTime()))
                .max(Instant::compareTo);
    }

    /**
     * An Event on the revision and one on the pipeline while a rollout waits for a person: the first pass records
     * them, later passes count them up (the recorder's Event series), so nothing here remembers whether it said so.
     */
    void announcePause(ModelRevision revision, String reason) {
        pass.effects.event(EventIntent.normal(revision, Reason.RolloutPaused, reason));
        pass.effects.event(EventIntent.normal(pass.pipeline, Reason.RolloutPaused, revision.getMetadata().getName() + ": " + reason));
    }

    /**
     * Every run still running ends with its rollout: on promotion as Argo's terminated runs do (judged on what was
     * measured), on a rollback likewise and saying it was the rollback that ended it, so no run reads Running once
     * nothing measures it any more.
     *
     * @param rollback why the rollout was rolled back, when it was
     */
    void endRuns(RolloutStatus record, Optional<String> rollback) {
        for (AnalysisRunStatus run : record.getAnalysisRuns()) {
            if (!"Running".equals(run.getPhase())) {
                continue;
            }
            AnalysisRuns.end(run, plan.analysis(run.getAnalysis()), AnalysisRuns.isBackground(run.getName()));
            if ("Running".equals(run.getPhase())) {
                run.setPhase("Inconclusive");
            }
            run.getMetrics().stream().filter(m -> m.getPendingJob() != null).forEach(m -> analysis.deleteJob(m.getPendingJob()));
            run.getMetrics().forEach(m -> m.setPendingJob(null));
            rollback.ifPresent(why -> run.setMessage("ended by the rollback (" + why + "); " + run.getMessage()));
        }
    }

    /** The next measurement due of the runs this rollout still measures; stopped and left-behind runs wake nobody. */
    private Optional<Instant> nextMeasurement(RolloutStatus record) {
        Set<String> active = new HashSet<>();
        if (plan.strategy() == RolloutSpec.Strategy.Canary) {
            CanaryState state = RolloutRecords.canaryState(record, pass.now);
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
            BlueGreenState state = RolloutRecords.blueGreenState(record, pass.now);
            if (!state.aborted() && (state.phase() == BlueGreenPhase.PrePromotionAnalysis || state.phase() == BlueGreenPhase.PostPromotionAnalysis)) {
                active.add(new BlueGreenRollout(this).runName(state));
            }
        }
        Optional<Instant> earliest = Optional.empty();
        for (AnalysisRunStatus run : record.getAnalysisRuns()) {
            if (active.contains(run.getName()) && "Running".equals(run.getPhase())) {
                earliest = Effects.earliest(earliest, AnalysisRuns.nextDue(run, plan.analysis(run.getAnalysis()), AnalysisRuns.isBackground(run.getName())));
            }
        }
        return earliest;
    }

    /** Measures the run if it is the one the current state watches; the report it gives the machine. */
    Optional<AnalysisReport> measured(ModelRevision revision, RolloutStatus record, Optional<AnalysisRunStatus> run, String analysisName,
                                      boolean background) {
        if (run.isEmpty()) {
            return Optional.empty();
        }
        analysis.measure(revision, record, run.get(), plan.analysis(analysisName), background);
        return Optional.of(AnalysisRuns.report(run.get()));
    }

    /**
     * Available in this state: the workload already asks for the replicas the {@link ServingLayout} gives the canary
     * (its weight's share, or the full size once promoting) and has them all.
     */
    boolean canaryAvailable(ModelRevision revision, RolloutStatus record, CanaryState state) {
        String name = revision.getMetadata().getName();
        ServingLayout layout = ServingLayout.of(plan.strategy(), plan.httpRoute().isPresent(), Workloads.serviceName(pass.pipeline),
                pass.replicas(), Optional.ofNullable(record.getStableRevision()),
                Optional.of(ServingLayout.Rollout.canary(name, state, plan.steps())));
        return steps.serving(revision, layout.replicas().getOrDefault(name, 0)) instanceof ServingObservation.Available;
    }

    /** The new revision could serve everything now: its workload asks for the pipeline's replicas and has them all. */
    boolean availableAtFullSize(ModelRevision revision) {
        return steps.serving(revision, pass.replicas()) instanceof ServingObservation.Available;
    }

    /**
     * The revision's serving workload exists (at 0 replicas until the layout scales it, at full size for blue-green).
     *
     * @return the server's message when it rejected the workload
     */
    Optional<Step.Advance> ensureServing(ModelRevision revision) {
        if (pass.servingBackend(revision).find(pass, revision).isPresent()) {
            return Optional.empty();
        }
        int initial = plan.strategy() == RolloutSpec.Strategy.BlueGreen ? pass.replicas() : 0;
        return steps.createServing(revision, initial);
    }
}
