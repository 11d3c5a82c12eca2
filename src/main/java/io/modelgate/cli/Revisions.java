package io.modelgate.cli;

import io.modelgate.api.ModelRevision;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Helpers over a pipeline's revisions as read from the API server. */
public final class Revisions {

    /** Newest first: the highest {@code spec.number}, then the newest creation time, then the name. */
    public static final Comparator<ModelRevision> NEWEST_FIRST = Comparator
            .comparing((ModelRevision r) -> r.getSpec() == null || r.getSpec().getNumber() == null ? Integer.MIN_VALUE : r.getSpec().getNumber())
            .thenComparing(r -> r.getMetadata().getCreationTimestamp() == null ? "" : r.getMetadata().getCreationTimestamp())
            .thenComparing(r -> r.getMetadata().getName())
            .reversed();

    private Revisions() {
    }

    /** The revisions of {@code pipeline} among {@code all}, newest first. */
    public static List<ModelRevision> of(String pipeline, List<ModelRevision> all) {
        return all.stream()
                .filter(r -> r.getSpec() != null && pipeline.equals(r.getSpec().getPipeline()))
                .sorted(NEWEST_FIRST)
                .toList();
    }

    public static Optional<ModelRevision> named(String name, List<ModelRevision> revisions) {
        return name == null ? Optional.empty() : revisions.stream().filter(r -> name.equals(r.getMetadata().getName())).findFirst();
    }

    static String phase(ModelRevision revision) {
        return revision.getStatus() == null || revision.getStatus().getPhase() == null ? "Pending" : revision.getStatus().getPhase();
    }

    static String trigger(ModelRevision revision) {
        return revision.getSpec() == null || revision.getSpec().getTrigger() == null ? "" : revision.getSpec().getTrigger().name();
    }
}
