package io.modelgate.pipeline.plan;

import io.modelgate.analysis.Measurement;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What the pass learnt since it observed: measurements taken and the answers to the writes made so far. */
public record PassInputs(Map<String, Measurement> measurements, Map<String, WriteResult> writes) {

    public static final PassInputs NONE = new PassInputs(Map.of(), Map.of());

    public PassInputs {
        measurements = Map.copyOf(measurements);
        writes = Map.copyOf(writes);
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
        return new PassInputs(all, writes);
    }

    public PassInputs withWrites(Map<String, WriteResult> answered) {
        Map<String, WriteResult> all = new LinkedHashMap<>(writes);
        all.putAll(answered);
        return new PassInputs(measurements, all);
    }
}
