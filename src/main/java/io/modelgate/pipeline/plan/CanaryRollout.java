package io.modelgate.pipeline.plan;

import io.modelgate.api.AnalysisRunStatus;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.RolloutStatus;
import io.modelgate.delivery.AnalysisRuns;
import io.modelgate.delivery.RolloutRecords;
import io.modelgate.rollout.AnalysisReport;
import io.modelgate.rollout.CanaryDecision;
import io.modelgate.rollout.CanaryInputs;
import io.modelgate.rollout.CanaryMachine;
import io.modelgate.rollout.CanaryState;
import io.modelgate.rollout.CanaryStep;
import io.modelgate.rollout.ManualAction;
import io.modelgate.rollout.RollbackCause;
import io.modelgate.status.Reason;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A canary's pass: measure what is due, ask {@link CanaryMachine}, record its decision, until it waits. */
final class CanaryRollout {

    private final RolloutLoop loop;
    private final PassState pass;

    CanaryRollout(RolloutLoop loop) {
        this.loop = loop;
        this.pass = loop.pass;
    }

    RolloutLoop.Result drive(ModelRevision revision, RolloutStatus record, ManualAction action) {
        var plan = loop.plan;
        Instant now = pass.now;
        CanaryState state = RolloutRecords.canaryState(record, now);
        List<CanaryStep> steps = plan.steps();
        record.setStepCount(steps.size());
        boolean actionUsed = false;
        Optional<Instant> wake = Optional.empty();
        for (int i = 0; i < RolloutLoop.MAX_DECISIONS; i++) {
            Optional<String> rejected = loop.ensureServing(revision);
            if (rejected.isPresent()) {
                return loop.servingRejected(actionUsed, rejected.get());
            }
            Optional<AnalysisReport> backgroundReport = Optional.empty();
            Optional<AnalysisRunStatus> backgroundRun = AnalysisRuns.background(record, state, plan, now);
            if (backgroundRun.isPresent()) {
                backgroundReport = loop.measured(revision, record, backgroundRun, plan.backgroundAnalysis().get(), true);
            }
            Optional<AnalysisReport> stepReport = Optional.empty();
            if (state.stepIndex() < steps.size() && steps.get(state.stepIndex()) instanceof CanaryStep.Analysis step) {
                Optional<AnalysisRunStatus> run = AnalysisRuns.find(record, AnalysisRuns.name(state.attempt(), AnalysisRuns.stepPurpose(state.stepIndex())));
                stepReport = loop.measured(revision, record, run, step.name(), false);
            }
            ManualAction given = actionUsed ? ManualAction.None : action;
            boolean canaryAvailable = loop.canaryAvailable(revision, record, state);
            if (canaryAvailable) {
                // The progress deadline counts time spent unavailable: a pod lost an hour into a pause gets the whole
                // deadline to come back, and a new weight or size starts its clock when it is first not yet met.
                record.setProgressingSince(now.toString());
            }
            CanaryInputs inputs = new CanaryInputs(now, canaryAvailable, plan.progressDeadline(),
                    Instant.parse(record.getProgressingSince()), stepReport, backgroundReport, given, loop.holdProgress,
                    plan.backgroundAnalysis().isPresent());
            CanaryDecision decision = CanaryMachine.next(steps, state, inputs);
            actionUsed |= given != ManualAction.None;
            pass.effects.log("pipeline %s revision %s canary decision: %s", pass.key, revision.getMetadata().getName(), describe(decision));
            if (decision instanceof CanaryDecision.Promote promote) {
                if (!loop.availableAtFullSize(revision)) {
                    // Promotion finishes the move as a Direct rollout does: the canary at full size and available before
                    // it becomes the stable revision (whose workload then scales to 0). Past its last step the layout
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
                loop.endRuns(record, false);
                record.setMessage(promote.reason());
                return loop.promoted(actionUsed, "canary promoted: " + promote.reason());
            }
            if (decision instanceof CanaryDecision.Rollback rollback) {
                RolloutRecords.write(record, rollback.next());
                loop.endRuns(record, true);
                record.setMessage(rollback.reason());
                return loop.rolledBack(rollback.cause(), rollback.reason(), actionUsed, record);
            }
            CanaryState next = decision.nextState().orElseThrow();
            if (decision instanceof CanaryDecision.SetWeight setWeight) {
                if (setWeight.weight() != state.canaryWeight()) {
                    record.setProgressingSince(now.toString());
                    pass.effects.event(EventIntent.normal(revision, Reason.WeightSet,
                            revision.getMetadata().getName() + " canary weight " + state.canaryWeight() + " -> " + setWeight.weight()));
                }
                RolloutRecords.write(record, next);
                record.setMessage("setWeight " + setWeight.weight());
                // Scaling happens after this pass; availability at the new weight is observed on the next one. A weight
                // that needs no new pods (one replica, or the same share rounded) brings no workload event: come back.
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
                loop.announcePause(revision, pause.reason());
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
        return loop.goesOn(wake, actionUsed, record);
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
