/**
 * Rollout decisions, plain Java (java.* only): how a canary weight becomes replicas or route weights
 * ({@link io.modelgate.rollout.TrafficSplit}), what a canary or a blue-green rollout does next
 * ({@link io.modelgate.rollout.CanaryMachine}, {@link io.modelgate.rollout.BlueGreenMachine}) and which pipelines
 * may start rolling out ({@link io.modelgate.rollout.RolloutQueue}).
 *
 * <p>The contract with the reconciler is the same for both strategies: it persists a small state record in the
 * status, gathers what it observes into an inputs record, asks the machine for the next decision, carries the
 * decision out (idempotently: deterministic names), then persists the decision's next state. A restart between
 * the two repeats the decision, which is harmless. The machines never read a clock: {@code now} is an input.
 *
 * <p>Analysis outcomes are inputs ({@link io.modelgate.rollout.AnalysisOutcome.Phase}); the limits that turn
 * measurements into an outcome live with the analysis, not here. An outcome handed in must belong to the current
 * attempt and step: a reconciler names analysis runs after the revision, {@code attempt} and step index, so a run
 * of an aborted attempt is never reported as the run of a retry.
 */
package io.modelgate.rollout;

import io.modelgate.analysis.AnalysisOutcome;
