package io.modelgate.status;

import io.modelgate.api.ModelPipelineStatus;
import io.modelgate.api.RevisionSummary;
import io.modelgate.revision.RevisionPhase;
import io.modelgate.revision.RevisionView;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Builds a pipeline's status from its revisions. One place decides phase and conditions, so that
 * Argo CD, Flux and {@code kubectl wait --for=condition=Ready} all read the same story:
 * Ready when the newest revision is the one serving, Progressing while a revision is in flight,
 * Degraded when the newest revision ended without serving (the stable one keeps serving).
 */
public final class PipelineStatusFactory {

    public static final int HISTORY_SIZE = 10;

    private final Clock clock;

    public PipelineStatusFactory(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param invalidSpec why the spec cannot be acted on, if it cannot
     * @param stable      name of the serving revision
     * @param pendingWhilePaused what spec.paused holds back (a change of the spec, a retrain), if anything
     * @param refusalReason the conditions' reason when the spec cannot be acted on: InvalidSpec, or
     *                      BackendUnavailable where it asks for a platform this operator does not serve on
     */
    public record Input(ModelPipelineStatus previous, Long generation, boolean paused, Optional<String> invalidSpec,
                        String specHash, List<RevisionView> revisions, Optional<String> stable, int latestNumber,
                        Optional<Instant> lastScheduleTime, Optional<Instant> nextScheduleTime,
                        Optional<String> pendingWhilePaused, String refusalReason) {

        public static final String INVALID_SPEC = "InvalidSpec";

        public Input(ModelPipelineStatus previous, Long generation, boolean paused, Optional<String> invalidSpec,
                     String specHash, List<RevisionView> revisions, Optional<String> stable, int latestNumber,
                     Optional<Instant> lastScheduleTime, Optional<Instant> nextScheduleTime, Optional<String> pendingWhilePaused) {
            this(previous, generation, paused, invalidSpec, specHash, revisions, stable, latestNumber, lastScheduleTime,
                    nextScheduleTime, pendingWhilePaused, INVALID_SPEC);
        }
    }

    public ModelPipelineStatus build(Input input) {
        Instant now = clock.instant();
        ModelPipelineStatus previous = input.previous() == null ? new ModelPipelineStatus() : input.previous();
        List<RevisionView> newestFirst = input.revisions().stream()
                .sorted(Comparator.comparingInt(RevisionView::number).reversed())
                .toList();
        Optional<RevisionView> current = newestFirst.stream().findFirst();
        String serving = input.stable().orElse(null);
        String servingNote = serving == null ? "nothing serves yet" : serving + " keeps serving";

        ModelPipelineStatus status = new ModelPipelineStatus();
        status.setObservedGeneration(input.generation());
        status.setStableRevision(serving);
        status.setCurrentRevision(current.map(RevisionView::name).orElse(null));
        status.setLatestRevisionNumber(input.latestNumber() == 0 ? null : input.latestNumber());
        status.setSpecHash(input.specHash());
        status.setLastScheduleTime(input.lastScheduleTime().map(Conditions::timestamp).orElse(null));
        status.setNextScheduleTime(input.nextScheduleTime().map(Conditions::timestamp).orElse(null));
        status.setHistory(newestFirst.stream().limit(HISTORY_SIZE)
                .map(r -> new RevisionSummary(r.name(), r.number(), r.phase().name(), r.triggerName(), r.keyMetric(), r.reason()))
                .toList());

        var conditions = previous.getConditions();
        Long generation = input.generation();
        String phase;
        boolean inFlight = current.map(r -> !r.phase().isTerminal()).orElse(false);
        boolean failedEnd = current.map(r -> r.phase().isUnsuccessfulEnd()).orElse(false);
        boolean currentServes = current.isPresent() && current.get().name().equals(serving);

        // Paused with something held back is not done: kstatus reads InProgress, kubectl wait for Ready waits.
        Optional<String> pausedWith = input.paused()
                ? input.pendingWhilePaused().map(what -> "spec.paused is true: " + what + " waits until spec.paused is false; " + servingNote)
                : Optional.empty();
        if (input.invalidSpec().isPresent()) {
            String message = "spec cannot be acted on: " + input.invalidSpec().get() + "; " + servingNote;
            conditions = Conditions.set(conditions, Conditions.DEGRADED, true, input.refusalReason(), message, generation, now);
            conditions = Conditions.set(conditions, Conditions.READY, false, input.refusalReason(), message, generation, now);
        } else if (failedEnd) {
            RevisionView failed = current.get();
            String message = failed.name() + " " + failed.phase() + ": " + nullToEmpty(failed.message())
                    + "; the desired revision is not the one serving: " + servingNote;
            conditions = Conditions.set(conditions, Conditions.DEGRADED, true, "Revision" + failed.phase(), message, generation, now);
            conditions = Conditions.set(conditions, Conditions.READY, false, "Revision" + failed.phase(), message, generation, now);
        } else {
            conditions = Conditions.set(conditions, Conditions.DEGRADED, false, "AsExpected", "no failure", generation, now);
            if (pausedWith.isPresent()) {
                conditions = Conditions.set(conditions, Conditions.READY, false, "Paused", pausedWith.get(), generation, now);
            } else if (currentServes) {
                conditions = Conditions.set(conditions, Conditions.READY, true, "Serving", serving + " serves", generation, now);
            } else {
                String message = current.map(r -> r.name() + " is " + r.phase()).orElse("no revision yet") + "; " + servingNote;
                conditions = Conditions.set(conditions, Conditions.READY, false, "RevisionInProgress", message, generation, now);
            }
        }

        if (pausedWith.isPresent()) {
            conditions = Conditions.set(conditions, Conditions.PROGRESSING, true, "Paused", pausedWith.get(), generation, now);
            phase = "Paused";
        } else if (input.paused()) {
            conditions = Conditions.set(conditions, Conditions.PROGRESSING, false, "Paused",
                    "spec.paused is true: nothing new is created and no revision advances", generation, now);
            phase = "Paused";
        } else if (inFlight) {
            RevisionView running = current.get();
            // One rollout at a time: a newer revision waits while an older one still rolls out, and that rollout (its
            // weight, a wait for a person) is what the pipeline must show.
            Optional<RevisionView> rollingOut = newestFirst.stream().filter(r -> r.phase() == RevisionPhase.RollingOut).findFirst();
            RevisionView waiting = running.pausedReason() != null ? running
                    : rollingOut.filter(r -> r.pausedReason() != null).orElse(null);
            if (waiting != null) {
                // Argo CD shows this as Suspended: the rollout waits for modelgate.io/action promote or abort.
                conditions = Conditions.set(conditions, Conditions.PROGRESSING, true, "WaitingForPromotion",
                        waiting.name() + " waits for a person: " + waiting.pausedReason()
                                + (waiting == running ? "" : "; " + running.name() + " waits for its rollout to end"), generation, now);
            } else {
                conditions = Conditions.set(conditions, Conditions.PROGRESSING, true, "Revision" + running.phase(),
                        running.name() + " is " + running.phase() + (running.message() == null ? "" : ": " + running.message()), generation, now);
            }
            phase = running.phase().name();
            rollingOut.map(RevisionView::canaryWeight).ifPresent(status::setCanaryWeight);
        } else if (current.isEmpty() && input.invalidSpec().isEmpty()) {
            conditions = Conditions.set(conditions, Conditions.PROGRESSING, true, "RevisionPending", "creating the first revision", generation, now);
            phase = RevisionPhase.Pending.name();
        } else {
            conditions = Conditions.set(conditions, Conditions.PROGRESSING, false, "Idle",
                    currentServes ? "the newest revision serves" : "waiting for a change of the spec or a retrain", generation, now);
            phase = input.invalidSpec().isPresent() ? (Input.INVALID_SPEC.equals(input.refusalReason()) ? "Invalid" : "Degraded")
                    : currentServes ? "Serving"
                    : failedEnd ? "Degraded"
                    : RevisionPhase.Pending.name();
        }
        status.setPhase(phase);
        status.setConditions(withKstatusAliases(conditions, generation, now));
        return status;
    }

    /**
     * kstatus (Flux, kubectl wait, cli-utils) reads Reconciling and Stalled; Argo CD and people read
     * Progressing and Degraded. Same facts, both names.
     */
    private static java.util.List<io.fabric8.kubernetes.api.model.Condition> withKstatusAliases(
            java.util.List<io.fabric8.kubernetes.api.model.Condition> conditions, Long generation, Instant now) {
        var result = conditions;
        for (String[] alias : new String[][]{{Conditions.PROGRESSING, Conditions.RECONCILING}, {Conditions.DEGRADED, Conditions.STALLED}}) {
            var source = Conditions.find(conditions, alias[0]).orElseThrow();
            result = Conditions.set(result, alias[1], "True".equals(source.getStatus()), source.getReason(), source.getMessage(), generation, now);
        }
        return result;
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
