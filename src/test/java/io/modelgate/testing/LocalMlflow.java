package io.modelgate.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A real MLflow tracking server with its model registry ({@code mlflow server}, the PyPI package at the version
 * pinned in {@code hack/lib/common.sh}, installed by {@value #SCRIPT} into a venv of the project cache) for one
 * test class, with a SQLite store in a temporary folder.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final LocalMlflow MLFLOW = new LocalMlflow();
 * ...
 * POST MLFLOW.address() + "/api/2.0/mlflow/registered-models/create"  {"name":"m"}
 * MLFLOW.stop(); MLFLOW.start();   // same port, same database: what was registered is still there
 * </pre>
 *
 * It listens on 127.0.0.1 only, on a free port chosen once and kept across {@link #stop()} / {@link #start()} so
 * that the address stays valid; the database ({@code sqlite:///<tmp>/mlflow.db}) and the artifact root
 * ({@code <tmp>/artifacts}) survive a restart, and everything is deleted in afterAll. MLflow's default
 * security middleware stays on: it accepts the Host {@code 127.0.0.1:PORT} (and localhost). The server runs with
 * one worker, without MLflow's job runner ({@code MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false}: no huey consumer
 * processes, no queue folder left in /dev/shm) and without telemetry ({@code MLFLOW_DISABLE_TELEMETRY},
 * {@code DO_NOT_TRACK}), so it makes no connection of its own. {@link #pause()} / {@link #resume()} freeze it
 * (SIGSTOP / SIGCONT): connections are accepted by the kernel, nothing is answered.
 *
 * <p>{@code mlflow server} starts uvicorn as a child, so it runs in a session of its own ({@code setsid}, whose
 * process group is the server's pid): pause, resume and the last-resort kills reach the whole group. It always
 * stops: in afterAll, in a JVM shutdown hook, and, if the JVM is killed outright, by a watchdog
 * ({@code sh -c 'cat >/dev/null; kill …'}) that ends the group when the JVM's end of its stdin pipe closes. When
 * the binary is missing the class FAILS (it never skips): run {@value #SCRIPT} (or {@code make deps}). The binary
 * is {@code -Dmodelgate.mlflow.binary}, else {@code $MLFLOW_BINARY}, else the one {@value #SCRIPT}
 * {@code --print-env} names ({@code ${MODELGATE_CACHE:-~/.cache/modelgate}/mlflow-<version>/venv/bin/mlflow}).
 */
public final class LocalMlflow implements BeforeAllCallback, AfterAllCallback {

    /** The script that installs MLflow (and says where, and which version, with {@code --print-env}). */
    public static final String SCRIPT = "hack/mlflow.sh";
    /** What the readiness check asks: the model registry answers, so the database is open and migrated. */
    public static final String READY_PATH = "/api/2.0/mlflow/registered-models/search";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(
            Long.getLong("modelgate.mlflow.startupTimeoutSeconds", 120));
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private Path workDir;
    private int port;
    private Process process;
    private Process watchdog;
    private Thread shutdownHook;
    private Duration lastStartup = Duration.ZERO;

    @Override
    public void beforeAll(ExtensionContext context) {
        boot();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Makes the folder, picks the port and starts MLflow (idempotent). */
    public synchronized void boot() {
        if (workDir != null) {
            return;
        }
        Path binary = binary();
        try {
            workDir = Files.createTempDirectory("modelgate-mlflow-");
            Files.createDirectories(workDir.resolve("artifacts"));
            port = freeLoopbackPort();
            shutdownHook = new Thread(this::stopQuietly, "stop-local-mlflow");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
        try {
            start(binary);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** Stops MLflow and deletes its folder, database included (idempotent). */
    public synchronized void close() {
        stopQuietly();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down: the hook runs anyway.
            }
            shutdownHook = null;
        }
        if (workDir != null) {
            deleteRecursively(workDir);
            workDir = null;
        }
    }

    /** {@code http://127.0.0.1:PORT}: the tracking and registry URI; stays the same across restarts. */
    public String address() {
        return "http://127.0.0.1:" + port;
    }

    /** The default artifact root, {@code <tmp>/artifacts}. */
    public Path artifactRoot() {
        return workDir.resolve("artifacts");
    }

    /** The server's output (both streams, appended across restarts). */
    public Path logFile() {
        return workDir.resolve("mlflow.log");
    }

    /** How long the last {@link #start()} took until the registry answered 200. */
    public Duration lastStartup() {
        return lastStartup;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts MLflow (if stopped) on the same port and database, and waits until the registry answers 200. */
    public synchronized void start() {
        start(binary());
    }

    private void start(Path binary) {
        if (isRunning()) {
            return;
        }
        Path log = logFile();
        List<String> command = List.of("setsid", binary.toString(), "server",
                "--host", "127.0.0.1",
                "--port", Integer.toString(port),
                "--backend-store-uri", "sqlite:///" + workDir.resolve("mlflow.db"),
                "--default-artifact-root", artifactRoot().toString(),
                "--workers", "1");
        long started = System.nanoTime();
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Map<String, String> env = builder.environment();
            env.put("MLFLOW_SERVER_ENABLE_JOB_EXECUTION", "false");
            env.put("MLFLOW_DISABLE_TELEMETRY", "true");
            env.put("DO_NOT_TRACK", "true");
            env.put("PYTHONUNBUFFERED", "1");
            process = builder.start();
            // setsid execs in place (a child of the JVM is never a group leader): the pid is the group's.
            long group = process.pid();
            watchdog = new ProcessBuilder("sh", "-c", "cat >/dev/null; kill -TERM -" + group + " 2>/dev/null;"
                    + " kill -CONT -" + group + " 2>/dev/null; sleep 20; kill -KILL -" + group + " 2>/dev/null")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + binary + ": " + e.getMessage(), e);
        }
        try {
            await("MLflow at " + address() + " ready")
                    .atMost(STARTUP_TIMEOUT)
                    .pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions()
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("exited with " + process.exitValue());
                        }
                        return get(READY_PATH) == 200;
                    });
        } catch (RuntimeException e) {
            boolean exited = !process.isAlive();
            stopQuietly();
            throw new IllegalStateException("MLflow did not become ready on " + address()
                    + (exited ? " (it exited)" : "") + "; its log ends with:\n" + logTail(log), e);
        }
        lastStartup = Duration.ofNanos(System.nanoTime() - started);
    }

    /**
     * Stops MLflow: SIGTERM to {@code mlflow server}, which passes it to uvicorn and exits after it; SIGKILL to
     * the whole group after 20 s. Returns once every process of it has exited (the port is free again).
     */
    public synchronized void stop() {
        if (watchdog != null) {
            // Its shell first, then its stdin (which ends its cat): it must not signal anything any more.
            watchdog.destroyForcibly();
            waitFor(watchdog, Duration.ofSeconds(5));
            try {
                watchdog.getOutputStream().close();
            } catch (IOException e) {
                // Already closed.
            }
            watchdog = null;
        }
        if (process != null) {
            List<ProcessHandle> children = process.descendants().toList();
            resume();
            process.destroy();
            if (!waitFor(process, STOP_TIMEOUT)) {
                signal("KILL");
                process.destroyForcibly();
                waitFor(process, Duration.ofSeconds(10));
            }
            for (ProcessHandle child : children) {
                try {
                    child.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    child.destroyForcibly();
                }
            }
            process = null;
        }
    }

    /** Freezes MLflow and its uvicorn (SIGSTOP to the group): connections are accepted, nothing is answered. */
    public synchronized void pause() {
        signal("STOP");
    }

    /** Unfreezes them (SIGCONT). */
    public synchronized void resume() {
        signal("CONT");
    }

    private int get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(address() + path)).timeout(Duration.ofSeconds(2)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Sends a signal to the server's process group (the server and uvicorn). */
    private void signal(String signal) {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + process.pid())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!waitFor(kill, Duration.ofSeconds(10)) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " -- -" + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            if (process != null) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }

    private static boolean waitFor(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The MLflow version {@value #SCRIPT} installs (MLFLOW_VERSION of hack/lib/common.sh). */
    public static String version() {
        return HackEnv.get(SCRIPT, "MLFLOW_VERSION");
    }

    /**
     * The mlflow binary: {@code -Dmodelgate.mlflow.binary}, else {@code $MLFLOW_BINARY}, else the pinned version in
     * the project cache, as {@value #SCRIPT} {@code --print-env} names it; or a failure that says how to install it.
     */
    public static Path binary() {
        String property = System.getProperty("modelgate.mlflow.binary");
        if (property != null && !property.isBlank()) {
            return executable(property, "-Dmodelgate.mlflow.binary");
        }
        String env = System.getenv("MLFLOW_BINARY");
        if (env != null && !env.isBlank()) {
            return executable(env, "$MLFLOW_BINARY");
        }
        Map<String, String> hack = HackEnv.of(SCRIPT);
        String path = hack.get("MLFLOW");
        if (path == null || path.isEmpty() || !Files.isExecutable(Path.of(path)) || !"yes".equals(hack.get("MLFLOW_INSTALLED"))) {
            throw new IllegalStateException("No MLflow " + hack.get("MLFLOW_VERSION") + (path == null ? "" : " at " + path)
                    + " (installed: " + hack.get("MLFLOW_INSTALLED") + "). Run " + SCRIPT + " from the repository root"
                    + " to install it (make deps does too; set MODELGATE_CACHE to use another cache folder, or"
                    + " -Dmodelgate.mlflow.binary / MLFLOW_BINARY to use another mlflow). Tests fail rather than skip without it.");
        }
        return Path.of(path);
    }

    private static Path executable(String path, String source) {
        Path binary = Path.of(path);
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(source + " names " + path + ", which is not an executable file");
        }
        return binary;
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static String logTail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temp folder is harmless.
        }
    }
}
