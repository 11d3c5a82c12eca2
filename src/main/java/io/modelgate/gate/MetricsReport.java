package io.modelgate.gate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The metrics a Job reported in its termination message: a JSON object whose numeric leaves are
 * metrics. Nested objects are flattened with dots ({"eval":{"auc":0.9}} gives "eval.auc").
 * A leaf that is not a finite number is kept apart with the reason, so that a gate on it can say
 * exactly why it failed. The top-level strings {@code dataVersion} and {@code artifactDigest} are not metrics but
 * provenance: what the Job read and wrote, recorded so that the run can be repeated on the same data.
 *
 * @param values     finite numeric metrics by name
 * @param invalid    metrics (or provenance) present but unusable, with why
 * @param error      why the whole message could not be read, or null when it could
 * @param provenance {@link #DATA_VERSION} and {@link #ARTIFACT_DIGEST} as reported, when well-formed
 */
public record MetricsReport(Map<String, Double> values, Map<String, String> invalid, String error, Map<String, String> provenance) {

    /** The version of the data the Job read (a snapshot id, a commit, an object version): what a rerun pins. */
    public static final String DATA_VERSION = "dataVersion";
    /** The digest of the artifact the training wrote (e.g. {@code sha256:...}). */
    public static final String ARTIFACT_DIGEST = "artifactDigest";
    /** Longest provenance value: an id or a digest, never a document. */
    public static final int MAX_PROVENANCE = 256;

    /** Kubernetes truncates termination messages at 4096 bytes; a longer one cannot be a whole JSON object anyway. */
    public static final int MAX_MESSAGE_BYTES = 4096;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public MetricsReport {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        invalid = Collections.unmodifiableMap(new LinkedHashMap<>(invalid));
        provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    }

    public MetricsReport(Map<String, Double> values, Map<String, String> invalid, String error) {
        this(values, invalid, error, Map.of());
    }

    public static MetricsReport unreadable(String error) {
        return new MetricsReport(Map.of(), Map.of(), error);
    }

    public boolean readable() {
        return error == null;
    }

    public static MetricsReport parse(String terminationMessage) {
        if (terminationMessage == null || terminationMessage.isBlank()) {
            return unreadable("the Job's container wrote no termination message");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(terminationMessage);
        } catch (JsonProcessingException e) {
            return unreadable("the termination message is not valid JSON (" + e.getOriginalMessage() + "): "
                    + abbreviate(terminationMessage));
        }
        if (root == null || !root.isObject()) {
            return unreadable("the termination message must be a JSON object of metrics, got "
                    + (root == null ? "nothing" : root.getNodeType().name().toLowerCase()) + ": " + abbreviate(terminationMessage));
        }
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, String> invalid = new LinkedHashMap<>();
        Map<String, String> provenance = new LinkedHashMap<>();
        for (String key : new String[] {DATA_VERSION, ARTIFACT_DIGEST}) {
            JsonNode value = ((ObjectNode) root).remove(key);
            if (value != null) {
                provenance(value).ifPresentOrElse(valid -> provenance.put(key, valid),
                        () -> invalid.put(key, "is " + describe(value) + ", not a string of 1 to " + MAX_PROVENANCE
                                + " printable characters, so it is not recorded"));
            }
        }
        flatten("", root, values, invalid);
        duplicateKeys(terminationMessage).forEach(name -> {
            values.remove(name);
            provenance.remove(name);
            invalid.put(name, "is reported more than once, so its value is ambiguous");
        });
        return new MetricsReport(values, invalid, null, provenance);
    }

    private static Optional<String> provenance(JsonNode value) {
        if (!value.isTextual()) {
            return Optional.empty();
        }
        String text = value.asText();
        boolean printable = text.chars().noneMatch(Character::isISOControl);
        return text.isEmpty() || text.length() > MAX_PROVENANCE || !printable || !text.strip().equals(text)
                ? Optional.empty() : Optional.of(text);
    }

    /** Why the provenance the Job reported could not be recorded, or empty when it could (or none was reported). */
    public Optional<String> provenanceProblem() {
        List<String> problems = Stream.of(DATA_VERSION, ARTIFACT_DIGEST)
                .filter(invalid::containsKey).map(key -> key + " " + invalid.get(key)).toList();
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Double> values, Map<String, String> invalid) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = prefix + field.getKey();
            JsonNode value = field.getValue();
            if (!value.isObject() && (values.containsKey(name) || invalid.containsKey(name))) {
                values.remove(name);
                invalid.put(name, "is reported more than once, so its value is ambiguous");
                continue;
            }
            if (value.isObject()) {
                flatten(name + ".", value, values, invalid);
            } else if (value.isNumber()) {
                double number = value.asDouble();
                if (Double.isFinite(number)) {
                    values.put(name, number);
                } else {
                    invalid.put(name, "is " + number + ", not a finite number");
                }
            } else {
                invalid.put(name, "is " + describe(value) + ", not a number");
            }
        }
    }

    /** The tree model keeps only the last of repeated keys; the token stream sees them all. */
    private static java.util.Set<String> duplicateKeys(String json) {
        java.util.Set<String> duplicates = new java.util.LinkedHashSet<>();
        java.util.Deque<java.util.Set<String>> seen = new java.util.ArrayDeque<>();
        java.util.Deque<String> path = new java.util.ArrayDeque<>();
        try (JsonParser parser = MAPPER.getFactory().createParser(json)) {
            String pendingField = null;
            for (var token = parser.nextToken(); token != null; token = parser.nextToken()) {
                switch (token) {
                    case START_OBJECT -> {
                        if (pendingField != null) {
                            path.addLast(pendingField);
                        }
                        seen.push(new java.util.HashSet<>());
                        pendingField = null;
                    }
                    case END_OBJECT -> {
                        seen.pop();
                        if (!path.isEmpty() && seen.size() == path.size()) {
                            path.removeLast();
                        }
                    }
                    case FIELD_NAME -> {
                        pendingField = parser.currentName();
                        if (!seen.isEmpty() && !seen.peek().add(pendingField)) {
                            duplicates.add(String.join(".", path) + (path.isEmpty() ? "" : ".") + pendingField);
                        }
                    }
                    case START_ARRAY -> {
                        parser.skipChildren();
                        pendingField = null;
                    }
                    default -> pendingField = null;
                }
            }
        } catch (java.io.IOException e) {
            // Already parsed once as a tree; a failure here cannot add information.
        }
        return duplicates;
    }

    private static String describe(JsonNode value) {
        if (value.isNull()) {
            return "null";
        }
        if (value.isTextual()) {
            return "the string \"" + abbreviate(value.asText()) + "\"";
        }
        return "a " + value.getNodeType().name().toLowerCase();
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }
}
