package io.modelgate.revision;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.modelgate.api.InferenceServiceSpec;
import io.modelgate.api.ModelPipelineSpec;
import io.modelgate.api.ModelRevisionSpec;
import io.modelgate.api.ServingSpec;
import io.modelgate.api.TrainingSpec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What makes two revisions the same model: the source, and the templates and gates of every stage.
 * Rollout settings, triggers, pausing, history and serving replicas are left out: changing them
 * must not retrain anything.
 */
public final class RevisionIdentity {

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private RevisionIdentity() {
    }

    public static String contentHash(ModelPipelineSpec spec) {
        return "sha256:" + sha256(canonicalJson(parts(spec)));
    }

    /**
     * The pipeline spec a revision stands for, which a change of the pipeline's spec is found against: its own content
     * hash, but for a rerun, which runs an earlier spec again without the pipeline's having changed.
     */
    public static String standsFor(ModelRevisionSpec revision) {
        return revision.getPipelineContentHash() != null ? revision.getPipelineContentHash() : revision.getContentHash();
    }

    /** The content hash of a frozen revision spec, as {@link #contentHash(ModelPipelineSpec)} gives it for a pipeline's. */
    public static String contentHash(ModelRevisionSpec frozen) {
        return contentHash(asPipelineSpec(frozen));
    }

    /** The parts of the identity ({@code source}, {@code training}, ...) in which a spec differs from a frozen revision. */
    public static List<String> changedParts(ModelPipelineSpec spec, ModelRevisionSpec frozen) {
        Map<String, Object> now = parts(spec);
        Map<String, Object> before = parts(asPipelineSpec(frozen));
        return now.keySet().stream()
                .filter(part -> !canonicalJson(now.get(part)).equals(canonicalJson(before.get(part))))
                .toList();
    }

    /** The identity parts of a frozen revision as a pipeline spec holding only them (a copy shares their objects). */
    public static ModelPipelineSpec asPipelineSpec(ModelRevisionSpec frozen) {
        ModelPipelineSpec then = new ModelPipelineSpec();
        then.setModel(frozen.getModel());
        then.setSource(frozen.getSource());
        then.setDataValidation(frozen.getDataValidation());
        then.setTraining(frozen.getTraining());
        then.setEvaluation(frozen.getEvaluation());
        then.setServing(frozen.getServing());
        return then;
    }

    private static Map<String, Object> parts(ModelPipelineSpec spec) {
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("model", spec.getModel());
        identity.put("source", sourceIdentity(spec.getSource()));
        identity.put("dataValidation", spec.getDataValidation());
        identity.put("training", trainingIdentity(spec.getTraining()));
        identity.put("evaluation", spec.getEvaluation());
        identity.put("serving", servingIdentity(spec.getServing()));
        return identity;
    }

    /** The serving fields frozen into a revision: everything but replicas and an InferenceService's autoscaling. */
    public static ServingSpec servingIdentity(ServingSpec serving) {
        if (serving == null) {
            return null;
        }
        ServingSpec frozen = new ServingSpec();
        frozen.setTemplate(serving.getTemplate());
        frozen.setPort(serving.getPort());
        frozen.setServiceName(serving.getServiceName());
        // The default named or left out is one choice: naming it must not retrain.
        frozen.setBackend(serving.getBackend() == ServingSpec.Backend.Deployment ? null : serving.getBackend());
        frozen.setInferenceService(inferenceServiceIdentity(serving.getInferenceService()));
        return frozen;
    }

    /** What changes the model server: the replica bounds and the autoscaling target only scale it. */
    private static InferenceServiceSpec inferenceServiceIdentity(InferenceServiceSpec given) {
        if (given == null) {
            return null;
        }
        InferenceServiceSpec frozen = CANONICAL.convertValue(given, InferenceServiceSpec.class);
        frozen.setMinReplicas(null);
        frozen.setMaxReplicas(null);
        frozen.setScaleMetric(null);
        frozen.setScaleTarget(null);
        return frozen;
    }

    /** The training fields as they count for identity: the default backend named or left out is the same. */
    /** How often a registered model's alias is looked up says nothing of the model. */
    static Object sourceIdentity(io.modelgate.api.SourceSpec source) {
        if (source == null || source.getRegisteredModel() == null || source.getRegisteredModel().getPollInterval() == null) {
            return source;
        }
        Map<String, Object> tree = CANONICAL.convertValue(source, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
        @SuppressWarnings("unchecked")
        Map<String, Object> registered = (Map<String, Object>) tree.get("registeredModel");
        registered.remove("pollInterval");
        return tree;
    }

    static Object trainingIdentity(TrainingSpec training) {
        if (training == null || training.getBackend() != TrainingSpec.Backend.Job) {
            return training;
        }
        Map<String, Object> tree = CANONICAL.convertValue(training, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
        tree.remove("backend");
        return tree;
    }

    static String canonicalJson(Object value) {
        try {
            // Through a tree first, so that maps nested inside beans (labels, parameters) are sorted too.
            Object tree = CANONICAL.convertValue(value, Object.class);
            return CANONICAL.writeValueAsString(withoutEmpties(tree));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the revision identity", e);
        }
    }

    /** Absent, null and an empty map or list are one and the same to a user: none of them may change the hash. */
    private static Object withoutEmpties(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> cleaned = new TreeMap<>();
            map.forEach((key, value) -> {
                Object child = withoutEmpties(value);
                if (child != null) {
                    cleaned.put(String.valueOf(key), child);
                }
            });
            return cleaned.isEmpty() ? null : cleaned;
        }
        if (node instanceof List<?> list) {
            List<Object> cleaned = new ArrayList<>();
            for (Object item : list) {
                Object child = withoutEmpties(item);
                cleaned.add(child == null ? Map.of() : child);
            }
            return cleaned.isEmpty() ? null : cleaned;
        }
        return node;
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
