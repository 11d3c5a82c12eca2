package io.modelgate.training;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.modelgate.revision.JobObservation;
import io.modelgate.status.Reason;
import io.modelgate.workload.ClusterView;
import io.modelgate.workload.JobObservations;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an engine's object says in its own {@code status.conditions} (TrainJob, JobSet), and what Kueue says of an
 * object it holds: the message of its Workload's {@code QuotaReserved=False} condition.
 */
final class EngineStatus {

    static final String WORKLOAD = "Workload";

    private EngineStatus() {
    }

    record Condition(String type, String status, String reason, String message) {
        boolean isTrue() {
            return "True".equals(status);
        }
    }

    @SuppressWarnings("unchecked")
    static Optional<Condition> condition(GenericKubernetesResource object, String type) {
        Object status = object.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> map) || !(map.get("conditions") instanceof List<?> conditions)) {
            return Optional.empty();
        }
        return conditions.stream().filter(Map.class::isInstance).map(c -> (Map<String, Object>) c)
                .filter(c -> type.equals(c.get("type")))
                .map(c -> new Condition(type, text(c.get("status")), text(c.get("reason")), text(c.get("message"))))
                .findFirst();
    }

    /**
     * Done, failed or running from the engine's own conditions; a suspended object is held: by its queue when it has
     * one (with Kueue's message), else by whoever suspended it.
     */
    static JobObservation observe(ClusterView cluster, GenericKubernetesResource object, String complete, Collection<Pod> pods, String trainer) {
        Optional<Condition> failed = condition(object, "Failed").filter(Condition::isTrue);
        if (failed.isPresent()) {
            return new JobObservation.Failed(orElse(failed.get().reason(), "Failed"), orElse(failed.get().message(), ""));
        }
        if (condition(object, complete).filter(Condition::isTrue).isPresent()) {
            return new JobObservation.Succeeded(JobObservations.firstNodeTerminationMessage(pods, trainer).orElse(null));
        }
        Optional<Condition> suspended = condition(object, "Suspended").filter(Condition::isTrue);
        if (suspended.isPresent() || Boolean.TRUE.equals(spec(object).get("suspend"))) {
            return held(cluster, object, suspended.map(Condition::message).orElse(object.getKind() + " is suspended"));
        }
        return JobObservation.RUNNING;
    }

    /** Kueue holds an object it has not admitted suspended; its Workload (owned by the object) says why. */
    static JobObservation held(ClusterView cluster, HasMetadata object, String otherwise) {
        String queue = object.getMetadata().getLabels() == null ? null : object.getMetadata().getLabels().get(io.modelgate.workload.Labels.KUEUE_QUEUE);
        if (queue == null) {
            return new JobObservation.Held(Reason.Suspended, otherwise);
        }
        Optional<String> why = cluster.ownedBy(WORKLOAD, object.getMetadata().getUid()).stream()
                .filter(GenericKubernetesResource.class::isInstance).map(GenericKubernetesResource.class::cast)
                .map(workload -> condition(workload, "QuotaReserved").filter(c -> !c.isTrue()).map(Condition::message).orElse(null))
                .filter(Objects::nonNull).findFirst();
        return new JobObservation.Held(Reason.WaitingForQuota, "queue " + queue + ": " + why.orElse("Kueue has not admitted it yet"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(GenericKubernetesResource object) {
        return object.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec ? (Map<String, Object>) spec : Map.of();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String orElse(String value, String otherwise) {
        return value == null || value.isBlank() ? otherwise : value;
    }
}
