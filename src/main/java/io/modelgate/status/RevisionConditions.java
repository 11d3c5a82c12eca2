package io.modelgate.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.modelgate.api.ModelRevisionStatus;
import io.modelgate.revision.RevisionPhase;

import java.time.Instant;
import java.util.List;

/**
 * The conditions of a revision, from its phase and what it is to its pipeline now. One place, so that kstatus
 * (Flux, {@code kubectl wait}, cli-utils), Argo CD and people read the same story:
 * <ul>
 *   <li>in flight (Pending … RollingOut): {@code Reconciling=True}, kstatus {@code InProgress};</li>
 *   <li>ended as designed, {@code Ready=True}: Promoted and serving (reason {@code Serving}), Promoted and replaced
 *       by a newer stable revision (reason {@code Replaced}), Superseded (reason {@code Superseded}): kstatus {@code Current};</li>
 *   <li>ended in failure (Rejected, Failed, Aborted, RolledBack): {@code Stalled=True}, kstatus {@code Failed}.</li>
 * </ul>
 * Progressing and Degraded carry the same facts as Reconciling and Stalled, under the names Argo CD and people read.
 */
public final class RevisionConditions {

    /** What a revision is to its pipeline now, beyond its phase. */
    public enum Role { Stable, Replaced, Other }

    public static final String SERVING = "Serving";
    public static final String REPLACED = "Replaced";

    private RevisionConditions() {
    }

    public static void apply(ModelRevisionStatus status, Role role, String stable, Long generation, Instant now) {
        RevisionPhase phase = RevisionPhase.parse(status.getPhase());
        String reason = status.getReason() == null ? phase.name() : status.getReason();
        String message = status.getMessage() == null ? phase.name() : status.getMessage();
        boolean inFlight = !phase.isTerminal();
        boolean failed = phase.isUnsuccessfulEnd();

        // kstatus (cli-utils v0.37) reads an ended record without Ready=True as InProgress forever: Ready=True here
        // means "reached the end it was meant to reach", and its reason says what the revision is now.
        boolean ready = phase == RevisionPhase.Promoted || phase == RevisionPhase.Superseded;
        String readyReason;
        String readyMessage;
        if (phase == RevisionPhase.Promoted && role != Role.Replaced) {
            readyReason = SERVING;
            readyMessage = "serves as the stable revision";
        } else if (phase == RevisionPhase.Promoted) {
            readyReason = REPLACED;
            readyMessage = "no longer serves: " + (stable == null ? "a newer revision" : stable) + " replaced it as the stable revision";
        } else if (phase == RevisionPhase.Superseded) {
            readyReason = reason;
            readyMessage = "never served, as designed: " + message;
        } else {
            readyReason = reason;
            readyMessage = (inFlight ? "not serving yet: " : "does not serve: ") + message;
        }
        String progressReason = inFlight ? reason : phase.name();
        String progressMessage = inFlight ? message : "ended " + phase.name();
        String failureReason = failed ? reason : "AsExpected";
        String failureMessage = failed ? phase.name() + ": " + message : "no failure";

        List<Condition> conditions = status.getConditions();
        conditions = Conditions.set(conditions, Conditions.READY, ready, readyReason, readyMessage, generation, now);
        conditions = Conditions.set(conditions, Conditions.PROGRESSING, inFlight, progressReason, progressMessage, generation, now);
        conditions = Conditions.set(conditions, Conditions.RECONCILING, inFlight, progressReason, progressMessage, generation, now);
        conditions = Conditions.set(conditions, Conditions.DEGRADED, failed, failureReason, failureMessage, generation, now);
        conditions = Conditions.set(conditions, Conditions.STALLED, failed, failureReason, failureMessage, generation, now);
        status.setConditions(conditions);
    }
}
