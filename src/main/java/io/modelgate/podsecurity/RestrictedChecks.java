package io.modelgate.podsecurity;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.modelgate.podsecurity.PodView.quoted;

/**
 * What the restricted level adds to baseline (k8s.io/pod-security-admission v0.34, policy version "latest"): the
 * volume allowlist (instead of baseline's hostPath check), no privilege escalation, non-root, seccomp required
 * (instead of baseline's seccomp check), and capabilities dropped to at most NET_BIND_SERVICE (instead of baseline's
 * capability list). As upstream, the three Linux-only ones do not apply to a pod whose {@code spec.os.name} is windows.
 */
final class RestrictedChecks {

    /** check_restrictedVolumes: the inline volume sources that cannot reach the node or the network on their own. */
    static final Set<String> VOLUME_TYPES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image",
            "persistentVolumeClaim", "projected", "secret");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PodView pod;
    private final List<Violation> found;

    private RestrictedChecks(PodView pod, List<Violation> found) {
        this.pod = pod;
        this.found = found;
    }

    static void check(PodView pod, List<Violation> found) {
        RestrictedChecks checks = new RestrictedChecks(pod, found);
        checks.volumes();
        if (!pod.windows()) {
            checks.allowPrivilegeEscalation();
        }
        checks.runAsNonRoot();
        checks.runAsUser();
        if (!pod.windows()) {
            checks.seccomp();
            checks.capabilities();
        }
    }

    private void add(String check, String field, String problem) {
        found.add(new Violation(check, field, problem));
    }

    /** A volume passes when it has one allowed source; otherwise its first source is named (or none, if unknown). */
    private void volumes() {
        List<Volume> volumes = pod.podSpec.getVolumes();
        for (int i = 0; volumes != null && i < volumes.size(); i++) {
            Map<?, ?> sources = JSON.convertValue(volumes.get(i), Map.class);
            List<String> types = new ArrayList<>();
            sources.forEach((key, value) -> {
                if (!"name".equals(key) && value != null) {
                    types.add(key.toString());
                }
            });
            if (types.stream().noneMatch(VOLUME_TYPES::contains)) {
                String field = pod.spec + ".volumes[" + i + "]" + (types.isEmpty() ? "" : "." + types.get(0));
                add("restricted volume types", field, "(volume " + quoted(volumes.get(i).getName()) + ") is not an allowed volume type");
            }
        }
    }

    private void allowPrivilegeEscalation() {
        for (PodView.Named c : pod.containers) {
            SecurityContext context = c.securityContext();
            if (context == null || !Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
                add("allowPrivilegeEscalation != false", c.securityField("allowPrivilegeEscalation"), "must be false");
            }
        }
    }

    /**
     * Explicit false anywhere is named where it is written; only when there is none, a container left unset without
     * the pod saying true is reported once, at the pod's field, the one to set (upstream's order as well).
     */
    private void runAsNonRoot() {
        Boolean podValue = pod.securityContext() == null ? null : pod.securityContext().getRunAsNonRoot();
        List<Violation> explicit = new ArrayList<>();
        if (Boolean.FALSE.equals(podValue)) {
            explicit.add(new Violation("runAsNonRoot != true", pod.podSecurityField("runAsNonRoot"), "must not be false"));
        }
        boolean implicit = false;
        for (PodView.Named c : pod.containers) {
            Boolean value = c.securityContext() == null ? null : c.securityContext().getRunAsNonRoot();
            if (Boolean.FALSE.equals(value)) {
                explicit.add(new Violation("runAsNonRoot != true", c.securityField("runAsNonRoot"), "must not be false"));
            } else if (value == null && !Boolean.TRUE.equals(podValue)) {
                implicit = true;
            }
        }
        found.addAll(explicit);
        if (explicit.isEmpty() && implicit) {
            add("runAsNonRoot != true", pod.podSecurityField("runAsNonRoot"), "must be true (or be true in every container)");
        }
    }

    private void runAsUser() {
        if (pod.securityContext() != null && Long.valueOf(0).equals(pod.securityContext().getRunAsUser())) {
            add("runAsUser=0", pod.podSecurityField("runAsUser"), "must not be 0");
        }
        for (PodView.Named c : pod.containers) {
            if (c.securityContext() != null && Long.valueOf(0).equals(c.securityContext().getRunAsUser())) {
                add("runAsUser=0", c.securityField("runAsUser"), "must not be 0");
            }
        }
    }

    /** As runAsNonRoot: a forbidden profile is named where it is set; otherwise a container without one is reported at the pod's field. */
    private void seccomp() {
        List<Violation> explicit = new ArrayList<>();
        boolean podSet = pod.securityContext() != null
                && BaselineChecks.seccompProfile(pod.podSecurityField("seccompProfile.type"), pod.securityContext().getSeccompProfile(), explicit);
        boolean implicit = false;
        for (PodView.Named c : pod.containers) {
            SecurityContext context = c.securityContext();
            if (context != null && context.getSeccompProfile() != null) {
                BaselineChecks.seccompProfile(c.securityField("seccompProfile.type"), context.getSeccompProfile(), explicit);
            } else if (!podSet) {
                implicit = true;
            }
        }
        found.addAll(explicit);
        if (explicit.isEmpty() && implicit) {
            add("seccompProfile", pod.podSecurityField("seccompProfile.type"),
                    "must be RuntimeDefault or Localhost (or be so in every container)");
        }
    }

    private void capabilities() {
        for (PodView.Named c : pod.containers) {
            Capabilities capabilities = c.securityContext() == null ? null : c.securityContext().getCapabilities();
            if (capabilities == null || capabilities.getDrop() == null || !capabilities.getDrop().contains("ALL")) {
                add("unrestricted capabilities", c.securityField("capabilities.drop"), "must include \"ALL\"");
            }
            List<String> added = capabilities == null || capabilities.getAdd() == null ? List.of() : capabilities.getAdd();
            for (int i = 0; i < added.size(); i++) {
                if (!"NET_BIND_SERVICE".equals(added.get(i))) {
                    add("unrestricted capabilities", c.securityField("capabilities.add[" + i + "]"),
                            quoted(added.get(i)) + " is not allowed (only NET_BIND_SERVICE)");
                }
            }
        }
    }
}
