package io.modelgate.podsecurity;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Checks a pod template against a Pod Security level, as Pod Security admission would check the pods made from it,
 * and says what was found in one line a person can act on.
 */
public final class PodSecurityStandards {

    /** A message keeps its first violations; an Event holds 1 kB, and the first few say what to fix. */
    static final int MAX_LISTED = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private PodSecurityStandards() {
    }

    /**
     * Whether the API server's answer to a pod create is a refusal by the namespace's Pod Security admission
     * ({@code pods "x" is forbidden: violates PodSecurity "restricted:latest": ...}), which no retry changes.
     */
    public static boolean refusedByAdmission(String message) {
        return message != null && message.contains("violates PodSecurity");
    }

    /**
     * @param field the template's path in the pipeline (e.g. {@code serving.template}); every violation's field starts with it
     */
    public static List<Violation> check(PodSecurityLevel level, PodTemplateSpec template, String field) {
        if (level == PodSecurityLevel.Privileged || template == null) {
            return List.of();
        }
        PodView pod = new PodView(template, field);
        List<Violation> found = new ArrayList<>();
        BaselineChecks.check(pod, level == PodSecurityLevel.Restricted, found);
        if (level == PodSecurityLevel.Restricted) {
            RestrictedChecks.check(pod, found);
        }
        return List.copyOf(found);
    }

    /** As {@link #check}, on the template as Modelgate creates it: a copy with {@link RestrictedDefaults} applied. */
    public static List<Violation> checkAsCreated(PodSecurityLevel level, PodTemplateSpec template, String field) {
        if (template == null) {
            return List.of();
        }
        PodTemplateSpec created = JSON.convertValue(template, PodTemplateSpec.class);
        if (created.getSpec() == null) {
            created.setSpec(new PodSpec());
        }
        RestrictedDefaults.apply(created.getSpec());
        return check(level, created, field);
    }

    /** The problem, for InvalidSpec: the level, where it comes from, and each violation by its full field. */
    public static String describe(PodSecurityLevel level, List<Violation> violations) {
        String listed = violations.stream().limit(MAX_LISTED).map(Violation::toString).collect(Collectors.joining(", "));
        String more = violations.size() > MAX_LISTED ? " and " + (violations.size() - MAX_LISTED) + " more" : "";
        return "above Pod Security \"" + level.label() + "\", the highest level this operator creates (" + PodSecurityLevel.SETTING
                + "): " + listed + more;
    }
}
