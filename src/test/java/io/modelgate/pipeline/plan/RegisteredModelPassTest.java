package io.modelgate.pipeline.plan;

import io.modelgate.analysis.Measurement;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelPipelineStatus;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.ModelRevisionSpec.Trigger;
import io.modelgate.api.RegisteredModelSpec;
import io.modelgate.registry.RegistryWrite;
import io.modelgate.status.Conditions;
import io.modelgate.status.Reason;
import io.modelgate.testing.Pipelines;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry as the source, walked pass by pass: the version an alias names is looked up every pollInterval, each
 * version it moves to is a revision that is evaluated, gated and rolled out without training, and its own version is
 * its registry record. A reference the registry does not know is an invalid spec; a registry that is down makes no
 * revision and leaves what serves alone.
 */
class RegisteredModelPassTest {

    private static final Function<MeasurementRequest, Measurement> HEALTHY = RegistryPassTest.HEALTHY;

    private final InMemoryRegistry registry = new InMemoryRegistry();

    @BeforeEach
    void twoVersionsOfChurnAndStagingOnTheFirst() {
        registry.register("churn", "s3://models/churn/1");
        registry.register("churn", "s3://models/churn/2");
        registry.aliases.put("churn@staging", "1");
    }

    @Test
    void eachVersionTheAliasMovesToIsARevisionThatSkipsTrainingAndIsPromoted() {
        InMemoryCluster cluster = new InMemoryCluster(following("staging"), PassScenarios.T0);
        pass(cluster);

        ModelRevision r1 = revision(cluster, "churn-r1");
        assertThat(r1.getSpec().getModelVersion()).isEqualTo("1");
        assertThat(r1.getSpec().getArtifactUri()).isEqualTo("s3://models/churn/1");
        assertThat(r1.getSpec().getTraining()).isNull();
        assertThat(r1.getSpec().getWorkloads().getTrainingJob()).isNull();
        assertThat(r1.getStatus().getPhase()).as("nothing to train").isEqualTo("Evaluating");
        assertThat(r1.getStatus().getReason()).isEqualTo(Reason.ModelExists.name());
        assertThat(cluster.snapshot().jobs()).containsOnlyKeys("churn-r1-eval");
        assertThat(env(cluster, "churn-r1-eval")).contains("MODEL_URI=s3://models/churn/1", "MODEL_VERSION=1");
        assertThat(status(cluster).getRegisteredModel().getVersion()).isEqualTo("1");
        assertThat(Conditions.find(status(cluster).getConditions(), ModelSourceSteps.CONDITION).orElseThrow().getStatus()).isEqualTo("True");

        promote(cluster, "churn-r1");
        assertThat(registry.aliases).as("the promoted alias on the version delivered").containsEntry("churn@champion", "1");
        assertThat(registry.received).as("a registered version is its own record: never copied into a new version")
                .noneMatch(request -> request.write() == RegistryWrite.CreateVersion);
        assertThat(revision(cluster, "churn-r1").getStatus().getRegistry().getVersion()).isEqualTo("1");

        registry.aliases.put("churn@staging", "2");
        int lookUps = registry.lookedUp.size();
        later(cluster, Duration.ofSeconds(20));
        pass(cluster);
        assertThat(registry.lookedUp).as("not due before pollInterval").hasSize(lookUps);
        assertThat(cluster.snapshot().revisions()).hasSize(1);

        later(cluster, Duration.ofSeconds(40));
        pass(cluster);
        ModelRevision r2 = revision(cluster, "churn-r2");
        assertThat(r2.getSpec().getTrigger()).isEqualTo(Trigger.AliasMoved);
        assertThat(r2.getSpec().getModelVersion()).isEqualTo("2");
        assertThat(r2.getSpec().getArtifactUri()).isEqualTo("s3://models/churn/2");
        assertThat(r2.getStatus().getPhase()).isEqualTo("Evaluating");
        assertThat(env(cluster, "churn-r2-eval")).contains("STABLE_REVISION=churn-r1", "STABLE_MODEL_URI=s3://models/churn/1");

        promote(cluster, "churn-r2");
        assertThat(revision(cluster, "churn-r2").getStatus().getPhase()).isEqualTo("Promoted");
        assertThat(registry.aliases).containsEntry("churn@champion", "2");
        later(cluster, Duration.ofMinutes(2));
        pass(cluster);
        assertThat(cluster.snapshot().revisions()).as("the alias did not move again: no revision").hasSize(2);
    }

    @Test
    void anAliasTheRegistryDoesNotKnowIsAnInvalidSpecAndMakesNothing() {
        InMemoryCluster cluster = new InMemoryCluster(following("production"), PassScenarios.T0);
        InMemoryCluster.Pass pass = pass(cluster);

        assertThat(cluster.snapshot().revisions()).isEmpty();
        ModelPipelineStatus status = status(cluster);
        var found = Conditions.find(status.getConditions(), ModelSourceSteps.CONDITION).orElseThrow();
        assertThat(found.getStatus()).isEqualTo("False");
        assertThat(found.getReason()).isEqualTo("NotFound");
        assertThat(status.getRegisteredModel().getState()).isEqualTo("Missing");
        assertThat(Conditions.find(status.getConditions(), Conditions.STALLED).orElseThrow().getReason()).isEqualTo("InvalidSpec");
        assertThat(pass.plan().events()).anyMatch(e -> e.reason() == Reason.InvalidSpec && e.message().contains("alias production of registered model churn"));

        registry.aliases.put("churn@production", "2");
        later(cluster, Duration.ofSeconds(61));
        pass(cluster);
        assertThat(revision(cluster, "churn-r1").getSpec().getModelVersion()).as("found at the next look-up").isEqualTo("2");
    }

    @Test
    void aRegistryThatIsDownMakesNoRevisionAndLeavesWhatServesAlone() {
        InMemoryCluster cluster = new InMemoryCluster(following("staging"), PassScenarios.T0);
        pass(cluster);
        promote(cluster, "churn-r1");

        registry.aliases.put("churn@staging", "2");
        registry.down = true;
        later(cluster, Duration.ofSeconds(61));
        InMemoryCluster.Pass down = pass(cluster);

        assertThat(cluster.snapshot().revisions()).hasSize(1);
        assertThat(revision(cluster, "churn-r1").getStatus().getPhase()).isEqualTo("Promoted");
        ModelPipelineStatus status = status(cluster);
        var found = Conditions.find(status.getConditions(), ModelSourceSteps.CONDITION).orElseThrow();
        assertThat(found.getStatus()).isEqualTo("False");
        assertThat(found.getReason()).isEqualTo("RegistryUnavailable");
        assertThat(status.getRegisteredModel().getVersion()).as("what was found stays").isEqualTo("1");
        assertThat(status.getStableRevision()).isEqualTo("churn-r1");
        assertThat(down.plan().events()).anyMatch(e -> e.reason() == Reason.RegistryLookupFailed && e.message().contains("version 1 stays"));
        assertThat(down.plan().events()).noneMatch(e -> e.reason() == Reason.InvalidSpec);

        registry.down = false;
        later(cluster, Duration.ofSeconds(61));
        pass(cluster);
        assertThat(revision(cluster, "churn-r2").getSpec().getModelVersion()).isEqualTo("2");
    }

    @Test
    void aFixedModelUriIsEvaluatedAndServedWithoutTrainingOrRegistry() {
        ModelPipeline pipeline = Pipelines.fraud("churn", "ml");
        pipeline.getSpec().getSource().setTrainingImage(null);
        pipeline.getSpec().getSource().setModelUri("gs://models/churn/7");
        pipeline.getSpec().setTraining(null);
        InMemoryCluster cluster = new InMemoryCluster(pipeline, PassScenarios.T0);
        pass(cluster);

        ModelRevision r1 = revision(cluster, "churn-r1");
        assertThat(r1.getSpec().getArtifactUri()).isEqualTo("gs://models/churn/7");
        assertThat(r1.getSpec().getModelVersion()).isNull();
        assertThat(r1.getStatus().getPhase()).isEqualTo("Evaluating");
        assertThat(registry.lookedUp).isEmpty();
        promote(cluster, "churn-r1");
        assertThat(revision(cluster, "churn-r1").getStatus().getPhase()).isEqualTo("Promoted");
    }

    private static ModelPipeline following(String alias) {
        ModelPipeline pipeline = Pipelines.fraud("churn", "ml");
        pipeline.getSpec().setModel("churn");
        pipeline.getSpec().getSource().setTrainingImage(null);
        RegisteredModelSpec registered = new RegisteredModelSpec();
        registered.setName("churn");
        registered.setAlias(alias);
        pipeline.getSpec().getSource().setRegisteredModel(registered);
        pipeline.getSpec().setTraining(null);
        pipeline.getSpec().setRegistry(PassScenarios.mlflow("http://mlflow.mlops:5000"));
        return pipeline;
    }

    private void promote(InMemoryCluster cluster, String revision) {
        cluster.completeJob(revision + "-eval", "{\"auc\": 0.95}");
        pass(cluster);
        cluster.makeAvailable(revision);
        pass(cluster);
    }

    private InMemoryCluster.Pass pass(InMemoryCluster cluster) {
        later(cluster, Duration.ofSeconds(1));
        return cluster.pass(PassScenarios.PLANNER, HEALTHY, registry);
    }

    private static void later(InMemoryCluster cluster, Duration duration) {
        cluster.at(cluster.now().plus(duration));
    }

    private static ModelPipelineStatus status(InMemoryCluster cluster) {
        return cluster.snapshot().pipeline().getStatus();
    }

    private static List<String> env(InMemoryCluster cluster, String job) {
        return cluster.snapshot().jobs().get(job).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .map(e -> e.getName() + "=" + e.getValue()).toList();
    }

    private static ModelRevision revision(InMemoryCluster cluster, String name) {
        return cluster.snapshot().revisions().stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }
}
