package io.modelgate.analysis;

import io.modelgate.analysis.AnalysisOutcome.Phase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.modelgate.analysis.Analyses.history;
import static io.modelgate.analysis.Analyses.limits;
import static org.assertj.core.api.Assertions.assertThat;

class AnalysisVerdictTest {

    private static Phase phase(AnalysisLimits limits, String letters) {
        return AnalysisVerdict.decide("error_rate", limits, history(letters)).phase();
    }

    private static AnalysisOutcome outcome(Phase phase, String reason) {
        return new AnalysisOutcome(phase, null, reason, null);
    }

    // ---- consecutiveSuccessLimit, as Argo Rollouts' assessMetricStatus ----

    @Test
    void aSuccessStreakDecidesBeforeTheCountIsReached() {
        AnalysisLimits limits = limits(10).withFailureLimit(3).withConsecutiveSuccessLimit(3);

        assertThat(phase(limits, "SFS")).isEqualTo(Phase.Running);
        assertThat(phase(limits, "SFSS")).isEqualTo(Phase.Running);
        assertThat(phase(limits, "SFSSS")).isEqualTo(Phase.Successful);
        assertThat(AnalysisVerdict.decide("error_rate", limits, history("SFSSS")).reason())
                .startsWith("error_rate passed 3 measurements in a row, consecutiveSuccessLimit 3");
    }

    @Test
    void anInconclusiveOrErrorMeasurementEndsTheSuccessStreak() {
        AnalysisLimits limits = limits(20).withConsecutiveSuccessLimit(3).withInconclusiveLimit(5);

        assertThat(phase(limits, "SSISS")).isEqualTo(Phase.Running);
        assertThat(phase(limits, "SSESS")).isEqualTo(Phase.Running);
        assertThat(phase(limits, "SSESSS")).isEqualTo(Phase.Successful);
    }

    @Test
    void theFailureLimitStillFailsAMetricWithASuccessStreakLimit() {
        assertThat(phase(limits(10).withFailureLimit(1).withConsecutiveSuccessLimit(3), "SSFF")).isEqualTo(Phase.Failed);
    }

    @Test
    void theCountReachedWithoutTheStreakIsInconclusiveWhileAFailureLimitApplies() {
        AnalysisLimits limits = limits(5).withFailureLimit(2).withConsecutiveSuccessLimit(3);

        AnalysisOutcome outcome = AnalysisVerdict.decide("error_rate", limits, history("SSFSF"));

        assertThat(outcome.phase()).isEqualTo(Phase.Inconclusive);
        assertThat(outcome.reason()).startsWith("error_rate took 5 of 5 measurements without 3 successful in a row");
    }

    @Test
    void withFailureLimitMinusOneOnlyTheStreakDecides() {
        AnalysisLimits limits = limits(6).withConsecutiveSuccessLimit(2).withFailureLimit(-1);

        assertThat(phase(limits, "FFFF")).as("failures alone never fail it").isEqualTo(Phase.Running);
        assertThat(phase(limits, "FFFFSS")).isEqualTo(Phase.Successful);
        assertThat(phase(limits, "FSFSFS")).as("the count reached without the streak").isEqualTo(Phase.Failed);
    }

    @Test
    void aBackgroundMetricWithAStreakLimitPassesWhenTheStepEndsAsArgosTerminatingRun() {
        AnalysisLimits limits = limits(1).unboundedCopy().withConsecutiveSuccessLimit(3).withFailureLimit(-1);

        assertThat(AnalysisVerdict.decide("error_rate", limits, MetricTally.of(history("FS")), history("FS"), true).phase())
                .isEqualTo(Phase.Successful);
    }

    // ---- failureLimit ----

    @Test
    void theFirstFailureFailsWithTheDefaultLimit() {
        assertThat(phase(limits(5), "SS")).isEqualTo(Phase.Running);
        assertThat(phase(limits(5), "SSF")).isEqualTo(Phase.Failed);
    }

    @Test
    void failuresEqualToTheLimitAreTolerated() {
        AnalysisLimits limits = limits(3).withFailureLimit(1);

        assertThat(phase(limits, "F")).isEqualTo(Phase.Running);
        assertThat(phase(limits, "FS")).isEqualTo(Phase.Running);
        assertThat(phase(limits, "FSS")).isEqualTo(Phase.Successful);
        assertThat(phase(limits, "FF")).isEqualTo(Phase.Failed);
        assertThat(phase(limits, "FSF")).isEqualTo(Phase.Failed);
    }

    @Test
    void theFailedReasonNamesTheMetricTheCountsAndTheLastValue() {
        List<Measurement> history = List.of(
                new Measurement(MeasurementPhase.Successful, 0.01, null, "error_rate=0.01 is within <= max 0.05", Analyses.T0),
                new Measurement(MeasurementPhase.Failed, 0.07, null, "error_rate=0.07 is above max 0.05", Analyses.T0.plusSeconds(60)),
                new Measurement(MeasurementPhase.Failed, 0.08, null, "error_rate=0.08 is above max 0.05", Analyses.T0.plusSeconds(120)));

        AnalysisOutcome outcome = AnalysisVerdict.decide("error_rate", limits(5).withFailureLimit(1), history);

        assertThat(outcome.phase()).isEqualTo(Phase.Failed);
        assertThat(outcome.metric()).isEqualTo("error_rate");
        assertThat(outcome.last()).isEqualTo(history.get(2));
        assertThat(outcome.reason()).isEqualTo("error_rate failed 2 of 3 measurements, more than failureLimit 1"
                + " (3 taken: 1 successful, 2 failed, 0 inconclusive, 0 errors);"
                + " last measurement Failed: error_rate=0.08 is above max 0.05");
    }

    // ---- consecutiveFailureLimit ----

    @Test
    void consecutiveFailuresPastTheLimitFail() {
        AnalysisLimits limits = limits(10).withFailureLimit(9).withConsecutiveFailureLimit(2);

        assertThat(phase(limits, "FF")).isEqualTo(Phase.Running);
        assertThat(phase(limits, "FFF")).isEqualTo(Phase.Failed);
        assertThat(AnalysisVerdict.decide("m", limits, history("FFF")).reason())
                .startsWith("m failed 3 measurements in a row, more than consecutiveFailureLimit 2 (");
    }

    @Test
    void aSuccessResetsTheFailureStreak() {
        AnalysisLimits limits = limits(10).withFailureLimit(9).withConsecutiveFailureLimit(2);

        assertThat(phase(limits, "FFSFFSFF")).isEqualTo(Phase.Running);
        assertThat(phase(limits, "FFSFFSFFSS")).isEqualTo(Phase.Successful);
    }

    @Test
    void inconclusiveAndErrorDoNotResetTheFailureStreak() {
        AnalysisLimits limits = limits(10).withFailureLimit(9).withConsecutiveFailureLimit(1).withInconclusiveLimit(9);

        assertThat(phase(limits, "FIF")).isEqualTo(Phase.Failed);
        assertThat(phase(limits, "FEF")).isEqualTo(Phase.Failed);
        assertThat(phase(limits, "FSF")).isEqualTo(Phase.Running);
    }

    @Test
    void withoutAConsecutiveFailureLimitOnlyTheTotalCounts() {
        assertThat(phase(limits(10).withFailureLimit(5), "FFFFF")).isEqualTo(Phase.Running);
        assertThat(phase(limits(10).withFailureLimit(5), "FFFFFF")).isEqualTo(Phase.Failed);
    }

    @Test
    void aConsecutiveFailureLimitOfZeroFailsOnTheFirstFailure() {
        assertThat(phase(limits(10).withFailureLimit(5).withConsecutiveFailureLimit(0), "SF")).isEqualTo(Phase.Failed);
    }

    // ---- consecutiveErrorLimit ----

    @Test
    void errorsPastTheConsecutiveLimitAreAnError() {
        AnalysisLimits limits = limits(3);

        assertThat(phase(limits, "EEEE")).as("4 == default limit").isEqualTo(Phase.Running);
        assertThat(phase(limits, "EEEEE")).isEqualTo(Phase.Error);
        assertThat(AnalysisVerdict.decide("m", limits, history("EEEEE")).reason())
                .startsWith("m had 5 errors in a row, more than consecutiveErrorLimit 4 (5 taken: 0 successful, 0 failed, 0 inconclusive, 5 errors)");
    }

    @Test
    void anAnswerResetsTheErrorStreak() {
        AnalysisLimits limits = limits(10).withFailureLimit(5).withInconclusiveLimit(5);

        assertThat(phase(limits, "EEEESEEEE")).isEqualTo(Phase.Running);
        assertThat(phase(limits, "EEEEFEEEE")).isEqualTo(Phase.Running);
        assertThat(phase(limits, "EEEEIEEEE")).isEqualTo(Phase.Running);
        assertThat(phase(limits, "EEEEIEEEEE")).isEqualTo(Phase.Error);
    }

    @Test
    void errorsAreNotFailures() {
        assertThat(phase(limits(3), "EEEE")).isEqualTo(Phase.Running);
        assertThat(phase(limits(3).withConsecutiveFailureLimit(0), "EEEE")).isEqualTo(Phase.Running);
    }

    @Test
    void errorsDoNotCountTowardCount() {
        assertThat(phase(limits(2), "ESE")).isEqualTo(Phase.Running);
        assertThat(phase(limits(2), "ESES")).isEqualTo(Phase.Successful);
    }

    @Test
    void aConsecutiveErrorLimitOfZeroErrsOnTheFirstError() {
        assertThat(phase(limits(3).withConsecutiveErrorLimit(0), "SE")).isEqualTo(Phase.Error);
    }

    // ---- inconclusiveLimit ----

    @Test
    void theFirstInconclusiveIsInconclusiveWithTheDefaultLimit() {
        assertThat(phase(limits(3), "SI")).isEqualTo(Phase.Inconclusive);
        assertThat(AnalysisVerdict.decide("m", limits(3), history("SI")).reason())
                .startsWith("m was inconclusive 1 time, more than inconclusiveLimit 0 (");
    }

    @Test
    void inconclusivesEqualToTheLimitAreTolerated() {
        AnalysisLimits limits = limits(3).withInconclusiveLimit(1);

        assertThat(phase(limits, "I")).isEqualTo(Phase.Running);
        assertThat(phase(limits, "ISS")).isEqualTo(Phase.Successful);
        assertThat(phase(limits, "ISI")).isEqualTo(Phase.Inconclusive);
        assertThat(phase(limits.withInconclusiveLimit(2), "IIISS")).isEqualTo(Phase.Inconclusive);
    }

    // ---- count ----

    @Test
    void reachingTheCountSucceeds() {
        AnalysisOutcome outcome = AnalysisVerdict.decide("error_rate", limits(3), history("SSS"));

        assertThat(outcome.phase()).isEqualTo(Phase.Successful);
        assertThat(outcome.reason()).isEqualTo("error_rate passed 3 of 3 measurements within limits"
                + " (3 taken: 3 successful, 0 failed, 0 inconclusive, 0 errors); last measurement Successful: m2 Successful");
    }

    @Test
    void beforeTheCountItRuns() {
        AnalysisOutcome outcome = AnalysisVerdict.decide("error_rate", limits(3), history("SS"));

        assertThat(outcome.phase()).isEqualTo(Phase.Running);
        assertThat(outcome.reason()).startsWith("error_rate running: 2 of 3 measurements (2 taken");
        assertThat(AnalysisVerdict.decide("m", limits(3), List.of()).reason())
                .isEqualTo("m running: 0 of 3 measurements (0 taken: 0 successful, 0 failed, 0 inconclusive, 0 errors)");
    }

    @Test
    void anUnboundedAnalysisRunsUntilTheStepEnds() {
        AnalysisLimits unbounded = AnalysisLimits.unbounded(Duration.ofMinutes(1)).withFailureLimit(1);
        List<Measurement> history = history("SSSSSSSSSSSSSSSSSSSSF");

        AnalysisOutcome running = AnalysisVerdict.decide("m", unbounded, MetricTally.of(history), history);
        AnalysisOutcome ended = AnalysisVerdict.decide("m", unbounded, MetricTally.of(history), history, true);

        assertThat(running.phase()).isEqualTo(Phase.Running);
        assertThat(running.reason()).startsWith("m running: 21 measurements (until the step ends)");
        assertThat(ended.phase()).isEqualTo(Phase.Successful);
        assertThat(ended.reason()).startsWith("m passed: the step ended after 21 measurements (until the step ends) within limits");
    }

    @Test
    void aStepThatEndsBeforeAnyMeasurementSucceedsAsInArgo() {
        AnalysisOutcome outcome = AnalysisVerdict.decide("m", limits(3).withInitialDelay(Duration.ofHours(1)), MetricTally.EMPTY, List.of(), true);

        assertThat(outcome.phase()).isEqualTo(Phase.Successful);
        assertThat(outcome.reason()).startsWith("the step ended before any measurement of m");
        assertThat(outcome.last()).isNull();
    }

    @Test
    void aStepEndDoesNotHideAnExceededLimit() {
        List<Measurement> history = history("SFF");

        assertThat(AnalysisVerdict.decide("m", limits(5).withFailureLimit(1), MetricTally.of(history), history, true).phase())
                .isEqualTo(Phase.Failed);
    }

    // ---- precedence ----

    @Test
    void failedTakesPrecedenceOverErrorAndInconclusive() {
        MetricTally all = new MetricTally(7, 1, 1, 1, 5, 5, 0, 1, 5);

        assertThat(AnalysisVerdict.decide("m", limits(10), all, List.of()).phase()).isEqualTo(Phase.Failed);
    }

    @Test
    void errorTakesPrecedenceOverInconclusive() {
        // Argo Rollouts would say Inconclusive here; an Error, which rolls back, is not downgraded to a pause.
        assertThat(phase(limits(10), "IEEEEE")).isEqualTo(Phase.Error);
    }

    @Test
    void inconclusiveTakesPrecedenceOverSuccess() {
        assertThat(phase(limits(2), "SI")).isEqualTo(Phase.Inconclusive);
    }

    // ---- monotone examples ----

    @Test
    void anErrorStaysAnErrorAfterTheProviderRecovers() {
        assertThat(phase(limits(20), "EEEEESSS")).isEqualTo(Phase.Error);
    }

    @Test
    void aFailureStreakStaysFailedAfterASuccess() {
        assertThat(phase(limits(20).withFailureLimit(10).withConsecutiveFailureLimit(1), "FFSSS")).isEqualTo(Phase.Failed);
    }

    @Test
    void inconclusiveCanOnlyEscalate() {
        AnalysisLimits limits = limits(20).withConsecutiveErrorLimit(1);

        assertThat(phase(limits, "I")).isEqualTo(Phase.Inconclusive);
        assertThat(phase(limits, "ISSS")).isEqualTo(Phase.Inconclusive);
        assertThat(phase(limits, "IEE")).isEqualTo(Phase.Error);
        assertThat(phase(limits, "IEEF")).isEqualTo(Phase.Failed);
    }

    @Test
    void theTallyDecidesAndTheHistoryOnlyExplains() {
        List<Measurement> full = history("FSSSSSSSSSSSS");
        List<Measurement> shown = full.subList(full.size() - 10, full.size());

        AnalysisOutcome fromTally = AnalysisVerdict.decide("m", limits(20), MetricTally.of(full), shown);

        assertThat(fromTally.phase()).isEqualTo(Phase.Failed);
        assertThat(AnalysisVerdict.decide("m", limits(20), shown).phase()).as("the truncated history alone would forget").isEqualTo(Phase.Running);
        assertThat(fromTally).isEqualTo(AnalysisVerdict.decide("m", limits(20), MetricTally.of(full), full));
    }

    @Test
    void aBlankMetricNameIsCalledMetric() {
        assertThat(AnalysisVerdict.decide(null, limits(1), history("S")).reason()).startsWith("metric passed");
    }

    // ---- combine ----

    @Test
    void anyFailedFails() {
        Map<String, AnalysisOutcome> outcomes = new LinkedHashMap<>();
        outcomes.put("latency", outcome(Phase.Running, "latency running"));
        outcomes.put("error_rate", outcome(Phase.Failed, "error_rate failed"));
        outcomes.put("saturation", outcome(Phase.Error, "saturation erred"));
        outcomes.put("accuracy", outcome(Phase.Failed, "accuracy failed"));

        AnalysisOutcome combined = AnalysisVerdict.combine(outcomes);

        assertThat(combined.phase()).isEqualTo(Phase.Failed);
        assertThat(combined.metric()).as("the first failed metric in spec order, as Argo names it").isEqualTo("error_rate");
        assertThat(combined.reason()).isEqualTo("error_rate failed; accuracy failed");
    }

    @Test
    void anyErrorWithoutFailureErrs() {
        AnalysisOutcome combined = AnalysisVerdict.combine(Map.of("a", outcome(Phase.Inconclusive, "a?"),
                "b", outcome(Phase.Error, "b!"), "c", outcome(Phase.Successful, "c ok")));

        assertThat(combined.phase()).isEqualTo(Phase.Error);
        assertThat(combined.metric()).isEqualTo("b");
        assertThat(combined.reason()).isEqualTo("b!");
    }

    @Test
    void anyInconclusiveWithoutFailureOrErrorIsInconclusive() {
        assertThat(AnalysisVerdict.combine(Map.of("a", outcome(Phase.Inconclusive, "a?"), "b", outcome(Phase.Running, "b…"))).phase())
                .isEqualTo(Phase.Inconclusive);
    }

    @Test
    void allSuccessfulSucceeds() {
        Map<String, AnalysisOutcome> outcomes = new LinkedHashMap<>();
        outcomes.put("b", outcome(Phase.Successful, "b ok"));
        outcomes.put("a", outcome(Phase.Successful, "a ok"));

        AnalysisOutcome combined = AnalysisVerdict.combine(outcomes);

        assertThat(combined).isEqualTo(new AnalysisOutcome(Phase.Successful, null, "all 2 metrics successful: b, a", null));
    }

    @Test
    void otherwiseItRuns() {
        AnalysisOutcome combined = AnalysisVerdict.combine(Map.of("a", outcome(Phase.Successful, "a ok"), "b", outcome(Phase.Running, "b running")));

        assertThat(combined.phase()).isEqualTo(Phase.Running);
        assertThat(combined.metric()).isEqualTo("b");
        assertThat(combined.reason()).isEqualTo("b running");
    }

    @Test
    void noMetricIsNothingToWaitFor() {
        assertThat(AnalysisVerdict.combine(Map.of())).isEqualTo(new AnalysisOutcome(Phase.Successful, null, "no metric to analyse", null));
        assertThat(AnalysisVerdict.combine(Map.of("a", outcome(Phase.Successful, ""))).reason()).isEqualTo("all 1 metric successful: a");
    }

    @Test
    void theCombinedOutcomeCarriesTheDecidingMeasurement() {
        Measurement bad = new Measurement(MeasurementPhase.Failed, 0.08, 0.02, "error_rate=0.08 exceeds stable", Instant.EPOCH);

        AnalysisOutcome combined = AnalysisVerdict.combine(Map.of("error_rate", new AnalysisOutcome(Phase.Failed, "error_rate", "r", bad),
                "latency", outcome(Phase.Successful, "ok")));

        assertThat(combined.last()).isEqualTo(bad);
    }

    @Test
    void phasesKnowWhatTheyMean() {
        assertThat(Phase.Running.isTerminal()).isFalse();
        assertThat(Phase.Successful.isTerminal()).isTrue();
        assertThat(Phase.Successful.isUnsuccessful()).isFalse();
        assertThat(Phase.Inconclusive.isUnsuccessful()).isTrue();
        assertThat(Phase.Inconclusive.severity()).isLessThan(Phase.Error.severity());
        assertThat(Phase.Error.severity()).isLessThan(Phase.Failed.severity());
        assertThat(Phase.Failed.rollsBack()).isTrue();
        assertThat(Phase.Error.rollsBack()).isTrue();
        assertThat(Phase.Inconclusive.rollsBack()).isFalse();
        assertThat(Phase.Inconclusive.pauses()).isTrue();
        assertThat(Phase.Failed.pauses()).isFalse();
        assertThat(outcome(Phase.Running, null).reason()).isEmpty();
        assertThat(outcome(Phase.Failed, "x").isTerminal()).isTrue();
    }

    // ---- precedence and the metric named (Argo: analysisStatusOrder, IsWorse; assessMetricFailureInconclusiveOrError) ----

    @Test
    void betweenMetricsFailedBeatsErrorBeatsInconclusiveWhateverTheOrder() {
        Map<String, AnalysisOutcome> outcomes = new LinkedHashMap<>();
        outcomes.put("inconclusive", outcome(Phase.Inconclusive, "i"));
        outcomes.put("erred", outcome(Phase.Error, "e"));
        outcomes.put("failed", outcome(Phase.Failed, "f"));

        assertThat(AnalysisVerdict.combine(outcomes).metric()).isEqualTo("failed");
        outcomes.remove("failed");
        assertThat(AnalysisVerdict.combine(outcomes).metric()).isEqualTo("erred");
    }

    @Test
    void theFirstDecidingMetricInSpecOrderIsNamedNotTheFirstByName() {
        Map<String, AnalysisOutcome> outcomes = new LinkedHashMap<>();
        outcomes.put("z-latency", new AnalysisOutcome(Phase.Inconclusive, "z-latency", "z?", null));
        outcomes.put("a-errors", new AnalysisOutcome(Phase.Inconclusive, "a-errors", "a?", null));

        AnalysisOutcome combined = AnalysisVerdict.combine(outcomes);

        assertThat(combined.metric()).isEqualTo("z-latency");
        assertThat(combined.reason()).isEqualTo("z?; a?");
    }

    /** Random metric sets in random orders: the phase is the worst, the name the first with it in iteration order. */
    @Test
    void combineNamesTheFirstWorstMetricInIterationOrder() {
        long seed = new java.util.Random().nextLong();
        java.util.Random random = new java.util.Random(seed);
        List<String> names = List.of("error-rate", "latency-p99", "accuracy", "saturation", "drift", "cost");
        Phase[] phases = Phase.values();
        for (int run = 0; run < 2_000; run++) {
            List<String> order = new java.util.ArrayList<>(names.subList(0, 1 + random.nextInt(names.size())));
            java.util.Collections.shuffle(order, random);
            Map<String, AnalysisOutcome> outcomes = new LinkedHashMap<>();
            order.forEach(name -> outcomes.put(name, outcome(phases[random.nextInt(phases.length)], name + " reason")));
            List<String> reversed = new java.util.ArrayList<>(order);
            java.util.Collections.reverse(reversed);
            Map<String, AnalysisOutcome> backwards = new LinkedHashMap<>();
            reversed.forEach(name -> backwards.put(name, outcomes.get(name)));

            AnalysisOutcome combined = AnalysisVerdict.combine(outcomes);

            String context = "seed " + seed + ": " + outcomes;
            assertThat(AnalysisVerdict.combine(backwards).phase()).as(context).isEqualTo(combined.phase());
            int worst = outcomes.values().stream().mapToInt(o -> o.phase().severity()).max().orElseThrow();
            if (worst > 0) {
                String first = order.stream().filter(n -> outcomes.get(n).phase().severity() == worst).findFirst().orElseThrow();
                assertThat(combined.metric()).as(context).isEqualTo(first);
                assertThat(combined.reason()).as(context).startsWith(first + " reason");
            }
        }
    }

    /**
     * Several limits exceeded at once (only possible when a run's limits are lowered under it): the rollback wins over
     * the pause, Failed &gt; Error &gt; Inconclusive, where Argo's per-metric check lets the last exceeded win.
     */
    @Test
    void withinAMetricTheSameOrderHolds() {
        AnalysisLimits strict = limits(20).withFailureLimit(0).withInconclusiveLimit(0).withConsecutiveErrorLimit(0);

        assertThat(phase(strict, "FIEE")).isEqualTo(Phase.Failed);
        assertThat(phase(strict, "IEE")).isEqualTo(Phase.Error);
        assertThat(phase(strict, "IS")).isEqualTo(Phase.Inconclusive);
        assertThat(phase(strict.withFailureLimit(5).withConsecutiveFailureLimit(0), "IFF")).as("consecutiveFailureLimit is Failed too")
                .isEqualTo(Phase.Failed);
    }

    /** In a run that keeps its limits, one measurement never exceeds two limits of different outcomes. */
    @Test
    void oneMeasurementNeverFirstExceedsLimitsOfTwoOutcomes() {
        long seed = new java.util.Random().nextLong();
        java.util.Random random = new java.util.Random(seed);
        MeasurementPhase[] phases = MeasurementPhase.values();
        for (int run = 0; run < 2_000; run++) {
            AnalysisLimits limits = limits(0).withFailureLimit(random.nextInt(4)).withInconclusiveLimit(random.nextInt(4))
                    .withConsecutiveErrorLimit(random.nextInt(4)).withConsecutiveFailureLimit(random.nextBoolean() ? null : random.nextInt(4));
            MetricTally tally = MetricTally.EMPTY;
            for (int i = 0; i < 40; i++) {
                tally = tally.add(phases[random.nextInt(phases.length)]);
                int exceeded = (tally.failures() > limits.failureLimit()
                        || (limits.consecutiveFailureLimit() != null && tally.maxConsecutiveFailures() > limits.consecutiveFailureLimit()) ? 1 : 0)
                        + (tally.maxConsecutiveErrors() > limits.consecutiveErrorLimit() ? 1 : 0)
                        + (tally.inconclusives() > limits.inconclusiveLimit() ? 1 : 0);
                if (exceeded > 0) {
                    assertThat(exceeded).as("seed %d: %s at %s", seed, limits, tally).isEqualTo(1);
                    break;
                }
            }
        }
    }
}
