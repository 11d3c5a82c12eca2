package io.modelgate.pipeline.plan;

import io.modelgate.analysis.Measurement;
import io.modelgate.registry.LookupAnswer;
import io.modelgate.registry.RegistryAnswer;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the pass learnt since it observed: measurements taken, the answers to the writes made so far, the
 * registry's answers to the registry writes made so far, and to its look-ups.
 */
public record PassInputs(Map<String, Measurement> measurements, Map<String, WriteResult> writes, Map<String, RegistryAnswer> registry,
                         Map<String, LookupAnswer> lookups, Map<String, HookCall.Answer> hookAnswers) {

    public static final PassInputs NONE = new PassInputs(Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

    public PassInputs {
        measurements = Map.copyOf(measurements);
        writes = Map.copyOf(writes);
        registry = Map.copyOf(registry);
        lookups = Map.copyOf(lookups);
        hookAnswers = Map.copyOf(hookAnswers);
    }

    public PassInputs(Map<String, Measurement> measurements, Map<String, WriteResult> writes, Map<String, RegistryAnswer> registry,
                      Map<String, LookupAnswer> lookups) {
        this(measurements, writes, registry, lookups, Map.of());
    }

    public Optional<HookCall.Answer> hookAnswer(String key) {
        return Optional.ofNullable(hookAnswers.get(key));
    }

    public PassInputs withHookAnswers(Map<String, HookCall.Answer> answered) {
        Map<String, HookCall.Answer> all = new HashMap<>(hookAnswers);
        all.putAll(answered);
        return new PassInputs(measurements, writes, registry, lookups, all);
    }

    public PassInputs(Map<String, Measurement> measurements, Map<String, WriteResult> writes, Map<String, RegistryAnswer> registry) {
        this(measurements, writes, registry, Map.of());
    }

    public PassInputs(Map<String, Measurement> measurements, Map<String, WriteResult> writes) {
        this(measurements, writes, Map.of());
    }

    public Optional<RegistryAnswer> registryAnswer(String key) {
        return Optional.ofNullable(registry.get(key));
    }

    public Optional<LookupAnswer> lookup(String key) {
        return Optional.ofNullable(lookups.get(key));
    }

    public PassInputs withRegistryAnswers(Map<String, RegistryAnswer> answered) {
        Map<String, RegistryAnswer> all = new HashMap<>(registry);
        all.putAll(answered);
        return new PassInputs(measurements, writes, all, lookups, hookAnswers);
    }

    public PassInputs withLookups(Map<String, LookupAnswer> answered) {
        Map<String, LookupAnswer> all = new HashMap<>(lookups);
        all.putAll(answered);
        return new PassInputs(measurements, writes, registry, all, hookAnswers);
    }

    public Optional<Measurement> measurement(String key) {
        return Optional.ofNullable(measurements.get(key));
    }

    public Optional<WriteResult> write(String key) {
        return Optional.ofNullable(writes.get(key));
    }

    public PassInputs withMeasurements(Map<String, Measurement> taken) {
        Map<String, Measurement> all = new HashMap<>(measurements);
        all.putAll(taken);
        return new PassInputs(all, writes, registry, lookups, hookAnswers);
    }

    public PassInputs withWrites(Map<String, WriteResult> answered) {
        Map<String, WriteResult> all = new LinkedHashMap<>(writes);
        all.putAll(answered);
        return new PassInputs(measurements, all, registry, lookups, hookAnswers);
    }
}
