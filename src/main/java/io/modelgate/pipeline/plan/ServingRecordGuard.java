package io.modelgate.pipeline.plan;

import io.modelgate.api.ModelRevision;
import io.modelgate.status.Reason;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The record of the revision that serves is not deleted from under it. Its serving workload is owned by the record, so
 * garbage collection would take the model down with it until a retrain finished (hours for a real model). The stable
 * revision holds the finalizer {@value #FINALIZER}; a deletion of it waits, with a Warning, until another revision
 * serves; the pipeline's own deletion releases it (ModelPipelineReconciler#cleanup).
 */
public final class ServingRecordGuard {

    public static final String FINALIZER = "modelgate.io/serving";

    private final PassState pass;

    ServingRecordGuard(PassState pass) {
        this.pass = pass;
    }

    void keep() {
        Optional<String> stable = pass.stableName();
        for (ModelRevision revision : pass.revisions.values()) {
            String name = revision.getMetadata().getName();
            boolean serves = stable.equals(Optional.of(name));
            boolean holds = holdsTheFinalizer(revision);
            boolean beingDeleted = revision.getMetadata().getDeletionTimestamp() != null;
            if (revision.getMetadata().getResourceVersion() == null) {
                continue; // created in this pass: the next pass sees it as the server has it
            }
            if (serves && !holds && !beingDeleted) {
                setFinalizer(revision, true);
            } else if (!serves && holds) {
                setFinalizer(revision, false);
                if (beingDeleted) {
                    pass.effects.log("releasing the deleted record %s: %s serves now", name, stable.orElse("nothing"));
                }
            } else if (serves && holds && beingDeleted) {
                pass.effects.event(EventIntent.warning(revision, Reason.DeletionHeld, name + " serves: its record and its serving workload"
                        + " stay until another revision serves; delete the ModelPipeline to take the model down"));
            }
        }
    }

    /** When the pipeline itself is deleted, the model goes with it: every record is let go. */
    public static List<Intent> releaseAll(java.util.Collection<ModelRevision> revisions) {
        return revisions.stream().filter(ServingRecordGuard::holdsTheFinalizer)
                .<Intent>map(r -> new Intent.SetFinalizers(r.getMetadata().getName(), r.getMetadata().getResourceVersion(), without(r)))
                .toList();
    }

    static boolean holdsTheFinalizer(ModelRevision revision) {
        return revision.getMetadata().getFinalizers() != null && revision.getMetadata().getFinalizers().contains(FINALIZER);
    }

    /** The revision's finalizers without Modelgate's, for the pipeline's deletion. */
    static List<String> without(ModelRevision revision) {
        List<String> rest = new ArrayList<>(revision.getMetadata().getFinalizers() == null ? List.of() : revision.getMetadata().getFinalizers());
        rest.remove(FINALIZER);
        return rest;
    }

    private void setFinalizer(ModelRevision revision, boolean present) {
        List<String> finalizers = without(revision);
        if (present) {
            finalizers.add(FINALIZER);
        }
        pass.effects.write(new Intent.SetFinalizers(revision.getMetadata().getName(), revision.getMetadata().getResourceVersion(), finalizers));
        revision.getMetadata().setFinalizers(finalizers);
    }
}
