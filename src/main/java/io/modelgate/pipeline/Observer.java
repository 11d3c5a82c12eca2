package io.modelgate.pipeline;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelgate.api.ClusterModelAnalysisTemplate;
import io.modelgate.api.ModelAnalysisTemplate;
import io.modelgate.api.ModelPipeline;
import io.modelgate.delivery.AnalysisTemplates;
import io.modelgate.delivery.TemplateRead;
import io.modelgate.api.ModelRevision;
import io.modelgate.delivery.RolloutDefaults;
import io.modelgate.delivery.RolloutPlan;
import io.modelgate.pipeline.apply.ClusterWriter;
import io.modelgate.pipeline.plan.ClusterSnapshot;
import io.modelgate.revision.RevisionPhase;
import io.modelgate.workload.JobObservations;
import io.modelgate.workload.Labels;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Builds a pass's {@link ClusterSnapshot}: the informer caches, plus the two things they do not hold: the Pods of a
 * Job that succeeded before the Pod cache caught up, and the HTTPRoute a Gateway API rollout moves weights on. Why
 * a Job has no pod comes from the watch of the Job controller's FailedCreate Events ({@link JobPodRefusals}).
 */
final class Observer {

    private static final List<String> POD_KEYS = List.of(Labels.REVISION, Labels.ROLE, Labels.ANALYSIS_JOB);

    private final Clock clock;
    private final RolloutDefaults defaults;

    Observer(Clock clock, RolloutDefaults defaults) {
        this.clock = clock;
        this.defaults = defaults;
    }

    ClusterSnapshot observe(ModelPipeline pipeline, Context<ModelPipeline> context) {
        var client = context.getClient();
        String namespace = pipeline.getMetadata().getNamespace();
        Map<String, Job> jobs = byName(context.getSecondaryResources(Job.class));
        List<Pod> pods = List.copyOf(context.getSecondaryResources(Pod.class));
        Map<String, List<Pod>> readAgain = new HashMap<>();
        for (Job job : jobs.values()) {
            Map<String, String> selector = podSelector(job);
            List<Pod> cached = pods.stream().filter(p -> hasLabels(p, selector)).toList();
            if (!selector.isEmpty() && JobObservations.needsPodsReadAgain(job, cached)) {
                readAgain.put(job.getMetadata().getName(), client.pods().inNamespace(namespace).withLabels(selector).list().getItems());
            }
        }
        return new ClusterSnapshot(pipeline, List.copyOf(context.getSecondaryResources(ModelRevision.class)), jobs,
                byName(context.getSecondaryResources(Deployment.class)), byName(context.getSecondaryResources(Service.class)),
                pods, readAgain, JobPodRefusals.of(jobs.values(), refusalEvents(namespace, context)), engineObjects(pipeline, jobs.values(), context),
                route(pipeline, context), pipelinePhases(pipeline, context), templates(pipeline, client, context), clock.instant());
    }

    /**
     * The cached FailedCreate Events of the namespace's Jobs. Read from the cache by namespace rather than through
     * the Event-to-pipeline mapping, which misses an Event that arrived before its Job was cached.
     */
    @SuppressWarnings("unchecked")
    private static List<Event> refusalEvents(String namespace, Context<ModelPipeline> context) {
        var source = context.eventSourceRetriever().getEventSourceFor(Event.class);
        return source instanceof InformerEventSource<?, ?> informer
                ? ((InformerEventSource<Event, ModelPipeline>) informer).list(namespace, e -> true).toList()
                : List.of();
    }

    /**
     * The pipeline's TrainJobs and JobSets (from the watches of the enabled engines, by the pipeline's label) and the
     * Kueue Workloads owned by any of its queued objects (Workloads carry no label of ours: found by owner).
     */
    @SuppressWarnings("unchecked")
    private static List<GenericKubernetesResource> engineObjects(ModelPipeline pipeline, Collection<Job> jobs, Context<ModelPipeline> context) {
        List<GenericKubernetesResource> found = new java.util.ArrayList<>();
        java.util.Set<String> owners = new java.util.HashSet<>();
        jobs.forEach(job -> owners.add(job.getMetadata().getUid()));
        for (var source : context.eventSourceRetriever().getEventSourcesFor(GenericKubernetesResource.class)) {
            if (source instanceof InformerEventSource<?, ?> informer && !EngineWatches.WORKLOADS.equals(source.name())) {
                ((InformerEventSource<GenericKubernetesResource, ModelPipeline>) informer).getSecondaryResources(pipeline).forEach(object -> {
                    found.add(object);
                    owners.add(object.getMetadata().getUid());
                });
            }
        }
        for (var source : context.eventSourceRetriever().getEventSourcesFor(GenericKubernetesResource.class)) {
            if (source instanceof InformerEventSource<?, ?> informer && EngineWatches.WORKLOADS.equals(source.name())) {
                ((InformerEventSource<GenericKubernetesResource, ModelPipeline>) informer).list(pipeline.getMetadata().getNamespace(),
                        workload -> workload.getMetadata().getOwnerReferences() != null
                                && workload.getMetadata().getOwnerReferences().stream().anyMatch(o -> owners.contains(o.getUid())))
                        .forEach(found::add);
            }
        }
        return found;
    }

    private Optional<ClusterSnapshot.RouteRead> route(ModelPipeline pipeline, Context<ModelPipeline> context) {
        if (pipeline.getSpec() == null) {
            return Optional.empty();
        }
        Optional<String> name = RolloutPlan.from(pipeline.getSpec().getRollout(), defaults).httpRoute();
        if (name.isEmpty()) {
            return Optional.empty();
        }
        try {
            GenericKubernetesResource route = context.getClient().genericKubernetesResources("gateway.networking.k8s.io/v1", "HTTPRoute")
                    .inNamespace(pipeline.getMetadata().getNamespace()).withName(name.get()).get();
            return Optional.of(new ClusterSnapshot.RouteRead(name.get(), Optional.ofNullable(route), Optional.empty()));
        } catch (KubernetesClientException e) {
            return Optional.of(new ClusterSnapshot.RouteRead(name.get(), Optional.empty(),
                    Optional.of("cannot read HTTPRoute " + name.get() + ": " + ClusterWriter.apiMessage(e))));
        }
    }

    /**
     * The analysis templates the pipeline's analyses name, from the templates' watch (TemplateWatches), or by name
     * from the API server where no watch runs for that kind. Cluster templates only when the operator reads them;
     * else the plan says so.
     */
    private Map<TemplateRead.Key, TemplateRead> templates(ModelPipeline pipeline, KubernetesClient client, Context<ModelPipeline> context) {
        if (pipeline.getSpec() == null) {
            return Map.of();
        }
        String namespace = pipeline.getMetadata().getNamespace();
        Map<TemplateRead.Key, TemplateRead> read = new HashMap<>();
        for (TemplateRead.Key key : AnalysisTemplates.referenced(pipeline.getSpec().getRollout())) {
            if (key.cluster() && !defaults.clusterTemplates()) {
                read.put(key, new TemplateRead.ClusterTemplatesDisabled());
                continue;
            }
            read.put(key, TemplateWatches.cached(context, namespace, key).orElseGet(() -> asked(client, namespace, key)));
        }
        return read;
    }

    private static TemplateRead asked(KubernetesClient client, String namespace, TemplateRead.Key key) {
        try {
            HasMetadata found = key.cluster()
                    ? client.resources(ClusterModelAnalysisTemplate.class).withName(key.name()).get()
                    : client.resources(ModelAnalysisTemplate.class).inNamespace(namespace).withName(key.name()).get();
            return TemplateWatches.read(found);
        } catch (KubernetesClientException e) {
            return new TemplateRead.Unreadable(ClusterWriter.apiMessage(e));
        }
    }

    /**
     * Every pipeline's phase for the rollout slots; RollingOut for one with a revision rolling out, whatever its own
     * phase says (Paused, or Pending for a newer revision waiting behind the rollout): its canary still holds the slot.
     */
    private static Map<String, String> pipelinePhases(ModelPipeline pipeline, Context<ModelPipeline> context) {
        Map<String, String> phases = new HashMap<>();
        context.getPrimaryCache().list().forEach(p -> {
            var status = p.getStatus();
            boolean rollingOut = status != null && status.getHistory() != null
                    && status.getHistory().stream().anyMatch(h -> RevisionPhase.RollingOut.name().equals(h.getPhase()));
            phases.put(p.getMetadata().getNamespace() + "/" + p.getMetadata().getName(), rollingOut ? RevisionPhase.RollingOut.name()
                    : status == null || status.getPhase() == null ? "" : status.getPhase());
        });
        phases.putIfAbsent(pipeline.getMetadata().getNamespace() + "/" + pipeline.getMetadata().getName(), "");
        return phases;
    }

    /** The labels a Job gives its Pods that tell them apart: revision and role, and the analysis Job's own name. */
    private static Map<String, String> podSelector(Job job) {
        var template = job.getSpec() == null || job.getSpec().getTemplate() == null ? null : job.getSpec().getTemplate().getMetadata();
        Map<String, String> labels = template == null || template.getLabels() == null ? Map.of() : template.getLabels();
        return labels.entrySet().stream().filter(e -> POD_KEYS.contains(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static boolean hasLabels(Pod pod, Map<String, String> labels) {
        return pod.getMetadata().getLabels() != null && pod.getMetadata().getLabels().entrySet().containsAll(labels.entrySet());
    }

    private static <R extends HasMetadata> Map<String, R> byName(Collection<R> resources) {
        return resources.stream().collect(Collectors.toMap(r -> r.getMetadata().getName(), Function.identity(), (a, b) -> a, HashMap::new));
    }
}
