package io.modelgate.analysis;

import io.modelgate.analysis.AnalysisOutcome.Phase;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides a metric's analysis from its {@link MetricTally} and {@link AnalysisLimits}, as Argo Rollouts'
 * assessMetricStatus does (analysis/analysis.go), with one rule of Modelgate's own (marked):
 * <ul>
 *   <li>Failed when failures &gt; failureLimit, or (Modelgate's own, Argo has no such limit; when set) the longest
 *       failure streak &gt; consecutiveFailureLimit;</li>
 *   <li>Error when the error streak &gt; consecutiveErrorLimit (errors are not failures otherwise). Argo compares
 *       its current streak; the peak used here is the same at the moment the limit is first exceeded;</li>
 *   <li>Inconclusive when inconclusives &gt; inconclusiveLimit;</li>
 *   <li>Successful as soon as the success streak reaches consecutiveSuccessLimit (when set), as Argo;</li>
 *   <li>when {@code count} measurements (errors excluded, as Argo's Count) were taken and none of the above holds:
 *       Successful, except with a consecutiveSuccessLimit never reached, which is Inconclusive (Failed when
 *       failureLimit is -1, so that only the streak decides), as Argo;</li>
 *   <li>Successful, as Argo's terminating run, when the step ended first ({@code stepEnded}; this is how an
 *       unbounded background analysis succeeds, even with no measurement taken yet);</li>
 *   <li>Running otherwise.</li>
 * </ul>
 * <b>Precedence</b> when several limits are exceeded at once: Failed &gt; Error &gt; Inconclusive, the order Argo
 * uses between metrics ({@link #combine}). Argo's own per-metric check, assessMetricFailureInconclusiveOrError,
 * tests failureLimit, then inconclusiveLimit, then consecutiveErrorLimit, each overwriting the last, so there the
 * last exceeded wins: Error &gt; Inconclusive &gt; Failed. The difference cannot show within a run that keeps its
 * limits, in Argo or here: one measurement moves one counter (a Failed one both failure counters, which both mean
 * Failed) and a decided metric is never judged again, so two limits of different outcomes are never first
 * exceeded together. It shows only when the limits change under a running run, which Argo's AnalysisRun prevents
 * (it copies the metrics) but Modelgate allows (a run is judged by the spec's current limits): lowering
 * failureLimit and inconclusiveLimit at once then rolls back (Failed) where Argo would pause (Inconclusive).
 *
 * <p><b>Monotone.</b> Every condition is on a counter that never decreases (totals and the streak peaks), so
 * once Failed, Error or Inconclusive, more measurements keep the outcome unsuccessful; it can only move up
 * the precedence (Inconclusive to Error or Failed, Error to Failed). This holds for Inconclusive as in Argo.
 * The operator stops measuring at the first terminal outcome anyway ({@link MetricRun} makes that sticky).
 * The phase depends on the tally alone: the recent measurements only feed the reason, which uses the last.
 */
public final class AnalysisVerdict {

    private AnalysisVerdict() {
    }

    /** Decides from the full history (its tally); the same as {@code decide(metric, limits, MetricTally.of(history), history)}. */
    public static AnalysisOutcome decide(String metric, AnalysisLimits limits, List<Measurement> history) {
        return decide(metric, limits, MetricTally.of(history), history, false);
    }

    /** @param recent the displayed history (bounded); only its last element is used, for the reason */
    public static AnalysisOutcome decide(String metric, AnalysisLimits limits, MetricTally tally, List<Measurement> recent) {
        return decide(metric, limits, tally, recent, false);
    }

    /**
     * @param stepEnded the step (or the rollout, for background analysis) ended: an analysis that is still
     *                  running with no limit exceeded is Successful, as Argo's terminated runs are
     */
    public static AnalysisOutcome decide(String metric, AnalysisLimits limits, MetricTally tally, List<Measurement> recent,
                                         boolean stepEnded) {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(tally, "tally");
        String name = metric == null || metric.isBlank() ? "metric" : metric;
        Measurement last = recent == null || recent.isEmpty() ? null : recent.get(recent.size() - 1);
        String counts = " (" + tally.counts() + ")";
        String tail = last == null ? "" : "; last measurement " + last.phase() + ": " + last.message();

        if (limits.failureLimited() && tally.failures() > limits.failureLimit()) {
            return new AnalysisOutcome(Phase.Failed, name, name + " failed " + tally.failures() + " of "
                    + tally.counted() + " measurements, more than failureLimit " + limits.failureLimit() + counts + tail, last);
        }
        Integer streakLimit = limits.consecutiveFailureLimit();
        if (streakLimit != null && tally.maxConsecutiveFailures() > streakLimit) {
            return new AnalysisOutcome(Phase.Failed, name, name + " failed " + tally.maxConsecutiveFailures()
                    + " measurements in a row, more than consecutiveFailureLimit " + streakLimit + counts + tail, last);
        }
        if (tally.maxConsecutiveErrors() > limits.consecutiveErrorLimit()) {
            return new AnalysisOutcome(Phase.Error, name, name + " had " + tally.maxConsecutiveErrors()
                    + " errors in a row, more than consecutiveErrorLimit " + limits.consecutiveErrorLimit() + counts + tail, last);
        }
        if (tally.inconclusives() > limits.inconclusiveLimit()) {
            return new AnalysisOutcome(Phase.Inconclusive, name, name + " was inconclusive " + tally.inconclusives()
                    + (tally.inconclusives() == 1 ? " time" : " times") + ", more than inconclusiveLimit "
                    + limits.inconclusiveLimit() + counts + tail, last);
        }
        if (limits.successStreakLimited() && tally.consecutiveSuccesses() >= limits.consecutiveSuccessLimit()) {
            return new AnalysisOutcome(Phase.Successful, name, name + " passed " + tally.consecutiveSuccesses()
                    + " measurements in a row, consecutiveSuccessLimit " + limits.consecutiveSuccessLimit() + counts + tail, last);
        }
        if (!limits.unbounded() && tally.counted() >= limits.count()) {
            if (limits.successStreakLimited()) {
                String missed = name + " took " + tally.counted() + " of " + limits.count() + " measurements without "
                        + limits.consecutiveSuccessLimit() + " successful in a row (consecutiveSuccessLimit)";
                return limits.failureLimited()
                        ? new AnalysisOutcome(Phase.Inconclusive, name, missed + ", nor more than failureLimit "
                                + limits.failureLimit() + " failed" + counts + tail, last)
                        : new AnalysisOutcome(Phase.Failed, name, missed + "; with failureLimit -1 only the streak decides"
                                + counts + tail, last);
            }
            return new AnalysisOutcome(Phase.Successful, name, name + " passed " + tally.counted() + " of "
                    + limits.count() + " measurements within limits" + counts + tail, last);
        }
        String progress = limits.unbounded() ? tally.counted() + " measurements (until the step ends)"
                : tally.counted() + " of " + limits.count() + " measurements";
        if (stepEnded) {
            String what = tally.taken() == 0 ? "the step ended before any measurement of " + name
                    : name + " passed: the step ended after " + progress + " within limits";
            return new AnalysisOutcome(Phase.Successful, name, what + counts + tail, last);
        }
        return new AnalysisOutcome(Phase.Running, name, name + " running: " + progress + counts + tail, last);
    }

    /**
     * Combines several metrics' outcomes as Argo Rollouts' assessRunStatus does (analysis/analysis.go): the worst
     * decides, Failed &gt; Error &gt; Inconclusive (analysisStatusOrder and IsWorse in utils/analysis/helpers.go);
     * else all Successful gives Successful (also for no metric at all); else Running. As in Argo, an unsuccessful
     * metric ends the analysis without waiting for the others' counts: Argo's IsTerminating stops the run and its
     * other metrics then pass unless a limit of theirs was exceeded (one reconcile later; here in the same one).
     *
     * <p>The metric named is the first metric in the map's <b>iteration order</b> with the deciding phase, and the
     * reason lists every deciding metric's reason in that order: pass the metrics in spec order (a
     * {@link java.util.LinkedHashMap}), as Argo names the first worst metric of the spec (IsWorse is strict, so a
     * later metric as bad does not replace it). The phase does not depend on the order.
     */
    public static AnalysisOutcome combine(Map<String, AnalysisOutcome> outcomes) {
        Objects.requireNonNull(outcomes, "outcomes");
        Map<String, AnalysisOutcome> inOrder = new LinkedHashMap<>();
        outcomes.forEach((name, outcome) -> inOrder.put(Objects.requireNonNull(name, "metric name"),
                Objects.requireNonNull(outcome, "outcome of " + name)));
        if (inOrder.isEmpty()) {
            return new AnalysisOutcome(Phase.Successful, null, "no metric to analyse", null);
        }
        for (Phase phase : List.of(Phase.Failed, Phase.Error, Phase.Inconclusive, Phase.Running)) {
            List<String> names = new ArrayList<>();
            List<String> reasons = new ArrayList<>();
            inOrder.forEach((name, outcome) -> {
                if (outcome.phase() == phase) {
                    names.add(name);
                    reasons.add(outcome.reason());
                }
            });
            if (!names.isEmpty()) {
                AnalysisOutcome first = inOrder.get(names.get(0));
                return new AnalysisOutcome(phase, names.get(0), String.join("; ", reasons), first.last());
            }
        }
        return new AnalysisOutcome(Phase.Successful, null, "all " + inOrder.size()
                + (inOrder.size() == 1 ? " metric" : " metrics") + " successful: " + String.join(", ", inOrder.keySet()), null);
    }
}
