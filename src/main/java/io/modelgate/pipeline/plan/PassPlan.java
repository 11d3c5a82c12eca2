package io.modelgate.pipeline.plan;

import io.modelgate.api.ModelPipelineStatus;
import io.modelgate.api.ModelRevision;
import io.modelgate.registry.RegistryRequest;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of planning one pass.
 *
 * @param measurements   measurements the plan needs and the inputs lack: take them and plan again
 * @param lookups        registry look-ups the plan needs and the inputs lack: make them and plan again
 * @param intents        the writes, in the order they must be made
 * @param registryWrites the registry writes, made once the intents are (those not yet answered), then planned again
 * @param revisions      every revision as it should be recorded (new ones included), with its new status
 * @param pipelineStatus the pipeline's new status; empty when the spec could not even be read
 * @param events         Events to record
 * @param signals        metrics and log lines
 * @param wakeAfter      when time alone moves something on
 * @param releaseSlot    no revision of this pipeline rolls out any more: its rollout slot is free
 * @param notices        what this pass brought about that people asked to be told (spec.notifications): sent off the
 *                       reconcile thread once the pass is recorded, never waited for
 * @param hookCalls      HTTP hooks it needs called (and answered) before it can decide
 */
public record PassPlan(
        List<MeasurementRequest> measurements,
        List<io.modelgate.registry.RegistryLookup> lookups,
        List<Intent> intents,
        List<RegistryRequest> registryWrites,
        List<ModelRevision> revisions,
        Optional<ModelPipelineStatus> pipelineStatus,
        List<EventIntent> events,
        List<Signal> signals,
        Optional<Duration> wakeAfter,
        boolean releaseSlot,
        List<io.modelgate.notify.Notice> notices,
        List<HookCall> hookCalls) {

    public PassPlan {
        hookCalls = List.copyOf(hookCalls);
        measurements = List.copyOf(measurements);
        lookups = List.copyOf(lookups);
        intents = List.copyOf(intents);
        registryWrites = List.copyOf(registryWrites);
        revisions = List.copyOf(revisions);
        events = List.copyOf(events);
        signals = List.copyOf(signals);
        notices = List.copyOf(notices);
    }
}
