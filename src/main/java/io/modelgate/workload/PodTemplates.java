package io.modelgate.workload;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.modelgate.podsecurity.RestrictedDefaults;

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
        RestrictedDefaults.apply(spec);
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
}
