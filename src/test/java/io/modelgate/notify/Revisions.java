package io.modelgate.notify;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.modelgate.api.AnalysisRunStatus;
import io.modelgate.api.GateVerdict;
import io.modelgate.api.MeasurementStatus;
import io.modelgate.api.MetricRunStatus;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.ModelRevisionSpec;
import io.modelgate.api.ModelRevisionStatus;
import io.modelgate.api.PhaseTransition;
import io.modelgate.api.RolloutStatus;

import java.util.ArrayList;
import java.util.List;

/** Revisions as a pass reads them and leaves them, built by hand: only the fields the notification rules read. */
final class Revisions {

    static final String NAMESPACE = "ml";
    static final String PIPELINE = "fraud-detection";

    private Revisions() {
    }

    static ModelRevision revision(int number, String phase) {
        ModelRevision revision = new ModelRevision();
        revision.setMetadata(new ObjectMetaBuilder().withName(PIPELINE + "-r" + number).withNamespace(NAMESPACE).build());
        ModelRevisionSpec spec = new ModelRevisionSpec();
        spec.setPipeline(PIPELINE);
        spec.setNumber(number);
        spec.setTrigger(ModelRevisionSpec.Trigger.SpecChange);
        revision.setSpec(spec);
        ModelRevisionStatus status = new ModelRevisionStatus();
        revision.setStatus(status);
        return enter(revision, phase, null, null);
    }

    /** The revision entering {@code phase}, as a transition does: phase, reason, message and the transition record. */
    static ModelRevision enter(ModelRevision revision, String phase, String reason, String message) {
        ModelRevisionStatus status = revision.getStatus();
        status.setPhase(phase);
        status.setReason(reason);
        status.setMessage(message);
        List<PhaseTransition> transitions = new ArrayList<>(status.getTransitions());
        transitions.add(new PhaseTransition(phase, "2026-12-07T10:00:00Z", reason));
        status.setTransitions(transitions);
        return revision;
    }

    static ModelRevision copy(ModelRevision revision) {
        try {
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            return json.readValue(json.writeValueAsString(revision), ModelRevision.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static RolloutStatus canary(ModelRevision revision, int attempt, int stepIndex, String pausedReason) {
        RolloutStatus rollout = revision.getStatus().getRollout() == null ? new RolloutStatus() : revision.getStatus().getRollout();
        rollout.setStrategy("Canary");
        rollout.setAttempt(attempt);
        rollout.setStepIndex(stepIndex);
        rollout.setPausedReason(pausedReason);
        revision.getStatus().setRollout(rollout);
        return rollout;
    }

    static AnalysisRunStatus run(RolloutStatus rollout, String name, String analysis, int attempt, String phase) {
        AnalysisRunStatus run = new AnalysisRunStatus();
        run.setName(name);
        run.setAnalysis(analysis);
        run.setAttempt(attempt);
        run.setPhase(phase);
        rollout.getAnalysisRuns().add(run);
        return run;
    }

    static MetricRunStatus metric(AnalysisRunStatus run, String name, String phase, String... values) {
        MetricRunStatus metric = new MetricRunStatus();
        metric.setName(name);
        metric.setPhase(phase);
        for (String value : values) {
            MeasurementStatus measurement = new MeasurementStatus();
            measurement.setPhase(value.startsWith("!") ? "Failed" : "Successful");
            measurement.setValue(value.replace("!", ""));
            measurement.setTime("2026-12-07T10:00:00Z");
            metric.getMeasurements().add(measurement);
        }
        run.getMetrics().add(metric);
        return metric;
    }

    static GateVerdict failedGate(GateVerdict.Stage stage, String metric, double observed, String bound, String reason, String message) {
        return new GateVerdict(stage, metric, GateVerdict.Result.Failed, observed, bound, reason, message);
    }
}
