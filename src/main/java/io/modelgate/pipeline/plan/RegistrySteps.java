package io.modelgate.pipeline.plan;

import io.modelgate.api.MlflowRegistrySpec;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.RegistryRecordStatus;
import io.modelgate.api.RegistrySpec;
import io.modelgate.registry.RegistryAnswer;
import io.modelgate.registry.RegistryRecords;
import io.modelgate.registry.RegistryRequest;
import io.modelgate.registry.RegistrySettings;
import io.modelgate.registry.RegistryTarget;
import io.modelgate.registry.RegistryWrite;
import io.modelgate.status.Conditions;
import io.modelgate.status.Reason;

import java.time.Instant;
import java.util.Optional;

/**
 * Keeps each revision's registry record in step with its phase. A write the record owes is asked for (the reconciler
 * makes it once the pass's cluster writes are made, and plans again with the answer); its answer lands in the
 * revision's status, with the condition {@value #CONDITION}. A registry that is down or refuses never holds anything
 * else back: the write stays pending in the status and is tried again after a backoff.
 */
final class RegistrySteps {

    static final String CONDITION = "RegistrySynced";
    /** CreateVersion, MoveAlias, TagOutcome: the most one revision can owe. */
    private static final int MAX_WRITES_PER_PASS = RegistryWrite.values().length;

    private final PassState pass;
    private final RegistrySpec registry;
    private final RegistrySettings settings;

    RegistrySteps(PassState pass, RegistrySettings settings) {
        this.pass = pass;
        this.registry = pass.pipeline.getSpec().getRegistry();
        this.settings = settings;
    }

    void sync() {
        if (registry == null || registry.getMlflow() == null) {
            return;
        }
        Optional<String> stable = pass.stableName();
        for (ModelRevision revision : pass.revisions.values()) {
            boolean serves = stable.equals(Optional.of(revision.getMetadata().getName()));
            for (int write = 0; write < MAX_WRITES_PER_PASS && sync(revision, serves); write++) {
                // A write the registry took may make the next one due (a Direct revision is versioned and promoted at once).
            }
        }
        int owing = (int) pass.revisions.values().stream()
                .filter(r -> r.getStatus() != null && r.getStatus().getRegistry() != null && r.getStatus().getRegistry().getPending() != null)
                .count();
        pass.effects.signal(new Signal.RegistryWritesPending(owing));
    }

    /** @return the registry took a write in this pass, so another may be due */
    private boolean sync(ModelRevision revision, boolean serves) {
        if (RegistryRecords.passedGates(revision)) {
            record(revision);
        }
        Optional<RegistryWrite> due = RegistryRecords.due(revision, serves);
        if (due.isEmpty()) {
            return false;
        }
        RegistryWrite write = due.get();
        RegistryRecordStatus record = record(revision);
        Optional<String> address = RegistryRecords.address(registry, settings);
        if (address.isEmpty()) {
            record.setPending(write.name());
            record.setLastError("no MLflow address: set spec.registry.mlflow.address, or the operator's modelgate.registry.mlflow.address");
            condition(revision, false, "RegistryNotConfigured", record.getLastError());
            return false;
        }
        Optional<Instant> notBefore = RegistryRecords.notBefore(record, write, pass.now);
        if (notBefore.isPresent()) {
            pass.effects.wakeAt(notBefore.get());
            return false;
        }
        MlflowRegistrySpec mlflow = registry.getMlflow();
        RegistryTarget target = new RegistryTarget(address.get(), record.getModel(), pass.namespace,
                Optional.ofNullable(mlflow.getCredentialsFrom()).map(MlflowRegistrySpec.CredentialsFrom::getSecretName));
        RegistryRequest request = RegistryRecords.request(revision, write, target, mlflow.effectiveAlias());
        // Like an intent, the write stays in the plan once answered: the plan says every write of its pass.
        pass.effects.writeToRegistry(request);
        Optional<RegistryAnswer> answer = pass.inputs.registryAnswer(request.key());
        if (answer.isEmpty()) {
            record.setPending(write.name());
            return false;
        }
        String name = revision.getMetadata().getName();
        if (answer.get() instanceof RegistryAnswer.Synced synced) {
            RegistryRecords.synced(record, request, synced, pass.now);
            String done = switch (write) {
                case CreateVersion -> "version " + record.getVersion() + " of model " + record.getModel() + " records " + name;
                case MoveAlias -> "alias " + record.getAlias() + " of model " + record.getModel() + " now points at version " + record.getVersion();
                case TagOutcome -> "version " + record.getVersion() + " of model " + record.getModel() + " is tagged " + record.getOutcome();
            };
            pass.effects.event(EventIntent.normal(revision, reasonOf(write), done));
            pass.effects.signal(new Signal.RegistryWritten(write.name(), "Synced"));
            pass.effects.log("%s: registry %s", name, done);
            condition(revision, true, "Synced", done);
            return true;
        }
        RegistryAnswer.Failed failed = (RegistryAnswer.Failed) answer.get();
        Instant next = RegistryRecords.failed(record, write, failed, pass.now, settings);
        pass.effects.wakeAt(next);
        String message = write + " for " + name + " failed (attempt " + record.getAttempts() + ", next at "
                + Conditions.timestamp(next) + "): " + failed.message();
        pass.effects.event(EventIntent.warning(revision, Reason.RegistrySyncFailed, write + " failed: " + failed.message()));
        pass.effects.signal(new Signal.RegistryWritten(write.name(), failed.retryable() ? "Unavailable" : "Refused"));
        condition(revision, false, failed.retryable() ? "RegistryUnavailable" : "RegistryRefused", message);
        return false;
    }

    private RegistryRecordStatus record(ModelRevision revision) {
        RegistryRecordStatus record = revision.getStatus().getRegistry();
        if (record == null) {
            record = new RegistryRecordStatus();
            revision.getStatus().setRegistry(record);
        }
        if (record.getVersion() == null) {
            // Until a version exists, the record follows the spec; after, it names where that version is.
            record.setModel(RegistryRecords.model(registry, pass.pipeline.getSpec().getModel()));
            record.setAddress(RegistryRecords.address(registry, settings).orElse(null));
            if (RegistryRecords.delivered(revision).filter(record.getModel()::equals).isPresent()) {
                // A registered version delivered again is its own record: another version of it would be a copy.
                record.setVersion(revision.getSpec().getModelVersion());
            }
        }
        return record;
    }

    private void condition(ModelRevision revision, boolean synced, String reason, String message) {
        revision.getStatus().setConditions(Conditions.set(revision.getStatus().getConditions(), CONDITION, synced, reason, message,
                revision.getMetadata().getGeneration(), pass.now));
    }

    private static Reason reasonOf(RegistryWrite write) {
        return switch (write) {
            case CreateVersion -> Reason.RegistryVersionCreated;
            case MoveAlias -> Reason.RegistryAliasMoved;
            case TagOutcome -> Reason.RegistryOutcomeTagged;
        };
    }
}
