package io.modelgate.registry;

/** The writes a revision owes its registry record, in the order they become due. */
public enum RegistryWrite {
    /** The revision passed its evaluation gates: a model version with its tags (found again, never made twice). */
    CreateVersion,
    /** The revision was promoted and serves: the promoted alias points at its version. */
    MoveAlias,
    /** The revision ended: its version is tagged with the outcome. */
    TagOutcome
}
