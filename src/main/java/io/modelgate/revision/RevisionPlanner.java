package io.modelgate.revision;

import io.modelgate.api.ModelRevisionSpec.Trigger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides, for a whole pipeline, which revision to create, which to supersede, which to drive and
 * which to prune. One revision runs at a time: a newer revision supersedes one that has not started
 * rolling out, and waits for one that has.
 */
public final class RevisionPlanner {

    private RevisionPlanner() {
    }

    public static PipelinePlan plan(PipelineSnapshot pipeline) {
        List<RevisionView> newestFirst = pipeline.revisions().stream()
                .sorted(Comparator.comparingInt(RevisionView::number).reversed())
                .toList();
        Optional<RevisionView> stable = newestFirst.stream().filter(r -> r.phase() == RevisionPhase.Promoted).findFirst();
        if (pipeline.paused()) {
            return new PipelinePlan(Optional.empty(), List.of(), Optional.empty(), List.of(), stable, false);
        }

        Optional<PipelinePlan.NewRevision> create = pipeline.specValid() && !pipeline.modelSource().awaitingRegistry()
                ? newRevision(pipeline, newestFirst) : Optional.empty();
        List<RevisionView> supersede = create.isPresent()
                ? newestFirst.stream().filter(r -> r.phase().isSupersedable()).toList()
                : newestFirst.stream().filter(r -> r.phase().isSupersedable()).skip(1).toList();

        Optional<RevisionView> rollingOut = newestFirst.stream()
                .filter(r -> r.phase() == RevisionPhase.RollingOut)
                .min(Comparator.comparingInt(RevisionView::number));
        Optional<RevisionView> drive = rollingOut.isPresent() || create.isPresent()
                ? rollingOut
                : newestFirst.stream().filter(r -> r.phase().isSupersedable()).findFirst();

        boolean retrainServed = pipeline.retrainRequested() && (create.isPresent() || retrainInFlight(pipeline, newestFirst));
        return new PipelinePlan(create, supersede, drive, prune(pipeline, newestFirst, stable, drive), stable, retrainServed);
    }

    private static Optional<PipelinePlan.NewRevision> newRevision(PipelineSnapshot pipeline, List<RevisionView> newestFirst) {
        int nextNumber = Math.max(pipeline.latestNumberRecorded(), newestFirst.isEmpty() ? 0 : newestFirst.get(0).number()) + 1;
        // The newest records were deleted by hand (numbers are never reused, so the count says so): what is made now
        // recreates them, whatever else changed, and says so rather than claim a spec change.
        boolean recordsDeleted = pipeline.latestNumberRecorded() > (newestFirst.isEmpty() ? 0 : newestFirst.get(0).number());
        if (newestFirst.isEmpty()) {
            return Optional.of(new PipelinePlan.NewRevision(nextNumber, recordsDeleted ? Trigger.Recreated : Trigger.Initial, Optional.empty()));
        }
        RevisionView latest = newestFirst.get(0);
        // A superseded newest revision means the one that replaced it is gone (deleted by hand): start again.
        if (!latest.contentHash().equals(pipeline.desiredHash()) || latest.phase() == RevisionPhase.Superseded) {
            return Optional.of(new PipelinePlan.NewRevision(nextNumber, recordsDeleted ? Trigger.Recreated : Trigger.SpecChange, Optional.empty()));
        }
        if (pipeline.modelSource().movedFrom(latest)) {
            return Optional.of(new PipelinePlan.NewRevision(nextNumber, recordsDeleted ? Trigger.Recreated : Trigger.AliasMoved, Optional.empty()));
        }
        if (pipeline.retrainRequested() && !retrainInFlight(pipeline, newestFirst)) {
            return Optional.of(new PipelinePlan.NewRevision(nextNumber, Trigger.Retrain, Optional.empty()));
        }
        if (pipeline.rerunRequested().isPresent()) {
            return Optional.of(PipelinePlan.NewRevision.rerun(nextNumber, pipeline.rerunRequested().get()));
        }
        if (pipeline.triggerFired().isPresent()) {
            PipelinePlan.TriggerFired fired = pipeline.triggerFired().get();
            return Optional.of(new PipelinePlan.NewRevision(nextNumber, fired.trigger(), Optional.empty(), Optional.of(fired)));
        }
        return pipeline.scheduleTickDue()
                .map(tick -> new PipelinePlan.NewRevision(nextNumber, Trigger.Schedule, Optional.of(tick)));
    }

    /**
     * A retrain request seen again while the revision it created is still in flight is the same
     * request (its annotation could not be removed yet), not a new one: never a burst of revisions.
     */
    private static boolean retrainInFlight(PipelineSnapshot pipeline, List<RevisionView> newestFirst) {
        return !newestFirst.isEmpty()
                && newestFirst.get(0).trigger() == Trigger.Retrain
                && !newestFirst.get(0).phase().isTerminal()
                && newestFirst.get(0).contentHash().equals(pipeline.desiredHash());
    }

    private static List<RevisionView> prune(PipelineSnapshot pipeline, List<RevisionView> newestFirst,
                                            Optional<RevisionView> stable, Optional<RevisionView> drive) {
        List<RevisionView> prune = new ArrayList<>();
        // The newest revision is the current one: kept whatever the limit says.
        for (int i = Math.max(1, pipeline.historyLimit()); i < newestFirst.size(); i++) {
            RevisionView candidate = newestFirst.get(i);
            boolean keep = !candidate.phase().isTerminal()
                    || stable.map(s -> s.number() == candidate.number()).orElse(false)
                    || drive.map(d -> d.number() == candidate.number()).orElse(false);
            if (!keep) {
                prune.add(candidate);
            }
        }
        return prune;
    }
}
