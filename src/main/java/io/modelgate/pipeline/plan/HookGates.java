package io.modelgate.pipeline.plan;

import io.modelgate.api.ModelRevision;
import io.modelgate.api.RolloutHookSpec;
import io.modelgate.api.RolloutStatus;
import io.modelgate.rollout.ManualAction;
import io.modelgate.rollout.RollbackCause;

import java.util.Optional;

/**
 * Where the rollout loop waits for its PreRollout and ConfirmPromotion hooks: before the machine is asked (a failed
 * hook holding the rollout, the PreRollout hooks at its start), and when the machine hands the traffic over.
 */
final class HookGates {

    /**
     * @param stop         the pass ends here with this result
     * @param promotedPast a person's promote answered a failed hook: it counts as passed and the action is used
     */
    record Start(Optional<RolloutLoop.Result> stop, boolean promotedPast) {
    }

    private final RolloutLoop loop;

    HookGates(RolloutLoop loop) {
        this.loop = loop;
    }

    <S> Start beforeTheSteps(RolloutStrategy<S> strategy, ModelRevision revision, RolloutStatus record, S state, ManualAction action) {
        int attempt = strategy.attempt(state);
        Optional<HookSteps.Gate.Failed> holding = loop.hooks.holding(record, attempt);
        if (holding.isPresent() && action == ManualAction.Promote) {
            // The promote answers the failed hook; it does not also skip the steps.
            loop.hooks.override(record, attempt);
            record.setPausedReason(null);
            return new Start(Optional.empty(), true);
        }
        if (holding.isPresent() && action != ManualAction.Abort) {
            return new Start(Optional.of(failed(strategy, revision, record, state, holding.get(), false)), false);
        }
        if (strategy.atStart(state) || loop.hooks.reached(record, RolloutHookSpec.Type.PreRollout, attempt)) {
            HookSteps.Gate pre = loop.hooks.gate(revision, record, RolloutHookSpec.Type.PreRollout, attempt);
            if (pre instanceof HookSteps.Gate.Waiting waiting) {
                record.setMessage(waiting.message());
                return new Start(Optional.of(loop.goesOn(Optional.empty(), false, record)), false);
            }
            if (pre instanceof HookSteps.Gate.Failed failed && action != ManualAction.Abort) {
                return new Start(Optional.of(failed(strategy, revision, record, state, failed, false)), false);
            }
        }
        return new Start(Optional.empty(), false);
    }

    /** @return empty when the traffic may go to the new revision; a result without an end while the hooks run or hold */
    <S> Optional<RolloutLoop.Result> confirmPromotion(RolloutStrategy<S> strategy, ModelRevision revision, RolloutStatus record, S state,
                                                      boolean actionUsed) {
        HookSteps.Gate confirm = loop.hooks.gate(revision, record, RolloutHookSpec.Type.ConfirmPromotion, strategy.attempt(state));
        if (confirm instanceof HookSteps.Gate.Waiting waiting) {
            record.setMessage(waiting.message());
            return Optional.of(loop.goesOn(Optional.empty(), actionUsed, record));
        }
        if (confirm instanceof HookSteps.Gate.Failed failed) {
            return Optional.of(failed(strategy, revision, record, state, failed, actionUsed));
        }
        return Optional.empty();
    }

    /** A PreRollout or ConfirmPromotion hook failed: the rollout holds for a person (naming the hook), or rolls back. */
    private <S> RolloutLoop.Result failed(RolloutStrategy<S> strategy, ModelRevision revision, RolloutStatus record, S state,
                                          HookSteps.Gate.Failed failed, boolean actionUsed) {
        if (failed.hook().effectiveOnFailure() == RolloutHookSpec.OnFailure.Rollback) {
            strategy.write(record, strategy.rolledBack(state));
            loop.endRuns(record, Optional.of(failed.message()));
            record.setMessage(failed.message());
            return loop.rolledBack(RollbackCause.Hook, failed.message(), actionUsed, record);
        }
        String reason = failed.message() + "; promote to go on past it or abort to roll back";
        record.setPausedReason(reason);
        record.setMessage(reason);
        loop.announcePause(revision, reason);
        return loop.goesOn(Optional.empty(), actionUsed, record);
    }
}
