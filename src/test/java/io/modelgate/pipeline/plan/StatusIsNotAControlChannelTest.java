package io.modelgate.pipeline.plan;

import io.modelgate.api.ModelRevision;
import io.modelgate.status.Reason;
import io.modelgate.testing.Pipelines;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A phase written into a revision's status by hand changes nothing that serves: the operator keeps its own record. */
class StatusIsNotAControlChannelTest {

    @Test
    void aRejectedRevisionEditedToPromotedStaysRejectedAndTheStableRevisionKeepsServing() {
        PassScenarios.Walk walk = new PassScenarios.Walk("status-edit", Pipelines.fraud("fraud", "ml"));
        walk.promoteFirst();
        walk.cluster.editSpec(p -> p.getSpec().getSource().setDataRef("s3://data/fraud/2026-11-02"));
        walk.pass("r2");
        walk.cluster.completeJob("fraud-r2-train", "{}");
        walk.pass("r2-trained");
        walk.cluster.completeJob("fraud-r2-eval", "{\"auc\": 0.5}");
        walk.pass("r2-rejected");
        assertThat(walk.cluster.find(ModelRevision.class, "fraud-r2").orElseThrow().getStatus().getPhase()).isEqualTo("Rejected");

        walk.cluster.editRevisionStatus("fraud-r2", status -> status.setPhase("Promoted"));
        walk.later(Duration.ofSeconds(5));
        InMemoryCluster.Pass pass = walk.cluster.pass(PassScenarios.PLANNER, walk.measurement);

        PassPlan plan = pass.plan();
        ModelRevision r2 = plan.revisions().stream().filter(r -> r.getMetadata().getName().equals("fraud-r2")).findFirst().orElseThrow();
        assertThat(r2.getStatus().getPhase()).isEqualTo("Rejected");
        assertThat(plan.pipelineStatus().orElseThrow().getStableRevision()).isEqualTo("fraud-r1");
        assertThat(plan.intents()).as("nothing is created, scaled or deleted for a hand-written phase").isEmpty();
        assertThat(plan.events()).anySatisfy(event -> {
            assertThat(event.reason()).isEqualTo(Reason.StatusEdited);
            assertThat(event.warning()).isTrue();
            assertThat(event.about().getMetadata().getName()).isEqualTo("fraud-r2");
            assertThat(event.message()).contains("Promoted").contains("Rejected");
        });
        assertThat(walk.cluster.find(ModelRevision.class, "fraud-r2").orElseThrow().getStatus().getPhase())
                .as("the record is written back").isEqualTo("Rejected");
        assertThat(walk.cluster.find(io.fabric8.kubernetes.api.model.apps.Deployment.class, "fraud-r1").orElseThrow()
                .getSpec().getReplicas()).isEqualTo(2);
    }
}
