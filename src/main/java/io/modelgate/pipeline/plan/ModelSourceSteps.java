package io.modelgate.pipeline.plan;

import io.modelgate.analysis.Durations;
import io.modelgate.api.MlflowRegistrySpec;
import io.modelgate.api.RegisteredModelSpec;
import io.modelgate.api.RegisteredModelStatus;
import io.modelgate.api.RegistrySpec;
import io.modelgate.api.ModelPipelineStatus;
import io.modelgate.registry.LookupAnswer;
import io.modelgate.registry.RegistryLookup;
import io.modelgate.registry.RegistrySettings;
import io.modelgate.registry.RegistryTarget;
import io.modelgate.revision.ModelSource;
import io.modelgate.status.Conditions;
import io.modelgate.status.Reason;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A pipeline whose model is registered already (spec.source.registeredModel): the version its alias names is looked
 * up every pollInterval (a version named once), and what is found is recorded in the pipeline's status, so that a
 * restarted operator asks the registry only when the next look-up is due. A reference the registry does not know is
 * an invalid spec; a registry that does not answer keeps what was found before and never makes a revision.
 */
final class ModelSourceSteps {

    static final String CONDITION = "RegisteredModelFound";
    static final String FOUND = "Found";
    static final String MISSING = "Missing";
    static final String UNAVAILABLE = "Unavailable";
    /** The shortest pollInterval honoured: a registry is not to be asked in a loop. */
    static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(5);

    private final PassState pass;
    private final RegisteredModelSpec reference;
    private final RegistrySettings settings;
    private final RegisteredModelStatus previous;
    private RegisteredModelStatus recorded;
    private Optional<String> problem = Optional.empty();

    ModelSourceSteps(PassState pass, RegistrySettings settings) {
        this.pass = pass;
        this.settings = settings;
        this.reference = pass.pipeline.getSpec().getSource() == null ? null : pass.pipeline.getSpec().getSource().getRegisteredModel();
        ModelPipelineStatus status = pass.pipeline.getStatus();
        this.previous = status == null ? null : status.getRegisteredModel();
        this.recorded = reference == null ? null : previous;
    }

    /** What makes the reference unusable until the spec or the registry changes (InvalidSpec). */
    Optional<String> problem() {
        return problem;
    }

    /** Looks up the version when a look-up is due, else keeps the one recorded. */
    ModelSource lookUp() {
        if (reference == null) {
            return ModelSource.SPEC;
        }
        Optional<String> address = address();
        if (address.isEmpty()) {
            problem = Optional.of("source.registeredModel needs an MLflow server: set spec.registry.mlflow.address, "
                    + "or the operator's modelgate.registry.mlflow.address");
            return ModelSource.SPEC;
        }
        Duration interval = Durations.parse(reference.effectivePollInterval());
        if (interval.compareTo(MIN_POLL_INTERVAL) < 0) {
            interval = MIN_POLL_INTERVAL;
        }
        boolean sameReference = previous != null && reference.getName().equals(previous.getName())
                && Objects.equals(reference.getAlias(), previous.getAlias())
                && (reference.getVersion() == null || reference.getVersion().equals(previous.getVersion()));
        Optional<Instant> last = sameReference && previous.getLastLookupTime() != null
                ? Optional.of(Instant.parse(previous.getLastLookupTime())) : Optional.empty();
        // A version that was found never moves; an alias moves, and what was not found may appear.
        boolean settled = sameReference && FOUND.equals(previous.getState()) && reference.getVersion() != null;
        boolean due = !settled && (last.isEmpty() || !last.get().plus(interval).isAfter(pass.now));
        if (!due) {
            if (!settled) {
                pass.effects.wakeAt(last.get().plus(interval));
            }
            return from(recorded);
        }
        RegistryLookup lookup = lookup(address.get());
        Optional<LookupAnswer> answer = pass.inputs.lookup(lookup.key());
        if (answer.isEmpty()) {
            pass.effects.lookUp(lookup);
            recorded = sameReference ? previous : null;
            return sameReference ? from(previous) : ModelSource.AWAITING_REGISTRY;
        }
        recorded = answered(answer.get(), sameReference ? previous : null, lookup);
        if (reference.getAlias() != null || !FOUND.equals(recorded.getState())) {
            pass.effects.wakeAt(pass.now.plus(interval));
        }
        return from(recorded);
    }

    private RegisteredModelStatus answered(LookupAnswer answer, RegisteredModelStatus before, RegistryLookup lookup) {
        RegisteredModelStatus next = new RegisteredModelStatus();
        next.setName(reference.getName());
        next.setAlias(reference.getAlias());
        next.setVersion(reference.getVersion() != null ? reference.getVersion() : before == null ? null : before.getVersion());
        next.setModelUri(before == null ? null : before.getModelUri());
        next.setLastLookupTime(Conditions.timestamp(pass.now));
        if (answer instanceof LookupAnswer.Found found) {
            next.setState(FOUND);
            next.setVersion(found.version());
            next.setModelUri(found.source());
            if (before == null || !found.version().equals(before.getVersion())) {
                pass.effects.event(EventIntent.normal(pass.pipeline, Reason.RegisteredVersionFound,
                        lookup.describe() + " is version " + found.version() + " (" + found.source() + ")"));
            }
        } else if (answer instanceof LookupAnswer.Missing missing) {
            next.setState(MISSING);
            next.setMessage(missing.message());
            problem = Optional.of(missing.message());
        } else {
            String message = ((LookupAnswer.Unavailable) answer).message();
            next.setState(UNAVAILABLE);
            next.setMessage(message);
            pass.effects.event(EventIntent.warning(pass.pipeline, Reason.RegistryLookupFailed, "could not look up "
                    + lookup.describe() + (next.getModelUri() == null ? "" : " (version " + next.getVersion() + " stays)")
                    + ": " + message));
        }
        pass.effects.signal(new Signal.RegistryLookedUp(next.getState()));
        return next;
    }

    /** A reference still missing since the last look-up stays an invalid spec until the next one. */
    private ModelSource from(RegisteredModelStatus status) {
        if (status == null) {
            return ModelSource.AWAITING_REGISTRY;
        }
        if (MISSING.equals(status.getState())) {
            problem = Optional.of(status.getMessage());
            return ModelSource.SPEC;
        }
        return status.getModelUri() == null ? ModelSource.AWAITING_REGISTRY : ModelSource.registered(status.getVersion());
    }

    /** The version and source a new revision delivers, once found. */
    Optional<RegisteredModelStatus> found() {
        return Optional.ofNullable(recorded).filter(r -> r.getModelUri() != null && !MISSING.equals(r.getState()));
    }

    /** Records what was found, and the condition, in the pipeline's new status. */
    void record(ModelPipelineStatus status) {
        if (reference == null) {
            return;
        }
        status.setRegisteredModel(recorded);
        String state = recorded == null ? null : recorded.getState();
        boolean found = FOUND.equals(state);
        String message = recorded == null ? "not looked up yet"
                : found ? reference.describe() + " is version " + recorded.getVersion() + " (" + recorded.getModelUri() + ")"
                : recorded.getMessage();
        status.setConditions(Conditions.set(status.getConditions(), CONDITION, found,
                found ? FOUND : MISSING.equals(state) ? "NotFound" : "RegistryUnavailable", message,
                pass.pipeline.getMetadata().getGeneration(), pass.now));
    }

    private RegistryLookup lookup(String address) {
        RegistrySpec registry = pass.pipeline.getSpec().getRegistry();
        MlflowRegistrySpec mlflow = registry == null ? null : registry.getMlflow();
        RegistryTarget target = new RegistryTarget(address, reference.getName(), pass.namespace,
                Optional.ofNullable(mlflow).map(MlflowRegistrySpec::getCredentialsFrom).map(MlflowRegistrySpec.CredentialsFrom::getSecretName));
        String ref = reference.getAlias() != null ? "alias:" + reference.getAlias() : "version:" + reference.getVersion();
        return new RegistryLookup("lookup:" + reference.getName() + ":" + ref, target,
                Optional.ofNullable(reference.getAlias()), Optional.ofNullable(reference.getVersion()));
    }

    private Optional<String> address() {
        RegistrySpec registry = pass.pipeline.getSpec().getRegistry();
        if (registry != null && registry.getMlflow() != null && registry.getMlflow().getAddress() != null) {
            return Optional.of(registry.getMlflow().getAddress());
        }
        return settings.mlflowAddress();
    }
}
