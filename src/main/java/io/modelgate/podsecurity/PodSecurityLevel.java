package io.modelgate.podsecurity;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The three Pod Security Standards levels, from the least to the most restrictive, spelled as Kubernetes spells them
 * in the {@code pod-security.kubernetes.io/enforce} namespace label.
 */
public enum PodSecurityLevel {
    Privileged("privileged"),
    Baseline("baseline"),
    Restricted("restricted");

    /** The operator's setting when none is given: keeps the known escalations out (host namespaces, privileged, hostPath). */
    public static final PodSecurityLevel DEFAULT = Baseline;
    /** The operator setting (application property; env {@code MODELGATE_POD_SECURITY_LEVEL}, chart {@code operator.podSecurityLevel}). */
    public static final String SETTING = "modelgate.pod-security.level";

    private final String label;

    PodSecurityLevel(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * The operator's setting, exactly as a namespace label would spell it (Kubernetes' ParseLevel is case-sensitive
     * too); anything else is refused, so that a typo can never silently mean "privileged".
     */
    public static PodSecurityLevel parse(String value) {
        String given = value == null ? "" : value.strip();
        for (PodSecurityLevel level : values()) {
            if (level.label.equals(given)) {
                return level;
            }
        }
        throw new IllegalArgumentException(SETTING + " (MODELGATE_POD_SECURITY_LEVEL) is \"" + value + "\"; it must be one of "
                + Arrays.stream(values()).map(PodSecurityLevel::label).sorted().collect(Collectors.joining(", "))
                + " (the Pod Security Standards levels, in lower case)");
    }

    @Override
    public String toString() {
        return label;
    }
}
