package io.modelgate.revision;

import io.modelgate.api.Gate;
import io.modelgate.api.GateVerdict;
import io.modelgate.gate.Baseline;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RevisionLifecyclePropertiesTest {

    @Property(tries = 2000)
    void everyAdvanceIsALegalTransition(@ForAll("snapshots") RevisionSnapshot snapshot) {
        Step step = RevisionLifecycle.next(snapshot);

        if (step instanceof Step.Advance advance) {
            assertThat(snapshot.phase().canMoveTo(advance.to()))
                    .as("%s -> %s (%s: %s)", snapshot.phase(), advance.to(), advance.reason(), advance.message())
                    .isTrue();
        } else {
            assertThat(snapshot.phase().isTerminal() || step instanceof Step.Wait
                    || step instanceof Step.StartJob || step instanceof Step.DeployServing).isTrue();
        }
    }

    @Property(tries = 2000)
    void terminalPhasesAlwaysWait(@ForAll("snapshots") RevisionSnapshot snapshot) {
        Step step = RevisionLifecycle.next(snapshot);

        assertThat(step instanceof Step.Wait).isEqualTo(snapshot.phase().isTerminal() || isRunning(snapshot));
    }

    @Property(tries = 2000)
    void nextIsDeterministic(@ForAll("snapshots") RevisionSnapshot snapshot) {
        Step first = RevisionLifecycle.next(snapshot);
        Step second = RevisionLifecycle.next(snapshot);
        RevisionSnapshot copy = new RevisionSnapshot(snapshot.phase(), snapshot.validatesData(), new HashMap<>(snapshot.jobs()),
                snapshot.serving(), List.copyOf(snapshot.validationGates()), List.copyOf(snapshot.evaluationGates()), snapshot.baseline());
        Step third = RevisionLifecycle.next(copy);

        assertThat(second).usingRecursiveComparison().isEqualTo(first);
        assertThat(third).usingRecursiveComparison().isEqualTo(first);
        assertThat(second.getClass()).isEqualTo(first.getClass());
    }

    @Property(tries = 2000)
    void aGatedStageOnlyPassesWithEveryGatePassingOnAFiniteValue(@ForAll("snapshots") RevisionSnapshot snapshot) {
        Step step = RevisionLifecycle.next(snapshot);

        boolean gatedPass = step instanceof Step.Advance advance
                && (snapshot.phase() == RevisionPhase.Validating || snapshot.phase() == RevisionPhase.Evaluating)
                && advance.to() != RevisionPhase.Rejected && advance.to() != RevisionPhase.Failed;
        if (gatedPass) {
            Step.Advance advance = (Step.Advance) step;
            List<Gate> gates = snapshot.phase() == RevisionPhase.Validating ? snapshot.validationGates() : snapshot.evaluationGates();
            assertThat(advance.verdicts()).hasSameSizeAs(gates).allSatisfy(verdict -> {
                assertThat(verdict.passed()).isTrue();
                assertThat(Double.isFinite(verdict.getObserved())).isTrue();
            });
            assertThat(advance.metrics().values()).allSatisfy(value -> assertThat(Double.isFinite(value)).isTrue());
        }
    }

    @Property(tries = 2000)
    void aRejectionAlwaysNamesAFailingMetric(@ForAll("snapshots") RevisionSnapshot snapshot) {
        if (RevisionLifecycle.next(snapshot) instanceof Step.Advance advance && advance.to() == RevisionPhase.Rejected) {
            assertThat(advance.verdicts()).anyMatch(verdict -> !verdict.passed());
            for (GateVerdict verdict : advance.verdicts()) {
                if (!verdict.passed()) {
                    assertThat(advance.message()).contains(verdict.getMetric());
                }
            }
        }
    }

    private static boolean isRunning(RevisionSnapshot snapshot) {
        return switch (snapshot.phase()) {
            case Validating -> snapshot.job(JobStage.Validation) instanceof JobObservation.Running;
            case Training -> snapshot.job(JobStage.Training) instanceof JobObservation.Running;
            case Evaluating -> snapshot.job(JobStage.Evaluation) instanceof JobObservation.Running;
            default -> false;
        };
    }

    // ---- generators ----

    @Provide
    Arbitrary<RevisionSnapshot> snapshots() {
        Arbitrary<Map<JobStage, JobObservation>> jobs = Arbitraries.maps(Arbitraries.of(JobStage.class), jobs()).ofMaxSize(3);
        return Combinators.combine(Arbitraries.of(RevisionPhase.class), Arbitraries.of(true, false), jobs, servings(),
                gateLists(), gateLists(), baselines()).as(RevisionSnapshot::new);
    }

    private Arbitrary<JobObservation> jobs() {
        Arbitrary<String> metricValues = Arbitraries.oneOf(
                Arbitraries.doubles().between(-1, 2).ofScale(3).map(Object::toString),
                Arbitraries.of("NaN", "Infinity", "\"0.9\"", "null", "true", "[]"));
        Arbitrary<String> objects = Arbitraries.maps(Arbitraries.of("auc", "loss", "f1"), metricValues).ofMaxSize(3)
                .map(entries -> {
                    StringBuilder json = new StringBuilder("{");
                    entries.forEach((name, value) -> json.append(json.length() > 1 ? "," : "").append('"').append(name).append("\":").append(value));
                    return json.append('}').toString();
                });
        Arbitrary<String> messages = Arbitraries.frequencyOf(
                Tuple.of(6, objects),
                Tuple.of(1, Arbitraries.of("", " ", "garbage", "[0.5]", "0.5", "{\"auc\":")),
                Tuple.of(1, Arbitraries.just((String) null)));
        return Arbitraries.oneOf(
                Arbitraries.of(JobObservation.ABSENT, JobObservation.RUNNING),
                Combinators.combine(Arbitraries.of("BackoffLimitExceeded", "DeadlineExceeded"),
                        Arbitraries.of("boom", "", "  ")).as(JobObservation.Failed::new),
                messages.map(JobObservation.Succeeded::new));
    }

    private Arbitrary<ServingObservation> servings() {
        return Arbitraries.oneOf(
                Arbitraries.of(ServingObservation.ABSENT, ServingObservation.AVAILABLE),
                Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 5))
                        .as(ServingObservation.Progressing::new),
                Arbitraries.of(new ServingObservation.Stalled("ProgressDeadlineExceeded", "timed out")));
    }

    private Arbitrary<List<Gate>> gateLists() {
        Arbitrary<Gate> gates = Combinators.combine(
                Arbitraries.of("auc", "loss", "f1"),
                Arbitraries.doubles().between(-1, 2).ofScale(2).optional(),
                Arbitraries.doubles().between(-1, 2).ofScale(2).optional(),
                Arbitraries.of(Gate.Better.class).optional()).as((metric, min, max, better) -> {
            Gate gate = new Gate();
            gate.setMetric(metric);
            gate.setMin(min.orElse(null));
            gate.setMax(max.orElse(null));
            if (better.isPresent() || (min.isEmpty() && max.isEmpty())) {
                gate.setMustBeat(Gate.Baseline.stable);
                gate.setBetter(better.orElse(null));
            }
            return gate;
        });
        return gates.list().ofMaxSize(4);
    }

    private Arbitrary<Optional<Baseline>> baselines() {
        return Arbitraries.maps(Arbitraries.of("auc", "loss", "f1"), Arbitraries.doubles().between(-1, 2).ofScale(2))
                .ofMaxSize(3)
                .map(metrics -> new Baseline("r1", metrics))
                .optional();
    }
}
