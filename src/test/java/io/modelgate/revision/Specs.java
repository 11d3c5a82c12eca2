package io.modelgate.revision;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.modelgate.api.DataValidationSpec;
import io.modelgate.api.EvaluationSpec;
import io.modelgate.api.Gate;
import io.modelgate.api.ModelPipelineSpec;
import io.modelgate.api.RolloutSpec;
import io.modelgate.api.ServingSpec;
import io.modelgate.api.SourceSpec;
import io.modelgate.api.TrainingSpec;
import io.modelgate.api.TriggersSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A complete pipeline spec for identity tests; every call returns a fresh, independent object graph. */
final class Specs {

    private Specs() {
    }

    static ModelPipelineSpec full() {
        return full(orderedMap("learning_rate", "0.1", "epochs", "10", "optimizer", "adam"),
                orderedMap("team", "ml", "app", "iris"),
                orderedMap("prometheus.io/scrape", "true", "owner", "data-science"));
    }

    static ModelPipelineSpec full(Map<String, String> parameters, Map<String, String> labels, Map<String, String> annotations) {
        ModelPipelineSpec spec = new ModelPipelineSpec();
        spec.setModel("iris");

        SourceSpec source = new SourceSpec();
        source.setTrainingImage("ghcr.io/acme/iris-train:1.0");
        source.setDataRef("s3://data/iris/2024-06-01");
        source.setParameters(parameters);
        spec.setSource(source);

        TrainingSpec training = new TrainingSpec();
        training.setTemplate(template("trainer", "ghcr.io/acme/iris-train:1.0", labels, annotations));
        training.setArtifactUri("s3://models/{pipeline}/{revision}");
        training.setBackoffLimit(2);
        training.setActiveDeadlineSeconds(3600L);
        spec.setTraining(training);

        EvaluationSpec evaluation = new EvaluationSpec();
        evaluation.setTemplate(template("evaluator", "ghcr.io/acme/iris-eval:1.0", labels, annotations));
        evaluation.setGates(new ArrayList<>(List.of(minGate("accuracy", 0.9), maxGate("loss", 0.3))));
        spec.setEvaluation(evaluation);

        ServingSpec serving = new ServingSpec();
        serving.setTemplate(template("server", "ghcr.io/acme/iris-serve:1.0", labels, annotations));
        serving.setPort(8080);
        serving.setReplicas(2);
        serving.setServiceName("iris");
        spec.setServing(serving);

        RolloutSpec rollout = new RolloutSpec();
        rollout.setStrategy(RolloutSpec.Strategy.Direct);
        spec.setRollout(rollout);

        TriggersSpec triggers = new TriggersSpec();
        triggers.setSchedule("0 2 * * *");
        triggers.setTimeZone("Europe/Berlin");
        spec.setTriggers(triggers);

        spec.setPaused(false);
        spec.setRevisionHistoryLimit(10);
        return spec;
    }

    static DataValidationSpec dataValidation() {
        DataValidationSpec validation = new DataValidationSpec();
        validation.setTemplate(template("validator", "ghcr.io/acme/iris-validate:1.0", Map.of(), Map.of()));
        validation.setGates(new ArrayList<>(List.of(minGate("rows", 1000.0))));
        return validation;
    }

    static PodTemplateSpec template(String container, String image, Map<String, String> labels, Map<String, String> annotations) {
        return new PodTemplateSpecBuilder()
                .withNewMetadata()
                .withLabels(labels == null ? null : new LinkedHashMap<>(labels))
                .withAnnotations(annotations == null ? null : new LinkedHashMap<>(annotations))
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName(container)
                .withImage(image)
                .addNewEnv().withName("LOG_LEVEL").withValue("info").endEnv()
                .endContainer()
                .withRestartPolicy("Never")
                .endSpec()
                .build();
    }

    static Gate minGate(String metric, double min) {
        Gate gate = new Gate();
        gate.setMetric(metric);
        gate.setMin(min);
        return gate;
    }

    static Gate maxGate(String metric, double max) {
        Gate gate = new Gate();
        gate.setMetric(metric);
        gate.setMax(max);
        return gate;
    }

    static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
