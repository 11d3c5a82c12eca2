package io.modelgate.pipeline.plan;

import java.time.Instant;
import java.util.Map;

/**
 * What a pass tells the operator's own metrics and log. Data, so that a pass planned twice (after a measurement or
 * a refused write) counts and logs once: the reconciler publishes the signals of the plan it carried out.
 */
public sealed interface Signal {

    record Transition(String revision, String from, String to, String reason, String message, Double secondsInPreviousPhase)
            implements Signal {
    }

    record GateVerdict(String stage, String result) implements Signal {
    }

    record Measured(String run, String metric, String phase, String message) implements Signal {
    }

    record RolloutEnded(String strategy, String result) implements Signal {
    }

    record Rollback(String cause) implements Signal {
    }

    record CanaryWeight(int weight) implements Signal {
    }

    /** A rollback decided by a measurement taken at {@code measuredAt}: latency is observed once it is applied. */
    record RollbackDecided(String revision, Instant measuredAt) implements Signal {
    }

    record RevisionsByPhase(Map<String, Integer> counts) implements Signal {
    }

    record PipelineInfo(String model, String strategy, String phase, String stableRevision) implements Signal {
    }

    /** A retraining trigger created a revision. */
    record RetrainTriggered(String trigger, String kind) implements Signal {
    }

    /** A write to the model registry and how it went: Synced, Unavailable or Refused. */
    record RegistryWritten(String write, String result) implements Signal {
    }

    /** A look-up of spec.source.registeredModel and how it went: Found, Missing or Unavailable. */
    record RegistryLookedUp(String result) implements Signal {
    }

    /** How many of the pipeline's revisions owe the registry a write after this pass. */
    record RegistryWritesPending(int revisions) implements Signal {
    }

    /** A line for the operator's log, one per decision, with the pipeline and revision in it. */
    record Log(String line) implements Signal {
    }
}
