package io.modelgate.pipeline.plan;

import io.modelgate.registry.RegistryRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What one planning run collects as it goes: writes, measurements it lacks, Events, signals and the next wake-up. */
final class Effects {

    final List<Intent> intents = new ArrayList<>();
    final Map<String, MeasurementRequest> wanted = new LinkedHashMap<>();
    final Map<String, HookCall> hookCalls = new LinkedHashMap<>();
    final Map<String, RegistryRequest> registryWrites = new LinkedHashMap<>();
    final Map<String, io.modelgate.registry.RegistryLookup> lookups = new LinkedHashMap<>();
    final List<EventIntent> events = new ArrayList<>();
    final List<Signal> signals = new ArrayList<>();
    private Optional<Instant> wakeAt = Optional.empty();

    void write(Intent intent) {
        intents.add(intent);
    }

    void event(EventIntent event) {
        events.add(event);
    }

    void signal(Signal signal) {
        signals.add(signal);
    }

    void log(String format, Object... args) {
        signals.add(new Signal.Log(String.format(format, args)));
    }

    void want(MeasurementRequest request) {
        wanted.putIfAbsent(request.key(), request);
    }

    void call(HookCall call) {
        hookCalls.putIfAbsent(call.key(), call);
    }

    void writeToRegistry(RegistryRequest request) {
        registryWrites.putIfAbsent(request.key(), request);
    }

    void lookUp(io.modelgate.registry.RegistryLookup lookup) {
        lookups.putIfAbsent(lookup.key(), lookup);
    }

    void wakeAt(Instant at) {
        wakeAt = earliest(wakeAt, Optional.of(at));
    }

    void wakeAt(Optional<Instant> at) {
        wakeAt = earliest(wakeAt, at);
    }

    Optional<Instant> wakeAt() {
        return wakeAt;
    }

    static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return a.get().isBefore(b.get()) ? a : b;
    }
}
