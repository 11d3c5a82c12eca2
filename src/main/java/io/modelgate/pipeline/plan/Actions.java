package io.modelgate.pipeline.plan;

import io.modelgate.api.ModelRevision;
import io.modelgate.revision.RevisionPhase;
import io.modelgate.revision.Step;
import io.modelgate.rollout.ManualAction;
import io.modelgate.status.Reason;
import io.modelgate.workload.Labels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Optional;

/** A person's request through the {@code modelgate.io/action} annotation: acted on, kept for later, or answered. */
final class Actions {

    private final PassState pass;

    Actions(PassState pass) {
        this.pass = pass;
    }

    static ManualAction manualAction(String action) {
        if (action == null) {
            return ManualAction.None;
        }
        return switch (action) {
            case Labels.ACTION_PROMOTE -> ManualAction.Promote;
            case Labels.ACTION_ABORT -> ManualAction.Abort;
            case Labels.ACTION_RETRY -> ManualAction.Retry;
            default -> ManualAction.None;
        };
    }

    /** @return true when the annotation was consumed */
    boolean consume(String action, boolean retrainServed) {
        if (Labels.ACTION_RETRAIN.equals(action)) {
            if (!retrainServed) {
                return false;
            }
            pass.effects.event(EventIntent.normal(pass.pipeline, Reason.RetrainRequested, "retrain requested through " + Labels.ACTION));
        } else {
            pass.effects.event(EventIntent.warning(pass.pipeline, Reason.ActionIgnored,
                    "action \"" + action + "\" does not apply: only \"retrain\" is understood with the Direct strategy"));
        }
        remove(action);
        return true;
    }

    /** Promote, abort or retry: acknowledged when the rollout read it, answered with why not when nothing could. */
    void answerManual(String action, boolean handled) {
        ManualAction manual = pass.manual;
        if (manual == ManualAction.None || handled || pass.retryDeferred) {
            return;
        }
        if (pass.manualUsed) {
            Reason reason = switch (manual) {
                case Promote -> Reason.ActionPromote;
                case Abort -> Reason.ActionAbort;
                default -> Reason.ActionRetry;
            };
            pass.effects.event(EventIntent.normal(pass.pipeline, reason, manual + " requested through " + Labels.ACTION));
        } else {
            pass.effects.event(EventIntent.warning(pass.pipeline, Reason.ActionIgnored, "action \"" + action + "\" does not apply: "
                    + (manual == ManualAction.Retry ? "the newest revision is not RolledBack or Aborted"
                    : pass.rolloutPlan.progressive() ? "no Canary or BlueGreen rollout is in progress" : "the rollout strategy is Direct")));
        }
        remove(action);
    }

    /** A person's retry of the newest revision, RolledBack or Aborted: a new attempt from the first step. */
    boolean retry(String action, RevisionSteps steps) {
        Optional<ModelRevision> newest = pass.revisions.values().stream().max(Comparator.comparingInt(r -> r.getSpec().getNumber()));
        if (newest.isEmpty() || !PassState.phase(newest.get()).isRetryable() || !pass.rolloutPlan.progressive()
                || pass.stable().isEmpty()) {
            return false;
        }
        if (pass.pipeline.getSpec().isPaused()) {
            // Nothing advances while paused; the retry is kept for the resume, as a retrain is.
            pass.retryDeferred = true;
            return false;
        }
        ModelRevision revision = newest.get();
        Optional<String> noSlot = pass.slots.tryAcquire(pass.key, pass.now, pass.snapshot.pipelinePhases(), pass.now);
        if (noSlot.isPresent()) {
            // A new attempt is a rollout like any other: it waits for a slot (maxConcurrentRollouts), keeping the annotation.
            pass.effects.log("pipeline %s: the retry of %s waits: %s", pass.key, revision.getMetadata().getName(), noSlot.get());
            pass.retryDeferred = true;
            pass.effects.wakeAt(pass.now.plus(RevisionSteps.QUEUE_POLL));
            return false;
        }
        var previousRecord = revision.getStatus().getRollout();
        int attempt = previousRecord == null || previousRecord.getAttempt() == null ? 2 : previousRecord.getAttempt() + 1;
        var record = RolloutLoop.begin(pass.rolloutPlan, pass.stable().get().getMetadata().getName(), pass.now, attempt);
        if (previousRecord != null) {
            record.setAnalysisRuns(new ArrayList<>(previousRecord.getAnalysisRuns()));
        }
        revision.getStatus().setRollout(record);
        steps.advance(revision, Step.Advance.to(RevisionPhase.RollingOut, Reason.RetryRequested,
                "retry requested through " + Labels.ACTION + ": attempt " + attempt + " starts from the first step"));
        pass.effects.event(EventIntent.normal(pass.pipeline, Reason.ActionRetry,
                "retry of " + revision.getMetadata().getName() + ": attempt " + attempt));
        remove(action);
        return true;
    }

    private void remove(String action) {
        pass.effects.write(new Intent.ConsumeAction(Labels.ACTION, action));
    }
}
