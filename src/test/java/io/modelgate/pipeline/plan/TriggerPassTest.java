package io.modelgate.pipeline.plan;

import io.modelgate.analysis.Measurement;
import io.modelgate.analysis.MeasurementPhase;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.testing.Pipelines;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The closed loop walked pass by pass: a drift metric over its bound for `for` makes one Drift revision, and no more. */
class TriggerPassTest {

    boolean drifting;
    int triggerMeasurements;

    final Function<MeasurementRequest, Measurement> world = request -> {
        if (request.key().startsWith("trigger/")) {
            triggerMeasurements++;
            assertThat(request.variables()).containsEntry("revision", "fraud-r1");
        }
        return drifting && request.key().startsWith("trigger/")
                ? new Measurement(MeasurementPhase.Failed, 0.31, null, "psi=0.31 is above max 0.2", PassScenarios.T0)
                : new Measurement(MeasurementPhase.Successful, 0.05, null, "psi=0.05", PassScenarios.T0);
    };

    @Test
    void aDriftHeldForItsForMakesOneRevisionAndTheCooldownKeepsItOne() {
        ModelPipeline pipeline = Pipelines.fraud("fraud", "ml");
        pipeline.getSpec().setTriggers(InMemoryCluster.SERIALIZATION.unmarshal("""
                {"metrics": [{"name": "drift", "max": 0.2, "for": "1m", "interval": "30s", "cooldown": "1h",
                  "prometheus": {"query": "psi{revision=\\"{{revision}}\\"}"}}]}""", io.modelgate.api.TriggersSpec.class));
        InMemoryCluster cluster = new InMemoryCluster(pipeline, PassScenarios.T0);
        pass(cluster);
        cluster.completeJob("fraud-r1-train", "{}");
        pass(cluster);
        cluster.completeJob("fraud-r1-eval", "{\"auc\": 0.95}");
        pass(cluster);
        cluster.makeAvailable("fraud-r1");
        pass(cluster);
        assertThat(revisions(cluster)).hasSize(1);

        for (int i = 0; i < 4; i++) {
            later(cluster, Duration.ofSeconds(30));
            pass(cluster);
        }
        assertThat(revisions(cluster)).as("healthy: no retrain").hasSize(1);
        assertThat(triggerMeasurements).as("one measurement per 30 s interval").isBetween(4, 6);

        drifting = true;
        for (int i = 0; i < 2; i++) {
            later(cluster, Duration.ofSeconds(30));
            pass(cluster);
            assertThat(revisions(cluster)).as("violated for less than 1m").hasSize(1);
        }
        later(cluster, Duration.ofSeconds(31));
        pass(cluster);
        List<ModelRevision> revisions = revisions(cluster);
        assertThat(revisions).hasSize(2);
        ModelRevision r2 = revisions.get(1);
        assertThat(r2.getSpec().getTrigger().name()).isEqualTo("Drift");
        assertThat(r2.getSpec().getTriggeredBy()).isEqualTo("drift");
        assertThat(r2.getSpec().getTriggerReason()).contains("psi=0.31 is above max 0.2").contains("on fraud-r1");
        assertThat(cluster.snapshot().pipeline().getStatus().getTriggers().get(0).getLastRevision()).isEqualTo("fraud-r2");

        // Still drifting while r2 is in flight, and after: the cooldown holds.
        for (int i = 0; i < 10; i++) {
            later(cluster, Duration.ofSeconds(30));
            pass(cluster);
        }
        assertThat(revisions(cluster)).hasSize(2);
        assertThat(cluster.snapshot().pipeline().getStatus().getTriggers().get(0).getMessage()).containsAnyOf("in flight", "cooldown");
    }

    private void pass(InMemoryCluster cluster) {
        later(cluster, Duration.ofSeconds(1));
        cluster.pass(PassScenarios.PLANNER, world);
    }

    private static void later(InMemoryCluster cluster, Duration duration) {
        cluster.at(cluster.now().plus(duration));
    }

    private static List<ModelRevision> revisions(InMemoryCluster cluster) {
        return cluster.snapshot().revisions().stream().sorted(java.util.Comparator.comparingInt(r -> r.getSpec().getNumber())).toList();
    }
}
