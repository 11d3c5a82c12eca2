package io.modelgate.pipeline.plan;

import io.modelgate.api.ModelRevision;
import io.modelgate.api.RolloutStatus;
import io.modelgate.rollout.AnalysisReport;
import io.modelgate.rollout.ManualAction;
import io.modelgate.rollout.RolloutDecision;

import java.time.Instant;
import java.util.Optional;

/**
 * What the one rollout loop ({@link RolloutLoop#run}) asks of a strategy: its state in the revision's record, the
 * analyses it measures, when the new revision counts as available, its machine's decision in the common shape, and
 * how it promotes.
 *
 * @param <S> the strategy's state
 */
interface RolloutStrategy<S> {

    /** What the machine reads of the analyses in this state: a step's (or phase's) run, and the background run. */
    record Reports(Optional<AnalysisReport> current, Optional<AnalysisReport> background) {
    }

    /** How a promotion the machine decided goes on. */
    sealed interface Promotion {
        /** The new revision takes everything: the rollout ends Promoted with this message. */
        record Ends(String message) implements Promotion {
        }

        /** It is not available at full size yet: wait (the workload's progress wakes the pass). */
        record Waits(Optional<Instant> wakeAt) implements Promotion {
        }

        /** The record moved on (a blue-green switch waiting for availability): decide again now. */
        record DecidesAgain() implements Promotion {
        }
    }

    String name();

    S read(RolloutStatus record);

    void write(RolloutStatus record, S state);

    int attempt(S state);

    Reports measure(ModelRevision revision, RolloutStatus record, S state);

    boolean available(ModelRevision revision, RolloutStatus record, S state);

    /** Settles the pass before the machine is asked, when the strategy must (a blue-green promoted by a person). */
    Optional<RolloutLoop.Result> settled(RolloutStatus record, S state, ManualAction action, boolean actionUsed, boolean available);

    RolloutDecision<S> decide(ModelRevision revision, RolloutStatus record, S state, Reports reports, boolean available, ManualAction given);

    Promotion promote(ModelRevision revision, RolloutStatus record, S state, String reason, boolean available);

    /** The state at the very start of a rollout, before its first step or preview: where PreRollout hooks run. */
    boolean atStart(S state);

    /** Whether the decision hands the traffic to the new revision: ConfirmPromotion hooks run before it. */
    boolean confirmsPromotion(RolloutDecision<S> decision);

    /** The state after a rollback decided outside the machine (a failed hook). */
    S rolledBack(S state);

    /** The name of the run an analysis started by a move into {@code next} gets. */
    String runName(S next);

    /** What the strategy does once the pass's decisions are made (a background run a promote started). */
    default void afterDecisions(RolloutStatus record) {
    }
}
