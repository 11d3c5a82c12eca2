package io.modelgate.workload;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.ModelRevisionSpec;
import io.modelgate.api.ModelRevisionSpec.Trigger;
import io.modelgate.revision.PipelinePlan;
import io.modelgate.revision.RevisionIdentity;
import io.modelgate.testing.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** A revision freezes what defines the model, so that it alone can repeat the training. */
class RevisionsTest {

    static ModelPipeline pipeline() {
        ModelPipeline pipeline = Pipelines.fraud("fraud", "ml");
        pipeline.getMetadata().setUid("uid-of-fraud");
        return pipeline;
    }

    static ModelRevision freeze(ModelPipeline pipeline, int number) {
        return Revisions.freeze(pipeline, new PipelinePlan.NewRevision(number, Trigger.SpecChange, Optional.empty()),
                RevisionIdentity.contentHash(pipeline.getSpec()));
    }

    @Test
    void aRevisionRecordsItsNumberTriggerHashAndTheNamesOfWhatItRuns() {
        ModelPipeline pipeline = pipeline();

        ModelRevision revision = freeze(pipeline, 3);

        ModelRevisionSpec spec = revision.getSpec();
        assertThat(revision.getMetadata().getName()).isEqualTo("fraud-r3");
        assertThat(revision.getMetadata().getNamespace()).isEqualTo("ml");
        assertThat(spec.getPipeline()).isEqualTo("fraud");
        assertThat(spec.getNumber()).isEqualTo(3);
        assertThat(spec.getTrigger()).isEqualTo(Trigger.SpecChange);
        assertThat(spec.getContentHash()).isEqualTo(RevisionIdentity.contentHash(pipeline.getSpec()));
        assertThat(spec.getScheduledTime()).isNull();
        assertThat(revision.getMetadata().getAnnotations()).isNullOrEmpty();
        assertThat(spec.getWorkloads().getValidationJob()).isNull();
        assertThat(spec.getWorkloads().getTrainingJob()).isEqualTo("fraud-r3-train");
        assertThat(spec.getWorkloads().getEvaluationJob()).isEqualTo("fraud-r3-eval");
        assertThat(spec.getWorkloads().getDeployment()).isEqualTo("fraud-r3");
        assertThat(revision.getMetadata().getLabels()).contains(
                entry(Labels.PIPELINE, "fraud"), entry(Labels.REVISION, "fraud-r3"), entry(Labels.NAME, "fraud-detector"),
                entry(Labels.MANAGED_BY, "modelgate"));
    }

    @Test
    void aValidationJobIsNamedOnlyWhenTheDataIsValidated() {
        ModelPipeline pipeline = pipeline();
        pipeline.getSpec().setDataValidation(Pipelines.dataValidation(Pipelines.gate("rows", 1.0, null)));

        ModelRevision revision = freeze(pipeline, 3);

        assertThat(revision.getSpec().getWorkloads().getValidationJob()).isEqualTo("fraud-r3-validate");
        assertThat(revision.getSpec().getDataValidation().getGates()).extracting(g -> g.getMetric()).containsExactly("rows");
    }

    @Test
    void aScheduledRevisionCarriesItsTickInSpecAndAnnotation() {
        ModelRevision revision = Revisions.freeze(pipeline(),
                new PipelinePlan.NewRevision(9, Trigger.Schedule, Optional.of(Instant.parse("2026-11-02T02:00:00.250Z"))), "h");

        assertThat(revision.getSpec().getTrigger()).isEqualTo(Trigger.Schedule);
        assertThat(revision.getSpec().getScheduledTime()).isEqualTo("2026-11-02T02:00:00Z");
        assertThat(revision.getMetadata().getAnnotations()).containsExactly(entry(Revisions.SCHEDULED_TIME, "2026-11-02T02:00:00Z"));
    }

    @Test
    void whatDefinesTheModelIsFrozenButReplicasAreNot() {
        ModelPipeline pipeline = pipeline();

        ModelRevisionSpec spec = freeze(pipeline, 1).getSpec();

        assertThat(spec.getModel()).isEqualTo("fraud-detector");
        assertThat(spec.getSource().getTrainingImage()).isEqualTo("registry.example/fraud-train:1.0");
        assertThat(spec.getSource().getDataRef()).isEqualTo("s3://data/fraud/2026-11-01");
        assertThat(spec.getSource().getParameters()).containsOnly(entry("learning_rate", "0.1"), entry("max_depth", "6"));
        assertThat(spec.getTraining().getBackoffLimit()).isEqualTo(1);
        assertThat(spec.getEvaluation().getGates()).hasSize(1);
        assertThat(spec.getServing().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("registry.example/fraud-serve:1.0");
        assertThat(spec.getServing().getPort()).isEqualTo(8080);
        assertThat(spec.getServing().getReplicas()).as("scaling must not change a revision").isNull();
    }

    @Test
    void theFrozenSpecSharesNothingWithThePipeline() {
        ModelPipeline pipeline = pipeline();
        ModelRevision revision = freeze(pipeline, 1);
        String before = Serialization.asYaml(revision.getSpec());

        pipeline.getSpec().getSource().setTrainingImage("registry.example/fraud-train:2.0");
        pipeline.getSpec().getSource().setParameters(Map.of("learning_rate", "0.5"));
        pipeline.getSpec().getEvaluation().getGates().get(0).setMin(0.5);
        pipeline.getSpec().getEvaluation().getTemplate().getSpec().getContainers().get(0).setImage("changed:1");
        pipeline.getSpec().getServing().getTemplate().getSpec().getContainers().get(0).setImage("changed:1");
        pipeline.getSpec().getTraining().setArtifactUri("s3://elsewhere/{revision}");

        assertThat(Serialization.asYaml(revision.getSpec())).isEqualTo(before);
    }

    @Test
    void freezingDoesNotTouchThePipeline() {
        ModelPipeline pipeline = pipeline();
        String before = Serialization.asYaml(pipeline);

        freeze(pipeline, 1);

        assertThat(Serialization.asYaml(pipeline)).isEqualTo(before);
        assertThat(pipeline.getSpec().getServing().getReplicas()).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource({
            "'s3://models/{namespace}/{pipeline}/{revision}', 's3://models/ml/fraud/7'",
            "'gs://m/{model}/v{revision}', 'gs://m/fraud-detector/v7'",
            "'/mnt/{pipeline}-{revision}/{revision}', '/mnt/fraud-7/7'",
            "'s3://fixed/{revision}/{unknown}', 's3://fixed/7/{unknown}'",
    })
    void theArtifactUriHasItsPlaceholdersReplaced(String pattern, String expected) {
        ModelPipeline pipeline = pipeline();
        pipeline.getSpec().getTraining().setArtifactUri(pattern);

        ModelRevision revision = freeze(pipeline, 7);

        assertThat(revision.getSpec().getArtifactUri()).isEqualTo(expected);
        assertThat(revision.getSpec().getTraining().getArtifactUri()).as("the pattern is kept as written").isEqualTo(pattern);
        assertThat(Revisions.artifactUri(pattern, pipeline, pipeline.getSpec().getModel(), 7)).isEqualTo(expected);
    }

    @Test
    void everyRevisionWritesItsArtifactsElsewhere() {
        ModelPipeline pipeline = pipeline();

        assertThat(freeze(pipeline, 1).getSpec().getArtifactUri()).isNotEqualTo(freeze(pipeline, 2).getSpec().getArtifactUri());
    }

    @Test
    void theRevisionIsControlledByItsPipeline() {
        ModelRevision revision = freeze(pipeline(), 1);

        assertThat(revision.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("ModelPipeline");
            assertThat(owner.getApiVersion()).isEqualTo("modelgate.io/v1alpha1");
            assertThat(owner.getName()).isEqualTo("fraud");
            assertThat(owner.getUid()).isEqualTo("uid-of-fraud");
            assertThat(owner.getController()).isTrue();
        });
    }

    @Test
    void aRerunIsTheEarlierRevisionsFrozenSpecOnTheDataVersionItRecorded() {
        ModelPipeline pipeline = pipeline();
        ModelRevision earlier = freeze(pipeline, 1);
        earlier.getMetadata().setUid("uid-r1");
        earlier.setStatus(new io.modelgate.api.ModelRevisionStatus());
        earlier.getStatus().setDataVersion("snap-41");
        pipeline.getSpec().getSource().setDataRef("s3://data/fraud/2026-12-01");
        pipeline.getSpec().getSource().setTrainingImage("registry.example/fraud-train:9.0");
        String pipelineHash = RevisionIdentity.contentHash(pipeline.getSpec());

        ModelRevision rerun = Revisions.rerun(pipeline, earlier, PipelinePlan.NewRevision.rerun(4, "fraud-r1"), pipelineHash);

        ModelRevisionSpec spec = rerun.getSpec();
        assertThat(rerun.getMetadata().getName()).isEqualTo("fraud-r4");
        assertThat(spec.getTrigger()).isEqualTo(Trigger.Rerun);
        assertThat(spec.getRerunOf()).isEqualTo("fraud-r1");
        assertThat(spec.getSource().getDataRef()).isEqualTo(earlier.getSpec().getSource().getDataRef());
        assertThat(spec.getSource().getTrainingImage()).isEqualTo(earlier.getSpec().getSource().getTrainingImage());
        assertThat(spec.getSource().getDataVersion()).isEqualTo("snap-41");
        assertThat(spec.getArtifactUri()).isEqualTo("s3://models/ml/fraud/4");
        assertThat(spec.getWorkloads().getTrainingJob()).isEqualTo("fraud-r4-train");
        assertThat(spec.getPipelineContentHash()).isEqualTo(pipelineHash);
        assertThat(RevisionIdentity.standsFor(spec)).isEqualTo(pipelineHash);
        assertThat(spec.getContentHash()).as("its own: the data is pinned")
                .isEqualTo(RevisionIdentity.contentHash(spec)).isNotEqualTo(earlier.getSpec().getContentHash());
        assertThat(earlier.getSpec().getSource().getDataVersion()).as("the earlier record is untouched").isNull();
    }

    @Test
    void aRerunOfARevisionThatRecordedNoDataVersionKeepsItsSource() {
        ModelPipeline pipeline = pipeline();
        ModelRevision earlier = freeze(pipeline, 1);
        earlier.setStatus(new io.modelgate.api.ModelRevisionStatus());

        ModelRevision rerun = Revisions.rerun(pipeline, earlier, PipelinePlan.NewRevision.rerun(2, "fraud-r1"), "h");

        assertThat(rerun.getSpec().getSource().getDataVersion()).isNull();
        assertThat(rerun.getSpec().getContentHash()).as("the same model, made again").isEqualTo(earlier.getSpec().getContentHash());
    }

    @Test
    void theFrozenRevisionHasTheSameIdentityAsThePipelineItCameFrom() {
        ModelPipeline pipeline = pipeline();
        pipeline.getSpec().setDataValidation(Pipelines.dataValidation(Pipelines.gate("rows", 1.0, null)));
        ModelRevisionSpec frozen = freeze(pipeline, 1).getSpec();

        // Rebuild a pipeline spec from the revision alone: it must hash the same (reproducibility record).
        var rebuilt = new io.modelgate.api.ModelPipelineSpec();
        rebuilt.setModel(frozen.getModel());
        rebuilt.setSource(frozen.getSource());
        rebuilt.setDataValidation(frozen.getDataValidation());
        rebuilt.setTraining(frozen.getTraining());
        rebuilt.setEvaluation(frozen.getEvaluation());
        rebuilt.setServing(frozen.getServing());

        assertThat(RevisionIdentity.contentHash(rebuilt)).isEqualTo(frozen.getContentHash());
    }
}
