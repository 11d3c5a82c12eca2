package io.modelgate.status;

import io.modelgate.api.GateVerdict;
import io.modelgate.api.ModelRevisionStatus;
import io.modelgate.api.PhaseTransition;
import io.modelgate.gate.GateEvaluator;
import io.modelgate.gate.MetricsReport;
import io.modelgate.revision.RevisionPhase;
import io.modelgate.revision.Step;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/** Writes a lifecycle transition into a revision's record. Verdicts and metrics are appended, never lost. */
public final class RevisionStatusUpdates {

    private RevisionStatusUpdates() {
    }

    /** @return how long the revision spent in the phase it leaves, if that is known */
    public static Optional<Duration> apply(ModelRevisionStatus status, Step.Advance advance, Long generation, Instant now) {
        RevisionPhase from = RevisionPhase.parse(status.getPhase());
        if (!from.canMoveTo(advance.to())) {
            throw new IllegalStateException("illegal revision transition " + from + " -> " + advance.to());
        }
        Optional<Duration> spent = enteredAt(status, from).map(entered -> Duration.between(entered, now));
        status.setPhase(advance.to().name());
        String reason = advance.reason().name();
        status.setReason(reason);
        status.setMessage(advance.message());
        status.setObservedGeneration(generation);
        List<PhaseTransition> transitions = new ArrayList<>(status.getTransitions() == null ? List.of() : status.getTransitions());
        transitions.add(new PhaseTransition(advance.to().name(), Conditions.timestamp(now), reason));
        status.setTransitions(transitions);

        if (from == RevisionPhase.Training && advance.verdicts().isEmpty()) {
            if (!advance.metrics().isEmpty()) {
                status.setTrainingMetrics(new LinkedHashMap<>(advance.metrics()));
            }
        } else if (!advance.verdicts().isEmpty() || !advance.metrics().isEmpty()) {
            boolean validation = !advance.verdicts().isEmpty()
                    ? advance.verdicts().get(0).getStage() == GateVerdict.Stage.DataValidation
                    : from == RevisionPhase.Validating;
            if (validation) {
                status.setValidationMetrics(new LinkedHashMap<>(advance.metrics()));
            } else {
                status.setMetrics(new LinkedHashMap<>(advance.metrics()));
            }
            List<GateVerdict> verdicts = new ArrayList<>(status.getGates() == null ? List.of() : status.getGates());
            verdicts.addAll(advance.verdicts());
            status.setGates(verdicts);
            if (!validation) {
                status.setKeyMetric(keyMetric(advance));
            }
        }
        // The training reads what the validation checked; should it name another version, what it trained on wins.
        String dataVersion = advance.provenance().get(MetricsReport.DATA_VERSION);
        if (dataVersion != null) {
            status.setDataVersion(dataVersion);
        }
        String digest = advance.provenance().get(MetricsReport.ARTIFACT_DIGEST);
        if (digest != null) {
            status.setArtifactDigest(digest);
        }
        // Promoted here means "the stable one now"; PipelinePass marks it Replaced when a newer one takes over.
        RevisionConditions.apply(status, RevisionConditions.Role.Other, null, generation, now);
        return spent;
    }

    private static String keyMetric(Step.Advance advance) {
        if (!advance.verdicts().isEmpty()) {
            GateVerdict first = advance.verdicts().get(0);
            return first.getObserved() == null ? first.getMetric() + "=?" : first.getMetric() + "=" + GateEvaluator.format(first.getObserved());
        }
        return advance.metrics().entrySet().stream().findFirst()
                .map(e -> e.getKey() + "=" + GateEvaluator.format(e.getValue()))
                .orElse(null);
    }

    private static Optional<Instant> enteredAt(ModelRevisionStatus status, RevisionPhase phase) {
        if (status.getTransitions() == null) {
            return Optional.empty();
        }
        for (int i = status.getTransitions().size() - 1; i >= 0; i--) {
            PhaseTransition transition = status.getTransitions().get(i);
            if (phase.name().equals(transition.getPhase()) && transition.getTime() != null) {
                return Optional.of(Instant.parse(transition.getTime()));
            }
        }
        return Optional.empty();
    }
}
