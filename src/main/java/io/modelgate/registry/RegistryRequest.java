package io.modelgate.registry;

import java.util.Map;
import java.util.Optional;

/**
 * One write to the registry that a plan wants made. The reconciler makes it and plans again with the answer under
 * {@link #key()}. Every write is safe to repeat: a version is looked up by the revision's uid before one is created,
 * an alias and a tag are set to a value.
 *
 * @param revisionUid the revision's uid, the version's identity in the registry (a pipeline deleted and made again
 *                    under the same name gets new versions)
 * @param version     the version written to (MoveAlias, TagOutcome); empty for CreateVersion
 * @param source      the artifact URI (CreateVersion)
 * @param tags        the version's tags (CreateVersion), or the one outcome tag (TagOutcome)
 * @param alias       the alias to move (MoveAlias)
 */
public record RegistryRequest(String key, RegistryWrite write, RegistryTarget target, String revision, String revisionUid,
                              Optional<String> version, String source, String description, Map<String, String> tags,
                              Optional<String> alias) {

    public RegistryRequest {
        tags = Map.copyOf(tags);
    }
}
