package io.modelgate.gitops;

import io.modelgate.status.Reason;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Condition;
import io.modelgate.api.ModelPipelineStatus;
import io.modelgate.api.ModelRevisionStatus;
import io.modelgate.revision.RevisionPhase;
import io.modelgate.revision.Step;
import io.modelgate.status.Conditions;
import io.modelgate.status.PipelineStatusFactory;
import io.modelgate.revision.RevisionView;
import io.modelgate.status.RevisionStatusUpdates;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The Argo CD health checks and resource actions in {@code deploy/argocd/}, run by a real Lua interpreter (Debian's
 * {@code lua5.4}) through {@code src/test/resources/argocd/harness.lua}, which gives each script what Argo CD gives it:
 * the object as the global {@code obj}, only the base functions, {@code table} and a safe {@code os}.
 * <ul>
 *   <li>every case of every {@code health_test.yaml} and {@code actions/action_test.yaml}, laid out as in Argo CD's own
 *       {@code resource_customizations/} and read the way Argo CD's tests read them;</li>
 *   <li>the health checks agree with what the operator writes: statuses built by {@link PipelineStatusFactory} and
 *       {@link RevisionStatusUpdates} for every {@link RevisionPhase};</li>
 *   <li>{@code argocd-cm-patch.yaml} embeds exactly the {@code .lua} files (regenerate it with
 *       {@code mvn test -Dtest=ArgoCdLuaTest -Dmodelgate.updateArgoCd=true}).</li>
 * </ul>
 * A missing {@code lua5.4} fails these tests, it does not skip them.
 */
@DisplayName("Argo CD health checks and actions (lua5.4)")
class ArgoCdLuaTest {

    static final Path ARGOCD = Path.of(System.getProperty("user.dir"), "deploy", "argocd");
    static final Path CM_PATCH = ARGOCD.resolve("argocd-cm-patch.yaml");
    static final String ACTION_ANNOTATION = "modelgate.io/action";
    static final String INSTALL_LUA = "apt-get update && apt-get install -y lua5.4";
    static final String REGENERATE = "mvn test -Dtest=ArgoCdLuaTest -Dmodelgate.updateArgoCd=true";
    static final Set<String> HEALTH_STATUSES = Set.of("Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown");

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper SORTED_YAML = new ObjectMapper(new YAMLFactory())
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    // ------------------------------------------------------------------------------------------------------------
    // The cases of health_test.yaml and action_test.yaml

    record HealthCase(Path dir, String inputPath, String status, String message) {
    }

    record DiscoveryCase(Path actionsDir, String inputPath, JsonNode expected) {
    }

    record ActionCase(Path actionsDir, String action, String inputPath, String expectedOutputPath) {
    }

    static Stream<Arguments> healthCases() {
        return customizations().flatMap(dir -> {
            JsonNode tests = readYaml(dir.resolve("health_test.yaml")).path("tests");
            assertThat(tests.size()).as("%s/health_test.yaml has tests", groupKind(dir)).isPositive();
            List<Arguments> cases = new ArrayList<>();
            for (JsonNode test : tests) {
                String status = test.path("healthStatus").path("status").asText();
                HealthCase c = new HealthCase(dir, test.path("inputPath").asText(), status,
                        test.path("healthStatus").path("message").asText(""));
                cases.add(Arguments.of(Named.of(groupKind(dir) + " " + c.inputPath() + " -> " + status, c)));
            }
            return cases.stream();
        });
    }

    static Stream<Arguments> discoveryCases() {
        return actionDirs().flatMap(dir -> {
            List<Arguments> cases = new ArrayList<>();
            for (JsonNode test : readYaml(dir.resolve("action_test.yaml")).path("discoveryTests")) {
                DiscoveryCase c = new DiscoveryCase(dir, test.path("inputPath").asText(), test.path("result"));
                cases.add(Arguments.of(Named.of(groupKind(dir.getParent()) + " discovery " + c.inputPath(), c)));
            }
            return cases.stream();
        });
    }

    static Stream<Arguments> actionCases() {
        return actionDirs().flatMap(dir -> {
            List<Arguments> cases = new ArrayList<>();
            for (JsonNode test : readYaml(dir.resolve("action_test.yaml")).path("actionTests")) {
                ActionCase c = new ActionCase(dir, test.path("action").asText(), test.path("inputPath").asText(),
                        test.path("expectedOutputPath").asText());
                cases.add(Arguments.of(Named.of(groupKind(dir.getParent()) + " " + c.action() + ": " + c.inputPath()
                        + " -> " + c.expectedOutputPath(), c)));
            }
            return cases.stream();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("healthCases")
    @DisplayName("health_test.yaml")
    void healthCheck(HealthCase c) {
        JsonNode object = readYaml(c.dir().resolve(c.inputPath()));

        Map<String, String> health = health(c.dir().resolve("health.lua"), object);

        assertThat(health).as("health of %s", c.inputPath())
                .isEqualTo(Map.of("status", c.status(), "message", c.message()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("discoveryCases")
    @DisplayName("action_test.yaml discoveryTests")
    void actionDiscovery(DiscoveryCase c) {
        JsonNode object = readYaml(c.actionsDir().resolve(c.inputPath()));

        Map<String, Map<String, Object>> actions = discoverActions(c.actionsDir().resolve("discovery.lua"), object);

        Map<String, Map<String, Object>> expected = new TreeMap<>();
        for (JsonNode action : c.expected()) {
            Map<String, Object> fields = new TreeMap<>(JSON.convertValue(action, Map.class));
            String name = (String) fields.remove("name");
            fields.putIfAbsent("disabled", false);
            expected.put(name, fields);
        }
        assertThat(actions).as("actions offered for %s", c.inputPath()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("actionCases")
    @DisplayName("action_test.yaml actionTests")
    void action(ActionCase c) {
        Path script = c.actionsDir().resolve(c.action()).resolve("action.lua");
        assertThat(script).as("the action %s has a script", c.action()).isRegularFile();
        JsonNode input = readYaml(c.actionsDir().resolve(c.inputPath()));

        Object output = runAction(script, input);

        Object expected = normalize(JSON.convertValue(readYaml(c.actionsDir().resolve(c.expectedOutputPath())), Object.class));
        assertThat(toSortedYaml(output)).as("%s applied to %s", c.action(), c.inputPath()).isEqualTo(toSortedYaml(expected));
    }

    // ------------------------------------------------------------------------------------------------------------
    // The health checks read what the operator really writes

    static final Path PIPELINE_HEALTH = ARGOCD.resolve("modelgate.io/ModelPipeline/health.lua");
    static final Path REVISION_HEALTH = ARGOCD.resolve("modelgate.io/ModelRevision/health.lua");
    static final Instant NOW = Instant.parse("2026-11-02T03:10:00Z");
    static final long GENERATION = 3;

    /** A pipeline state handed to {@link PipelineStatusFactory}, the Argo CD status expected, and the condition its message comes from. */
    record FactoryScenario(boolean paused, Optional<String> invalidSpec, List<RevisionView> revisions, Optional<String> stable,
                           long metadataGeneration, String expectedStatus, String messageFrom, Optional<String> pendingWhilePaused) {

        FactoryScenario(boolean paused, Optional<String> invalidSpec, List<RevisionView> revisions, Optional<String> stable,
                        long metadataGeneration, String expectedStatus, String messageFrom) {
            this(paused, invalidSpec, revisions, stable, metadataGeneration, expectedStatus, messageFrom, Optional.empty());
        }
    }

    static Stream<Arguments> factoryScenarios() {
        List<Arguments> scenarios = new ArrayList<>();
        scenarios.add(scenario("a new pipeline, no revision yet",
                new FactoryScenario(false, Optional.empty(), List.of(), Optional.empty(), GENERATION, "Progressing", Conditions.PROGRESSING)));
        for (RevisionPhase phase : RevisionPhase.values()) {
            boolean serves = phase == RevisionPhase.Promoted;
            String expected;
            String messageFrom;
            if (serves) {
                expected = "Healthy";
                messageFrom = Conditions.READY;
            } else if (phase.isUnsuccessfulEnd()) {
                expected = "Degraded";
                messageFrom = Conditions.DEGRADED;
            } else if (!phase.isTerminal()) {
                expected = "Progressing";
                messageFrom = Conditions.PROGRESSING;
            } else {
                // ended without failing and without serving (Superseded): nothing in flight, not ready
                expected = "Progressing";
                messageFrom = Conditions.READY;
            }
            scenarios.add(scenario("newest revision " + phase + " -> " + expected, new FactoryScenario(false, Optional.empty(),
                    List.of(facts(1, RevisionPhase.Promoted), facts(2, phase)), Optional.of(revisionName(serves ? 2 : 1)),
                    GENERATION, expected, messageFrom)));
        }
        scenarios.add(scenario("spec cannot be acted on -> Degraded", new FactoryScenario(false, Optional.of("evaluation.template has no container"),
                List.of(facts(1, RevisionPhase.Promoted)), Optional.of(revisionName(1)), GENERATION, "Degraded", Conditions.DEGRADED)));
        scenarios.add(scenario("paused while training -> Suspended", new FactoryScenario(true, Optional.empty(),
                List.of(facts(1, RevisionPhase.Promoted), facts(2, RevisionPhase.Training)), Optional.of(revisionName(1)),
                GENERATION, "Suspended", Conditions.PROGRESSING)));
        scenarios.add(scenario("paused after a rejection -> Suspended", new FactoryScenario(true, Optional.empty(),
                List.of(facts(1, RevisionPhase.Promoted), facts(2, RevisionPhase.Rejected)), Optional.of(revisionName(1)),
                GENERATION, "Suspended", Conditions.PROGRESSING)));
        scenarios.add(scenario("paused with a spec change not acted on -> Suspended", new FactoryScenario(true, Optional.empty(),
                List.of(facts(1, RevisionPhase.Promoted)), Optional.of(revisionName(1)), GENERATION, "Suspended", Conditions.PROGRESSING,
                Optional.of("a change of spec.source since " + revisionName(1)))));
        scenarios.add(scenario("serving, but the spec changed since -> Progressing", new FactoryScenario(false, Optional.empty(),
                List.of(facts(1, RevisionPhase.Promoted)), Optional.of(revisionName(1)), GENERATION + 1, "Progressing", null)));
        return scenarios.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("factoryScenarios")
    @DisplayName("ModelPipeline health of statuses built by PipelineStatusFactory")
    void pipelineHealthReadsThePipelineStatusFactory(FactoryScenario s) {
        int latest = s.revisions().stream().mapToInt(RevisionView::number).max().orElse(0);
        ModelPipelineStatus status = new PipelineStatusFactory(Clock.fixed(NOW, ZoneOffset.UTC)).build(new PipelineStatusFactory.Input(
                null, GENERATION, s.paused(), s.invalidSpec(), "sha256:abc", s.revisions(), s.stable(), latest,
                Optional.empty(), Optional.empty(), s.pendingWhilePaused()));
        ObjectNode pipeline = object("ModelPipeline", "fraud-detection", s.metadataGeneration());
        ObjectNode spec = pipeline.putObject("spec").put("model", "fraud-detector");
        if (s.paused()) {
            spec.put("paused", true);
        }
        pipeline.set("status", JSON.valueToTree(status));

        Map<String, String> health = health(PIPELINE_HEALTH, pipeline);

        String expectedMessage = s.messageFrom() == null
                ? "waiting for the operator to observe generation " + s.metadataGeneration()
                : Conditions.find(status.getConditions(), s.messageFrom()).map(Condition::getMessage).orElseThrow();
        assertThat(health).as("phase %s, conditions %s", status.getPhase(), status.getConditions())
                .isEqualTo(Map.of("status", s.expectedStatus(), "message", expectedMessage));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(RevisionPhase.class)
    @DisplayName("ModelRevision health of statuses built by RevisionStatusUpdates, for every RevisionPhase")
    void revisionHealthCoversEveryPhase(RevisionPhase phase) {
        ModelRevisionStatus status = new ModelRevisionStatus();
        List<RevisionPhase> path = pathFromPending(phase);
        if (path.isEmpty()) {
            status.setPhase(RevisionPhase.Pending.name());
            status.setReason("Created");
            status.setMessage("waiting for its first step");
        }
        for (RevisionPhase next : path) {
            RevisionStatusUpdates.apply(status, Step.Advance.to(next, Reason.RolloutStarted, "reached " + next), 1L, NOW);
        }
        if (phase == RevisionPhase.Promoted) {
            status.setServing(true);
        }
        ObjectNode revision = object("ModelRevision", "fraud-detection-r2", 1);
        revision.putObject("spec").put("pipeline", "fraud-detection").put("number", 2);
        revision.set("status", JSON.valueToTree(status));

        Map<String, String> health = health(REVISION_HEALTH, revision);

        String expected = phase == RevisionPhase.Promoted || phase == RevisionPhase.Superseded ? "Healthy"
                : phase.isUnsuccessfulEnd() ? "Degraded"
                : !phase.isTerminal() ? "Progressing"
                : "no mapping decided for " + phase + ": decide it in " + REVISION_HEALTH.getFileName() + " and here";
        assertThat(health).isEqualTo(Map.of("status", expected, "message", phase + ": " + status.getMessage()));
    }

    // ------------------------------------------------------------------------------------------------------------
    // The files belong together

    @Test
    @DisplayName("argocd-cm-patch.yaml embeds exactly the .lua files")
    void argocdCmPatchEmbedsTheLuaFiles() throws IOException {
        if (Boolean.getBoolean("modelgate.updateArgoCd")) {
            Files.writeString(CM_PATCH, renderCmPatch());
        }
        assertThat(CM_PATCH).as("%s is missing; create it with %s", CM_PATCH, REGENERATE).isRegularFile();
        JsonNode patch = readYaml(CM_PATCH);
        assertThat(patch.path("kind").asText()).isEqualTo("ConfigMap");
        assertThat(patch.path("metadata").path("name").asText()).isEqualTo("argocd-cm");

        Map<String, String> expected = new TreeMap<>();
        Map<String, String> actual = new TreeMap<>();
        patch.path("data").fields().forEachRemaining(e -> actual.put(e.getKey(), e.getValue().asText()));
        customizations().forEach(dir -> {
            String key = configMapKey(dir);
            expected.put("resource.customizations.health." + key, read(dir.resolve("health.lua")));
            Path actionsDir = dir.resolve("actions");
            if (Files.isDirectory(actionsDir)) {
                String actionsKey = "resource.customizations.actions." + key;
                expected.put(actionsKey, "discovery.lua, definitions " + actionNames(actionsDir));
                if (actual.containsKey(actionsKey)) {
                    JsonNode actions = readYamlText(actual.get(actionsKey));
                    assertThat(actions.path("discovery.lua").asText()).as("%s discovery.lua; regenerate with %s", actionsKey, REGENERATE)
                            .isEqualTo(read(actionsDir.resolve("discovery.lua")));
                    List<String> names = new ArrayList<>();
                    for (JsonNode definition : actions.path("definitions")) {
                        String name = definition.path("name").asText();
                        names.add(name);
                        assertThat(definition.path("action.lua").asText()).as("%s action %s; regenerate with %s", actionsKey, name, REGENERATE)
                                .isEqualTo(read(actionsDir.resolve(name).resolve("action.lua")));
                    }
                    actual.put(actionsKey, "discovery.lua, definitions " + names);
                }
            }
        });
        assertThat(actual).as("data of %s; regenerate it with %s", CM_PATCH.getFileName(), REGENERATE).isEqualTo(expected);
    }

    @Test
    @DisplayName("every action has a script, is offered by discovery.lua and is tested")
    void everyActionIsDiscoveredAndTested() {
        assertThat(actionDirs()).as("directories with actions").isNotEmpty();
        actionDirs().forEach(dir -> {
            Set<String> scripts = new TreeSet<>(actionNames(dir));
            JsonNode tests = readYaml(dir.resolve("action_test.yaml"));
            assertThat(tests.path("discoveryTests").size()).as("%s discoveryTests", dir).isPositive();
            for (JsonNode discovery : tests.path("discoveryTests")) {
                Set<String> offered = new TreeSet<>();
                discovery.path("result").forEach(a -> offered.add(a.path("name").asText()));
                assertThat(offered).as("actions expected for %s", discovery.path("inputPath").asText()).isEqualTo(scripts);
            }
            Set<String> tested = new TreeSet<>();
            tests.path("actionTests").forEach(t -> tested.add(t.path("action").asText()));
            assertThat(tested).as("actions with an actionTests case in %s", dir).isEqualTo(scripts);
        });
    }

    @Test
    @DisplayName("every testdata file is used by a test")
    void everyTestInputIsUsed() throws IOException {
        Set<Path> used = new TreeSet<>();
        customizations().forEach(dir -> readYaml(dir.resolve("health_test.yaml")).path("tests")
                .forEach(t -> used.add(dir.resolve(t.path("inputPath").asText()).normalize())));
        actionDirs().forEach(dir -> {
            JsonNode tests = readYaml(dir.resolve("action_test.yaml"));
            tests.path("discoveryTests").forEach(t -> used.add(dir.resolve(t.path("inputPath").asText()).normalize()));
            tests.path("actionTests").forEach(t -> {
                used.add(dir.resolve(t.path("inputPath").asText()).normalize());
                used.add(dir.resolve(t.path("expectedOutputPath").asText()).normalize());
            });
        });
        Set<Path> present;
        try (Stream<Path> files = Files.walk(ARGOCD)) {
            present = files.filter(Files::isRegularFile).filter(p -> p.getParent().getFileName().toString().equals("testdata"))
                    .map(Path::normalize).collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(used).as("test inputs that exist").isSubsetOf(present);
        assertThat(present).as("testdata files used by a test").isSubsetOf(used);
    }

    @Nested
    @DisplayName("the harness runs scripts as Argo CD does")
    class Harness {

        @TempDir
        Path dir;

        JsonNode run(String script) {
            Path file = dir.resolve("script.lua");
            try {
                Files.writeString(file, script);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Lua.reply(file, JsonNodeFactory.instance.objectNode().put("kind", "Test"));
        }

        @Test
        void theObjectIsTheGlobalObj() {
            assertThat(run("return {kind = obj.kind}").path("result").path("kind").asText()).isEqualTo("Test");
        }

        @Test
        void theStringLibraryIsWithheld() {
            assertThat(run("return string.format('%d', 1)").path("error").asText()).contains("string");
            assertThat(run("return ('x'):upper()").path("error").asText()).contains("index");
        }

        @Test
        void tablesAreEncodedAsGopherJsonDoes() {
            JsonNode result = run("return {empty = {}, list = {1, 2.5, 'x'}, flag = false}").path("result");
            assertThat(result.toString()).isEqualTo("{\"empty\":[],\"flag\":false,\"list\":[1,2.5,\"x\"]}");
            assertThat(run("return {1, a = 2}").path("error").asText()).contains("mixing");
        }

        @Test
        void anErrorIsReported() {
            assertThat(run("error('boom')").path("ok").asBoolean()).isFalse();
            assertThat(run("error('boom')").path("error").asText()).contains("boom");
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // What Argo CD does with a script's result (util/lua/lua.go)

    /** ExecuteHealthLua: a table is read as {status, message}; an unknown status is turned into Unknown. */
    static Map<String, String> health(Path script, JsonNode object) {
        JsonNode result = Lua.run(script, object);
        if (result.isNull() || (result.isArray() && result.isEmpty())) {
            return Map.of("status", "", "message", "");
        }
        if (!result.isObject()) {
            return fail("%s must return a table, not %s", script, result);
        }
        String status = result.path("status").asText("");
        if (!HEALTH_STATUSES.contains(status)) {
            return Map.of("status", "Unknown", "message", "Lua returned an invalid health status");
        }
        return Map.of("status", status, "message", result.path("message").asText(""));
    }

    /** ExecuteResourceActionDiscovery: name -> the ResourceAction's fields; an action is enabled unless disabled is true. */
    static Map<String, Map<String, Object>> discoverActions(Path script, JsonNode object) {
        JsonNode result = Lua.run(script, object);
        Map<String, Map<String, Object>> actions = new TreeMap<>();
        if (result.isArray() && result.isEmpty()) {
            return actions;
        }
        assertThat(result.isObject()).as("%s returns a table of actions by name, not %s", script, result).isTrue();
        result.fields().forEachRemaining(e -> {
            Map<String, Object> fields = new TreeMap<>();
            if (e.getValue().isObject()) {
                fields.putAll(JSON.convertValue(e.getValue(), Map.class));
            }
            fields.put("disabled", e.getValue().path("disabled").isBoolean() && e.getValue().path("disabled").asBoolean());
            actions.put(e.getKey(), fields);
        });
        return actions;
    }

    /** ExecuteResourceAction, old-style output (the modified object), cleaned as cleanReturnedObj does. */
    static Object runAction(Path script, JsonNode input) {
        JsonNode result = Lua.run(script, input);
        assertThat(result.isObject()).as("%s returns the modified object, not %s", script, result).isTrue();
        Object original = JSON.convertValue(input, Object.class);
        return normalize(clean(JSON.convertValue(result, Object.class), original));
    }

    /** Lua cannot tell an empty object from an empty array; Argo CD restores the empty objects the input had. */
    @SuppressWarnings("unchecked")
    static Object clean(Object returned, Object original) {
        if (returned instanceof Map<?, ?> newMap && original instanceof Map<?, ?> oldMap) {
            Map<String, Object> out = new LinkedHashMap<>((Map<String, Object>) newMap);
            for (Object key : oldMap.keySet()) {
                Object newValue = out.get(key);
                Object oldValue = oldMap.get(key);
                if (newValue instanceof Map<?, ?> && oldValue instanceof Map<?, ?>) {
                    out.put((String) key, clean(newValue, oldValue));
                } else if (newValue instanceof List<?> list && list.isEmpty() && oldValue instanceof Map<?, ?>) {
                    out.put((String) key, new LinkedHashMap<>());
                } else if (newValue instanceof List<?> && oldValue instanceof List<?>) {
                    out.put((String) key, clean(newValue, oldValue));
                }
            }
            return out;
        }
        if (returned instanceof List<?> newList && original instanceof List<?> oldList) {
            List<Object> out = new ArrayList<>(newList);
            for (int i = 0; i < Math.min(out.size(), oldList.size()); i++) {
                if ((out.get(i) instanceof Map<?, ?> && oldList.get(i) instanceof Map<?, ?>)
                        || (out.get(i) instanceof List<?> && oldList.get(i) instanceof List<?>)) {
                    out.set(i, clean(out.get(i), oldList.get(i)));
                }
            }
            return out;
        }
        return returned;
    }

    /** Numbers compare by value: Lua may hand back 2 where YAML said 2.0. */
    static Object normalize(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            map.forEach((k, v) -> out.put((String) k, normalize(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ArgoCdLuaTest::normalize).toList();
        }
        if (value instanceof Number number) {
            return new BigDecimal(number.toString()).stripTrailingZeros();
        }
        return value;
    }

    // ------------------------------------------------------------------------------------------------------------
    // lua5.4

    /** Runs a script through harness.lua with a real lua5.4; the object is handed over as a generated Lua chunk. */
    static final class Lua {

        private static Path interpreter;

        static JsonNode run(Path script, JsonNode object) {
            JsonNode reply = reply(script, object);
            if (!reply.path("ok").asBoolean()) {
                fail("%s failed under lua5.4: %s", script, reply.path("error").asText());
            }
            return reply.path("result");
        }

        static JsonNode reply(Path script, JsonNode object) {
            String input = "return {obj = " + literal(object) + ", actionParams = {}}\n";
            try {
                Path stderr = Files.createTempFile("argocd-lua", ".stderr");
                try {
                    Process process = new ProcessBuilder(interpreter().toString(), harness().toString(), script.toString())
                            .redirectError(stderr.toFile())
                            .start();
                    try (OutputStream stdin = process.getOutputStream()) {
                        stdin.write(input.getBytes(UTF_8));
                    }
                    byte[] stdout = process.getInputStream().readAllBytes();
                    if (!process.waitFor(30, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                        return fail("lua5.4 did not finish %s in 30 s", script);
                    }
                    String errors = Files.readString(stderr);
                    if (process.exitValue() != 0) {
                        return fail("lua5.4 harness.lua %s exited with %d: %s", script, process.exitValue(), errors);
                    }
                    return JSON.readTree(stdout);
                } finally {
                    Files.deleteIfExists(stderr);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        static synchronized Path interpreter() {
            if (interpreter != null) {
                return interpreter;
            }
            List<Path> candidates = new ArrayList<>();
            String configured = System.getProperty("modelgate.lua");
            if (configured != null && !configured.isBlank()) {
                candidates.add(Path.of(configured));
            }
            candidates.add(Path.of("/usr/bin/lua5.4"));
            for (String entry : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                if (!entry.isBlank()) {
                    candidates.add(Path.of(entry, "lua5.4"));
                }
            }
            interpreter = candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
            if (interpreter == null) {
                fail("lua5.4 is missing: the Argo CD health checks and actions in deploy/argocd/ are tested with a real Lua "
                        + "interpreter. Install it with `" + INSTALL_LUA + "` (Debian/Ubuntu; hack/install-deps.sh does this), "
                        + "or point -Dmodelgate.lua at a Lua 5.4 binary. Looked for: " + candidates);
            }
            return interpreter;
        }

        static Path harness() {
            URL url = ArgoCdLuaTest.class.getResource("/argocd/harness.lua");
            assertThat(url).as("src/test/resources/argocd/harness.lua on the test classpath").isNotNull();
            try {
                return Path.of(url.toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }

        /** A Lua table constructor for a JSON/YAML value: objects keyed by strings, arrays 1..n, as Argo CD's decodeValue does. */
        static String literal(JsonNode node) {
            return switch (node.getNodeType()) {
                case OBJECT -> {
                    StringBuilder out = new StringBuilder("{");
                    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                    while (fields.hasNext()) {
                        Map.Entry<String, JsonNode> field = fields.next();
                        out.append('[').append(string(field.getKey())).append("]=").append(literal(field.getValue())).append(',');
                    }
                    yield out.append('}').toString();
                }
                case ARRAY -> {
                    StringBuilder out = new StringBuilder("{");
                    node.forEach(item -> out.append(literal(item)).append(','));
                    yield out.append('}').toString();
                }
                case STRING -> string(node.asText());
                case BOOLEAN -> Boolean.toString(node.asBoolean());
                case NUMBER -> {
                    if (node.isIntegralNumber()) {
                        if (!node.canConvertToLong()) {
                            yield fail("number out of range for Lua: %s", node);
                        }
                        yield Long.toString(node.asLong());
                    }
                    double value = node.asDouble();
                    if (Double.isNaN(value) || Double.isInfinite(value)) {
                        yield fail("cannot hand %s to Lua", node);
                    }
                    yield Double.toString(value);
                }
                case NULL, MISSING -> "nil";
                default -> fail("cannot hand a %s to Lua", node.getNodeType());
            };
        }

        /** A Lua string literal; quotes, backslashes and control characters as decimal escapes (valid in 5.1 and 5.4). */
        static String string(String text) {
            StringBuilder out = new StringBuilder("\"");
            text.codePoints().forEach(c -> {
                if (c == '"' || c == '\\' || c < 0x20 || c == 0x7f) {
                    out.append(String.format("\\%03d", c));
                } else {
                    out.appendCodePoint(c);
                }
            });
            return out.append('"').toString();
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // argocd-cm-patch.yaml

    /** The ConfigMap patch, rendered from the .lua files (run with -Dmodelgate.updateArgoCd=true to write it). */
    static String renderCmPatch() {
        StringBuilder out = new StringBuilder();
        out.append("""
                # Modelgate's Argo CD health checks and resource actions, as argocd-cm keys.
                # Generated from deploy/argocd/modelgate.io/ by ArgoCdLuaTest: edit the .lua files, then run
                #   %s
                # Apply: kubectl -n argocd patch configmap argocd-cm --patch-file deploy/argocd/argocd-cm-patch.yaml
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: argocd-cm
                data:
                """.formatted(REGENERATE));
        List<Path> dirs = customizations().toList();
        for (Path dir : dirs) {
            out.append("  resource.customizations.health.").append(configMapKey(dir)).append(": |\n");
            out.append(indent(read(dir.resolve("health.lua")), 4));
        }
        for (Path dir : dirs) {
            Path actionsDir = dir.resolve("actions");
            if (!Files.isDirectory(actionsDir)) {
                continue;
            }
            out.append("  resource.customizations.actions.").append(configMapKey(dir)).append(": |\n");
            out.append("    discovery.lua: |\n").append(indent(read(actionsDir.resolve("discovery.lua")), 6));
            out.append("    definitions:\n");
            for (String name : actionNames(actionsDir)) {
                out.append("    - name: ").append(name).append('\n');
                out.append("      action.lua: |\n").append(indent(read(actionsDir.resolve(name).resolve("action.lua")), 8));
            }
        }
        return out.toString();
    }

    /** The body of a YAML literal block (`|`): the text must end with exactly one newline and start unindented. */
    static String indent(String text, int spaces) {
        assertThat(text).as("a .lua file embedded in argocd-cm ends with exactly one newline").endsWith("\n").doesNotEndWith("\n\n");
        assertThat(Character.isWhitespace(text.charAt(0))).as("a .lua file embedded in argocd-cm starts unindented").isFalse();
        String prefix = " ".repeat(spaces);
        return text.lines().map(line -> line.isBlank() ? "" : prefix + line).collect(Collectors.joining("\n")) + "\n";
    }

    // ------------------------------------------------------------------------------------------------------------
    // Files

    /** The directories holding a health.lua, as Argo CD's resource_customizations/&lt;group&gt;/&lt;kind&gt;/. */
    static Stream<Path> customizations() {
        try (Stream<Path> files = Files.walk(ARGOCD)) {
            List<Path> dirs = files.filter(p -> p.getFileName().toString().equals("health.lua"))
                    .map(Path::getParent).sorted().toList();
            assertThat(dirs).as("health.lua files under %s", ARGOCD).isNotEmpty();
            return dirs.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Path> actionDirs() {
        return customizations().map(dir -> dir.resolve("actions")).filter(Files::isDirectory);
    }

    static List<String> actionNames(Path actionsDir) {
        try (Stream<Path> entries = Files.list(actionsDir)) {
            return entries.filter(p -> Files.isRegularFile(p.resolve("action.lua")))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String groupKind(Path dir) {
        return dir.getParent().getFileName() + "/" + dir.getFileName();
    }

    static String configMapKey(Path dir) {
        return dir.getParent().getFileName() + "_" + dir.getFileName();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode readYaml(Path file) {
        return readYamlText(read(file));
    }

    static JsonNode readYamlText(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String toSortedYaml(Object value) {
        try {
            return SORTED_YAML.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode object(String kind, String name, long generation) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        object.put("apiVersion", "modelgate.io/v1alpha1").put("kind", kind);
        object.putObject("metadata").put("name", name).put("namespace", "ml").put("generation", generation);
        return object;
    }

    static Arguments scenario(String name, FactoryScenario scenario) {
        return Arguments.of(Named.of(name, scenario));
    }

    static String revisionName(int number) {
        return "fraud-detection-r" + number;
    }

    static RevisionView facts(int number, RevisionPhase phase) {
        return RevisionView.recorded(revisionName(number), number, phase, number == 1 ? "Initial" : "SpecChange",
                "Reached" + phase, "reached " + phase, number == 1 ? "auc=0.931" : null);
    }

    /** The shortest chain of legal transitions from Pending to the phase (empty for Pending). */
    static List<RevisionPhase> pathFromPending(RevisionPhase target) {
        Map<RevisionPhase, RevisionPhase> previous = new EnumMap<>(RevisionPhase.class);
        Deque<RevisionPhase> queue = new ArrayDeque<>(List.of(RevisionPhase.Pending));
        previous.put(RevisionPhase.Pending, RevisionPhase.Pending);
        while (!queue.isEmpty()) {
            RevisionPhase phase = queue.poll();
            for (RevisionPhase next : RevisionPhase.values()) {
                if (phase.canMoveTo(next) && !previous.containsKey(next)) {
                    previous.put(next, phase);
                    queue.add(next);
                }
            }
        }
        assertThat(previous).as("%s is reachable from Pending", target).containsKey(target);
        List<RevisionPhase> path = new ArrayList<>();
        for (RevisionPhase phase = target; phase != RevisionPhase.Pending; phase = previous.get(phase)) {
            path.add(0, phase);
        }
        return path;
    }
}
