package io.modelgate.registry;

/** A model registry a revision's record is written to. One implementation per kind of registry (MLflow today). */
public interface ModelRegistry {

    /** Makes the write, idempotently; never throws for what the server answers or for the server being down. */
    RegistryAnswer write(RegistryRequest request, RegistryCredentials credentials);
}
