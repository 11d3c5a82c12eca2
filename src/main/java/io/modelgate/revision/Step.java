package io.modelgate.revision;

import io.modelgate.api.GateVerdict;
import io.modelgate.status.Reason;

import java.util.List;
import java.util.Map;

/** The one thing a reconcile should do next for a revision. */
public sealed interface Step {

    /** Nothing to do until the cluster changes (a watched Job, Pod or Deployment will wake us). */
    record Wait(String reason) implements Step {
    }

    /**
     * The stage's workload exists but cannot run yet (its pods are refused by a quota, a queue has not admitted it):
     * wait, and say why in the revision's status.
     */
    record Hold(Reason reason, String message) implements Step {
    }

    /** Create the stage's Job (idempotent: deterministic name). */
    record StartJob(JobStage stage) implements Step {
    }

    /** The rollout strategy (Canary or BlueGreen) decides: weights, analysis, promotion or rollback. */
    record Progress() implements Step {
    }

    /** Create or update the revision's serving Deployment at full size. */
    record DeployServing() implements Step {
    }

    /**
     * Move the revision to another phase.
     *
     * @param metrics  metrics read from the stage that just ended (empty if none)
     * @param verdicts gate verdicts of that stage (empty if none)
     * @param provenance the data version and artifact digest that stage reported (empty if none)
     */
    record Advance(RevisionPhase to, Reason reason, String message,
                   Map<String, Double> metrics, List<GateVerdict> verdicts, Map<String, String> provenance) implements Step {

        public Advance {
            // Keeps the order the Job reported: the first metric is the key metric when there are no gates.
            metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
            verdicts = List.copyOf(verdicts);
            provenance = Map.copyOf(provenance);
        }

        public Advance(RevisionPhase to, Reason reason, String message, Map<String, Double> metrics, List<GateVerdict> verdicts) {
            this(to, reason, message, metrics, verdicts, Map.of());
        }

        public static Advance to(RevisionPhase to, Reason reason, String message) {
            return new Advance(to, reason, message, Map.of(), List.of());
        }
    }
}
