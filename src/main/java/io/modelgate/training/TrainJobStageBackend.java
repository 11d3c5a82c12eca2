package io.modelgate.training;

import io.modelgate.engine.EngineKind;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.ModelRevisionSpec;
import io.modelgate.api.TrainJobSpec;
import io.modelgate.revision.JobObservation;
import io.modelgate.revision.JobStage;
import io.modelgate.workload.ClusterView;
import io.modelgate.workload.Labels;
import io.modelgate.workload.Owned;
import io.modelgate.workload.Workloads;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Training as a Kubeflow Trainer v2 {@code TrainJob} on a runtime the platform team maintains. The Trainer makes a
 * JobSet of the same name, owned by the TrainJob, and its Jobs and pods; Modelgate's one runtime patch (its own
 * {@code manager}, beside Kueue's) puts the revision's labels on the trainer nodes' pods, so that their termination
 * messages are read as a Job's are, and carries the pipeline's {@code runtimePatch}.
 */
public final class TrainJobStageBackend implements StageBackend {

    /** The replicated Job of the Trainer's runtimes that runs the trainer (torch-distributed, deepspeed, ...). */
    public static final String TRAINER_NODE = "node";
    public static final String PATCH_MANAGER = "modelgate.io/operator";
    /** Plain Jackson: the fabric8 model types carry their own annotations; the client stays with the writer. */
    static final com.fasterxml.jackson.databind.ObjectMapper SERIALIZATION = new com.fasterxml.jackson.databind.ObjectMapper()
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

    @Override
    public List<Class<? extends HasMetadata>> watchedKinds() {
        return List.of();
    }

    @Override
    public List<EngineKind> engineKinds() {
        return List.of(EngineKind.TRAIN_JOB);
    }

    @Override
    public HasMetadata build(ModelRevision revision, JobStage stage) {
        ModelRevisionSpec spec = revision.getSpec();
        TrainJobSpec trainJob = spec.getTraining().getTrainJob();
        GenericKubernetesResource object = new GenericKubernetesResource();
        object.setApiVersion(EngineKind.TRAIN_JOB.apiVersion());
        object.setKind(EngineKind.TRAIN_JOB.kind());
        Map<String, String> labels = new LinkedHashMap<>(trainJob.getLabels() == null ? Map.of() : trainJob.getLabels());
        labels.putAll(Workloads.stageLabels(revision, stage));
        Labels.queue(spec.getTraining().getQueueName()).ifPresent(labels::putAll);
        object.setMetadata(Workloads.ownedMetadata(JobStageBackend.jobName(revision, stage), revision.getMetadata().getNamespace(), labels, revision));
        if (trainJob.getAnnotations() != null && !trainJob.getAnnotations().isEmpty()) {
            object.getMetadata().setAnnotations(new LinkedHashMap<>(trainJob.getAnnotations()));
        }

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runtimeRef", Map.of("apiGroup", EngineKind.TRAIN_JOB.group(), "kind", trainJob.getRuntimeRef().effectiveKind().name(),
                "name", trainJob.getRuntimeRef().getName()));
        body.put("trainer", trainer(revision, trainJob.getTrainer()));
        initializer(spec, trainJob.getInitializer()).ifPresent(i -> body.put("initializer", i));
        if (spec.getTraining().getActiveDeadlineSeconds() != null) {
            body.put("activeDeadlineSeconds", spec.getTraining().getActiveDeadlineSeconds());
        }
        body.put("runtimePatches", List.of(Map.of("manager", PATCH_MANAGER, "trainingRuntimeSpec", runtimePatch(revision, trainJob))));
        object.setAdditionalProperty("spec", body);
        return object;
    }

    /** The trainer as the TrainJob takes it; the container's own environment first, Modelgate's after it, winning. */
    private static Map<String, Object> trainer(ModelRevision revision, TrainJobSpec.Trainer trainer) {
        TrainJobSpec.Trainer given = trainer == null ? new TrainJobSpec.Trainer() : trainer;
        List<EnvVar> modelgate = Workloads.environment(revision);
        Set<String> ours = modelgate.stream().map(EnvVar::getName).collect(Collectors.toSet());
        List<EnvVar> env = new ArrayList<>();
        if (given.getEnv() != null) {
            given.getEnv().stream().filter(e -> !ours.contains(e.getName())).forEach(env::add);
        }
        env.addAll(modelgate);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("image", given.getImage() == null || given.getImage().isBlank() ? revision.getSpec().getSource().getTrainingImage() : given.getImage());
        putIfSet(out, "command", given.getCommand());
        putIfSet(out, "args", given.getArgs());
        out.put("env", SERIALIZATION.convertValue(env, List.class));
        putIfSet(out, "numNodes", given.getNumNodes());
        putIfSet(out, "numProcPerNode", given.getNumProcPerNode());
        if (given.getResourcesPerNode() != null) {
            out.put("resourcesPerNode", SERIALIZATION.convertValue(given.getResourcesPerNode(), Map.class));
        }
        return out;
    }

    /** The initializers, when the pipeline asks for them: the dataset from the source's dataRef unless it says otherwise. */
    private static java.util.Optional<Map<String, Object>> initializer(ModelRevisionSpec spec, TrainJobSpec.Initializer initializer) {
        if (initializer == null) {
            return java.util.Optional.empty();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (initializer.getDataset() != null) {
            String uri = initializer.getDataset().getStorageUri();
            out.put("dataset", Map.of("storageUri", uri == null || uri.isBlank() ? spec.getSource().getDataRef() : uri));
        }
        if (initializer.getModel() != null && initializer.getModel().getStorageUri() != null) {
            out.put("model", Map.of("storageUri", initializer.getModel().getStorageUri()));
        }
        return out.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(out);
    }

    /**
     * The pipeline's runtime patch with the revision's labels on the trainer nodes' pods: merged into its entry for
     * the replicated Job {@value #TRAINER_NODE}, which is added when it has none.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> runtimePatch(ModelRevision revision, TrainJobSpec trainJob) {
        Map<String, Object> patch = trainJob.getRuntimePatch() == null ? new LinkedHashMap<>()
                : (Map<String, Object>) SERIALIZATION.convertValue(trainJob.getRuntimePatch(), Map.class);
        Map<String, Object> jobSet = child(child(patch, "template"), "spec");
        List<Object> replicatedJobs = new ArrayList<>(jobSet.get("replicatedJobs") instanceof List<?> list ? list : List.of());
        Map<String, Object> node = replicatedJobs.stream().filter(Map.class::isInstance).map(r -> (Map<String, Object>) r)
                .filter(r -> TRAINER_NODE.equals(r.get("name"))).findFirst().orElse(null);
        if (node == null) {
            node = new LinkedHashMap<>();
            node.put("name", TRAINER_NODE);
            replicatedJobs.add(node);
        }
        jobSet.put("replicatedJobs", replicatedJobs);
        Map<String, Object> podMetadata = child(child(child(child(node, "template"), "spec"), "template"), "metadata");
        Map<String, Object> labels = child(podMetadata, "labels");
        labels.putAll(Workloads.stageLabels(revision, JobStage.Training));
        return patch;
    }

    @Override
    public List<PodTemplateSpec> podTemplates(HasMetadata built) {
        return JobSetStageBackend.podTemplatesOf(runtimePatchOf(built));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> runtimePatchOf(HasMetadata built) {
        Map<String, Object> spec = EngineStatus.spec((GenericKubernetesResource) built);
        List<Map<String, Object>> patches = (List<Map<String, Object>>) spec.getOrDefault("runtimePatches", List.of());
        return patches.stream().filter(p -> PATCH_MANAGER.equals(p.get("manager"))).findFirst()
                .map(p -> (Map<String, Object>) ((Map<String, Object>) p.get("trainingRuntimeSpec")).getOrDefault("template", Map.of()))
                .map(t -> (Map<String, Object>) t.getOrDefault("spec", Map.of()))
                .orElse(Map.of());
    }

    @Override
    public JobObservation observe(ClusterView cluster, ModelRevision revision, JobStage stage) {
        String name = JobStageBackend.jobName(revision, stage);
        return cluster.get(EngineKind.TRAIN_JOB.kind(), name).map(GenericKubernetesResource.class::cast)
                .map(trainJob -> EngineStatus.observe(cluster, trainJob, "Complete",
                        cluster.pods(Workloads.stageLabels(revision, stage)), TRAINER_NODE))
                .orElse(JobObservation.ABSENT);
    }

    @Override
    public List<Owned> owned(ModelRevision revision, JobStage stage) {
        String name = JobStageBackend.jobName(revision, stage);
        return name == null ? List.of() : List.of(new Owned(EngineKind.TRAIN_JOB.apiVersion(), EngineKind.TRAIN_JOB.kind(), name));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> child(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) map);
            parent.put(key, copy);
            return copy;
        }
        Map<String, Object> created = new LinkedHashMap<>();
        parent.put(key, created);
        return created;
    }

    private static void putIfSet(Map<String, Object> out, String key, Object value) {
        if (value instanceof List<?> list ? !list.isEmpty() : value != null) {
            out.put(key, value);
        }
    }
}
