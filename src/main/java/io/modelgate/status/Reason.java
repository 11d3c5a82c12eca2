package io.modelgate.status;

/**
 * Every reason Modelgate gives: of a revision's phase transition (its {@code status.reason}) and of the Events it
 * records. One closed list, so that an alert, a dashboard or a test can rely on the names.
 */
public enum Reason {
    // A revision's lifecycle.
    RevisionCreated,
    ValidationStarted,
    ValidationFailed,
    DataValidated,
    DataValidationGateFailed,
    TrainingStarted,
    TrainingFailed,
    Trained,
    /** The model exists (source.registeredModel or modelUri): evaluated without training. */
    ModelExists,
    EvaluationFailed,
    EvaluationGateFailed,
    EvaluationPassed,
    RolloutStarted,
    JobRejected,
    /** A stage's Job exists but the API server refuses its pods for now (a ResourceQuota): the revision waits. */
    PodsNotCreated,
    /** Kueue has not admitted a stage's object (its queue has no room): the revision waits in its phase. */
    WaitingForQuota,
    /** A stage's object is suspended by someone other than a queue: the revision waits until it is resumed. */
    Suspended,
    /** A stage's Job that was held made its pods: the stage runs. */
    PodsCreated,
    /** The namespace's Pod Security admission refused the pods of a stage's Job: no retry changes that. */
    PodSecurityRefused,
    /** The training engine a revision asks for is not enabled in this operator (or its kinds are not installed). */
    BackendUnavailable,
    ServingDeployed,
    ServingRejected,
    ServingNotAvailable,
    Promoted,
    Superseded,
    RevisionPruned,
    // Progressive rollouts.
    WeightSet,
    ActiveSwitched,
    /** A canary step set (or removed) the share of requests mirrored to the canary. */
    MirrorSet,
    /** A canary step set (or removed) a header route to the canary. */
    HeaderRouteSet,
    RolloutPaused,
    AnalysisFailed,
    DryRunMetricFailed,
    /** A template a rolling-out revision froze was edited or deleted since: the rollout keeps measuring what it froze. */
    AnalysisTemplateChanged,
    ProgressDeadlineExceeded,
    Aborted,
    HTTPRouteProblem,
    /** A rollout hook ended well. */
    HookSucceeded,
    /** A rollout hook failed: a PreRollout or ConfirmPromotion one holds or rolls back, the others are recorded. */
    HookFailed,
    // A person's requests through the modelgate.io/action annotation.
    RetrainRequested,
    RerunRequested,
    RetryRequested,
    ActionPromote,
    ActionAbort,
    ActionRetry,
    ActionIgnored,
    // Retraining triggers (spec.triggers.metrics).
    /** A trigger was violated for its `for`, outside its cooldown, with nothing in flight: a revision was created. */
    RetrainTriggered,
    /** A trigger was violated long enough while a revision was in flight: recorded, not acted on. */
    RetrainHeld,
    /** A trigger's provider failed: never a retrain. */
    TriggerMeasurementFailed,
    // The model registry (spec.registry).
    RegistryVersionCreated,
    RegistryAliasMoved,
    RegistryOutcomeTagged,
    /** A registry write failed: it stays pending in the revision's status and is retried; nothing else waits for it. */
    RegistrySyncFailed,
    /** The registry did not answer the look-up of spec.source.registeredModel: what was found before stays. */
    RegistryLookupFailed,
    /** spec.source.registeredModel names another version than the newest revision delivers. */
    RegisteredVersionFound,
    // The pipeline as a whole.
    InvalidSpec,
    /** A revision's status.phase was changed by someone else: the operator keeps what its own record says. */
    StatusEdited,
    /** Someone deleted the record of the revision that serves: it stays (a finalizer) until another revision serves. */
    DeletionHeld,
    ReconcileError
}
