package io.modelgate.cli;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.ServingSpec;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A revision served on KServe as {@code kubectl modelgate status} shows it: its InferenceService, the replica bounds
 * Modelgate gave it, and KServe's own word on it (its conditions, its model status and failure, its URL), so that a
 * person sees what KServe says, not only what Modelgate concluded.
 */
final class ServingView {

    static final String API_VERSION = "serving.kserve.io/v1beta1";
    static final String KIND = "InferenceService";

    private ServingView() {
    }

    static boolean onKServe(ModelRevision revision) {
        ServingSpec serving = revision.getSpec() == null ? null : revision.getSpec().getServing();
        return serving != null && serving.effectiveBackend() == ServingSpec.Backend.InferenceService;
    }

    static Optional<String> name(ModelRevision revision) {
        return Optional.ofNullable(revision.getSpec()).map(s -> s.getWorkloads()).map(w -> w.getDeployment());
    }

    static String render(ModelRevision revision, Optional<GenericKubernetesResource> service, Instant now) {
        StringBuilder out = new StringBuilder("\nServing of ").append(revision.getMetadata().getName()).append(" on KServe:\n");
        Table summary = new Table("OBJECT", "FORMAT", "REPLICAS", "MODEL", "URL");
        var predictor = revision.getSpec().getServing().getInferenceService();
        String format = predictor == null || predictor.getModelFormat() == null ? "" : predictor.getModelFormat().getName()
                + (predictor.getModelFormat().getVersion() == null ? "" : ":" + predictor.getModelFormat().getVersion());
        if (service.isEmpty()) {
            summary.row(KIND.toLowerCase() + "/" + name(revision).orElse(""), format, "", "absent (not rolled out, or pruned)", "");
            return out.append(StatusView.indent(summary.render())).toString();
        }
        Map<String, Object> spec = map(service.get().getAdditionalProperties().get("spec"));
        Map<String, Object> bounds = map(spec.get("predictor"));
        Map<String, Object> status = map(service.get().getAdditionalProperties().get("status"));
        Map<String, Object> model = map(status.get("modelStatus"));
        summary.row(KIND.toLowerCase() + "/" + service.get().getMetadata().getName(), format,
                text(bounds.get("minReplicas")) + ".." + text(bounds.get("maxReplicas")),
                text(model.get("transitionStatus")), text(status.get("url")));
        out.append(StatusView.indent(summary.render()));
        Map<String, Object> failure = map(model.get("lastFailureInfo"));
        if (!failure.isEmpty()) {
            out.append("  KServe: ").append(text(failure.get("reason"))).append(": ").append(text(failure.get("message"))).append('\n');
        }
        List<Map<String, Object>> conditions = list(status.get("conditions"));
        if (!conditions.isEmpty()) {
            Table table = new Table("TYPE", "STATUS", "REASON", "AGE", "MESSAGE");
            for (Map<String, Object> c : conditions) {
                table.row(text(c.get("type")), text(c.get("status")), text(c.get("reason")),
                        Ages.age(text(c.get("lastTransitionTime")), now), text(c.get("message")));
            }
            out.append(StatusView.indent(table.render()));
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return value instanceof List<?> list ? list.stream().filter(Map.class::isInstance).map(c -> (Map<String, Object>) c).toList() : List.of();
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }
}
