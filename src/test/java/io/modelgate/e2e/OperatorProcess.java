package io.modelgate.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The operator as users run it: the built Quarkus application ({@code target/quarkus-app/quarkus-run.jar})
 * in a separate JVM, with a kubeconfig of its own, HTTP (metrics, health) on a free loopback port,
 * its output in a log file.
 */
public final class OperatorProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int httpPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private OperatorProcess(Process process, Path log, int httpPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    /** The built application, or a clear failure saying how to build it. */
    public static Path runnerJar(Path repo) {
        Path jar = repo.resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The operator is not built: " + jar + " is missing. End-to-end tests run the "
                    + "built artifact as a separate process; build it first with `mvn -B package -DskipTests` "
                    + "(or run `make test`, which does so before the e2e tests).");
        }
        return jar;
    }

    /**
     * @param extraEnv environment of the operator (e.g. copied from the chart's Deployment); KUBECONFIG and
     *                 the HTTP settings are set here and win
     */
    public static OperatorProcess start(Path repo, Path kubeconfig, Map<String, String> extraEnv, Path log) {
        Path jar = runnerJar(repo);
        int port = E2e.freeLoopbackPort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-XX:TieredStopAtLevel=1"); // starts faster on the 2 shared cores; plenty for a test
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(repo.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        // Hermetic: nothing from the developer's shell may point the operator at another cluster or port.
        env.keySet().removeIf(k -> k.startsWith("KUBERNETES_") || k.startsWith("QUARKUS_") || k.equals("KUBECONFIG"));
        env.putAll(extraEnv);
        env.put("KUBECONFIG", kubeconfig.toString());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        try {
            Files.createDirectories(log.getParent());
            E2e.log("starting the operator: %s (log %s, http 127.0.0.1:%d)", String.join(" ", command), log, port);
            return new OperatorProcess(builder.start(), log, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the operator reports ready (its controller started) on /q/health/ready. */
    public void awaitReady(Duration timeout) {
        try {
            await("operator ready on " + baseUrl() + "/q/health/ready")
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(250))
                    .failFast("the operator process exited", () -> !process.isAlive())
                    .until(() -> {
                        try {
                            int status = get("/q/health/ready").statusCode();
                            // Without the health extension, an answering /metrics is the best sign of life.
                            return status == 200 || status == 404 && get("/metrics").statusCode() == 200;
                        } catch (IOException notListeningYet) {
                            return false;
                        }
                    });
        } catch (RuntimeException e) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the operator exited with code " + process.exitValue()
                        + " before it became ready; last lines of " + log + ":\n" + logTail(60), e);
            }
            throw new IllegalStateException("the operator did not become ready in " + timeout + "; last lines of "
                    + log + ":\n" + logTail(60), e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(5)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The Prometheus text exposition at /metrics. */
    public String scrapeMetrics() {
        try {
            HttpResponse<String> response = get("/metrics");
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /metrics answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Parses the samples of one metric family: label set (as written) to value. */
    public static Map<String, Double> samples(String exposition, String metric) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(metric.length(), space).trim(), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return samples;
    }

    /** Waits for the process to end by itself (an operator that refuses to start) and returns its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the operator (pid " + process.pid() + ") still runs after " + timeout
                        + "; last lines of " + log + ":\n" + logTail(40));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * {@code kill -9}: the JVM ends at once, with no shutdown hook, no Lease release and no request finished.
     * Returns once the process is gone.
     */
    public void kill() {
        process.destroyForcibly(); // SIGKILL on Linux
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the operator (pid " + process.pid() + ") did not end 30 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code kill -STOP}: the process is frozen where it is (its sockets stay open) until {@link #thaw()}. */
    public void freeze() {
        signal("STOP");
    }

    /** {@code kill -CONT} after {@link #freeze()}. */
    public void thaw() {
        signal("CONT");
    }

    private void signal(String signal) {
        E2e.Result result = E2e.run(List.of("kill", "-" + signal, Long.toString(process.pid())), Map.of(), Path.of("/"), 10);
        if (!result.ok()) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed: " + result.stderr());
        }
    }

    /** The exit code once the process has ended; empty while it runs. */
    public java.util.OptionalInt exitCode() {
        return process.isAlive() ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(process.exitValue());
    }

    /** Completes when the process has ended, however it ended. */
    public java.util.concurrent.CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public String logTail(int lines) {
        return E2e.tail(log, lines);
    }

    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM (Quarkus shuts down cleanly), SIGKILL after 20 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                E2e.log("the operator (pid %d) did not stop in 20 s: killing it", process.pid());
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
