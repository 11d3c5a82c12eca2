package io.modelgate.rollout;

import io.modelgate.analysis.AnalysisOutcome;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides a canary's next move from its steps, its persisted {@link CanaryState} and what the reconciler observed.
 * Pure: the same arguments always give the same decision.
 *
 * <p>Rules, in the order they are applied (the first that matches decides):
 * <ol>
 *   <li><b>Aborted</b> state: {@link ManualAction#Retry} restarts a new attempt from step 0 at weight 0
 *       ({@link CanaryDecision.Restart}); anything else waits (Promote and Abort do not apply to a rolled-back
 *       canary). Retry on a rollout that is not aborted is ignored.</li>
 *   <li><b>Abort</b> rolls back at once, whatever the state, paused or not.</li>
 *   <li>A <b>Failed or Error</b> outcome of the background analysis or of the step's analysis rolls back, at any
 *       step, even while paused.</li>
 *   <li><b>Progress deadline</b>: a canary that is not available at {@code canaryProgressingSince + progressDeadline}
 *       or later is rolled back, at any step, even while paused.</li>
 *   <li><b>Promote</b>: while paused for a person by the step itself ({@code pause: {}}, or the step's analysis
 *       Inconclusive), it resumes: the step is complete and the next one starts (as Argo Rollouts' promote of a
 *       paused step). While paused for a person by the background analysis, it only lifts the pause: the current step
 *       goes on where it was (a timed pause keeps its end, a running step analysis is still awaited). Either way, when
 *       the background run is Inconclusive, the next background run starts ({@code backgroundRun} + 1), so the
 *       remaining steps are watched again (Argo Rollouts' needsNewAnalysisRun, rollout/analysis.go). Otherwise it
 *       skips every remaining step to full promotion (the "promote (skip to full promotion)"). A manual
 *       action is a person's explicit decision, so Promote and Abort act even under {@code spec.paused}.</li>
 *   <li>Background analysis ended <b>Inconclusive</b>: pause for a person, saying which analysis and why, also when
 *       already paused by a {@code pause: {}} step (the reason then becomes the background's). The run stays
 *       current, so the pause lasts until a promote starts the next one or an abort rolls back.</li>
 *   <li>Paused for a person: the pause is repeated ({@link CanaryDecision.PauseForHuman}, same reason, same state).</li>
 *   <li>The current analysis step ended <b>Inconclusive</b>: pause for a person, saying which analysis and why.</li>
 *   <li>{@code spec.paused}: wait, without advancing. A timed pause's clock keeps running while paused: it measures
 *       soak time at the weight, and the canary kept serving at that weight; unpausing after its end completes the
 *       step at once. Rollbacks (rules 2 to 4) still apply: pausing stops progress, never protection.</li>
 *   <li>All steps done: promote.</li>
 *   <li>The current step:
 *     <ul>
 *       <li>{@code setWeight}: entering the step decides {@link CanaryDecision.SetWeight}; the step completes when
 *           the canary is available (at that weight), else waits until the progress deadline.</li>
 *       <li>{@code pause: {duration}}: completes at {@code stepStartedAt + duration}.</li>
 *       <li>{@code pause: {}}: pauses for a person; completes only by Promote.</li>
 *       <li>{@code analysis}: starts its run when none is reported, waits while Running, completes on Successful.</li>
 *       <li>{@code setMirror}, {@code setHeaderRoute}: entering the step decides {@link CanaryDecision.Reroute} (the
 *           canary is scaled for what the step sends it); when the canary is available with those pods the step
 *           completes with {@link CanaryDecision.RouteSet} (only then does the route mirror or route to it:
 *           {@link RouteExtras}) and the next step is decided at once; else it waits until the progress deadline.</li>
 *     </ul>
 *   Completing a step starts the next one within the same decision (step entered at {@code now}): its
 *   {@code setWeight}, its analysis start, its pause, or the final promotion.</li>
 * </ol>
 * A background analysis still running when the last step completes does not hold promotion back (as in Argo
 * Rollouts, it is stopped); a Successful end of it is simply recorded. A {@code stepIndex} beyond the steps (steps
 * removed under a running canary) counts as all steps done. Step numbers in reasons are 1-based ("step 3/5").
 */
public final class CanaryMachine {

    private CanaryMachine() {
    }

    public static CanaryDecision next(List<CanaryStep> steps, CanaryState state, CanaryInputs in) {
        List<CanaryStep> plan = List.copyOf(Objects.requireNonNull(steps, "steps"));
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(in, "in");
        int n = plan.size();
        if (state.aborted()) {
            if (in.action() == ManualAction.Retry) {
                CanaryState retried = state.retried(in.now(), in.backgroundAnalysisConfigured());
                return new CanaryDecision.Restart("retry requested: attempt " + retried.attempt() + " starts again from "
                        + (n == 0 ? "the start" : where(plan, 0)) + " at weight 0", retried);
            }
            return new CanaryDecision.Wait("the canary was rolled back (attempt " + state.attempt()
                    + "); request a retry to start again", Optional.empty(), state);
        }
        CanaryState current = state.stepIndex() > n ? state.atStep(n) : state;
        int index = current.stepIndex();
        String where = where(plan, index);
        if (in.action() == ManualAction.Abort) {
            return rollback(RollbackCause.Manual, "aborted by a person at " + where, current);
        }
        Optional<AnalysisReport> background = in.backgroundAnalysis();
        if (background.isPresent() && background.get().outcome().rollsBack()) {
            return rollback(RollbackCause.Analysis, "background analysis " + background.get().outcome() + " at " + where + Texts.suffix(background.get()), current);
        }
        Optional<AnalysisReport> stepAnalysis = in.stepAnalysis();
        if (stepAnalysis.isPresent() && stepAnalysis.get().outcome().rollsBack()) {
            return rollback(RollbackCause.Analysis, stepLabel(plan, index) + " " + stepAnalysis.get().outcome() + Texts.suffix(stepAnalysis.get()), current);
        }
        Instant deadline = in.canaryProgressingSince().plus(in.progressDeadline());
        if (!in.canaryAvailable() && !in.now().isBefore(deadline)) {
            return rollback(RollbackCause.ProgressDeadline, "canary not available within the progress deadline of " + Texts.duration(in.progressDeadline())
                    + " (progressing since " + in.canaryProgressingSince() + ") at " + where, current);
        }

        CanaryState s = current;
        boolean backgroundEnded = s.backgroundAnalysisRunning() && background.isPresent()
                && background.get().outcome() == AnalysisOutcome.Phase.Successful;
        if (backgroundEnded) {
            s = s.withBackgroundAnalysisRunning(false);
        }

        CanaryStep step = index < n ? plan.get(index) : null;
        boolean backgroundInconclusive = s.backgroundAnalysisRunning() && background.isPresent()
                && background.get().outcome() == AnalysisOutcome.Phase.Inconclusive;
        if (in.action() == ManualAction.Promote) {
            if (s.pausedForHuman() && index < n) {
                boolean pausedByTheStep = (step instanceof CanaryStep.Pause pause && pause.duration().isEmpty())
                        || (step instanceof CanaryStep.Analysis && stepAnalysis.isPresent()
                        && stepAnalysis.get().outcome() == AnalysisOutcome.Phase.Inconclusive);
                // Past an Inconclusive background run the remaining steps are watched by a new one, as Argo Rollouts'
                // needsNewAnalysisRun starts one once a rollout paused by an Inconclusive background run is resumed.
                CanaryState resumed = backgroundInconclusive ? s.withNextBackgroundRun() : s;
                CanaryInputs rest = backgroundInconclusive ? in.withBackgroundAnalysis(Optional.empty()) : in;
                return pausedByTheStep
                        ? enter(plan, resumed.nextStep(in.now()), rest)
                        : next(plan, resumed.pausedFor(null), rest.withAction(ManualAction.None));
            }
            return new CanaryDecision.Promote(index < n
                    ? "promoted by a person at " + where + ": remaining steps skipped"
                    : "promoted by a person after all " + n + " steps");
        }
        if (backgroundInconclusive) {
            // Also while a pause: {} step waits: the person is told before a promote starts the next background run.
            String reason = "background analysis Inconclusive at " + where + Texts.suffix(background.get())
                    + "; promote to continue or abort to roll back";
            return new CanaryDecision.PauseForHuman(reason, s.pausedFor(reason));
        }
        if (s.pausedForHuman()) {
            return new CanaryDecision.PauseForHuman(s.pausedReason(), s);
        }
        if (step instanceof CanaryStep.Analysis && stepAnalysis.isPresent() && stepAnalysis.get().outcome() == AnalysisOutcome.Phase.Inconclusive) {
            String reason = stepLabel(plan, index) + " Inconclusive" + Texts.suffix(stepAnalysis.get())
                    + "; promote to continue or abort to roll back";
            return new CanaryDecision.PauseForHuman(reason, s.pausedFor(reason));
        }
        if (in.specPaused()) {
            return new CanaryDecision.Wait("paused by spec.paused at " + where + " (weight " + s.canaryWeight() + ")", Optional.empty(), s);
        }
        if (step == null) {
            return promoteAllDone(n);
        }

        if (step instanceof CanaryStep.SetWeight setWeight) {
            if (s.canaryWeight() != setWeight.weight()) {
                return new CanaryDecision.SetWeight(setWeight.weight(), s.withWeight(setWeight.weight()));
            }
            if (in.canaryAvailable()) {
                return enter(plan, s.nextStep(in.now()), in);
            }
            return new CanaryDecision.Wait(where + ": waiting for the canary to be available at weight " + setWeight.weight(),
                    Optional.of(deadline), s);
        }
        if (step instanceof CanaryStep.SetMirror || step instanceof CanaryStep.SetHeaderRoute) {
            if (in.canaryAvailable()) {
                return new CanaryDecision.RouteSet(step, s.nextStep(in.now()));
            }
            return new CanaryDecision.Wait(where + ": waiting for the canary to be available for it", Optional.of(deadline), s);
        }
        if (step instanceof CanaryStep.Pause pause) {
            if (pause.duration().isEmpty()) {
                String reason = where + ": waiting for a person to promote";
                return new CanaryDecision.PauseForHuman(reason, s.pausedFor(reason));
            }
            Instant until = s.stepStartedAt().plus(pause.duration().get());
            if (!in.now().isBefore(until)) {
                return enter(plan, s.nextStep(in.now()), in);
            }
            return new CanaryDecision.Wait(where + ": pausing at weight " + s.canaryWeight() + " until " + until, Optional.of(until), s);
        }
        CanaryStep.Analysis analysis = (CanaryStep.Analysis) step;
        if (stepAnalysis.isEmpty()) {
            return new CanaryDecision.StartStepAnalysis(analysis.name(), s);
        }
        if (stepAnalysis.get().outcome() == AnalysisOutcome.Phase.Successful) {
            return enter(plan, s.nextStep(in.now()), in);
        }
        return new CanaryDecision.Wait(stepLabel(plan, index) + " is running at weight " + s.canaryWeight(), Optional.empty(), s);
    }

    /** The decision that starts step {@code s.stepIndex()} (entered at {@code in.now()}). */
    private static CanaryDecision enter(List<CanaryStep> plan, CanaryState s, CanaryInputs in) {
        int index = s.stepIndex();
        if (index >= plan.size()) {
            return promoteAllDone(plan.size());
        }
        CanaryStep step = plan.get(index);
        if (step instanceof CanaryStep.SetWeight setWeight) {
            return new CanaryDecision.SetWeight(setWeight.weight(), s.withWeight(setWeight.weight()));
        }
        if (step instanceof CanaryStep.Analysis analysis) {
            return new CanaryDecision.StartStepAnalysis(analysis.name(), s);
        }
        if (step instanceof CanaryStep.SetMirror || step instanceof CanaryStep.SetHeaderRoute) {
            return new CanaryDecision.Reroute(step, s);
        }
        CanaryStep.Pause pause = (CanaryStep.Pause) step;
        String where = where(plan, index);
        if (pause.duration().isEmpty()) {
            String reason = where + ": waiting for a person to promote";
            return new CanaryDecision.PauseForHuman(reason, s.pausedFor(reason));
        }
        Instant until = in.now().plus(pause.duration().get());
        return new CanaryDecision.Wait(where + ": pausing at weight " + s.canaryWeight() + " until " + until, Optional.of(until), s);
    }

    private static CanaryDecision.Promote promoteAllDone(int n) {
        return new CanaryDecision.Promote(n == 0 ? "no canary steps: promoted at once" : "all " + n + " steps completed");
    }

    private static CanaryDecision.Rollback rollback(RollbackCause cause, String reason, CanaryState s) {
        return new CanaryDecision.Rollback(cause, reason, s.rolledBack());
    }

    /** "step 2/5 (setWeight 20)", or "the end of the steps (5/5)". */
    static String where(List<CanaryStep> plan, int index) {
        if (index >= plan.size()) {
            return "the end of the steps (" + plan.size() + "/" + plan.size() + ")";
        }
        return "step " + (index + 1) + "/" + plan.size() + " (" + plan.get(index).describe() + ")";
    }

    /** "step 3/5 analysis error-rate" for an analysis step; {@link #where} otherwise. */
    private static String stepLabel(List<CanaryStep> plan, int index) {
        if (index < plan.size() && plan.get(index) instanceof CanaryStep.Analysis analysis) {
            return "step " + (index + 1) + "/" + plan.size() + " analysis " + analysis.name();
        }
        return "analysis at " + where(plan, index);
    }
}
