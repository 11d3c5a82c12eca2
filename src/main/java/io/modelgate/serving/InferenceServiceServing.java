package io.modelgate.serving;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.modelgate.api.InferenceServiceSpec;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.ModelRevisionSpec;
import io.modelgate.engine.EngineKind;
import io.modelgate.revision.ServingObservation;
import io.modelgate.workload.ClusterView;
import io.modelgate.workload.Labels;
import io.modelgate.workload.Owned;
import io.modelgate.workload.RevisionNames;
import io.modelgate.workload.Workloads;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A revision serves from its own KServe {@code InferenceService} in Standard (raw deployment) mode: KServe makes the
 * predictor's Deployment, Service and autoscaler from the runtime that supports the model's format, and its storage
 * initializer pulls the model from {@code storageUri}. The predictor pods carry the revision's serving labels, so
 * Modelgate's own Services (and the HTTPRoute's backends) move traffic between revisions exactly as they do between
 * Deployments; KServe's canary, ignored in Standard mode, is not used. The replica count the serving layout asks of a
 * revision is its {@code minReplicas} ({@link ReplicaBounds}).
 *
 * @param fullSize      pods of the stable revision, from the pipeline as it is now (not part of the revision)
 * @param configuredMax the pipeline's {@code inferenceService.maxReplicas} now
 * @param scaling       the pipeline's scaleMetric and scaleTarget now, if it names them
 * @param handedOver    the revision is the stable one serving at full size, so KServe's autoscaler may take it
 *                      ({@link ReplicaBounds})
 */
public record InferenceServiceServing(int fullSize, Optional<Integer> configuredMax, Optional<Scaling> scaling,
                                      boolean handedOver) implements ServingBackend {

    public static final String DEPLOYMENT_MODE_ANNOTATION = "serving.kserve.io/deploymentMode";
    public static final String DEPLOYMENT_MODE = "Standard";
    /**
     * KServe's autoscaler class: {@code none} while the revision is pinned (KServe then sets the predictor
     * Deployment's replicas to minReplicas, 0 included, and deletes its HPA), {@code hpa} while it autoscales at full
     * size. An HPA cannot go below one pod and takes its sync period to follow a new floor, so a pinned count through
     * an HPA would be neither exact nor prompt.
     */
    public static final String AUTOSCALER_CLASS_ANNOTATION = "serving.kserve.io/autoscalerClass";

    /** KServe's autoscaler target, outside the revision's identity. */
    public record Scaling(String metric, int target) {
    }

    public InferenceServiceServing {
        Objects.requireNonNull(configuredMax, "configuredMax");
        Objects.requireNonNull(scaling, "scaling");
    }

    /** With the pipeline's current bounds, where it still serves on KServe; the revision's frozen spec otherwise. */
    public static InferenceServiceServing of(int fullSize, InferenceServiceSpec current) {
        if (current == null) {
            return new InferenceServiceServing(fullSize, Optional.empty(), Optional.empty(), false);
        }
        Optional<Scaling> scaling = current.getScaleMetric() == null || current.getScaleTarget() == null ? Optional.empty()
                : Optional.of(new Scaling(current.getScaleMetric().name(), current.getScaleTarget()));
        return new InferenceServiceServing(fullSize, Optional.ofNullable(current.getMaxReplicas()), scaling, false);
    }

    @Override
    public ServingBackend handedOver(boolean stableAtFullSize) {
        return stableAtFullSize == handedOver ? this : new InferenceServiceServing(fullSize, configuredMax, scaling, stableAtFullSize);
    }

    private ReplicaBounds bounds(int replicas) {
        return ReplicaBounds.of(replicas, fullSize, configuredMax, handedOver);
    }

    @Override
    public List<Class<? extends HasMetadata>> watchedKinds() {
        // The InferenceService itself is watched as a platform kind (Engines); its predictor pods by the pipeline's label.
        return List.of(Pod.class);
    }

    @Override
    public HasMetadata build(ModelRevision revision, int replicas) {
        ModelRevisionSpec spec = revision.getSpec();
        InferenceServiceSpec predictor = spec.getServing().getInferenceService();
        String name = revision.getMetadata().getName();
        Map<String, String> labels = new LinkedHashMap<>(predictor.getLabels() == null ? Map.of() : predictor.getLabels());
        labels.putAll(Labels.forRevision(spec.getModel(), spec.getPipeline(), name, Labels.ROLE_SERVING));

        GenericKubernetesResource object = new GenericKubernetesResource();
        object.setApiVersion(EngineKind.INFERENCE_SERVICE.apiVersion());
        object.setKind(EngineKind.INFERENCE_SERVICE.kind());
        object.setMetadata(Workloads.ownedMetadata(RevisionNames.deployment(spec.getPipeline(), spec.getNumber()),
                revision.getMetadata().getNamespace(), labels, revision));
        Map<String, String> annotations = new LinkedHashMap<>(predictor.getAnnotations() == null ? Map.of() : predictor.getAnnotations());
        annotations.put(DEPLOYMENT_MODE_ANNOTATION, DEPLOYMENT_MODE);
        annotations.put(AUTOSCALER_CLASS_ANNOTATION, autoscalerClass(bounds(replicas)));
        object.getMetadata().setAnnotations(annotations);

        Map<String, Object> component = new LinkedHashMap<>();
        putBounds(component, bounds(replicas));
        scaling.ifPresent(s -> {
            component.put("scaleMetric", s.metric());
            component.put("scaleTarget", s.target());
        });
        component.put("labels", labels);
        putIfSet(component, "serviceAccountName", predictor.getServiceAccountName());
        putIfSet(component, "logger", predictor.getLogger());
        component.put("model", model(revision, predictor));
        object.setAdditionalProperty("spec", Map.of("predictor", component));
        return object;
    }

    /** The predictor's model: KServe's ModelSpec, a container whose environment carries the revision's contract. */
    private static Map<String, Object> model(ModelRevision revision, InferenceServiceSpec predictor) {
        Map<String, Object> model = new LinkedHashMap<>();
        Map<String, Object> format = new LinkedHashMap<>();
        format.put("name", predictor.getModelFormat().getName());
        putIfSet(format, "version", predictor.getModelFormat().getVersion());
        model.put("modelFormat", format);
        putIfSet(model, "runtime", predictor.getRuntime());
        putIfSet(model, "protocolVersion", predictor.getProtocolVersion());
        model.put("storageUri", predictor.getStorageUri() == null ? revision.getSpec().getArtifactUri() : predictor.getStorageUri());
        putIfSet(model, "image", predictor.getImage());
        putIfSet(model, "command", predictor.getCommand());
        putIfSet(model, "args", predictor.getArgs());
        List<EnvVar> env = new ArrayList<>(predictor.getEnv() == null ? List.of() : predictor.getEnv());
        List<EnvVar> modelgate = Workloads.environment(revision);
        env.removeIf(e -> modelgate.stream().anyMatch(m -> m.getName().equals(e.getName())));
        env.addAll(modelgate);
        model.put("env", env.stream().map(InferenceServiceServing::envVar).toList());
        if (predictor.getResources() != null) {
            model.put("resources", SERIALIZATION.convertValue(predictor.getResources(), Map.class));
        }
        return model;
    }

    @Override
    public List<PodTemplateSpec> podTemplates(HasMetadata built) {
        // KServe builds the pods from the runtime the platform team maintains; inferenceService exposes nothing that
        // raises a pod's privileges (no securityContext, volumes or host fields), so there is no template of ours to check.
        return List.of();
    }

    @Override
    public Optional<HasMetadata> find(ClusterView cluster, ModelRevision revision) {
        return cluster.get(EngineKind.INFERENCE_SERVICE.kind(), revision.getSpec().getWorkloads().getDeployment());
    }

    @Override
    public Optional<Integer> askedReplicas(HasMetadata workload) {
        return Optional.ofNullable(predictor(workload).get("minReplicas")).map(v -> ((Number) v).intValue());
    }

    /** The bounds and the autoscaling target as this pipeline asks for them now, whatever the count was before. */
    @Override
    public boolean asks(HasMetadata workload, int replicas) {
        Map<String, Object> predictor = predictor(workload);
        Map<String, Object> wanted = scaling(replicas);
        Map<String, String> annotations = workload.getMetadata().getAnnotations();
        String autoscaler = annotations == null ? null : annotations.get(AUTOSCALER_CLASS_ANNOTATION);
        if (!autoscalerClass(bounds(replicas)).equals(autoscaler)) {
            return false;
        }
        return wanted.entrySet().stream().allMatch(e -> Objects.equals(number(e.getValue()), number(read(predictor, e.getKey()))));
    }

    /**
     * Both bounds at once (a merge patch of {@code minReplicas} alone could leave {@code maxReplicas} below it, which
     * KServe's webhook refuses), and the autoscaling target, removed (null) where the pipeline no longer names one.
     */
    @Override
    public Map<String, Object> scalePatch(int replicas) {
        return Map.of("metadata", Map.of("annotations", Map.of(AUTOSCALER_CLASS_ANNOTATION,
                        autoscalerClass(bounds(replicas)))),
                "spec", Map.of("predictor", scaling(replicas)));
    }

    static String autoscalerClass(ReplicaBounds bounds) {
        return bounds.autoscales() ? "hpa" : "none";
    }

    private Map<String, Object> scaling(int replicas) {
        Map<String, Object> fields = new LinkedHashMap<>();
        putBounds(fields, bounds(replicas));
        fields.put("scaleMetric", scaling.map(Scaling::metric).orElse(null));
        fields.put("scaleTarget", scaling.map(Scaling::target).orElse(null));
        return fields;
    }

    /** KServe's API drops a maxReplicas of 0 (omitempty): absent reads as the 0 that was written. */
    private static Object read(Map<String, Object> predictor, String field) {
        Object value = predictor.get(field);
        return value == null && "maxReplicas".equals(field) ? Integer.valueOf(0) : value;
    }

    private static Object number(Object value) {
        return value instanceof Number number ? (Object) number.longValue() : value;
    }

    @Override
    @SuppressWarnings("unchecked")
    public HasMetadata scaled(HasMetadata workload, int replicas) {
        GenericKubernetesResource copy = SERIALIZATION.convertValue(workload, GenericKubernetesResource.class);
        Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) copy.getAdditionalProperties().getOrDefault("spec", Map.of()));
        Map<String, Object> predictor = new LinkedHashMap<>((Map<String, Object>) spec.getOrDefault("predictor", Map.of()));
        scaling(replicas).forEach((key, value) -> {
            if (value == null) {
                predictor.remove(key);
            } else {
                predictor.put(key, value);
            }
        });
        spec.put("predictor", predictor);
        copy.setAdditionalProperty("spec", spec);
        Map<String, String> annotations = new LinkedHashMap<>(copy.getMetadata().getAnnotations() == null ? Map.of() : copy.getMetadata().getAnnotations());
        annotations.put(AUTOSCALER_CLASS_ANNOTATION, autoscalerClass(bounds(replicas)));
        copy.getMetadata().setAnnotations(annotations);
        return copy;
    }

    @Override
    public ServingObservation observe(ClusterView cluster, HasMetadata workload, int desiredReplicas) {
        if (workload == null) {
            return ServingObservation.ABSENT;
        }
        List<Pod> pods = cluster.pods(Map.of(Labels.PIPELINE, label(workload, Labels.PIPELINE), Labels.REVISION,
                label(workload, Labels.REVISION), Labels.ROLE, Labels.ROLE_SERVING));
        return InferenceServiceStatus.observe((GenericKubernetesResource) workload, askedReplicas(workload), desiredReplicas, pods);
    }

    @Override
    public List<Owned> owned(ModelRevision revision) {
        return List.of(new Owned(EngineKind.INFERENCE_SERVICE.apiVersion(), EngineKind.INFERENCE_SERVICE.kind(),
                revision.getSpec().getWorkloads().getDeployment()));
    }

    private static void putBounds(Map<String, Object> component, ReplicaBounds bounds) {
        component.put("minReplicas", bounds.min());
        component.put("maxReplicas", bounds.max());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> predictor(HasMetadata workload) {
        Object spec = ((GenericKubernetesResource) workload).getAdditionalProperties().get("spec");
        Object predictor = spec instanceof Map<?, ?> map ? map.get("predictor") : null;
        return predictor instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static String label(HasMetadata object, String key) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels == null ? "" : Objects.requireNonNullElse(labels.get(key), "");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> envVar(EnvVar var) {
        return SERIALIZATION.convertValue(var, Map.class);
    }

    private static void putIfSet(Map<String, Object> out, String key, Object value) {
        if (value instanceof List<?> list ? !list.isEmpty() : value instanceof Map<?, ?> map ? !map.isEmpty() : value != null) {
            out.put(key, value);
        }
    }

    /** Plain Jackson: the fabric8 model types carry their own annotations; the client stays with the writer. */
    static final com.fasterxml.jackson.databind.ObjectMapper SERIALIZATION = new com.fasterxml.jackson.databind.ObjectMapper()
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);
}
