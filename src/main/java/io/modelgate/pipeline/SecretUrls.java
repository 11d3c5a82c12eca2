package io.modelgate.pipeline;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelgate.notify.WebhookTarget;

/** A webhook's URL read from its Secret at send time, on the sender's thread: a rotated URL is used at once. */
public final class SecretUrls implements Notifier.UrlSource {

    private final KubernetesClient client;

    public SecretUrls(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public String url(WebhookTarget target) {
        String url = NamespaceSecrets.read(client, target.secretNamespace(), target.secretName()).get(target.secretKey());
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("Secret " + target.secretName() + " has no key " + target.secretKey());
        }
        return url;
    }
}
