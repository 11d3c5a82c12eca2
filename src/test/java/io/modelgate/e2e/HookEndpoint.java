package io.modelgate.e2e;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP endpoint on 127.0.0.1 that takes what hooks and webhooks POST, answers 200, and keeps every body; under
 * {@code /scores/} it answers as a scorer would, with a JSON document for a web metric.
 */
final class HookEndpoint implements AutoCloseable {

    record Received(String path, String body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private HookEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                received.add(new Received(exchange.getRequestURI().getPath(),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                if (exchange.getRequestURI().getPath().startsWith("/scores/")) {
                    byte[] score = "{\"data\": {\"agreement\": 0.97, \"latencyMs\": null}}".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, score.length);
                    exchange.getResponseBody().write(score);
                } else {
                    exchange.sendResponseHeaders(200, -1);
                }
            }
        });
        server.start();
    }

    static HookEndpoint start() {
        try {
            return new HookEndpoint();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String address() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** What was received on paths starting with {@code prefix}, in order. */
    List<Received> bodies(String prefix) {
        return received.stream().filter(r -> r.path().startsWith(prefix)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
