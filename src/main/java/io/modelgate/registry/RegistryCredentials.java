package io.modelgate.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The credentials of a registry server, read from a Secret: key {@code token} (a bearer token), or keys
 * {@code username} and {@code password} (basic authentication), as MLflow's own clients take them
 * (MLFLOW_TRACKING_TOKEN, MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD).
 */
public sealed interface RegistryCredentials {

    RegistryCredentials NONE = new None();

    /** The Authorization header value, if any. */
    Optional<String> authorization();

    record None() implements RegistryCredentials {
        public Optional<String> authorization() {
            return Optional.empty();
        }
    }

    record Bearer(String token) implements RegistryCredentials {
        public Optional<String> authorization() {
            return Optional.of("Bearer " + token);
        }

        @Override
        public String toString() {
            return "Bearer[***]";
        }
    }

    record Basic(String username, String password) implements RegistryCredentials {
        public Optional<String> authorization() {
            return Optional.of("Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public String toString() {
            return "Basic[" + username + ":***]";
        }
    }

    /**
     * From a Secret's decoded data; a Secret with neither shape is a mistake named to the person, never a request sent
     * without the credentials they meant to give.
     */
    static RegistryCredentials from(String secretName, Map<String, String> data) {
        String token = data.get("token");
        if (token != null && !token.isBlank()) {
            return new Bearer(token.strip());
        }
        String username = data.get("username");
        String password = data.get("password");
        if (username != null && password != null) {
            return new Basic(username, password);
        }
        throw new IllegalArgumentException("Secret " + secretName + " has neither a key token nor keys username and password");
    }
}
