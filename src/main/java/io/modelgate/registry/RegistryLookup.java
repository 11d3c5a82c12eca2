package io.modelgate.registry;

import java.util.Optional;

/**
 * A look-up of the model version a pipeline delivers (spec.source.registeredModel) that a plan wants made. The
 * reconciler makes it and plans again with the answer under {@link #key()}.
 *
 * @param target  the server and the registered model name ({@link RegistryTarget#model()})
 * @param alias   the alias to resolve; empty when {@code version} is named
 * @param version the version to read; empty when {@code alias} is named
 */
public record RegistryLookup(String key, RegistryTarget target, Optional<String> alias, Optional<String> version) {

    public RegistryLookup {
        if (alias.isPresent() == version.isPresent()) {
            throw new IllegalArgumentException("a look-up names exactly one of alias and version");
        }
    }

    /** "alias champion of churn" or "version 3 of churn". */
    public String describe() {
        return alias.map(a -> "alias " + a).orElseGet(() -> "version " + version.orElseThrow()) + " of registered model " + target.model();
    }
}
