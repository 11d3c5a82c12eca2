package io.modelgate.revision;

import io.modelgate.api.ModelRevisionSpec.Trigger;

/**
 * A revision as the pipeline-wide decisions see it: the planner (which to create, supersede, drive or prune) and the
 * pipeline's status (phase, conditions, history). The one projection of a revision's record; what its workloads say
 * is observed separately ({@link RevisionSnapshot}).
 *
 * @param canaryWeight  the weight of a Canary rollout in progress, else null
 * @param pausedReason  why the rollout waits for a person, else null
 * @param modelVersion  the registered model version it delivers (source.registeredModel), else null
 */
public record RevisionView(String name, int number, String contentHash, RevisionPhase phase, Trigger trigger,
                           String reason, String message, String keyMetric, Integer canaryWeight, String pausedReason,
                           String modelVersion) {

    public RevisionView(String name, int number, String contentHash, RevisionPhase phase, Trigger trigger,
                        String reason, String message, String keyMetric, Integer canaryWeight, String pausedReason) {
        this(name, number, contentHash, phase, trigger, reason, message, keyMetric, canaryWeight, pausedReason, null);
    }

    public RevisionView(String name, int number, String contentHash, RevisionPhase phase) {
        this(name, number, contentHash, phase, null);
    }

    public RevisionView(String name, int number, String contentHash, RevisionPhase phase, Trigger trigger) {
        this(name, number, contentHash, phase, trigger, null, null, null, null, null);
    }

    /** What the pipeline's status says of a revision: its record, without the identity hash. */
    public static RevisionView recorded(String name, int number, RevisionPhase phase, String trigger, String reason, String message,
                                        String keyMetric) {
        return recorded(name, number, phase, trigger, reason, message, keyMetric, null, null);
    }

    public static RevisionView recorded(String name, int number, RevisionPhase phase, String trigger, String reason, String message,
                                        String keyMetric, Integer canaryWeight, String pausedReason) {
        return new RevisionView(name, number, null, phase, trigger == null ? null : Trigger.valueOf(trigger), reason, message,
                keyMetric, canaryWeight, pausedReason);
    }

    public String triggerName() {
        return trigger == null ? null : trigger.name();
    }
}
