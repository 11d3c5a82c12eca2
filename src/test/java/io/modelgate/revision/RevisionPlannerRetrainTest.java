package io.modelgate.revision;

import io.modelgate.api.ModelRevisionSpec.Trigger;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A retrain request is served once, even when its annotation cannot be removed at once. */
class RevisionPlannerRetrainTest {

    private static PipelineSnapshot retrainWith(RevisionView... revisions) {
        return new PipelineSnapshot("h", false, true, true, Optional.empty(), List.of(revisions), revisions.length, 10);
    }

    @Test
    void aRetrainRequestCreatesOneRevision() {
        PipelinePlan plan = RevisionPlanner.plan(retrainWith(new RevisionView("p-r1", 1, "h", RevisionPhase.Promoted, Trigger.Initial)));

        assertThat(plan.create()).hasValueSatisfying(next -> {
            assertThat(next.number()).isEqualTo(2);
            assertThat(next.trigger()).isEqualTo(Trigger.Retrain);
        });
        assertThat(plan.retrainServed()).isTrue();
    }

    @Test
    void theSameRequestSeenAgainWhileItsRevisionRunsCreatesNothingMore() {
        PipelinePlan plan = RevisionPlanner.plan(retrainWith(
                new RevisionView("p-r1", 1, "h", RevisionPhase.Promoted, Trigger.Initial),
                new RevisionView("p-r2", 2, "h", RevisionPhase.Training, Trigger.Retrain)));

        assertThat(plan.create()).isEmpty();
        assertThat(plan.supersede()).isEmpty();
        assertThat(plan.drive()).map(RevisionView::name).hasValue("p-r2");
        assertThat(plan.retrainServed()).as("the annotation may now be removed").isTrue();
    }

    @Test
    void aRequestAfterTheRetrainEndedIsANewRequest() {
        PipelinePlan plan = RevisionPlanner.plan(retrainWith(
                new RevisionView("p-r1", 1, "h", RevisionPhase.Promoted, Trigger.Initial),
                new RevisionView("p-r2", 2, "h", RevisionPhase.Rejected, Trigger.Retrain)));

        assertThat(plan.create()).hasValueSatisfying(next -> assertThat(next.trigger()).isEqualTo(Trigger.Retrain));
    }

    @Test
    void aRetrainWhileAnotherKindOfRevisionRunsSupersedesIt() {
        PipelinePlan plan = RevisionPlanner.plan(retrainWith(
                new RevisionView("p-r1", 1, "h", RevisionPhase.Training, Trigger.Initial)));

        assertThat(plan.create()).hasValueSatisfying(next -> assertThat(next.trigger()).isEqualTo(Trigger.Retrain));
        assertThat(plan.supersede()).extracting(RevisionView::name).containsExactly("p-r1");
    }

    @Test
    void noRequestNothingServed() {
        PipelinePlan plan = RevisionPlanner.plan(new PipelineSnapshot("h", false, true, false, Optional.empty(),
                List.of(new RevisionView("p-r1", 1, "h", RevisionPhase.Promoted, Trigger.Initial)), 1, 10));

        assertThat(plan.create()).isEmpty();
        assertThat(plan.retrainServed()).isFalse();
    }
}
