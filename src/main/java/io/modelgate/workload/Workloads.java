package io.modelgate.workload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.modelgate.api.ChampionStatus;
import io.modelgate.api.JobStageSpec;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.ModelRevisionSpec;
import io.modelgate.api.ServingSpec;
import io.modelgate.revision.JobStage;
import io.modelgate.revision.PipelineSpecChecks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The Kubernetes objects a revision runs as. Pure functions of the revision: same input, same object. */
public final class Workloads {

    public static final int DEFAULT_BACKOFF_LIMIT = 2;
    private static final ObjectMapper SORTED = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private Workloads() {
    }

    public static Job job(ModelRevision revision, JobStage stage) {
        ModelRevisionSpec spec = revision.getSpec();
        JobStageSpec stageSpec = switch (stage) {
            case Validation -> spec.getDataValidation();
            case Training -> spec.getTraining();
            case Evaluation -> spec.getEvaluation();
        };
        Map<String, String> labels = stageLabels(revision, stage);
        PodTemplateSpec template = stagePodTemplate(revision, stage, stageSpec.getTemplate());

        Job job = new Job();
        job.setMetadata(ownedMetadata(RevisionNames.job(spec.getPipeline(), spec.getNumber(), stage),
                revision.getMetadata().getNamespace(), labels, revision));
        Labels.queue(stageSpec.getQueueName()).ifPresent(queue -> job.getMetadata().getLabels().putAll(queue));
        JobSpec jobSpec = new JobSpec();
        jobSpec.setBackoffLimit(stageSpec.getBackoffLimit() == null ? DEFAULT_BACKOFF_LIMIT : stageSpec.getBackoffLimit());
        jobSpec.setActiveDeadlineSeconds(stageSpec.getActiveDeadlineSeconds());
        jobSpec.setTemplate(template);
        job.setSpec(jobSpec);
        return job;
    }

    /** The labels of a stage's objects and pods: the revision's, with the stage as role. */
    public static Map<String, String> stageLabels(ModelRevision revision, JobStage stage) {
        ModelRevisionSpec spec = revision.getSpec();
        return Labels.forRevision(spec.getModel(), spec.getPipeline(), revision.getMetadata().getName(), stage.name().toLowerCase(Locale.ROOT));
    }

    /**
     * A stage's pod template as Modelgate runs it, whichever engine makes the pods: the revision's labels, its
     * environment on the first container (named after the stage, with the source's training image, when the template
     * has none), the restricted defaults, and a restart policy a Job accepts.
     */
    public static PodTemplateSpec stagePodTemplate(ModelRevision revision, JobStage stage, PodTemplateSpec userTemplate) {
        List<EnvVar> env = new ArrayList<>(environment(revision));
        if (stage == JobStage.Evaluation) {
            env.addAll(championEnvironment(revision));
        }
        PodTemplateSpec template = PodTemplates.prepare(userTemplate, stageLabels(revision, stage), env,
                stage.suffix(), stage == JobStage.Training ? revision.getSpec().getSource().getTrainingImage() : null);
        String restartPolicy = template.getSpec().getRestartPolicy();
        if (restartPolicy == null || "Always".equals(restartPolicy)) {
            template.getSpec().setRestartPolicy("Never");
        }
        return template;
    }

    public static Deployment deployment(ModelRevision revision, int replicas) {
        ModelRevisionSpec spec = revision.getSpec();
        ServingSpec serving = spec.getServing();
        String name = revision.getMetadata().getName();
        Map<String, String> labels = Labels.forRevision(spec.getModel(), spec.getPipeline(), name, Labels.ROLE_SERVING);
        PodTemplateSpec template = PodTemplates.prepare(serving.getTemplate(), labels, environment(revision), "model", null);
        var container = template.getSpec().getContainers().get(0);
        int port = serving.effectivePort();
        boolean declared = container.getPorts() != null && container.getPorts().stream().anyMatch(p -> p.getContainerPort() == port);
        if (!declared) {
            List<ContainerPort> ports = new ArrayList<>(container.getPorts() == null ? List.of() : container.getPorts());
            ContainerPort http = new ContainerPort();
            boolean nameTaken = ports.stream().anyMatch(p -> "http".equals(p.getName()));
            http.setName(nameTaken ? null : "http");
            http.setContainerPort(port);
            ports.add(http);
            container.setPorts(ports);
        }

        Deployment deployment = new Deployment();
        deployment.setMetadata(ownedMetadata(RevisionNames.deployment(spec.getPipeline(), spec.getNumber()),
                revision.getMetadata().getNamespace(), labels, revision));
        DeploymentSpec deploymentSpec = new DeploymentSpec();
        deploymentSpec.setReplicas(replicas);
        LabelSelector selector = new LabelSelector();
        selector.setMatchLabels(Map.of(Labels.PIPELINE, spec.getPipeline(), Labels.REVISION, name));
        deploymentSpec.setSelector(selector);
        deploymentSpec.setTemplate(template);
        deployment.setSpec(deploymentSpec);
        return deployment;
    }

    /** One Service per pipeline, selecting the serving pods of every revision (weights are replica counts). */
    public static Service service(ModelPipeline pipeline) {
        return service(pipeline, serviceName(pipeline), Optional.empty());
    }

    /**
     * A Service in front of the pipeline's serving pods: of every revision, or of {@code revision} only (the
     * blue-green active and preview Services, the Gateway API stable and canary backends).
     */
    public static Service service(ModelPipeline pipeline, String name, Optional<String> revision) {
        ServingSpec serving = pipeline.getSpec().getServing();
        Service service = new Service();
        service.setMetadata(ownedMetadata(name, pipeline.getMetadata().getNamespace(),
                Labels.forPipeline(pipeline.getSpec().getModel(), pipeline.getMetadata().getName()), pipeline));
        ServiceSpec spec = new ServiceSpec();
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(Labels.PIPELINE, pipeline.getMetadata().getName());
        selector.put(Labels.ROLE, Labels.ROLE_SERVING);
        revision.ifPresent(r -> selector.put(Labels.REVISION, r));
        spec.setSelector(selector);
        ServicePort port = new ServicePort();
        port.setName("http");
        port.setPort(serving.effectivePort());
        port.setTargetPort(new IntOrString(serving.effectivePort()));
        port.setProtocol("TCP");
        spec.setPorts(List.of(port));
        service.setSpec(spec);
        return service;
    }

    public static String serviceName(ModelPipeline pipeline) {
        String configured = pipeline.getSpec().getServing().getServiceName();
        return configured == null || configured.isBlank() ? pipeline.getMetadata().getName() : configured;
    }

    /**
     * One measurement of a {@code job} metric: a Job from the metric's template, told which revision to judge
     * ({@code MODELGATE_REVISION}) against which ({@code MODELGATE_STABLE_REVISION}) and which metric it measures.
     */
    public static Job analysisJob(ModelRevision revision, String name, String metric, PodTemplateSpec source,
                                  Integer activeDeadlineSeconds, Optional<String> stableRevision) {
        ModelRevisionSpec spec = revision.getSpec();
        Map<String, String> labels = Labels.forRevision(spec.getModel(), spec.getPipeline(), revision.getMetadata().getName(), Labels.ROLE_ANALYSIS);
        List<EnvVar> env = new ArrayList<>(environment(revision));
        env.add(new EnvVar("MODELGATE_METRIC", metric, null));
        env.add(new EnvVar("MODELGATE_STABLE_REVISION", stableRevision.orElse(""), null));
        PodTemplateSpec template = PodTemplates.prepare(source, labels, env, "analysis", null);
        template.getMetadata().getLabels().put(Labels.ANALYSIS_JOB, name);
        String restartPolicy = template.getSpec().getRestartPolicy();
        if (restartPolicy == null || "Always".equals(restartPolicy)) {
            template.getSpec().setRestartPolicy("Never");
        }
        Job job = new Job();
        job.setMetadata(ownedMetadata(name, revision.getMetadata().getNamespace(), labels, revision));
        job.getMetadata().getLabels().put(Labels.ANALYSIS_JOB, name);
        JobSpec jobSpec = new JobSpec();
        jobSpec.setBackoffLimit(0);
        jobSpec.setActiveDeadlineSeconds(activeDeadlineSeconds == null ? 300L : activeDeadlineSeconds.longValue());
        jobSpec.setTemplate(template);
        job.setSpec(jobSpec);
        return job;
    }

    /**
     * The champion the evaluation scores beside the challenger, on the same holdout: the stable revision frozen in the
     * revision's status when its evaluation started, both empty when nothing was serving.
     */
    public static List<EnvVar> championEnvironment(ModelRevision revision) {
        ChampionStatus champion = revision.getStatus() == null ? null : revision.getStatus().getChampion();
        String name = champion == null || champion.getRevision() == null ? "" : champion.getRevision();
        String uri = champion == null || champion.getModelUri() == null ? "" : champion.getModelUri();
        return List.of(new EnvVar("STABLE_REVISION", name, null), new EnvVar("STABLE_MODEL_URI", uri, null));
    }

    /** What every container Modelgate configures is told about the revision it works for. */
    public static List<EnvVar> environment(ModelRevision revision) {
        ModelRevisionSpec spec = revision.getSpec();
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("MODEL_URI", spec.getArtifactUri(), null));
        if (spec.getModelVersion() != null) {
            env.add(new EnvVar("MODEL_VERSION", spec.getModelVersion(), null));
        }
        env.add(new EnvVar("MODEL_NAME", spec.getModel(), null));
        env.add(new EnvVar("MODELGATE_PIPELINE", spec.getPipeline(), null));
        env.add(new EnvVar("MODELGATE_REVISION", revision.getMetadata().getName(), null));
        env.add(new EnvVar("MODELGATE_REVISION_NUMBER", Integer.toString(spec.getNumber()), null));
        env.add(new EnvVar("DATA_REF", spec.getSource().getDataRef(), null));
        if (spec.getSource().getDataVersion() != null) {
            env.add(new EnvVar("DATA_VERSION", spec.getSource().getDataVersion(), null));
        }
        Map<String, String> parameters = new TreeMap<>(spec.getSource().getParameters() == null ? Map.of() : spec.getSource().getParameters());
        env.add(new EnvVar("MODEL_PARAMETERS", toJson(parameters), null));
        parameters.forEach((key, value) -> env.add(new EnvVar(PipelineSpecChecks.parameterEnvName(key), value, null)));
        return env;
    }

    private static String toJson(Map<String, String> parameters) {
        try {
            return SORTED.writeValueAsString(parameters);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }

    public static ObjectMeta ownedMetadata(String name, String namespace, Map<String, String> labels, HasMetadata owner) {
        ObjectMeta metadata = new ObjectMeta();
        metadata.setName(name);
        metadata.setNamespace(namespace);
        metadata.setLabels(new LinkedHashMap<>(labels));
        metadata.setOwnerReferences(List.of(ownerReference(owner)));
        return metadata;
    }

    public static OwnerReference ownerReference(HasMetadata owner) {
        OwnerReference reference = new OwnerReference();
        reference.setApiVersion(owner.getApiVersion());
        reference.setKind(owner.getKind());
        reference.setName(owner.getMetadata().getName());
        reference.setUid(owner.getMetadata().getUid());
        reference.setController(true);
        return reference;
    }
}
