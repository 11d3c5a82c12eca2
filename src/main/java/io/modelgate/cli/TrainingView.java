package io.modelgate.cli;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.TrainingSpec;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The training of a revision as {@code kubectl modelgate status} shows it: the engine, the object Modelgate made on
 * it, the queue, and that object's own conditions as the engine wrote them (a TrainJob's Complete/Failed, a JobSet's
 * Completed, a Job's, Kueue's suspension), so that a person sees what the engine says, not only what Modelgate concluded.
 */
final class TrainingView {

    private TrainingView() {
    }

    /** The kind of the object a revision trains on, as {@code apiVersion} and {@code kind}. */
    static Map.Entry<String, String> kindOf(ModelRevision revision) {
        return switch (backend(revision)) {
            case TrainJob -> Map.entry("trainer.kubeflow.org/v1alpha1", "TrainJob");
            case JobSet -> Map.entry("jobset.x-k8s.io/v1alpha2", "JobSet");
            case Job -> Map.entry("batch/v1", "Job");
        };
    }

    static String render(ModelRevision revision, Optional<GenericKubernetesResource> engineObject, Instant now) {
        TrainingSpec training = revision.getSpec() == null ? null : revision.getSpec().getTraining();
        String name = revision.getSpec() == null || revision.getSpec().getWorkloads() == null ? null : revision.getSpec().getWorkloads().getTrainingJob();
        StringBuilder out = new StringBuilder("\nTraining of ").append(revision.getMetadata().getName()).append(":\n");
        Table summary = new Table("BACKEND", "OBJECT", "QUEUE", "STATE");
        summary.row(backend(revision).name(), name == null ? "" : kindOf(revision).getValue().toLowerCase() + "/" + name,
                training == null || training.getQueueName() == null ? "" : training.getQueueName(),
                engineObject.isPresent() ? state(engineObject.get()) : "absent (not started, or deleted with the revision's end)");
        out.append(StatusView.indent(summary.render()));
        engineObject.ifPresent(object -> {
            List<Map<String, Object>> conditions = conditions(object);
            if (!conditions.isEmpty()) {
                Table table = new Table("TYPE", "STATUS", "REASON", "AGE", "MESSAGE");
                for (Map<String, Object> c : conditions) {
                    table.row(text(c.get("type")), text(c.get("status")), text(c.get("reason")),
                            Ages.age(text(c.get("lastTransitionTime")), now), text(c.get("message")));
                }
                out.append(StatusView.indent(table.render()));
            }
        });
        Map<String, Double> metrics = revision.getStatus() == null ? null : revision.getStatus().getTrainingMetrics();
        if (metrics != null && !metrics.isEmpty()) {
            out.append("  Training metrics (the first node's report): ").append(metrics).append('\n');
        }
        return out.toString();
    }

    /** The engine's own word: its True conditions, or suspended, or running. */
    static String state(GenericKubernetesResource object) {
        List<String> trueOnes = conditions(object).stream().filter(c -> "True".equals(c.get("status"))).map(c -> text(c.get("type"))).toList();
        if (!trueOnes.isEmpty()) {
            return String.join(",", trueOnes);
        }
        Object spec = object.getAdditionalProperties().get("spec");
        return spec instanceof Map<?, ?> map && Boolean.TRUE.equals(map.get("suspend")) ? "Suspended" : "Running";
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> conditions(GenericKubernetesResource object) {
        Object status = object.getAdditionalProperties().get("status");
        if (status instanceof Map<?, ?> map && map.get("conditions") instanceof List<?> list) {
            return list.stream().filter(Map.class::isInstance).map(c -> (Map<String, Object>) c).toList();
        }
        return List.of();
    }

    private static TrainingSpec.Backend backend(ModelRevision revision) {
        return revision.getSpec() == null || revision.getSpec().getTraining() == null ? TrainingSpec.Backend.Job
                : revision.getSpec().getTraining().effectiveBackend();
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
