package io.modelgate.pipeline;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.modelgate.api.ModelPipeline;

import java.util.function.UnaryOperator;

/**
 * An informer's store that keeps what a pass reads, not what the API server sends. Every cached object loses its
 * {@code managedFields} (about half of a cached object's size, read by no pass; a write leaves them as they are on
 * the server, since an update without them keeps them), and a Pod keeps of its spec only its containers' names and
 * its node: a pass reads a Pod's status, labels, owners and which container is the main one, never the rest of
 * what the Job or Deployment already holds.
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

    @SuppressWarnings("unchecked")
    public static <R extends HasMetadata> PrunedStore<R> forKind(Class<R> kind) {
        return kind == Pod.class
                ? new PrunedStore<>(object -> withoutManagedFields((R) pod((Pod) object)))
                : new PrunedStore<>(PrunedStore::withoutManagedFields);
    }

    static <R extends HasMetadata> R withoutManagedFields(R object) {
        if (object != null && object.getMetadata() != null) {
            object.getMetadata().setManagedFields(null);
        }
        return object;
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
        return pod;
    }

    /** The controller's own cache of pipelines (an annotation names the class, so it needs a constructor without arguments). */
    public static final class Pipelines extends PrunedStore<ModelPipeline> {
        public Pipelines() {
            super(PrunedStore::withoutManagedFields);
        }
    }
}
