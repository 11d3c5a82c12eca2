package io.modelgate.pipeline;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a Secret of a pipeline's namespace when a provider or a registry needs credentials; never cached, never logged. */
final class NamespaceSecrets {

    private NamespaceSecrets() {
    }

    /** The Secret's decoded values; a missing or unreadable Secret is an IllegalStateException that says which. */
    static Map<String, String> read(KubernetesClient client, String namespace, String name) {
        Secret secret;
        try {
            secret = client.secrets().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            throw new IllegalStateException("cannot read Secret " + name + ": HTTP " + e.getCode());
        }
        if (secret == null) {
            throw new IllegalStateException("Secret " + name + " not found");
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((key, value) -> values.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        return values;
    }
}
