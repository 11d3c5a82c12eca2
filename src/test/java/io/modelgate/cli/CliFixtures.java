package io.modelgate.cli;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.modelgate.api.GateVerdict;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelPipelineStatus;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.ModelRevisionSpec;
import io.modelgate.api.ModelRevisionStatus;
import io.modelgate.api.PhaseTransition;
import io.modelgate.revision.PipelinePlan;
import io.modelgate.testing.Pipelines;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A degraded fraud pipeline: r1 promoted and serving, r2 (retrain) rejected by its AUC gate. Shared by the unit and the API-server tests. */
final class CliFixtures {

    static final String T0 = "2026-11-26T08:00:00Z";

    private CliFixtures() {
    }

    static ModelPipeline pipeline(String name, String namespace) {
        return Pipelines.fraud(name, namespace);
    }

    static ModelPipelineStatus degradedStatus(String name) {
        ModelPipelineStatus status = new ModelPipelineStatus();
        status.setObservedGeneration(1L);
        status.setPhase("Degraded");
        status.setStableRevision(name + "-r1");
        status.setCurrentRevision(name + "-r2");
        status.setLatestRevisionNumber(2);
        status.setConditions(new ArrayList<>(List.of(
                condition("Ready", "False", "RevisionRejected", "revision " + name + "-r2 was rejected; " + name + "-r1 still serves"),
                condition("Progressing", "False", "Idle", "no revision in flight"),
                condition("Degraded", "True", "RevisionRejected", "gate auc failed: 0.71 < 0.9"))));
        return status;
    }

    static Condition condition(String type, String status, String reason, String message) {
        return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withObservedGeneration(1L).withLastTransitionTime("2026-11-26T08:04:00Z").build();
    }

    /** A revision frozen from {@code pipeline} the way the operator does it (the pipeline needs its uid for the owner reference). */
    static ModelRevision revision(ModelPipeline pipeline, int number, ModelRevisionSpec.Trigger trigger) {
        return io.modelgate.workload.Revisions.freeze(pipeline, new PipelinePlan.NewRevision(number, trigger, Optional.empty()), "sha256:" + number);
    }

    static ModelRevisionStatus promoted() {
        ModelRevisionStatus status = new ModelRevisionStatus();
        status.setPhase("Promoted");
        status.setReason("Available");
        status.setServing(true);
        status.setKeyMetric("auc=0.947");
        status.setMetrics(Map.of("auc", 0.947));
        status.setGates(new ArrayList<>(List.of(
                new GateVerdict(GateVerdict.Stage.Evaluation, "auc", GateVerdict.Result.Passed, 0.947, ">= 0.9", "WithinBounds", null))));
        status.setTransitions(new ArrayList<>(List.of(
                new PhaseTransition("Training", "2026-11-26T08:00:01Z", "Started"),
                new PhaseTransition("Evaluating", "2026-11-26T08:01:00Z", "TrainingSucceeded"),
                new PhaseTransition("RollingOut", "2026-11-26T08:02:00Z", "GatesPassed"),
                new PhaseTransition("Promoted", "2026-11-26T08:03:00Z", "Available"))));
        return status;
    }

    static ModelRevisionStatus rejected() {
        ModelRevisionStatus status = new ModelRevisionStatus();
        status.setPhase("Rejected");
        status.setReason("GateFailed");
        status.setMessage("gate auc failed: 0.71 < 0.9");
        status.setServing(false);
        status.setKeyMetric("auc=0.71");
        status.setGates(new ArrayList<>(List.of(
                new GateVerdict(GateVerdict.Stage.Evaluation, "auc", GateVerdict.Result.Failed, 0.71, ">= 0.9", "BelowMin", "0.71 < 0.9"),
                new GateVerdict(GateVerdict.Stage.Evaluation, "latency_p99", GateVerdict.Result.Passed, 12.5, "<= 50", "WithinBounds", null))));
        status.setTransitions(new ArrayList<>(List.of(
                new PhaseTransition("Training", "2026-11-26T08:04:01Z", "Started"),
                new PhaseTransition("Evaluating", "2026-11-26T08:05:00Z", "TrainingSucceeded"),
                new PhaseTransition("Rejected", "2026-11-26T08:06:00Z", "GateFailed"))));
        return status;
    }
}
