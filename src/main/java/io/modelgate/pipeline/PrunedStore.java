package io.modelgate.pipeline;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.modelgate.api.ModelPipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * An informer's store that keeps what a pass reads, not what the API server sends. Every cached object loses its
 * {@code managedFields} (about half of a cached object's size, read by no pass; a write leaves them as they are on
 * the server, since an update without them keeps them) and kubectl's last-applied-configuration annotation (a second
 * copy of the object). A Pod keeps of its spec only its containers' names and its node, and of its status what
 * {@link PassReads} lists as read: its phase, its Ready condition and how its containers ended. A Job and a
 * Deployment keep their pod template's metadata (the labels that select their pods) but not its pod spec: the
 * revision holds what they were built from, a pass reads their status, and every write to them is a patch of named
 * fields, never the cached object sent back. A Service keeps only its selector, the one field a pass compares (and
 * patches) of it: its ports, cluster IPs and status are the API server's. What is kept is then compacted
 * ({@link Compaction}): shared strings, shared empty collections.
 */
public class PrunedStore<R extends HasMetadata> extends BasicItemStore<R> {

    private final UnaryOperator<R> prune;

    public PrunedStore(UnaryOperator<R> prune) {
        super(Cache::metaNamespaceKeyFunc);
        this.prune = prune;
    }

    @Override
    public R put(String key, R object) {
        return super.put(key, prune.apply(object));
    }

    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    @SuppressWarnings("unchecked")
    public static <R extends HasMetadata> PrunedStore<R> forKind(Class<R> kind) {
        if (kind == Pod.class) {
            return new PrunedStore<>(object -> compacted((R) pod((Pod) object)));
        }
        if (kind == Job.class) {
            return new PrunedStore<>(object -> compacted((R) job((Job) object)));
        }
        if (kind == Deployment.class) {
            return new PrunedStore<>(object -> compacted((R) deployment((Deployment) object)));
        }
        if (kind == Service.class) {
            return new PrunedStore<>(object -> compacted((R) service((Service) object)));
        }
        return new PrunedStore<>(PrunedStore::compacted);
    }

    /** Without managedFields, and compacted ({@link Compaction}): shared strings and empty collections. */
    static <R extends HasMetadata> R compacted(R object) {
        return Compaction.compact(withoutManagedFields(object));
    }

    static <R extends HasMetadata> R withoutManagedFields(R object) {
        if (object != null && object.getMetadata() != null) {
            object.getMetadata().setManagedFields(null);
            if (object.getMetadata().getAnnotations() != null && object.getMetadata().getAnnotations().containsKey(LAST_APPLIED)) {
                Map<String, String> annotations = new LinkedHashMap<>(object.getMetadata().getAnnotations());
                annotations.remove(LAST_APPLIED);
                object.getMetadata().setAnnotations(annotations);
            }
        }
        return object;
    }

    static Job job(Job job) {
        if (job.getSpec() != null) {
            withoutPodSpec(job.getSpec().getTemplate());
        }
        return job;
    }

    static Deployment deployment(Deployment deployment) {
        if (deployment.getSpec() != null) {
            withoutPodSpec(deployment.getSpec().getTemplate());
        }
        return deployment;
    }

    static Service service(Service service) {
        if (service.getSpec() != null) {
            ServiceSpec selecting = new ServiceSpec();
            selecting.setSelector(service.getSpec().getSelector());
            service.setSpec(selecting);
        }
        service.setStatus(null);
        return service;
    }

    private static void withoutPodSpec(PodTemplateSpec template) {
        if (template != null) {
            // null, not an empty PodSpec: an empty one still holds some fifteen empty lists and a map
            template.setSpec(null);
        }
    }

    static Pod pod(Pod pod) {
        PodSpec spec = pod.getSpec();
        if (spec != null) {
            PodSpec kept = new PodSpec();
            kept.setNodeName(spec.getNodeName());
            kept.setContainers(spec.getContainers() == null ? null : spec.getContainers().stream().map(c -> {
                Container named = new Container();
                named.setName(c.getName());
                return named;
            }).toList());
            pod.setSpec(kept);
        }
        PodStatus status = pod.getStatus();
        if (status != null) {
            // What PassReads lists as read of a Pod's status: its phase, its Ready condition, how its containers ended.
            PodStatus read = new PodStatus();
            read.setPhase(status.getPhase());
            read.setConditions(status.getConditions() == null ? null
                    : status.getConditions().stream().filter(c -> "Ready".equals(c.getType())).toList());
            read.setContainerStatuses(status.getContainerStatuses() == null ? null : status.getContainerStatuses().stream().map(c -> {
                ContainerStatus ended = new ContainerStatus();
                ended.setName(c.getName());
                if (c.getState() != null && c.getState().getTerminated() != null) {
                    ended.setState(new ContainerState(null, c.getState().getTerminated(), null));
                }
                return ended;
            }).toList());
            pod.setStatus(read);
        }
        return pod;
    }

    /** The controller's own cache of pipelines (an annotation names the class, so it needs a constructor without arguments). */
    public static final class Pipelines extends PrunedStore<ModelPipeline> {
        public Pipelines() {
            super(PrunedStore::compacted);
        }
    }
}
