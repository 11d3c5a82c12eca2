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
 * @param rerunRequested       the revision a person asked to run again ({@code modelgate.io/action: rerun:<revision>}),
 *                             known to exist and not already being rerun
 * @param modelSource          a registered model's version, when the model comes from one
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
        Optional<PipelinePlan.TriggerFired> triggerFired,
        Optional<String> rerunRequested,
        ModelSource modelSource) {

    public PipelineSnapshot {
        revisions = List.copyOf(revisions);
        java.util.Objects.requireNonNull(modelSource, "modelSource");
    }

    public PipelineSnapshot(String desiredHash, boolean paused, boolean specValid, boolean retrainRequested,
                            Optional<Instant> scheduleTickDue, List<RevisionView> revisions, int latestNumberRecorded, int historyLimit,
                            Optional<PipelinePlan.TriggerFired> triggerFired, Optional<String> rerunRequested) {
        this(desiredHash, paused, specValid, retrainRequested, scheduleTickDue, revisions, latestNumberRecorded, historyLimit,
                triggerFired, rerunRequested, ModelSource.SPEC);
    }

    public PipelineSnapshot(String desiredHash, boolean paused, boolean specValid, boolean retrainRequested,
                            Optional<Instant> scheduleTickDue, List<RevisionView> revisions, int latestNumberRecorded, int historyLimit,
                            Optional<PipelinePlan.TriggerFired> triggerFired) {
        this(desiredHash, paused, specValid, retrainRequested, scheduleTickDue, revisions, latestNumberRecorded, historyLimit,
                triggerFired, Optional.empty());
    }

    public PipelineSnapshot(String desiredHash, boolean paused, boolean specValid, boolean retrainRequested,
                            Optional<Instant> scheduleTickDue, List<RevisionView> revisions, int latestNumberRecorded, int historyLimit) {
        this(desiredHash, paused, specValid, retrainRequested, scheduleTickDue, revisions, latestNumberRecorded, historyLimit, Optional.empty());
    }
}
