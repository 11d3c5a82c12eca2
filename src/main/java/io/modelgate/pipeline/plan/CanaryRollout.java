package io.modelgate.pipeline.plan;

import io.modelgate.api.AnalysisRunStatus;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.RolloutStatus;
import io.modelgate.delivery.AnalysisRuns;
import io.modelgate.delivery.RolloutPlan;
import io.modelgate.delivery.RolloutRecords;
import io.modelgate.rollout.AnalysisReport;
import io.modelgate.rollout.CanaryInputs;
import io.modelgate.rollout.CanaryMachine;
import io.modelgate.rollout.CanaryState;
import io.modelgate.rollout.CanaryStep;
import io.modelgate.rollout.ManualAction;
import io.modelgate.rollout.RolloutDecision;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A canary: steps of weights, pauses and analyses with an optional background analysis, decided by {@link CanaryMachine}. */
final class CanaryRollout implements RolloutStrategy<CanaryState> {

    private final RolloutLoop loop;
    private final PassState pass;
    private final RolloutPlan plan;
    private final List<CanaryStep> steps;

    CanaryRollout(RolloutLoop loop) {
        this.loop = loop;
        this.pass = loop.pass;
        this.plan = loop.plan;
        this.steps = plan.steps();
    }

    @Override
    public String name() {
        return "canary";
    }

    @Override
    public CanaryState read(RolloutStatus record) {
        record.setStepCount(steps.size());
        return RolloutRecords.canaryState(record, pass.now);
    }

    @Override
    public void write(RolloutStatus record, CanaryState state) {
        RolloutRecords.write(record, state);
    }

    @Override
    public int attempt(CanaryState state) {
        return state.attempt();
    }

    @Override
    public Reports measure(ModelRevision revision, RolloutStatus record, CanaryState state) {
        Optional<AnalysisReport> background = Optional.empty();
        Optional<AnalysisRunStatus> backgroundRun = AnalysisRuns.background(record, state, plan, pass.now);
        if (backgroundRun.isPresent()) {
            background = loop.measured(revision, record, backgroundRun, plan.backgroundAnalysis().get(), true);
        }
        Optional<AnalysisReport> step = Optional.empty();
        if (state.stepIndex() < steps.size() && steps.get(state.stepIndex()) instanceof CanaryStep.Analysis analysis) {
            Optional<AnalysisRunStatus> run = AnalysisRuns.find(record, runName(state));
            step = loop.measured(revision, record, run, analysis.name(), false);
        }
        return new Reports(step, background);
    }

    @Override
    public boolean available(ModelRevision revision, RolloutStatus record, CanaryState state) {
        return loop.canaryAvailable(revision, record, state);
    }

    @Override
    public Optional<RolloutLoop.Result> settled(RolloutStatus record, CanaryState state, ManualAction action, boolean actionUsed,
                                                boolean available) {
        return Optional.empty();
    }

    @Override
    public RolloutDecision<CanaryState> decide(ModelRevision revision, RolloutStatus record, CanaryState state, Reports reports,
                                               boolean available, ManualAction given) {
        CanaryInputs inputs = new CanaryInputs(pass.now, available, plan.progressDeadline(), Instant.parse(record.getProgressingSince()),
                reports.current(), reports.background(), given, loop.holdProgress, plan.backgroundAnalysis().isPresent());
        return RolloutDecision.of(CanaryMachine.next(steps, state, inputs), state, steps.size(), pass.now, revision.getMetadata().getName());
    }

    /**
     * Promotion finishes the move as a Direct rollout does: the canary at full size and available before it becomes
     * the stable revision (whose workload then scales to 0). Past its last step the layout asks for the full size,
     * and the progress deadline still applies.
     */
    @Override
    public Promotion promote(ModelRevision revision, RolloutStatus record, CanaryState state, String reason, boolean available) {
        Instant now = pass.now;
        if (!loop.availableAtFullSize(revision)) {
            if (state.stepIndex() < steps.size()) {
                write(record, new CanaryState(steps.size(), state.canaryWeight(), now, null, false,
                        state.backgroundAnalysisRunning(), state.attempt(), state.backgroundRun()));
                record.setProgressingSince(now.toString());
            }
            record.setMessage("promoting (" + reason + "): waiting for " + revision.getMetadata().getName()
                    + " to be available at full size before " + record.getStableRevision() + " scales down");
            return new Promotion.Waits(Optional.of(Instant.parse(record.getProgressingSince()).plus(plan.progressDeadline())));
        }
        // Promoted: all the traffic is the new revision's, which the record says for kubectl get mrev.
        write(record, new CanaryState(steps.size(), 100, state.stepStartedAt(), null, false,
                state.backgroundAnalysisRunning(), state.attempt(), state.backgroundRun()));
        record.setMessage(reason);
        return new Promotion.Ends("canary promoted: " + reason);
    }

    @Override
    public boolean atStart(CanaryState state) {
        return state.stepIndex() == 0 && state.canaryWeight() == 0 && !state.aborted();
    }

    @Override
    public boolean confirmsPromotion(RolloutDecision<CanaryState> decision) {
        return decision instanceof RolloutDecision.Promote<CanaryState>;
    }

    @Override
    public CanaryState rolledBack(CanaryState state) {
        return state.rolledBack();
    }

    @Override
    public String runName(CanaryState next) {
        return AnalysisRuns.name(next.attempt(), AnalysisRuns.stepPurpose(next.stepIndex()));
    }

    /** A background run started by this pass's decision (a promote past an Inconclusive one) is measured when due. */
    @Override
    public void afterDecisions(RolloutStatus record) {
        AnalysisRuns.background(record, RolloutRecords.canaryState(record, pass.now), plan, pass.now);
    }
}
