package io.modelgate.pipeline.plan;

import io.modelgate.api.ModelPipelineStatus;
import io.modelgate.revision.RevisionIdentity;
import io.modelgate.revision.RevisionView;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What a pass reads off its revisions' records, the same for the planner and for the statuses. */
final class PassViews {

    private PassViews() {
    }

    /** The newest tick already acted on, so that no tick runs twice even if a status write was lost. */
    static Instant lastHandledTick(PassState pass, ModelPipelineStatus previous) {
        Instant recorded = previous == null || previous.getLastScheduleTime() == null ? null : Instant.parse(previous.getLastScheduleTime());
        Instant fromRevisions = pass.revisions.values().stream()
                .map(r -> r.getSpec().getScheduledTime())
                .filter(Objects::nonNull)
                .map(Instant::parse)
                .max(Comparator.naturalOrder())
                .orElse(null);
        String createdAt = pass.pipeline.getMetadata().getCreationTimestamp();
        Instant handled = createdAt == null ? pass.now : Instant.parse(createdAt);
        for (Instant candidate : new Instant[]{recorded, fromRevisions}) {
            if (candidate != null && candidate.isAfter(handled)) {
                handled = candidate;
            }
        }
        return handled;
    }

    /** The one projection of each revision, for the planner and the pipeline's status alike. */
    static List<RevisionView> views(PassState pass) {
        return pass.revisions.values().stream()
                .map(r -> new RevisionView(r.getMetadata().getName(), r.getSpec().getNumber(), RevisionIdentity.standsFor(r.getSpec()),
                        PassState.phase(r), r.getSpec().getTrigger(), r.getStatus().getReason(), r.getStatus().getMessage(),
                        r.getStatus().getKeyMetric(),
                        r.getStatus().getRollout() == null || !"Canary".equals(r.getStatus().getRollout().getStrategy()) ? null
                                : r.getStatus().getRollout().getCanaryWeight(),
                        r.getStatus().getRollout() == null ? null : r.getStatus().getRollout().getPausedReason(),
                        r.getSpec().getModelVersion()))
                .toList();
    }

    static Map<String, Integer> countsByPhase(PassState pass) {
        Map<String, Integer> counts = new HashMap<>();
        pass.revisions.values().forEach(r -> counts.merge(PassState.phase(r).name(), 1, Integer::sum));
        return counts;
    }
}
