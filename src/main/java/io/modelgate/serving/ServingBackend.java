package io.modelgate.serving;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.modelgate.api.ModelRevision;
import io.modelgate.revision.ServingObservation;
import io.modelgate.workload.ClusterView;
import io.modelgate.workload.Owned;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a revision serves: one workload per revision whose pods carry the revision's serving labels, so that
 * Modelgate's Services (and Gateway API routes) move traffic between revisions, whatever each revision serves from.
 * Builders are pure and golden-tested.
 */
public interface ServingBackend {

    /** The kinds this backend creates, so that the operator watches them. */
    List<Class<? extends HasMetadata>> watchedKinds();

    /** The revision's serving workload asking for {@code replicas}, to create if absent. */
    HasMetadata build(ModelRevision revision, int replicas);

    /** The pod templates of a workload {@link #build} made, checked against the operator's Pod Security level before it is created. */
    List<PodTemplateSpec> podTemplates(HasMetadata built);

    /** The revision's workload as the pass sees it. */
    Optional<HasMetadata> find(ClusterView cluster, ModelRevision revision);

    /** How many replicas the workload asks for now (empty when it says nothing). */
    Optional<Integer> askedReplicas(HasMetadata workload);

    /** Whether the workload asks for {@code replicas} as this backend would ask for them now (no patch needed). */
    default boolean asks(HasMetadata workload, int replicas) {
        return askedReplicas(workload).map(asked -> asked == replicas).orElse(false);
    }

    /** The merge patch that makes the workload ask for {@code replicas}. */
    Map<String, Object> scalePatch(int replicas);

    /** The workload as it reads once the scale patch is applied, for the rest of the pass. */
    HasMetadata scaled(HasMetadata workload, int replicas);

    /** Available only once it asks for exactly {@code desiredReplicas} and has them all; stalled with the engine's reason. */
    ServingObservation observe(ClusterView cluster, HasMetadata workload, int desiredReplicas);

    /**
     * This backend for a revision that is the stable one and serves with all its pods at full size, where a platform's
     * autoscaler may take over its count (KServe's); the same backend where nothing autoscales.
     */
    default ServingBackend handedOver(boolean stableAtFullSize) {
        return this;
    }

    /** What to delete when the revision is pruned. */
    List<Owned> owned(ModelRevision revision);
}
