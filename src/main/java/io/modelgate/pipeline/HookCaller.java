package io.modelgate.pipeline;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelgate.pipeline.plan.HookCall;
import io.modelgate.provider.WebhookPost;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Calls the HTTP hooks a plan asks for: one POST each, headers from their Secret, never throwing. */
public final class HookCaller {

    private final WebhookPost post;

    public HookCaller() {
        this(new WebhookPost());
    }

    public HookCaller(WebhookPost post) {
        this.post = post;
    }

    Map<String, HookCall.Answer> call(KubernetesClient client, List<HookCall> calls) {
        Map<String, HookCall.Answer> answers = new LinkedHashMap<>();
        for (HookCall call : calls) {
            Map<String, String> headers = new LinkedHashMap<>();
            if (call.headersSecret().isPresent()) {
                try {
                    headers.putAll(NamespaceSecrets.read(client, call.namespace(), call.headersSecret().get()));
                } catch (IllegalStateException e) {
                    answers.put(call.key(), new HookCall.Answer(false, e.getMessage() + " (headersFrom)"));
                    continue;
                }
            }
            WebhookPost.Result result = post.post(call.url(), call.body(), headers, call.timeout());
            answers.put(call.key(), new HookCall.Answer(result.ok(), result.message()));
        }
        return answers;
    }
}
