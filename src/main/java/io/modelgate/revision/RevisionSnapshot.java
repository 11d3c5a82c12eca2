package io.modelgate.revision;

import io.modelgate.api.Gate;
import io.modelgate.gate.Baseline;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the lifecycle needs to decide a revision's next step, read from the cluster by the reconciler.
 *
 * @param baseline    the stable revision's metrics for {@code mustBeat: stable}; empty when nothing serves yet
 * @param progressive the rollout is Canary or BlueGreen and a stable revision serves: the rollout strategy drives
 *                    the RollingOut phase (a first revision, with nothing to protect, is rolled out directly)
 * @param slot        asked only when the revision is ready to roll out (maxConcurrentRollouts)
 * @param trainsModel false when the model exists (source.registeredModel, modelUri): no training stage
 */
public record RevisionSnapshot(
        RevisionPhase phase,
        boolean validatesData,
        Map<JobStage, JobObservation> jobs,
        ServingObservation serving,
        List<Gate> validationGates,
        List<Gate> evaluationGates,
        Optional<Baseline> baseline,
        boolean progressive,
        RolloutSlot slot,
        boolean trainsModel) {

    public RevisionSnapshot(RevisionPhase phase, boolean validatesData, Map<JobStage, JobObservation> jobs, ServingObservation serving,
                            List<Gate> validationGates, List<Gate> evaluationGates, Optional<Baseline> baseline, boolean progressive,
                            RolloutSlot slot) {
        this(phase, validatesData, jobs, serving, validationGates, evaluationGates, baseline, progressive, slot, true);
    }

    public RevisionSnapshot(RevisionPhase phase, boolean validatesData, Map<JobStage, JobObservation> jobs, ServingObservation serving,
                            List<Gate> validationGates, List<Gate> evaluationGates, Optional<Baseline> baseline) {
        this(phase, validatesData, jobs, serving, validationGates, evaluationGates, baseline, false, RolloutSlot.ALWAYS);
    }

    public RevisionSnapshot {
        java.util.Objects.requireNonNull(slot, "slot");
        jobs = Map.copyOf(jobs);
        validationGates = validationGates == null ? List.of() : List.copyOf(validationGates);
        evaluationGates = evaluationGates == null ? List.of() : List.copyOf(evaluationGates);
    }

    public JobObservation job(JobStage stage) {
        return jobs.getOrDefault(stage, JobObservation.ABSENT);
    }
}
