package io.modelgate.cli;

import io.modelgate.api.AnalysisRunStatus;
import io.modelgate.api.MeasurementStatus;
import io.modelgate.api.MetricRunStatus;
import io.modelgate.api.RolloutStatus;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.modelgate.api.GateVerdict;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelPipelineStatus;
import io.modelgate.api.ModelRevision;
import io.modelgate.workload.Labels;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** {@code kubectl modelgate status}: the pipeline, its conditions, its revisions, the current revision's gate verdicts and training. */
public final class StatusView {

    private StatusView() {
    }

    /**
     * @param revisions the pipeline's revisions, in any order
     * @param now       the time ages are measured against
     */
    public static String render(ModelPipeline pipeline, List<ModelRevision> revisions, Instant now) {
        return render(pipeline, revisions, null, now);
    }

    /**
     * @param trainingObject what the engine holds of a revision's training (its Job, TrainJob or JobSet), if anything;
     *                       null: the training section is left out (the API objects alone)
     */
    public static String render(ModelPipeline pipeline, List<ModelRevision> revisions,
                                Function<ModelRevision, Optional<GenericKubernetesResource>> trainingObject, Instant now) {
        return render(pipeline, revisions, trainingObject, null, now);
    }

    /**
     * @param servingObject the InferenceService of a revision served on KServe, if there is one; null: the KServe
     *                      section is left out
     */
    public static String render(ModelPipeline pipeline, List<ModelRevision> revisions,
                                Function<ModelRevision, Optional<GenericKubernetesResource>> trainingObject,
                                Function<ModelRevision, Optional<GenericKubernetesResource>> servingObject, Instant now) {
        String name = pipeline.getMetadata().getName();
        List<ModelRevision> newestFirst = Revisions.of(name, revisions);
        ModelPipelineStatus status = pipeline.getStatus();
        StringBuilder out = new StringBuilder();

        Table summary = new Table("PIPELINE", "NAMESPACE", "PHASE", "STABLE", "CURRENT", "WEIGHT", "AGE");
        summary.row(name, pipeline.getMetadata().getNamespace(),
                status == null || status.getPhase() == null ? "<none>" : status.getPhase(),
                status == null || status.getStableRevision() == null ? "<none>" : status.getStableRevision(),
                status == null || status.getCurrentRevision() == null ? "<none>" : status.getCurrentRevision(),
                status == null || status.getCanaryWeight() == null ? "" : status.getCanaryWeight() + "%",
                Ages.age(pipeline.getMetadata().getCreationTimestamp(), now));
        out.append(summary.render());
        if (pipeline.getSpec() != null && pipeline.getSpec().isPaused()) {
            out.append("Paused: spec.paused is true (kubectl modelgate resume ").append(name).append(")\n");
        }
        Map<String, String> annotations = pipeline.getMetadata().getAnnotations();
        String pending = annotations == null ? null : annotations.get(Labels.ACTION);
        if (pending != null) {
            out.append("Pending action: ").append(pending).append(" (").append(Labels.ACTION).append(", not yet taken by the operator)\n");
        }
        if (status == null) {
            out.append("No status yet: the operator has not reconciled this pipeline (is it running?)\n");
        } else if (status.getObservedGeneration() != null && pipeline.getMetadata().getGeneration() != null
                && status.getObservedGeneration() < pipeline.getMetadata().getGeneration()) {
            out.append("Status describes generation ").append(status.getObservedGeneration()).append(", the spec is at generation ")
                    .append(pipeline.getMetadata().getGeneration()).append(": the operator has not caught up yet\n");
        }

        out.append("\nConditions:\n");
        List<Condition> conditions = status == null || status.getConditions() == null ? List.of() : status.getConditions();
        if (conditions.isEmpty()) {
            out.append("  <none>\n");
        } else {
            Table table = new Table("TYPE", "STATUS", "REASON", "AGE", "MESSAGE");
            for (Condition c : conditions) {
                table.row(c.getType(), c.getStatus(), c.getReason(), Ages.age(c.getLastTransitionTime(), now), c.getMessage());
            }
            out.append(indent(table.render()));
        }

        out.append("\nRevisions (newest first):\n");
        if (newestFirst.isEmpty()) {
            out.append("  <none>\n");
        } else {
            Table table = new Table("NAME", "PHASE", "TRIGGER", "METRIC", "SERVING", "REASON", "AGE");
            for (ModelRevision r : newestFirst) {
                boolean serving = r.getStatus() != null && Boolean.TRUE.equals(r.getStatus().getServing());
                table.row(r.getMetadata().getName() + (r.getMetadata().getName().equals(status == null ? null : status.getStableRevision()) ? " *" : ""),
                        Revisions.phase(r), Revisions.trigger(r),
                        r.getStatus() == null ? null : r.getStatus().getKeyMetric(),
                        serving ? "true" : "", r.getStatus() == null ? null : r.getStatus().getReason(),
                        Ages.age(r.getMetadata().getCreationTimestamp(), now));
            }
            out.append(indent(table.render()));
            out.append("  (* stable)\n");
        }

        Optional<ModelRevision> current = Revisions.named(status == null ? null : status.getCurrentRevision(), newestFirst)
                .or(() -> newestFirst.stream().findFirst());
        current.ifPresent(r -> {
            out.append("\nGates of ").append(r.getMetadata().getName()).append(":\n");
            List<GateVerdict> gates = r.getStatus() == null || r.getStatus().getGates() == null ? List.of() : r.getStatus().getGates();
            if (gates.isEmpty()) {
                out.append("  <none yet>\n");
            } else {
                Table table = new Table("STAGE", "METRIC", "OBSERVED", "BOUND", "RESULT", "REASON");
                for (GateVerdict g : gates) {
                    table.row(g.getStage(), g.getMetric(), Ages.number(g.getObserved()), g.getBound(), g.getResult(), g.getReason());
                }
                out.append(indent(table.render()));
            }
            if (r.getStatus() != null && r.getStatus().getMessage() != null && !r.getStatus().getMessage().isBlank()) {
                out.append("  Message: ").append(r.getStatus().getMessage().strip()).append('\n');
            }
            if (trainingObject != null) {
                out.append(TrainingView.render(r, trainingObject.apply(r), now));
            }
            if (servingObject != null) {
                // The revision rolling out and the one it would replace, each as KServe sees it.
                Revisions.named(status == null ? null : status.getStableRevision(), newestFirst)
                        .filter(stable -> stable != r).filter(ServingView::onKServe)
                        .ifPresent(stable -> out.append(ServingView.render(stable, servingObject.apply(stable), now)));
                if (ServingView.onKServe(r)) {
                    out.append(ServingView.render(r, servingObject.apply(r), now));
                }
            }
            if (r.getStatus() != null && r.getStatus().getRollout() != null) {
                out.append(rollout(r.getMetadata().getName(), r.getStatus().getRollout(), now));
            }
        });
        return out.toString();
    }

    /** The rollout in progress (or how it ended): step, weight, pause, and each metric's last measurements. */
    static String rollout(String revision, RolloutStatus rollout, Instant now) {
        StringBuilder out = new StringBuilder("\nRollout of ").append(revision).append(":\n");
        Table table = new Table("STRATEGY", "ATTEMPT", "STEP", "WEIGHT", "PHASE", "STABLE");
        String step = rollout.getStepIndex() == null ? "" : Math.min(rollout.getStepIndex() + 1, nz(rollout.getStepCount()))
                + "/" + nz(rollout.getStepCount());
        table.row(rollout.getStrategy(), rollout.getAttempt() == null ? "" : rollout.getAttempt().toString(), step,
                rollout.getCanaryWeight() == null ? "" : rollout.getCanaryWeight() + "%",
                rollout.getBlueGreenPhase() == null ? (Boolean.TRUE.equals(rollout.getAborted()) ? "Aborted" : "") : rollout.getBlueGreenPhase(),
                rollout.getStableRevision());
        out.append(indent(table.render()));
        if (rollout.getPausedReason() != null) {
            out.append("  Waiting for a person: ").append(rollout.getPausedReason())
                    .append(" (kubectl modelgate promote|abort)\n");
        }
        if (rollout.getMessage() != null && !rollout.getMessage().equals(rollout.getPausedReason())) {
            out.append("  Last decision: ").append(rollout.getMessage()).append('\n');
        }
        List<AnalysisRunStatus> runs = rollout.getAnalysisRuns() == null ? List.of() : rollout.getAnalysisRuns();
        if (runs.isEmpty()) {
            return out.toString();
        }
        out.append("\nAnalysis (last measurements, newest last):\n");
        Table measurements = new Table("RUN", "METRIC", "RESULT", "COUNTS S/F/I/E", "LAST", "VALUE", "STABLE", "AGE");
        for (AnalysisRunStatus run : runs) {
            for (MetricRunStatus metric : run.getMetrics() == null ? List.<MetricRunStatus>of() : run.getMetrics()) {
                List<MeasurementStatus> taken = metric.getMeasurements() == null ? List.of() : metric.getMeasurements();
                String lasts = taken.stream().skip(Math.max(0, taken.size() - 5)).map(m -> m.getPhase().substring(0, 1))
                        .reduce("", String::concat);
                MeasurementStatus last = taken.isEmpty() ? null : taken.get(taken.size() - 1);
                String result = Boolean.TRUE.equals(metric.getDryRun()) ? metric.getPhase() + " (dry run)" : metric.getPhase();
                measurements.row(run.getName() + " (" + run.getAnalysis() + ")", metric.getName(), result,
                        nz(metric.getSuccessful()) + "/" + nz(metric.getFailed()) + "/" + nz(metric.getInconclusive()) + "/" + nz(metric.getError()),
                        lasts, last == null ? "" : last.getValue(), last == null ? "" : last.getStableValue(),
                        last == null ? "" : Ages.age(last.getTime(), now));
            }
        }
        out.append(indent(measurements.render()));
        runs.stream().filter(run -> !"Running".equals(run.getPhase()) && !"Successful".equals(run.getPhase()))
                .forEach(run -> out.append("  ").append(run.getName()).append(' ').append(run.getPhase()).append(": ")
                        .append(run.getMessage()).append('\n'));
        return out.toString();
    }

    private static int nz(Integer value) {
        return value == null ? 0 : value;
    }

    static String indent(String block) {
        return block.lines().map(l -> l.isEmpty() ? l : "  " + l).reduce(new StringBuilder(), (b, l) -> b.append(l).append('\n'), StringBuilder::append).toString();
    }
}
