package io.modelgate.rollout;

import io.modelgate.testing.Gen;
import io.modelgate.testing.Property;
import io.modelgate.testing.Statistics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The blue-green machine driven by a simulated cluster, as for the canary. */
class BlueGreenMachinePropertiesTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final Duration DEADLINE = Duration.ofMinutes(10);
    static final int MAX_TICKS = 5_000;

    Gen<BlueGreenSpec> specs() {
        return Gen.combine(
                Gen.constant("smoke").optional(),
                Gen.constant("error-rate").optional(),
                Gen.of(true, true, false),
                Gen.ints(0, 600).map(Duration::ofSeconds),
                BlueGreenSpec::new);
    }

    @Test
    void aSimulatedBlueGreenRolloutAlwaysEndsInPromoteOrRollbackAndKeepsEveryRule() {
        Property.tries(1_500).forAll(specs(), Gen.longs(), (spec, seed) -> {
            World world = new World(spec, new Random(seed));

            BlueGreenDecision last = world.run();

            assertThat(last).isInstanceOfAny(BlueGreenDecision.Promote.class, BlueGreenDecision.Rollback.class);
            assertThat(world.terminalDecisionsPerAttempt.values()).containsOnly(1);
            Statistics.label("end").collect(last.getClass().getSimpleName());
            Statistics.label("end").coverage(coverage -> {
                coverage.check("Promote").percentage(p -> p > 10);
                coverage.check("Rollback").percentage(p -> p > 10);
            });
        });
    }

    static final class World {
        final BlueGreenSpec spec;
        final Random random;
        final Map<Integer, Integer> terminalDecisionsPerAttempt = new HashMap<>();
        final Map<String, CanaryMachinePropertiesTest.Run> runs = new HashMap<>();

        Instant now = T0;
        Instant progressingSince = T0;
        Instant availableAt;
        boolean specPaused;
        int pausedTicks;
        int humanWaitTicks;
        boolean activeOnNew;

        World(BlueGreenSpec spec, Random random) {
            this.spec = spec;
            this.random = random;
        }

        BlueGreenDecision run() {
            BlueGreenState state = BlueGreenState.initial(now);
            scaleUpNew();
            for (int tick = 0; tick < MAX_TICKS; tick++) {
                now = now.plusSeconds(1 + random.nextInt(120));
                if (specPaused && ++pausedTicks > 20) {
                    specPaused = false;
                } else if (random.nextInt(100) < 3) {
                    specPaused = !specPaused;
                    pausedTicks = 0;
                }
                ManualAction action = state.aborted()
                        ? (random.nextBoolean() ? ManualAction.Retry : ManualAction.values()[random.nextInt(3)])
                        : humanWaitTicks > 15 ? ManualAction.Promote
                        : random.nextInt(100) < 4 ? ManualAction.values()[1 + random.nextInt(3)] : ManualAction.None;
                Optional<AnalysisReport> report = Optional.ofNullable(runs.get(key(state))).map(r -> r.report(now));
                BlueGreenInputs in = new BlueGreenInputs(now, availableAt != null && !now.isBefore(availableAt), DEADLINE,
                        progressingSince, report, action, specPaused);

                BlueGreenDecision d = BlueGreenMachine.next(spec, state, in);

                check(state, in, d);
                if (d instanceof BlueGreenDecision.Promote || d instanceof BlueGreenDecision.Rollback) {
                    terminalDecisionsPerAttempt.merge(state.attempt(), 1, Integer::sum);
                }
                if (d instanceof BlueGreenDecision.Promote) {
                    return d;
                }
                if (d instanceof BlueGreenDecision.Rollback && !(state.attempt() < 3 && random.nextInt(3) == 0)) {
                    return d;
                }
                BlueGreenState next = d.nextState().orElseThrow();
                if (d instanceof BlueGreenDecision.StartAnalysis) {
                    runs.computeIfAbsent(key(next), k -> CanaryMachinePropertiesTest.Run.random(random, now, false));
                } else if (d instanceof BlueGreenDecision.SwitchActive) {
                    activeOnNew = true;
                } else if (d instanceof BlueGreenDecision.Rollback) {
                    activeOnNew = false;
                } else if (d instanceof BlueGreenDecision.Restart) {
                    scaleUpNew();
                } else if (random.nextInt(200) == 0 && availableAt != null && !now.isBefore(availableAt)) {
                    scaleUpNew(); // a pod of the new revision crashed and restarts
                }
                assertThat(next.activeOnNewRevision()).as("the state says where the active Service points").isEqualTo(activeOnNew);
                humanWaitTicks = next.pausedForHuman() ? humanWaitTicks + 1 : 0;
                state = next;
            }
            throw new AssertionError("the blue-green rollout did not end within " + MAX_TICKS + " decisions: " + spec);
        }

        void scaleUpNew() {
            progressingSince = now;
            int dice = random.nextInt(10);
            availableAt = dice == 0 ? null : now.plusSeconds(random.nextInt(dice < 3 ? 800 : 300));
        }

        static String key(BlueGreenState s) {
            return s.attempt() + "/" + s.phase();
        }

        void check(BlueGreenState s, BlueGreenInputs in, BlueGreenDecision d) {
            String context = "state " + s + " inputs " + in + " -> " + d;
            boolean bad = in.analysis().map(r -> r.outcome().rollsBack()).orElse(false);
            if (s.aborted()) {
                if (in.action() == ManualAction.Retry) {
                    assertThat(d).as(context).isInstanceOf(BlueGreenDecision.Restart.class);
                    assertThat(d.nextState().orElseThrow().phase()).isEqualTo(BlueGreenPhase.PreviewScaling);
                } else {
                    assertThat(d.nextState()).as(context).contains(s);
                }
                return;
            }
            if (in.action() == ManualAction.Abort || bad) {
                assertThat(d).as("Abort and Failed/Error roll back at once: " + context).isInstanceOf(BlueGreenDecision.Rollback.class);
            }
            if (d instanceof BlueGreenDecision.Promote) {
                assertThat(bad).as(context).isFalse();
                assertThat(in.action() == ManualAction.Promote || s.phase() == BlueGreenPhase.ScaleDownDelay
                        || s.phase() == BlueGreenPhase.PostPromotionAnalysis || s.phase() == BlueGreenPhase.SwitchingActive)
                        .as("promoted after the switch, or by a person: " + context).isTrue();
                if (in.action() != ManualAction.Promote) {
                    assertThat(spec.postPromotionAnalysis().isEmpty() || s.phase() != BlueGreenPhase.SwitchingActive).as(context).isTrue();
                }
                return;
            }
            if (d instanceof BlueGreenDecision.Rollback) {
                assertThat(d.nextState().orElseThrow().aborted()).isTrue();
                return;
            }
            BlueGreenState next = d.nextState().orElseThrow();
            assertThat(next.phase()).as("phases never go backwards: " + context).isGreaterThanOrEqualTo(s.phase());
            if (d instanceof BlueGreenDecision.SwitchActive) {
                assertThat(spec.autoPromotionEnabled() || in.action() == ManualAction.Promote)
                        .as("with automatic promotion off, only a person switches: " + context).isTrue();
                assertThat(in.newAvailable() || in.action() == ManualAction.Promote)
                        .as("never switches automatically to a revision that is not available: " + context).isTrue();
                assertThat(s.phase().activeOnNewRevision()).as(context).isFalse();
            }
            if (in.specPaused() && in.action() == ManualAction.None && !(d instanceof BlueGreenDecision.PauseForHuman)) {
                assertThat(d).as(context).isInstanceOf(BlueGreenDecision.Wait.class);
                assertThat(next).as(context).isEqualTo(s);
            }
        }
    }
}
