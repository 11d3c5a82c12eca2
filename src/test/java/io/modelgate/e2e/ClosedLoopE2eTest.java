package io.modelgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.TriggerStatus;
import io.modelgate.registry.RegistryTags;
import io.modelgate.testing.LocalMlflow;
import io.modelgate.testing.LocalPrometheus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The closed loop on the local cluster (issue 13, item 7), against a real Prometheus and a real MLflow server:
 * <ol>
 *   <li>r1 serves; the test raises the serving revision's drift score in Prometheus above the trigger's bound for
 *   longer than {@code for} → r2 with trigger Drift → trained → evaluated with the champion's {@code STABLE_*} →
 *   canary → Promoted → the MLflow alias {@code champion} on r2's version; the drift stays high on r2 during the
 *   cooldown, and no r3 comes.</li>
 *   <li>a registered model whose alias the test moves in MLflow → a revision that is not trained, and is promoted;
 *   its version is its own registry record (the promoted alias moves to it, no copy is made).</li>
 *   <li>MLflow stopped before a revision passes its gates: the rollout finishes, {@code RegistrySynced=False}; after
 *   MLflow restarts, exactly one version per revision and the alias on the promoted one.</li>
 * </ol>
 * The loop's times (drift raised → revision created; MLflow back → record synced) are logged, never asserted.
 */
@ModelgateE2e
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClosedLoopE2eTest {

    @RegisterExtension
    static final LocalPrometheus PROMETHEUS = new LocalPrometheus();
    @RegisterExtension
    static final LocalMlflow MLFLOW = new LocalMlflow();

    private static final String NAMESPACE = "default";
    private static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("modelgate.e2e.timeoutSeconds", 120));
    private static final Duration POLL = Duration.ofMillis(100);
    private static final String DRIFT = "model_drift_score";
    private static final double BOUND = 0.3;
    private static final Duration FOR = Duration.ofSeconds(3);
    /** The chart's registryRetryMax: the longest wait between two attempts of a registry write. */
    private static final Duration RETRY_MAX = Duration.ofSeconds(3);
    private static final String ALIAS = "champion";

    private static final String LOOP = "loop-drift";
    private static final String REGISTERED = "loop-registered";
    private static final String OUTAGE = "loop-outage";
    private static final String EXTERNAL_MODEL = "loop-external";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private static E2eEnvironment env;
    private static final List<String> times = new CopyOnWriteArrayList<>();

    @HelmValues
    static Map<String, Object> operatorSettings() {
        PROMETHEUS.boot();
        MLFLOW.boot();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("operator.prometheusAddress", PROMETHEUS.address());
        values.put("operator.mlflowAddress", MLFLOW.address());
        values.put("operator.registryRetryMax", RETRY_MAX.toSeconds() + "s");
        values.put("operator.defaultAnalysisInterval", "1s");
        return values;
    }

    @BeforeAll
    static void environment(E2eEnvironment environment) {
        env = environment;
        assertThat(env.installation().operatorEnv())
                .containsEntry("MODELGATE_REGISTRY_MLFLOW_ADDRESS", MLFLOW.address())
                .containsEntry("MODELGATE_PROMETHEUS_ADDRESS", PROMETHEUS.address());
        for (int n = 1; n <= 3; n++) {
            setDrift(LOOP + "-r" + n, 0.1);
        }
        PROMETHEUS.awaitScrapes(2);
    }

    @AfterAll
    static void summary() {
        E2e.log("the loop's times (logged, not asserted):%n  %s", times.isEmpty() ? "(none measured)" : String.join("\n  ", times));
    }

    // ------------------------------------------------------------------ (1) drift → retrain → promoted → champion

    @Test
    @Order(1)
    void driftAboveItsBoundRetrainsOnceAndTheChampionAliasFollowsThePromotedRevision() throws Exception {
        create(pipelineYaml(LOOP, LOOP, """
                  source:
                    trainingImage: registry.example/loop-train:1.0
                    dataRef: s3://data/loop/latest
                  training:
                    artifactUri: s3://models/{namespace}/{pipeline}/{revision}
                """, """
                  triggers:
                    metrics:
                      - name: feature-drift
                        kind: Drift
                        prometheus:
                          query: 'max(%s{revision="{{revision}}"})'
                        max: %s
                        for: %ds
                        interval: 1s
                        cooldown: 10m
                """.formatted(DRIFT, BOUND, FOR.toSeconds())));
        String r1 = LOOP + "-r1";
        String r2 = LOOP + "-r2";
        awaitPromoted(r1);
        awaitAlias(LOOP, ALIAS, versionOf(r1));
        awaitTrigger(LOOP, t -> assertThat(t.getState()).isEqualTo("Healthy"));

        Instant raisedAt = Instant.now();
        long raised = System.nanoTime();
        setDrift(r1, 0.5);
        E2e.log("(1) %s{revision=\"%s\"} raised to 0.5 (max %s, for %ds)", DRIFT, r1, BOUND, FOR.toSeconds());
        await("(1) " + r2 + " created by the trigger").atMost(TIMEOUT).pollInterval(POLL).until(() -> revision(r2) != null);
        double seen = seconds(raised);
        assertThat(seen).as("seconds from the rise to %s: never before `for`", r2).isGreaterThanOrEqualTo(FOR.toMillis() / 1000.0);
        ModelRevision created = revision(r2);
        assertThat(created.getSpec().getTrigger()).hasToString("Drift");
        assertThat(created.getSpec().getTriggeredBy()).isEqualTo("feature-drift");
        assertThat(created.getSpec().getTriggerReason()).contains("0.5").contains(String.valueOf(BOUND)).contains(r1);
        Instant createdAt = Instant.parse(created.getMetadata().getCreationTimestamp());
        times.add(String.format("(1) drift raised → %s created: %.1f s seen by the test, %d s by its creationTimestamp "
                        + "(for = %d s, interval 1 s, scrape 1 s); the trigger's own latency is that minus `for`",
                r2, seen, Duration.between(raisedAt, createdAt).toSeconds() + 1, FOR.toSeconds()));
        E2e.log("%s", times.get(times.size() - 1));
        awaitEvent(LOOP, "Normal", "RetrainTriggered");

        // Champion/challenger: the evaluation Job is told which model serves, to score both on one holdout.
        Job eval = await("(1) evaluation Job of " + r2).atMost(TIMEOUT).pollInterval(POLL)
                .until(() -> env.admin().batch().v1().jobs().inNamespace(NAMESPACE).withName(r2 + "-eval").get(), j -> j != null);
        Map<String, String> evalEnv = env(eval);
        assertThat(evalEnv).containsEntry("STABLE_REVISION", r1)
                .containsEntry("STABLE_MODEL_URI", revision(r1).getSpec().getArtifactUri())
                .containsEntry("MODEL_URI", revision(r2).getSpec().getArtifactUri());

        ModelRevision promoted = awaitPromoted(r2);
        assertThat(promoted.getStatus().getRollout()).as("r2 was rolled out as a canary").isNotNull();
        assertThat(promoted.getStatus().getChampion().getRevision()).isEqualTo(r1);
        String v2 = versionOf(r2);
        awaitAlias(LOOP, ALIAS, v2);
        times.add(String.format("(1) drift raised → %s trained, evaluated, canaried, Promoted and alias %s on version %s: %.1f s",
                r2, ALIAS, v2, seconds(raised)));
        assertThat(versionsOf(LOOP, r2)).as("versions of %s in MLflow", r2).hasSize(1);
        assertThat(tags(LOOP, v2)).containsEntry(RegistryTags.TRIGGER, "Drift").containsEntry(RegistryTags.OUTCOME, "Promoted");

        // The drift stays high on the new champion: the trigger is violated past `for`, and the cooldown holds it.
        setDrift(r2, 0.5);
        awaitTrigger(LOOP, t -> {
            assertThat(t.getState()).isEqualTo("Violated");
            assertThat(t.getViolatingSince()).isNotNull();
            assertThat(Duration.between(Instant.parse(t.getViolatingSince()), Instant.now())).isGreaterThan(FOR.plusSeconds(1));
            assertThat(t.getLastRevision()).isEqualTo(r2);
        });
        TriggerStatus held = trigger(LOOP);
        E2e.log("(1) held by the cooldown: %s", held.getMessage());
        assertThat(held.getMessage()).containsIgnoringCase("cooldown");
        await("(1) no r3 during the cooldown").during(FOR.multipliedBy(2)).atMost(FOR.multipliedBy(3)).pollInterval(POLL)
                .until(() -> revision(LOOP + "-r3") == null);
    }

    // ------------------------------------------------------------------ (2) a registered model's alias moves

    @Test
    @Order(2)
    void aRegisteredModelWhoseAliasMovesIsDeliveredWithoutTraining() throws Exception {
        post("/registered-models/create", Map.of("name", EXTERNAL_MODEL));
        String v1 = createVersion(EXTERNAL_MODEL, "s3://team/external/1");
        String v2 = createVersion(EXTERNAL_MODEL, "s3://team/external/2");
        setAlias(EXTERNAL_MODEL, "staging", v1);
        create(pipelineYaml(REGISTERED, EXTERNAL_MODEL, """
                  source:
                    registeredModel: {name: %s, alias: staging, pollInterval: 2s}
                    dataRef: s3://data/holdout
                """.formatted(EXTERNAL_MODEL), ""));
        String r1 = REGISTERED + "-r1";
        String r2 = REGISTERED + "-r2";
        ModelRevision first = awaitPromoted(r1);
        assertThat(first.getSpec().getModelVersion()).isEqualTo(v1);
        assertThat(first.getSpec().getArtifactUri()).isEqualTo("s3://team/external/1");
        awaitAlias(EXTERNAL_MODEL, ALIAS, v1);

        long moved = System.nanoTime();
        setAlias(EXTERNAL_MODEL, "staging", v2);
        E2e.log("(2) alias staging of %s moved to version %s", EXTERNAL_MODEL, v2);
        await("(2) " + r2 + " for the moved alias").atMost(TIMEOUT).pollInterval(POLL).until(() -> revision(r2) != null);
        times.add(String.format("(2) alias moved → %s created: %.1f s (pollInterval 2 s)", r2, seconds(moved)));
        E2e.log("%s", times.get(times.size() - 1));
        ModelRevision second = awaitPromoted(r2);
        assertThat(second.getSpec().getTrigger()).hasToString("AliasMoved");
        assertThat(second.getSpec().getModelVersion()).isEqualTo(v2);
        assertThat(second.getSpec().getTraining()).as("a registered model is not trained again").isNull();
        assertThat(enteredAt(second, "Training")).as("transitions of %s", r2).isEmpty();
        for (String revision : List.of(r1, r2)) {
            assertThat(env.admin().batch().v1().jobs().inNamespace(NAMESPACE).withName(revision + "-train").get())
                    .as("training Job of %s", revision).isNull();
        }
        Job eval = env.admin().batch().v1().jobs().inNamespace(NAMESPACE).withName(r2 + "-eval").get();
        assertThat(eval).as("evaluation Job of %s", r2).isNotNull();
        assertThat(env(eval)).containsEntry("MODEL_URI", "s3://team/external/2").containsEntry("MODEL_VERSION", v2)
                .containsEntry("STABLE_REVISION", r1).containsEntry("STABLE_MODEL_URI", "s3://team/external/1");
        awaitAlias(EXTERNAL_MODEL, ALIAS, v2);
        times.add(String.format("(2) alias moved → %s evaluated, canaried, Promoted and alias %s on version %s: %.1f s",
                r2, ALIAS, v2, seconds(moved)));
        assertThat(second.getStatus().getRegistry().getVersion()).as("its version is its record").isEqualTo(v2);
        assertThat(versions(EXTERNAL_MODEL)).as("no copy of a delivered version").hasSize(2);
        assertThat(pipeline(REGISTERED).getStatus().getRegisteredModel().getVersion()).isEqualTo(v2);
    }

    // ------------------------------------------------------------------ (3) MLflow down mid-rollout

    @Test
    @Order(3)
    void mlflowDownMidRolloutLeavesTheRolloutAloneAndIsSyncedExactlyOnceWhenBack() throws Exception {
        create(pipelineYaml(OUTAGE, OUTAGE, """
                  source:
                    trainingImage: registry.example/loop-train:1.0
                    dataRef: s3://data/outage/latest
                    parameters: {learning_rate: "0.1"}
                  training:
                    artifactUri: s3://models/{namespace}/{pipeline}/{revision}
                """, ""));
        String r1 = OUTAGE + "-r1";
        String r2 = OUTAGE + "-r2";
        awaitPromoted(r1);
        String v1 = versionOf(r1);
        awaitAlias(OUTAGE, ALIAS, v1);

        MLFLOW.stop();
        E2e.log("(3) MLflow stopped");
        int failedAttempts;
        try {
            env.admin().resources(ModelPipeline.class).inNamespace(NAMESPACE).withName(OUTAGE)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"source\":{\"parameters\":{\"learning_rate\":\"0.05\"}}}}");
            ModelRevision promoted = awaitPromoted(r2);
            assertThat(promoted.getStatus().getRollout()).as("r2 was rolled out as a canary").isNotNull();
            await("(3) RegistrySynced=False on " + r2).atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
                ModelRevision revision = revision(r2);
                assertThat(condition(revision.getStatus().getConditions(), "RegistrySynced"))
                        .hasValueSatisfying(c -> {
                            assertThat(c.getStatus()).isEqualTo("False");
                            assertThat(c.getReason()).isEqualTo("RegistryUnavailable");
                        });
                assertThat(revision.getStatus().getRegistry().getPending()).isEqualTo("CreateVersion");
                assertThat(revision.getStatus().getRegistry().getAttempts()).isGreaterThanOrEqualTo(2);
            });
            awaitEvent(r2, "Warning", "RegistrySyncFailed");
            assertThat(pipeline(OUTAGE).getStatus().getStableRevision()).isEqualTo(r2);
            failedAttempts = revision(r2).getStatus().getRegistry().getAttempts();
        } finally {
            MLFLOW.start();
        }
        long back = System.nanoTime();
        E2e.log("(3) MLflow started again (%.1f s to answer)", MLFLOW.lastStartup().toMillis() / 1000.0);
        await("(3) " + r2 + " synced").atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
            ModelRevision revision = revision(r2);
            assertThat(revision.getStatus().getRegistry().getPending()).isNull();
            assertThat(revision.getStatus().getRegistry().getAlias()).isEqualTo(ALIAS);
            assertThat(condition(revision.getStatus().getConditions(), "RegistrySynced"))
                    .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
        });
        double recovered = seconds(back);
        times.add(String.format("(3) MLflow answering again → %s's version and alias synced: %.1f s (at least %d failed "
                + "attempts while it was down; registryRetryMax %d s)", r2, recovered, failedAttempts, RETRY_MAX.toSeconds()));
        E2e.log("%s", times.get(times.size() - 1));
        String v2 = versionOf(r2);
        awaitAlias(OUTAGE, ALIAS, v2);
        assertThat(versionsOf(OUTAGE, r1)).as("versions of %s", r1).hasSize(1);
        assertThat(versionsOf(OUTAGE, r2)).as("versions of %s", r2).hasSize(1);
        assertThat(versions(OUTAGE)).hasSize(2);
        await("(3) " + r2 + "'s version tagged Promoted").atMost(TIMEOUT).pollInterval(POLL)
                .untilAsserted(() -> assertThat(tags(OUTAGE, v2)).containsEntry(RegistryTags.OUTCOME, "Promoted"));
    }

    // ------------------------------------------------------------------ (4) what the operator counted

    @Test
    @Order(4)
    void operatorMetricsCountTheLoopAndItsLogHasNoErrors() {
        String exposition = env.operator().scrapeMetrics();
        Map<String, Double> triggers = OperatorProcess.samples(exposition, "modelgate_retrain_triggers_total");
        Map<String, Double> lookups = OperatorProcess.samples(exposition, "modelgate_registry_lookups_total");
        Map<String, Double> writes = OperatorProcess.samples(exposition, "modelgate_registry_writes_total");
        Map<String, Double> pending = OperatorProcess.samples(exposition, "modelgate_registry_writes_pending");
        E2e.log("operator /metrics:%n  triggers %s%n  look-ups %s%n  writes %s%n  pending %s", triggers, lookups, writes, pending);
        assertThat(triggers.entrySet()).filteredOn(e -> e.getKey().contains("pipeline=\"" + LOOP + "\""))
                .singleElement().satisfies(e -> {
                    assertThat(e.getKey()).contains("trigger=\"feature-drift\"").contains("kind=\"Drift\"");
                    assertThat(e.getValue()).as("one retrain, the cooldown held the rest").isEqualTo(1.0);
                });
        assertThat(lookups.entrySet()).filteredOn(e -> e.getKey().contains("pipeline=\"" + REGISTERED + "\"")
                && e.getKey().contains("result=\"Found\"")).singleElement().satisfies(e -> assertThat(e.getValue()).isGreaterThanOrEqualTo(2.0));
        assertThat(writes.entrySet()).filteredOn(e -> e.getKey().contains("pipeline=\"" + OUTAGE + "\"")
                && e.getKey().contains("write=\"CreateVersion\"") && e.getKey().contains("result=\"Unavailable\""))
                .singleElement().satisfies(e -> assertThat(e.getValue()).isGreaterThanOrEqualTo(2.0));
        assertThat(pending.entrySet()).filteredOn(e -> e.getKey().contains("pipeline=\"" + OUTAGE + "\""))
                .singleElement().satisfies(e -> assertThat(e.getValue()).as("nothing owed once MLflow is back").isEqualTo(0.0));

        assertThat(env.operator().isAlive()).isTrue();
        List<String> problems = env.operator().logText().lines()
                .filter(l -> l.toLowerCase().contains("forbidden") || l.contains(" ERROR ") || l.contains("\"level\":\"ERROR\"")
                        || l.contains("ReconcileError"))
                .limit(20)
                .toList();
        assertThat(problems).as("RBAC denials or errors in %s", env.operator().log()).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private static String pipelineYaml(String name, String model, String source, String more) {
        return """
                apiVersion: modelgate.io/v1alpha1
                kind: ModelPipeline
                metadata: {name: %s, namespace: %s}
                spec:
                  model: %s
                %s
                  evaluation:
                    template:
                      metadata:
                        annotations:
                          modelgate.io/simulated-termination-message: '{"auc": 0.95}'
                      spec:
                        containers: [{name: evaluate, image: registry.example/loop-eval:1.0}]
                    gates: [{metric: auc, min: 0.9}]
                  serving:
                    replicas: 2
                    port: 8080
                    template:
                      spec:
                        containers: [{name: server, image: registry.example/loop-serve:1.0}]
                  rollout:
                    strategy: Canary
                    steps:
                      - setWeight: 50
                      - pause: {duration: 2s}
                  registry:
                    mlflow: {promotedAlias: %s}
                %s""".formatted(name, NAMESPACE, model, source.stripTrailing(), ALIAS, more);
    }

    private static void create(String yaml) {
        env.admin().resource(env.admin().getKubernetesSerialization().unmarshal(yaml, ModelPipeline.class)).create();
    }

    private static void setDrift(String revision, double value) {
        PROMETHEUS.setGauge(DRIFT, Map.of("revision", revision), value);
    }

    private static ModelRevision awaitPromoted(String name) {
        return env.timings().time(name + " Promoted", () -> {
            await(name + " Promoted").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                ModelRevision revision = revision(name);
                assertThat(revision).as("ModelRevision %s", name).isNotNull();
                assertThat(revision.getStatus() == null ? null : revision.getStatus().getPhase())
                        .as("%s: %s", name, revision.getStatus() == null ? "no status" : revision.getStatus().getMessage())
                        .isEqualTo("Promoted");
            });
            return revision(name);
        });
    }

    /** The version the revision's registry record names, once it has one. */
    private static String versionOf(String name) {
        return await(name + " has a registry version").atMost(TIMEOUT).pollInterval(POLL).until(() -> {
            ModelRevision revision = revision(name);
            return revision == null || revision.getStatus() == null || revision.getStatus().getRegistry() == null
                    ? null : revision.getStatus().getRegistry().getVersion();
        }, v -> v != null);
    }

    private static void awaitTrigger(String pipeline, java.util.function.Consumer<TriggerStatus> assertion) {
        await(pipeline + " trigger").atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() -> assertion.accept(trigger(pipeline)));
    }

    private static TriggerStatus trigger(String pipeline) {
        ModelPipeline p = pipeline(pipeline);
        assertThat(p.getStatus().getTriggers()).as("status.triggers of %s", pipeline).hasSize(1);
        return p.getStatus().getTriggers().get(0);
    }

    private static void awaitEvent(String involvedObject, String type, String reason) {
        await(reason + " Event on " + involvedObject).atMost(TIMEOUT).pollInterval(POLL).until(() ->
                env.admin().v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                        .anyMatch(e -> involvedObject.equals(e.getInvolvedObject().getName()) && type.equals(e.getType())
                                && reason.equals(e.getReason())));
    }

    private static ModelPipeline pipeline(String name) {
        return env.admin().resources(ModelPipeline.class).inNamespace(NAMESPACE).withName(name).get();
    }

    private static ModelRevision revision(String name) {
        return env.admin().resources(ModelRevision.class).inNamespace(NAMESPACE).withName(name).get();
    }

    private static Optional<Condition> condition(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty() : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static Optional<Instant> enteredAt(ModelRevision revision, String phase) {
        return revision.getStatus().getTransitions().stream().filter(t -> phase.equals(t.getPhase()))
                .map(t -> Instant.parse(t.getTime())).findFirst();
    }

    private static Map<String, String> env(Job job) {
        Map<String, String> values = new LinkedHashMap<>();
        for (EnvVar var : job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
            values.put(var.getName(), var.getValue());
        }
        return values;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    // ------------------------------------------------------------------ MLflow's REST API, as a team would use it

    private static void awaitAlias(String model, String alias, String version) {
        await("alias " + alias + " of " + model + " on version " + version).atMost(TIMEOUT).pollInterval(POLL).ignoreExceptions()
                .untilAsserted(() -> assertThat(get("/registered-models/alias", Map.of("name", model, "alias", alias))
                        .path("model_version").path("version").asText()).isEqualTo(version));
    }

    private static List<JsonNode> versions(String model) throws IOException, InterruptedException {
        List<JsonNode> found = new ArrayList<>();
        get("/model-versions/search", Map.of("filter", "name='" + model + "'", "max_results", "100"))
                .path("model_versions").forEach(found::add);
        return found;
    }

    private static List<JsonNode> versionsOf(String model, String revision) throws IOException, InterruptedException {
        return versions(model).stream().filter(v -> revision.equals(tagsOf(v).get(RegistryTags.REVISION))).toList();
    }

    private static Map<String, String> tags(String model, String version) throws IOException, InterruptedException {
        return tagsOf(get("/model-versions/get", Map.of("name", model, "version", version)).path("model_version"));
    }

    private static Map<String, String> tagsOf(JsonNode version) {
        Map<String, String> tags = new LinkedHashMap<>();
        version.path("tags").forEach(tag -> tags.put(tag.get("key").asText(), tag.get("value").asText()));
        return tags;
    }

    private static String createVersion(String model, String source) throws IOException, InterruptedException {
        return post("/model-versions/create", Map.of("name", model, "source", source)).path("model_version").path("version").asText();
    }

    private static void setAlias(String model, String alias, String version) throws IOException, InterruptedException {
        post("/registered-models/alias", Map.of("name", model, "alias", alias, "version", version));
    }

    private static JsonNode get(String path, Map<String, String> query) throws IOException, InterruptedException {
        StringBuilder uri = new StringBuilder(MLFLOW.address()).append("/api/2.0/mlflow").append(path).append('?');
        query.forEach((k, v) -> uri.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(uri.toString())).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode post(String path, Map<String, String> body) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(MLFLOW.address() + "/api/2.0/mlflow" + path))
                        .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
