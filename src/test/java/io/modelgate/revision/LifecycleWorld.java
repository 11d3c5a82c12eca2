package io.modelgate.revision;

import io.modelgate.api.Gate;
import io.modelgate.gate.Baseline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every kind of observation the lifecycle can be shown, for exhaustive and property tests. */
final class LifecycleWorld {

    static final List<JobObservation> JOBS = List.of(
            JobObservation.ABSENT,
            JobObservation.RUNNING,
            new JobObservation.Failed("BackoffLimitExceeded", "Job has reached the specified backoff limit"),
            new JobObservation.Failed("DeadlineExceeded", null),
            new JobObservation.Succeeded(null),
            new JobObservation.Succeeded(""),
            new JobObservation.Succeeded("{}"),
            new JobObservation.Succeeded("{\"auc\":0.9,\"loss\":0.1}"),
            new JobObservation.Succeeded("{\"auc\":0.2,\"loss\":0.9}"),
            new JobObservation.Succeeded("{\"eval\":{\"auc\":0.95}}"),
            new JobObservation.Succeeded("{\"auc\":NaN,\"loss\":\"low\"}"),
            new JobObservation.Succeeded("not json"),
            new JobObservation.Succeeded("[0.9]"));

    static final List<ServingObservation> SERVINGS = List.of(
            ServingObservation.ABSENT,
            new ServingObservation.Progressing(1, 3),
            ServingObservation.AVAILABLE,
            new ServingObservation.Stalled("ProgressDeadlineExceeded", "timed out"));

    static final List<List<Gate>> GATE_SETS = List.of(
            List.of(),
            List.of(Snapshots.min("auc", 0.5)),
            List.of(Snapshots.max("loss", 0.5), Snapshots.mustBeat("auc", Gate.Better.Higher)),
            List.of(Snapshots.mustBeat("loss", Gate.Better.Lower)));

    static final List<Optional<Baseline>> BASELINES = List.of(
            Optional.empty(),
            Optional.of(new Baseline("r1", Map.of("auc", 0.85, "loss", 0.2))));

    private LifecycleWorld() {
    }

    static List<RevisionSnapshot> everySnapshot() {
        List<RevisionSnapshot> snapshots = new ArrayList<>();
        for (RevisionPhase phase : RevisionPhase.values()) {
            for (boolean validatesData : new boolean[]{true, false}) {
                for (JobObservation job : JOBS) {
                    for (ServingObservation serving : SERVINGS) {
                        for (List<Gate> validationGates : GATE_SETS) {
                            for (List<Gate> evaluationGates : GATE_SETS) {
                                for (Optional<Baseline> baseline : BASELINES) {
                                    snapshots.add(new RevisionSnapshot(phase, validatesData,
                                            Map.of(JobStage.Validation, job, JobStage.Training, job, JobStage.Evaluation, job),
                                            serving, validationGates, evaluationGates, baseline));
                                }
                            }
                        }
                    }
                }
            }
        }
        return snapshots;
    }
}
