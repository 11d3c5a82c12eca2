package io.modelgate.cli;

import io.modelgate.api.ModelRevision;
import io.modelgate.api.PhaseTransition;

import java.time.Instant;
import java.util.List;

/** {@code kubectl modelgate history}: every revision, newest first, with every phase it entered. */
public final class HistoryView {

    private HistoryView() {
    }

    public static String render(String pipeline, List<ModelRevision> revisions, Instant now) {
        List<ModelRevision> newestFirst = Revisions.of(pipeline, revisions);
        if (newestFirst.isEmpty()) {
            return "No revisions of " + pipeline + ".\n";
        }
        StringBuilder out = new StringBuilder();
        boolean first = true;
        for (ModelRevision r : newestFirst) {
            if (!first) {
                out.append('\n');
            }
            first = false;
            out.append(r.getMetadata().getName())
                    .append("   #").append(r.getSpec().getNumber() == null ? "?" : r.getSpec().getNumber())
                    .append("   ").append(Revisions.phase(r));
            String trigger = Revisions.trigger(r);
            if (!trigger.isEmpty()) {
                out.append("   trigger ").append(trigger);
            }
            if (r.getSpec().getScheduledTime() != null) {
                out.append(" (tick ").append(r.getSpec().getScheduledTime()).append(')');
            }
            if (r.getStatus() != null && r.getStatus().getKeyMetric() != null) {
                out.append("   ").append(r.getStatus().getKeyMetric());
            }
            if (r.getStatus() != null && Boolean.TRUE.equals(r.getStatus().getServing())) {
                out.append("   serving");
            }
            String age = Ages.age(r.getMetadata().getCreationTimestamp(), now);
            if (!age.isEmpty()) {
                out.append("   created ").append(age).append(" ago");
            }
            out.append('\n');
            List<PhaseTransition> transitions = r.getStatus() == null || r.getStatus().getTransitions() == null
                    ? List.of() : r.getStatus().getTransitions();
            if (transitions.isEmpty()) {
                out.append("  <no transitions yet>\n");
            } else {
                Table table = new Table("PHASE", "TIME", "AGE", "REASON");
                for (PhaseTransition t : transitions) {
                    table.row(t.getPhase(), t.getTime(), Ages.age(t.getTime(), now), t.getReason());
                }
                out.append(StatusView.indent(table.render()));
            }
            if (r.getStatus() != null && r.getStatus().getMessage() != null && !r.getStatus().getMessage().isBlank()) {
                out.append("  Message: ").append(r.getStatus().getMessage().strip()).append('\n');
            }
        }
        return out.toString();
    }
}
