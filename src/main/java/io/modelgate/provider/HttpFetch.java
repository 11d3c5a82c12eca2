package io.modelgate.provider;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One request (GET, or POST/PUT with a body) with a deadline that covers everything: connecting, the response headers <em>and</em> the body
 * ({@link HttpRequest#timeout} alone stops at the headers, so a server that sends headers and then stalls
 * would hold the caller). Failures become a sentence; nothing is thrown.
 */
final class HttpFetch {

    /** What came back, or why nothing did. */
    sealed interface Outcome permits Response, Failure {
    }

    /** Any HTTP answer, 2xx or not. */
    record Response(int status, String body) implements Outcome {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** No HTTP answer: timeout, refused connection, unknown host, broken connection, bad request settings. */
    record Failure(String message) implements Outcome {
    }

    private HttpFetch() {
    }

    /** A client suited to the providers: HTTP/1.1, no redirects followed (a redirect is reported as such). */
    static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * @param shown how the target is named in messages (never with a query string or credentials)
     */
    static Outcome get(HttpClient client, URI uri, Map<String, String> headers, Duration timeout, String shown) {
        return send(client, "GET", null, uri, headers, timeout, shown);
    }

    /**
     * @param body sent as {@code application/json} unless {@code headers} name another Content-Type; null sends none
     */
    static Outcome send(HttpClient client, String method, String body, URI uri, Map<String, String> headers, Duration timeout, String shown) {
        HttpRequest request;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .header("Accept", "application/json");
            if (body != null && headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
                builder.header("Content-Type", "application/json");
            }
            for (Map.Entry<String, String> header : headers.entrySet()) {
                if (header.getKey() == null || header.getValue() == null) {
                    return new Failure("header \"" + header.getKey() + "\" has no value");
                }
                try {
                    builder.setHeader(header.getKey(), header.getValue());
                } catch (IllegalArgumentException e) {
                    // Never the value in the message: headers carry credentials.
                    return new Failure("header \"" + header.getKey() + "\" cannot be sent: "
                            + (e.getMessage() == null ? "invalid name or value" : restrictedOrInvalid(e)));
                }
            }
            request = builder.build();
        } catch (IllegalArgumentException e) {
            return new Failure("cannot request " + shown + ": " + e.getMessage());
        }

        CompletableFuture<HttpResponse<String>> future;
        try {
            future = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        } catch (IllegalArgumentException e) {
            return new Failure("cannot request " + shown + ": " + e.getMessage());
        }
        try {
            HttpResponse<String> response = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return new Response(response.statusCode(), response.body() == null ? "" : response.body());
        } catch (TimeoutException e) {
            future.cancel(true);
            return timedOut(shown, timeout);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return new Failure("interrupted while waiting for " + shown);
        } catch (ExecutionException e) {
            return failure(e.getCause(), shown, timeout);
        }
    }

    private static String restrictedOrInvalid(RuntimeException e) {
        String message = e.getMessage();
        // The JDK's messages name the header, never its value ("restricted header name: \"Host\"",
        // "invalid header value for header ..." does not echo the value either) — keep only the first clause.
        int colon = message.indexOf(':');
        return colon > 0 ? message.substring(0, colon) : message;
    }

    private static Failure failure(Throwable cause, String shown, Duration timeout) {
        if (cause instanceof HttpConnectTimeoutException) {
            return new Failure("could not connect to " + shown + " within " + Texts.duration(timeout));
        }
        if (cause instanceof HttpTimeoutException) {
            return timedOut(shown, timeout);
        }
        if (cause instanceof ConnectException) {
            // The JDK's ConnectException often has no message, or wraps the socket's one.
            Throwable root = cause;
            while (root.getCause() != null && root.getMessage() == null) {
                root = root.getCause();
            }
            String detail = root.getMessage() == null ? "connection refused" : root.getMessage();
            if (root instanceof UnresolvedAddressException) {
                detail = "unknown host";
            }
            return new Failure("could not connect to " + shown + ": " + detail);
        }
        if (cause instanceof IOException) {
            return new Failure("I/O error talking to " + shown + ": "
                    + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
        }
        return new Failure("request to " + shown + " failed: " + cause);
    }

    private static Failure timedOut(String shown, Duration timeout) {
        return new Failure("no answer from " + shown + " within " + Texts.duration(timeout) + " (timed out)");
    }
}
