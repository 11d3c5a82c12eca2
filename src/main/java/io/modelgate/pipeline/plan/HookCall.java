package io.modelgate.pipeline.plan;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP hook the plan needs called before it can decide: the reconciler POSTs {@code body} and plans again with the
 * answer under the same {@code key}.
 *
 * @param key           revision, attempt and hook: the same call in every planning round of a pass
 * @param headersSecret a Secret in {@code namespace} whose keys are sent as headers
 */
public record HookCall(String key, String namespace, String url, String body, Optional<String> headersSecret, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public HookCall {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(headersSecret, "headersSecret");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** What the endpoint said: a 2xx ({@code ok}), or what went wrong (status and body, or why there was no answer). */
    public record Answer(boolean ok, String message) {
        public Answer {
            Objects.requireNonNull(message, "message");
        }
    }
}
