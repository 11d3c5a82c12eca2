package io.modelgate.registry;

/**
 * A model registry: a revision's record is written to it, and the model version a pipeline delivers is looked up in
 * it. One implementation per kind of registry (MLflow today).
 */
public interface ModelRegistry {

    /** Makes the write, idempotently; never throws for what the server answers or for the server being down. */
    RegistryAnswer write(RegistryRequest request, RegistryCredentials credentials);

    /** Reads the version a reference names now; never throws for what the server answers or for the server being down. */
    LookupAnswer lookUp(RegistryLookup lookup, RegistryCredentials credentials);
}
