package io.modelgate.rollout;

/**
 * A person's instruction, read from the annotation {@code modelgate.io/action} and consumed by the reconciler
 * after the decision it led to has been carried out. {@code retrain} is not a rollout action: the planner handles it.
 */
public enum ManualAction {
    None,
    /** Resume a rollout paused for a person; skip to full promotion when it is not paused for a person. */
    Promote,
    /** Roll back now, from any state. */
    Abort,
    /** Start an aborted rollout again from its first step; ignored unless the rollout was aborted. */
    Retry
}
