package io.modelgate.status;

import io.modelgate.revision.RevisionPhase;

/** The parts of a revision's record a pipeline's status summarises. */
public record RevisionFacts(String name, int number, RevisionPhase phase, String trigger,
                            String reason, String message, String keyMetric, Integer canaryWeight, String pausedReason) {

    public RevisionFacts(String name, int number, RevisionPhase phase, String trigger, String reason, String message, String keyMetric) {
        this(name, number, phase, trigger, reason, message, keyMetric, null, null);
    }
}
