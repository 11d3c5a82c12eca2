package io.modelgate.revision;

import io.modelgate.api.ModelRevisionSpec.Trigger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the pipeline should do in this reconcile.
 *
 * @param create    a revision to create
 * @param supersede revisions to end as Superseded (their Jobs are deleted)
 * @param drive     the revision whose lifecycle advances now
 * @param prune     revisions beyond the history limit to delete with their Jobs
 * @param stable    the revision that serves (the newest Promoted one)
 * @param retrainServed a requested retrain is served by a revision (created now or already in flight):
 *                      the request may be consumed
 */
public record PipelinePlan(
        Optional<NewRevision> create,
        List<RevisionView> supersede,
        Optional<RevisionView> drive,
        List<RevisionView> prune,
        Optional<RevisionView> stable,
        boolean retrainServed) {

    public PipelinePlan {
        supersede = List.copyOf(supersede);
        prune = List.copyOf(prune);
    }

    /**
     * @param scheduledTime the schedule tick behind a Schedule trigger
     * @param fired         the retraining trigger behind a Drift or Quality trigger
     * @param rerunOf       the revision a Rerun runs again
     */
    public record NewRevision(int number, Trigger trigger, Optional<Instant> scheduledTime, Optional<TriggerFired> fired,
                              Optional<String> rerunOf) {

        public NewRevision(int number, Trigger trigger, Optional<Instant> scheduledTime) {
            this(number, trigger, scheduledTime, Optional.empty());
        }

        public NewRevision(int number, Trigger trigger, Optional<Instant> scheduledTime, Optional<TriggerFired> fired) {
            this(number, trigger, scheduledTime, fired, Optional.empty());
        }

        public static NewRevision rerun(int number, String of) {
            return new NewRevision(number, Trigger.Rerun, Optional.empty(), Optional.empty(), Optional.of(of));
        }
    }

    /** A trigger of spec.triggers.metrics asks for a revision: its name, Drift or Quality, and why. */
    public record TriggerFired(String name, Trigger trigger, String reason) {
    }
}
