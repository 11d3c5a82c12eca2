package io.modelgate.revision;

import io.modelgate.api.Gate;
import io.modelgate.gate.Baseline;
import io.modelgate.testing.Gen;
import io.modelgate.testing.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The rollout slot (maxConcurrentRollouts) and progressive rollouts as the lifecycle sees them. */
class RevisionLifecycleRolloutTest {

    static final String QUEUE_MESSAGE = "Queued: waiting for a rollout slot, position 2 of 3; all 1 slots (maxConcurrentRollouts) in use";
    static final List<Gate> GATES = List.of(Snapshots.min("auc", 0.8));
    static final JobObservation PASSED = new JobObservation.Succeeded("{\"auc\": 0.93, \"loss\": 0.2}");
    static final JobObservation NOT_GOOD_ENOUGH = new JobObservation.Succeeded("{\"auc\": 0.61}");

    /** A slot that counts how often it is asked and answers with {@code refusal} (empty: granted). */
    static final class CountingSlot implements RolloutSlot {
        final AtomicInteger asked = new AtomicInteger();
        final Optional<String> refusal;

        CountingSlot(Optional<String> refusal) {
            this.refusal = refusal;
        }

        static CountingSlot free() {
            return new CountingSlot(Optional.empty());
        }

        static CountingSlot taken() {
            return new CountingSlot(Optional.of(QUEUE_MESSAGE));
        }

        @Override
        public Optional<String> tryAcquire() {
            asked.incrementAndGet();
            return refusal;
        }
    }

    static RevisionSnapshot snapshot(RevisionPhase phase, Map<JobStage, JobObservation> jobs, ServingObservation serving,
                                     boolean progressive, RolloutSlot slot) {
        return new RevisionSnapshot(phase, false, jobs, serving, List.of(), GATES, Optional.of(new Baseline("fraud-r1", Map.of("auc", 0.9))),
                progressive, slot);
    }

    static RevisionSnapshot evaluated(JobObservation evaluation, boolean progressive, RolloutSlot slot) {
        return snapshot(RevisionPhase.Evaluating, Map.of(JobStage.Training, new JobObservation.Succeeded(null), JobStage.Evaluation, evaluation),
                ServingObservation.ABSENT, progressive, slot);
    }

    static Step.Advance advance(Step step) {
        assertThat(step).isInstanceOf(Step.Advance.class);
        return (Step.Advance) step;
    }

    // --- evaluation passed: ask for a slot ---

    @ParameterizedTest(name = "progressive {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aPassedEvaluationWithAFreeSlotRollsOut(boolean progressive) {
        CountingSlot slot = CountingSlot.free();

        Step.Advance step = advance(RevisionLifecycle.next(evaluated(PASSED, progressive, slot)));

        assertThat(step.to()).isEqualTo(RevisionPhase.RollingOut);
        assertThat(step.reason().name()).isEqualTo("EvaluationPassed");
        assertThat(step.message()).isEqualTo("evaluation passed (all 1 gates passed); rolling out");
        assertThat(step.metrics()).containsExactly(entry("auc", 0.93), entry("loss", 0.2));
        assertThat(step.verdicts()).singleElement().satisfies(v -> assertThat(v.passed()).isTrue());
        assertThat(slot.asked).hasValue(1);
    }

    @ParameterizedTest(name = "progressive {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aPassedEvaluationWithoutASlotIsQueuedWithTheQueueMessageAndKeepsItsMetrics(boolean progressive) {
        CountingSlot slot = CountingSlot.taken();

        Step.Advance step = advance(RevisionLifecycle.next(evaluated(PASSED, progressive, slot)));

        assertThat(step.to()).isEqualTo(RevisionPhase.Queued);
        assertThat(step.reason().name()).isEqualTo("EvaluationPassed");
        assertThat(step.message()).isEqualTo("evaluation passed (all 1 gates passed); " + QUEUE_MESSAGE);
        assertThat(step.metrics()).containsExactly(entry("auc", 0.93), entry("loss", 0.2));
        assertThat(step.verdicts()).singleElement().satisfies(v -> assertThat(v.passed()).isTrue());
        assertThat(RevisionPhase.Evaluating.canMoveTo(step.to())).isTrue();
        assertThat(slot.asked).hasValue(1);
    }

    @Test
    void unreadableMetricsWithoutGatesAreStillNotedWhenQueued() {
        CountingSlot slot = CountingSlot.taken();
        RevisionSnapshot snapshot = new RevisionSnapshot(RevisionPhase.Evaluating, false, Map.of(JobStage.Evaluation, new JobObservation.Succeeded("garbage")),
                ServingObservation.ABSENT, List.of(), List.of(), Optional.empty(), false, slot);

        Step.Advance step = advance(RevisionLifecycle.next(snapshot));

        assertThat(step.to()).isEqualTo(RevisionPhase.Queued);
        assertThat(step.message()).startsWith("evaluation passed (no gates configured); metrics not recorded: ").endsWith("; " + QUEUE_MESSAGE);
    }

    // --- Queued ---

    @Test
    void aQueuedRevisionRollsOutWhenASlotIsFree() {
        CountingSlot slot = CountingSlot.free();

        Step.Advance step = advance(RevisionLifecycle.next(snapshot(RevisionPhase.Queued, Map.of(), ServingObservation.ABSENT, false, slot)));

        assertThat(step.to()).isEqualTo(RevisionPhase.RollingOut);
        assertThat(step.reason().name()).isEqualTo("RolloutStarted");
        assertThat(step.message()).isEqualTo("a rollout slot is free; rolling out");
        assertThat(step.metrics()).isEmpty();
        assertThat(RevisionPhase.Queued.canMoveTo(step.to())).isTrue();
        assertThat(slot.asked).hasValue(1);
    }

    @ParameterizedTest(name = "progressive {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aQueuedRevisionWaitsWithTheQueueMessageWhileNoSlotIsFree(boolean progressive) {
        CountingSlot slot = CountingSlot.taken();

        Step step = RevisionLifecycle.next(snapshot(RevisionPhase.Queued, Map.of(), ServingObservation.ABSENT, progressive, slot));

        assertThat(step).isEqualTo(new Step.Wait(QUEUE_MESSAGE));
        assertThat(slot.asked).hasValue(1);
    }

    // --- RollingOut ---

    static Stream<ServingObservation> servings() {
        return Stream.of(ServingObservation.ABSENT, new ServingObservation.Progressing(1, 3), ServingObservation.AVAILABLE,
                new ServingObservation.Stalled("ProgressDeadlineExceeded", "ReplicaSet has timed out progressing"));
    }

    @ParameterizedTest
    @MethodSource("servings")
    void aProgressiveRolloutIsDrivenByItsStrategyWhateverTheDeploymentSays(ServingObservation serving) {
        CountingSlot slot = CountingSlot.taken();

        Step step = RevisionLifecycle.next(snapshot(RevisionPhase.RollingOut, Map.of(), serving, true, slot));

        assertThat(step).isEqualTo(new Step.Progress());
        assertThat(slot.asked).as("a rollout in progress holds its slot; nothing to ask").hasValue(0);
    }

    @Test
    void aDirectRolloutIsUnchanged() {
        CountingSlot slot = CountingSlot.taken();

        assertThat(RevisionLifecycle.next(snapshot(RevisionPhase.RollingOut, Map.of(), ServingObservation.ABSENT, false, slot)))
                .isEqualTo(new Step.DeployServing());
        assertThat(RevisionLifecycle.next(snapshot(RevisionPhase.RollingOut, Map.of(), new ServingObservation.Progressing(1, 3), false, slot)))
                .isEqualTo(new Step.DeployServing());
        Step.Advance promoted = advance(RevisionLifecycle.next(snapshot(RevisionPhase.RollingOut, Map.of(), ServingObservation.AVAILABLE, false, slot)));
        assertThat(promoted.to()).isEqualTo(RevisionPhase.Promoted);
        assertThat(promoted.reason().name()).isEqualTo("Promoted");
        Step.Advance failed = advance(RevisionLifecycle.next(snapshot(RevisionPhase.RollingOut, Map.of(),
                new ServingObservation.Stalled("ProgressDeadlineExceeded", "timed out"), false, slot)));
        assertThat(failed.to()).isEqualTo(RevisionPhase.Failed);
        assertThat(failed.reason().name()).isEqualTo("ServingNotAvailable");
        assertThat(slot.asked).hasValue(0);
    }

    @ParameterizedTest
    @EnumSource(value = RevisionPhase.class, names = {"Promoted", "Rejected", "Failed", "Superseded", "RolledBack", "Aborted"})
    void endedRevisionsWaitEvenWhenProgressive(RevisionPhase phase) {
        CountingSlot slot = CountingSlot.free();

        assertThat(RevisionLifecycle.next(snapshot(phase, Map.of(), ServingObservation.AVAILABLE, true, slot))).isEqualTo(new Step.Wait("revision has ended"));
        assertThat(slot.asked).hasValue(0);
    }

    // --- the slot is asked only when the revision is ready to roll out ---

    @Test
    void theSlotIsNotAskedWhileTheEvaluationJobRuns() {
        CountingSlot slot = CountingSlot.free();

        for (int reconcile = 0; reconcile < 5; reconcile++) {
            assertThat(RevisionLifecycle.next(evaluated(JobObservation.RUNNING, true, slot))).isEqualTo(new Step.Wait("evaluation Job is running"));
        }

        assertThat(slot.asked).hasValue(0);
    }

    @Test
    void theSlotIsNotAskedForARejectedFailedOrNotYetStartedEvaluation() {
        CountingSlot slot = CountingSlot.free();

        assertThat(advance(RevisionLifecycle.next(evaluated(NOT_GOOD_ENOUGH, true, slot))).to()).isEqualTo(RevisionPhase.Rejected);
        assertThat(advance(RevisionLifecycle.next(evaluated(new JobObservation.Failed("BackoffLimitExceeded", ""), true, slot))).to())
                .isEqualTo(RevisionPhase.Failed);
        assertThat(RevisionLifecycle.next(evaluated(JobObservation.ABSENT, true, slot))).isEqualTo(new Step.StartJob(JobStage.Evaluation));

        assertThat(slot.asked).hasValue(0);
    }

    @Test
    void theSlotIsAskedExactlyWhenARevisionIsReadyToRollOut() {
        Property.tries(2000).forAll(phases(), jobs(), Gen.booleans(), Gen.booleans(), (phase, job, progressive, free) -> {
            CountingSlot slot = free ? CountingSlot.free() : CountingSlot.taken();
            RevisionSnapshot snapshot = snapshot(phase, Map.of(JobStage.Validation, job, JobStage.Training, job, JobStage.Evaluation, job),
                    ServingObservation.ABSENT, progressive, slot);

            Step step = RevisionLifecycle.next(snapshot);

            boolean ready = phase == RevisionPhase.Queued || (phase == RevisionPhase.Evaluating && job.equals(PASSED));
            assertThat(slot.asked.get()).as("%s with %s: %s", phase, job, step).isEqualTo(ready ? 1 : 0);
            if (step instanceof Step.Advance advance) {
                assertThat(phase.canMoveTo(advance.to())).as("%s -> %s", phase, advance.to()).isTrue();
                if (advance.to() == RevisionPhase.RollingOut) {
                    assertThat(free).as("rolling out needs the slot").isTrue();
                }
                if (advance.to() == RevisionPhase.Queued) {
                    assertThat(free).isFalse();
                    assertThat(advance.message()).endsWith(QUEUE_MESSAGE);
                }
            }
            if (step instanceof Step.Progress) {
                assertThat(phase).isEqualTo(RevisionPhase.RollingOut);
                assertThat(progressive).isTrue();
            }
        });
    }

    /** Before RollingOut, whether the rollout will be progressive changes nothing. */
    @Test
    void progressiveMattersOnlyOnceRollingOut() {
        Property.tries(2000).forAll(phases(), jobs(), Gen.booleans(), (phase, job, free) -> {
            Map<JobStage, JobObservation> jobs = Map.of(JobStage.Validation, job, JobStage.Training, job, JobStage.Evaluation, job);
            Step direct = RevisionLifecycle.next(snapshot(phase, jobs, ServingObservation.ABSENT, false, free ? CountingSlot.free() : CountingSlot.taken()));
            Step progressive = RevisionLifecycle.next(snapshot(phase, jobs, ServingObservation.ABSENT, true, free ? CountingSlot.free() : CountingSlot.taken()));

            if (phase != RevisionPhase.RollingOut) {
                assertThat(progressive).usingRecursiveComparison().isEqualTo(direct);
            } else {
                assertThat(progressive).isEqualTo(new Step.Progress());
                assertThat(direct).isEqualTo(new Step.DeployServing());
            }
        });
    }

    Gen<RevisionPhase> phases() {
        return Gen.of(RevisionPhase.class);
    }

    Gen<JobObservation> jobs() {
        return Gen.of(JobObservation.ABSENT, JobObservation.RUNNING, PASSED, NOT_GOOD_ENOUGH,
                new JobObservation.Succeeded(null), new JobObservation.Failed("DeadlineExceeded", "too slow"));
    }
}
