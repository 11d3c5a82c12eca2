package io.modelgate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The kstatus of Kubernetes objects as the real library computes it: {@code status.Compute} of
 * {@code sigs.k8s.io/cli-utils} (the version pinned in {@code hack/kstatus/go.mod}), run as the small
 * program that {@value #SCRIPT} builds into {@code ${MODELGATE_CACHE}/bin/kstatus-<version>/kstatus}.
 *
 * <pre>
 * Kstatus.Result now = Kstatus.ofLive(client, revision);     // as the API server holds it now
 * assertThat(now.status()).as(now.message()).isEqualTo(Kstatus.Status.Current);
 * Kstatus.of(object);                                        // a Fabric8 object as it is, serialized to JSON
 * Kstatus.ofLive(client, "modelgate.io/v1alpha1", "ModelRevision", namespace);   // every one in a namespace
 * </pre>
 *
 * When the binary is missing or older than {@code hack/kstatus/} the caller FAILS (it never skips), with
 * a message naming {@value #SCRIPT}.
 */
public final class Kstatus {

    /** The script that builds the binary (and says where it is with {@code --print-env}). */
    public static final String SCRIPT = "hack/build-kstatus.sh";
    private static final long TIMEOUT_SECONDS = 30;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile Path binary;

    /** The statuses of {@code sigs.k8s.io/cli-utils/pkg/kstatus/status}. */
    public enum Status { InProgress, Current, Failed, Terminating, NotFound, Unknown }

    /** What {@code status.Compute} says of one object. */
    public record Result(Status status, String message) {
    }

    /** One object of a list and its result. */
    public record Of(String kind, String namespace, String name, Result result) {
    }

    private Kstatus() {
    }

    /** The kstatus of {@code object} as it is (serialized to JSON, status included). */
    public static Result of(HasMetadata object) {
        List<Of> all = compute(Serialization.asJson(object));
        if (all.size() != 1) {
            throw new IllegalStateException("kstatus gave " + all.size() + " results for one object: " + all);
        }
        return all.get(0).result();
    }

    /** The kstatus of {@code object} as the API server holds it now (fetched by apiVersion, kind, namespace and name). */
    public static Result ofLive(KubernetesClient client, HasMetadata object) {
        return ofLive(client, object.getApiVersion(), object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    /** The kstatus of one live object; {@link Status#NotFound} when the server has none of that name. */
    public static Result ofLive(KubernetesClient client, String apiVersion, String kind, String namespace, String name) {
        var kindOf = client.genericKubernetesResources(apiVersion, kind);
        GenericKubernetesResource live = namespace == null ? kindOf.withName(name).get() : kindOf.inNamespace(namespace).withName(name).get();
        if (live == null) {
            return new Result(Status.NotFound, kind + " " + (namespace == null ? "" : namespace + "/") + name + " not found");
        }
        return of(live);
    }

    /** The kstatus of every live object of a kind in {@code namespace}, in the server's order. */
    public static List<Of> ofLive(KubernetesClient client, String apiVersion, String kind, String namespace) {
        var list = client.genericKubernetesResources(apiVersion, kind).inNamespace(namespace).list();
        // A list's items may come without apiVersion and kind; kstatus needs them.
        list.getItems().forEach(item -> {
            item.setApiVersion(apiVersion);
            item.setKind(kind);
        });
        list.setApiVersion("v1");
        list.setKind("List");
        return compute(Serialization.asJson(list));
    }

    /** Runs the binary on {@code json}: one object, a {@code List}, or several one after the other. */
    public static List<Of> compute(String json) {
        Path tool = binary();
        try {
            Path in = Files.createTempFile("kstatus", ".json");
            Path out = Files.createTempFile("kstatus", ".out");
            Path err = Files.createTempFile("kstatus", ".err");
            try {
                Files.writeString(in, json);
                Process process = new ProcessBuilder(tool.toString())
                        .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(tool + " did not end within " + TIMEOUT_SECONDS + " s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalArgumentException(tool + " refused the input (exit " + process.exitValue() + "): "
                            + Files.readString(err).strip());
                }
                List<Of> results = new ArrayList<>();
                for (String line : Files.readAllLines(out)) {
                    JsonNode node = JSON.readTree(line);
                    results.add(new Of(node.path("kind").asText(), node.path("namespace").asText(), node.path("name").asText(),
                            new Result(Status.valueOf(node.path("status").asText()), node.path("message").asText())));
                }
                return results;
            } finally {
                Files.deleteIfExists(in);
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + tool + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + tool, e);
        }
    }

    /** The binary, from {@value #SCRIPT} {@code --print-env}; fails, naming the script, when it is missing or stale. */
    public static Path binary() {
        Path found = binary;
        if (found == null) {
            Map<String, String> env = HackEnv.of(SCRIPT);
            String path = env.get("KSTATUS");
            if (path == null || path.isEmpty() || !Files.isExecutable(Path.of(path)) || !"yes".equals(env.get("KSTATUS_BUILT"))) {
                throw new IllegalStateException("No up-to-date kstatus tool " + (path == null ? "" : "at " + path + " ")
                        + "(sigs.k8s.io/cli-utils " + env.get("KSTATUS_VERSION") + "; built: " + env.get("KSTATUS_BUILT") + "). Run "
                        + SCRIPT + " from the repository root to build it (make deps does too; set MODELGATE_CACHE to use another"
                        + " cache folder). Tests fail rather than skip without it.");
            }
            found = Path.of(path);
            binary = found;
        }
        return found;
    }
}
