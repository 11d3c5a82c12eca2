package io.modelgate.provider;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

/**
 * POSTs a JSON document and says whether the endpoint took it (any 2xx): the lifecycle hooks' call. Never throws,
 * never waits past the timeout, never shows a header value or the URL's query string.
 */
public final class WebhookPost {

    /** @param message the status and the start of the body, or why there was no answer */
    public record Result(boolean ok, String message) {
    }

    private final HttpClient client;

    public WebhookPost() {
        this(HttpFetch.newClient());
    }

    public WebhookPost(HttpClient client) {
        this.client = client;
    }

    public Result post(String url, String json, Map<String, String> headers, Duration timeout) {
        URI uri;
        try {
            uri = URI.create(url);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
                return new Result(false, "not an http(s) URL: " + Texts.abbreviate(url, 80));
            }
        } catch (IllegalArgumentException e) {
            return new Result(false, "not a URL: " + Texts.abbreviate(url, 80));
        }
        String shown = Texts.redacted(uri);
        HttpFetch.Outcome outcome = HttpFetch.send(client, "POST", json, uri, headers, timeout, shown);
        if (outcome instanceof HttpFetch.Failure failure) {
            return new Result(false, failure.message());
        }
        HttpFetch.Response response = (HttpFetch.Response) outcome;
        String said = response.body().isBlank() ? "" : ": " + Texts.abbreviate(response.body().strip(), 200);
        return new Result(response.ok(), shown + " answered HTTP " + response.status() + said);
    }
}
