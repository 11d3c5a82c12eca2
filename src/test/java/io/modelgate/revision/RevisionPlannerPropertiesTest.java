package io.modelgate.revision;

import io.modelgate.api.ModelRevisionSpec.Trigger;
import io.modelgate.testing.Gen;
import io.modelgate.testing.Property;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The planner's invariants over random pipelines: unique numbers, random phases, hashes and flags. */
class RevisionPlannerPropertiesTest {

    static final List<String> HASHES = List.of("sha256:a", "sha256:b", "sha256:c");

    Gen<List<RevisionView>> revisions() {
        Gen<RevisionView> revision = Gen.combine(
                Gen.ints(1, 60),
                Gen.of(HASHES),
                Gen.of(RevisionPhase.class),
                Gen.of(Trigger.class).orNull(0.1),
                (number, hash, phase, trigger) -> new RevisionView("p-r" + number, number, hash, phase, trigger));
        return revision.uniqueList(0, 15, RevisionView::number)
                .flatMap(list -> Gen.randoms().map(random -> shuffled(list, random)));
    }

    Gen<PipelineSnapshot> snapshots() {
        return Gen.combine(
                revisions(),
                Gen.of(HASHES),
                Gen.of(true, false, false, false),
                Gen.of(true, true, true, false),
                Gen.of(true, false),
                Gen.of(Optional.<Instant>empty(), Optional.of(Instant.parse("2026-11-02T02:00:00Z"))),
                Gen.ints(0, 80),
                Gen.ints(1, 12),
                (revisions, hash, paused, valid, retrain, tick, recordedOffset, limit) -> {
                    // The recorded number matches the newest revision, or is ahead of it (revisions pruned or deleted),
                    // or is any number at all (a status that was lost or is stale).
                    int newest = revisions.stream().mapToInt(RevisionView::number).max().orElse(0);
                    int recorded = switch (recordedOffset % 3) {
                        case 0 -> newest;
                        case 1 -> newest + recordedOffset / 3;
                        default -> recordedOffset;
                    };
                    return new PipelineSnapshot(hash, paused, valid, retrain, tick, revisions, recorded, limit);
                });
    }

    private static List<RevisionView> shuffled(List<RevisionView> list, Random random) {
        List<RevisionView> copy = new ArrayList<>(list);
        Collections.shuffle(copy, random);
        return copy;
    }

    private static Optional<RevisionView> newest(PipelineSnapshot snapshot) {
        return snapshot.revisions().stream().max(Comparator.comparingInt(RevisionView::number));
    }

    // ---- pruning --------------------------------------------------------------------------------------------

    @Test
    void neverPrunesTheStableAnInFlightOrTheNewestRevision() {
        Property.tries(3000).forAll(snapshots(), snapshot -> {
            PipelinePlan plan = RevisionPlanner.plan(snapshot);

            Optional<RevisionView> newest = newest(snapshot);
            for (RevisionView pruned : plan.prune()) {
                assertThat(pruned.phase().isTerminal()).as("pruned %s", pruned).isTrue();
                assertThat(plan.stable().filter(pruned::equals)).as("pruned the stable revision").isEmpty();
                assertThat(newest.filter(pruned::equals)).as("pruned the newest revision").isEmpty();
                assertThat(plan.drive().filter(pruned::equals)).as("pruned the driven revision").isEmpty();
                assertThat(snapshot.revisions()).contains(pruned);
            }
        });
    }

    @Test
    void prunesExactlyTheEndedRevisionsBeyondTheLimitThatAreNotStable() {
        Property.tries(3000).forAll(snapshots(), snapshot -> {
            PipelinePlan plan = RevisionPlanner.plan(snapshot);
            if (snapshot.paused()) {
                return;
            }
            List<RevisionView> newestFirst = snapshot.revisions().stream()
                    .sorted(Comparator.comparingInt(RevisionView::number).reversed()).toList();
            List<RevisionView> expected = newestFirst.stream().skip(snapshot.historyLimit())
                    .filter(r -> r.phase().isTerminal())
                    .filter(r -> plan.stable().map(s -> s.number() != r.number()).orElse(true))
                    .toList();

            assertThat(plan.prune()).containsExactlyInAnyOrderElementsOf(expected);
        });
    }

    @Test
    void afterPruningAtLeastTheLimitOrEveryKeptRevisionRemains() {
        Property.tries(3000).forAll(snapshots(), snapshot -> {
            PipelinePlan plan = RevisionPlanner.plan(snapshot);

            int kept = snapshot.revisions().size() - plan.prune().size();
            assertThat(kept).isGreaterThanOrEqualTo(Math.min(snapshot.historyLimit(), snapshot.revisions().size()));
        });
    }

    // ---- supersede ------------------------------------------------------------------------------------------

    @Test
    void neverSupersedesARollingOutOrEndedRevision() {
        Property.tries(3000).forAll(snapshots(), snapshot -> {
            PipelinePlan plan = RevisionPlanner.plan(snapshot);

            assertThat(plan.supersede()).allSatisfy(r -> {
                assertThat(r.phase()).isNotEqualTo(RevisionPhase.RollingOut);
                assertThat(r.phase().isTerminal()).isFalse();
                assertThat(r.phase().isSupersedable()).isTrue();
            });
            assertThat(snapshot.revisions()).containsAll(plan.supersede());
        });
    }

    @Test
    void supersedesEachRevisionAtMostOnceAndNeverTheOneItDrivesOrPrunes() {
        Property.tries(3000).forAll(snapshots(), snapshot -> {
            PipelinePlan plan = RevisionPlanner.plan(snapshot);

            assertThat(plan.supersede()).doesNotHaveDuplicates();
            plan.drive().ifPresent(d -> assertThat(plan.supersede()).doesNotContain(d));
            assertThat(Collections.disjoint(plan.supersede(), plan.prune())).isTrue();
        });
    }

    @Test
    void atMostOneRevisionThatHasNotStartedRollingOutSurvivesAnyPlan() {
        Property.tries(3000).forAll(snapshots(), snapshot -> {
            PipelinePlan plan = RevisionPlanner.plan(snapshot);
            if (snapshot.paused()) {
                return;
            }
            List<RevisionView> survivors = snapshot.revisions().stream()
                    .filter(r -> r.phase().isSupersedable())
                    .filter(r -> !plan.supersede().contains(r))
                    .toList();

            // When the plan creates, the new revision is the one that survives: it has not started rolling out either.
            assertThat(survivors.size() + (plan.create().isPresent() ? 1 : 0)).isLessThanOrEqualTo(1);
            // ... and it is the newest of them.
            survivors.forEach(s -> assertThat(snapshot.revisions().stream()
                    .filter(r -> r.phase().isSupersedable()).mapToInt(RevisionView::number).max().getAsInt())
                    .isEqualTo(s.number()));
        });
    }

    // ---- drive ----------------------------------------------------------------------------------------------

    @Test
    void drivesOnlyARevisionThatHasNotEnded() {
        Property.tries(3000).forAll(snapshots(), snapshot -> {
            PipelinePlan plan = RevisionPlanner.plan(snapshot);

            plan.drive().ifPresent(d -> {
                assertThat(d.phase().isTerminal()).as("drives %s", d).isFalse();
                assertThat(snapshot.revisions()).contains(d);
            });
        });
    }

    @Test
    void aRollingOutRevisionIsAlwaysTheOneDriven() {
        Property.tries(3000).forAll(snapshots(), snapshot -> {
            PipelinePlan plan = RevisionPlanner.plan(snapshot);
            boolean anyRollingOut = snapshot.revisions().stream().anyMatch(r -> r.phase() == RevisionPhase.RollingOut);
            if (snapshot.paused() || !anyRollingOut) {
                return;
            }

            assertThat(plan.drive()).map(RevisionView::phase).contains(RevisionPhase.RollingOut);
        });
    }

    @Test
    void somethingInFlightIsAlwaysDrivenOrReplaced() {
        Property.tries(3000).forAll(snapshots(), snapshot -> {
            PipelinePlan plan = RevisionPlanner.plan(snapshot);
            boolean inFlight = snapshot.revisions().stream().anyMatch(r -> !r.phase().isTerminal());
            if (snapshot.paused() || !inFlight) {
                return;
            }

            assertThat(plan.drive().isPresent() || plan.create().isPresent()).isTrue();
        });
    }

    // ---- create ---------------------------------------------------------------------------------------------

    @Test
    void aCreatedNumberIsAboveEveryExistingAndRecordedNumber() {
        Property.tries(3000).forAll(snapshots(), snapshot -> {
            PipelinePlan plan = RevisionPlanner.plan(snapshot);

            plan.create().ifPresent(created -> {
                assertThat(created.number()).isGreaterThan(snapshot.latestNumberRecorded());
                snapshot.revisions().forEach(r -> assertThat(created.number()).isGreaterThan(r.number()));
                assertThat(created.number()).isEqualTo(Math.max(snapshot.latestNumberRecorded(),
                        newest(snapshot).map(RevisionView::number).orElse(0)) + 1);
            });
        });
    }

    @Test
    void createsExactlyWhenTheSpecChangedOrARetrainOrTickIsDue() {
        Property.tries(3000).forAll(snapshots(), snapshot -> {
            PipelinePlan plan = RevisionPlanner.plan(snapshot);

            boolean changed = newest(snapshot).map(r -> !r.contentHash().equals(snapshot.desiredHash())
                    || r.phase() == RevisionPhase.Superseded).orElse(true);
            boolean retrain = snapshot.retrainRequested() && !retrainInFlight(snapshot);
            boolean wanted = changed || retrain || snapshot.scheduleTickDue().isPresent();
            assertThat(plan.create().isPresent()).isEqualTo(!snapshot.paused() && snapshot.specValid() && wanted);
        });
    }

    /** The newest revision was created by a retrain of the desired spec and has not ended: it serves the request. */
    private static boolean retrainInFlight(PipelineSnapshot snapshot) {
        return newest(snapshot).map(r -> r.trigger() == Trigger.Retrain && !r.phase().isTerminal()
                && r.contentHash().equals(snapshot.desiredHash())).orElse(false);
    }

    @Test
    void aRetrainRequestIsServedByTheRevisionItCreatesOrByTheRetrainInFlight() {
        Property.tries(3000).forAll(snapshots(), snapshot -> {
            PipelinePlan plan = RevisionPlanner.plan(snapshot);

            boolean expected = !snapshot.paused() && snapshot.retrainRequested()
                    && (plan.create().isPresent() || retrainInFlight(snapshot));
            assertThat(plan.retrainServed()).isEqualTo(expected);
            if (!snapshot.retrainRequested()) {
                assertThat(plan.retrainServed()).isFalse();
            }
        });
    }

    @Test
    void aRetrainRequestSeenAgainNeverCreatesASecondRetrain() {
        Property.tries(3000).forAll(snapshots(), snapshot -> {
            PipelinePlan plan = RevisionPlanner.plan(snapshot);
            if (!retrainInFlight(snapshot)) {
                return;
            }

            assertThat(plan.create().map(PipelinePlan.NewRevision::trigger).filter(t -> t == Trigger.Retrain)).isEmpty();
        });
    }

    @Test
    void theTriggerTellsWhyTheRevisionIsCreated() {
        Property.tries(3000).forAll(snapshots(), snapshot -> {
            PipelinePlan plan = RevisionPlanner.plan(snapshot);
            if (plan.create().isEmpty()) {
                return;
            }
            PipelinePlan.NewRevision created = plan.create().get();
            Optional<RevisionView> newest = newest(snapshot);
            Trigger expected;
            boolean recordsDeleted = snapshot.latestNumberRecorded() > newest.map(RevisionView::number).orElse(0);
            if (newest.isEmpty()) {
                expected = snapshot.latestNumberRecorded() == 0 ? Trigger.Initial : Trigger.Recreated;
            } else if (!newest.get().contentHash().equals(snapshot.desiredHash()) || newest.get().phase() == RevisionPhase.Superseded) {
                expected = recordsDeleted ? Trigger.Recreated : Trigger.SpecChange;
            } else if (snapshot.retrainRequested() && !retrainInFlight(snapshot)) {
                expected = Trigger.Retrain;
            } else {
                expected = Trigger.Schedule;
            }
            assertThat(created.trigger()).isEqualTo(expected);
            assertThat(created.scheduledTime()).isEqualTo(expected == Trigger.Schedule ? snapshot.scheduleTickDue() : Optional.empty());
        });
    }

    @Test
    void planningTheStateAfterACreationCreatesNothingMore() {
        Property.tries(1000).forAll(snapshots(), snapshot -> {
            PipelinePlan plan = RevisionPlanner.plan(snapshot);
            if (plan.create().isEmpty()) {
                return;
            }
            // Apply the plan as the reconciler would: supersede, create, prune; the action and the tick are consumed.
            List<RevisionView> after = new ArrayList<>();
            for (RevisionView r : snapshot.revisions()) {
                if (plan.prune().contains(r)) {
                    continue;
                }
                after.add(plan.supersede().contains(r) ? new RevisionView(r.name(), r.number(), r.contentHash(), RevisionPhase.Superseded) : r);
            }
            PipelinePlan.NewRevision created = plan.create().get();
            int number = created.number();
            after.add(new RevisionView("p-r" + number, number, snapshot.desiredHash(), RevisionPhase.Pending, created.trigger()));
            PipelineSnapshot next = new PipelineSnapshot(snapshot.desiredHash(), false, true, false, Optional.empty(),
                    after, number, snapshot.historyLimit());

            PipelinePlan again = RevisionPlanner.plan(next);

            assertThat(again.create()).isEmpty();
            assertThat(again.supersede()).isEmpty();
            if (created.trigger() == Trigger.Retrain) {
                // The retrain annotation could not be removed: seen again, it is the same request, already served.
                PipelinePlan stillAnnotated = RevisionPlanner.plan(new PipelineSnapshot(snapshot.desiredHash(), false, true, true,
                        Optional.empty(), after, number, snapshot.historyLimit()));
                assertThat(stillAnnotated.create()).isEmpty();
                assertThat(stillAnnotated.retrainServed()).isTrue();
            }
            boolean rollingOut = after.stream().anyMatch(r -> r.phase() == RevisionPhase.RollingOut);
            assertThat(again.drive()).map(RevisionView::number).contains(rollingOut
                    ? after.stream().filter(r -> r.phase() == RevisionPhase.RollingOut).mapToInt(RevisionView::number).min().getAsInt()
                    : number);
        });
    }

    // ---- paused, invalid, stable ----------------------------------------------------------------------------

    @Test
    void aPausedPlanIsEmpty() {
        Property.tries(2000).forAll(snapshots(), snapshot -> {
            PipelineSnapshot paused = new PipelineSnapshot(snapshot.desiredHash(), true, snapshot.specValid(), snapshot.retrainRequested(),
                    snapshot.scheduleTickDue(), snapshot.revisions(), snapshot.latestNumberRecorded(), snapshot.historyLimit());

            PipelinePlan plan = RevisionPlanner.plan(paused);

            assertThat(plan.create()).isEmpty();
            assertThat(plan.supersede()).isEmpty();
            assertThat(plan.drive()).isEmpty();
            assertThat(plan.prune()).isEmpty();
            assertThat(plan.retrainServed()).isFalse();
            assertThat(plan.stable()).isEqualTo(RevisionPlanner.plan(unpaused(snapshot)).stable());
        });
    }

    @Test
    void anInvalidSpecCreatesNothingAndSupersedesNothingNew() {
        Property.tries(2000).forAll(snapshots(), snapshot -> {
            PipelineSnapshot invalid = new PipelineSnapshot(snapshot.desiredHash(), snapshot.paused(), false, snapshot.retrainRequested(),
                    snapshot.scheduleTickDue(), snapshot.revisions(), snapshot.latestNumberRecorded(), snapshot.historyLimit());

            PipelinePlan plan = RevisionPlanner.plan(invalid);

            assertThat(plan.create()).isEmpty();
            // Only the left-overs of an earlier crash are superseded, never the newest in-flight revision.
            Optional<RevisionView> newestInFlight = invalid.revisions().stream().filter(r -> r.phase().isSupersedable())
                    .max(Comparator.comparingInt(RevisionView::number));
            newestInFlight.ifPresent(r -> assertThat(plan.supersede()).doesNotContain(r));
        });
    }

    @Test
    void theStableRevisionIsTheNewestPromotedOne() {
        Property.tries(2000).forAll(snapshots(), snapshot -> {
            PipelinePlan plan = RevisionPlanner.plan(snapshot);

            Optional<RevisionView> expected = snapshot.revisions().stream().filter(r -> r.phase() == RevisionPhase.Promoted)
                    .max(Comparator.comparingInt(RevisionView::number));
            assertThat(plan.stable()).isEqualTo(expected);
        });
    }

    @Test
    void thePlanDoesNotDependOnTheOrderOfTheRevisions() {
        Property.tries(1000).forAll(snapshots(), Gen.longs(), (snapshot, seed) -> {
            List<RevisionView> reordered = shuffled(snapshot.revisions(), new Random(seed));
            PipelineSnapshot other = new PipelineSnapshot(snapshot.desiredHash(), snapshot.paused(), snapshot.specValid(),
                    snapshot.retrainRequested(), snapshot.scheduleTickDue(), reordered, snapshot.latestNumberRecorded(), snapshot.historyLimit());

            PipelinePlan first = RevisionPlanner.plan(snapshot);
            PipelinePlan second = RevisionPlanner.plan(other);

            assertThat(second.create()).isEqualTo(first.create());
            assertThat(second.drive()).isEqualTo(first.drive());
            assertThat(second.stable()).isEqualTo(first.stable());
            assertThat(second.retrainServed()).isEqualTo(first.retrainServed());
            assertThat(new HashSet<>(second.supersede())).isEqualTo(new HashSet<>(first.supersede()));
            assertThat(new HashSet<>(second.prune())).isEqualTo(new HashSet<>(first.prune()));
        });
    }

    @Test
    void plansOfPipelinesWithoutRevisions() {
        Property.tries(1000).forAll(Gen.ints(0, 1000), Gen.booleans(), (recorded, valid) -> {
            PipelinePlan plan = RevisionPlanner.plan(new PipelineSnapshot("sha256:a", false, valid, false, Optional.empty(),
                    List.of(), recorded, 10));

            assertThat(plan.drive()).isEmpty();
            assertThat(plan.supersede()).isEmpty();
            assertThat(plan.prune()).isEmpty();
            if (valid) {
                assertThat(plan.create()).map(PipelinePlan.NewRevision::number).contains(recorded + 1);
            } else {
                assertThat(plan.create()).isEmpty();
            }
        });
    }

    private static PipelineSnapshot unpaused(PipelineSnapshot snapshot) {
        return new PipelineSnapshot(snapshot.desiredHash(), false, snapshot.specValid(), snapshot.retrainRequested(),
                snapshot.scheduleTickDue(), snapshot.revisions(), snapshot.latestNumberRecorded(), snapshot.historyLimit());
    }
}
