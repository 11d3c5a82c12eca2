package io.modelgate.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.modelgate.api.ModelPipelineStatus;
import io.modelgate.api.RevisionSummary;
import io.modelgate.revision.RevisionPhase;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

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

    @Provide
    Arbitrary<PipelineStatusFactory.Input> inputs() {
        Arbitrary<RevisionFacts> revision = Combinators.combine(
                        Arbitraries.integers().between(1, 40), Arbitraries.of(RevisionPhase.class))
                .as((n, phase) -> new RevisionFacts("p-r" + n, n, phase, "SpecChange", "Reason", "message", "auc=0.9"));
        Arbitrary<List<RevisionFacts>> revisions = revision.list().ofMaxSize(15).uniqueElements(RevisionFacts::number);
        return Combinators.combine(revisions, Arbitraries.of(true, false, false), Arbitraries.of(true, false, false, false),
                        Arbitraries.longs().between(1, 100))
                .as((list, paused, invalid, generation) -> {
                    // The stable revision is what the reconciler says: the newest Promoted one.
                    Optional<String> stable = list.stream().filter(r -> r.phase() == RevisionPhase.Promoted)
                            .max(Comparator.comparingInt(RevisionFacts::number)).map(RevisionFacts::name);
                    int latest = list.stream().mapToInt(RevisionFacts::number).max().orElse(0);
                    return new PipelineStatusFactory.Input(null, generation, paused,
                            invalid ? Optional.of("bad") : Optional.empty(), "sha256:x", list, stable, latest,
                            Optional.empty(), Optional.empty());
                });
    }

    static boolean isTrue(ModelPipelineStatus status, String type) {
        return Conditions.isTrue(status.getConditions(), type);
    }

    @Property(tries = 2000)
    void thereAreExactlyTheThreeConditionsEachOnce(@ForAll("inputs") PipelineStatusFactory.Input input) {
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
    }

    @Property(tries = 2000)
    void readyAndDegradedExcludeEachOther(@ForAll("inputs") PipelineStatusFactory.Input input) {
        ModelPipelineStatus status = factory.build(input);

        assertThat(isTrue(status, "Ready") && isTrue(status, "Degraded")).isFalse();
        assertThat(isTrue(status, "Ready") && isTrue(status, "Progressing")).isFalse();
    }

    @Property(tries = 2000)
    void readyMeansTheNewestRevisionServes(@ForAll("inputs") PipelineStatusFactory.Input input) {
        ModelPipelineStatus status = factory.build(input);

        boolean newestServes = status.getCurrentRevision() != null && status.getCurrentRevision().equals(status.getStableRevision());
        assertThat(isTrue(status, "Ready")).isEqualTo(newestServes && input.invalidSpec().isEmpty());
    }

    @Property(tries = 2000)
    void pausedIsNeverProgressingAndAlwaysSaysPaused(@ForAll("inputs") PipelineStatusFactory.Input input) {
        ModelPipelineStatus status = factory.build(input);

        if (input.paused()) {
            assertThat(status.getPhase()).isEqualTo("Paused");
            assertThat(Conditions.find(status.getConditions(), "Progressing")).map(Condition::getReason).contains("Paused");
        }
        assertThat(isTrue(status, "Progressing") && input.paused()).isFalse();
    }

    @Property(tries = 2000)
    void progressingWhileTheNewestRevisionIsInFlightOrNoneExists(@ForAll("inputs") PipelineStatusFactory.Input input) {
        ModelPipelineStatus status = factory.build(input);

        Optional<RevisionFacts> newest = input.revisions().stream().max(Comparator.comparingInt(RevisionFacts::number));
        boolean expected = !input.paused() && newest.map(r -> !r.phase().isTerminal()).orElse(input.invalidSpec().isEmpty());
        assertThat(isTrue(status, "Progressing")).isEqualTo(expected);
    }

    @Property(tries = 2000)
    void degradedExactlyForAnInvalidSpecOrABadEndOfTheNewestRevision(@ForAll("inputs") PipelineStatusFactory.Input input) {
        ModelPipelineStatus status = factory.build(input);

        Optional<RevisionFacts> newest = input.revisions().stream().max(Comparator.comparingInt(RevisionFacts::number));
        boolean expected = input.invalidSpec().isPresent() || newest.map(r -> r.phase().isUnsuccessfulEnd()).orElse(false);
        assertThat(isTrue(status, "Degraded")).isEqualTo(expected);
        if (expected && input.stable().isPresent()) {
            assertThat(Conditions.find(status.getConditions(), "Degraded").orElseThrow().getMessage())
                    .contains(input.stable().get() + " keeps serving");
        }
    }

    @Property(tries = 2000)
    void theHistoryIsTheNewestTenNewestFirst(@ForAll("inputs") PipelineStatusFactory.Input input) {
        ModelPipelineStatus status = factory.build(input);

        List<Integer> expected = input.revisions().stream().map(RevisionFacts::number)
                .sorted(Comparator.reverseOrder()).limit(10).toList();
        assertThat(status.getHistory()).extracting(RevisionSummary::getNumber).containsExactlyElementsOf(expected);
    }

    @Property(tries = 1000)
    void buildingAgainFromItsOwnResultChangesNothing(@ForAll("inputs") PipelineStatusFactory.Input input) {
        ModelPipelineStatus first = factory.build(input);
        PipelineStatusFactory later = new PipelineStatusFactory(Clock.fixed(Instant.parse("2026-11-02T00:00:00Z"), ZoneOffset.UTC));

        ModelPipelineStatus second = later.build(new PipelineStatusFactory.Input(first, input.generation(), input.paused(),
                input.invalidSpec(), input.specHash(), input.revisions(), input.stable(), input.latestNumber(),
                input.lastScheduleTime(), input.nextScheduleTime()));

        assertThat(second).usingRecursiveComparison().isEqualTo(first);
    }
}
