package io.modelgate.pipeline.plan;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.modelgate.analysis.Measurement;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A cluster in memory for whole-pass tests: it plays the writer (every intent succeeds, as the API server would
 * answer it) and the world (Jobs finish, Deployments become available), so that a scenario can be walked pass by
 * pass and each pass's snapshot and plan pinned down as YAML.
 */
final class InMemoryCluster {

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final Map<String, HasMetadata> objects = new LinkedHashMap<>();
    private final Map<String, String> podsRefused = new LinkedHashMap<>();
    private final Map<io.modelgate.delivery.TemplateRead.Key, io.modelgate.delivery.TemplateRead> templates = new LinkedHashMap<>();
    private ModelPipeline pipeline;
    private Instant now;
    private long resourceVersion = 100;

    InMemoryCluster(ModelPipeline pipeline, Instant now) {
        this.pipeline = copy(pipeline);
        this.pipeline.getMetadata().setUid("uid-ModelPipeline-" + pipeline.getMetadata().getName());
        this.pipeline.getMetadata().setGeneration(1L);
        this.pipeline.getMetadata().setCreationTimestamp(now.toString());
        this.now = now;
    }

    /** One pass through the operator's own rounds ({@link PassRounds}), this cluster answering every write. */
    /** Every HTTP hook call the passes made, in order. */
    final List<HookCall> hookCalls = new java.util.ArrayList<>();

    Pass pass(PipelinePass planner, Function<MeasurementRequest, Measurement> world) {
        return pass(planner, world, PassRounds.Registrar.NONE);
    }

    /** The same, {@code registry} answering the registry writes. */
    Pass pass(PipelinePass planner, Function<MeasurementRequest, Measurement> world, PassRounds.Registrar registry) {
        return pass(planner, world, registry, call -> new HookCall.Answer(false, "no hook endpoint in this test"));
    }

    /** The same, {@code hooks} answering the HTTP hooks the plan calls (each call is kept in {@link #hookCalls}). */
    Pass pass(PipelinePass planner, Function<MeasurementRequest, Measurement> world, PassRounds.Registrar registry,
              Function<HookCall, HookCall.Answer> hooks) {
        ClusterSnapshot snapshot = snapshot();
        PassRounds.Measurer measurer = new PassRounds.Measurer() {
            @Override
            public Map<String, Measurement> take(List<MeasurementRequest> requests) {
                Map<String, Measurement> taken = new LinkedHashMap<>();
                requests.forEach(request -> taken.put(request.key(), world.apply(request)));
                return taken;
            }

            @Override
            public Map<String, HookCall.Answer> call(List<HookCall> calls) {
                Map<String, HookCall.Answer> answers = new LinkedHashMap<>();
                calls.forEach(call -> {
                    hookCalls.add(call);
                    answers.put(call.key(), hooks.apply(call));
                });
                return answers;
            }
        };
        PassRounds.Planned planned = PassRounds.run(planner, snapshot, measurer, this::apply, registry);
        record(planned.plan());
        return new Pass(snapshot, planned.inputs(), planned.plan());
    }

    /** As the one writer: in order, skipping what was answered, stopping after a create the plan waits for. */
    private PassRounds.Applied apply(List<Intent> intents, PassInputs answered) {
        Map<String, WriteResult> answers = new LinkedHashMap<>();
        for (Intent intent : intents) {
            if (answered.write(intent.key()).isPresent()) {
                continue;
            }
            answers.put(intent.key(), write(intent));
            if (intent instanceof Intent.Create create && create.mustBeNew()) {
                return new PassRounds.Applied(answers, true);
            }
        }
        return new PassRounds.Applied(answers, false);
    }

    record Pass(ClusterSnapshot snapshot, PassInputs inputs, PassPlan plan) {
    }

    ClusterSnapshot snapshot() {
        return new ClusterSnapshot(copy(pipeline), all(ModelRevision.class), byName(Job.class), byName(Deployment.class),
                byName(Service.class), all(Pod.class), Map.of(), Map.copyOf(podsRefused), all(io.fabric8.kubernetes.api.model.GenericKubernetesResource.class), Optional.empty(), Map.of(), templatesRead(), now);
    }

    /** What the API server does with one intent; every one succeeds here. */
    private WriteResult write(Intent intent) {
        if (intent instanceof Intent.Create create) {
            HasMetadata object = copy(create.object());
            object.getMetadata().setUid("uid-" + object.getKind() + "-" + object.getMetadata().getName());
            object.getMetadata().setCreationTimestamp(now.toString());
            object.getMetadata().setGeneration(1L);
            store(object);
            return new WriteResult.Done(copy(object));
        }
        if (intent instanceof Intent.MergePatch patch && "Deployment".equals(patch.kind())) {
            Deployment deployment = (Deployment) objects.get(key("Deployment", patch.name()));
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = (Map<String, Object>) patch.patch().get("spec");
            deployment.getSpec().setReplicas((Integer) spec.get("replicas"));
            deployment.getMetadata().setGeneration(deployment.getMetadata().getGeneration() + 1);
            store(deployment);
        } else if (intent instanceof Intent.MergePatch patch && objects.get(key(patch.kind(), patch.name()))
                instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource generic) {
            generic.setAdditionalProperty("spec", merged(generic.getAdditionalProperties().get("spec"), patch.patch().get("spec")));
            if (patch.patch().get("metadata") instanceof Map<?, ?> metadata && metadata.get("annotations") instanceof Map<?, ?> annotations) {
                Map<String, String> merged = new LinkedHashMap<>(generic.getMetadata().getAnnotations() == null ? Map.of() : generic.getMetadata().getAnnotations());
                annotations.forEach((key, value) -> merged.put(String.valueOf(key), String.valueOf(value)));
                generic.getMetadata().setAnnotations(merged);
            }
            generic.getMetadata().setGeneration(generic.getMetadata().getGeneration() + 1);
            store(generic);
        } else if (intent instanceof Intent.SetSelector selector) {
            Service service = (Service) objects.get(key("Service", selector.service()));
            service.getSpec().setSelector(selector.selector());
            store(service);
        } else if (intent instanceof Intent.Delete delete) {
            objects.remove(key(delete.kind(), delete.name()));
        } else if (intent instanceof Intent.ConsumeAction action) {
            pipeline.getMetadata().getAnnotations().remove(action.annotation());
        } else if (intent instanceof Intent.SetFinalizers finalizers) {
            HasMetadata revision = objects.get(key("ModelRevision", finalizers.revision()));
            revision.getMetadata().setFinalizers(new java.util.ArrayList<>(finalizers.finalizers()));
            if (revision.getMetadata().getDeletionTimestamp() != null && finalizers.finalizers().isEmpty()) {
                // As the API server does: the last finalizer gone, a deleted object goes, and garbage collection
                // takes what it owns.
                objects.remove(key("ModelRevision", finalizers.revision()));
                objects.values().removeIf(o -> o.getMetadata().getOwnerReferences() != null && o.getMetadata().getOwnerReferences().stream()
                        .anyMatch(ref -> finalizers.revision().equals(ref.getName()) && "ModelRevision".equals(ref.getKind())));
                return new WriteResult.Done(copy(revision));
            }
            store(revision);
            return new WriteResult.Done(copy(revision));
        }
        return new WriteResult.Done(null);
    }

    private void record(PassPlan plan) {
        for (ModelRevision revision : plan.revisions()) {
            HasMetadata stored = objects.get(key("ModelRevision", revision.getMetadata().getName()));
            if (stored instanceof ModelRevision kept) {
                kept.setStatus(copy(revision).getStatus());
            }
        }
        plan.pipelineStatus().ifPresent(status -> pipeline.setStatus(status));
    }

    // ---- the world

    void at(Instant time) {
        this.now = time;
    }

    Instant now() {
        return now;
    }

    void editSpec(Consumer<ModelPipeline> change) {
        change.accept(pipeline);
        pipeline.getMetadata().setGeneration(pipeline.getMetadata().getGeneration() + 1);
    }

    void annotate(String key, String value) {
        if (pipeline.getMetadata().getAnnotations() == null) {
            pipeline.getMetadata().setAnnotations(new LinkedHashMap<>());
        }
        pipeline.getMetadata().getAnnotations().put(key, value);
    }

    /** Someone edits a revision's status by hand, behind the operator's back. */
    void editRevisionStatus(String name, Consumer<io.modelgate.api.ModelRevisionStatus> change) {
        ModelRevision revision = (ModelRevision) objects.get(key("ModelRevision", name));
        change.accept(revision.getStatus());
        store(revision);
    }

    /** The Job completes; its pod's first container ends with {@code terminationMessage}. */
    /** {@code kubectl delete} of an object that holds a finalizer: it stays, marked for deletion. */
    void markDeleted(String kind, String name) {
        HasMetadata object = objects.get(key(kind, name));
        object.getMetadata().setDeletionTimestamp(now.toString());
        store(object);
    }

    /** The Job controller cannot create the Job's pods: a FailedCreate Event with the API server's message. */
    void refusePods(String jobName, String message) {
        podsRefused.put(jobName, message);
    }

    /** What the observer finds under an analysis template reference (absent: not found). */
    void template(io.modelgate.delivery.TemplateRead.Key key, io.modelgate.delivery.TemplateRead read) {
        templates.put(key, read);
    }

    /** As the Observer reads them: every template the spec names, Missing when it is not there. */
    private Map<io.modelgate.delivery.TemplateRead.Key, io.modelgate.delivery.TemplateRead> templatesRead() {
        Map<io.modelgate.delivery.TemplateRead.Key, io.modelgate.delivery.TemplateRead> read = new LinkedHashMap<>();
        if (pipeline.getSpec() != null) {
            io.modelgate.delivery.AnalysisTemplates.referenced(pipeline.getSpec().getRollout())
                    .forEach(key -> read.put(key, templates.getOrDefault(key, new io.modelgate.delivery.TemplateRead.Missing())));
        }
        return read;
    }

    void removeTemplate(io.modelgate.delivery.TemplateRead.Key key) {
        templates.remove(key);
    }

    /** The refusal is gone (the quota was raised): the Job controller makes the pods. */
    void admitPods(String jobName) {
        podsRefused.remove(jobName);
    }

    /** The Job controller made the Job's pod, which runs. */
    void startJobPod(String name) {
        Job job = (Job) objects.get(key("Job", name));
        job.setStatus(new JobStatusBuilder().withActive(1).build());
        store(job);
        var template = job.getSpec().getTemplate();
        store(new PodBuilder()
                .withNewMetadata().withName(name + "-pod").withNamespace(job.getMetadata().getNamespace())
                .withLabels(template.getMetadata().getLabels()).withCreationTimestamp(now.toString()).endMetadata()
                .withSpec(template.getSpec()).withNewStatus().withPhase("Running").endStatus().build());
    }

    void completeJob(String name, String terminationMessage) {
        Job job = (Job) objects.get(key("Job", name));
        job.setStatus(new JobStatusBuilder().withSucceeded(1)
                .withConditions(new JobConditionBuilder().withType("Complete").withStatus("True").build()).build());
        store(job);
        var template = job.getSpec().getTemplate();
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(name + "-pod").withNamespace(job.getMetadata().getNamespace())
                .withLabels(template.getMetadata().getLabels()).withCreationTimestamp(now.toString()).endMetadata()
                .withSpec(template.getSpec())
                .withNewStatus().withPhase("Succeeded").withContainerStatuses(new ContainerStatusBuilder()
                        .withName(template.getSpec().getContainers().get(0).getName())
                        .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(0).withMessage(terminationMessage)
                                .endTerminated().build()).build())
                .endStatus().build();
        store(pod);
    }

    /** The Job ran its pod to a failure, past its retries. */
    void failJob(String name, String reason) {
        Job job = (Job) objects.get(key("Job", name));
        job.setStatus(new JobStatusBuilder().withFailed(1)
                .withConditions(new JobConditionBuilder().withType("Failed").withStatus("True").withReason(reason)
                        .withMessage("Job has reached the specified backoff limit").build()).build());
        store(job);
    }

    /** The Deployment has every replica it asks for, ready and available. */
    void makeAvailable(String name) {
        Deployment deployment = (Deployment) objects.get(key("Deployment", name));
        int replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        deployment.setStatus(new DeploymentStatusBuilder().withObservedGeneration(deployment.getMetadata().getGeneration())
                .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas).build());
        store(deployment);
    }

    /**
     * As KServe's controller and the kubelet leave an InferenceService that serves: Ready for its generation, and as
     * many ready predictor pods (with the labels it was given for them) as its minReplicas.
     */
    @SuppressWarnings("unchecked")
    void makeInferenceServiceReady(String name) {
        var service = (io.fabric8.kubernetes.api.model.GenericKubernetesResource) objects.get(key("InferenceService", name));
        Map<String, Object> predictor = (Map<String, Object>) ((Map<String, Object>) service.getAdditionalProperties().get("spec")).get("predictor");
        int replicas = ((Number) predictor.get("minReplicas")).intValue();
        service.setAdditionalProperty("status", Map.of("observedGeneration", service.getMetadata().getGeneration(),
                "conditions", List.of(Map.of("type", "Ready", "status", "True"), Map.of("type", "PredictorReady", "status", "True"))));
        store(service);
        Map<String, String> labels = (Map<String, String>) predictor.get("labels");
        objects.values().removeIf(o -> o instanceof Pod pod && name.equals(pod.getMetadata().getLabels().get(io.modelgate.workload.Labels.REVISION))
                && "serving".equals(pod.getMetadata().getLabels().get(io.modelgate.workload.Labels.ROLE)));
        for (int i = 0; i < replicas; i++) {
            store(new PodBuilder().withNewMetadata().withName(name + "-predictor-" + i).withLabels(labels).endMetadata()
                    .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build());
        }
    }

    /** As KServe says an InferenceService cannot serve, e.g. no runtime supports its model format. */
    void failInferenceService(String name, String reason, String message) {
        var service = (io.fabric8.kubernetes.api.model.GenericKubernetesResource) objects.get(key("InferenceService", name));
        service.setAdditionalProperty("status", Map.of("observedGeneration", service.getMetadata().getGeneration(),
                "conditions", List.of(Map.of("type", "Ready", "status", "False", "reason", reason, "message", message)),
                "modelStatus", Map.of("transitionStatus", "InvalidSpec", "lastFailureInfo", Map.of("reason", reason, "message", message))));
        store(service);
    }

    @SuppressWarnings("unchecked")
    private static Object merged(Object target, Object patch) {
        if (!(patch instanceof Map<?, ?> patchMap) || !(target instanceof Map<?, ?> targetMap)) {
            return patch;
        }
        Map<String, Object> result = new LinkedHashMap<>((Map<String, Object>) targetMap);
        ((Map<String, Object>) patchMap).forEach((key, value) -> {
            if (value == null) {
                result.remove(key);
            } else {
                result.put(key, merged(result.get(key), value));
            }
        });
        return result;
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    private void store(HasMetadata object) {
        object.getMetadata().setResourceVersion(Long.toString(++resourceVersion));
        objects.put(key(object.getKind(), object.getMetadata().getName()), object);
    }

    private <T extends HasMetadata> List<T> all(Class<T> type) {
        List<T> found = new ArrayList<>();
        objects.values().stream().filter(type::isInstance).map(type::cast).map(InMemoryCluster::copy).forEach(found::add);
        return found;
    }

    private <T extends HasMetadata> Map<String, T> byName(Class<T> type) {
        Map<String, T> found = new LinkedHashMap<>();
        all(type).forEach(o -> found.put(o.getMetadata().getName(), o));
        return found;
    }

    private static String key(String kind, String name) {
        return kind + "/" + name;
    }

    @SuppressWarnings("unchecked")
    static <T> T copy(T value) {
        return (T) SERIALIZATION.unmarshal(SERIALIZATION.asJson(value), value.getClass());
    }
}
