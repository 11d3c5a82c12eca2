package io.modelgate.registry;

import java.util.Optional;

/**
 * Which registry a request goes to, and with which credentials.
 *
 * @param address    the server's base URL
 * @param model      the registered model name
 * @param namespace  where the credentials Secret is read
 * @param secretName the credentials Secret, if any
 */
public record RegistryTarget(String address, String model, String namespace, Optional<String> secretName) {
}
