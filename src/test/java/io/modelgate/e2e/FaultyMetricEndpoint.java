package io.modelgate.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The metric endpoint of the {@code http} provider, on 127.0.0.1, answering {@code GET /revisions/<name>} with
 * {@code {"errorRate": v}} (pointer {@code /errorRate}), and misbehaving on request, per revision: HTTP 500, the string
 * {@code "NaN"}, an empty document {@code {}}, or an answer that comes only after a delay. Answers can be queued ("the
 * next two requests get a 500"), after which the revision's standing answer applies again. Counts the requests.
 */
final class FaultyMetricEndpoint implements AutoCloseable {

    sealed interface Answer permits Value, Status, NotANumber, Empty, Slow {
    }

    record Value(double value) implements Answer {
    }

    record Status(int code) implements Answer {
    }

    record NotANumber() implements Answer {
    }

    record Empty() implements Answer {
    }

    /** The standing value, but only after {@code delay}: slower than the provider's timeout, it is never read. */
    record Slow(Duration delay, double value) implements Answer {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "faulty-metric-endpoint");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Answer> standing = new ConcurrentHashMap<>();
    private final Map<String, Deque<Answer>> queued = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
    /** Released at close, so that slow answers do not hold the server's threads. */
    private final CountDownLatch closing = new CountDownLatch(1);

    FaultyMetricEndpoint() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/revisions/", this::answer);
        server.start();
    }

    /** The http provider's URL template. */
    String urlTemplate() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/revisions/{{revision}}";
    }

    void set(String revision, Answer answer) {
        standing.put(revision, answer);
    }

    /** The next {@code times} requests about the revision get {@code answer}, then its standing answer again. */
    synchronized void queue(String revision, Answer answer, int times) {
        Deque<Answer> deque = queued.computeIfAbsent(revision, k -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            deque.add(answer);
        }
    }

    long requests(String revision) {
        return requests.computeIfAbsent(revision, k -> new AtomicLong()).get();
    }

    private synchronized Answer next(String revision) {
        Deque<Answer> deque = queued.get(revision);
        Answer answer = deque == null ? null : deque.poll();
        return answer != null ? answer : standing.getOrDefault(revision, new Empty());
    }

    private void answer(HttpExchange exchange) throws IOException {
        String revision = exchange.getRequestURI().getPath().substring("/revisions/".length());
        requests.computeIfAbsent(revision, k -> new AtomicLong()).incrementAndGet();
        Answer answer = next(revision);
        try {
            if (answer instanceof Value v) {
                send(exchange, 200, "{\"errorRate\": " + v.value() + "}");
            } else if (answer instanceof Status s) {
                send(exchange, s.code(), "{\"error\": \"the test endpoint fails on purpose\"}");
            } else if (answer instanceof NotANumber) {
                send(exchange, 200, "{\"errorRate\": \"NaN\"}");
            } else if (answer instanceof Empty) {
                send(exchange, 200, "{}");
            } else if (answer instanceof Slow s) {
                try {
                    if (closing.await(s.delay().toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                send(exchange, 200, "{\"errorRate\": " + s.value() + "}");
            }
        } catch (IOException clientGaveUp) {
            // the provider timed out and closed the connection: what a slow answer is for
        } finally {
            exchange.close();
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
