package io.modelgate.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A metrics source the test controls, on 127.0.0.1 (an ephemeral port), speaking what the real providers read:
 * <ul>
 *   <li>{@code GET /api/v1/query?query=…} as Prometheus's instant query API: the revision is taken from the
 *       rendered query's {@code revision="<name>"} matcher, and the answer is a vector with one sample holding the
 *       value set for that revision ({@link #set}), or an empty vector when none is set (no data), or HTTP 503 while
 *       the revision is {@link #fail failing};</li>
 *   <li>{@code GET /revisions/<name>} as a JSON document for the http provider: {@code {"errorRate": <value>}}
 *       (pointer {@code /errorRate}), or {@code {}} when none is set.</li>
 * </ul>
 * Every request is recorded (the revision asked about), so tests can tell which revisions were measured.
 */
public final class FakeMetricsServer implements AutoCloseable {

    private static final Pattern REVISION = Pattern.compile("revision=\"([^\"]*)\"");

    private final HttpServer server;
    private final List<String> authorizations = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fake-metrics-server");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Double> values = new ConcurrentHashMap<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final java.util.Set<String> failing = ConcurrentHashMap.newKeySet();

    private FakeMetricsServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/api/v1/query", this::prometheus);
        server.createContext("/revisions/", this::document);
        server.start();
    }

    public static FakeMetricsServer start() {
        try {
            return new FakeMetricsServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:PORT}: the Prometheus address. */
    public String address() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The URL template of the http provider: {@code <address>/revisions/{{revision}}}, pointer {@code /errorRate}. */
    public String documentUrlTemplate() {
        return address() + "/revisions/{{revision}}";
    }

    public void set(String revision, double value) {
        failing.remove(revision);
        values.put(revision, value);
    }

    public void clear(String revision) {
        failing.remove(revision);
        values.remove(revision);
    }

    /** Queries about {@code revision} answer HTTP 503 (a provider outage) until {@link #set} or {@link #clear}. */
    public void fail(String revision) {
        failing.add(revision);
    }

    /** The Authorization header of every document request, in order ("null" when there was none). */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    /** The revisions asked about, in order (one entry per request). */
    public List<String> asked() {
        return List.copyOf(asked);
    }

    public long timesAsked(String revision) {
        return asked.stream().filter(revision::equals).count();
    }

    private void prometheus(HttpExchange exchange) throws IOException {
        String query = parameter(exchange.getRequestURI().getRawQuery(), "query");
        Matcher matcher = REVISION.matcher(query == null ? "" : query);
        if (!matcher.find()) {
            send(exchange, 400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"the fake needs revision=\\\"...\\\" in the query\"}");
            return;
        }
        String revision = matcher.group(1);
        asked.add(revision);
        if (failing.contains(revision)) {
            send(exchange, 503, "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"the fake is down for " + revision + "\"}");
            return;
        }
        Double value = values.get(revision);
        String result = value == null ? "[]"
                : "[{\"metric\":{\"revision\":\"" + revision + "\"},\"value\":[" + System.currentTimeMillis() / 1000.0 + ",\"" + value + "\"]}]";
        send(exchange, 200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":" + result + "}}");
    }

    private void document(HttpExchange exchange) throws IOException {
        String revision = exchange.getRequestURI().getPath().substring("/revisions/".length());
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        asked.add(revision);
        Double value = values.get(revision);
        send(exchange, 200, value == null ? "{}" : "{\"errorRate\":" + value + "}");
    }

    private static String parameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
