package io.modelgate.training;

import io.modelgate.engine.EngineKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.modelgate.api.ModelRevision;
import io.modelgate.revision.JobObservation;
import io.modelgate.revision.JobStage;
import io.modelgate.workload.ClusterView;
import io.modelgate.workload.Owned;

import java.util.List;

/**
 * How a revision's stage (data validation, training, evaluation) runs on an engine: what to create, what the
 * engine's own conditions say, and what to delete. Builders are pure and golden-tested; a new engine is a new
 * implementation, never a branch in the reconciler.
 */
public interface StageBackend {

    /** The kinds this backend creates, so that the operator watches them. */
    List<Class<? extends HasMetadata>> watchedKinds();

    /** The kinds of an engine without a Java type that this backend creates (watched as generic objects). */
    default List<EngineKind> engineKinds() {
        return List.of();
    }

    /** The stage's object under its deterministic name, to create if absent. */
    HasMetadata build(ModelRevision revision, JobStage stage);

    /**
     * The pod templates of an object {@link #build} made: what pods it will run, checked against the operator's Pod
     * Security level before it is created. An engine with several pod kinds (a launcher and workers) lists them all.
     */
    List<PodTemplateSpec> podTemplates(HasMetadata built);

    /** Done (with the first container's termination message), failed with the engine's reason, or still running. */
    JobObservation observe(ClusterView cluster, ModelRevision revision, JobStage stage);

    /** What to delete when the revision is superseded or pruned (its pods go with it). */
    List<Owned> owned(ModelRevision revision, JobStage stage);
}
