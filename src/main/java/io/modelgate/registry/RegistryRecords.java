package io.modelgate.registry;

import io.modelgate.api.MlflowRegistrySpec;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.PhaseTransition;
import io.modelgate.api.RegistryRecordStatus;
import io.modelgate.api.RegistrySpec;
import io.modelgate.revision.RevisionPhase;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a revision owes its registry record, from its phase and the record itself: pure, so that the write due after
 * a retry, a lost status write or an operator restart is worked out again from what is recorded, and done once.
 */
public final class RegistryRecords {

    /** Phases that mean the revision passed its evaluation gates (entered once, they stay in its transitions). */
    private static final Set<RevisionPhase> PASSED_GATES = EnumSet.of(RevisionPhase.Queued, RevisionPhase.RollingOut);
    private static final Set<RevisionPhase> OUTCOMES = EnumSet.of(RevisionPhase.Promoted, RevisionPhase.RolledBack,
            RevisionPhase.Aborted, RevisionPhase.Failed, RevisionPhase.Superseded);

    private RegistryRecords() {
    }

    /** The next write a revision owes, if any: its version first, then the alias (if it serves), then its outcome. */
    public static Optional<RegistryWrite> due(ModelRevision revision, boolean serves) {
        if (!passedGates(revision)) {
            return Optional.empty();
        }
        RegistryRecordStatus record = revision.getStatus().getRegistry();
        if (record == null || record.getVersion() == null) {
            return Optional.of(RegistryWrite.CreateVersion);
        }
        RevisionPhase phase = RevisionPhase.parse(revision.getStatus().getPhase());
        if (phase == RevisionPhase.Promoted && serves && record.getAlias() == null) {
            return Optional.of(RegistryWrite.MoveAlias);
        }
        if (OUTCOMES.contains(phase) && !phase.name().equals(record.getOutcome())) {
            return Optional.of(RegistryWrite.TagOutcome);
        }
        return Optional.empty();
    }

    public static boolean passedGates(ModelRevision revision) {
        List<PhaseTransition> transitions = revision.getStatus().getTransitions();
        return transitions != null && transitions.stream()
                .anyMatch(t -> t.getPhase() != null && PASSED_GATES.contains(RevisionPhase.parse(t.getPhase())));
    }

    /** The registered model whose version the revision delivers (source.registeredModel), if it delivers one. */
    public static Optional<String> delivered(ModelRevision revision) {
        var source = revision.getSpec().getSource();
        return revision.getSpec().getModelVersion() == null || source == null || source.getRegisteredModel() == null
                ? Optional.empty()
                : Optional.of(source.getRegisteredModel().getName());
    }

    /** The address a pipeline's registry is at: its own, else the operator's. */
    public static Optional<String> address(RegistrySpec registry, RegistrySettings settings) {
        MlflowRegistrySpec mlflow = registry.getMlflow();
        return mlflow != null && mlflow.getAddress() != null ? Optional.of(mlflow.getAddress()) : settings.mlflowAddress();
    }

    public static String model(RegistrySpec registry, String pipelineModel) {
        MlflowRegistrySpec mlflow = registry.getMlflow();
        return mlflow == null || mlflow.getModel() == null ? pipelineModel : mlflow.getModel();
    }

    /** The request that makes {@code write} for the revision, against {@code target}. */
    public static RegistryRequest request(ModelRevision revision, RegistryWrite write, RegistryTarget target, String alias) {
        String name = revision.getMetadata().getName();
        RegistryRecordStatus record = revision.getStatus().getRegistry();
        Optional<String> version = record == null ? Optional.empty() : Optional.ofNullable(record.getVersion());
        Map<String, String> tags = switch (write) {
            case CreateVersion -> RegistryTags.of(revision);
            case TagOutcome -> Map.of(RegistryTags.OUTCOME, revision.getStatus().getPhase());
            case MoveAlias -> Map.of();
        };
        String description = "Modelgate revision " + revision.getMetadata().getNamespace() + "/" + name
                + " (trigger " + revision.getSpec().getTrigger() + ", " + revision.getSpec().getContentHash() + ")";
        return new RegistryRequest("registry:" + name + ":" + write, write, target, name, revision.getMetadata().getUid(),
                write == RegistryWrite.CreateVersion ? Optional.empty() : version, revision.getSpec().getArtifactUri(), description, tags,
                write == RegistryWrite.MoveAlias ? Optional.of(alias) : Optional.empty());
    }

    /** The record once the registry took the write. */
    public static void synced(RegistryRecordStatus record, RegistryRequest request, RegistryAnswer.Synced answer, Instant now) {
        switch (request.write()) {
            case CreateVersion -> record.setVersion(answer.version());
            case MoveAlias -> record.setAlias(request.alias().orElseThrow());
            case TagOutcome -> record.setOutcome(request.tags().get(RegistryTags.OUTCOME));
        }
        record.setPending(null);
        record.setAttempts(null);
        record.setLastError(null);
        record.setNextAttemptTime(null);
        record.setSyncedTime(timestamp(now));
    }

    /** The record after a failed attempt: the write stays pending, tried again after the backoff. */
    public static Instant failed(RegistryRecordStatus record, RegistryWrite write, RegistryAnswer.Failed answer, Instant now,
                                 RegistrySettings settings) {
        int attempts = (record.getAttempts() == null ? 0 : record.getAttempts()) + 1;
        Instant next = now.plus(settings.backoff(attempts, answer.retryable()));
        record.setPending(write.name());
        record.setAttempts(attempts);
        record.setLastError(answer.message());
        record.setNextAttemptTime(timestamp(next));
        return next;
    }

    /** When the pending write may be tried again; empty when it may be tried now. */
    public static Optional<Instant> notBefore(RegistryRecordStatus record, RegistryWrite write, Instant now) {
        if (record == null || record.getNextAttemptTime() == null || !write.name().equals(record.getPending())) {
            return Optional.empty();
        }
        Instant next = Instant.parse(record.getNextAttemptTime());
        return next.isAfter(now) ? Optional.of(next) : Optional.empty();
    }

    private static String timestamp(Instant instant) {
        return java.time.format.DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }
}
