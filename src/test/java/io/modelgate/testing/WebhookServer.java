package io.modelgate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on 127.0.0.1 (an ephemeral port): records every POST with the time it arrived and answers the
 * status it is told (200 by default; 503 plays a webhook that is down but listening).
 */
public final class WebhookServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One POST as received, and when (System.nanoTime and wall clock). */
    public record Received(String path, String contentType, String body, long nanos, java.time.Instant at) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger attempts = new AtomicInteger();
    private final List<Long> attemptNanos = new CopyOnWriteArrayList<>();

    private WebhookServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "webhook-server");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                attemptNanos.add(System.nanoTime());
                attempts.incrementAndGet();
                int answer = status.get();
                if (answer / 100 == 2) {
                    received.add(new Received(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Content-Type"),
                            body, System.nanoTime(), java.time.Instant.now()));
                }
                exchange.sendResponseHeaders(answer, -1);
            }
        });
        server.start();
    }

    public static WebhookServer start() {
        try {
            return new WebhookServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A URL with a token in its path, as Slack's are. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public void answer(int httpStatus) {
        status.set(httpStatus);
    }

    /** The POSTs it took (answered 2xx). */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Every POST, taken or refused. */
    public int attempts() {
        return attempts.get();
    }

    /** When each POST arrived (System.nanoTime), taken or refused. */
    public List<Long> attemptTimes() {
        return List.copyOf(attemptNanos);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
