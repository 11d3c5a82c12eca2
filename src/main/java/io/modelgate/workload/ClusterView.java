package io.modelgate.workload;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a backend may read of the objects a pipeline owns, as one pass sees them (its own writes included). */
public interface ClusterView {

    Optional<HasMetadata> get(String kind, String name);

    /** The pipeline's Pods that carry all of {@code labels}. */
    List<Pod> pods(Map<String, String> labels);

    /** The Pods of a Job read from the API server because the cache showed none of them finished (empty if not read). */
    List<Pod> podsReadAgain(String jobName);

    /** Why the API server refused to create the Job's pods, as the Job controller's newest FailedCreate Event says. */
    Optional<String> podsRefused(String jobName);

    /** The objects of a kind that name {@code ownerUid} among their owners (Kueue's Workload of a queued object). */
    List<HasMetadata> ownedBy(String kind, String ownerUid);
}
