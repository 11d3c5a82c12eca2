package io.modelgate.podsecurity;

/**
 * One thing a pod template does that its Pod Security level does not allow.
 *
 * @param check   the upstream check's reason, as the API server names it in its message ("host namespaces",
 *                "privileged", "hostPath volumes", ...), so that a test can hold the two side by side
 * @param field   the full path of the field in the pipeline, e.g. {@code serving.template.spec.hostNetwork}
 * @param problem what is wrong with it, a phrase that follows the field ("must not be true")
 */
public record Violation(String check, String field, String problem) {

    @Override
    public String toString() {
        return field + " " + problem;
    }
}
