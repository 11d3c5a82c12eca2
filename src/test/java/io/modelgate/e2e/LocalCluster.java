package io.modelgate.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The local simulated cluster of {@code hack/local-cluster.sh} (etcd, kube-apiserver,
 * kube-controller-manager, kube-scheduler, kwok with fake nodes), in a state folder of its own so
 * that it never meets a developer's cluster or another test run.
 */
public final class LocalCluster implements AutoCloseable {

    /** A cold build of the control plane takes ~8 minutes on 2 cores; `up` alone ~15 s. */
    private static final long UP_TIMEOUT_SECONDS = Long.getLong("modelgate.e2e.clusterUpTimeout", 1800);

    /** Cold, the three platform managers take 10–40 minutes to build on 2 cores, by load (make test builds them before). */
    private static final long PLATFORM_BUILD_TIMEOUT_SECONDS = Long.getLong("modelgate.e2e.platformBuildTimeout", 3600);

    private final Path repo;
    private final Path stateDir;
    private final Path logDir;
    private final Path kubectl;
    private boolean started;

    private LocalCluster(Path repo, Path stateDir, Path logDir, Path kubectl) {
        this.repo = repo;
        this.stateDir = stateDir;
        this.logDir = logDir;
        this.kubectl = kubectl;
    }

    /**
     * Starts the cluster. A folder left behind by an earlier, killed run is stopped and removed first:
     * `up` on a running cluster would otherwise reuse it with the old run's objects in it.
     */
    public static LocalCluster up(Path repo, Path stateDir, Path logDir) {
        return up(repo, stateDir, logDir, List.of());
    }

    /** Starts the cluster with the platform controllers named (see {@link LocalClusterWith}). */
    public static LocalCluster up(Path repo, Path stateDir, Path logDir, List<String> platform) {
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LocalCluster cluster = new LocalCluster(repo, stateDir, logDir, kubectlPath(repo));
        cluster.script("down", 120);
        cluster.started = true; // from here on, close() must run `down` even if `up` fails half-way
        E2e.Result up = platform.isEmpty() ? cluster.script("up", UP_TIMEOUT_SECONDS)
                : cluster.script("up", UP_TIMEOUT_SECONDS + PLATFORM_BUILD_TIMEOUT_SECONDS, "--with", String.join(",", platform));
        IllegalStateException failed = !up.ok()
                ? new IllegalStateException("hack/local-cluster.sh up failed (exit " + up.exitCode() + "); see "
                        + logDir.resolve("local-cluster.log") + "\n" + E2e.tail(logDir.resolve("local-cluster.log"), 40))
                : !Files.isRegularFile(cluster.kubeconfig())
                ? new IllegalStateException("hack/local-cluster.sh up did not write " + cluster.kubeconfig())
                : null;
        if (failed != null) {
            // The caller never gets the cluster to close: what `up` did start (etcd, the apiserver, kwok) would outlive the run.
            cluster.close();
            throw failed;
        }
        return cluster;
    }

    private static Path kubectlPath(Path repo) {
        E2e.Result env = E2e.run(List.of(repo.resolve("hack/build-controlplane.sh").toString(), "--print-env"), Map.of(), repo, 60);
        if (!env.ok()) {
            throw new IllegalStateException("hack/build-controlplane.sh --print-env failed: " + env.stderr());
        }
        return env.stdout().lines()
                .filter(l -> l.startsWith("KUBECTL="))
                .map(l -> Path.of(l.substring("KUBECTL=".length()).trim()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no KUBECTL= in hack/build-controlplane.sh --print-env"));
    }

    private E2e.Result script(String command, long timeoutSeconds, String... args) {
        Path log = logDir.resolve("local-cluster.log");
        List<String> line = new ArrayList<>(List.of(repo.resolve("hack/local-cluster.sh").toString(), command));
        line.addAll(List.of(args));
        E2e.Result result = E2e.run(line, Map.of("MODELGATE_CLUSTER_DIR", stateDir.toString()), repo, timeoutSeconds);
        try {
            Files.writeString(log, "$ hack/local-cluster.sh " + String.join(" ", line.subList(1, line.size())) + "\n"
                            + result.stdout() + result.stderr(),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    public Path kubeconfig() {
        return stateDir.resolve("kubeconfig");
    }

    public Path stateDir() {
        return stateDir;
    }

    public Path kubectlBinary() {
        return kubectl;
    }

    /**
     * Kills the kube-apiserver (SIGKILL, as a crash) and starts it again on the same port with the same etcd
     * ({@code hack/local-cluster.sh restart-apiserver --crash}): every object stays, every client loses its connections
     * and watches. Returns when the new one is ready.
     */
    public void restartApiServer() {
        scriptOk("restart-apiserver", 300, "--crash");
    }

    /** SIGSTOP of one component (etcd, kube-apiserver, ...): it keeps its sockets and answers nothing. */
    public void pause(String component) {
        scriptOk("pause", 60, component);
    }

    /** SIGCONT of a component {@link #pause paused} before. */
    public void resume(String component) {
        scriptOk("resume", 60, component);
    }

    /**
     * The API server's audit log (JSON lines): the write requests of the operator's ServiceAccounts (group
     * {@code system:serviceaccounts:modelgate-system}), see {@code hack/local-cluster.sh}.
     */
    public Path auditLog() {
        return stateDir.resolve("logs/audit.log");
    }

    private void scriptOk(String command, long timeoutSeconds, String... args) {
        E2e.Result result = script(command, timeoutSeconds, args);
        if (!result.ok()) {
            throw new IllegalStateException("hack/local-cluster.sh " + command + " " + String.join(" ", args) + " failed (exit "
                    + result.exitCode() + "):\n" + result.stderr() + result.stdout());
        }
    }

    /** kubectl against this cluster as the admin (system:masters). */
    public E2e.Result kubectl(String... args) {
        List<String> command = new ArrayList<>();
        command.add(kubectl.toString());
        command.add("--kubeconfig=" + kubeconfig());
        command.addAll(List.of(args));
        E2e.Result result = E2e.run(command, Map.of(), repo, 180);
        // kubectl 1.32 against a 1.34 server warns about the skew on every call: not interesting.
        String stderr = result.stderr().lines().filter(l -> !l.contains("version difference")).reduce("", (a, b) -> a + b + "\n");
        return new E2e.Result(result.exitCode(), result.stdout(), stderr);
    }

    /** kubectl that must succeed; returns its standard output. */
    public String kubectlOk(String... args) {
        E2e.Result result = kubectl(args);
        if (!result.ok()) {
            throw new IllegalStateException("kubectl " + String.join(" ", args) + " failed (exit " + result.exitCode() + "):\n"
                    + result.stderr() + result.stdout());
        }
        return result.stdout();
    }

    /** Keeps the components' logs (the state folder goes away at `down`) and stops everything. */
    @Override
    public void close() {
        if (!started) {
            return;
        }
        started = false;
        keepLogs(stateDir.resolve("logs"), logDir.resolve("cluster"));
        keepLogs(stateDir.resolve("platform/logs"), logDir.resolve("platform"));
        keepLogs(stateDir.resolve("kserve/logs"), logDir.resolve("kserve"));
        E2e.Result down = script("down", 120);
        if (!down.ok()) {
            E2e.log("hack/local-cluster.sh down failed (exit %d):%n%s", down.exitCode(), down.stderr());
        }
    }

    private static void keepLogs(Path logs, Path target) {
        if (Files.isDirectory(logs)) {
            try (Stream<Path> files = Files.list(logs)) {
                Files.createDirectories(target);
                for (Path file : files.toList()) {
                    Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                E2e.log("could not keep the logs of %s: %s", logs, e.getMessage());
            }
        }
    }
}
