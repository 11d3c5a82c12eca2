package io.modelgate.testing;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus server (Debian's {@code prometheus} package, {@code /usr/bin/prometheus}) for one test
 * class, scraping, every second, a metrics endpoint that the test controls.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final LocalPrometheus PROMETHEUS = new LocalPrometheus();
 * ...
 * PROMETHEUS.setCounterRate("http_requests_total", Map.of("revision", "fraud-r2", "code", "500"), 2.0);
 * PROMETHEUS.setGauge("model_latency_seconds", Map.of("revision", "fraud-r2"), 0.125);
 * new PrometheusProvider().query(PROMETHEUS.address(), "...", null, Duration.ofSeconds(5));
 * </pre>
 *
 * Everything binds to 127.0.0.1 only: the metrics endpoint (an ephemeral port) and Prometheus's web
 * listener (a free port chosen once, kept across {@link #stop()} / {@link #start()} so that the address stays
 * valid). The only target scraped is the metrics endpoint; Prometheus makes no other connection.
 * {@link #stop()} and {@link #start()} can be called mid-test (e.g. "Prometheus goes away during an
 * analysis"); {@link #pause()} / {@link #resume()} freeze the process (SIGSTOP / SIGCONT), so that it accepts
 * connections but answers nothing. The TSDB folder survives a restart; everything is deleted in afterAll.
 *
 * <p>The server always stops: in afterAll, in a JVM shutdown hook, and, if the JVM is killed outright, by
 * a watchdog ({@code sh -c 'cat >/dev/null; kill …'}) that ends Prometheus when the JVM's end of its stdin
 * pipe closes. When the binary is missing the class FAILS (it never skips): run {@code hack/install-deps.sh} ({@code make deps}).
 * The binary is {@code -Dmodelgate.prometheus.binary}, else {@code $PROMETHEUS_BINARY}, else
 * {@code /usr/bin/prometheus}, else {@code prometheus} on the PATH.
 */
public final class LocalPrometheus implements BeforeAllCallback, AfterAllCallback {

    /** Scrape (and rule evaluation) interval. */
    public static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(1);
    public static final String JOB = "modelgate-test";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(
            Long.getLong("modelgate.prometheus.startupTimeoutSeconds", 60));

    private final Map<String, Series> series = new ConcurrentSkipListMap<>();
    private final AtomicLong scrapes = new AtomicLong();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Path workDir;
    private HttpServer metricsServer;
    private ExecutorService metricsExecutor;
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

    /** Starts the metrics endpoint and Prometheus (idempotent). */
    public synchronized void boot() {
        if (workDir != null) {
            return;
        }
        try {
            workDir = Files.createTempDirectory("modelgate-prometheus-");
            startMetricsServer();
            port = freeLoopbackPort();
            Files.writeString(workDir.resolve("prometheus.yml"), config());
            shutdownHook = new Thread(this::stopQuietly, "stop-local-prometheus");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
        try {
            start();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** Stops Prometheus and the metrics endpoint, deletes the folder (idempotent). */
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
        if (metricsServer != null) {
            metricsServer.stop(0);
            metricsExecutor.shutdownNow();
            metricsServer = null;
        }
        if (workDir != null) {
            deleteRecursively(workDir);
            workDir = null;
        }
    }

    /** {@code http://127.0.0.1:PORT}: the address to give the provider; stays the same across restarts. */
    public String address() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code http://127.0.0.1:PORT/metrics}: what Prometheus scrapes. */
    public String metricsUrl() {
        return "http://127.0.0.1:" + metricsServer.getAddress().getPort() + "/metrics";
    }

    /** How many times the metrics endpoint has been scraped. */
    public long scrapes() {
        return scrapes.get();
    }

    /** How long the last {@link #start()} took until {@code /-/ready}. */
    public Duration lastStartup() {
        return lastStartup;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts Prometheus (if stopped) and waits for {@code /-/ready}. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        Path binary = binary();
        Path log = workDir.resolve("prometheus.log");
        List<String> command = List.of(binary.toString(),
                "--config.file=" + workDir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + workDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--web.console.templates=" + workDir.resolve("consoles"),
                "--web.console.libraries=" + workDir.resolve("console_libraries"),
                "--log.level=info");
        long started = System.nanoTime();
        try {
            process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            watchdog = new ProcessBuilder("sh", "-c", "cat >/dev/null; kill -TERM " + process.pid() + " 2>/dev/null")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + binary + ": " + e.getMessage(), e);
        }
        try {
            await("Prometheus at " + address() + " ready")
                    .atMost(STARTUP_TIMEOUT)
                    .pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions()
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("exited with " + process.exitValue());
                        }
                        return get("/-/ready") == 200;
                    });
        } catch (RuntimeException e) {
            boolean exited = !process.isAlive();
            stopQuietly();
            throw new IllegalStateException("Prometheus did not become ready on " + address()
                    + (exited ? " (it exited)" : "") + "; its log ends with:\n" + logTail(log), e);
        }
        lastStartup = Duration.ofNanos(System.nanoTime() - started);
    }

    /** Stops Prometheus (SIGTERM, then SIGKILL after 20 s) and waits for it to exit. */
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
            resume();
            process.destroy();
            if (!waitFor(process, Duration.ofSeconds(20))) {
                process.destroyForcibly();
                waitFor(process, Duration.ofSeconds(10));
            }
            process = null;
        }
    }

    /** Freezes Prometheus (SIGSTOP): connections are accepted by the kernel, nothing is answered. */
    public synchronized void pause() {
        signal("STOP");
    }

    /** Unfreezes it (SIGCONT). */
    public synchronized void resume() {
        signal("CONT");
    }

    /** Waits until the metrics endpoint has been scraped {@code n} more times. */
    public void awaitScrapes(int n) {
        long target = scrapes.get() + n;
        await("scrape #" + target).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> scrapes.get() >= target);
    }

    /** A gauge with the given labels and value (replacing any series of that name and labels). */
    public void setGauge(String name, Map<String, String> labels, double value) {
        series.put(key(name, labels), new Series(name, labels, false, value, 0, System.nanoTime()));
    }

    /**
     * A counter growing at {@code perSecond} from now on, continuing from its current value (0 if new), so
     * that {@code rate(name{labels}[…])} tends to {@code perSecond}.
     */
    public void setCounterRate(String name, Map<String, String> labels, double perSecond) {
        series.compute(key(name, labels), (k, old) -> {
            long now = System.nanoTime();
            double current = old == null ? 0 : old.valueAt(now);
            return new Series(name, labels, true, current, perSecond, now);
        });
    }

    /** Removes a series from the endpoint (Prometheus marks it stale at the next scrape). */
    public void remove(String name, Map<String, String> labels) {
        series.remove(key(name, labels));
    }

    /** The current exposition, as Prometheus would scrape it now. */
    public String exposition() {
        long now = System.nanoTime();
        StringBuilder out = new StringBuilder();
        String previousName = null;
        for (Series s : series.values()) {
            if (!s.name().equals(previousName)) {
                out.append("# TYPE ").append(s.name()).append(s.counter() ? " counter\n" : " gauge\n");
                previousName = s.name();
            }
            out.append(s.name()).append(labelText(s.labels())).append(' ').append(format(s.valueAt(now))).append('\n');
        }
        return out.toString();
    }

    private record Series(String name, Map<String, String> labels, boolean counter, double base, double perSecond,
                          long sinceNanos) {
        Series {
            labels = new TreeMap<>(labels);
        }

        double valueAt(long nanos) {
            return base + perSecond * (nanos - sinceNanos) / 1e9;
        }
    }

    private static String key(String name, Map<String, String> labels) {
        if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            throw new IllegalArgumentException("not a metric name: " + name);
        }
        return name + labelText(labels);
    }

    private static String labelText(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "";
        }
        return new TreeMap<>(labels).entrySet().stream()
                .map(e -> e.getKey() + "=\"" + e.getValue().replace("\\", "\\\\").replace("\"", "\\\"")
                        .replace("\n", "\\n") + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return Double.toString(value);
    }

    private String config() {
        String interval = SCRAPE_INTERVAL.toSeconds() + "s";
        return "global:\n"
                + "  scrape_interval: " + interval + "\n"
                + "  scrape_timeout: " + interval + "\n"
                + "  evaluation_interval: " + interval + "\n"
                + "scrape_configs:\n"
                + "  - job_name: " + JOB + "\n"
                + "    metrics_path: /metrics\n"
                + "    static_configs:\n"
                + "      - targets: ['127.0.0.1:" + metricsServer.getAddress().getPort() + "']\n";
    }

    private void startMetricsServer() throws IOException {
        metricsServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        metricsExecutor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "local-prometheus-metrics");
            thread.setDaemon(true);
            return thread;
        });
        metricsServer.setExecutor(metricsExecutor);
        metricsServer.createContext("/metrics", exchange -> {
            try {
                byte[] body = exposition().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
                scrapes.incrementAndGet();
            } finally {
                exchange.close();
            }
        });
        metricsServer.start();
    }

    private int get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(address() + path)).timeout(Duration.ofSeconds(2)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private void signal(String signal) {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!waitFor(kill, Duration.ofSeconds(10)) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
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

    /** The prometheus binary, or a failure that says how to install it. */
    public static Path binary() {
        List<String> candidates = new ArrayList<>();
        String property = System.getProperty("modelgate.prometheus.binary");
        if (property != null && !property.isBlank()) {
            candidates.add(property);
        }
        String env = System.getenv("PROMETHEUS_BINARY");
        if (env != null && !env.isBlank()) {
            candidates.add(env);
        }
        candidates.add("/usr/bin/prometheus");
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty()) {
                candidates.add(dir + "/prometheus");
            }
        }
        return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException("no prometheus binary (looked at " + candidates
                        + "); install Debian's package with hack/install-deps.sh (make deps)"));
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
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
