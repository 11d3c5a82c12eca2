package io.modelgate.provider;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A scripted HTTP server on 127.0.0.1 (an ephemeral port) for the provider tests: it records every request
 * and answers what the test said, or stalls (before or after the headers) until {@link #release()}.
 */
final class StubHttpServer implements AutoCloseable {

    /** One request as received. */
    record Request(String method, String path, String rawQuery, Map<String, String> query, Headers headers, String body) {
    }

    private interface Responder {
        void respond(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "stub-http-server");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile Responder responder = exchange -> send(exchange, 404, "text/plain", "not scripted");

    private StubHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try {
                URI uri = exchange.getRequestURI();
                requests.add(new Request(exchange.getRequestMethod(), uri.getPath(), uri.getRawQuery(),
                        decode(uri.getRawQuery()), exchange.getRequestHeaders(),
                        new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
                responder.respond(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // The client went away (e.g. it timed out): nothing to answer.
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    static StubHttpServer start() {
        try {
            return new StubHttpServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:PORT}. */
    String address() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String url(String pathAndQuery) {
        return address() + pathAndQuery;
    }

    void respond(int status, String contentType, String body) {
        responder = exchange -> send(exchange, status, contentType, body);
    }

    void respondJson(String body) {
        respond(200, "application/json", body);
    }

    void respondJson(int status, String body) {
        respond(status, "application/json", body);
    }

    /** Prometheus's success envelope around {@code data}. */
    void respondPrometheus(String data) {
        respondJson("{\"status\":\"success\",\"data\":" + data + "}");
    }

    /** A redirect, which the providers must report rather than follow. */
    void redirectTo(String location) {
        responder = exchange -> {
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(302, -1);
        };
    }

    /** Sends nothing, not even headers, until {@link #release()}. */
    void stallBeforeHeaders() {
        responder = exchange -> {
            released.await(60, TimeUnit.SECONDS);
            send(exchange, 200, "application/json", "{}");
        };
    }

    /** Sends 200, its headers and the start of a body, then nothing until {@link #release()}. */
    void stallAfterHeaders(String bodyStart) {
        responder = exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            body.write(bodyStart.getBytes(StandardCharsets.UTF_8));
            body.flush();
            released.await(60, TimeUnit.SECONDS);
        };
    }

    /** Lets stalled handlers finish. */
    void release() {
        released.countDown();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    Request lastRequest() {
        if (requests.isEmpty()) {
            throw new AssertionError("the server received no request");
        }
        return requests.get(requests.size() - 1);
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }

    /** A 127.0.0.1 port that nothing listens on (it was free a moment ago). */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static Map<String, String> decode(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }
}
