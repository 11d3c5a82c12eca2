package io.modelgate.rollout;

import io.modelgate.analysis.AnalysisOutcome;
import io.modelgate.testing.Gen;
import io.modelgate.testing.Property;
import io.modelgate.testing.Statistics;
import org.junit.jupiter.api.Test;

import io.modelgate.rollout.CanaryStep.Analysis;
import io.modelgate.rollout.CanaryStep.Pause;
import io.modelgate.rollout.CanaryStep.SetWeight;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The canary machine driven by a simulated cluster: random availability delays (sometimes never), random analysis
 * outcomes and durations, random manual actions and spec.paused toggles, a clock that moves by random amounts.
 * Every decision is checked against the rules; every run must end in Promote or Rollback.
 */
class CanaryMachinePropertiesTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final Duration DEADLINE = Duration.ofMinutes(10);
    static final int MAX_TICKS = 5_000;

    Gen<List<CanaryStep>> steps() {
        Gen<CanaryStep> step = Gen.frequency(
                Gen.weighted(4, Gen.ints(0, 100).map(SetWeight::new)),
                Gen.weighted(2, Gen.ints(0, 900).map(s -> Pause.of(Duration.ofSeconds(s)))),
                Gen.weighted(1, Gen.constant(Pause.untilPromoted())),
                Gen.weighted(2, Gen.of("error-rate", "latency", "accuracy").map(Analysis::new)));
        return step.list(0, 7);
    }

    // ---- the simulated rollout ---------------------------------------------------------------------------

    @Test
    void aSimulatedCanaryAlwaysEndsInPromoteOrRollbackAndKeepsEveryRule() {
        Property.tries(1_500).forAll(steps(), Gen.booleans(), Gen.longs(), (steps, background, seed) -> {
            World world = new World(steps, background, new Random(seed));

            CanaryDecision last = world.run();

            assertThat(last).isInstanceOfAny(CanaryDecision.Promote.class, CanaryDecision.Rollback.class);
            assertThat(world.terminalDecisionsPerAttempt.values()).as("one Promote or Rollback per attempt").containsOnly(1);
            Statistics.label("end").collect(last.getClass().getSimpleName());
            Statistics.label("attempts").collect(world.terminalDecisionsPerAttempt.size());
            Statistics.label("end").coverage(coverage -> {
                coverage.check("Promote").percentage(p -> p > 10);
                coverage.check("Rollback").percentage(p -> p > 10);
            });
        });
    }

    /** One simulated cluster around one canary. */
    static final class World {
        final List<CanaryStep> steps;
        final boolean backgroundConfigured;
        final Random random;
        final Map<Integer, Integer> terminalDecisionsPerAttempt = new HashMap<>();

        Instant now = T0;
        int appliedWeight;
        Instant progressingSince = T0;
        Instant availableAt = T0;
        final Map<String, Run> stepRuns = new HashMap<>();
        final Map<String, Run> backgroundRuns = new HashMap<>();
        boolean specPaused;
        int pausedTicks;
        int humanWaitTicks;
        boolean retryWanted;

        World(List<CanaryStep> steps, boolean backgroundConfigured, Random random) {
            this.steps = steps;
            this.backgroundConfigured = backgroundConfigured;
            this.random = random;
        }

        CanaryDecision run() {
            CanaryState state = CanaryState.initial(now, backgroundConfigured);
            startBackground(state);
            for (int tick = 0; tick < MAX_TICKS; tick++) {
                now = now.plusSeconds(1 + random.nextInt(120));
                moveSpecPaused();
                ManualAction action = action(state);
                CanaryInputs in = inputs(state, action);

                CanaryDecision decision = CanaryMachine.next(steps, state, in);

                check(state, in, decision);
                apply(decision);
                if (decision instanceof CanaryDecision.Promote || decision instanceof CanaryDecision.Rollback) {
                    terminalDecisionsPerAttempt.merge(state.attempt(), 1, Integer::sum);
                }
                if (decision instanceof CanaryDecision.Promote) {
                    return decision;
                }
                if (decision instanceof CanaryDecision.Rollback) {
                    retryWanted = state.attempt() < 3 && random.nextInt(3) == 0;
                    if (!retryWanted) {
                        return decision;
                    }
                }
                CanaryState next = decision.nextState().orElseThrow();
                if (next.backgroundRun() != state.backgroundRun() && next.attempt() == state.attempt()) {
                    startBackground(next);
                }
                humanWaitTicks = next.pausedForHuman() ? humanWaitTicks + 1 : 0;
                state = next;
            }
            throw new AssertionError("the canary did not end within " + MAX_TICKS + " decisions: " + steps);
        }

        void moveSpecPaused() {
            if (specPaused && ++pausedTicks > 20) {
                specPaused = false;
            } else if (random.nextInt(100) < 3) {
                specPaused = !specPaused;
                pausedTicks = 0;
            }
        }

        ManualAction action(CanaryState state) {
            if (state.aborted()) {
                return random.nextBoolean() ? ManualAction.Retry : ManualAction.values()[random.nextInt(3)];
            }
            if (humanWaitTicks > 15) {
                return ManualAction.Promote;
            }
            return random.nextInt(100) < 4 ? ManualAction.values()[1 + random.nextInt(3)] : ManualAction.None;
        }

        CanaryInputs inputs(CanaryState state, ManualAction action) {
            Optional<AnalysisReport> stepReport = Optional.ofNullable(stepRuns.get(key(state.attempt(), state.stepIndex())))
                    .map(run -> run.report(now));
            Optional<AnalysisReport> backgroundReport = Optional.ofNullable(backgroundRuns.get(key(state.attempt(), state.backgroundRun())))
                    .map(run -> run.report(now));
            return new CanaryInputs(now, availableAt != null && !now.isBefore(availableAt), DEADLINE, progressingSince,
                    stepReport, backgroundReport, action, specPaused, backgroundConfigured);
        }

        void apply(CanaryDecision decision) {
            if (decision instanceof CanaryDecision.SetWeight setWeight && setWeight.weight() != appliedWeight) {
                scaleCanaryTo(setWeight.weight());
            } else if (decision instanceof CanaryDecision.StartStepAnalysis start) {
                CanaryState s = start.next();
                stepRuns.computeIfAbsent(key(s.attempt(), s.stepIndex()), k -> Run.random(random, now, false));
            } else if (decision instanceof CanaryDecision.Rollback) {
                scaleCanaryTo(0);
            } else if (decision instanceof CanaryDecision.Restart restart) {
                retryWanted = false;
                startBackground(restart.next());
            }
        }

        void scaleCanaryTo(int weight) {
            appliedWeight = weight;
            progressingSince = now;
            int dice = random.nextInt(10);
            availableAt = weight == 0 ? now : dice == 0 ? null : now.plusSeconds(random.nextInt(dice < 3 ? 800 : 300));
        }

        void startBackground(CanaryState state) {
            if (backgroundConfigured) {
                backgroundRuns.put(key(state.attempt(), state.backgroundRun()), Run.random(random, now, true));
            }
        }

        /** Every rule that one decision must keep. */
        void check(CanaryState s, CanaryInputs in, CanaryDecision d) {
            String context = "at " + CanaryMachine.where(steps, Math.min(s.stepIndex(), steps.size())) + " state " + s + " inputs " + in + " -> " + d;
            boolean reportRollsBack = in.stepAnalysis().map(r -> r.outcome().rollsBack()).orElse(false)
                    || in.backgroundAnalysis().map(r -> r.outcome().rollsBack()).orElse(false);

            if (s.aborted()) {
                if (in.action() == ManualAction.Retry) {
                    assertThat(d).as(context).isInstanceOf(CanaryDecision.Restart.class);
                    CanaryState next = d.nextState().orElseThrow();
                    assertThat(next.stepIndex()).as(context).isZero();
                    assertThat(next.canaryWeight()).as(context).isZero();
                    assertThat(next.attempt()).as(context).isEqualTo(s.attempt() + 1);
                    assertThat(next.backgroundAnalysisRunning()).as(context).isEqualTo(backgroundConfigured);
                } else {
                    assertThat(d).as(context).isInstanceOf(CanaryDecision.Wait.class);
                    assertThat(d.nextState()).as(context).contains(s);
                }
                return;
            }
            assertThat(d).as(context).isNotInstanceOf(CanaryDecision.Restart.class);
            if (in.action() == ManualAction.Abort) {
                assertThat(d).as("Abort rolls back within one decision: " + context).isInstanceOf(CanaryDecision.Rollback.class);
            }
            if (reportRollsBack) {
                assertThat(d).as("a Failed/Error analysis rolls back: " + context).isInstanceOf(CanaryDecision.Rollback.class);
            }
            if (!in.canaryAvailable() && !in.now().isBefore(in.canaryProgressingSince().plus(in.progressDeadline()))) {
                assertThat(d).as("past the progress deadline: " + context).isInstanceOf(CanaryDecision.Rollback.class);
            }
            if (d instanceof CanaryDecision.Rollback rollback) {
                assertThat(rollback.next().aborted()).as(context).isTrue();
                assertThat(rollback.next().canaryWeight()).as(context).isZero();
                assertThat(rollback.reason()).as(context).isNotBlank();
                assertThat(in.action() == ManualAction.Abort || reportRollsBack || !in.canaryAvailable())
                        .as("a rollback has a cause: " + context).isTrue();
                return;
            }
            if (in.action() == ManualAction.Retry) {
                assertThat(d).as("Retry is ignored unless aborted: " + context)
                        .isEqualTo(CanaryMachine.next(steps, s, in.withAction(ManualAction.None)));
            }
            if (d instanceof CanaryDecision.Promote) {
                assertThat(reportRollsBack).as("never promotes with a Failed/Error analysis outstanding: " + context).isFalse();
                boolean lastStepDone = s.stepIndex() >= steps.size()
                        || (s.stepIndex() == steps.size() - 1 && completes(s, in));
                assertThat(in.action() == ManualAction.Promote || lastStepDone).as("a promotion is earned or asked for: " + context).isTrue();
                return;
            }
            CanaryState next = d.nextState().orElseThrow();
            assertThat(next.aborted()).as(context).isFalse();
            assertThat(next.attempt()).as(context).isEqualTo(s.attempt());
            assertThat(next.canaryWeight()).as(context).isBetween(0, 100);
            assertThat(next.stepIndex()).as("never goes backwards: " + context).isBetween(s.stepIndex(), s.stepIndex() + 1);
            if (next.stepIndex() == s.stepIndex() + 1) {
                assertThat(completes(s, in)).as("a step is left only when complete or promoted: " + context).isTrue();
                assertThat(next.stepStartedAt()).as(context).isEqualTo(in.now());
            } else {
                assertThat(next.stepStartedAt()).as(context).isEqualTo(s.stepStartedAt());
            }
            if (d instanceof CanaryDecision.SetWeight setWeight) {
                assertThat(steps.get(next.stepIndex())).as(context).isEqualTo(new SetWeight(setWeight.weight()));
                assertThat(next.canaryWeight()).as(context).isEqualTo(setWeight.weight());
            } else {
                assertThat(next.canaryWeight()).as("only SetWeight changes the weight: " + context).isEqualTo(s.canaryWeight());
            }
            if (d instanceof CanaryDecision.StartStepAnalysis start) {
                assertThat(steps.get(next.stepIndex())).as(context).isEqualTo(new Analysis(start.name()));
            }
            if (in.specPaused() && in.action() == ManualAction.None && !(d instanceof CanaryDecision.PauseForHuman)) {
                assertThat(d).as("spec.paused waits: " + context).isInstanceOf(CanaryDecision.Wait.class);
                assertThat(next.stepIndex()).as(context).isEqualTo(s.stepIndex());
            }
            if (d instanceof CanaryDecision.Wait wait) {
                wait.until().ifPresent(until -> assertThat(until).as(context).isAfterOrEqualTo(in.now()));
            }
        }

        /** Whether the current step may be left: it is complete, or a person promoted a pause the step itself caused. */
        boolean completes(CanaryState s, CanaryInputs in) {
            CanaryStep step = steps.get(s.stepIndex());
            boolean stepInconclusive = step instanceof Analysis
                    && in.stepAnalysis().map(r -> r.outcome() == AnalysisOutcome.Phase.Inconclusive).orElse(false);
            if (in.action() == ManualAction.Promote && s.pausedForHuman()
                    && (step.equals(Pause.untilPromoted()) || stepInconclusive)) {
                return true;
            }
            if (step instanceof SetWeight setWeight) {
                return s.canaryWeight() == setWeight.weight() && in.canaryAvailable();
            }
            if (step instanceof Pause pause) {
                return pause.duration().isPresent() && !in.now().isBefore(s.stepStartedAt().plus(pause.duration().get()));
            }
            return in.stepAnalysis().map(r -> r.outcome() == AnalysisOutcome.Phase.Successful).orElse(false);
        }

        static String key(int attempt, int step) {
            return attempt + "/" + step;
        }
    }

    /** A simulated analysis run: Running until {@code endsAt} (never when null), then its outcome. */
    record Run(Instant endsAt, AnalysisOutcome.Phase outcome) {

        static Run random(Random random, Instant now, boolean background) {
            int dice = random.nextInt(100);
            if (background && dice < 40) {
                return new Run(null, AnalysisOutcome.Phase.Running);
            }
            AnalysisOutcome.Phase outcome = dice < 60 ? AnalysisOutcome.Phase.Successful
                    : dice < 75 ? AnalysisOutcome.Phase.Failed
                    : dice < 90 ? AnalysisOutcome.Phase.Inconclusive
                    : AnalysisOutcome.Phase.Error;
            return new Run(now.plusSeconds(random.nextInt(background ? 3_000 : 600)), outcome);
        }

        AnalysisReport report(Instant now) {
            return endsAt == null || now.isBefore(endsAt)
                    ? AnalysisReport.of(AnalysisOutcome.Phase.Running, "measuring")
                    : AnalysisReport.of(outcome, "simulated " + outcome);
        }
    }

    // ---- any state, any inputs -------------------------------------------------------------------------------

    Gen<CanaryState> states() {
        return Gen.combine(
                Gen.ints(0, 9),
                Gen.ints(0, 100),
                Gen.ints(0, 3_600).map(T0::plusSeconds),
                Gen.of("waiting for a person", "analysis Inconclusive").orNull(0.6),
                Gen.of(true, false, false, false),
                Gen.of(true, false),
                Gen.ints(1, 4),
                CanaryState::new);
    }

    Gen<CanaryInputs> inputs() {
        Gen<Optional<AnalysisReport>> reports = Gen.of(AnalysisOutcome.Phase.class)
                .map(o -> AnalysisReport.of(o, "detail")).optional();
        return Gen.combine(
                Gen.ints(0, 7_200).map(T0::plusSeconds),
                Gen.of(true, false),
                Gen.ints(0, 1_200).map(Duration::ofSeconds),
                Gen.ints(0, 3_600).map(T0::plusSeconds),
                reports,
                reports,
                Gen.of(ManualAction.class),
                Gen.of(true, false),
                (now, available, deadline, since, step, bg, action, paused) ->
                        new CanaryInputs(now, available, deadline, since, step, bg, action, paused, bg.isPresent()));
    }

    @Test
    void abortRollsBackWithinOneDecisionFromAnyState() {
        Property.tries(3_000).forAll(steps(), states(), inputs(), (steps, state, in) -> {
            CanaryDecision d = CanaryMachine.next(steps, state, in.withAction(ManualAction.Abort));

            if (state.aborted()) {
                assertThat(d).isEqualTo(new CanaryDecision.Wait("the canary was rolled back (attempt " + state.attempt()
                        + "); request a retry to start again", Optional.empty(), state));
            } else {
                assertThat(d).isInstanceOf(CanaryDecision.Rollback.class);
                assertThat(d.nextState().orElseThrow().canaryWeight()).isZero();
            }
        });
    }

    @Test
    void nothingPromotesWithAFailedOrErroredAnalysis() {
        Property.tries(3_000).forAll(steps(), states(), inputs(), (steps, state, in) -> {
            CanaryDecision d = CanaryMachine.next(steps, state, in);

            boolean bad = in.stepAnalysis().map(r -> r.outcome().rollsBack()).orElse(false)
                    || in.backgroundAnalysis().map(r -> r.outcome().rollsBack()).orElse(false);
            if (bad) {
                assertThat(d).isNotInstanceOf(CanaryDecision.Promote.class);
                if (!state.aborted()) {
                    assertThat(d).isInstanceOf(CanaryDecision.Rollback.class);
                }
            }
        });
    }

    @Test
    void decisionsAreDeterministicAndKeepStatesValid() {
        Property.tries(3_000).forAll(steps(), states(), inputs(), (steps, state, in) -> {
            CanaryDecision first = CanaryMachine.next(steps, state, in);
            CanaryDecision second = CanaryMachine.next(new ArrayList<>(steps), state, in);

            assertThat(second).isEqualTo(first);
            first.nextState().ifPresent(next -> {
                assertThat(next.canaryWeight()).isBetween(0, 100);
                assertThat(next.attempt()).isIn(state.attempt(), state.attempt() + 1);
                if (!(first instanceof CanaryDecision.Restart)) {
                    assertThat(next.stepIndex()).isGreaterThanOrEqualTo(Math.min(state.stepIndex(), steps.size()));
                }
            });
        });
    }
}
