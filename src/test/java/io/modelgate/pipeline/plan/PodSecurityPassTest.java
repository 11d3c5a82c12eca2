package io.modelgate.pipeline.plan;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.delivery.RolloutDefaults;
import io.modelgate.podsecurity.PodSecurityLevel;
import io.modelgate.status.Reason;
import io.modelgate.testing.PodSecurityCorpus;
import io.modelgate.testing.Pipelines;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole passes with the operator's Pod Security level: every corpus case is reported as the corpus says (conditions,
 * Event, nothing created) at a level that refuses it and runs at a level that allows it; and the last check before
 * a create holds for a revision frozen before the level was lowered.
 */
class PodSecurityPassTest {

    static PipelinePass planner(PodSecurityLevel level) {
        return new PipelinePass(new RolloutDefaults(Duration.ofSeconds(30), "http://127.0.0.1:9090"), PassState.Slots.UNLIMITED, level);
    }

    static Stream<Arguments> casesAtBaselineAndRestricted() {
        return PodSecurityCorpus.cases().stream()
                .flatMap(c -> Stream.of(PodSecurityLevel.Baseline, PodSecurityLevel.Restricted).map(level -> Arguments.of(c, level)));
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("casesAtBaselineAndRestricted")
    void aNewPipelineIsReportedAsTheCorpusSaysOrStartsItsFirstRevision(PodSecurityCorpus.Case c, PodSecurityLevel level) {
        InMemoryCluster cluster = new InMemoryCluster(c.pipeline("corpus", "ml"), PassScenarios.T0);

        PassPlan plan = cluster.pass(planner(level), request -> null).plan();

        if (c.expected(level).isEmpty()) {
            assertThat(plan.intents()).as("a template the level allows runs").anySatisfy(intent ->
                    assertThat(intent.key()).startsWith("create:ModelRevision/corpus-r1"));
            assertThat(plan.events()).noneSatisfy(event -> assertThat(event.reason()).isEqualTo(Reason.InvalidSpec));
            return;
        }
        PodSecurityCorpus.Outcome outcome = PodSecurityCorpus.outcome();
        var status = plan.pipelineStatus().orElseThrow();
        for (PodSecurityCorpus.Condition expected : outcome.conditions()) {
            assertThat(status.getConditions()).as(expected.type()).anySatisfy(condition -> {
                assertThat(condition.getType()).isEqualTo(expected.type());
                assertThat(condition.getStatus()).isEqualTo(expected.status());
                assertThat(condition.getReason()).isEqualTo(expected.reason());
                c.expected(level).forEach(field -> assertThat(condition.getMessage()).contains(field + " "));
            });
        }
        assertThat(status.getPhase()).isEqualTo("Invalid");
        assertThat(plan.events()).anySatisfy(event -> {
            assertThat(event.type()).isEqualTo(outcome.eventType());
            assertThat(event.reason().name()).isEqualTo(outcome.eventReason());
            assertThat(event.about().getKind()).isEqualTo("ModelPipeline");
            assertThat(event.message()).contains("above Pod Security \"" + level.label() + "\"");
            c.expected(level).forEach(field -> assertThat(event.message()).contains(field + " "));
        });
        assertThat(plan.intents()).as("created").filteredOn(Intent.Create.class::isInstance)
                .extracting(Intent::key).containsExactlyElementsOf(outcome.created());
    }

    /** A revision frozen under a looser level (or an older operator) is not started under a stricter one: no Job is created. */
    @Test
    void aRevisionFrozenBeforeTheLevelWasLoweredFailsWithInvalidSpecBeforeItsJobIsCreated() {
        ModelPipeline pipeline = PodSecurityCorpus.cases().get(1).pipeline("fraud", "ml");  // hostIPC in training
        pipeline.getSpec().setDataValidation(Pipelines.dataValidation(Pipelines.gate("rows", 1000.0, null)));
        InMemoryCluster cluster = new InMemoryCluster(pipeline, PassScenarios.T0);
        PassPlan created = cluster.pass(planner(PodSecurityLevel.Privileged), request -> null).plan();
        assertThat(created.intents()).extracting(Intent::key).contains("create:Job/fraud-r1-validate");
        cluster.completeJob("fraud-r1-validate", "{\"rows\": 5000}");

        cluster.at(PassScenarios.T0.plusSeconds(5));
        PassPlan plan = cluster.pass(planner(PodSecurityLevel.Baseline), request -> null).plan();

        assertThat(plan.intents()).filteredOn(Intent.Create.class::isInstance).isEmpty();
        ModelRevision r1 = revision(plan, "fraud-r1");
        assertThat(r1.getStatus().getPhase()).isEqualTo("Failed");
        assertThat(r1.getStatus().getReason()).isEqualTo("InvalidSpec");
        assertThat(r1.getStatus().getMessage()).isEqualTo("the training Job was not created: above Pod Security \"baseline\", the highest "
                + "level this operator creates (modelgate.pod-security.level): training.template.spec.hostIPC must not be true");
        assertThat(plan.events()).anySatisfy(event -> {
            assertThat(event.reason()).isEqualTo(Reason.InvalidSpec);
            assertThat(event.about().getKind()).isEqualTo("ModelPipeline");
        });
    }

    /** The same for serving: the revision fails before its Deployment exists, and the stable revision is not touched. */
    @Test
    void aFrozenRevisionsServingIsNotCreatedAndTheStableRevisionKeepsServing() {
        PassScenarios.Walk walk = new PassScenarios.Walk("frozen-serving", Pipelines.fraud("fraud", "ml"));
        walk.promoteFirst();
        Deployment stable = walk.cluster.find(Deployment.class, "fraud-r1").orElseThrow();
        PodSecurityCorpus.Case privileged = PodSecurityCorpus.cases().get(0);
        walk.cluster.editSpec(p -> p.getSpec().getServing().setTemplate(privileged.templateCopy()));
        walk.cluster.pass(planner(PodSecurityLevel.Privileged), walk.measurement);
        walk.cluster.completeJob("fraud-r2-train", "{}");
        walk.cluster.pass(planner(PodSecurityLevel.Privileged), walk.measurement);
        walk.cluster.completeJob("fraud-r2-eval", "{\"auc\": 0.97}");

        walk.later(Duration.ofSeconds(5));
        PassPlan plan = walk.cluster.pass(planner(PodSecurityLevel.Baseline), walk.measurement).plan();

        assertThat(plan.intents()).extracting(Intent::key).noneMatch(key -> key.contains("Deployment/fraud-r2"))
                .noneMatch(key -> key.contains("fraud-r1") && !key.contains("ModelRevision"));
        ModelRevision r2 = revision(plan, "fraud-r2");
        assertThat(r2.getStatus().getPhase()).isEqualTo("Failed");
        assertThat(r2.getStatus().getReason()).isEqualTo("InvalidSpec");
        assertThat(r2.getStatus().getMessage()).startsWith("the serving Deployment was not created: above Pod Security \"baseline\"")
                .contains("serving.template.spec.hostNetwork must not be true", "serving.template.spec.volumes[0].hostPath")
                .endsWith("; the previous stable revision keeps serving");
        assertThat(plan.pipelineStatus().orElseThrow().getStableRevision()).isEqualTo("fraud-r1");
        assertThat(walk.cluster.find(Deployment.class, "fraud-r1").orElseThrow()).usingRecursiveComparison().isEqualTo(stable);
        assertThat(walk.cluster.find(Deployment.class, "fraud-r2")).isEmpty();
    }

    private static ModelRevision revision(PassPlan plan, String name) {
        List<ModelRevision> revisions = plan.revisions();
        return revisions.stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }
}
