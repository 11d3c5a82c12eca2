package io.modelgate.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.registry.RegistryCredentials;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The few calls of MLflow's REST API (2.0, served by MLflow 2 and 3) that Modelgate makes, over the JDK HTTP client.
 * No MLflow Java client: the one published (org.mlflow:mlflow-client) drags in Thrift-era protobuf classes for five
 * JSON calls, and it has no aliases API.
 */
final class MlflowClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An answer that is not 200: MLflow's error_code (RESOURCE_ALREADY_EXISTS, ...) and message, with the HTTP status. */
    static final class MlflowError extends Exception {
        final int status;
        final String code;

        MlflowError(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }

        /** Down, overloaded or failing: the same call may succeed later. */
        boolean retryable() {
            return status == 429 || status >= 500;
        }
    }

    private final HttpClient http;
    private final Duration timeout;

    MlflowClient(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    JsonNode get(String address, String path, Map<String, String> query, RegistryCredentials credentials)
            throws IOException, InterruptedException, MlflowError {
        String parameters = query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(credentials, HttpRequest.newBuilder(uri(address, path + (parameters.isEmpty() ? "" : "?" + parameters))).GET());
    }

    JsonNode post(String address, String path, Object body, RegistryCredentials credentials)
            throws IOException, InterruptedException, MlflowError {
        return send(credentials, HttpRequest.newBuilder(uri(address, path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    private JsonNode send(RegistryCredentials credentials, HttpRequest.Builder request)
            throws IOException, InterruptedException, MlflowError {
        request.timeout(timeout).header("Accept", "application/json");
        credentials.authorization().ifPresent(value -> request.header("Authorization", value));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = parse(response.body());
        if (response.statusCode() != 200) {
            String code = body.path("error_code").asText("HTTP_" + response.statusCode());
            String message = body.path("message").asText(abbreviate(response.body()));
            throw new MlflowError(response.statusCode(), code, "HTTP " + response.statusCode() + " " + code + ": " + message);
        }
        return body;
    }

    private static URI uri(String address, String path) {
        return URI.create((address.endsWith("/") ? address.substring(0, address.length() - 1) : address) + path);
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException notJson) {
            // A proxy's HTML error page, say: kept as text in the message.
            return JSON.createObjectNode();
        }
    }

    private static String abbreviate(String text) {
        String flat = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }
}
