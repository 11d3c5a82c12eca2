package io.modelgate.pipeline.plan;

import io.modelgate.api.ModelRevision;
import io.modelgate.api.RolloutStatus;
import io.modelgate.delivery.AnalysisRuns;
import io.modelgate.delivery.RolloutPlan;
import io.modelgate.delivery.RolloutRecords;
import io.modelgate.rollout.BlueGreenInputs;
import io.modelgate.rollout.BlueGreenMachine;
import io.modelgate.rollout.BlueGreenPhase;
import io.modelgate.rollout.BlueGreenState;
import io.modelgate.rollout.ManualAction;
import io.modelgate.rollout.RollbackCause;
import io.modelgate.rollout.RolloutDecision;

import java.time.Instant;
import java.util.Optional;

/** Blue-green: the new revision at full size behind the preview Service, analysed, then switched, decided by {@link BlueGreenMachine}. */
final class BlueGreenRollout implements RolloutStrategy<BlueGreenState> {

    private final RolloutLoop loop;
    private final PassState pass;
    private final RolloutPlan plan;

    BlueGreenRollout(RolloutLoop loop) {
        this.loop = loop;
        this.pass = loop.pass;
        this.plan = loop.plan;
    }

    @Override
    public String name() {
        return "blue-green";
    }

    @Override
    public BlueGreenState read(RolloutStatus record) {
        return RolloutRecords.blueGreenState(record, pass.now);
    }

    @Override
    public void write(RolloutStatus record, BlueGreenState state) {
        RolloutRecords.write(record, state);
    }

    @Override
    public int attempt(BlueGreenState state) {
        return state.attempt();
    }

    @Override
    public Reports measure(ModelRevision revision, RolloutStatus record, BlueGreenState state) {
        Optional<String> analysis = state.phase() == BlueGreenPhase.PrePromotionAnalysis ? plan.blueGreen().prePromotionAnalysis()
                : state.phase() == BlueGreenPhase.PostPromotionAnalysis ? plan.blueGreen().postPromotionAnalysis() : Optional.empty();
        String run = runName(state);
        return new Reports(analysis.flatMap(name -> loop.measured(revision, record, AnalysisRuns.find(record, run), name, false)),
                Optional.empty());
    }

    @Override
    public boolean available(ModelRevision revision, RolloutStatus record, BlueGreenState state) {
        return loop.availableAtFullSize(revision);
    }

    /** Promoted by a person before the new revision was ready: switch only once it can serve everything. */
    @Override
    public Optional<RolloutLoop.Result> settled(RolloutStatus record, BlueGreenState state, ManualAction action, boolean actionUsed,
                                                boolean available) {
        if (state.phase() != BlueGreenPhase.Done) {
            return Optional.empty();
        }
        if (action == ManualAction.Abort && !actionUsed) {
            write(record, new BlueGreenState(BlueGreenPhase.Done, state.phaseStartedAt(), null, true, state.attempt()));
            String reason = "aborted by a person while waiting for the promoted revision to be available; "
                    + "the active Service never left the previous revision";
            loop.endRuns(record, Optional.of(reason));
            record.setMessage(reason);
            return Optional.of(loop.rolledBack(RollbackCause.Manual, reason, true, record));
        }
        if (available) {
            loop.endRuns(record, Optional.empty());
            record.setMessage("promoted by a person: the new revision is available; switching and scaling the old one down");
            return Optional.of(loop.promoted(actionUsed, "blue-green promoted by a person once the new revision was available"));
        }
        Instant deadline = Instant.parse(record.getProgressingSince()).plus(plan.progressDeadline());
        if (!pass.now.isBefore(deadline)) {
            write(record, new BlueGreenState(BlueGreenPhase.Done, state.phaseStartedAt(), null, true, state.attempt()));
            String reason = "promoted by a person, but the new revision was not available within the progress deadline of "
                    + plan.progressDeadline().toSeconds() + "s; the active Service never left the previous revision";
            loop.endRuns(record, Optional.of(reason));
            record.setMessage(reason);
            return Optional.of(loop.rolledBack(RollbackCause.ProgressDeadline, reason, actionUsed, record));
        }
        record.setMessage("promoted by a person: waiting for the new revision to be available at full size before switching");
        return Optional.of(new RolloutLoop.Result(Optional.empty(), Optional.of(deadline), actionUsed || action != ManualAction.None,
                Optional.empty()));
    }

    @Override
    public RolloutDecision<BlueGreenState> decide(ModelRevision revision, RolloutStatus record, BlueGreenState state, Reports reports,
                                                  boolean available, ManualAction given) {
        BlueGreenInputs inputs = new BlueGreenInputs(pass.now, available, plan.progressDeadline(),
                Instant.parse(record.getProgressingSince()), reports.current(), given, loop.holdProgress);
        return RolloutDecision.of(BlueGreenMachine.next(plan.blueGreen(), state, inputs), state, pass.now);
    }

    /** The switch waits until the new revision can serve everything; then the rollout ends. */
    @Override
    public Promotion promote(ModelRevision revision, RolloutStatus record, BlueGreenState state, String reason, boolean available) {
        write(record, new BlueGreenState(BlueGreenPhase.Done, pass.now, null, false, state.attempt()));
        if (!available) {
            record.setMessage(reason + "; waiting for the new revision to be available at full size before switching");
            return new Promotion.DecidesAgain();
        }
        record.setMessage(reason);
        return new Promotion.Ends("blue-green promoted: " + reason);
    }

    @Override
    public boolean atStart(BlueGreenState state) {
        return state.phase() == io.modelgate.rollout.BlueGreenPhase.PreviewScaling && !state.aborted();
    }

    /** The active Service switching to the new revision is where blue-green hands it the traffic. */
    @Override
    public boolean confirmsPromotion(RolloutDecision<BlueGreenState> decision) {
        return decision instanceof RolloutDecision.Proceed<BlueGreenState> proceed && proceed.announcement()
                .filter(a -> a.kind() == RolloutDecision.Announcement.Kind.ActiveSwitched).isPresent();
    }

    @Override
    public BlueGreenState rolledBack(BlueGreenState state) {
        return state.rolledBack();
    }

    @Override
    public String runName(BlueGreenState state) {
        return AnalysisRuns.name(state.attempt(), state.phase() == BlueGreenPhase.PrePromotionAnalysis ? "prepromotion" : "postpromotion");
    }
}
