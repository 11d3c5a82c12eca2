package io.modelgate.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * The Gateway API standard CRDs (GatewayClass, Gateway, HTTPRoute, GRPCRoute, ReferenceGrant, ... as
 * the pinned release ships them) on a real API server, from the folder that
 * {@code hack/gateway-api-crds.sh} fills from the Go module proxy:
 * {@code ${MODELGATE_CACHE:-~/.cache/modelgate}/gateway-api/<GATEWAY_API_VERSION>/}, the version being
 * the one pinned in {@code hack/lib/common.sh}.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final RealApiServer API = new RealApiServer();
 * ... GatewayApiCrds.install(API.client()) ...
 * </pre>
 *
 * When the folder is missing or incomplete the caller FAILS (it never skips), with a message that
 * names {@code hack/gateway-api-crds.sh}.
 */
public final class GatewayApiCrds {

    /** The script that fills the cache folder. */
    public static final String SCRIPT = "hack/gateway-api-crds.sh";
    /** Where the version is pinned, relative to the repository root (the tests' working directory). */
    public static final Path PIN = Path.of("hack", "lib", "common.sh");
    /** The stamp the script writes last: a folder without it is incomplete. */
    public static final String STAMP = ".complete";
    public static final String GROUP = "gateway.networking.k8s.io";
    /** How long each CRD may take to become Established and to serve. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static final Pattern VERSION_LINE = Pattern.compile("(?m)^GATEWAY_API_VERSION=(v[0-9][^\\s\"']*)\\s*$");

    private GatewayApiCrds() {
    }

    /** The Gateway API release pinned in {@code hack/lib/common.sh} ({@code GATEWAY_API_VERSION=v…}). */
    public static String version() {
        String text;
        try {
            text = Files.readString(PIN);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the Gateway API version from " + PIN.toAbsolutePath()
                    + " (tests run from the repository root): " + e.getMessage(), e);
        }
        Matcher m = VERSION_LINE.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("No GATEWAY_API_VERSION=v... line in " + PIN.toAbsolutePath());
        }
        return m.group(1);
    }

    /** {@code ${MODELGATE_CACHE:-~/.cache/modelgate}/gateway-api/<version>}, as in {@code hack/lib/common.sh}. */
    public static Path defaultDir() {
        String cache = System.getenv("MODELGATE_CACHE");
        Path base = cache == null || cache.isBlank()
                ? Path.of(System.getProperty("user.home"), ".cache", "modelgate")
                : Path.of(cache);
        return base.resolve("gateway-api").resolve(version());
    }

    /** The CRD files in {@code dir}, sorted; fails, naming {@value #SCRIPT}, when the folder is missing, incomplete or empty. */
    public static List<Path> files(Path dir) {
        String problem = null;
        List<Path> files = List.of();
        if (!Files.isDirectory(dir)) {
            problem = dir + " does not exist";
        } else if (!Files.isRegularFile(dir.resolve(STAMP))) {
            problem = dir + " is incomplete (no " + STAMP + " stamp)";
        } else {
            try (Stream<Path> list = Files.list(dir)) {
                files = list.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
            } catch (IOException e) {
                problem = "cannot list " + dir + ": " + e.getMessage();
            }
            if (problem == null && files.isEmpty()) {
                problem = dir + " holds no .yaml file";
            }
        }
        if (problem != null) {
            throw new IllegalStateException("No Gateway API CRDs (" + problem + "). Run " + SCRIPT
                    + " from the repository root to fetch them from the Go module proxy (hack/build-controlplane.sh runs it too;"
                    + " set MODELGATE_CACHE to use another cache folder). Tests fail rather than skip without them.");
        }
        return files;
    }

    /** Installs every CRD of {@link #defaultDir()}; see {@link #install(KubernetesClient, Path)}. */
    public static List<CustomResourceDefinition> install(KubernetesClient client) {
        return install(client, defaultDir());
    }

    /**
     * Server-side applies every CRD file of {@code dir} (loaded with Fabric8), then waits until each is
     * Established with its names accepted and its storage version answers a list.
     *
     * @return the CRDs as the server holds them once Established, in file order
     */
    public static List<CustomResourceDefinition> install(KubernetesClient client, Path dir) {
        List<Path> files = files(dir);
        long started = System.nanoTime();
        List<String> names = new ArrayList<>();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                var resource = client.apiextensions().v1().customResourceDefinitions().load(in);
                names.add(resource.item().getMetadata().getName());
                resource.forceConflicts().serverSideApply();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        List<CustomResourceDefinition> installed = new ArrayList<>();
        for (String name : names) {
            CustomResourceDefinition crd = await("CRD " + name + " Established").atMost(TIMEOUT)
                    .until(() -> client.apiextensions().v1().customResourceDefinitions().withName(name).get(), GatewayApiCrds::established);
            // Established is set a moment before the new endpoints are routed; list until they answer.
            var context = CustomResourceDefinitionContext.fromCrd(crd);
            await(name + " endpoint").atMost(TIMEOUT).ignoreExceptions().until(() -> context.isNamespaceScoped()
                    ? client.genericKubernetesResources(context).inAnyNamespace().list() != null
                    : client.genericKubernetesResources(context).list() != null);
            installed.add(crd);
        }
        System.out.printf(Locale.ROOT, "[gateway-api] %d CRDs from %s Established in %d ms%n",
                installed.size(), dir, (System.nanoTime() - started) / 1_000_000);
        return installed;
    }

    /** Established and NamesAccepted are both True. */
    public static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream().anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()))
                && crd.getStatus().getConditions().stream().anyMatch(c -> "NamesAccepted".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
