package io.modelgate.pipeline.plan;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.delivery.TemplateRead;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one reconcile reads, read once before planning: the pipeline, its revisions (by number), the objects
 * they own, and the time. The plan never changes these objects; it works on copies.
 *
 * @param podsReadAgain  per Job name, its Pods read from the API server because the Job succeeded while the Pod
 *                       cache showed no finished pod of it yet (the Pod watch may lag behind the Job's)
 * @param podsRefused    per Job name, the message of the newest {@code FailedCreate} Event the Job controller gave it:
 *                       why the API server refused its pods (Pod Security admission, a ResourceQuota)
 * @param engineObjects  the training engines' objects of the pipeline (TrainJobs, JobSets) and Kueue's Workloads
 *                       of what it queues
 * @param route          the HTTPRoute the rollout routes through, when it has one
 * @param pipelinePhases every pipeline's phase (namespace/name), for the operator's rollout slots
 * @param templates      every analysis template the pipeline's analyses name, as read (or why not)
 */
public record ClusterSnapshot(
        ModelPipeline pipeline,
        List<ModelRevision> revisions,
        Map<String, Job> jobs,
        Map<String, Deployment> deployments,
        Map<String, Service> services,
        List<Pod> pods,
        Map<String, List<Pod>> podsReadAgain,
        Map<String, String> podsRefused,
        List<GenericKubernetesResource> engineObjects,
        Optional<RouteRead> route,
        Map<String, String> pipelinePhases,
        Map<TemplateRead.Key, TemplateRead> templates,
        Instant now) {

    public ClusterSnapshot {
        revisions = revisions.stream()
                .filter(r -> r.getSpec() != null && r.getSpec().getNumber() != null)
                .sorted(Comparator.comparingInt(r -> r.getSpec().getNumber()))
                .toList();
        jobs = Map.copyOf(jobs);
        deployments = Map.copyOf(deployments);
        services = Map.copyOf(services);
        pods = List.copyOf(pods);
        podsReadAgain = Map.copyOf(podsReadAgain);
        podsRefused = Map.copyOf(podsRefused);
        engineObjects = List.copyOf(engineObjects);
        pipelinePhases = Map.copyOf(pipelinePhases);
        templates = Map.copyOf(templates);
    }

    public String key() {
        return pipeline.getMetadata().getNamespace() + "/" + pipeline.getMetadata().getName();
    }

    /**
     * The HTTPRoute as read, or why it could not be read.
     *
     * @param route empty when it does not exist (or could not be read: then {@code error} says why)
     */
    public record RouteRead(String name, Optional<GenericKubernetesResource> route, Optional<String> error) {
    }
}
