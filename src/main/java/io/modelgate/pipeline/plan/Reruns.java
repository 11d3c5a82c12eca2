package io.modelgate.pipeline.plan;

import io.modelgate.api.ModelRevision;
import io.modelgate.revision.PipelinePlan;
import io.modelgate.status.Reason;
import io.modelgate.workload.Labels;

import java.util.Comparator;
import java.util.Optional;

/**
 * A person's rerun of an earlier revision ({@code modelgate.io/action: rerun:<revision>}): its frozen spec once more,
 * on the data version it recorded. A request for a revision that is not there is answered and dropped; one already
 * served (its annotation seen again before its removal reached the cache) is not served twice.
 */
final class Reruns {

    private final PassState pass;
    private final String action;

    Reruns(PassState pass, String action) {
        this.pass = pass;
        this.action = action;
    }

    static boolean isRerun(String action) {
        return action != null && action.startsWith(Labels.ACTION_RERUN_PREFIX);
    }

    /** The revision to run again, when the request stands and is not already served. */
    Optional<String> requested() {
        if (!isRerun(action)) {
            return Optional.empty();
        }
        String of = action.substring(Labels.ACTION_RERUN_PREFIX.length()).trim();
        if (!pass.revisions.containsKey(of)) {
            pass.effects.event(EventIntent.warning(pass.pipeline, Reason.ActionIgnored, "action \"" + action
                    + "\" does not apply: " + pass.pipeline.getMetadata().getName() + " has no revision \"" + of
                    + "\" (pruned beyond revisionHistoryLimit, deleted, or of another pipeline)"));
            consume();
            return Optional.empty();
        }
        if (inFlight(of)) {
            consume();
            return Optional.empty();
        }
        return Optional.of(of);
    }

    /** The rerun this pass made: announced and the request removed. */
    boolean served(PipelinePlan plan) {
        Optional<String> of = plan.create().flatMap(PipelinePlan.NewRevision::rerunOf);
        if (of.isEmpty()) {
            return false;
        }
        ModelRevision source = pass.revisions.get(of.get());
        String version = source.getStatus() == null ? null : source.getStatus().getDataVersion();
        pass.effects.event(EventIntent.normal(pass.pipeline, Reason.RerunRequested, "rerun of " + of.get()
                + " requested through " + Labels.ACTION + (version == null
                ? ": it recorded no dataVersion, so the data is what dataRef points at now"
                : " on data version " + version)));
        consume();
        return true;
    }

    private boolean inFlight(String of) {
        return pass.revisions.values().stream()
                .max(Comparator.comparingInt(r -> r.getSpec().getNumber()))
                .filter(newest -> of.equals(newest.getSpec().getRerunOf()) && !PassState.phase(newest).isTerminal())
                .isPresent();
    }

    private void consume() {
        pass.effects.write(new Intent.ConsumeAction(Labels.ACTION, action));
    }
}
