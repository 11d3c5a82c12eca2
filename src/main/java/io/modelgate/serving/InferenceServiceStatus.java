package io.modelgate.serving;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.modelgate.podsecurity.PodSecurityStandards;
import io.modelgate.revision.JobObservation;
import io.modelgate.revision.ServingObservation;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an InferenceService's own status says of it, read as a Deployment's is: available once KServe calls it
 * {@code Ready} and the revision's predictor pods are ready at the count asked; stalled
 * where KServe says no try can succeed (its model status {@code InvalidSpec} or {@code BlockedByFailedLoad}, e.g. no
 * runtime supports the format, with KServe's reason and message), where the predictor's Deployment passed its
 * progress deadline, or where Pod Security admission refuses its pods.
 */
final class InferenceServiceStatus {

    static final String READY = "Ready";

    private InferenceServiceStatus() {
    }

    static ServingObservation observe(GenericKubernetesResource service, Optional<Integer> asked, int desiredReplicas, List<Pod> pods) {
        Map<String, Object> status = map(service.getAdditionalProperties().get("status"));
        int ready = (int) pods.stream().filter(InferenceServiceStatus::ready).count();
        Optional<ServingObservation.Stalled> stalled = stalled(status);
        if (stalled.isPresent()) {
            return stalled.get();
        }
        // KServe's status.observedGeneration is its predictor Deployment's, not the InferenceService's: the pods say
        // whether the count asked now is there.
        boolean readyCondition = condition(status, READY).map(c -> "True".equals(c.get("status"))).orElse(false);
        if (readyCondition && asked.orElse(-1) == desiredReplicas && ready >= desiredReplicas) {
            return ServingObservation.AVAILABLE;
        }
        return new ServingObservation.Progressing(ready, desiredReplicas);
    }

    private static Optional<ServingObservation.Stalled> stalled(Map<String, Object> status) {
        Map<String, Object> model = map(status.get("modelStatus"));
        Object transition = model.get("transitionStatus");
        if ("InvalidSpec".equals(transition) || "BlockedByFailedLoad".equals(transition)) {
            Map<String, Object> failure = map(model.get("lastFailureInfo"));
            String reason = Objects.toString(failure.get("reason"), String.valueOf(transition));
            return Optional.of(new ServingObservation.Stalled(reason, Objects.toString(failure.get("message"), "")));
        }
        for (Map<String, Object> condition : conditions(status)) {
            String message = Objects.toString(condition.get("message"), "");
            if ("False".equals(condition.get("status")) && "ProgressDeadlineExceeded".equals(condition.get("reason"))) {
                return Optional.of(new ServingObservation.Stalled("ProgressDeadlineExceeded", message));
            }
            if (!"True".equals(condition.get("status")) && PodSecurityStandards.refusedByAdmission(message)) {
                return Optional.of(new ServingObservation.Stalled(JobObservation.POD_SECURITY_REFUSED, message));
            }
        }
        return Optional.empty();
    }

    static Optional<Map<String, Object>> condition(Map<String, Object> status, String type) {
        return conditions(status).stream().filter(c -> type.equals(c.get("type"))).findFirst();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> conditions(Map<String, Object> status) {
        Object conditions = status.get("conditions");
        return conditions instanceof List<?> list
                ? list.stream().filter(Map.class::isInstance).map(c -> (Map<String, Object>) c).toList()
                : List.of();
    }

    private static boolean ready(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return false;
        }
        return pod.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
