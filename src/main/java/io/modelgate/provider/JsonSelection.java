package io.modelgate.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;

/**
 * An http metric's {@code jsonPath}, read with Jayway JsonPath over the Jackson tree the provider already parsed.
 * Argo Rollouts writes its web metric paths in Kubernetes' braced form ({@code {$.data.ok}}): the braces are accepted
 * and dropped, so that such a path can be copied over. A definite path ({@code $.a.b[0]}) selects one value or nothing;
 * an indefinite one (wildcards, filters, deep scan) selects a list, as both libraries do.
 */
public final class JsonSelection {

    private static final Configuration JACKSON = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider())
            .mappingProvider(new JacksonMappingProvider())
            .build();

    /**
     * What a path selected: {@link MissingNode} for nothing; for an indefinite path, the list it found ({@code several}
     * values), of which {@link #single()} is the one number a bound needs.
     */
    record Selected(JsonNode node, int several, boolean definite) {

        /** The one value selected: a definite path's, or the only one an indefinite path found; else missing. */
        JsonNode single() {
            return definite ? node : several == 1 ? node.get(0) : MissingNode.getInstance();
        }
    }

    private final JsonPath path;

    private JsonSelection(JsonPath path) {
        this.path = path;
    }

    /** Why {@code expression} is not a JSONPath this provider reads, if it is not: the plan refuses it before measuring. */
    public static java.util.Optional<String> problem(String expression) {
        try {
            compile(expression);
            return java.util.Optional.empty();
        } catch (IllegalArgumentException e) {
            return java.util.Optional.of(e.getMessage());
        }
    }

    /** @throws IllegalArgumentException with a message for a person when {@code expression} is not a JSONPath */
    static JsonSelection compile(String expression) {
        String text = expression == null ? "" : expression.strip();
        if (text.startsWith("{") && text.endsWith("}")) {
            text = text.substring(1, text.length() - 1).strip();
        }
        if (!text.startsWith("$")) {
            throw new IllegalArgumentException("invalid JSONPath \"" + Texts.abbreviate(expression, 80) + "\": it must start with $ (or {$)");
        }
        try {
            return new JsonSelection(JsonPath.compile(text));
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("invalid JSONPath \"" + Texts.abbreviate(expression, 80) + "\": "
                    + Texts.abbreviate(e.getMessage(), 120));
        }
    }

    Selected select(JsonNode document) {
        JsonNode node;
        try {
            node = path.read(document, JACKSON);
        } catch (PathNotFoundException e) {
            return new Selected(MissingNode.getInstance(), 0, true);
        } catch (RuntimeException e) {
            // A filter comparing unlike types and such: the document does not have what the path expects.
            return new Selected(MissingNode.getInstance(), 0, true);
        }
        if (node == null) {
            return new Selected(com.fasterxml.jackson.databind.node.NullNode.getInstance(), 1, true);
        }
        if (path.isDefinite()) {
            return new Selected(node, 1, true);
        }
        // An indefinite path always answers a list; none found is nothing.
        return node.size() == 0 ? new Selected(MissingNode.getInstance(), 0, true) : new Selected(node, node.size(), false);
    }
}
