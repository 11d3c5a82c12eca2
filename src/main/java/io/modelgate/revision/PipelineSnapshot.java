package io.modelgate.revision;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The pipeline as the planner sees it.
 *
 * @param desiredHash          identity hash of the current spec
 * @param specValid            false when the spec has a problem admission could not catch; nothing new is started then
 * @param retrainRequested     the {@code modelgate.io/action: retrain} annotation is present
 * @param scheduleTickDue      a schedule tick that has not been acted on yet
 * @param latestNumberRecorded the highest revision number the pipeline ever gave out (revisions may have been pruned)
 * @param triggerFired         a retraining trigger asks for a revision (it fires only while none is in flight)
 */
public record PipelineSnapshot(
        String desiredHash,
        boolean paused,
        boolean specValid,
        boolean retrainRequested,
        Optional<Instant> scheduleTickDue,
        List<RevisionView> revisions,
        int latestNumberRecorded,
        int historyLimit,
        Optional<PipelinePlan.TriggerFired> triggerFired) {

    public PipelineSnapshot {
        revisions = List.copyOf(revisions);
    }

    public PipelineSnapshot(String desiredHash, boolean paused, boolean specValid, boolean retrainRequested,
                            Optional<Instant> scheduleTickDue, List<RevisionView> revisions, int latestNumberRecorded, int historyLimit) {
        this(desiredHash, paused, specValid, retrainRequested, scheduleTickDue, revisions, latestNumberRecorded, historyLimit, Optional.empty());
    }
}
