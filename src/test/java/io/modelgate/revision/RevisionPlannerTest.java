package io.modelgate.revision;

import io.modelgate.api.ModelRevisionSpec.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static io.modelgate.revision.RevisionPhase.Aborted;
import static io.modelgate.revision.RevisionPhase.Evaluating;
import static io.modelgate.revision.RevisionPhase.Failed;
import static io.modelgate.revision.RevisionPhase.Pending;
import static io.modelgate.revision.RevisionPhase.Promoted;
import static io.modelgate.revision.RevisionPhase.Rejected;
import static io.modelgate.revision.RevisionPhase.RolledBack;
import static io.modelgate.revision.RevisionPhase.RollingOut;
import static io.modelgate.revision.RevisionPhase.Superseded;
import static io.modelgate.revision.RevisionPhase.Training;
import static io.modelgate.revision.RevisionPhase.Validating;
import static org.assertj.core.api.Assertions.assertThat;

class RevisionPlannerTest {

    static final String HASH = "sha256:aaaa";
    static final String OTHER_HASH = "sha256:bbbb";
    static final Instant TICK = Instant.parse("2026-11-02T02:00:00Z");

    static RevisionView rev(int number, RevisionPhase phase) {
        return rev(number, phase, HASH);
    }

    static RevisionView rev(int number, RevisionPhase phase, String hash) {
        return new RevisionView("fraud-r" + number, number, hash, phase);
    }

    /** A fluent snapshot: valid, unpaused, no retrain, no tick, history limit 10, desired hash {@link #HASH}. */
    static final class Pipeline {
        String desiredHash = HASH;
        boolean paused;
        boolean specValid = true;
        boolean retrain;
        Optional<Instant> tick = Optional.empty();
        List<RevisionView> revisions = new ArrayList<>();
        int latestNumber;
        int historyLimit = 10;

        static Pipeline with(RevisionView... revisions) {
            Pipeline pipeline = new Pipeline();
            pipeline.revisions.addAll(Arrays.asList(revisions));
            pipeline.latestNumber = pipeline.revisions.stream().mapToInt(RevisionView::number).max().orElse(0);
            return pipeline;
        }

        Pipeline desired(String hash) { desiredHash = hash; return this; }
        Pipeline paused() { paused = true; return this; }
        Pipeline invalid() { specValid = false; return this; }
        Pipeline retrain() { retrain = true; return this; }
        Pipeline tick(Instant instant) { tick = Optional.of(instant); return this; }
        Pipeline latestNumber(int number) { latestNumber = number; return this; }
        Pipeline historyLimit(int limit) { historyLimit = limit; return this; }

        PipelineSnapshot snapshot() {
            return new PipelineSnapshot(desiredHash, paused, specValid, retrain, tick, revisions, latestNumber, historyLimit);
        }

        PipelinePlan plan() {
            return RevisionPlanner.plan(snapshot());
        }
    }

    static List<String> names(List<RevisionView> views) {
        return views.stream().map(RevisionView::name).toList();
    }

    // ---- creation -------------------------------------------------------------------------------------------

    @Test
    void aNewPipelineCreatesItsFirstRevisionAsInitial() {
        PipelinePlan plan = Pipeline.with().plan();

        assertThat(plan.create()).contains(new PipelinePlan.NewRevision(1, Trigger.Initial, Optional.empty()));
        assertThat(plan.supersede()).isEmpty();
        assertThat(plan.drive()).isEmpty();
        assertThat(plan.prune()).isEmpty();
        assertThat(plan.stable()).isEmpty();
    }

    @Test
    void revisionsDeletedByHandAreRecreatedWithoutReusingANumber() {
        PipelinePlan plan = Pipeline.with().latestNumber(7).plan();

        assertThat(plan.create()).contains(new PipelinePlan.NewRevision(8, Trigger.Recreated, Optional.empty()));
    }

    @Test
    void aNewestRecordDeletedByHandIsRecreatedAndNotCalledASpecChange() {
        PipelinePlan plan = Pipeline.with(rev(1, Promoted)).desired(OTHER_HASH).latestNumber(2).plan();

        assertThat(plan.create()).contains(new PipelinePlan.NewRevision(3, Trigger.Recreated, Optional.empty()));
    }

    @Test
    void aChangedHashOfTheNewestRevisionCreatesASpecChange() {
        PipelinePlan plan = Pipeline.with(rev(1, Promoted)).desired(OTHER_HASH).plan();

        assertThat(plan.create()).contains(new PipelinePlan.NewRevision(2, Trigger.SpecChange, Optional.empty()));
        assertThat(plan.stable()).contains(rev(1, Promoted));
    }

    @Test
    void onlyTheNewestRevisionsHashCounts() {
        // r1 was trained with the desired spec, but the newest (r2) was not: the spec changed back, so train again.
        PipelinePlan changedBack = Pipeline.with(rev(1, Promoted, HASH), rev(2, Failed, OTHER_HASH)).plan();
        assertThat(changedBack.create()).map(PipelinePlan.NewRevision::trigger).contains(Trigger.SpecChange);

        // The newest carries the desired hash: an older revision with another hash changes nothing.
        PipelinePlan same = Pipeline.with(rev(1, Promoted, OTHER_HASH), rev(2, Promoted, HASH)).plan();
        assertThat(same.create()).isEmpty();
    }

    @Test
    void newestIsDecidedByNumberNotByListOrder() {
        List<RevisionView> shuffled = new ArrayList<>(List.of(rev(3, Promoted, HASH), rev(1, Promoted, OTHER_HASH), rev(2, Failed, OTHER_HASH)));
        Pipeline pipeline = Pipeline.with(shuffled.toArray(RevisionView[]::new));

        assertThat(pipeline.plan().create()).isEmpty();
        Collections.reverse(pipeline.revisions);
        assertThat(pipeline.plan().create()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = RevisionPhase.class, names = {"Promoted", "Rejected", "Failed", "RolledBack", "Aborted"})
    void aRevisionThatEndedIsNotRetrainedWhileTheSpecIsUnchanged(RevisionPhase phase) {
        PipelinePlan plan = Pipeline.with(rev(1, phase)).plan();

        assertThat(plan.create()).isEmpty();
        assertThat(plan.supersede()).isEmpty();
        assertThat(plan.drive()).isEmpty();
    }

    @Test
    void aSupersededNewestRevisionMeansItsReplacementWasDeletedSoANewOneStarts() {
        PipelinePlan plan = Pipeline.with(rev(1, Promoted), rev(2, Superseded)).plan();

        assertThat(plan.create()).contains(new PipelinePlan.NewRevision(3, Trigger.SpecChange, Optional.empty()));
    }

    @Test
    void aRetrainRequestCreatesARetrainWithTheSameHash() {
        PipelinePlan plan = Pipeline.with(rev(1, Promoted)).retrain().plan();

        assertThat(plan.create()).contains(new PipelinePlan.NewRevision(2, Trigger.Retrain, Optional.empty()));
    }

    static RevisionView retrain(int number, RevisionPhase phase, String hash) {
        return new RevisionView("fraud-r" + number, number, hash, phase, Trigger.Retrain);
    }

    @Test
    void aRetrainThatCreatesARevisionIsServed() {
        PipelinePlan plan = Pipeline.with(rev(1, Promoted)).retrain().plan();

        assertThat(plan.retrainServed()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = RevisionPhase.class, names = {"Pending", "Validating", "Training", "Evaluating", "RollingOut"})
    void aRetrainRequestSeenAgainWhileItsRevisionIsInFlightCreatesNothingAndIsServed(RevisionPhase phase) {
        // The annotation could not be removed when r2 was created: the same request, not a new one.
        PipelinePlan plan = Pipeline.with(rev(1, Promoted), retrain(2, phase, HASH)).retrain().plan();

        assertThat(plan.create()).isEmpty();
        assertThat(plan.supersede()).isEmpty();
        assertThat(plan.drive()).contains(retrain(2, phase, HASH));
        assertThat(plan.retrainServed()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = RevisionPhase.class, names = {"Promoted", "Rejected", "Failed", "RolledBack", "Aborted"})
    void aRetrainRequestAfterTheRetrainedRevisionEndedRetrainsAgain(RevisionPhase phase) {
        PipelinePlan plan = Pipeline.with(rev(1, Promoted), retrain(2, phase, HASH)).retrain().plan();

        assertThat(plan.create()).contains(new PipelinePlan.NewRevision(3, Trigger.Retrain, Optional.empty()));
        assertThat(plan.retrainServed()).isTrue();
    }

    @Test
    void aRetrainRequestWhileAnotherKindOfRevisionIsInFlightReplacesIt() {
        PipelinePlan plan = Pipeline.with(rev(1, Promoted), rev(2, Training)).retrain().plan();

        assertThat(plan.create()).contains(new PipelinePlan.NewRevision(3, Trigger.Retrain, Optional.empty()));
        assertThat(plan.supersede()).containsExactly(rev(2, Training));
        assertThat(plan.retrainServed()).isTrue();
    }

    @Test
    void aRetrainInFlightOfAnOlderSpecDoesNotServeTheRequestButTheSpecChangeDoes() {
        PipelinePlan plan = Pipeline.with(rev(1, Promoted), retrain(2, Training, OTHER_HASH)).retrain().plan();

        assertThat(plan.create()).contains(new PipelinePlan.NewRevision(3, Trigger.SpecChange, Optional.empty()));
        assertThat(plan.supersede()).containsExactly(retrain(2, Training, OTHER_HASH));
        assertThat(plan.retrainServed()).isTrue();
    }

    @Test
    void aRetrainIsNotServedWhilePausedOrWhenNothingCanBeCreated() {
        assertThat(Pipeline.with(rev(1, Promoted)).retrain().paused().plan().retrainServed()).isFalse();
        assertThat(Pipeline.with(rev(1, Promoted), retrain(2, Training, HASH)).retrain().paused().plan().retrainServed()).isFalse();
        assertThat(Pipeline.with(rev(1, Promoted)).retrain().invalid().plan().retrainServed()).isFalse();
        assertThat(Pipeline.with(rev(1, Promoted), retrain(2, Training, HASH)).retrain().invalid().plan().retrainServed()).isTrue();
    }

    @Test
    void withoutARetrainRequestNothingIsServed() {
        assertThat(Pipeline.with(rev(1, Promoted)).desired(OTHER_HASH).plan().retrainServed()).isFalse();
        assertThat(Pipeline.with(rev(1, Promoted), retrain(2, Training, HASH)).plan().retrainServed()).isFalse();
    }

    @Test
    void aDueTickWhileARetrainIsInFlightStillCreatesAScheduleRevisionThatReplacesIt() {
        // Pinned as it is: the tick supersedes an in-flight revision of the very same content (see the report).
        PipelinePlan plan = Pipeline.with(rev(1, Promoted), retrain(2, Training, HASH)).retrain().tick(TICK).plan();

        assertThat(plan.create()).contains(new PipelinePlan.NewRevision(3, Trigger.Schedule, Optional.of(TICK)));
        assertThat(plan.supersede()).containsExactly(retrain(2, Training, HASH));
        assertThat(plan.retrainServed()).isTrue();
    }

    @Test
    void aDueScheduleTickCreatesAScheduleRevisionCarryingTheTick() {
        PipelinePlan plan = Pipeline.with(rev(1, Promoted)).tick(TICK).plan();

        assertThat(plan.create()).contains(new PipelinePlan.NewRevision(2, Trigger.Schedule, Optional.of(TICK)));
    }

    @Test
    void aSpecChangeWinsOverRetrainAndScheduleAndRetrainWinsOverSchedule() {
        assertThat(Pipeline.with(rev(1, Promoted)).desired(OTHER_HASH).retrain().tick(TICK).plan().create())
                .contains(new PipelinePlan.NewRevision(2, Trigger.SpecChange, Optional.empty()));
        assertThat(Pipeline.with(rev(1, Promoted)).retrain().tick(TICK).plan().create())
                .contains(new PipelinePlan.NewRevision(2, Trigger.Retrain, Optional.empty()));
    }

    @Test
    void theFirstRevisionIsInitialEvenWhenARetrainOrTickIsPending() {
        assertThat(Pipeline.with().retrain().tick(TICK).plan().create())
                .contains(new PipelinePlan.NewRevision(1, Trigger.Initial, Optional.empty()));
    }

    @Test
    void numbersAreNeverReusedAfterPruning() {
        // r1..r4 existed; r4 is gone (pruned or deleted); the status remembers 4.
        PipelinePlan plan = Pipeline.with(rev(2, Promoted), rev(3, Failed)).latestNumber(4).desired(OTHER_HASH).plan();

        assertThat(plan.create()).map(PipelinePlan.NewRevision::number).contains(5);
    }

    @Test
    void theNumberIsAboveTheNewestRevisionEvenIfTheRecordedNumberLagsBehind() {
        PipelinePlan plan = Pipeline.with(rev(1, Promoted), rev(6, Promoted)).latestNumber(2).retrain().plan();

        assertThat(plan.create()).map(PipelinePlan.NewRevision::number).contains(7);
    }

    // ---- paused and invalid ---------------------------------------------------------------------------------

    @Test
    void aPausedPipelineDoesNothingAtAllButStillKnowsItsStableRevision() {
        PipelinePlan plan = Pipeline.with(rev(1, Promoted), rev(2, RolledBack), rev(3, RollingOut), rev(4, Training))
                .paused().desired(OTHER_HASH).retrain().tick(TICK).historyLimit(1).plan();

        assertThat(plan.create()).isEmpty();
        assertThat(plan.supersede()).isEmpty();
        assertThat(plan.drive()).isEmpty();
        assertThat(plan.prune()).isEmpty();
        assertThat(plan.retrainServed()).isFalse();
        assertThat(plan.stable()).contains(rev(1, Promoted));
    }

    @Test
    void aPausedNewPipelineCreatesNothing() {
        assertThat(Pipeline.with().paused().plan().create()).isEmpty();
    }

    @Test
    void anInvalidSpecCreatesNothingButKeepsDrivingWhatIsInFlight() {
        PipelinePlan plan = Pipeline.with(rev(1, Promoted), rev(2, Training)).invalid().desired(OTHER_HASH).retrain().tick(TICK).plan();

        assertThat(plan.create()).isEmpty();
        assertThat(plan.supersede()).isEmpty();
        assertThat(plan.drive()).contains(rev(2, Training));
    }

    @Test
    void anInvalidNewPipelineCreatesNothing() {
        PipelinePlan plan = Pipeline.with().invalid().plan();

        assertThat(plan.create()).isEmpty();
        assertThat(plan.drive()).isEmpty();
    }

    // ---- supersede and drive --------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = RevisionPhase.class, names = {"Pending", "Validating", "Training", "Evaluating"})
    void aNewRevisionSupersedesOneThatHasNotStartedRollingOut(RevisionPhase phase) {
        PipelinePlan plan = Pipeline.with(rev(1, Promoted), rev(2, phase)).desired(OTHER_HASH).plan();

        assertThat(plan.create()).map(PipelinePlan.NewRevision::number).contains(3);
        assertThat(plan.supersede()).containsExactly(rev(2, phase));
        assertThat(plan.drive()).as("the new revision is driven once it exists").isEmpty();
    }

    @Test
    void aRollingOutRevisionIsNeverSupersededAndTheNewOneWaits() {
        PipelinePlan plan = Pipeline.with(rev(1, Promoted), rev(2, RollingOut)).desired(OTHER_HASH).plan();

        assertThat(plan.create()).map(PipelinePlan.NewRevision::number).contains(3);
        assertThat(plan.supersede()).isEmpty();
        assertThat(plan.drive()).contains(rev(2, RollingOut));
    }

    @Test
    void aWaitingRevisionIsNotDrivenWhileAnotherRollsOut() {
        PipelinePlan plan = Pipeline.with(rev(1, Promoted), rev(2, RollingOut), rev(3, Pending, OTHER_HASH))
                .desired(OTHER_HASH).plan();

        assertThat(plan.create()).isEmpty();
        assertThat(plan.supersede()).isEmpty();
        assertThat(plan.drive()).contains(rev(2, RollingOut));
    }

    @Test
    void aWaitingRevisionIsSupersededByAnEvenNewerOneWhileTheRolloutGoesOn() {
        PipelinePlan plan = Pipeline.with(rev(1, Promoted), rev(2, RollingOut), rev(3, Pending, OTHER_HASH))
                .desired("sha256:cccc").plan();

        assertThat(plan.create()).map(PipelinePlan.NewRevision::number).contains(4);
        assertThat(plan.supersede()).containsExactly(rev(3, Pending, OTHER_HASH));
        assertThat(plan.drive()).contains(rev(2, RollingOut));
    }

    @Test
    void theWaitingRevisionIsDrivenOnceTheRolloutEnded() {
        PipelinePlan plan = Pipeline.with(rev(1, Promoted), rev(2, Promoted), rev(3, Pending, OTHER_HASH))
                .desired(OTHER_HASH).plan();

        assertThat(plan.create()).isEmpty();
        assertThat(plan.drive()).contains(rev(3, Pending, OTHER_HASH));
        assertThat(plan.stable()).contains(rev(2, Promoted));
    }

    @Test
    void withoutACreationOnlyTheNewestInFlightRevisionSurvives() {
        // Left behind by a crash between creating r4 and superseding r2 and r3.
        PipelinePlan plan = Pipeline.with(rev(1, Promoted), rev(2, Training), rev(3, Evaluating), rev(4, Pending)).plan();

        assertThat(plan.create()).isEmpty();
        assertThat(names(plan.supersede())).containsExactlyInAnyOrder("fraud-r2", "fraud-r3");
        assertThat(plan.drive()).contains(rev(4, Pending));
    }

    @Test
    void aCreationSupersedesEveryInFlightRevision() {
        PipelinePlan plan = Pipeline.with(rev(1, Promoted), rev(2, Validating), rev(3, Evaluating), rev(4, Pending))
                .retrain().plan();

        assertThat(names(plan.supersede())).containsExactlyInAnyOrder("fraud-r2", "fraud-r3", "fraud-r4");
        assertThat(plan.drive()).isEmpty();
    }

    @Test
    void theInFlightRevisionIsDrivenWhenNothingIsNew() {
        PipelinePlan plan = Pipeline.with(rev(1, Promoted), rev(2, Evaluating)).plan();

        assertThat(plan.drive()).contains(rev(2, Evaluating));
        assertThat(plan.supersede()).isEmpty();
    }

    @Test
    void theStableRevisionIsTheNewestPromotedOne() {
        PipelinePlan plan = Pipeline.with(rev(1, Promoted), rev(2, Promoted), rev(3, RolledBack), rev(4, Rejected)).plan();

        assertThat(plan.stable()).contains(rev(2, Promoted));
    }

    @Test
    void nothingIsStableBeforeTheFirstPromotion() {
        assertThat(Pipeline.with(rev(1, Failed), rev(2, Training)).plan().stable()).isEmpty();
    }

    // ---- pruning --------------------------------------------------------------------------------------------

    @Test
    void revisionsBeyondTheHistoryLimitArePrunedOldestIncluded() {
        PipelinePlan plan = Pipeline.with(rev(1, Failed), rev(2, Rejected), rev(3, Superseded), rev(4, Promoted), rev(5, Promoted))
                .historyLimit(2).plan();

        assertThat(names(plan.prune())).containsExactlyInAnyOrder("fraud-r1", "fraud-r2", "fraud-r3");
    }

    @Test
    void nothingIsPrunedWithinTheLimit() {
        PipelinePlan plan = Pipeline.with(rev(1, Failed), rev(2, Rejected), rev(3, Promoted)).historyLimit(3).plan();

        assertThat(plan.prune()).isEmpty();
    }

    @Test
    void theStableRevisionIsNeverPruned() {
        PipelinePlan plan = Pipeline.with(rev(1, Promoted), rev(2, Rejected), rev(3, Failed), rev(4, RolledBack))
                .historyLimit(1).plan();

        assertThat(names(plan.prune())).containsExactlyInAnyOrder("fraud-r2", "fraud-r3");
        assertThat(plan.stable()).contains(rev(1, Promoted));
    }

    @Test
    void anOlderPromotedRevisionIsNotStableAndMayBePruned() {
        PipelinePlan plan = Pipeline.with(rev(1, Promoted), rev(2, Promoted), rev(3, Promoted)).historyLimit(2).plan();

        assertThat(names(plan.prune())).containsExactly("fraud-r1");
        assertThat(plan.stable()).contains(rev(3, Promoted));
    }

    @Test
    void revisionsStillInFlightAreNeverPruned() {
        PipelinePlan plan = Pipeline.with(rev(1, RollingOut), rev(2, Aborted), rev(3, Pending, OTHER_HASH))
                .desired(OTHER_HASH).historyLimit(1).plan();

        assertThat(names(plan.prune())).containsExactly("fraud-r2");
        assertThat(plan.drive()).contains(rev(1, RollingOut));
    }

    @Test
    void theNewestRevisionIsKeptEvenWhenItFailedAndNothingServes() {
        PipelinePlan plan = Pipeline.with(rev(1, Failed), rev(2, Failed)).historyLimit(1).plan();

        assertThat(names(plan.prune())).containsExactly("fraud-r1");
    }

    @Test
    void pruningLeavesTheNumberRecordSoTheNextNumberIsStillNew() {
        Pipeline pipeline = Pipeline.with(rev(1, Failed), rev(2, Failed), rev(3, Failed)).historyLimit(1);
        assertThat(names(pipeline.plan().prune())).containsExactlyInAnyOrder("fraud-r1", "fraud-r2");

        pipeline.revisions.removeIf(r -> r.number() < 3);
        assertThat(pipeline.retrain().plan().create()).map(PipelinePlan.NewRevision::number).contains(4);
    }

    @Test
    void theNewestRevisionIsKeptEvenWithAHistoryLimitOfZero() {
        PipelinePlan plan = Pipeline.with(rev(1, Failed)).historyLimit(0).plan();

        assertThat(plan.prune()).isEmpty();
    }
}
