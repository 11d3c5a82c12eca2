package io.modelgate.revision;

/** What the planner needs to know of an existing revision. */
public record RevisionView(String name, int number, String contentHash, RevisionPhase phase) {
}
