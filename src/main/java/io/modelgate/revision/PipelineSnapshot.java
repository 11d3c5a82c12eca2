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
 */
public record PipelineSnapshot(
        String desiredHash,
        boolean paused,
        boolean specValid,
        boolean retrainRequested,
        Optional<Instant> scheduleTickDue,
        List<RevisionView> revisions,
        int latestNumberRecorded,
        int historyLimit) {

    public PipelineSnapshot {
        revisions = List.copyOf(revisions);
    }
}
