package io.modelgate.revision;

import io.modelgate.api.ModelRevisionSpec.Trigger;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A person's rerun of an earlier revision: one new revision, after a spec change, and never mistaken for one. */
class RevisionPlannerRerunTest {

    private static PipelineSnapshot rerunOf(String of, RevisionView... revisions) {
        return new PipelineSnapshot("h", false, true, false, Optional.empty(), List.of(revisions), revisions.length, 10,
                Optional.empty(), Optional.ofNullable(of));
    }

    @Test
    void aRerunRequestCreatesARerunOfThatRevision() {
        PipelinePlan plan = RevisionPlanner.plan(rerunOf("p-r1",
                new RevisionView("p-r1", 1, "old", RevisionPhase.RolledBack, Trigger.Initial),
                new RevisionView("p-r2", 2, "h", RevisionPhase.Promoted, Trigger.SpecChange)));

        assertThat(plan.create()).hasValueSatisfying(next -> {
            assertThat(next.number()).isEqualTo(3);
            assertThat(next.trigger()).isEqualTo(Trigger.Rerun);
            assertThat(next.rerunOf()).hasValue("p-r1");
        });
    }

    @Test
    void aNewestRerunThatStandsForTheSpecOfNowIsNoSpecChange() {
        // RevisionView.contentHash is what the revision stands for: a rerun's is the pipeline's hash when it was asked for.
        PipelinePlan plan = RevisionPlanner.plan(rerunOf(null,
                new RevisionView("p-r1", 1, "old", RevisionPhase.Promoted, Trigger.Initial),
                new RevisionView("p-r2", 2, "h", RevisionPhase.Training, Trigger.Rerun)));

        assertThat(plan.create()).isEmpty();
        assertThat(plan.drive()).map(RevisionView::name).hasValue("p-r2");
    }

    @Test
    void aSpecChangeComesFirstAndTheRerunWaitsForTheNextPass() {
        PipelinePlan plan = RevisionPlanner.plan(rerunOf("p-r1",
                new RevisionView("p-r1", 1, "old", RevisionPhase.Promoted, Trigger.Initial)));

        assertThat(plan.create()).hasValueSatisfying(next -> {
            assertThat(next.trigger()).isEqualTo(Trigger.SpecChange);
            assertThat(next.rerunOf()).isEmpty();
        });
    }

    @Test
    void pausedOrInvalidNothingIsRerun() {
        RevisionView stable = new RevisionView("p-r1", 1, "h", RevisionPhase.Promoted, Trigger.Initial);
        PipelineSnapshot paused = new PipelineSnapshot("h", true, true, false, Optional.empty(), List.of(stable), 1, 10,
                Optional.empty(), Optional.of("p-r1"));
        PipelineSnapshot invalid = new PipelineSnapshot("h", false, false, false, Optional.empty(), List.of(stable), 1, 10,
                Optional.empty(), Optional.of("p-r1"));

        assertThat(RevisionPlanner.plan(paused).create()).isEmpty();
        assertThat(RevisionPlanner.plan(invalid).create()).isEmpty();
    }
}
