package io.modelgate.podsecurity;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pod template as the checks walk it: its metadata and spec, and every container (init, regular, ephemeral: the
 * order of upstream's visitContainers) with the path that names it in the pipeline.
 */
final class PodView {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A container and the path of it, e.g. {@code serving.template.spec.containers[0]}. */
    record Named(String field, Container container) {

        SecurityContext securityContext() {
            return container.getSecurityContext();
        }

        String securityField(String rest) {
            return field + ".securityContext." + rest;
        }
    }

    final String field;
    final String spec;
    final ObjectMeta metadata;
    final PodSpec podSpec;
    final List<Named> containers = new ArrayList<>();

    PodView(PodTemplateSpec template, String field) {
        this.field = field;
        this.spec = field + ".spec";
        this.metadata = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        this.podSpec = template.getSpec() == null ? new PodSpec() : template.getSpec();
        add("initContainers", podSpec.getInitContainers());
        add("containers", podSpec.getContainers());
        if (podSpec.getEphemeralContainers() != null) {
            for (int i = 0; i < podSpec.getEphemeralContainers().size(); i++) {
                // An ephemeral container has the fields of a container the checks read; upstream casts it the same way.
                Container container = JSON.convertValue(podSpec.getEphemeralContainers().get(i), Container.class);
                containers.add(new Named(spec + ".ephemeralContainers[" + i + "]", container));
            }
        }
    }

    private void add(String list, List<Container> found) {
        if (found != null) {
            for (int i = 0; i < found.size(); i++) {
                containers.add(new Named(spec + "." + list + "[" + i + "]", found.get(i)));
            }
        }
    }

    PodSecurityContext securityContext() {
        return podSpec.getSecurityContext();
    }

    String podSecurityField(String rest) {
        return spec + ".securityContext." + rest;
    }

    Map<String, String> annotations() {
        return metadata.getAnnotations() == null ? Map.of() : metadata.getAnnotations();
    }

    /** Upstream skips the Linux-only restricted checks for a pod that says it runs on Windows. */
    boolean windows() {
        return podSpec.getOs() != null && "windows".equals(podSpec.getOs().getName());
    }

    static String quoted(String value) {
        return "\"" + (value == null ? "" : value) + "\"";
    }
}
