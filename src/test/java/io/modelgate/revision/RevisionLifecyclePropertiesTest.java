package io.modelgate.revision;

import io.modelgate.api.Gate;
import io.modelgate.api.GateVerdict;
import io.modelgate.gate.Baseline;
import io.modelgate.testing.Gen;
import io.modelgate.testing.Property;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RevisionLifecyclePropertiesTest {

    @Test
    void everyAdvanceIsALegalTransition() {
        Property.tries(2000).forAll(snapshots(), snapshot -> {
            Step step = RevisionLifecycle.next(snapshot);

            if (step instanceof Step.Advance advance) {
                assertThat(snapshot.phase().canMoveTo(advance.to()))
                        .as("%s -> %s (%s: %s)", snapshot.phase(), advance.to(), advance.reason(), advance.message())
                        .isTrue();
            } else {
                assertThat(snapshot.phase().isTerminal() || step instanceof Step.Wait
                        || step instanceof Step.StartJob || step instanceof Step.DeployServing).isTrue();
            }
        });
    }

    @Test
    void terminalPhasesAlwaysWait() {
        Property.tries(2000).forAll(snapshots(), snapshot -> {
            Step step = RevisionLifecycle.next(snapshot);

            assertThat(step instanceof Step.Wait).isEqualTo(snapshot.phase().isTerminal() || isRunning(snapshot));
        });
    }

    @Test
    void nextIsDeterministic() {
        Property.tries(2000).forAll(snapshots(), snapshot -> {
            Step first = RevisionLifecycle.next(snapshot);
            Step second = RevisionLifecycle.next(snapshot);
            RevisionSnapshot copy = new RevisionSnapshot(snapshot.phase(), snapshot.validatesData(), new HashMap<>(snapshot.jobs()),
                    snapshot.serving(), List.copyOf(snapshot.validationGates()), List.copyOf(snapshot.evaluationGates()), snapshot.baseline());
            Step third = RevisionLifecycle.next(copy);

            assertThat(second).usingRecursiveComparison().isEqualTo(first);
            assertThat(third).usingRecursiveComparison().isEqualTo(first);
            assertThat(second.getClass()).isEqualTo(first.getClass());
        });
    }

    @Test
    void aGatedStageOnlyPassesWithEveryGatePassingOnAFiniteValue() {
        Property.tries(2000).forAll(snapshots(), snapshot -> {
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
        });
    }

    @Test
    void aRejectionAlwaysNamesAFailingMetric() {
        Property.tries(2000).forAll(snapshots(), snapshot -> {
            if (RevisionLifecycle.next(snapshot) instanceof Step.Advance advance && advance.to() == RevisionPhase.Rejected) {
                assertThat(advance.verdicts()).anyMatch(verdict -> !verdict.passed());
                for (GateVerdict verdict : advance.verdicts()) {
                    if (!verdict.passed()) {
                        assertThat(advance.message()).contains(verdict.getMetric());
                    }
                }
            }
        });
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

    Gen<RevisionSnapshot> snapshots() {
        Gen<Map<JobStage, JobObservation>> jobs = Gen.maps(Gen.of(JobStage.class), jobs(), 0, 3);
        return Gen.combine(Gen.of(RevisionPhase.class), Gen.of(true, false), jobs, servings(),
                gateLists(), gateLists(), baselines(), RevisionSnapshot::new);
    }

    private Gen<JobObservation> jobs() {
        Gen<String> metricValues = Gen.oneOf(
                Gen.doubles(-1, 2, 3).map(Object::toString),
                Gen.of("NaN", "Infinity", "\"0.9\"", "null", "true", "[]"));
        Gen<String> objects = Gen.maps(Gen.of("auc", "loss", "f1"), metricValues, 0, 3)
                .map(entries -> {
                    StringBuilder json = new StringBuilder("{");
                    entries.forEach((name, value) -> json.append(json.length() > 1 ? "," : "").append('"').append(name).append("\":").append(value));
                    return json.append('}').toString();
                });
        Gen<String> messages = Gen.frequency(
                Gen.weighted(6, objects),
                Gen.weighted(1, Gen.of("", " ", "garbage", "[0.5]", "0.5", "{\"auc\":")),
                Gen.weighted(1, Gen.constant((String) null)));
        return Gen.oneOf(
                Gen.of(JobObservation.ABSENT, JobObservation.RUNNING),
                Gen.combine(Gen.of("BackoffLimitExceeded", "DeadlineExceeded"),
                        Gen.of("boom", "", "  "), JobObservation.Failed::new),
                messages.map(JobObservation.Succeeded::new));
    }

    private Gen<ServingObservation> servings() {
        return Gen.oneOf(
                Gen.of(ServingObservation.ABSENT, ServingObservation.AVAILABLE),
                Gen.combine(Gen.ints(0, 5), Gen.ints(0, 5), ServingObservation.Progressing::new),
                Gen.of(new ServingObservation.Stalled("ProgressDeadlineExceeded", "timed out")));
    }

    private Gen<List<Gate>> gateLists() {
        Gen<Gate> gates = Gen.combine(
                Gen.of("auc", "loss", "f1"),
                Gen.doubles(-1, 2, 2).optional(),
                Gen.doubles(-1, 2, 2).optional(),
                Gen.of(Gate.Better.class).optional(), (metric, min, max, better) -> {
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
        return gates.list(0, 4);
    }

    private Gen<Optional<Baseline>> baselines() {
        return Gen.maps(Gen.of("auc", "loss", "f1"), Gen.doubles(-1, 2, 2), 0, 3)
                .map(metrics -> new Baseline("r1", metrics))
                .optional();
    }
}
