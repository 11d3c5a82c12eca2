package io.modelgate.pipeline.plan;

import io.modelgate.registry.LookupAnswer;
import io.modelgate.registry.RegistryAnswer;
import io.modelgate.registry.RegistryLookup;
import io.modelgate.registry.RegistryRequest;
import io.modelgate.registry.RegistryTags;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model registry in memory for whole-pass tests, with MLflow's semantics for what Modelgate uses: versions
 * numbered from 1 per model, found again by their revision-uid tag; aliases and tags set to a value. It can be down
 * (every write fails, retryable), and it can lose answers (the write is made, the answer never arrives), as a
 * timeout does.
 */
final class InMemoryRegistry implements PassRounds.Registrar {

    record Version(String model, String number, String source, Map<String, String> tags) {
    }

    final List<Version> versions = new ArrayList<>();
    final Map<String, String> aliases = new TreeMap<>();
    final List<RegistryRequest> received = new ArrayList<>();
    final List<RegistryLookup> lookedUp = new ArrayList<>();
    boolean down;
    boolean loseAnswers;

    @Override
    public Map<String, RegistryAnswer> write(List<RegistryRequest> requests) {
        Map<String, RegistryAnswer> answers = new LinkedHashMap<>();
        for (RegistryRequest request : requests) {
            received.add(request);
            if (down) {
                answers.put(request.key(), new RegistryAnswer.Failed("MLflow at " + request.target().address()
                        + " did not answer: ConnectException", true));
                continue;
            }
            RegistryAnswer answer = make(request);
            answers.put(request.key(), loseAnswers ? new RegistryAnswer.Failed("HttpTimeoutException: request timed out", true) : answer);
        }
        return answers;
    }

    /** As MLflow answers get-by-alias and get-version; down, every look-up is unavailable. */
    @Override
    public Map<String, LookupAnswer> lookUp(List<RegistryLookup> lookups) {
        Map<String, LookupAnswer> answers = new LinkedHashMap<>();
        for (RegistryLookup lookup : lookups) {
            lookedUp.add(lookup);
            String model = lookup.target().model();
            String number = down ? null : lookup.alias().map(alias -> aliases.get(model + "@" + alias)).orElse(lookup.version().orElse(null));
            Version found = number == null ? null
                    : versions.stream().filter(v -> v.model().equals(model) && v.number().equals(number)).findFirst().orElse(null);
            answers.put(lookup.key(), down ? new LookupAnswer.Unavailable("MLflow at " + lookup.target().address() + " did not answer: ConnectException")
                    : found == null ? new LookupAnswer.Missing("no " + lookup.describe())
                    : new LookupAnswer.Found(found.number(), found.source()));
        }
        return answers;
    }

    /** A version registered by someone else (a training outside Modelgate): its number. */
    String register(String model, String source) {
        String number = String.valueOf(versions.stream().filter(v -> v.model().equals(model)).count() + 1);
        versions.add(new Version(model, number, source, new TreeMap<>()));
        return number;
    }

    private RegistryAnswer make(RegistryRequest request) {
        String model = request.target().model();
        switch (request.write()) {
            case CreateVersion -> {
                for (Version version : versions) {
                    if (version.model().equals(model) && request.revisionUid().equals(version.tags().get(RegistryTags.REVISION_UID))) {
                        return new RegistryAnswer.Synced(version.number());
                    }
                }
                String number = String.valueOf(versions.stream().filter(v -> v.model().equals(model)).count() + 1);
                versions.add(new Version(model, number, request.source(), new TreeMap<>(request.tags())));
                return new RegistryAnswer.Synced(number);
            }
            case MoveAlias -> aliases.put(model + "@" + request.alias().orElseThrow(), request.version().orElseThrow());
            case TagOutcome -> version(model, request.version().orElseThrow()).tags().putAll(request.tags());
        }
        return new RegistryAnswer.Synced(request.version().orElseThrow());
    }

    Version version(String model, String number) {
        return versions.stream().filter(v -> v.model().equals(model) && v.number().equals(number)).findFirst().orElseThrow();
    }

    long versionsOf(String revision) {
        return versions.stream().filter(v -> revision.equals(v.tags().get(RegistryTags.REVISION))).count();
    }
}
