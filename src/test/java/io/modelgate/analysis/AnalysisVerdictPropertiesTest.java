package io.modelgate.analysis;

import io.modelgate.analysis.AnalysisOutcome.Phase;
import io.modelgate.testing.Chars;
import io.modelgate.testing.Gen;
import io.modelgate.testing.Property;
import io.modelgate.testing.Statistics;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.modelgate.analysis.Analyses.history;
import static io.modelgate.analysis.MeasurementPhase.Error;
import static io.modelgate.analysis.MeasurementPhase.Failed;
import static io.modelgate.analysis.MeasurementPhase.Inconclusive;
import static io.modelgate.analysis.MeasurementPhase.Successful;
import static org.assertj.core.api.Assertions.assertThat;

class AnalysisVerdictPropertiesTest {

    // ---- an independent oracle, written from the rules rather than from the code ----

    private static long count(List<MeasurementPhase> phases, MeasurementPhase phase) {
        return phases.stream().filter(p -> p == phase).count();
    }

    /** Longest run of failures with no Successful in between (Inconclusive and Error do not interrupt it). */
    private static int longestFailureStreak(List<MeasurementPhase> phases) {
        int longest = 0;
        int current = 0;
        for (MeasurementPhase phase : phases) {
            if (phase == Successful) {
                current = 0;
            } else if (phase == Failed) {
                longest = Math.max(longest, ++current);
            }
        }
        return longest;
    }

    /** Longest run of adjacent errors. */
    private static int longestErrorRun(List<MeasurementPhase> phases) {
        int longest = 0;
        for (int i = 0; i < phases.size(); i++) {
            int j = i;
            while (j < phases.size() && phases.get(j) == Error) {
                j++;
            }
            longest = Math.max(longest, j - i);
        }
        return longest;
    }

    private static int trailing(List<MeasurementPhase> phases, MeasurementPhase counted, MeasurementPhase stopper, boolean anyOtherStops) {
        int n = 0;
        for (int i = phases.size() - 1; i >= 0; i--) {
            MeasurementPhase phase = phases.get(i);
            if (phase == counted) {
                n++;
            } else if (phase == stopper || anyOtherStops) {
                break;
            }
        }
        return n;
    }

    private static Phase expected(AnalysisLimits limits, List<MeasurementPhase> phases, boolean stepEnded) {
        boolean failed = count(phases, Failed) > limits.failureLimit()
                || (limits.consecutiveFailureLimit() != null && longestFailureStreak(phases) > limits.consecutiveFailureLimit());
        if (failed) {
            return Phase.Failed;
        }
        if (longestErrorRun(phases) > limits.consecutiveErrorLimit()) {
            return Phase.Error;
        }
        if (count(phases, Inconclusive) > limits.inconclusiveLimit()) {
            return Phase.Inconclusive;
        }
        long counted = phases.size() - count(phases, Error);
        if (limits.count() > 0 && counted >= limits.count()) {
            return Phase.Successful;
        }
        return stepEnded ? Phase.Successful : Phase.Running;
    }

    // ---- properties ----

    @Test
    void theTallyEqualsCountingTheFullHistory() {
        Property.tries(2000).forAll(phaseLists(), phases -> {
            MetricTally tally = MetricTally.of(history(phases));

            assertThat(tally.taken()).isEqualTo(phases.size());
            assertThat(tally.successes()).isEqualTo(count(phases, Successful));
            assertThat(tally.failures()).isEqualTo(count(phases, Failed));
            assertThat(tally.inconclusives()).isEqualTo(count(phases, Inconclusive));
            assertThat(tally.errors()).isEqualTo(count(phases, Error));
            assertThat(tally.counted()).isEqualTo(phases.size() - count(phases, Error));
            assertThat(tally.consecutiveFailures()).isEqualTo(trailing(phases, Failed, Successful, false));
            assertThat(tally.consecutiveErrors()).isEqualTo(trailing(phases, Error, null, true));
            assertThat(tally.maxConsecutiveFailures()).isEqualTo(longestFailureStreak(phases));
            assertThat(tally.maxConsecutiveErrors()).isEqualTo(longestErrorRun(phases));
        });
    }

    @Test
    void theVerdictFollowsTheRules() {
        Property.tries(3000).forAll(limits(), phaseLists(), Gen.booleans(), (limits, phases, stepEnded) -> {
            List<Measurement> history = history(phases);

            AnalysisOutcome outcome = AnalysisVerdict.decide("m", limits, MetricTally.of(history), history, stepEnded);

            Statistics.collect(outcome.phase());
            Statistics.coverage(coverage -> {
                for (Phase phase : Phase.values()) {
                    coverage.check(phase).percentage(p -> p >= 3);
                }
            });
            assertThat(outcome.phase()).isEqualTo(expected(limits, phases, stepEnded));
            assertThat(outcome.metric()).isEqualTo("m");
            assertThat(outcome.reason()).startsWith(phases.isEmpty() && stepEnded ? "the step ended before any measurement of m" : "m ")
                    .contains(MetricTally.of(history).counts());
            if (!history.isEmpty()) {
                assertThat(outcome.last()).isEqualTo(history.get(history.size() - 1));
                assertThat(outcome.reason()).endsWith("; last measurement " + outcome.last().phase() + ": " + outcome.last().message());
            }
        });
    }

    @Test
    void onceUnsuccessfulAlwaysUnsuccessfulAndOnlyEscalating() {
        Property.tries(3000).forAll(limits(), phaseLists(), phaseLists(), (limits, prefix, more) -> {
            List<MeasurementPhase> longer = new ArrayList<>(prefix);
            longer.addAll(more);

            Phase before = AnalysisVerdict.decide("m", limits, history(prefix)).phase();
            Phase after = AnalysisVerdict.decide("m", limits, history(longer)).phase();

            Statistics.collect(before.isUnsuccessful() ? "unsuccessful first" : "decided later");
            Statistics.coverage(coverage -> coverage.check("unsuccessful first").percentage(p -> p >= 20));
            if (before.isUnsuccessful()) {
                assertThat(after.isUnsuccessful()).as("%s then %s", before, after).isTrue();
                assertThat(after.severity()).isGreaterThanOrEqualTo(before.severity());
            }
            if (before == Phase.Inconclusive) {
                assertThat(after).isIn(Phase.Inconclusive, Phase.Error, Phase.Failed);
            }
            if (before == Phase.Failed) {
                assertThat(after).isEqualTo(Phase.Failed);
            }
        });
    }

    @Test
    void successfulMeansCountReachedWithNoLimitExceeded() {
        Property.tries(3000).forAll(limits(), phaseLists(), (limits, phases) -> {
            MetricTally tally = MetricTally.of(history(phases));

            boolean successful = AnalysisVerdict.decide("m", limits, history(phases)).phase() == Phase.Successful;

            boolean withinLimits = tally.failures() <= limits.failureLimit()
                    && (limits.consecutiveFailureLimit() == null || longestFailureStreak(phases) <= limits.consecutiveFailureLimit())
                    && longestErrorRun(phases) <= limits.consecutiveErrorLimit()
                    && tally.inconclusives() <= limits.inconclusiveLimit();
            assertThat(successful).isEqualTo(limits.count() > 0 && tally.counted() >= limits.count() && withinLimits);
        });
    }

    @Test
    void theOperatorLoopSucceedsAfterExactlyCountMeasurements() {
        Property.tries(2000).forAll(limits(), phaseLists(), (limits, phases) -> {
            MetricRun run = MetricRun.start("m");
            int recorded = 0;
            for (Measurement m : history(phases)) {
                MetricRun next = run.record(limits, m);
                if (run.outcome().isTerminal()) {
                    assertThat(next).as("sticky").isEqualTo(run);
                } else {
                    recorded++;
                }
                run = next;
            }

            Statistics.collect(run.outcome().phase());
            assertThat(run.tally().taken()).isEqualTo(recorded);
            if (run.outcome().phase() == Phase.Successful) {
                assertThat(run.tally().counted()).isEqualTo(limits.count());
                assertThat(run.tally().failures()).isLessThanOrEqualTo(limits.failureLimit());
                assertThat(run.tally().inconclusives()).isLessThanOrEqualTo(limits.inconclusiveLimit());
                assertThat(run.tally().maxConsecutiveErrors()).isLessThanOrEqualTo(limits.consecutiveErrorLimit());
                if (limits.consecutiveFailureLimit() != null) {
                    assertThat(run.tally().maxConsecutiveFailures()).isLessThanOrEqualTo(limits.consecutiveFailureLimit());
                }
            }
            if (run.outcome().isTerminal()) {
                assertThat(run.nextAt(limits, Analyses.T0)).isEmpty();
            }
        });
    }

    @Test
    void aTruncatedHistoryNeverChangesTheVerdict() {
        Property.tries(2000).forAll(limits(), longPhaseLists(), Gen.ints(1, 10), Gen.booleans(), (limits, phases, keep, stepEnded) -> {
            List<Measurement> full = history(phases);
            List<Measurement> shown = List.of();
            for (Measurement m : full) {
                shown = MeasurementHistory.append(shown, m, keep);
            }

            AnalysisOutcome fromFull = AnalysisVerdict.decide("m", limits, MetricTally.of(full), full, stepEnded);
            AnalysisOutcome fromTruncated = AnalysisVerdict.decide("m", limits, MetricTally.of(full), shown, stepEnded);

            assertThat(shown.size()).isLessThanOrEqualTo(keep);
            assertThat(fromTruncated).isEqualTo(fromFull);
        });
    }

    @Test
    void aRunKeepingTenDecidesAsOneKeepingEverything() {
        Property.tries(1000).forAll(limits(), longPhaseLists(), (limits, phases) -> {
            MetricRun ten = MetricRun.start("m");
            MetricRun all = MetricRun.start("m");
            for (Measurement m : history(phases)) {
                ten = ten.record(limits, m);
                all = all.record(limits, m, Integer.MAX_VALUE);
            }

            assertThat(ten.recent().size()).isLessThanOrEqualTo(10);
            assertThat(ten.outcome()).isEqualTo(all.outcome());
            assertThat(ten.tally()).isEqualTo(all.tally());
            assertThat(ten.nextAt(limits, Analyses.T0)).isEqualTo(all.nextAt(limits, Analyses.T0));
        });
    }

    @Test
    /** The run's phase does not depend on the order of its metrics; which metric is named does (the first in spec order). */
    void combinedPhaseDoesNotDependOnOrder() {
        Property.tries(1000).forAll(outcomeMaps(), Gen.longs(), (outcomes, seed) -> {
            List<String> names = new ArrayList<>(outcomes.keySet());
            Collections.shuffle(names, new Random(seed));
            Map<String, AnalysisOutcome> shuffled = new LinkedHashMap<>();
            names.forEach(name -> shuffled.put(name, outcomes.get(name)));

            assertThat(AnalysisVerdict.combine(shuffled).phase()).isEqualTo(AnalysisVerdict.combine(outcomes).phase());
        });
    }

    @Test
    void combineFollowsTheRules() {
        Property.tries(1000).forAll(outcomeMaps(), outcomes -> {
            List<Phase> phases = outcomes.values().stream().map(AnalysisOutcome::phase).toList();

            AnalysisOutcome combined = AnalysisVerdict.combine(outcomes);

            Phase expected = phases.contains(Phase.Failed) ? Phase.Failed
                    : phases.contains(Phase.Error) ? Phase.Error
                    : phases.contains(Phase.Inconclusive) ? Phase.Inconclusive
                    : phases.stream().allMatch(p -> p == Phase.Successful) ? Phase.Successful
                    : Phase.Running;
            Statistics.collect(expected);
            assertThat(combined.phase()).isEqualTo(expected);
            if (expected != Phase.Successful) {
                assertThat(outcomes.get(combined.metric()).phase()).isEqualTo(expected);
                assertThat(combined.reason()).contains(outcomes.get(combined.metric()).reason());
            }
            if (outcomes.size() == 1) {
                assertThat(combined.phase()).isEqualTo(outcomes.values().iterator().next().phase());
            }
        });
    }

    @Test
    void combiningDecidedMetricsIsAsWorseAsTheWorst() {
        Property.tries(500).forAll(limits(), phaseLists(), phaseLists(), (limits, a, b) -> {
            AnalysisOutcome first = AnalysisVerdict.decide("a", limits, history(a));
            AnalysisOutcome second = AnalysisVerdict.decide("b", limits, history(b));

            AnalysisOutcome combined = AnalysisVerdict.combine(Map.of("a", first, "b", second));

            assertThat(combined.phase().severity()).isEqualTo(Math.max(first.phase().severity(), second.phase().severity()));
        });
    }

    // ---- generators ----

    Gen<AnalysisLimits> limits() {
        return Analyses.analysisLimits();
    }

    Gen<List<MeasurementPhase>> phaseLists() {
        return Analyses.phaseLists(16);
    }

    Gen<List<MeasurementPhase>> longPhaseLists() {
        return Analyses.phaseLists(40);
    }

    Gen<Map<String, AnalysisOutcome>> outcomeMaps() {
        Gen<AnalysisOutcome> outcomes = Gen.combine(Gen.of(Phase.class), Gen.strings(Chars.alpha(), 0, 8),
                (phase, reason) -> new AnalysisOutcome(phase, null, phase + " " + reason, null));
        return Gen.maps(Gen.of("error_rate", "latency_p99", "accuracy", "saturation", "drift", "cost"), outcomes, 0, 6)
                .map(map -> {
                    Map<String, AnalysisOutcome> named = new LinkedHashMap<>();
                    map.forEach((name, outcome) -> named.put(name,
                            new AnalysisOutcome(outcome.phase(), name, name + ": " + outcome.reason(), null)));
                    return named;
                });
    }
}
