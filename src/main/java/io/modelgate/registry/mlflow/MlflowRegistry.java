package io.modelgate.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.registry.LookupAnswer;
import io.modelgate.registry.ModelRegistry;
import io.modelgate.registry.RegistryAnswer;
import io.modelgate.registry.RegistryCredentials;
import io.modelgate.registry.RegistryLookup;
import io.modelgate.registry.RegistryRequest;
import io.modelgate.registry.RegistryTags;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The MLflow Model Registry as a revision's record (REST API 2.0). Every write can be repeated: a revision's version
 * is first looked up by the revision's uid tag, so that a write whose answer was lost (a timeout, an operator
 * restart before the status was written) never makes a second version; aliases and tags are set to a value.
 */
public final class MlflowRegistry implements ModelRegistry {

    private static final String API = "/api/2.0/mlflow";
    private final MlflowClient client;

    public MlflowRegistry() {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), Duration.ofSeconds(15));
    }

    public MlflowRegistry(HttpClient http, Duration timeout) {
        this.client = new MlflowClient(http, timeout);
    }

    @Override
    public RegistryAnswer write(RegistryRequest request, RegistryCredentials credentials) {
        try {
            return switch (request.write()) {
                case CreateVersion -> new RegistryAnswer.Synced(createVersion(request, credentials));
                case MoveAlias -> moveAlias(request, credentials);
                case TagOutcome -> tag(request, credentials);
            };
        } catch (MlflowClient.MlflowError e) {
            return new RegistryAnswer.Failed(e.getMessage(), e.retryable());
        } catch (IOException e) {
            return new RegistryAnswer.Failed("MLflow at " + request.target().address() + " did not answer: " + describe(e), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RegistryAnswer.Failed("interrupted", true);
        }
    }

    /**
     * An alias through {@code registered-models/alias}, a version through {@code model-versions/get}. Only a READY
     * version is delivered: one still being registered is asked again, one whose registration failed is missing.
     */
    @Override
    public LookupAnswer lookUp(RegistryLookup lookup, RegistryCredentials credentials) {
        String address = lookup.target().address();
        String model = lookup.target().model();
        try {
            JsonNode found = lookup.alias().isPresent()
                    ? client.get(address, API + "/registered-models/alias", Map.of("name", model, "alias", lookup.alias().get()), credentials)
                    : client.get(address, API + "/model-versions/get", Map.of("name", model, "version", lookup.version().orElseThrow()), credentials);
            JsonNode version = found.path("model_version");
            String number = version.path("version").asText("");
            String status = version.path("status").asText("READY");
            String source = version.path("source").asText("");
            if (number.isEmpty()) {
                return new LookupAnswer.Unavailable("MLflow answered " + lookup.describe() + " without a version");
            }
            if ("FAILED_REGISTRATION".equals(status)) {
                return new LookupAnswer.Missing(lookup.describe() + " is version " + number + ", whose registration failed: "
                        + version.path("status_message").asText(""));
            }
            if (!"READY".equals(status)) {
                return new LookupAnswer.Unavailable(lookup.describe() + " is version " + number + ", still " + status);
            }
            if (source.isBlank()) {
                return new LookupAnswer.Missing(lookup.describe() + " is version " + number + ", which has no source to serve");
            }
            return new LookupAnswer.Found(number, source);
        } catch (MlflowClient.MlflowError e) {
            // MLflow answers an unknown model or version with RESOURCE_DOES_NOT_EXIST, an unknown alias with INVALID_PARAMETER_VALUE.
            boolean missing = !e.retryable() && e.status != 401 && e.status != 403
                    && ("RESOURCE_DOES_NOT_EXIST".equals(e.code) || "INVALID_PARAMETER_VALUE".equals(e.code) || e.status == 404);
            return missing
                    ? new LookupAnswer.Missing("MLflow at " + address + " has no " + lookup.describe() + " (" + e.getMessage() + ")")
                    : new LookupAnswer.Unavailable(e.getMessage());
        } catch (IOException e) {
            return new LookupAnswer.Unavailable("MLflow at " + address + " did not answer: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new LookupAnswer.Unavailable("interrupted");
        }
    }

    private String createVersion(RegistryRequest request, RegistryCredentials credentials)
            throws IOException, InterruptedException, MlflowClient.MlflowError {
        String address = request.target().address();
        String model = request.target().model();
        try {
            client.post(address, API + "/registered-models/create", Map.of("name", model,
                    "description", "Delivered by Modelgate"), credentials);
        } catch (MlflowClient.MlflowError e) {
            if (!"RESOURCE_ALREADY_EXISTS".equals(e.code)) {
                throw e;
            }
        }
        Optional<String> existing = versionOf(address, model, request.revisionUid(), credentials);
        if (existing.isPresent()) {
            return existing.get();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", model);
        body.put("source", request.source());
        body.put("description", request.description());
        body.put("tags", request.tags().entrySet().stream().map(t -> Map.of("key", t.getKey(), "value", t.getValue())).toList());
        JsonNode created = client.post(address, API + "/model-versions/create", body, credentials);
        return created.path("model_version").path("version").asText();
    }

    /** The version already made for this revision, found by its uid tag. */
    private Optional<String> versionOf(String address, String model, String revisionUid, RegistryCredentials credentials)
            throws IOException, InterruptedException, MlflowClient.MlflowError {
        String filter = "name='" + model + "' and tags.`" + RegistryTags.REVISION_UID + "`='" + revisionUid + "'";
        JsonNode found = client.get(address, API + "/model-versions/search", Map.of("filter", filter, "max_results", "10"), credentials);
        List<String> versions = new java.util.ArrayList<>();
        found.path("model_versions").forEach(v -> versions.add(v.path("version").asText()));
        // Oldest first: were there ever two (a write by an older operator), the record keeps the first.
        return versions.stream().min(java.util.Comparator.comparingLong(Long::parseLong));
    }

    private RegistryAnswer moveAlias(RegistryRequest request, RegistryCredentials credentials)
            throws IOException, InterruptedException, MlflowClient.MlflowError {
        String version = request.version().orElseThrow();
        client.post(request.target().address(), API + "/registered-models/alias",
                Map.of("name", request.target().model(), "alias", request.alias().orElseThrow(), "version", version), credentials);
        return new RegistryAnswer.Synced(version);
    }

    private RegistryAnswer tag(RegistryRequest request, RegistryCredentials credentials)
            throws IOException, InterruptedException, MlflowClient.MlflowError {
        String version = request.version().orElseThrow();
        for (var tag : new java.util.TreeMap<>(request.tags()).entrySet()) {
            client.post(request.target().address(), API + "/model-versions/set-tag",
                    Map.of("name", request.target().model(), "version", version, "key", tag.getKey(), "value", tag.getValue()), credentials);
        }
        return new RegistryAnswer.Synced(version);
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
