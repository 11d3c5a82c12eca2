package io.modelgate.revision;

import io.modelgate.api.ModelRevisionSpec.Trigger;

/** What the planner needs to know of an existing revision. */
public record RevisionView(String name, int number, String contentHash, RevisionPhase phase, Trigger trigger) {

    public RevisionView(String name, int number, String contentHash, RevisionPhase phase) {
        this(name, number, contentHash, phase, null);
    }
}
