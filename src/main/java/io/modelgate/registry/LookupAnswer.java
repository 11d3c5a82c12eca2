package io.modelgate.registry;

/** What the registry answered to one {@link RegistryLookup}. */
public sealed interface LookupAnswer {

    /** The version the reference names now, and where its model is ({@code source}, the artifact URI). */
    record Found(String version, String source) implements LookupAnswer {
    }

    /** No such registered model, alias or version (or a version whose registration failed): the spec must change. */
    record Missing(String message) implements LookupAnswer {
    }

    /**
     * Not answered: the server is down, refused the credentials, or the version is still being registered. What was
     * found before stays; the look-up is made again.
     */
    record Unavailable(String message) implements LookupAnswer {
    }
}
