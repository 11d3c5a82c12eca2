package io.modelgate.status;

import io.modelgate.revision.RevisionView;
import io.fabric8.kubernetes.api.model.Condition;
import io.modelgate.api.ModelPipelineStatus;
import io.modelgate.api.RevisionSummary;
import io.modelgate.revision.RevisionPhase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static io.modelgate.revision.RevisionPhase.Failed;
import static io.modelgate.revision.RevisionPhase.Promoted;
import static io.modelgate.revision.RevisionPhase.Rejected;
import static io.modelgate.revision.RevisionPhase.Training;
import static org.assertj.core.api.Assertions.assertThat;

/** The kstatus story a pipeline tells at each phase of its newest revision. */
class PipelineStatusFactoryTest {

    static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");
    static final Instant LATER = Instant.parse("2026-11-01T12:30:00Z");

    final PipelineStatusFactory factory = new PipelineStatusFactory(Clock.fixed(NOW, ZoneOffset.UTC));

    static RevisionView facts(int number, RevisionPhase phase) {
        return RevisionView.recorded("fraud-r" + number, number, phase, number == 1 ? "Initial" : "SpecChange",
                "Reason" + number, "message of r" + number, "auc=0.9" + number);
    }

    /** A fluent input: generation 4, not paused, valid spec, no schedule. */
    static final class In {
        ModelPipelineStatus previous;
        Long generation = 4L;
        boolean paused;
        Optional<String> invalid = Optional.empty();
        List<RevisionView> revisions = new ArrayList<>();
        Optional<String> stable = Optional.empty();
        int latestNumber;
        Optional<Instant> lastSchedule = Optional.empty();
        Optional<Instant> nextSchedule = Optional.empty();
        Optional<String> pending = Optional.empty();

        static In with(RevisionView... revisions) {
            In in = new In();
            in.revisions.addAll(List.of(revisions));
            in.latestNumber = in.revisions.stream().mapToInt(RevisionView::number).max().orElse(0);
            return in;
        }

        In stable(String name) { stable = Optional.of(name); return this; }
        In paused() { paused = true; return this; }
        In pausedWithPending(String what) { paused = true; pending = Optional.of(what); return this; }
        In invalid(String why) { invalid = Optional.of(why); return this; }
        In previous(ModelPipelineStatus status) { previous = status; return this; }

        PipelineStatusFactory.Input input() {
            return new PipelineStatusFactory.Input(previous, generation, paused, invalid, "sha256:abc", revisions, stable,
                    latestNumber, lastSchedule, nextSchedule, pending);
        }
    }

    static Condition condition(ModelPipelineStatus status, String type) {
        List<Condition> matching = status.getConditions().stream().filter(c -> type.equals(c.getType())).toList();
        assertThat(matching).as("exactly one %s condition", type).hasSize(1);
        return matching.get(0);
    }

    static void assertCondition(ModelPipelineStatus status, String type, String value, String reason) {
        Condition condition = condition(status, type);
        assertThat(condition.getStatus()).as("%s status", type).isEqualTo(value);
        if (reason != null) {
            assertThat(condition.getReason()).as("%s reason", type).isEqualTo(reason);
        }
    }

    ModelPipelineStatus build(In in) {
        return factory.build(in.input());
    }

    // ---- the story ------------------------------------------------------------------------------------------

    @Test
    void withoutRevisionsThePipelineIsPendingAndProgressing() {
        ModelPipelineStatus status = build(In.with());

        assertThat(status.getPhase()).isEqualTo("Pending");
        assertCondition(status, "Progressing", "True", "RevisionPending");
        assertCondition(status, "Ready", "False", "RevisionInProgress");
        assertCondition(status, "Degraded", "False", "AsExpected");
        assertThat(status.getCurrentRevision()).isNull();
        assertThat(status.getStableRevision()).isNull();
        assertThat(status.getLatestRevisionNumber()).isNull();
        assertThat(status.getHistory()).isEmpty();
        assertThat(condition(status, "Ready").getMessage()).contains("no revision yet").contains("nothing serves yet");
    }

    @ParameterizedTest
    @EnumSource(value = RevisionPhase.class, names = {"Pending", "Validating", "Training", "Evaluating", "RollingOut"})
    void whileARevisionIsInFlightThePhaseIsItsPhaseAndItIsProgressingNotReady(RevisionPhase phase) {
        ModelPipelineStatus status = build(In.with(facts(1, Promoted), facts(2, phase)).stable("fraud-r1"));

        assertThat(status.getPhase()).isEqualTo(phase.name());
        assertCondition(status, "Progressing", "True", "Revision" + phase);
        assertCondition(status, "Ready", "False", "RevisionInProgress");
        assertCondition(status, "Degraded", "False", null);
        assertThat(condition(status, "Progressing").getMessage()).isEqualTo("fraud-r2 is " + phase + ": message of r2");
        assertThat(condition(status, "Ready").getMessage()).isEqualTo("fraud-r2 is " + phase + "; fraud-r1 keeps serving");
        assertThat(status.getCurrentRevision()).isEqualTo("fraud-r2");
        assertThat(status.getStableRevision()).isEqualTo("fraud-r1");
    }

    static java.util.stream.Stream<In> everyKindOfPipeline() {
        return java.util.stream.Stream.of(
                In.with(),
                In.with(facts(1, Training)),
                In.with(facts(1, Promoted), facts(2, RevisionPhase.Evaluating)).stable("fraud-r1"),
                In.with(facts(1, Promoted)).stable("fraud-r1"),
                In.with(facts(1, Promoted), facts(2, RevisionPhase.Rejected)).stable("fraud-r1"),
                In.with(facts(1, Promoted)).stable("fraud-r1").invalid("triggers: invalid cron expression"),
                In.with(facts(1, Training)).paused());
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("everyKindOfPipeline")
    void kstatusReadsReconcilingAndStalledWhichTellTheSameAsProgressingAndDegraded(In in) {
        ModelPipelineStatus status = build(in);

        for (String[] alias : new String[][]{{"Progressing", "Reconciling"}, {"Degraded", "Stalled"}}) {
            Condition source = condition(status, alias[0]);
            Condition kstatus = condition(status, alias[1]);
            assertThat(kstatus.getStatus()).as(alias[1]).isEqualTo(source.getStatus());
            assertThat(kstatus.getReason()).as(alias[1]).isEqualTo(source.getReason());
            assertThat(kstatus.getMessage()).as(alias[1]).isEqualTo(source.getMessage());
            assertThat(kstatus.getObservedGeneration()).isEqualTo(4L);
        }
    }

    @Test
    void theFirstRevisionInFlightSaysNothingServesYet() {
        ModelPipelineStatus status = build(In.with(facts(1, Training)));

        assertThat(status.getPhase()).isEqualTo("Training");
        assertThat(condition(status, "Ready").getMessage()).isEqualTo("fraud-r1 is Training; nothing serves yet");
    }

    @Test
    void aProgressingMessageWithoutRevisionMessageHasNoDanglingColon() {
        In in = In.with(RevisionView.recorded("fraud-r1", 1, Training, "Initial", null, null, null));

        assertThat(condition(build(in), "Progressing").getMessage()).isEqualTo("fraud-r1 is Training");
    }

    @Test
    void whenTheNewestRevisionIsStableThePipelineServesAndIsReady() {
        ModelPipelineStatus status = build(In.with(facts(1, Promoted), facts(2, Promoted)).stable("fraud-r2"));

        assertThat(status.getPhase()).isEqualTo("Serving");
        assertCondition(status, "Ready", "True", "Serving");
        assertCondition(status, "Degraded", "False", "AsExpected");
        assertCondition(status, "Progressing", "False", "Idle");
        assertThat(condition(status, "Ready").getMessage()).isEqualTo("fraud-r2 serves");
    }

    @ParameterizedTest
    @EnumSource(value = RevisionPhase.class, names = {"Rejected", "Failed", "RolledBack", "Aborted"})
    void aNewestRevisionThatEndedBadlyDegradesThePipelineWhileTheStableOneKeepsServing(RevisionPhase phase) {
        ModelPipelineStatus status = build(In.with(facts(1, Promoted), facts(2, phase)).stable("fraud-r1"));

        assertThat(status.getPhase()).isEqualTo("Degraded");
        assertCondition(status, "Degraded", "True", "Revision" + phase);
        assertCondition(status, "Ready", "False", "Revision" + phase);
        assertCondition(status, "Progressing", "False", "Idle");
        Condition degraded = condition(status, "Degraded");
        assertThat(degraded.getMessage())
                .isEqualTo("fraud-r2 " + phase + ": message of r2; the desired revision is not the one serving: fraud-r1 keeps serving")
                .contains("fraud-r2").contains("fraud-r1");
        assertThat(status.getStableRevision()).isEqualTo("fraud-r1");
        assertThat(status.getCurrentRevision()).isEqualTo("fraud-r2");
    }

    @Test
    void aFirstRevisionThatFailedDegradesAndSaysNothingServes() {
        ModelPipelineStatus status = build(In.with(facts(1, Failed)));

        assertThat(status.getPhase()).isEqualTo("Degraded");
        assertCondition(status, "Degraded", "True", "RevisionFailed");
        assertThat(condition(status, "Degraded").getMessage()).isEqualTo("fraud-r1 Failed: message of r1; the desired revision is not the one serving: nothing serves yet");
    }

    @Test
    void anOlderFailureDoesNotDegradeOnceANewerRevisionServes() {
        ModelPipelineStatus status = build(In.with(facts(1, Rejected), facts(2, Promoted)).stable("fraud-r2"));

        assertThat(status.getPhase()).isEqualTo("Serving");
        assertCondition(status, "Degraded", "False", "AsExpected");
        assertCondition(status, "Ready", "True", "Serving");
    }

    @Test
    void anInvalidSpecIsReportedAsInvalidAndDegradedNamingWhatServes() {
        ModelPipelineStatus status = build(In.with(facts(1, Promoted)).stable("fraud-r1")
                .invalid("serving.template.spec.containers[0] needs an image"));

        assertThat(status.getPhase()).isEqualTo("Invalid");
        assertCondition(status, "Degraded", "True", "InvalidSpec");
        assertCondition(status, "Ready", "False", "InvalidSpec");
        assertCondition(status, "Progressing", "False", "Idle");
        assertThat(condition(status, "Degraded").getMessage())
                .isEqualTo("spec cannot be acted on: serving.template.spec.containers[0] needs an image; fraud-r1 keeps serving");
    }

    @Test
    void anInvalidSpecOfANewPipelineIsInvalidNotPending() {
        ModelPipelineStatus status = build(In.with().invalid("triggers: bad cron"));

        assertThat(status.getPhase()).isEqualTo("Invalid");
        assertCondition(status, "Degraded", "True", "InvalidSpec");
        assertCondition(status, "Progressing", "False", null);
        assertThat(condition(status, "Degraded").getMessage()).endsWith("; nothing serves yet");
    }

    @Test
    void anInvalidSpecWinsOverAFailedNewestRevision() {
        ModelPipelineStatus status = build(In.with(facts(1, Promoted), facts(2, Failed)).stable("fraud-r1").invalid("bad"));

        assertThat(status.getPhase()).isEqualTo("Invalid");
        assertCondition(status, "Degraded", "True", "InvalidSpec");
    }

    @Test
    void anInvalidSpecWithARevisionStillInFlightKeepsReportingThatRevisionsProgress() {
        // The planner keeps driving a revision frozen from an earlier, valid spec; only new revisions stop.
        ModelPipelineStatus status = build(In.with(facts(1, Promoted), facts(2, Training)).stable("fraud-r1").invalid("bad"));

        assertCondition(status, "Degraded", "True", "InvalidSpec");
        assertCondition(status, "Progressing", "True", "RevisionTraining");
        assertThat(status.getPhase()).isEqualTo("Training");
    }

    @Test
    void aRolloutWaitingForAPersonIsShownWhileANewerRevisionWaitsBehindIt() {
        RevisionView rollingOut = RevisionView.recorded("fraud-r2", 2, RevisionPhase.RollingOut, "SpecChange", "RolloutStarted",
                "step 2/3: waiting for a person to promote", null, 25, "step 2/3 (pause until promoted): waiting for a person to promote");
        ModelPipelineStatus status = factory.build(In.with(facts(1, RevisionPhase.Promoted), rollingOut, facts(3, RevisionPhase.Pending))
                .stable("fraud-r1").input());

        assertThat(status.getPhase()).isEqualTo("Pending");
        assertThat(status.getCurrentRevision()).isEqualTo("fraud-r3");
        assertThat(status.getCanaryWeight()).isEqualTo(25);
        assertCondition(status, "Progressing", "True", "WaitingForPromotion");
        assertThat(condition(status, "Progressing").getMessage())
                .isEqualTo("fraud-r2 waits for a person: step 2/3 (pause until promoted): waiting for a person to promote; "
                        + "fraud-r3 waits for its rollout to end");
    }

    @Test
    void aPausedPipelineIsPausedAndNotProgressing() {
        ModelPipelineStatus status = build(In.with(facts(1, Promoted), facts(2, Training)).stable("fraud-r1").paused());

        assertThat(status.getPhase()).isEqualTo("Paused");
        assertCondition(status, "Progressing", "False", "Paused");
        assertCondition(status, "Ready", "False", "RevisionInProgress");
        assertCondition(status, "Degraded", "False", "AsExpected");
        assertThat(condition(status, "Progressing").getMessage()).contains("spec.paused");
    }

    @Test
    void aPausedPipelineThatServesItsNewestRevisionStaysReady() {
        ModelPipelineStatus status = build(In.with(facts(1, Promoted)).stable("fraud-r1").paused());

        assertThat(status.getPhase()).isEqualTo("Paused");
        assertCondition(status, "Ready", "True", "Serving");
        assertCondition(status, "Progressing", "False", "Paused");
    }

    @Test
    void aPausedPipelineWhoseSpecChangedIsNotReadyAndNamesTheChange() {
        ModelPipelineStatus status = build(In.with(facts(1, Promoted)).stable("fraud-r1")
                .pausedWithPending("a change of spec.source since fraud-r1"));

        assertThat(status.getPhase()).isEqualTo("Paused");
        assertCondition(status, "Ready", "False", "Paused");
        assertCondition(status, "Progressing", "True", "Paused");
        assertCondition(status, "Reconciling", "True", "Paused");
        assertCondition(status, "Stalled", "False", "AsExpected");
        assertThat(condition(status, "Ready").getMessage())
                .isEqualTo("spec.paused is true: a change of spec.source since fraud-r1 waits until spec.paused is false; fraud-r1 keeps serving");
    }

    @Test
    void aPausedNewPipelineIsPausedNotPending() {
        ModelPipelineStatus status = build(In.with().paused());

        assertThat(status.getPhase()).isEqualTo("Paused");
        assertCondition(status, "Progressing", "False", "Paused");
    }

    @Test
    void aPausedInvalidPipelineIsPausedAndStillDegraded() {
        ModelPipelineStatus status = build(In.with(facts(1, Promoted)).stable("fraud-r1").paused().invalid("bad"));

        assertThat(status.getPhase()).isEqualTo("Paused");
        assertCondition(status, "Degraded", "True", "InvalidSpec");
        assertCondition(status, "Progressing", "False", "Paused");
    }

    // ---- the record -----------------------------------------------------------------------------------------

    @Test
    void theHistoryIsNewestFirstAndCappedAtTen() {
        RevisionView[] facts = IntStream.rangeClosed(1, 14)
                .mapToObj(n -> facts(n, n == 14 ? Training : n % 2 == 0 ? Promoted : Rejected))
                .toArray(RevisionView[]::new);
        List<RevisionView> shuffled = new ArrayList<>(List.of(facts));
        java.util.Collections.shuffle(shuffled, new java.util.Random(7));
        In in = new In();
        in.revisions = shuffled;
        in.latestNumber = 14;

        ModelPipelineStatus status = build(in.stable("fraud-r12"));

        assertThat(status.getHistory()).hasSize(PipelineStatusFactory.HISTORY_SIZE);
        assertThat(status.getHistory()).extracting(RevisionSummary::getNumber)
                .containsExactly(14, 13, 12, 11, 10, 9, 8, 7, 6, 5);
        RevisionSummary newest = status.getHistory().get(0);
        assertThat(newest.getName()).isEqualTo("fraud-r14");
        assertThat(newest.getPhase()).isEqualTo("Training");
        assertThat(newest.getTrigger()).isEqualTo("SpecChange");
        assertThat(newest.getKeyMetric()).isEqualTo("auc=0.914");
        assertThat(newest.getReason()).isEqualTo("Reason14");
        assertThat(status.getCurrentRevision()).isEqualTo("fraud-r14");
    }

    @Test
    void theRecordFieldsAreCopied() {
        In in = In.with(facts(1, Promoted)).stable("fraud-r1");
        in.generation = 17L;
        in.latestNumber = 5;
        in.lastSchedule = Optional.of(Instant.parse("2026-11-01T02:00:00.5Z"));
        in.nextSchedule = Optional.of(Instant.parse("2026-11-02T02:00:00Z"));

        ModelPipelineStatus status = build(in);

        assertThat(status.getObservedGeneration()).isEqualTo(17L);
        assertThat(status.getConditions()).allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(17L));
        assertThat(status.getLatestRevisionNumber()).isEqualTo(5);
        assertThat(status.getSpecHash()).isEqualTo("sha256:abc");
        assertThat(status.getLastScheduleTime()).isEqualTo("2026-11-01T02:00:00Z");
        assertThat(status.getNextScheduleTime()).isEqualTo("2026-11-02T02:00:00Z");
        assertThat(status.getStableRevision()).isEqualTo("fraud-r1");
    }

    @Test
    void everyConditionAppearsOnceWithTheClocksTime() {
        ModelPipelineStatus status = build(In.with(facts(1, Promoted)).stable("fraud-r1"));

        assertThat(status.getConditions()).extracting(Condition::getType)
                .containsExactlyInAnyOrder("Ready", "Progressing", "Degraded", "Reconciling", "Stalled");
        assertThat(status.getConditions()).allSatisfy(c -> assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-01T12:00:00Z"));
    }

    @Test
    void transitionTimesMoveOnlyForConditionsThatFlipped() {
        ModelPipelineStatus training = build(In.with(facts(1, Promoted), facts(2, Training)).stable("fraud-r1"));

        PipelineStatusFactory later = new PipelineStatusFactory(Clock.fixed(LATER, ZoneOffset.UTC));
        ModelPipelineStatus promoted = later.build(In.with(facts(1, Promoted), facts(2, Promoted)).stable("fraud-r2")
                .previous(training).input());

        assertThat(condition(promoted, "Ready").getLastTransitionTime()).isEqualTo("2026-11-01T12:30:00Z");
        assertThat(condition(promoted, "Progressing").getLastTransitionTime()).isEqualTo("2026-11-01T12:30:00Z");
        assertThat(condition(promoted, "Degraded").getLastTransitionTime()).isEqualTo("2026-11-01T12:00:00Z");
    }

    @Test
    void rebuildingFromTheSameFactsGivesTheSameStatus() {
        In in = In.with(facts(1, Promoted), facts(2, Rejected)).stable("fraud-r1");
        ModelPipelineStatus first = build(in);

        PipelineStatusFactory later = new PipelineStatusFactory(Clock.fixed(LATER, ZoneOffset.UTC));
        ModelPipelineStatus second = later.build(in.previous(first).input());

        assertThat(second).usingRecursiveComparison().isEqualTo(first);
    }

    @Test
    void thePreviousStatusIsNotModified() {
        ModelPipelineStatus previous = build(In.with(facts(1, Training)));
        String before = previous.getConditions().toString();

        factory.build(In.with(facts(1, Failed)).previous(previous).input());

        assertThat(previous.getConditions().toString()).isEqualTo(before);
        assertThat(previous.getPhase()).isEqualTo("Training");
    }

    @Test
    void aNewestRevisionThatWasSupersededIsNeitherReadyNorDegraded() {
        // Reachable when the newer revision that superseded it was deleted by hand (or its creation was lost).
        ModelPipelineStatus status = build(In.with(facts(1, Promoted), facts(2, RevisionPhase.Superseded)).stable("fraud-r1"));

        assertCondition(status, "Ready", "False", "RevisionInProgress");
        assertCondition(status, "Progressing", "False", "Idle");
        assertCondition(status, "Degraded", "False", "AsExpected");
    }

    @Test
    void thePhaseSaysDegradedOnlyWhenTheDegradedConditionIsTrue() {
        ModelPipelineStatus status = build(In.with(facts(1, Promoted), facts(2, RevisionPhase.Superseded)).stable("fraud-r1"));

        assertThat("Degraded".equals(status.getPhase())).isEqualTo(Conditions.isTrue(status.getConditions(), Conditions.DEGRADED));
    }
}
