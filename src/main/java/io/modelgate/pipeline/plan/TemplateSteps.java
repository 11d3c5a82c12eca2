package io.modelgate.pipeline.plan;

import io.modelgate.api.AnalysisTemplateStatus;
import io.modelgate.api.ModelRevision;
import io.modelgate.delivery.AnalysisTemplates;
import io.modelgate.revision.RevisionPhase;
import io.modelgate.status.Reason;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Which analysis templates a pass measures by: the frozen ones of the rollout under way, else the cluster's. */
final class TemplateSteps {

    /** How soon a pipeline refused for its analysis templates reads them again. */
    static final Duration TEMPLATE_RECHECK = Duration.ofSeconds(30);

    private TemplateSteps() {
    }

    /**
     * As the revision rolling out froze them when its rollout started (a template edited or deleted since changes
     * nothing under way, and an Event says so), else as the cluster holds them now.
     */
    static AnalysisTemplates.Resolved templates(PassState pass) {
        Optional<ModelRevision> rollingOut = pass.revisions.values().stream()
                .filter(r -> PassState.phase(r) == RevisionPhase.RollingOut && r.getStatus().getRollout() != null
                        && r.getStatus().getRollout().getAnalysisTemplates() != null)
                .findFirst();
        if (rollingOut.isPresent()) {
            List<AnalysisTemplateStatus> frozen = rollingOut.get().getStatus().getRollout().getAnalysisTemplates();
            AnalysisTemplates.changedSince(frozen, pass.snapshot.templates()).forEach(change ->
                    pass.effects.event(EventIntent.normal(rollingOut.get(), Reason.AnalysisTemplateChanged, change)));
            return AnalysisTemplates.frozen(frozen);
        }
        AnalysisTemplates.Resolved live = AnalysisTemplates.resolve(pass.pipeline.getSpec().getRollout(), pass.pipeline.getMetadata(),
                pass.snapshot.templates());
        if (!live.problems().isEmpty()) {
            // Templates are read by name, not watched: a template created or fixed later is found by looking again.
            pass.effects.wakeAt(pass.now.plus(TEMPLATE_RECHECK));
        }
        return live;
    }
}
