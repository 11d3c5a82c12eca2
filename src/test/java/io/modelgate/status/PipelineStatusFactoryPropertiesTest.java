package io.modelgate.status;

import io.modelgate.revision.RevisionView;
import io.fabric8.kubernetes.api.model.Condition;
import io.modelgate.api.ModelPipelineStatus;
import io.modelgate.api.RevisionSummary;
import io.modelgate.revision.RevisionPhase;
import io.modelgate.testing.Gen;
import io.modelgate.testing.Property;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** kstatus invariants of a pipeline's status over random revision histories. */
class PipelineStatusFactoryPropertiesTest {

    static final Set<String> PHASES = Set.of("Pending", "Validating", "Training", "Evaluating", "Queued", "RollingOut",
            "Serving", "Degraded", "Paused", "Invalid");

    final PipelineStatusFactory factory = new PipelineStatusFactory(Clock.fixed(Instant.parse("2026-11-01T12:00:00Z"), ZoneOffset.UTC));

    Gen<PipelineStatusFactory.Input> inputs() {
        Gen<RevisionView> revision = Gen.combine(Gen.ints(1, 40), Gen.of(RevisionPhase.class),
                (n, phase) -> RevisionView.recorded("p-r" + n, n, phase, "SpecChange", "Reason", "message", "auc=0.9"));
        Gen<List<RevisionView>> revisions = revision.uniqueList(0, 15, RevisionView::number);
        return Gen.combine(revisions, Gen.of(true, false, false), Gen.of(true, false, false, false), Gen.longs(1, 100),
                (list, paused, invalid, generation) -> {
                    // The stable revision is what the reconciler says: the newest Promoted one.
                    Optional<String> stable = list.stream().filter(r -> r.phase() == RevisionPhase.Promoted)
                            .max(Comparator.comparingInt(RevisionView::number)).map(RevisionView::name);
                    int latest = list.stream().mapToInt(RevisionView::number).max().orElse(0);
                    return new PipelineStatusFactory.Input(null, generation, paused,
                            invalid ? Optional.of("bad") : Optional.empty(), "sha256:x", list, stable, latest,
                            Optional.empty(), Optional.empty(), 
                            // What spec.paused holds back, drawn through the generation: present for about half the paused inputs.
                            paused && !invalid && generation % 2 == 0 ? Optional.of("a change of spec.source") : Optional.empty());
                });
    }

    static boolean isTrue(ModelPipelineStatus status, String type) {
        return Conditions.isTrue(status.getConditions(), type);
    }

    @Test
    void thereAreExactlyTheThreeConditionsEachOnce() {
        Property.tries(2000).forAll(inputs(), input -> {
            ModelPipelineStatus status = factory.build(input);

            assertThat(status.getConditions()).extracting(Condition::getType)
                    .containsExactlyInAnyOrder("Ready", "Progressing", "Degraded", "Reconciling", "Stalled");
            assertThat(status.getConditions()).allSatisfy(c -> {
                assertThat(c.getStatus()).isIn("True", "False");
                assertThat(c.getReason()).isNotBlank();
                assertThat(c.getMessage()).isNotBlank();
                assertThat(c.getObservedGeneration()).isEqualTo(input.generation());
            });
            assertThat(status.getObservedGeneration()).isEqualTo(input.generation());
            assertThat(status.getPhase()).isIn(PHASES);
        });
    }

    @Test
    void readyAndDegradedExcludeEachOther() {
        Property.tries(2000).forAll(inputs(), input -> {
            ModelPipelineStatus status = factory.build(input);

            assertThat(isTrue(status, "Ready") && isTrue(status, "Degraded")).isFalse();
            assertThat(isTrue(status, "Ready") && isTrue(status, "Progressing")).isFalse();
        });
    }

    @Test
    void readyMeansTheNewestRevisionServesAndNothingIsHeldBack() {
        Property.tries(2000).forAll(inputs(), input -> {
            ModelPipelineStatus status = factory.build(input);

            boolean newestServes = status.getCurrentRevision() != null && status.getCurrentRevision().equals(status.getStableRevision());
            assertThat(isTrue(status, "Ready"))
                    .isEqualTo(newestServes && input.invalidSpec().isEmpty() && input.pendingWhilePaused().isEmpty());
        });
    }

    @Test
    void pausedIsProgressingOnlyWithSomethingHeldBackAndAlwaysSaysPaused() {
        Property.tries(2000).forAll(inputs(), input -> {
            ModelPipelineStatus status = factory.build(input);

            if (input.paused()) {
                assertThat(status.getPhase()).isEqualTo("Paused");
                assertThat(Conditions.find(status.getConditions(), "Progressing")).map(Condition::getReason).contains("Paused");
                assertThat(isTrue(status, "Progressing")).isEqualTo(input.pendingWhilePaused().isPresent());
                assertThat(isTrue(status, "Reconciling")).isEqualTo(input.pendingWhilePaused().isPresent());
                if (input.pendingWhilePaused().isPresent()) {
                    assertThat(isTrue(status, "Ready")).isFalse();
                    assertThat(Conditions.find(status.getConditions(), "Progressing").orElseThrow().getMessage())
                            .contains(input.pendingWhilePaused().get());
                }
            }
        });
    }

    @Test
    void progressingWhileTheNewestRevisionIsInFlightOrNoneExists() {
        Property.tries(2000).forAll(inputs(), input -> {
            ModelPipelineStatus status = factory.build(input);

            Optional<RevisionView> newest = input.revisions().stream().max(Comparator.comparingInt(RevisionView::number));
            boolean expected = input.paused() ? input.pendingWhilePaused().isPresent()
                    : newest.map(r -> !r.phase().isTerminal()).orElse(input.invalidSpec().isEmpty());
            assertThat(isTrue(status, "Progressing")).isEqualTo(expected);
        });
    }

    @Test
    void degradedExactlyForAnInvalidSpecOrABadEndOfTheNewestRevision() {
        Property.tries(2000).forAll(inputs(), input -> {
            ModelPipelineStatus status = factory.build(input);

            Optional<RevisionView> newest = input.revisions().stream().max(Comparator.comparingInt(RevisionView::number));
            boolean expected = input.invalidSpec().isPresent() || newest.map(r -> r.phase().isUnsuccessfulEnd()).orElse(false);
            assertThat(isTrue(status, "Degraded")).isEqualTo(expected);
            if (expected && input.stable().isPresent()) {
                assertThat(Conditions.find(status.getConditions(), "Degraded").orElseThrow().getMessage())
                        .contains(input.stable().get() + " keeps serving");
            }
        });
    }

    @Test
    void theHistoryIsTheNewestTenNewestFirst() {
        Property.tries(2000).forAll(inputs(), input -> {
            ModelPipelineStatus status = factory.build(input);

            List<Integer> expected = input.revisions().stream().map(RevisionView::number)
                    .sorted(Comparator.reverseOrder()).limit(10).toList();
            assertThat(status.getHistory()).extracting(RevisionSummary::getNumber).containsExactlyElementsOf(expected);
        });
    }

    @Test
    void buildingAgainFromItsOwnResultChangesNothing() {
        Property.tries(1000).forAll(inputs(), input -> {
            ModelPipelineStatus first = factory.build(input);
            PipelineStatusFactory later = new PipelineStatusFactory(Clock.fixed(Instant.parse("2026-11-02T00:00:00Z"), ZoneOffset.UTC));

            ModelPipelineStatus second = later.build(new PipelineStatusFactory.Input(first, input.generation(), input.paused(),
                    input.invalidSpec(), input.specHash(), input.revisions(), input.stable(), input.latestNumber(),
                    input.lastScheduleTime(), input.nextScheduleTime(), input.pendingWhilePaused()));

            assertThat(second).usingRecursiveComparison().isEqualTo(first);
        });
    }
}
