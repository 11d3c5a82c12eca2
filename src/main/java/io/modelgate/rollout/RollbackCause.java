package io.modelgate.rollout;

/** Why a rollout was rolled back: decided where the rollback is, never read back from its message. */
public enum RollbackCause {
    /** A person's abort. */
    Manual,
    /** An analysis run failed (or errored, or was inconclusive past its limits). */
    Analysis,
    /** The new revision was not available within the progress deadline. */
    ProgressDeadline,
    /** A PreRollout or ConfirmPromotion hook with onFailure Rollback failed. */
    Hook
}
