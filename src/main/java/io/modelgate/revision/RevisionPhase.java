package io.modelgate.revision;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static java.util.Map.entry;

/** The life of a revision. Terminal phases never change again: they are the record. */
public enum RevisionPhase {
    Pending, Validating, Training, Evaluating, Queued, RollingOut,
    Promoted, Rejected, Failed, Superseded, RolledBack, Aborted;

    private static final Map<RevisionPhase, Set<RevisionPhase>> NEXT = Map.ofEntries(
            // Straight to Evaluating: a model that exists (source.registeredModel, modelUri) is not trained.
            entry(Pending, EnumSet.of(Validating, Training, Evaluating, Superseded)),
            entry(Validating, EnumSet.of(Training, Evaluating, Rejected, Failed, Superseded)),
            entry(Training, EnumSet.of(Evaluating, Failed, Superseded)),
            entry(Evaluating, EnumSet.of(Queued, RollingOut, Rejected, Failed, Superseded)),
            entry(Queued, EnumSet.of(RollingOut, Superseded)),
            entry(RollingOut, EnumSet.of(Promoted, Failed, RolledBack, Aborted)),
            entry(Promoted, EnumSet.noneOf(RevisionPhase.class)),
            entry(Rejected, EnumSet.noneOf(RevisionPhase.class)),
            entry(Failed, EnumSet.noneOf(RevisionPhase.class)),
            entry(Superseded, EnumSet.noneOf(RevisionPhase.class)),
            entry(RolledBack, EnumSet.of(RollingOut)),
            entry(Aborted, EnumSet.of(RollingOut)));

    public boolean canMoveTo(RevisionPhase next) {
        return NEXT.get(this).contains(next);
    }

    /**
     * Ended: nothing happens to the revision unless a person acts. RolledBack and Aborted are ended too, but a
     * {@code retry} of the newest revision may take them back to RollingOut (a new attempt; the record keeps both).
     */
    public boolean isTerminal() {
        return NEXT.get(this).isEmpty() || this == RolledBack || this == Aborted;
    }

    /** A person's retry may roll this revision out again. */
    public boolean isRetryable() {
        return this == RolledBack || this == Aborted;
    }

    /** Before rollout a revision has cost only compute; a newer revision may replace it. */
    public boolean isSupersedable() {
        return this == Pending || this == Validating || this == Training || this == Evaluating || this == Queued;
    }

    /** Ended without becoming what serves: the desired model is not the one serving. */
    public boolean isUnsuccessfulEnd() {
        return this == Rejected || this == Failed || this == RolledBack || this == Aborted;
    }

    public static RevisionPhase parse(String phase) {
        if (phase == null || phase.isEmpty()) {
            return Pending;
        }
        return valueOf(phase);
    }
}
