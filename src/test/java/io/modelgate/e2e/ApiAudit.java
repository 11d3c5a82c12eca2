package io.modelgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The API server's own record of the operator's writes: the audit log that {@code hack/local-cluster.sh} switches on
 * (level Metadata, write verbs, the ServiceAccounts of {@code modelgate-system}). What the server received and
 * answered, so a test can say that an object was created once, or that a replica wrote nothing after a moment,
 * without trusting the operator's own log.
 */
public final class ApiAudit {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CREDENTIAL_ID = "authentication.kubernetes.io/credential-id";

    /**
     * One write request as the API server answered it.
     *
     * @param credential the token's credential id ({@code JTI=…}): tells two replicas of one ServiceAccount apart
     * @param code       the HTTP status the server answered (0 when the log has none)
     */
    public record Write(Instant received, String verb, String user, String credential, String resource, String subresource,
                        String namespace, String name, int code) {

        public boolean succeeded() {
            return code >= 200 && code < 300;
        }

        /** e.g. {@code jobs/default/kill-03-r2-train}, with {@code /status} for the status subresource. */
        public String object() {
            return resource + "/" + namespace + "/" + name + (subresource == null ? "" : "/" + subresource);
        }

        @Override
        public String toString() {
            return received + " " + verb + " " + object() + " -> " + code + " (" + credential + ")";
        }
    }

    private final Path log;

    public ApiAudit(Path log) {
        this.log = log;
    }

    /** Every write in the log so far: one line per request that ended (stage ResponseComplete, or Panic). */
    public List<Write> writes() {
        List<Write> writes = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode event;
            try {
                event = JSON.readTree(line);
            } catch (IOException partialLastLine) {
                continue;
            }
            String stage = event.path("stage").asText();
            // Panic: the request ended without an answer (its client went away, or it timed out); it may have been done.
            if (!"ResponseComplete".equals(stage) && !"Panic".equals(stage)) {
                continue;
            }
            JsonNode ref = event.path("objectRef");
            JsonNode credential = event.path("user").path("extra").path(CREDENTIAL_ID);
            writes.add(new Write(Instant.parse(event.path("requestReceivedTimestamp").asText()),
                    event.path("verb").asText(),
                    event.path("user").path("username").asText(),
                    credential.isArray() && !credential.isEmpty() ? credential.get(0).asText() : null,
                    text(ref, "resource"), text(ref, "subresource"), text(ref, "namespace"), text(ref, "name"),
                    event.path("responseStatus").path("code").asInt(0)));
        }
        return writes;
    }

    public List<Write> writes(Predicate<Write> filter) {
        return writes().stream().filter(filter).toList();
    }

    /**
     * Objects of a resource (e.g. {@code jobs}) in a namespace that were created successfully more than once, with
     * how many times: deterministic names make a second create answer 409, so any entry here is work done twice.
     */
    public Map<String, Long> createdMoreThanOnce(String resource, String namespace, Predicate<String> name) {
        return writes(w -> w.succeeded() && "create".equals(w.verb()) && resource.equals(w.resource()) && w.subresource() == null
                && namespace.equals(w.namespace()) && w.name() != null && name.test(w.name()))
                .stream().collect(Collectors.groupingBy(Write::name, TreeMap::new, Collectors.counting()))
                .entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    /** Names of the objects of a resource created successfully, each once per create. */
    public List<String> created(String resource, String namespace) {
        return writes(w -> w.succeeded() && "create".equals(w.verb()) && resource.equals(w.resource()) && w.subresource() == null
                && namespace.equals(w.namespace())).stream().map(Write::name).toList();
    }

    /**
     * Every create request of a resource in a namespace, whatever the answer, in the order received. A create can
     * succeed in etcd although its answer was an error: the client was killed, or gave up, before the server answered.
     */
    public List<Write> createRequests(String resource, String namespace) {
        return writes(w -> "create".equals(w.verb()) && resource.equals(w.resource()) && w.subresource() == null
                && namespace.equals(w.namespace()) && w.name() != null);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() || value.asText().isEmpty() ? null : value.asText();
    }
}
