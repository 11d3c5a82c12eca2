package io.modelgate.testing;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfig;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real etcd + kube-apiserver for one test class, through {@code io.fabric8:kube-api-test}, on the
 * binaries that {@code hack/build-controlplane.sh} builds and lays out under
 * {@code ${MODELGATE_CACHE:-~/.cache/modelgate}/kubeapitest/k8s/<version>-linux-amd64/}.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final RealApiServer API = new RealApiServer();
 * ... API.client() ...
 * </pre>
 *
 * Configured in code only (offline, the test folder, a startup timeout, never touching
 * {@code ~/.kube/config}): the library's parsing of boolean environment variables is broken in 7.5.2.
 * The folder's {@code etcd} and {@code kube-apiserver} are wrappers that bind both to 127.0.0.1.
 * When the binaries are missing the class FAILS (it never skips), so that a missing control plane is
 * never mistaken for a green integration run.
 */
public final class RealApiServer implements BeforeAllCallback, AfterAllCallback {

    /** kube-api-test's startup timeout, in milliseconds, for etcd and the apiserver each. */
    public static final int STARTUP_TIMEOUT_MS = Integer.getInteger("modelgate.apiserver.startupTimeoutMs", 120_000);
    private static final String PLATFORM_SUFFIX = "-linux-amd64";
    private static final List<String> BINARIES = List.of("etcd", "kube-apiserver", "kubectl");

    private final AtomicInteger namespaces = new AtomicInteger();
    private final Path testDir;
    private KubeAPIServer server;
    private KubernetesClient client;
    private Thread shutdownHook;
    private long startMillis;
    private String versionFolder;

    /** On the binaries under {@link #defaultTestDir()}. */
    public RealApiServer() {
        this(defaultTestDir());
    }

    /** On the binaries under {@code testDir/k8s/VERSION-linux-amd64/}. */
    public RealApiServer(Path testDir) {
        this.testDir = testDir;
    }

    /** {@code ${MODELGATE_CACHE:-~/.cache/modelgate}/kubeapitest}. */
    public static Path defaultTestDir() {
        String cache = System.getenv("MODELGATE_CACHE");
        Path base = cache == null || cache.isBlank()
                ? Path.of(System.getProperty("user.home"), ".cache", "modelgate")
                : Path.of(cache);
        return base.resolve("kubeapitest");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        Path dir = testDir;
        versionFolder = requireBinaries(dir);
        KubeAPIServerConfig config = KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(dir.toString())
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .withWaitForEtcdHealthCheckOnStartup(false)
                .withStartupTimeout(STARTUP_TIMEOUT_MS)
                .build();
        KubeAPIServer candidate = new KubeAPIServer(config);
        long started = System.nanoTime();
        try {
            candidate.start();
        } catch (RuntimeException e) {
            safeStop(candidate);
            throw new IllegalStateException("kube-api-test could not start etcd + kube-apiserver from " + dir.resolve("k8s").resolve(versionFolder)
                    + " (" + e.getMessage() + "). Run hack/build-controlplane.sh to (re)build the control plane.", e);
        }
        startMillis = (System.nanoTime() - started) / 1_000_000;
        server = candidate;
        shutdownHook = new Thread(() -> safeStop(candidate), "stop-kube-api-test");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        Config clientConfig = Config.fromKubeconfig(server.getKubeConfigYaml());
        clientConfig.setRequestTimeout(30_000);
        clientConfig.setConnectionTimeout(10_000);
        client = new KubernetesClientBuilder().withConfig(clientConfig).build();
        System.out.printf(Locale.ROOT, "[real-apiserver] kube-apiserver %s (binaries %s) ready in %d ms at %s%n",
                client.getKubernetesVersion().getGitVersion(), versionFolder, startMillis, client.getMasterUrl());
    }

    public synchronized void stop() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (server != null) {
            long started = System.nanoTime();
            safeStop(server);
            server = null;
            System.out.printf(Locale.ROOT, "[real-apiserver] stopped in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        }
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook runs anyway
            }
            shutdownHook = null;
        }
    }

    /** A client authenticated as a member of {@code system:masters}: it may do everything. */
    public KubernetesClient client() {
        if (client == null) {
            throw new IllegalStateException("the API server is not running: register RealApiServer with @RegisterExtension on a static field");
        }
        return client;
    }

    /** The kubeconfig of {@link #client()} (system:masters, certificates embedded), for kubectl. */
    public String kubeconfigYaml() {
        client();
        return server.getKubeConfigYaml();
    }

    /** How long {@code KubeAPIServer.start()} took (etcd, apiserver, readyz). */
    public long startMillis() {
        return startMillis;
    }

    /** Creates a fresh namespace, {@code <prefix>-<n>}. Namespaces are never deleted: no namespace controller runs here. */
    public String newNamespace(String prefix) {
        String name = prefix + "-" + namespaces.incrementAndGet();
        Namespace namespace = new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
        client().namespaces().resource(namespace).create();
        return name;
    }

    /** @return the version folder kube-api-test will pick (the newest complete one) */
    private static String requireBinaries(Path dir) {
        Path k8s = dir.resolve("k8s");
        List<String> problems = new ArrayList<>();
        List<String> complete = new ArrayList<>();
        if (!Files.isDirectory(k8s)) {
            problems.add(k8s + " does not exist");
        } else {
            try (Stream<Path> folders = Files.list(k8s)) {
                for (Path folder : folders.filter(Files::isDirectory).filter(p -> p.getFileName().toString().endsWith(PLATFORM_SUFFIX)).sorted().toList()) {
                    List<String> missing = BINARIES.stream()
                            .filter(b -> !Files.isExecutable(folder.resolve(b)))
                            .toList();
                    if (missing.isEmpty()) {
                        complete.add(folder.getFileName().toString());
                    } else {
                        problems.add(folder + " lacks " + String.join(", ", missing));
                    }
                }
            } catch (java.io.IOException e) {
                problems.add("cannot list " + k8s + ": " + e.getMessage());
            }
            if (complete.isEmpty() && problems.isEmpty()) {
                problems.add(k8s + " holds no <version>" + PLATFORM_SUFFIX + " folder");
            }
        }
        if (complete.isEmpty()) {
            throw new IllegalStateException("No etcd/kube-apiserver/kubectl binaries for kube-api-test under " + k8s
                    + " (" + String.join("; ", problems) + "). Run hack/build-controlplane.sh from the repository root to build them"
                    + " (set MODELGATE_CACHE to use another cache folder). Integration tests fail rather than skip without them.");
        }
        // kube-api-test takes the newest version folder; it must be a complete one.
        String newest = newestVersion(k8s.toFile());
        if (newest != null && !complete.contains(newest)) {
            throw new IllegalStateException("kube-api-test would pick " + k8s.resolve(newest) + ", which is incomplete ("
                    + String.join("; ", problems) + "). Run hack/build-controlplane.sh, or remove that folder.");
        }
        return newest;
    }

    private static String newestVersion(File k8s) {
        String[] names = k8s.list((d, n) -> n.endsWith(PLATFORM_SUFFIX) && new File(d, n).isDirectory());
        if (names == null || names.length == 0) {
            return null;
        }
        String newest = null;
        int[] best = null;
        for (String name : names) {
            String[] parts = name.substring(0, name.length() - PLATFORM_SUFFIX.length()).split("\\.");
            int[] version = new int[3];
            try {
                for (int i = 0; i < Math.min(3, parts.length); i++) {
                    version[i] = Integer.parseInt(parts[i]);
                }
            } catch (NumberFormatException e) {
                continue;
            }
            if (best == null || java.util.Arrays.compare(version, best) > 0) {
                best = version;
                newest = name;
            }
        }
        return newest;
    }

    private static void safeStop(KubeAPIServer server) {
        try {
            server.stop();
        } catch (RuntimeException e) {
            System.err.println("[real-apiserver] stopping failed: " + e);
        }
    }
}
