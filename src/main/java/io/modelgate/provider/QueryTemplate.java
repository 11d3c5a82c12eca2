package io.modelgate.provider;

import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a metric query template: every {@code {{name}}} (spaces inside the braces allowed, as in
 * {@code {{ revision }}}) is replaced, verbatim, by the value of {@code name} in the given map.
 * The operator supplies {@code namespace}, {@code pipeline}, {@code revision} and, when a stable revision
 * exists, {@code stableRevision} (see {@link #NAMESPACE} and the other constants).
 *
 * <p>A placeholder that the map does not define, a placeholder with a {@code null} value, and a
 * {@code {{} that is never closed are errors ({@link IllegalArgumentException} naming the placeholder and
 * the names that are defined): a typo must not become a query that silently matches nothing.
 * Values are not escaped: the operator's values are Kubernetes object names, which contain no quote or
 * backslash. Text outside placeholders, including single braces such as PromQL's {@code {code="500"}},
 * is left as it is.
 */
public final class QueryTemplate {

    public static final String NAMESPACE = "namespace";
    public static final String PIPELINE = "pipeline";
    public static final String REVISION = "revision";
    public static final String STABLE_REVISION = "stableRevision";
    /** Every placeholder the operator may fill in (stableRevision only while a stable revision exists). */
    public static final java.util.List<String> KNOWN = java.util.List.of(NAMESPACE, PIPELINE, REVISION, STABLE_REVISION);

    /** {@code {{args.NAME}}}: a template's argument, substituted when an analysis names the template (AnalysisTemplates). */
    public static final String ARGS_PREFIX = "args.";
    private static final Pattern ARG = Pattern.compile("args\\.[A-Za-z][A-Za-z0-9_-]*");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");

    private QueryTemplate() {
    }

    /**
     * @throws IllegalArgumentException on a placeholder that {@code values} does not define (or defines as
     *                                  {@code null}), or on an unclosed {@code {{}
     */
    public static String render(String template, Map<String, String> values) {
        if (template == null) {
            throw new IllegalArgumentException("the query template is missing");
        }
        Map<String, String> defined = values == null ? Map.of() : values;
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 32);
        int last = 0;
        while (matcher.find()) {
            checkNoUnclosedPlaceholder(template, last, matcher.start());
            String name = matcher.group(1);
            String value = defined.get(name);
            if (value == null) {
                throw new IllegalArgumentException(defined.containsKey(name)
                        ? "placeholder {{" + name + "}} in query template has no value here (known: "
                        + known(defined) + ")"
                        : "unknown placeholder {{" + name + "}} in query template (known: " + known(defined) + ")");
            }
            out.append(template, last, matcher.start()).append(value);
            last = matcher.end();
        }
        checkNoUnclosedPlaceholder(template, last, template.length());
        return out.append(template, last, template.length()).toString();
    }

    /**
     * What rendering {@code template} would fail on whatever the revision: an unknown placeholder or an unclosed
     * {@code {{}; empty when every placeholder is one of {@link #KNOWN}. For checking a spec before anything runs.
     */
    public static java.util.Optional<String> problem(String template) {
        Map<String, String> all = new java.util.LinkedHashMap<>();
        KNOWN.forEach(name -> all.put(name, name));
        argNames(template).forEach(name -> all.put(ARGS_PREFIX + name, name));
        try {
            render(template, all);
            return java.util.Optional.empty();
        } catch (IllegalArgumentException e) {
            return java.util.Optional.of(e.getMessage());
        }
    }

    /** The names of the well-formed {@code {{args.NAME}}} placeholders of {@code template}, in order, each once. */
    public static java.util.Set<String> argNames(String template) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        if (template == null) {
            return names;
        }
        Matcher matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) {
            if (ARG.matcher(matcher.group(1)).matches()) {
                names.add(matcher.group(1).substring(ARGS_PREFIX.length()));
            }
        }
        return names;
    }

    /**
     * Replaces the {@code {{args.NAME}}} placeholders whose NAME {@code args} defines, verbatim, and leaves every
     * other placeholder as written (the operator's own, and arguments filled in later, such as a Secret's).
     */
    public static String substituteArgs(String template, Map<String, String> args) {
        if (template == null) {
            return null;
        }
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 32);
        int last = 0;
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = name.startsWith(ARGS_PREFIX) ? args.get(name.substring(ARGS_PREFIX.length())) : null;
            if (value != null) {
                out.append(template, last, matcher.start()).append(value);
                last = matcher.end();
            }
        }
        return out.append(template, last, template.length()).toString();
    }

    private static void checkNoUnclosedPlaceholder(String template, int from, int to) {
        int open = template.indexOf("{{", from);
        if (open >= 0 && open < to) {
            throw new IllegalArgumentException("unclosed placeholder at offset " + open + " in query template: "
                    + template.substring(open, Math.min(template.length(), open + 30)));
        }
    }

    private static String known(Map<String, String> defined) {
        TreeSet<String> names = new TreeSet<>();
        defined.forEach((name, value) -> {
            if (value != null) {
                names.add("{{" + name + "}}");
            }
        });
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
