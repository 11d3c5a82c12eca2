package io.modelgate.testing;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.modelgate.api.DataValidationSpec;
import io.modelgate.api.EvaluationSpec;
import io.modelgate.api.Gate;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelPipelineSpec;
import io.modelgate.api.RolloutSpec;
import io.modelgate.api.ServingSpec;
import io.modelgate.api.SourceSpec;
import io.modelgate.api.TrainingSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds test pipelines: a fraud model with one AUC gate unless told otherwise. */
public final class Pipelines {

    private Pipelines() {
    }

    public static ModelPipeline fraud(String name, String namespace) {
        ModelPipelineSpec spec = new ModelPipelineSpec();
        spec.setModel("fraud-detector");
        SourceSpec source = new SourceSpec();
        source.setTrainingImage("registry.example/fraud-train:1.0");
        source.setDataRef("s3://data/fraud/2026-11-01");
        source.setParameters(Map.of("learning_rate", "0.1", "max_depth", "6"));
        spec.setSource(source);
        TrainingSpec training = new TrainingSpec();
        training.setArtifactUri("s3://models/{namespace}/{pipeline}/{revision}");
        training.setBackoffLimit(1);
        spec.setTraining(training);
        EvaluationSpec evaluation = new EvaluationSpec();
        evaluation.setTemplate(podTemplate("evaluate", "registry.example/fraud-eval:1.0"));
        evaluation.setGates(new ArrayList<>(List.of(gate("auc", 0.9, null))));
        spec.setEvaluation(evaluation);
        ServingSpec serving = new ServingSpec();
        serving.setTemplate(podTemplate("server", "registry.example/fraud-serve:1.0"));
        serving.setReplicas(2);
        serving.setPort(8080);
        spec.setServing(serving);
        RolloutSpec rollout = new RolloutSpec();
        rollout.setStrategy(RolloutSpec.Strategy.Direct);
        spec.setRollout(rollout);

        ModelPipeline pipeline = new ModelPipeline();
        ObjectMeta metadata = new ObjectMeta();
        metadata.setName(name);
        metadata.setNamespace(namespace);
        pipeline.setMetadata(metadata);
        pipeline.setSpec(spec);
        return pipeline;
    }

    public static DataValidationSpec dataValidation(Gate... gates) {
        DataValidationSpec validation = new DataValidationSpec();
        validation.setTemplate(podTemplate("validate", "registry.example/fraud-validate:1.0"));
        validation.setGates(new ArrayList<>(List.of(gates)));
        return validation;
    }

    public static Gate gate(String metric, Double min, Double max) {
        Gate gate = new Gate();
        gate.setMetric(metric);
        gate.setMin(min);
        gate.setMax(max);
        return gate;
    }

    public static Gate mustBeatStable(String metric, double tolerance) {
        Gate gate = new Gate();
        gate.setMetric(metric);
        gate.setMustBeat(Gate.Baseline.stable);
        gate.setTolerance(tolerance);
        return gate;
    }

    public static PodTemplateSpec podTemplate(String container, String image) {
        return new PodTemplateSpecBuilder()
                .withNewSpec()
                .addNewContainer().withName(container).withImage(image).endContainer()
                .endSpec()
                .build();
    }
}
