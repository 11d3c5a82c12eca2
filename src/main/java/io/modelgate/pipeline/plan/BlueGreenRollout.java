package io.modelgate.pipeline.plan;

import io.modelgate.api.ModelRevision;
import io.modelgate.api.RolloutStatus;
import io.modelgate.delivery.AnalysisRuns;
import io.modelgate.delivery.RolloutRecords;
import io.modelgate.rollout.AnalysisReport;
import io.modelgate.rollout.BlueGreenDecision;
import io.modelgate.rollout.BlueGreenInputs;
import io.modelgate.rollout.BlueGreenMachine;
import io.modelgate.rollout.BlueGreenPhase;
import io.modelgate.rollout.BlueGreenState;
import io.modelgate.rollout.ManualAction;
import io.modelgate.rollout.RollbackCause;
import io.modelgate.status.Reason;

import java.time.Instant;
import java.util.Optional;

/** A blue-green pass: measure what is due, ask {@link BlueGreenMachine}, record its decision, until it waits. */
final class BlueGreenRollout {

    private final RolloutLoop loop;
    private final PassState pass;

    BlueGreenRollout(RolloutLoop loop) {
        this.loop = loop;
        this.pass = loop.pass;
    }

    RolloutLoop.Result drive(ModelRevision revision, RolloutStatus record, ManualAction action) {
        var plan = loop.plan;
        Instant now = pass.now;
        BlueGreenState state = RolloutRecords.blueGreenState(record, now);
        boolean actionUsed = false;
        Optional<Instant> wake = Optional.empty();
        for (int i = 0; i < RolloutLoop.MAX_DECISIONS; i++) {
            Optional<String> rejected = loop.ensureServing(revision);
            if (rejected.isPresent()) {
                return loop.servingRejected(actionUsed, rejected.get());
            }
            Optional<String> analysis = state.phase() == BlueGreenPhase.PrePromotionAnalysis ? plan.blueGreen().prePromotionAnalysis()
                    : state.phase() == BlueGreenPhase.PostPromotionAnalysis ? plan.blueGreen().postPromotionAnalysis() : Optional.empty();
            String runName = RolloutLoop.runName(state);
            Optional<AnalysisReport> report = analysis.flatMap(name ->
                    loop.measured(revision, record, AnalysisRuns.find(record, runName), name, false));
            ManualAction given = actionUsed ? ManualAction.None : action;
            boolean newAvailable = loop.availableAtFullSize(revision);
            if (newAvailable) {
                record.setProgressingSince(now.toString());
            }
            if (state.phase() == BlueGreenPhase.Done) {
                return promotedByPerson(record, state, action, actionUsed, newAvailable);
            }
            BlueGreenInputs inputs = new BlueGreenInputs(now, newAvailable,
                    plan.progressDeadline(), Instant.parse(record.getProgressingSince()), report, given, loop.holdProgress);
            BlueGreenDecision decision = BlueGreenMachine.next(plan.blueGreen(), state, inputs);
            actionUsed |= given != ManualAction.None;
            pass.effects.log("pipeline %s revision %s blue-green decision: %s", pass.key, revision.getMetadata().getName(),
                    decision.getClass().getSimpleName());
            if (decision instanceof BlueGreenDecision.Promote promote) {
                RolloutRecords.write(record, new BlueGreenState(BlueGreenPhase.Done, now, null, false, state.attempt()));
                if (!newAvailable) {
                    record.setMessage(promote.reason() + "; waiting for the new revision to be available at full size before switching");
                    state = RolloutRecords.blueGreenState(record, now);
                    continue;
                }
                loop.endRuns(record, false);
                record.setMessage(promote.reason());
                return loop.promoted(actionUsed, "blue-green promoted: " + promote.reason());
            }
            if (decision instanceof BlueGreenDecision.Rollback rollback) {
                RolloutRecords.write(record, rollback.next());
                loop.endRuns(record, true);
                record.setMessage(rollback.reason());
                return loop.rolledBack(rollback.cause(), rollback.reason(), actionUsed, record);
            }
            BlueGreenState next = decision.nextState().orElseThrow();
            if (decision instanceof BlueGreenDecision.StartAnalysis start) {
                String name = RolloutLoop.runName(next);
                if (AnalysisRuns.find(record, name).isEmpty()) {
                    AnalysisRuns.add(record, AnalysisRuns.start(name, start.name(), next.attempt(), now, plan.analysis(start.name())));
                }
                RolloutRecords.write(record, next);
                record.setMessage(next.phase() + ": analysis " + start.name() + " started");
                state = next;
                continue;
            }
            if (decision instanceof BlueGreenDecision.SwitchActive switchActive) {
                pass.effects.event(EventIntent.normal(revision, Reason.ActiveSwitched, switchActive.reason()));
                record.setProgressingSince(now.toString());
                RolloutRecords.write(record, next);
                record.setMessage(switchActive.reason());
                // The active Service is switched after this pass: post-promotion analysis must measure the new revision
                // serving the traffic, so it starts on the next pass, which comes at once.
                wake = Optional.of(now);
                break;
            }
            if (decision instanceof BlueGreenDecision.PauseForHuman pause) {
                loop.announcePause(revision, pause.reason());
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
        return loop.goesOn(wake, actionUsed, record);
    }

    /** Promoted by a person before the new revision was ready: switch only once it can serve everything. */
    private RolloutLoop.Result promotedByPerson(RolloutStatus record, BlueGreenState state, ManualAction action, boolean actionUsed,
                                                boolean newAvailable) {
        if (action == ManualAction.Abort && !actionUsed) {
            RolloutRecords.write(record, new BlueGreenState(BlueGreenPhase.Done, state.phaseStartedAt(), null, true, state.attempt()));
            loop.endRuns(record, true);
            String reason = "aborted by a person while waiting for the promoted revision to be available; "
                    + "the active Service never left the previous revision";
            record.setMessage(reason);
            return loop.rolledBack(RollbackCause.Manual, reason, true, record);
        }
        if (newAvailable) {
            loop.endRuns(record, false);
            record.setMessage("promoted by a person: the new revision is available; switching and scaling the old one down");
            return loop.promoted(actionUsed, "blue-green promoted by a person once the new revision was available");
        }
        Instant deadline = Instant.parse(record.getProgressingSince()).plus(loop.plan.progressDeadline());
        if (!pass.now.isBefore(deadline)) {
            RolloutRecords.write(record, new BlueGreenState(BlueGreenPhase.Done, state.phaseStartedAt(), null, true, state.attempt()));
            loop.endRuns(record, true);
            String reason = "promoted by a person, but the new revision was not available within the progress deadline of "
                    + loop.plan.progressDeadline().toSeconds() + "s; the active Service never left the previous revision";
            record.setMessage(reason);
            return loop.rolledBack(RollbackCause.ProgressDeadline, reason, actionUsed, record);
        }
        record.setMessage("promoted by a person: waiting for the new revision to be available at full size before switching");
        return new RolloutLoop.Result(Optional.empty(), Optional.of(deadline), actionUsed || action != ManualAction.None, Optional.empty());
    }
}
