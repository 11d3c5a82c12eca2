package io.modelgate.pipeline.plan;

import io.modelgate.analysis.Measurement;
import io.modelgate.analysis.MeasurementPhase;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.RegistryRecordStatus;
import io.modelgate.delivery.RolloutDefaults;
import io.modelgate.engine.Engines;
import io.modelgate.podsecurity.PodSecurityLevel;
import io.modelgate.registry.RegistrySettings;
import io.modelgate.registry.RegistryTags;
import io.modelgate.registry.RegistryWrite;
import io.modelgate.status.Conditions;
import io.modelgate.testing.Pipelines;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry as a record, walked pass by pass: a version per revision that passed its gates, the alias on the one
 * promoted, the outcome of the others; written exactly once whatever the registry does meanwhile, never holding
 * serving back.
 */
class RegistryPassTest {

    static final Function<MeasurementRequest, Measurement> HEALTHY = request ->
            new Measurement(MeasurementPhase.Successful, 0.01, null, request.metric().name() + ": 0.01", PassScenarios.T0);

    final InMemoryRegistry registry = new InMemoryRegistry();

    @Test
    void aRegistryDownNeverHoldsServingBackAndIsWrittenOnceWhenBack() {
        InMemoryCluster cluster = new InMemoryCluster(withRegistry(Pipelines.fraud("fraud", "ml")), PassScenarios.T0);
        registry.down = true;
        promoteFirst(cluster);

        ModelRevision r1 = revision(cluster, "fraud-r1");
        assertThat(r1.getStatus().getPhase()).isEqualTo("Promoted");
        RegistryRecordStatus record = r1.getStatus().getRegistry();
        assertThat(record.getPending()).isEqualTo("CreateVersion");
        assertThat(record.getVersion()).isNull();
        assertThat(record.getLastError()).contains("did not answer");
        assertThat(Conditions.find(r1.getStatus().getConditions(), "RegistrySynced").orElseThrow().getStatus()).isEqualTo("False");

        // Down for a while: attempts back off instead of hammering the server.
        int attemptsBefore = registry.received.size();
        for (int i = 0; i < 30; i++) {
            later(cluster, Duration.ofSeconds(2));
            pass(cluster);
        }
        int attemptsWhileDown = registry.received.size() - attemptsBefore;
        assertThat(attemptsWhileDown).as("attempts in 60 s down, backing off from 5 s").isBetween(2, 5);

        registry.down = false;
        later(cluster, Duration.ofMinutes(5));
        pass(cluster);

        r1 = revision(cluster, "fraud-r1");
        record = r1.getStatus().getRegistry();
        assertThat(registry.versionsOf("fraud-r1")).isEqualTo(1);
        assertThat(record.getVersion()).isEqualTo("1");
        assertThat(record.getAlias()).isEqualTo("champion");
        assertThat(record.getOutcome()).isEqualTo("Promoted");
        assertThat(record.getPending()).isNull();
        assertThat(record.getAttempts()).isNull();
        assertThat(registry.aliases).containsEntry("fraud-detector@champion", "1");
        assertThat(registry.version("fraud-detector", "1").tags())
                .containsEntry(RegistryTags.REVISION, "fraud-r1")
                .containsEntry(RegistryTags.PIPELINE, "ml/fraud")
                .containsEntry(RegistryTags.REVISION_UID, "uid-ModelRevision-fraud-r1")
                .containsEntry(RegistryTags.OUTCOME, "Promoted")
                .containsEntry("metric.auc", "0.95")
                .containsEntry("gate.Evaluation.auc", "Passed 0.95 (>= 0.9)")
                .containsKey(RegistryTags.CONTENT_HASH);
        assertThat(Conditions.find(r1.getStatus().getConditions(), "RegistrySynced").orElseThrow().getStatus()).isEqualTo("True");

        int total = registry.received.size();
        later(cluster, Duration.ofMinutes(1));
        pass(cluster);
        assertThat(registry.received).as("nothing is owed once in sync").hasSize(total);
    }

    @Test
    void aWriteWhoseAnswerIsLostIsFoundAgainNotMadeTwice() {
        InMemoryCluster cluster = new InMemoryCluster(withRegistry(Pipelines.fraud("fraud", "ml")), PassScenarios.T0);
        registry.loseAnswers = true;
        promoteFirst(cluster);
        later(cluster, Duration.ofSeconds(6));
        pass(cluster);
        assertThat(registry.received.stream().filter(r -> r.write() == RegistryWrite.CreateVersion)).hasSizeGreaterThanOrEqualTo(2);

        registry.loseAnswers = false;
        later(cluster, Duration.ofMinutes(5));
        pass(cluster);

        assertThat(registry.versionsOf("fraud-r1")).isEqualTo(1);
        assertThat(revision(cluster, "fraud-r1").getStatus().getRegistry().getVersion()).isEqualTo("1");
        assertThat(registry.aliases).containsEntry("fraud-detector@champion", "1");
    }

    @Test
    void aRolledBackRevisionIsTaggedAndTheAliasStaysOnTheStableVersion() {
        InMemoryCluster cluster = new InMemoryCluster(withRegistry(Pipelines.fraud("fraud", "ml")), PassScenarios.T0);
        promoteFirst(cluster);
        cluster.editSpec(p -> {
            p.getSpec().setRollout(PassScenarios.canary());
            p.getSpec().getSource().setDataRef("s3://data/fraud/2026-11-02");
        });
        pass(cluster);
        cluster.completeJob("fraud-r2-train", "{}");
        pass(cluster);
        cluster.completeJob("fraud-r2-eval", "{\"auc\": 0.96}");
        pass(cluster);
        assertThat(revision(cluster, "fraud-r2").getStatus().getRegistry().getVersion())
                .as("a version as soon as the gates pass, before the rollout ends").isEqualTo("2");
        cluster.makeAvailable("fraud-r2");
        Function<MeasurementRequest, Measurement> failing = request ->
                new Measurement(MeasurementPhase.Failed, 0.09, null, "error-rate: 0.09 is above max 0.05", cluster.now());
        pass(cluster, failing);
        later(cluster, Duration.ofSeconds(31));
        pass(cluster, failing);

        ModelRevision r2 = revision(cluster, "fraud-r2");
        assertThat(r2.getStatus().getPhase()).isEqualTo("RolledBack");
        assertThat(r2.getStatus().getRegistry().getOutcome()).isEqualTo("RolledBack");
        assertThat(r2.getStatus().getRegistry().getAlias()).isNull();
        assertThat(registry.version("fraud-detector", "2").tags()).containsEntry(RegistryTags.OUTCOME, "RolledBack");
        assertThat(registry.aliases).containsEntry("fraud-detector@champion", "1");
        assertThat(registry.versions).hasSize(2);
    }

    @Test
    void withoutAnAddressTheRecordSaysSoAndNothingIsSent() {
        ModelPipeline pipeline = Pipelines.fraud("fraud", "ml");
        pipeline.getSpec().setRegistry(InMemoryCluster.SERIALIZATION.unmarshal("{\"mlflow\": {\"model\": \"fraud\"}}",
                io.modelgate.api.RegistrySpec.class));
        InMemoryCluster cluster = new InMemoryCluster(pipeline, PassScenarios.T0);
        promoteFirst(cluster);

        ModelRevision r1 = revision(cluster, "fraud-r1");
        assertThat(r1.getStatus().getPhase()).isEqualTo("Promoted");
        var condition = Conditions.find(r1.getStatus().getConditions(), "RegistrySynced").orElseThrow();
        assertThat(condition.getStatus()).isEqualTo("False");
        assertThat(condition.getReason()).isEqualTo("RegistryNotConfigured");
        assertThat(registry.received).isEmpty();
    }

    @Test
    void theOperatorsAddressServesAPipelineThatNamesNone() {
        ModelPipeline pipeline = Pipelines.fraud("fraud", "ml");
        pipeline.getSpec().setRegistry(InMemoryCluster.SERIALIZATION.unmarshal("{\"mlflow\": {}}", io.modelgate.api.RegistrySpec.class));
        InMemoryCluster cluster = new InMemoryCluster(pipeline, PassScenarios.T0);
        PipelinePass planner = new PipelinePass(new RolloutDefaults(Duration.ofSeconds(30), null), PassState.Slots.UNLIMITED,
                PodSecurityLevel.DEFAULT, Engines.JOB_ONLY, new RegistrySettings(Optional.of("http://mlflow.mlops:5000"), Duration.ofMinutes(5)));
        cluster.pass(planner, HEALTHY, registry);
        cluster.completeJob("fraud-r1-train", "{}");
        cluster.pass(planner, HEALTHY, registry);
        cluster.completeJob("fraud-r1-eval", "{\"auc\": 0.95}");
        cluster.pass(planner, HEALTHY, registry);

        assertThat(registry.received).isNotEmpty().allSatisfy(request ->
                assertThat(request.target().address()).isEqualTo("http://mlflow.mlops:5000"));
        assertThat(registry.versionsOf("fraud-r1")).isEqualTo(1);
        assertThat(registry.versions.get(0).model()).isEqualTo("fraud-detector");
    }

    private void promoteFirst(InMemoryCluster cluster) {
        pass(cluster);
        cluster.completeJob("fraud-r1-train", "{}");
        pass(cluster);
        cluster.completeJob("fraud-r1-eval", "{\"auc\": 0.95}");
        pass(cluster);
        cluster.makeAvailable("fraud-r1");
        pass(cluster);
    }

    private void pass(InMemoryCluster cluster) {
        pass(cluster, HEALTHY);
    }

    private void pass(InMemoryCluster cluster, Function<MeasurementRequest, Measurement> world) {
        later(cluster, Duration.ofSeconds(1));
        cluster.pass(PassScenarios.PLANNER, world, registry);
    }

    private static void later(InMemoryCluster cluster, Duration duration) {
        cluster.at(cluster.now().plus(duration));
    }

    private static ModelRevision revision(InMemoryCluster cluster, String name) {
        return cluster.snapshot().revisions().stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    private static ModelPipeline withRegistry(ModelPipeline pipeline) {
        pipeline.getSpec().setRegistry(PassScenarios.mlflow("http://mlflow.mlops:5000"));
        return pipeline;
    }
}
