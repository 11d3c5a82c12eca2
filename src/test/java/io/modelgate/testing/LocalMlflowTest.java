package io.modelgate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real MLflow server of {@link LocalMlflow}: its registry's REST API, and what survives a restart. */
@Tag("integration")
class LocalMlflowTest {

    private static final Logger LOG = Logger.getLogger(LocalMlflowTest.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final LocalMlflow MLFLOW = new LocalMlflow();

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    record Answer(int status, JsonNode body) {
    }

    Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }

    Answer post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(MLFLOW.address() + "/api/2.0/mlflow/" + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Answer get(String pathAndQuery) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(MLFLOW.address() + "/api/2.0/mlflow/" + pathAndQuery)).GET());
    }

    @Test
    void aRegisteredModelSurvivesARestartOnTheSameAddress() throws Exception {
        LOG.info(() -> "MLflow " + LocalMlflow.version() + " at " + MLFLOW.address() + " ready in "
                + MLFLOW.lastStartup().toMillis() + " ms");
        String address = MLFLOW.address();
        assertThat(address).startsWith("http://127.0.0.1:");

        Answer created = post("registered-models/create", "{\"name\":\"m\"}");
        assertThat(created.status()).as("%s", created.body()).isEqualTo(200);
        assertThat(created.body().at("/registered_model/name").asText()).isEqualTo("m");
        Answer again = post("registered-models/create", "{\"name\":\"m\"}");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body().path("error_code").asText()).isEqualTo("RESOURCE_ALREADY_EXISTS");

        MLFLOW.stop();
        assertThat(MLFLOW.isRunning()).isFalse();
        assertThatThrownBy(() -> get("registered-models/get?name=m")).isInstanceOf(ConnectException.class);

        MLFLOW.start();
        LOG.info(() -> "MLflow restarted in " + MLFLOW.lastStartup().toMillis() + " ms");
        assertThat(MLFLOW.address()).isEqualTo(address);
        Answer after = get("registered-models/get?name=m");
        assertThat(after.status()).as("%s", after.body()).isEqualTo(200);
        assertThat(after.body().at("/registered_model/name").asText()).isEqualTo("m");
        assertThat(after.body().at("/registered_model/creation_timestamp").asLong())
                .isEqualTo(created.body().at("/registered_model/creation_timestamp").asLong());

        Answer missing = get("registered-models/get?name=absent");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().path("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    void aPausedServerAcceptsButDoesNotAnswer() throws Exception {
        MLFLOW.pause();
        try {
            assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(MLFLOW.address() + LocalMlflow.READY_PATH))
                    .timeout(Duration.ofSeconds(1)).GET().build(), HttpResponse.BodyHandlers.discarding()))
                    .isInstanceOf(HttpTimeoutException.class);
        } finally {
            MLFLOW.resume();
        }
        assertThat(get("registered-models/search").status()).isEqualTo(200);
    }
}
