package io.modelgate.revision;

import io.modelgate.api.ModelPipelineSpec;
import io.modelgate.podsecurity.PodSecurityLevel;
import io.modelgate.api.TriggersSpec;
import io.modelgate.testing.Pipelines;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineSpecChecksTest {

    private static ModelPipelineSpec valid() {
        return Pipelines.fraud("fraud", "test").getSpec();
    }

    @Test
    void aCompleteSpecHasNoProblem() {
        assertThat(PipelineSpecChecks.problems(valid(), PodSecurityLevel.Restricted)).isEmpty();
    }

    @Test
    void aMissingSpecIsAProblem() {
        assertThat(PipelineSpecChecks.problems(null, PodSecurityLevel.Restricted)).hasValue("spec is missing");
    }

    @Test
    void everyProblemIsNamedInOneMessage() {
        ModelPipelineSpec spec = valid();
        spec.getEvaluation().getTemplate().getSpec().getContainers().clear();
        spec.getServing().getTemplate().getSpec().getContainers().get(0).setImage(" ");
        spec.setTriggers(new TriggersSpec());
        spec.getTriggers().setSchedule("0 3 * * *");
        spec.getTriggers().setTimeZone("Mars/Olympus");

        assertThat(PipelineSpecChecks.problems(spec, PodSecurityLevel.Restricted)).hasValueSatisfying(message -> assertThat(message)
                .contains("evaluation.template needs spec.containers")
                .contains("serving.template.spec.containers[0] needs an image")
                .contains("unknown time zone \"Mars/Olympus\""));
    }

    @Test
    void aTrainingTemplateMayLeaveTheImageToTheSource() {
        ModelPipelineSpec spec = valid();
        spec.getTraining().setTemplate(Pipelines.podTemplate("train", null));

        assertThat(PipelineSpecChecks.problems(spec, PodSecurityLevel.Restricted)).isEmpty();
    }

    /** As the README says: a training template with only metadata (or none) runs one container train with the source's image. */
    @Test
    void aTrainingTemplateWithOnlyMetadataOrNoContainersIsFine() {
        ModelPipelineSpec spec = valid();
        spec.getTraining().setTemplate(new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder()
                .withNewMetadata().addToLabels("team", "fraud").endMetadata().build());
        assertThat(PipelineSpecChecks.problems(spec, PodSecurityLevel.Restricted)).isEmpty();

        spec.getTraining().setTemplate(new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder()
                .withNewSpec().withServiceAccountName("trainer").endSpec().build());
        assertThat(PipelineSpecChecks.problems(spec, PodSecurityLevel.Restricted)).isEmpty();

        spec.getTraining().setTemplate(null);
        assertThat(PipelineSpecChecks.problems(spec, PodSecurityLevel.Restricted)).isEmpty();
    }

    @Test
    void anEmptyParameterNameIsAProblem() {
        ModelPipelineSpec spec = valid();
        spec.getSource().setParameters(Map.of("", "0.1", "depth", "3"));

        assertThat(PipelineSpecChecks.problems(spec, PodSecurityLevel.Restricted)).hasValue("source.parameters has an empty name (it would be passed as PARAM_)");
    }

    @Test
    void parameterNamesAndValuesOutsideTheSchemaBoundsAreProblems() {
        ModelPipelineSpec spec = valid();
        spec.getSource().setParameters(Map.of("p".repeat(64), "1", "learning rate", "0.1", "blob", "v".repeat(4097),
                "n".repeat(63), "v".repeat(4096), "n.estimators", "400", "1st-layer", "64"));

        assertThat(PipelineSpecChecks.problems(spec, PodSecurityLevel.Restricted)).hasValueSatisfying(message -> assertThat(message.split("; "))
                .containsExactlyInAnyOrder(
                        "source.parameters \"blob\" has a value of 4097 characters, more than 4096 (put data behind dataRef)",
                        "source.parameters name \"learning rate\" is not 1 to 63 letters, digits, '_', '-' or '.'",
                        "source.parameters name \"" + "p".repeat(64) + "\" is not 1 to 63 letters, digits, '_', '-' or '.'"));
    }

    @Test
    void parametersThatWouldShareAnEnvironmentVariableAreAProblem() {
        ModelPipelineSpec spec = valid();
        spec.getSource().setParameters(Map.of("learning-rate", "0.1", "learning_rate", "0.2", "depth", "3"));

        assertThat(PipelineSpecChecks.problems(spec, PodSecurityLevel.Restricted)).hasValueSatisfying(message -> assertThat(message)
                .contains("\"learning-rate\" and \"learning_rate\" would both be passed as PARAM_LEARNING_RATE"));
    }

    @Test
    void environmentNamesOfParameters() {
        assertThat(PipelineSpecChecks.parameterEnvName("max.depth")).isEqualTo("PARAM_MAX_DEPTH");
        assertThat(PipelineSpecChecks.parameterEnvName("lr")).isEqualTo("PARAM_LR");
    }
}
