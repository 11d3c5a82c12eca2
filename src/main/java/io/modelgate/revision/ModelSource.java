package io.modelgate.revision;

import java.util.Optional;

/**
 * Where the pipeline's model comes from, as the planner needs it: trained (or a fixed modelUri, part of the spec),
 * or the version a registered model reference names now.
 *
 * @param registeredVersion the version spec.source.registeredModel names, when known
 * @param awaitingRegistry  a registered model whose version is not known yet (the registry has not answered): there
 *                          is nothing to make a revision of
 */
public record ModelSource(Optional<String> registeredVersion, boolean awaitingRegistry) {

    public static final ModelSource SPEC = new ModelSource(Optional.empty(), false);
    public static final ModelSource AWAITING_REGISTRY = new ModelSource(Optional.empty(), true);

    public static ModelSource registered(String version) {
        return new ModelSource(Optional.of(version), false);
    }

    /** The revision delivers another version than the one named now. */
    boolean movedFrom(RevisionView latest) {
        return registeredVersion.isPresent() && !registeredVersion.get().equals(latest.modelVersion());
    }
}
