package io.modelgate.chart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Renders the Helm chart in {@code helm/modelgate} the way {@code helm template} does (through helm-java, no
 * helm binary) and parses the result into Fabric8 objects. Reusable by any test that needs the chart's objects:
 * the chart tests, an RBAC test against a real API server, an end-to-end install.
 *
 * <pre>{@code
 * List<HasMetadata> objects = ChartRendering.render(Map.of("watchNamespaces", List.of("team-a", "team-b")));
 * Deployment operator = ChartRendering.one(objects, Deployment.class);
 * List<PolicyRule> rules = ChartRendering.operatorRules();
 * }</pre>
 *
 * Values given as a map follow {@code helm --set} semantics: {@code "5"} becomes a number, {@code "true"} a
 * boolean; a {@link Collection} value is expanded to {@code key[0]}, {@code key[1]}, ... Use
 * {@link #renderWithValuesYaml(String)} for anything --set cannot express (an empty list, a quoted number).
 * Invalid values make Helm fail: the methods then throw {@link IllegalStateException} with Helm's message
 * (for a schema violation it names the field).
 */
public final class ChartRendering {

    /** The project's root: the working directory (where Maven runs tests) or the nearest parent holding helm/modelgate. */
    public static final Path PROJECT = projectRoot();
    /** The chart's folder. */
    public static final Path CHART = PROJECT.resolve("helm/modelgate");
    /** The chart's CRD folder (generated from the Java types, see CrdDriftTest). */
    public static final Path CRDS = CHART.resolve("crds");
    /** Release name used for rendering, and for deploy/modelgate.yaml. */
    public static final String RELEASE = "modelgate";
    /** Release namespace used for rendering, and for deploy/modelgate.yaml. */
    public static final String NAMESPACE = "modelgate-system";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---[ \\t]*(?:\\r?\\n|$)");

    private ChartRendering() {
    }

    /** The chart rendered with its default values, parsed. */
    public static List<HasMetadata> render() {
        return render(Map.of());
    }

    /** The chart rendered with {@code --set} style values (see the class comment), in {@link #NAMESPACE}, parsed. */
    public static List<HasMetadata> render(Map<String, ?> values) {
        return parse(template(RELEASE, NAMESPACE, values));
    }

    /** The chart rendered with a values file holding {@code valuesYaml}, in {@link #NAMESPACE}, parsed. */
    public static List<HasMetadata> renderWithValuesYaml(String valuesYaml) {
        return parse(templateWithValuesYaml(RELEASE, NAMESPACE, valuesYaml));
    }

    /** {@code helm template <release> helm/modelgate --namespace <namespace> --set ...}: the YAML text, without CRDs. */
    public static String template(String release, String namespace, Map<String, ?> values) {
        TemplateCommand command = new Helm(CHART).template().withName(release).withNamespace(namespace);
        flatten(values).forEach(command::set);
        return command.call();
    }

    /** {@code helm template <release> helm/modelgate --namespace <namespace> -f <values>}: the YAML text, without CRDs. */
    public static String templateWithValuesYaml(String release, String namespace, String valuesYaml) {
        Path file = null;
        try {
            file = Files.createTempFile("modelgate-values-", ".yaml");
            Files.writeString(file, valuesYaml);
            return new Helm(CHART).template().withName(release).withNamespace(namespace).withValuesFile(file).call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a leftover temporary file is harmless
                }
            }
        }
    }

    /** {@code helm lint --strict helm/modelgate} with the chart's own values. */
    public static LintResult lintStrict() {
        return new Helm(CHART).lint().strict().call();
    }

    /**
     * {@code helm lint --strict helm/modelgate -f <values>}. helm-java's lint takes no values, so this lints a copy of
     * the chart (in a temporary folder named like the chart) whose values.yaml is the chart's with {@code valuesYaml}
     * merged over it the way Helm merges a values file: maps key by key, anything else replaced.
     */
    @SuppressWarnings("unchecked")
    public static LintResult lintStrict(String valuesYaml) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Path dir = null;
        try {
            dir = Files.createTempDirectory("modelgate-lint-");
            Path copy = dir.resolve(CHART.getFileName());
            try (Stream<Path> files = Files.walk(CHART)) {
                for (Path source : files.toList()) {
                    Path target = copy.resolve(CHART.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target);
                    }
                }
            }
            Map<String, Object> values = yaml.readValue(CHART.resolve("values.yaml").toFile(), Map.class);
            Map<String, Object> overrides = yaml.readValue(valuesYaml, Map.class);
            yaml.writeValue(copy.resolve("values.yaml").toFile(), merge(values, overrides));
            return new Helm(copy).lint().strict().call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                } catch (IOException ignored) {
                    // a leftover temporary folder is harmless
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overrides) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        overrides.forEach((key, value) -> {
            if (value instanceof Map<?, ?> map && merged.get(key) instanceof Map<?, ?> existing) {
                merged.put(key, merge((Map<String, Object>) existing, (Map<String, Object>) map));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    /** The rules of the operator's ClusterRole, rendered with default values (all namespaces). */
    public static List<PolicyRule> operatorRules() {
        return one(render(), ClusterRole.class).getRules();
    }

    /** The CRDs shipped in the chart's crds/ folder, in file name order. */
    public static List<CustomResourceDefinition> crds() {
        return crdFiles().stream()
                .map(file -> SERIALIZATION.unmarshal(read(file), CustomResourceDefinition.class))
                .toList();
    }

    /** The chart's CRD files, in file name order (the order {@code helm template --include-crds} prints them). */
    public static List<Path> crdFiles() {
        try (Stream<Path> files = Files.list(CRDS)) {
            return files.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The plain manifests of {@code deploy/modelgate.yaml}: a Namespace, the CRDs, then
     * {@code helm template modelgate helm/modelgate --namespace modelgate-system} with default values.
     */
    public static String deployManifest() {
        StringBuilder out = new StringBuilder();
        out.append("# Modelgate operator: plain manifests for installs without Helm (kubectl apply --server-side -f, or kustomize).\n");
        out.append("# GENERATED from helm/modelgate by src/test/java/io/modelgate/chart/DeployManifestsDriftTest.java; do not edit.\n");
        out.append("# Regenerate: mvn test -Dtest=DeployManifestsDriftTest -Dmodelgate.updateDeploy=true\n");
        out.append("# = a Namespace + helm template ").append(RELEASE).append(" helm/modelgate --namespace ").append(NAMESPACE)
                .append(" --include-crds\n");
        out.append("---\n");
        out.append(SERIALIZATION.asYaml(namespace(NAMESPACE)).replaceFirst("^---\\r?\\n", ""));
        for (Path file : crdFiles()) {
            String crd = read(file).strip();
            out.append("---\n# Source: modelgate/crds/").append(file.getFileName()).append('\n').append(crd).append('\n');
        }
        String rendered = template(RELEASE, NAMESPACE, Map.of()).strip();
        if (!rendered.startsWith("---")) {
            out.append("---\n");
        }
        out.append(rendered).append('\n');
        return out.toString();
    }

    /**
     * The operator's namespace: Pod Security {@code restricted} enforced, which the operator's Pod satisfies.
     */
    public static Namespace namespace(String name) {
        return new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("app.kubernetes.io/part-of", "modelgate")
                .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                .addToLabels("pod-security.kubernetes.io/warn", "restricted")
                .addToLabels("pod-security.kubernetes.io/audit", "restricted")
                .endMetadata()
                .build();
    }

    /** Parses a multi-document YAML stream; documents holding only comments are skipped. */
    public static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
            boolean empty = document.lines().map(String::strip).allMatch(line -> line.isEmpty() || line.startsWith("#"));
            if (empty) {
                continue;
            }
            Object parsed = SERIALIZATION.unmarshal(document);
            if (!(parsed instanceof HasMetadata object)) {
                throw new IllegalStateException("not a Kubernetes object: " + document);
            }
            objects.add(object);
        }
        return objects;
    }

    /** The objects of one type, in rendering order. */
    public static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The only object of one type; fails when there is none or more than one. */
    public static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type) {
        List<T> matching = all(objects, type);
        if (matching.size() != 1) {
            throw new IllegalStateException("expected exactly one " + type.getSimpleName() + ", found " + matching.size());
        }
        return matching.get(0);
    }

    private static Path projectRoot() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("helm/modelgate/Chart.yaml"))) {
                return dir;
            }
        }
        return start;
    }

    /** {@code --set} keys: a collection becomes key[0], key[1], ...; anything else its string form. */
    static Map<String, String> flatten(Map<String, ?> values) {
        Map<String, String> flat = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (value instanceof Collection<?> items) {
                int index = 0;
                for (Object item : items) {
                    flat.put(key + "[" + index++ + "]", String.valueOf(item));
                }
            } else {
                flat.put(key, String.valueOf(value));
            }
        });
        return flat;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The operator container of the one Deployment among rendered objects. */
    public static Container operator(List<HasMetadata> objects) {
        return operator(one(objects, Deployment.class));
    }

    /** The operator container of the chart's Deployment. */
    public static Container operator(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream().filter(c -> c.getName().equals("operator"))
                .findFirst().orElseThrow();
    }

    /** A container's plain environment variables by name, in order. */
    public static Map<String, String> env(Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : container.getEnv()) {
            env.put(var.getName(), var.getValue());
        }
        return env;
    }
}
