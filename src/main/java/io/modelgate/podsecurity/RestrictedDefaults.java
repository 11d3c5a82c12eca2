package io.modelgate.podsecurity;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;

import java.util.ArrayList;
import java.util.List;

/**
 * What Modelgate fills in on every pod it generates: the restricted level's required fields, wherever the template
 * leaves them unset (what it sets wins). So a template that says nothing about security gives a restricted pod, and
 * the checks judge the pod as it is created, defaults included.
 */
public final class RestrictedDefaults {

    private RestrictedDefaults() {
    }

    /** Changes {@code spec} in place. */
    public static void apply(PodSpec spec) {
        PodSecurityContext pod = spec.getSecurityContext() == null ? new PodSecurityContext() : spec.getSecurityContext();
        // A template that runs as root on purpose keeps it; the level's checks then decide whether it may.
        boolean runsAsRoot = pod.getRunAsUser() != null && pod.getRunAsUser() == 0;
        if (pod.getRunAsNonRoot() == null && !runsAsRoot) {
            pod.setRunAsNonRoot(true);
        }
        spec.setSecurityContext(pod);
        if (spec.getOs() != null && "windows".equals(spec.getOs().getName())) {
            // The API server refuses the Linux-only fields below on a Windows pod; restricted asks only runAsNonRoot of it.
            return;
        }
        if (pod.getSeccompProfile() == null) {
            pod.setSeccompProfile(new SeccompProfile(null, "RuntimeDefault"));
        }
        List<Container> all = new ArrayList<>(spec.getContainers() == null ? List.of() : spec.getContainers());
        if (spec.getInitContainers() != null) {
            all.addAll(spec.getInitContainers());
        }
        for (Container container : all) {
            SecurityContext securityContext = container.getSecurityContext() == null ? new SecurityContext() : container.getSecurityContext();
            // A privileged container asked for everything; quietly taking capabilities from it would only confuse.
            boolean privileged = Boolean.TRUE.equals(securityContext.getPrivileged());
            if (securityContext.getAllowPrivilegeEscalation() == null && !privileged) {
                securityContext.setAllowPrivilegeEscalation(false);
            }
            if (securityContext.getCapabilities() == null && !privileged) {
                Capabilities capabilities = new Capabilities();
                capabilities.setDrop(List.of("ALL"));
                securityContext.setCapabilities(capabilities);
            }
            container.setSecurityContext(securityContext);
        }
    }
}
