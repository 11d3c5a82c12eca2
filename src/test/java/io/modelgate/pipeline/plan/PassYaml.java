package io.modelgate.pipeline.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.modelgate.analysis.Measurement;
import io.modelgate.analysis.MeasurementPhase;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pass in YAML: what it reads (the cluster state, the clock, the measurements it was given) and what it plans
 * (intents, statuses, Events, signals, the wake-up), so that a golden file says a whole pass at a glance.
 */
final class PassYaml {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private PassYaml() {
    }

    record In(ClusterSnapshot snapshot, PassInputs inputs) {
    }

    static JsonNode in(ClusterSnapshot snapshot, PassInputs inputs) {
        ObjectNode node = YAML.createObjectNode();
        node.put("now", snapshot.now().toString());
        node.set("pipeline", tree(snapshot.pipeline()));
        node.set("revisions", trees(snapshot.revisions()));
        node.set("jobs", trees(List.copyOf(snapshot.jobs().values())));
        node.set("pods", trees(snapshot.pods()));
        node.set("deployments", trees(List.copyOf(snapshot.deployments().values())));
        node.set("services", trees(List.copyOf(snapshot.services().values())));
        if (!snapshot.engineObjects().isEmpty()) {
            node.set("engineObjects", trees(snapshot.engineObjects()));
        }
        if (!snapshot.podsRefused().isEmpty()) {
            ObjectNode refused = node.putObject("podsRefused");
            snapshot.podsRefused().forEach(refused::put);
        }
        ObjectNode measurements = node.putObject("measurements");
        inputs.measurements().forEach((key, m) -> {
            ObjectNode one = measurements.putObject(key);
            one.put("phase", m.phase().name());
            if (m.value() != null) {
                one.put("value", m.value());
            }
            if (m.stableValue() != null) {
                one.put("stableValue", m.stableValue());
            }
            one.put("message", m.message());
            one.put("at", m.at().toString());
        });
        if (!inputs.registry().isEmpty()) {
            ObjectNode registry = node.putObject("registryAnswers");
            new java.util.TreeMap<>(inputs.registry()).forEach((key, answer) -> {
                ObjectNode one = JSON.valueToTree(answer);
                one.put("answer", answer.getClass().getSimpleName());
                registry.set(key, one);
            });
        }
        ObjectNode writes = node.putObject("writes");
        inputs.writes().forEach((key, result) -> {
            ObjectNode one = writes.putObject(key);
            one.put("result", result.getClass().getSimpleName());
            if (result instanceof WriteResult.Done done && done.object() != null) {
                one.set("object", tree(done.object()));
            }
        });
        return node;
    }

    static In readIn(JsonNode node) {
        Map<String, Measurement> measurements = new LinkedHashMap<>();
        node.path("measurements").fields().forEachRemaining(e -> {
            JsonNode m = e.getValue();
            measurements.put(e.getKey(), new Measurement(MeasurementPhase.valueOf(m.get("phase").asText()),
                    m.has("value") ? m.get("value").asDouble() : null, m.has("stableValue") ? m.get("stableValue").asDouble() : null,
                    m.path("message").asText(), Instant.parse(m.get("at").asText())));
        });
        ClusterSnapshot snapshot = new ClusterSnapshot(object(node.get("pipeline"), ModelPipeline.class),
                objects(node.get("revisions"), ModelRevision.class), byName(objects(node.get("jobs"), Job.class)),
                byName(objects(node.get("deployments"), Deployment.class)), byName(objects(node.get("services"), Service.class)),
                objects(node.get("pods"), Pod.class), Map.of(), podsRefused(node.path("podsRefused")),
                objects(node.get("engineObjects"), io.fabric8.kubernetes.api.model.GenericKubernetesResource.class), Optional.empty(), Map.of(), Map.of(), Instant.parse(node.get("now").asText()));
        Map<String, WriteResult> writes = new LinkedHashMap<>();
        node.path("writes").fields().forEachRemaining(e -> {
            JsonNode w = e.getValue();
            if (!"Done".equals(w.get("result").asText())) {
                throw new IllegalArgumentException("only Done answers are written by the scenarios: " + w);
            }
            writes.put(e.getKey(), new WriteResult.Done(w.has("object") ? owned(w.get("object")) : null));
        });
        Map<String, io.modelgate.registry.RegistryAnswer> registry = new LinkedHashMap<>();
        node.path("registryAnswers").fields().forEachRemaining(e -> {
            JsonNode a = e.getValue();
            registry.put(e.getKey(), "Synced".equals(a.get("answer").asText())
                    ? new io.modelgate.registry.RegistryAnswer.Synced(a.get("version").asText())
                    : new io.modelgate.registry.RegistryAnswer.Failed(a.get("message").asText(), a.get("retryable").asBoolean()));
        });
        return new In(snapshot, new PassInputs(measurements, writes, registry));
    }

    static JsonNode out(PassPlan plan) {
        ObjectNode node = YAML.createObjectNode();
        ArrayNode wanted = node.putArray("measurementsWanted");
        plan.measurements().forEach(m -> wanted.add(m.key()));
        ArrayNode intents = node.putArray("intents");
        for (Intent intent : plan.intents()) {
            ObjectNode one = intents.addObject();
            one.put("key", intent.key());
            if (intent instanceof Intent.Create create) {
                one.set("object", tree(create.object()));
            } else {
                one.set("intent", JSON.valueToTree(intent));
            }
        }
        if (!plan.registryWrites().isEmpty()) {
            ArrayNode registry = node.putArray("registryWrites");
            plan.registryWrites().forEach(request -> {
                ObjectNode one = registry.addObject();
                one.put("key", request.key());
                one.put("write", request.write().name());
                one.put("address", request.target().address());
                one.put("model", request.target().model());
                request.target().secretName().ifPresent(secret -> one.put("credentialsFrom", secret));
                one.put("revisionUid", request.revisionUid());
                request.version().ifPresent(version -> one.put("version", version));
                request.alias().ifPresent(alias -> one.put("alias", alias));
                if (request.write() == io.modelgate.registry.RegistryWrite.CreateVersion) {
                    one.put("source", request.source());
                    one.put("description", request.description());
                }
                one.set("tags", JSON.valueToTree(new java.util.TreeMap<>(request.tags())));
            });
        }
        ArrayNode revisions = node.putArray("revisionStatuses");
        plan.revisions().forEach(r -> revisions.addObject().put("name", r.getMetadata().getName()).set("status", tree(r.getStatus())));
        plan.pipelineStatus().ifPresent(status -> node.set("pipelineStatus", tree(status)));
        ArrayNode events = node.putArray("events");
        plan.events().forEach(e -> {
            ObjectNode one = events.addObject();
            one.put("about", e.about().getKind() + "/" + e.about().getMetadata().getName());
            one.put("type", e.type());
            one.put("reason", e.reason().name());
            one.put("message", e.message());
            if (e.ifCreated() != null) {
                one.put("ifCreated", e.ifCreated());
            }
        });
        ArrayNode signals = node.putArray("signals");
        plan.signals().stream().filter(s -> !(s instanceof Signal.Log))
                .forEach(s -> signals.addObject().set(s.getClass().getSimpleName(), JSON.valueToTree(s)));
        plan.wakeAfter().ifPresent(wake -> node.put("wakeAfter", wake.toString()));
        node.put("releaseSlot", plan.releaseSlot());
        return node;
    }

    private static JsonNode tree(Object value) {
        try {
            return JSON.readTree(InMemoryCluster.SERIALIZATION.asJson(value));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ArrayNode trees(List<? extends HasMetadata> objects) {
        ArrayNode array = YAML.createArrayNode();
        objects.stream().sorted(java.util.Comparator.comparing((HasMetadata o) -> o.getMetadata().getName())).forEach(o -> array.add(tree(o)));
        return array;
    }

    private static HasMetadata owned(JsonNode node) {
        return switch (node.get("kind").asText()) {
            case "ModelRevision" -> object(node, ModelRevision.class);
            case "Job" -> object(node, Job.class);
            case "Deployment" -> object(node, Deployment.class);
            case "Service" -> object(node, Service.class);
            default -> object(node, io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
        };
    }

    private static <T> T object(JsonNode node, Class<T> type) {
        return InMemoryCluster.SERIALIZATION.unmarshal(node.toString(), type);
    }

    private static Map<String, String> podsRefused(JsonNode node) {
        Map<String, String> refused = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> refused.put(e.getKey(), e.getValue().asText()));
        return refused;
    }

    private static <T> List<T> objects(JsonNode array, Class<T> type) {
        List<T> list = new ArrayList<>();
        if (array != null) {
            array.forEach(node -> list.add(object(node, type)));
        }
        return list;
    }

    private static <T extends HasMetadata> Map<String, T> byName(List<T> objects) {
        Map<String, T> map = new LinkedHashMap<>();
        objects.forEach(o -> map.put(o.getMetadata().getName(), o));
        return map;
    }
}
