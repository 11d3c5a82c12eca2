package io.modelgate.workload;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a user's pod template into the one Modelgate runs: labels, environment, restricted defaults. */
final class PodTemplates {

    private PodTemplates() {
    }

    /**
     * @param defaultImage image for a first container that names none (the source's training image), or null
     */
    static PodTemplateSpec prepare(PodTemplateSpec userTemplate, Map<String, String> labels, List<EnvVar> env,
                                   String defaultContainerName, String defaultImage) {
        PodTemplateSpec template = userTemplate == null ? new PodTemplateSpec() : Serialization.clone(userTemplate);
        ObjectMeta metadata = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        Map<String, String> podLabels = new LinkedHashMap<>(metadata.getLabels() == null ? Map.of() : metadata.getLabels());
        podLabels.putAll(labels);
        metadata.setLabels(podLabels);
        template.setMetadata(metadata);

        PodSpec spec = template.getSpec() == null ? new PodSpec() : template.getSpec();
        template.setSpec(spec);
        if (spec.getContainers() == null || spec.getContainers().isEmpty()) {
            Container container = new Container();
            container.setName(defaultContainerName);
            spec.setContainers(new ArrayList<>(List.of(container)));
        }
        Container main = spec.getContainers().get(0);
        if ((main.getImage() == null || main.getImage().isBlank()) && defaultImage != null) {
            main.setImage(defaultImage);
        }
        main.setEnv(mergeEnv(main.getEnv(), env));
        applyRestrictedDefaults(spec);
        return template;
    }

    /** Ours win over the user's for the names we own; the user's other variables stay. */
    private static List<EnvVar> mergeEnv(List<EnvVar> userEnv, List<EnvVar> ours) {
        Map<String, EnvVar> byName = new LinkedHashMap<>();
        for (EnvVar var : userEnv == null ? List.<EnvVar>of() : userEnv) {
            byName.put(var.getName(), var);
        }
        for (EnvVar var : ours) {
            byName.put(var.getName(), var);
        }
        return new ArrayList<>(byName.values());
    }

    /** Pod Security "restricted" for every field the template leaves unset; what it sets wins. */
    private static void applyRestrictedDefaults(PodSpec spec) {
        PodSecurityContext pod = spec.getSecurityContext() == null ? new PodSecurityContext() : spec.getSecurityContext();
        boolean runsAsRoot = pod.getRunAsUser() != null && pod.getRunAsUser() == 0;
        if (pod.getRunAsNonRoot() == null && !runsAsRoot) {
            pod.setRunAsNonRoot(true);
        }
        if (pod.getSeccompProfile() == null) {
            pod.setSeccompProfile(new SeccompProfile(null, "RuntimeDefault"));
        }
        spec.setSecurityContext(pod);
        List<Container> all = new ArrayList<>(spec.getContainers());
        if (spec.getInitContainers() != null) {
            all.addAll(spec.getInitContainers());
        }
        for (Container container : all) {
            SecurityContext securityContext = container.getSecurityContext() == null ? new SecurityContext() : container.getSecurityContext();
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
