package io.modelgate.e2e;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.modelgate.api.ModelRevision;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The test's own watch on what the operator owns in a namespace (revisions, Jobs, Deployments labelled with a
 * pipeline): it counts every change (kill points are drawn in changes), keeps every uid each object name ever had (a
 * second uid is an object deleted and made again), every (spec.replicas, ready) pair of each Deployment in the order
 * the API server stored them (what polling could miss), and when each revision was first seen in each phase.
 */
final class ClusterWatch implements AutoCloseable {

    record Scale(long nanos, int replicas, int ready) {
    }

    private final AtomicLong changes = new AtomicLong();
    private final Map<String, Set<String>> uids = new ConcurrentHashMap<>();
    private final Map<String, List<Scale>> scales = new ConcurrentHashMap<>();
    private final Map<String, java.time.Instant> phaseSeen = new ConcurrentHashMap<>();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    ClusterWatch(KubernetesClient client, String namespace) {
        informers.add(client.resources(ModelRevision.class).inNamespace(namespace).withLabel("modelgate.io/pipeline").inform(handler()));
        informers.add(client.batch().v1().jobs().inNamespace(namespace).withLabel("modelgate.io/pipeline").inform(handler()));
        informers.add(client.apps().deployments().inNamespace(namespace).withLabel("modelgate.io/pipeline").inform(handler()));
    }

    private <T extends HasMetadata> ResourceEventHandler<T> handler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                seen(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                seen(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                changes.incrementAndGet();
            }
        };
    }

    private void seen(HasMetadata object) {
        changes.incrementAndGet();
        uids.computeIfAbsent(key(object), k -> ConcurrentHashMap.newKeySet()).add(object.getMetadata().getUid());
        if (object instanceof ModelRevision revision && revision.getStatus() != null && revision.getStatus().getPhase() != null) {
            phaseSeen.putIfAbsent(revision.getMetadata().getName() + "/" + revision.getStatus().getPhase(), java.time.Instant.now());
        }
        if (object instanceof Deployment deployment) {
            int replicas = FaultKit.specReplicas(deployment);
            int ready = FaultKit.readyReplicas(deployment);
            List<Scale> list = scales.computeIfAbsent(deployment.getMetadata().getName(), k -> new CopyOnWriteArrayList<>());
            Scale last = list.isEmpty() ? null : list.get(list.size() - 1);
            if (last == null || last.replicas() != replicas || last.ready() != ready) {
                list.add(new Scale(System.nanoTime(), replicas, ready));
            }
        }
    }

    private static String key(HasMetadata object) {
        String kind = object instanceof Job ? "Job" : object instanceof Deployment ? "Deployment" : "ModelRevision";
        return kind + "/" + object.getMetadata().getName();
    }

    /** When the watch first delivered the revision in that phase (status times have second precision). */
    java.util.Optional<java.time.Instant> firstSeen(String revision, String phase) {
        return java.util.Optional.ofNullable(phaseSeen.get(revision + "/" + phase));
    }

    /** Changes seen so far (adds, updates, deletes). */
    long changes() {
        return changes.get();
    }

    /** Objects (kind/name, of names matching the prefix) that had more than one uid: made, deleted and made again. */
    Map<String, Set<String>> recreated(String namePrefix) {
        Map<String, Set<String>> found = new TreeMap<>();
        uids.forEach((key, set) -> {
            if (key.substring(key.indexOf('/') + 1).startsWith(namePrefix) && set.size() > 1) {
                found.put(key, Set.copyOf(set));
            }
        });
        return found;
    }

    /** Every (spec.replicas, ready) of a Deployment from {@code sinceNanos} on, the one it had then first. */
    List<Scale> scalesSince(String deployment, long sinceNanos) {
        List<Scale> all = scales.getOrDefault(deployment, List.of());
        List<Scale> out = new ArrayList<>();
        Scale before = null;
        for (Scale scale : all) {
            if (scale.nanos() <= sinceNanos) {
                before = scale;
            } else {
                out.add(scale);
            }
        }
        if (before != null) {
            out.add(0, before);
        }
        return out;
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }
}
