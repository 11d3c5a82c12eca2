package io.modelgate.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.registry.LookupAnswer;
import io.modelgate.registry.RegistryAnswer;
import io.modelgate.registry.RegistryLookup;
import io.modelgate.registry.RegistryCredentials;
import io.modelgate.registry.RegistryRequest;
import io.modelgate.registry.RegistryTags;
import io.modelgate.registry.RegistryTarget;
import io.modelgate.registry.RegistryWrite;
import io.modelgate.testing.LocalMlflow;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MlflowRegistry} against a real MLflow tracking server (hack/mlflow.sh, SQLite store): what it writes is read
 * back through MLflow's own REST API, and every write is safe to repeat.
 */
@Tag("integration")
class MlflowRegistryTest {

    @RegisterExtension
    static final LocalMlflow MLFLOW = new LocalMlflow();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final MlflowRegistry registry = new MlflowRegistry(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(),
            Duration.ofSeconds(10));

    @Test
    void aVersionIsCreatedOnceWithItsSourceAndTagsHoweverOftenItIsAsked() throws Exception {
        String model = "fraud-" + UUID.randomUUID().toString().substring(0, 8);
        RegistryRequest create = create(model, "uid-r1", "fraud-r1");

        RegistryAnswer first = registry.write(create, RegistryCredentials.NONE);
        RegistryAnswer again = registry.write(create, RegistryCredentials.NONE);
        RegistryAnswer other = registry.write(create(model, "uid-r2", "fraud-r2"), RegistryCredentials.NONE);

        assertThat(first).isEqualTo(new RegistryAnswer.Synced("1"));
        assertThat(again).as("the same revision asks again: found by its uid, not made twice").isEqualTo(new RegistryAnswer.Synced("1"));
        assertThat(other).isEqualTo(new RegistryAnswer.Synced("2"));
        JsonNode version = get("/api/2.0/mlflow/model-versions/get", Map.of("name", model, "version", "1")).get("model_version");
        assertThat(version.get("source").asText()).isEqualTo("s3://models/ml/fraud/1");
        assertThat(tags(version)).containsEntry(RegistryTags.REVISION, "fraud-r1")
                .containsEntry(RegistryTags.REVISION_UID, "uid-r1")
                .containsEntry("gate.Evaluation.auc", "Passed 0.95 (>= 0.9)")
                .containsEntry(RegistryTags.DATA_VERSION, "snap-41").containsEntry(RegistryTags.ARTIFACT_DIGEST, "sha256:aa11");
        assertThat(version.get("description").asText()).contains("ml/fraud-r1");
        JsonNode all = get("/api/2.0/mlflow/model-versions/search", Map.of("filter", "name='" + model + "'"));
        assertThat(all.get("model_versions")).hasSize(2);
    }

    @Test
    void theAliasMovesToThePromotedVersionAndTheOutcomeIsATag() throws Exception {
        String model = "churn-" + UUID.randomUUID().toString().substring(0, 8);
        registry.write(create(model, "uid-a", "churn-r1"), RegistryCredentials.NONE);
        registry.write(create(model, "uid-b", "churn-r2"), RegistryCredentials.NONE);

        assertThat(registry.write(alias(model, "1"), RegistryCredentials.NONE)).isEqualTo(new RegistryAnswer.Synced("1"));
        assertThat(registry.write(alias(model, "2"), RegistryCredentials.NONE)).isEqualTo(new RegistryAnswer.Synced("2"));
        assertThat(registry.write(outcome(model, "1", "Promoted"), RegistryCredentials.NONE)).isEqualTo(new RegistryAnswer.Synced("1"));
        assertThat(registry.write(outcome(model, "1", "Promoted"), RegistryCredentials.NONE)).as("a tag set twice").isEqualTo(new RegistryAnswer.Synced("1"));

        JsonNode aliased = get("/api/2.0/mlflow/registered-models/alias", Map.of("name", model, "alias", "champion")).get("model_version");
        assertThat(aliased.get("version").asText()).isEqualTo("2");
        JsonNode first = get("/api/2.0/mlflow/model-versions/get", Map.of("name", model, "version", "1")).get("model_version");
        assertThat(tags(first)).containsEntry(RegistryTags.OUTCOME, "Promoted");
    }

    @Test
    void anAliasIsLookedUpAsTheVersionItNamesNowAndAVersionAsItself() {
        String model = "source-" + UUID.randomUUID().toString().substring(0, 8);
        registry.write(create(model, "uid-s1", "source-r1"), RegistryCredentials.NONE);
        registry.write(create(model, "uid-s2", "source-r2"), RegistryCredentials.NONE);
        registry.write(alias(model, "1"), RegistryCredentials.NONE);

        assertThat(registry.lookUp(byAlias(model, "champion"), RegistryCredentials.NONE))
                .isEqualTo(new LookupAnswer.Found("1", "s3://models/ml/fraud/1"));
        registry.write(alias(model, "2"), RegistryCredentials.NONE);
        assertThat(registry.lookUp(byAlias(model, "champion"), RegistryCredentials.NONE))
                .as("the alias moved").isEqualTo(new LookupAnswer.Found("2", "s3://models/ml/fraud/1"));
        assertThat(registry.lookUp(byVersion(model, "1"), RegistryCredentials.NONE))
                .isEqualTo(new LookupAnswer.Found("1", "s3://models/ml/fraud/1"));
    }

    @Test
    void aModelAliasOrVersionMlflowDoesNotKnowIsMissingNotUnavailable() {
        String model = "missing-" + UUID.randomUUID().toString().substring(0, 8);
        LookupAnswer noModel = registry.lookUp(byAlias(model, "champion"), RegistryCredentials.NONE);
        registry.write(create(model, "uid-m1", "missing-r1"), RegistryCredentials.NONE);
        LookupAnswer noAlias = registry.lookUp(byAlias(model, "staging"), RegistryCredentials.NONE);
        LookupAnswer noVersion = registry.lookUp(byVersion(model, "7"), RegistryCredentials.NONE);

        assertThat(noModel).isInstanceOf(LookupAnswer.Missing.class);
        assertThat(noAlias).isInstanceOf(LookupAnswer.Missing.class);
        assertThat(((LookupAnswer.Missing) noAlias).message()).contains("alias staging of registered model " + model);
        assertThat(noVersion).isInstanceOf(LookupAnswer.Missing.class);
        assertThat(((LookupAnswer.Missing) noVersion).message()).contains("version 7");
    }

    @Test
    void aLookUpOfAServerThatIsDownIsUnavailable() {
        RegistryLookup lookup = new RegistryLookup("k", new RegistryTarget("http://127.0.0.1:1", "m", "ml", Optional.empty()),
                Optional.of("champion"), Optional.empty());
        LookupAnswer answer = registry.lookUp(lookup, RegistryCredentials.NONE);
        assertThat(answer).isInstanceOf(LookupAnswer.Unavailable.class);
        assertThat(((LookupAnswer.Unavailable) answer).message()).contains("did not answer");
    }

    private static RegistryLookup byAlias(String model, String alias) {
        return new RegistryLookup("lookup", target(model), Optional.of(alias), Optional.empty());
    }

    private static RegistryLookup byVersion(String model, String version) {
        return new RegistryLookup("lookup", target(model), Optional.empty(), Optional.of(version));
    }

    @Test
    void aRefusedWriteIsNotRetryableAndSaysWhatMlflowAnswered() {
        String model = "refused-" + UUID.randomUUID().toString().substring(0, 8);
        registry.write(create(model, "uid-x", "refused-r1"), RegistryCredentials.NONE);

        RegistryAnswer answer = registry.write(alias(model, "42"), RegistryCredentials.NONE);

        assertThat(answer).isInstanceOf(RegistryAnswer.Failed.class);
        RegistryAnswer.Failed failed = (RegistryAnswer.Failed) answer;
        assertThat(failed.retryable()).isFalse();
        assertThat(failed.message()).startsWith("HTTP 4").contains("RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    void aServerThatIsDownIsARetryableFailureAndItsRecordSurvivesItsRestart() {
        String model = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(registry.write(create(model, "uid-o1", "outage-r1"), RegistryCredentials.NONE)).isEqualTo(new RegistryAnswer.Synced("1"));
        MLFLOW.stop();
        try {
            RegistryAnswer down = registry.write(create(model, "uid-o2", "outage-r2"), RegistryCredentials.NONE);
            assertThat(down).isInstanceOf(RegistryAnswer.Failed.class);
            assertThat(((RegistryAnswer.Failed) down).retryable()).isTrue();
            assertThat(((RegistryAnswer.Failed) down).message()).contains("did not answer");
        } finally {
            MLFLOW.start();
        }
        assertThat(registry.write(create(model, "uid-o1", "outage-r1"), RegistryCredentials.NONE)).isEqualTo(new RegistryAnswer.Synced("1"));
        assertThat(registry.write(create(model, "uid-o2", "outage-r2"), RegistryCredentials.NONE)).isEqualTo(new RegistryAnswer.Synced("2"));
    }

    private static RegistryRequest create(String model, String uid, String revision) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(RegistryTags.REVISION, revision);
        tags.put(RegistryTags.REVISION_UID, uid);
        tags.put(RegistryTags.PIPELINE, "ml/fraud");
        tags.put("gate.Evaluation.auc", "Passed 0.95 (>= 0.9)");
        tags.put(RegistryTags.DATA_VERSION, "snap-41");
        tags.put(RegistryTags.ARTIFACT_DIGEST, "sha256:aa11");
        return new RegistryRequest("registry:" + revision + ":CreateVersion", RegistryWrite.CreateVersion, target(model), revision, uid,
                Optional.empty(), "s3://models/ml/fraud/1", "Modelgate revision ml/" + revision, tags, Optional.empty());
    }

    private static RegistryRequest alias(String model, String version) {
        return new RegistryRequest("k", RegistryWrite.MoveAlias, target(model), "r", "u", Optional.of(version), null, null, Map.of(),
                Optional.of("champion"));
    }

    private static RegistryRequest outcome(String model, String version, String outcome) {
        return new RegistryRequest("k", RegistryWrite.TagOutcome, target(model), "r", "u", Optional.of(version), null, null,
                Map.of(RegistryTags.OUTCOME, outcome), Optional.empty());
    }

    private static RegistryTarget target(String model) {
        return new RegistryTarget(MLFLOW.address(), model, "ml", Optional.empty());
    }

    private static JsonNode get(String path, Map<String, String> query) throws IOException, InterruptedException {
        StringBuilder uri = new StringBuilder(MLFLOW.address()).append(path).append('?');
        query.forEach((k, v) -> uri.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(uri.toString())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static Map<String, String> tags(JsonNode version) {
        Map<String, String> tags = new LinkedHashMap<>();
        version.path("tags").forEach(tag -> tags.put(tag.get("key").asText(), tag.get("value").asText()));
        return tags;
    }
}
