package io.modelgate.workload;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelPipelineSpec;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.ModelRevisionSpec;
import io.modelgate.api.RevisionWorkloads;
import io.modelgate.revision.JobStage;
import io.modelgate.revision.PipelinePlan;
import io.modelgate.revision.RevisionIdentity;
import io.modelgate.status.Conditions;

import java.util.List;

/** Freezes a pipeline's spec into a new revision. */
public final class Revisions {

    /** Annotation carrying the schedule tick that created a revision, so a tick is never run twice. */
    public static final String SCHEDULED_TIME = "modelgate.io/scheduled-time";

    private Revisions() {
    }

    public static ModelRevision freeze(ModelPipeline pipeline, PipelinePlan.NewRevision next, String contentHash) {
        return build(pipeline, Serialization.clone(pipeline.getSpec()), next, contentHash);
    }

    /**
     * A revision of a registered model's version (spec.source.registeredModel): nothing is trained; the version's
     * source is its artifact URI, the MODEL_URI its evaluation and serving read.
     */
    public static ModelRevision freeze(ModelPipeline pipeline, PipelinePlan.NewRevision next, String contentHash,
                                       String modelVersion, String modelUri) {
        ModelRevision revision = build(pipeline, Serialization.clone(pipeline.getSpec()), next, contentHash);
        revision.getSpec().setModelVersion(modelVersion);
        revision.getSpec().setArtifactUri(modelUri);
        return revision;
    }

    /**
     * Another run of an earlier revision: its frozen source and templates, the data pinned to the version it recorded
     * ({@code DATA_VERSION}), as if the pipeline's spec were still the one it was made from. It stands for the pipeline's
     * spec of now ({@code pipelineContentHash}), so a rerun is never taken for a spec change; its content hash is its own.
     */
    public static ModelRevision rerun(ModelPipeline pipeline, ModelRevision of, PipelinePlan.NewRevision next, String pipelineHash) {
        ModelPipelineSpec source = RevisionIdentity.asPipelineSpec(Serialization.clone(of.getSpec()));
        String modelVersion = of.getSpec().getModelVersion();
        String recorded = of.getStatus() == null ? null : of.getStatus().getDataVersion();
        if (recorded != null) {
            source.getSource().setDataVersion(recorded);
        }
        ModelRevision revision = build(pipeline, source, next, null);
        if (!of.getSpec().trainsModel()) {
            // The same model again: a rerun re-evaluates it on the recorded data version.
            revision.getSpec().setModelVersion(modelVersion);
            revision.getSpec().setArtifactUri(of.getSpec().getArtifactUri());
        }
        revision.getSpec().setContentHash(RevisionIdentity.contentHash(revision.getSpec()));
        revision.getSpec().setPipelineContentHash(pipelineHash);
        revision.getSpec().setRerunOf(of.getMetadata().getName());
        return revision;
    }

    private static ModelRevision build(ModelPipeline pipeline, ModelPipelineSpec source, PipelinePlan.NewRevision next, String contentHash) {
        String pipelineName = pipeline.getMetadata().getName();
        int number = next.number();
        String name = RevisionNames.revision(pipelineName, number);

        ModelRevisionSpec spec = new ModelRevisionSpec();
        spec.setPipeline(pipelineName);
        spec.setNumber(number);
        spec.setContentHash(contentHash);
        spec.setTrigger(next.trigger());
        next.scheduledTime().ifPresent(tick -> spec.setScheduledTime(Conditions.timestamp(tick)));
        next.fired().ifPresent(fired -> {
            spec.setTriggeredBy(fired.name());
            spec.setTriggerReason(fired.reason());
        });
        spec.setModel(source.getModel());
        spec.setSource(source.getSource());
        spec.setDataValidation(source.getDataValidation());
        spec.setTraining(source.getTraining());
        spec.setEvaluation(source.getEvaluation());
        spec.setServing(RevisionIdentity.servingIdentity(source.getServing()));
        // A model that exists is where it is; a registered version's source is set by the caller.
        spec.setArtifactUri(source.getTraining() == null ? source.getSource().getModelUri()
                : artifactUri(source.getTraining().getArtifactUri(), pipeline, source.getModel(), number));
        RevisionWorkloads workloads = new RevisionWorkloads();
        if (source.getDataValidation() != null) {
            workloads.setValidationJob(RevisionNames.job(pipelineName, number, JobStage.Validation));
        }
        if (source.getTraining() != null) {
            workloads.setTrainingJob(RevisionNames.job(pipelineName, number, JobStage.Training));
        }
        workloads.setEvaluationJob(RevisionNames.job(pipelineName, number, JobStage.Evaluation));
        workloads.setDeployment(RevisionNames.deployment(pipelineName, number));
        spec.setWorkloads(workloads);

        ModelRevision revision = new ModelRevision();
        ObjectMeta metadata = new ObjectMeta();
        metadata.setName(name);
        metadata.setNamespace(pipeline.getMetadata().getNamespace());
        metadata.setLabels(Labels.forRevision(source.getModel(), pipelineName, name, "revision"));
        next.scheduledTime().ifPresent(tick -> metadata.setAnnotations(new java.util.LinkedHashMap<>(java.util.Map.of(SCHEDULED_TIME, Conditions.timestamp(tick)))));
        metadata.setOwnerReferences(List.of(Workloads.ownerReference(pipeline)));
        revision.setMetadata(metadata);
        revision.setSpec(spec);
        return revision;
    }

    static String artifactUri(String pattern, ModelPipeline pipeline, String model, int number) {
        return pattern
                .replace("{revision}", Integer.toString(number))
                .replace("{pipeline}", pipeline.getMetadata().getName())
                .replace("{namespace}", pipeline.getMetadata().getNamespace())
                .replace("{model}", model);
    }
}
