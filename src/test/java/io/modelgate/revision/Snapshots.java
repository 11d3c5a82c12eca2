package io.modelgate.revision;

import io.modelgate.api.Gate;
import io.modelgate.gate.Baseline;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builders of {@link RevisionSnapshot}s for lifecycle tests. */
final class Snapshots {

    private Snapshots() {
    }

    static RevisionSnapshot at(RevisionPhase phase) {
        return new RevisionSnapshot(phase, false, Map.of(), ServingObservation.ABSENT, List.of(), List.of(), Optional.empty());
    }

    static RevisionSnapshot at(RevisionPhase phase, boolean validatesData) {
        return new RevisionSnapshot(phase, validatesData, Map.of(), ServingObservation.ABSENT, List.of(), List.of(), Optional.empty());
    }

    static RevisionSnapshot withJob(RevisionPhase phase, JobStage stage, JobObservation job) {
        return withJobs(phase, Map.of(stage, job));
    }

    static RevisionSnapshot withJobs(RevisionPhase phase, Map<JobStage, JobObservation> jobs) {
        return new RevisionSnapshot(phase, true, jobs,
                ServingObservation.ABSENT, List.of(), List.of(), Optional.empty());
    }

    static RevisionSnapshot gated(RevisionPhase phase, JobStage stage, JobObservation job,
                                  List<Gate> validationGates, List<Gate> evaluationGates, Optional<Baseline> baseline) {
        return new RevisionSnapshot(phase, true, Map.of(stage, job), ServingObservation.ABSENT, validationGates, evaluationGates, baseline);
    }

    static RevisionSnapshot serving(ServingObservation serving) {
        return new RevisionSnapshot(RevisionPhase.RollingOut, false,
                Map.of(JobStage.Training, new JobObservation.Succeeded(null),
                        JobStage.Evaluation, new JobObservation.Succeeded("{\"auc\":0.9}")),
                serving, List.of(), List.of(), Optional.empty());
    }

    static Gate min(String metric, double min) {
        Gate gate = new Gate();
        gate.setMetric(metric);
        gate.setMin(min);
        return gate;
    }

    static Gate max(String metric, double max) {
        Gate gate = new Gate();
        gate.setMetric(metric);
        gate.setMax(max);
        return gate;
    }

    static Gate mustBeat(String metric, Gate.Better better) {
        Gate gate = new Gate();
        gate.setMetric(metric);
        gate.setMustBeat(Gate.Baseline.stable);
        gate.setBetter(better);
        return gate;
    }
}
