package io.modelgate.revision;

import io.modelgate.api.Gate;
import io.modelgate.gate.Baseline;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the lifecycle needs to decide a revision's next step, read from the cluster by the reconciler.
 *
 * @param baseline the stable revision's metrics for {@code mustBeat: stable}; empty when nothing serves yet
 */
public record RevisionSnapshot(
        RevisionPhase phase,
        boolean validatesData,
        Map<JobStage, JobObservation> jobs,
        ServingObservation serving,
        List<Gate> validationGates,
        List<Gate> evaluationGates,
        Optional<Baseline> baseline) {

    public RevisionSnapshot {
        jobs = Map.copyOf(jobs);
        validationGates = validationGates == null ? List.of() : List.copyOf(validationGates);
        evaluationGates = evaluationGates == null ? List.of() : List.copyOf(evaluationGates);
    }

    public JobObservation job(JobStage stage) {
        return jobs.getOrDefault(stage, JobObservation.ABSENT);
    }
}
