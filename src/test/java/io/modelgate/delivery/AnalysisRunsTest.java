package io.modelgate.delivery;

import io.modelgate.analysis.AnalysisLimits;
import io.modelgate.analysis.AnalysisOutcome.Phase;
import io.modelgate.analysis.Measurement;
import io.modelgate.analysis.MeasurementJudge;
import io.modelgate.analysis.MeasurementPhase;
import io.modelgate.analysis.MetricCriteria;
import io.modelgate.analysis.ProviderResult;
import io.modelgate.api.AnalysisMetricSpec;
import io.modelgate.api.AnalysisRunStatus;
import io.modelgate.api.MetricRunStatus;
import io.modelgate.api.RolloutStatus;
import io.modelgate.rollout.AnalysisReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static io.modelgate.delivery.Deliveries.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** Analysis runs as kept in a revision's status, driven with real limits, real judgements and real times. */
class AnalysisRunsTest {

    static final Duration MINUTE = Duration.ofMinutes(1);

    /** A metric "error-rate" with max 0.05 and the given limits; {@code count} null as when the spec leaves it unset. */
    static MetricDefinition errorRate(Integer count, Duration interval, Duration initialDelay, int failureLimit) {
        return metric("error-rate", MetricCriteria.atMost("error-rate", 0.05), count, interval, initialDelay, failureLimit);
    }

    static MetricDefinition metric(String name, MetricCriteria criteria, Integer count, Duration interval, Duration initialDelay, int failureLimit) {
        AnalysisMetricSpec source = new AnalysisMetricSpec();
        source.setName(name);
        source.setCount(count);
        source.setMax(criteria.max());
        source.setMin(criteria.min());
        source.setPrometheus(new AnalysisMetricSpec.PrometheusMetric());
        AnalysisLimits limits = AnalysisLimits.of(count == null ? 1 : count, interval).withInitialDelay(initialDelay).withFailureLimit(failureLimit);
        return new MetricDefinition(name, criteria, limits, source);
    }

    static Measurement judged(MetricDefinition metric, double value, Instant at) {
        return MeasurementJudge.judge(metric.criteria(), new ProviderResult.Value(value), Optional.empty(), at);
    }

    static MetricRunStatus metricStatus(AnalysisRunStatus run, String name) {
        return run.getMetrics().stream().filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
    }

    static List<String> names(List<MetricDefinition> definitions) {
        return definitions.stream().map(MetricDefinition::name).toList();
    }

    @Test
    void anAnalysisWithNoMetricItCanMeasureIsAnErrorNotAPass() {
        AnalysisRunStatus run = AnalysisRuns.start("a1-step2", "errors", 1, Deliveries.T0, List.of());

        assertThat(run.getPhase()).isEqualTo("Error");
        assertThat(AnalysisRuns.report(run).outcome()).isEqualTo(io.modelgate.analysis.AnalysisOutcome.Phase.Error);
        assertThat(AnalysisRuns.report(run).detail()).contains("analysis errors has no metric it can measure");
    }

    @Test
    void namesTellAttemptAndPurpose() {
        assertThat(AnalysisRuns.name(1, "background")).isEqualTo("a1-background");
        assertThat(AnalysisRuns.name(3, AnalysisRuns.stepPurpose(0))).isEqualTo("a3-step1");
        assertThat(AnalysisRuns.name(2, AnalysisRuns.stepPurpose(9))).isEqualTo("a2-step10");
    }

    @Test
    void aStartedRunHasEveryMetricRunningWithNothingMeasured() {
        MetricDefinition a = errorRate(2, MINUTE, Duration.ZERO, 0);
        MetricDefinition b = metric("latency", MetricCriteria.atMost("latency", 0.5), 2, MINUTE, Duration.ZERO, 0);

        AnalysisRunStatus run = AnalysisRuns.start("a1-step2", "health", 1, T0, List.of(a, b));

        assertThat(run.getName()).isEqualTo("a1-step2");
        assertThat(run.getAnalysis()).isEqualTo("health");
        assertThat(run.getAttempt()).isEqualTo(1);
        assertThat(run.getStartedAt()).isEqualTo(T0.toString());
        assertThat(run.getPhase()).isEqualTo("Running");
        assertThat(run.getMetrics()).extracting(MetricRunStatus::getName).containsExactly("error-rate", "latency");
        assertThat(run.getMetrics()).allSatisfy(m -> {
            assertThat(m.getPhase()).isEqualTo("Running");
            assertThat(m.getSuccessful() + m.getFailed() + m.getInconclusive() + m.getError()).isZero();
            assertThat(m.getMeasurements()).isEmpty();
            assertThat(m.getPendingJob()).isNull();
        });
        assertThat(AnalysisRuns.report(run)).isEqualTo(AnalysisReport.of(Phase.Running, ""));
    }

    @Test
    void findAndAdd() {
        RolloutStatus status = new RolloutStatus();
        assertThat(AnalysisRuns.find(status, "a1-background")).isEmpty();

        AnalysisRunStatus run = AnalysisRuns.start("a1-background", "health", 1, T0, List.of(errorRate(null, MINUTE, Duration.ZERO, 0)));
        AnalysisRuns.add(status, run);

        assertThat(AnalysisRuns.find(status, "a1-background")).containsSame(run);
        assertThat(AnalysisRuns.find(status, "a2-background")).isEmpty();
        status.setAnalysisRuns(null);
        assertThat(AnalysisRuns.find(status, "a1-background")).isEmpty();
    }

    @Test
    void everyMetricIsDueAtTheStartWithoutInitialDelay() {
        List<MetricDefinition> definitions = List.of(errorRate(1, MINUTE, Duration.ZERO, 0));
        AnalysisRunStatus run = AnalysisRuns.start("a1-step1", "health", 1, T0, definitions);

        assertThat(names(AnalysisRuns.due(run, definitions, false, T0))).containsExactly("error-rate");
        assertThat(AnalysisRuns.due(run, definitions, false, T0.minusMillis(1))).isEmpty();
        assertThat(AnalysisRuns.nextDue(run, definitions, false)).contains(T0);
    }

    @Test
    void theInitialDelayHoldsTheFirstMeasurement() {
        List<MetricDefinition> definitions = List.of(errorRate(3, MINUTE, Duration.ofSeconds(30), 0));
        AnalysisRunStatus run = AnalysisRuns.start("a1-step1", "health", 1, T0, definitions);

        assertThat(AnalysisRuns.nextDue(run, definitions, false)).contains(T0.plusSeconds(30));
        assertThat(AnalysisRuns.due(run, definitions, false, T0.plusSeconds(29))).isEmpty();
        assertThat(AnalysisRuns.due(run, definitions, false, T0.plusSeconds(30))).hasSize(1);
        assertThat(AnalysisRuns.due(run, definitions, false, T0.plusSeconds(300))).as("late is still due").hasSize(1);
    }

    @Test
    void aRecordedMeasurementSchedulesTheNextOneAnIntervalLater() {
        MetricDefinition metric = errorRate(3, MINUTE, Duration.ZERO, 0);
        List<MetricDefinition> definitions = List.of(metric);
        AnalysisRunStatus run = AnalysisRuns.start("a1-step1", "health", 1, T0, definitions);

        AnalysisRuns.record(run, metric, false, judged(metric, 0.01, T0.plusSeconds(5)));

        assertThat(AnalysisRuns.nextDue(run, definitions, false)).contains(T0.plusSeconds(65));
        assertThat(AnalysisRuns.due(run, definitions, false, T0.plusSeconds(64))).isEmpty();
        assertThat(AnalysisRuns.due(run, definitions, false, T0.plusSeconds(65))).hasSize(1);
        MetricRunStatus status = metricStatus(run, "error-rate");
        assertThat(status.getSuccessful()).isEqualTo(1);
        assertThat(status.getMeasurements()).singleElement().satisfies(m -> {
            assertThat(m.getValue()).isEqualTo("0.01");
            assertThat(m.getMessage()).isEqualTo("error-rate=0.01 is within <= max 0.05");
        });
        assertThat(run.getPhase()).isEqualTo("Running");
    }

    @Test
    void reachingTheCountIsSuccessfulAndNothingMoreIsDue() {
        MetricDefinition metric = errorRate(2, MINUTE, Duration.ZERO, 0);
        List<MetricDefinition> definitions = List.of(metric);
        AnalysisRunStatus run = AnalysisRuns.start("a1-step1", "health", 1, T0, definitions);

        AnalysisRuns.record(run, metric, false, judged(metric, 0.01, T0));
        assertThat(run.getPhase()).isEqualTo("Running");
        AnalysisRuns.record(run, metric, false, judged(metric, 0.02, T0.plusSeconds(60)));

        assertThat(run.getPhase()).isEqualTo("Successful");
        assertThat(metricStatus(run, "error-rate").getPhase()).isEqualTo("Successful");
        assertThat(AnalysisRuns.outcome(run).phase()).isEqualTo(Phase.Successful);
        assertThat(AnalysisRuns.report(run)).isEqualTo(AnalysisReport.of(Phase.Successful, ""));
        assertThat(AnalysisRuns.due(run, definitions, false, T0.plusSeconds(3600))).isEmpty();
        assertThat(AnalysisRuns.nextDue(run, definitions, false)).isEmpty();
    }

    @Test
    void anErrorDoesNotCountTowardTheCount() {
        MetricDefinition metric = errorRate(1, MINUTE, Duration.ZERO, 0);
        List<MetricDefinition> definitions = List.of(metric);
        AnalysisRunStatus run = AnalysisRuns.start("a1-step1", "health", 1, T0, definitions);

        AnalysisRuns.record(run, metric, false, MeasurementJudge.judge(metric.criteria(), new ProviderResult.Error("HTTP 500"), Optional.empty(), T0));

        assertThat(run.getPhase()).isEqualTo("Running");
        assertThat(AnalysisRuns.nextDue(run, definitions, false)).as("retried after 10 s, not the 1 m interval").contains(T0.plusSeconds(10));
        assertThat(AnalysisRuns.due(run, definitions, false, T0.plusSeconds(9))).isEmpty();
        assertThat(AnalysisRuns.due(run, definitions, false, T0.plusSeconds(10))).containsExactly(metric);
    }

    @Test
    void passingTheFailureLimitFailsWithTheMetricValueAndBoundInTheReport() {
        MetricDefinition metric = errorRate(5, MINUTE, Duration.ZERO, 1);
        MetricDefinition latency = metric("latency", MetricCriteria.atMost("latency", 0.5), 5, MINUTE, Duration.ZERO, 0);
        List<MetricDefinition> definitions = List.of(metric, latency);
        AnalysisRunStatus run = AnalysisRuns.start("a1-step3", "health", 1, T0, definitions);

        AnalysisRuns.record(run, latency, false, judged(latency, 0.2, T0));
        AnalysisRuns.record(run, metric, false, judged(metric, 0.09, T0));
        assertThat(run.getPhase()).as("one failure is within failureLimit 1").isEqualTo("Running");
        AnalysisRuns.record(run, metric, false, judged(metric, 0.12, T0.plusSeconds(60)));

        assertThat(run.getPhase()).isEqualTo("Failed");
        AnalysisReport report = AnalysisRuns.report(run);
        assertThat(report.outcome()).isEqualTo(Phase.Failed);
        assertThat(report.detail()).contains("error-rate").contains("0.12").contains("above max 0.05").contains("failureLimit 1")
                .doesNotContain("latency");
        assertThat(run.getMessage()).isEqualTo(report.detail());
        assertThat(AnalysisRuns.outcome(run).metric()).isEqualTo("error-rate");
        assertThat(AnalysisRuns.outcome(run).last().value()).isEqualTo(0.12);
        // The failed metric is no longer measured; the other one still is, but cannot save the run.
        assertThat(names(AnalysisRuns.due(run, definitions, false, T0.plusSeconds(600)))).containsExactly("latency");
        AnalysisRuns.record(run, latency, false, judged(latency, 0.1, T0.plusSeconds(600)));
        assertThat(AnalysisRuns.report(run)).isEqualTo(report);
    }

    @Test
    void aBackgroundMetricWithoutCountMeasuresUntilTheRunIsEnded() {
        MetricDefinition metric = errorRate(null, Duration.ofSeconds(30), Duration.ZERO, 0);
        List<MetricDefinition> definitions = List.of(metric);
        AnalysisRunStatus run = AnalysisRuns.start("a1-background", "health", 1, T0, definitions);

        Instant at = T0;
        for (int i = 0; i < 60; i++) {
            assertThat(AnalysisRuns.due(run, definitions, true, at)).as("measurement %d due", i).hasSize(1);
            AnalysisRuns.record(run, metric, true, judged(metric, 0.01, at));
            at = at.plusSeconds(30);
        }
        assertThat(run.getPhase()).isEqualTo("Running");
        assertThat(metricStatus(run, "error-rate").getSuccessful()).isEqualTo(60);
        assertThat(metricStatus(run, "error-rate").getMeasurements()).hasSize(10);
        assertThat(AnalysisRuns.nextDue(run, definitions, true)).contains(at);

        AnalysisRuns.end(run, definitions, true);

        assertThat(run.getPhase()).isEqualTo("Successful");
        assertThat(AnalysisRuns.nextDue(run, definitions, true)).isEmpty();
        assertThat(metricStatus(run, "error-rate").getMessage()).contains("passed").contains("60 measurements");
    }

    @Test
    void theSameMetricUsedInlineTakesOneMeasurementAndInBackgroundItsOwnCount() {
        MetricDefinition unset = errorRate(null, Duration.ofSeconds(30), Duration.ZERO, 0);
        MetricDefinition three = errorRate(3, Duration.ofSeconds(30), Duration.ZERO, 0);

        AnalysisRunStatus inline = AnalysisRuns.start("a1-step2", "health", 1, T0, List.of(unset));
        AnalysisRuns.record(inline, unset, false, judged(unset, 0.01, T0));
        assertThat(inline.getPhase()).isEqualTo("Successful");

        AnalysisRunStatus background = AnalysisRuns.start("a1-background", "health", 1, T0, List.of(three));
        for (int i = 0; i < 3; i++) {
            assertThat(background.getPhase()).isEqualTo("Running");
            AnalysisRuns.record(background, three, true, judged(three, 0.01, T0.plusSeconds(30L * i)));
        }
        assertThat(background.getPhase()).isEqualTo("Successful");
    }

    @Test
    void aBackgroundFailureFailsAtOnce() {
        MetricDefinition metric = errorRate(null, Duration.ofSeconds(30), Duration.ZERO, 0);
        List<MetricDefinition> definitions = List.of(metric);
        AnalysisRunStatus run = AnalysisRuns.start("a1-background", "health", 1, T0, definitions);
        for (int i = 0; i < 5; i++) {
            AnalysisRuns.record(run, metric, true, judged(metric, 0.01, T0.plusSeconds(30L * i)));
        }

        AnalysisRuns.record(run, metric, true, judged(metric, 0.5, T0.plusSeconds(150)));

        assertThat(run.getPhase()).isEqualTo("Failed");
        assertThat(AnalysisRuns.report(run).detail()).contains("error-rate=0.5 is above max 0.05");
        AnalysisRuns.end(run, definitions, true);
        assertThat(run.getPhase()).as("ending does not undo a failure").isEqualTo("Failed");
    }

    @Test
    void endingAStepPassesRunningMetricsAndKeepsEndedOnes() {
        MetricDefinition ok = errorRate(5, MINUTE, Duration.ZERO, 0);
        MetricDefinition inconclusive = metric("latency", MetricCriteria.atMost("latency", 0.5), 5, MINUTE, Duration.ZERO, 0);
        List<MetricDefinition> definitions = List.of(ok, inconclusive);
        AnalysisRunStatus run = AnalysisRuns.start("a1-step1", "health", 1, T0, definitions);
        AnalysisRuns.record(run, ok, false, judged(ok, 0.01, T0));
        AnalysisRuns.record(run, inconclusive, false,
                MeasurementJudge.judge(inconclusive.criteria(), new ProviderResult.NoData("empty vector"), Optional.empty(), T0));
        assertThat(run.getPhase()).isEqualTo("Inconclusive");

        AnalysisRuns.end(run, definitions, false);

        assertThat(metricStatus(run, "error-rate").getPhase()).isEqualTo("Successful");
        assertThat(metricStatus(run, "latency").getPhase()).isEqualTo("Inconclusive");
        assertThat(run.getPhase()).isEqualTo("Inconclusive");
        assertThat(AnalysisRuns.report(run).detail()).contains("latency").contains("no data: empty vector");
    }

    @Test
    void aPendingJobKeepsItsMetricOutOfDueUntilItIsCleared() {
        MetricDefinition job = errorRate(2, MINUTE, Duration.ZERO, 0);
        MetricDefinition other = metric("latency", MetricCriteria.atMost("latency", 0.5), 2, MINUTE, Duration.ZERO, 0);
        List<MetricDefinition> definitions = List.of(job, other);
        AnalysisRunStatus run = AnalysisRuns.start("a1-step1", "health", 1, T0, definitions);

        AnalysisRuns.pendingJob(run, "error-rate", "fraud-r2-a1-step1-error-rate-1");

        assertThat(metricStatus(run, "error-rate").getPendingJob()).isEqualTo("fraud-r2-a1-step1-error-rate-1");
        assertThat(names(AnalysisRuns.due(run, definitions, false, T0.plusSeconds(3600)))).containsExactly("latency");
        AnalysisRuns.record(run, other, false, judged(other, 0.1, T0));
        assertThat(AnalysisRuns.nextDue(run, definitions, false)).as("only latency's next measurement").contains(T0.plusSeconds(60));
        assertThat(metricStatus(run, "error-rate").getPendingJob()).as("recording another metric keeps the job").isNotNull();

        // The Job's result is recorded: the job is no longer pending and the next one is scheduled.
        AnalysisRuns.record(run, job, false, judged(job, 0.01, T0.plusSeconds(20)));
        assertThat(metricStatus(run, "error-rate").getPendingJob()).isNull();
        assertThat(AnalysisRuns.nextDue(run, definitions, false)).contains(T0.plusSeconds(60));
        assertThat(names(AnalysisRuns.due(run, definitions, false, T0.plusSeconds(80)))).containsExactly("error-rate", "latency");

        AnalysisRuns.pendingJob(run, "latency", "j");
        AnalysisRuns.pendingJob(run, "latency", null);
        assertThat(names(AnalysisRuns.due(run, definitions, false, T0.plusSeconds(80)))).containsExactly("error-rate", "latency");
    }

    @Test
    void aMetricRemovedFromTheSpecIsNoLongerMeasuredAndKeepsItsOutcome() {
        MetricDefinition kept = errorRate(3, MINUTE, Duration.ZERO, 0);
        MetricDefinition removed = metric("latency", MetricCriteria.atMost("latency", 0.5), 3, MINUTE, Duration.ZERO, 0);
        AnalysisRunStatus run = AnalysisRuns.start("a1-step1", "health", 1, T0, List.of(kept, removed));
        AnalysisRuns.record(run, removed, false, judged(removed, 0.9, T0));
        assertThat(run.getPhase()).isEqualTo("Failed");
        String failure = AnalysisRuns.report(run).detail();

        List<MetricDefinition> now = List.of(kept);

        assertThat(names(AnalysisRuns.due(run, now, false, T0.plusSeconds(3600)))).containsExactly("error-rate");
        AnalysisRuns.record(run, kept, false, judged(kept, 0.01, T0));
        AnalysisRuns.end(run, now, false);
        assertThat(metricStatus(run, "latency").getPhase()).isEqualTo("Failed");
        assertThat(run.getMetrics()).extracting(MetricRunStatus::getName).containsExactly("error-rate", "latency");
        assertThat(run.getPhase()).isEqualTo("Failed");
        assertThat(AnalysisRuns.report(run).detail()).isEqualTo(failure).contains("latency=0.9 is above max 0.5");
    }

    @Test
    void aRunningMetricRemovedFromTheSpecIsNotJudgedByLimitsItNeverHad() {
        // failureLimit 2: one failure is within the metric's limits, so it is Running when it leaves the spec.
        MetricDefinition kept = errorRate(3, MINUTE, Duration.ZERO, 0);
        MetricDefinition removed = metric("latency", MetricCriteria.atMost("latency", 0.5), 3, MINUTE, Duration.ZERO, 2);
        AnalysisRunStatus run = AnalysisRuns.start("a1-background", "health", 1, T0, List.of(kept, removed));
        AnalysisRuns.record(run, removed, true, judged(removed, 0.9, T0));
        AnalysisRuns.record(run, removed, true, judged(removed, 0.1, T0.plusSeconds(60)));
        assertThat(metricStatus(run, "latency").getPhase()).isEqualTo("Running");

        List<MetricDefinition> now = List.of(kept);
        assertThat(AnalysisRuns.nextDue(run, now, true)).contains(T0);
        AnalysisRuns.end(run, now, true);

        assertThat(metricStatus(run, "latency").getPhase()).as(metricStatus(run, "latency").getMessage()).isEqualTo("Successful");
        assertThat(metricStatus(run, "latency").getFailed()).isEqualTo(1);
        assertThat(run.getPhase()).isEqualTo("Successful");
    }

    @Test
    void prunedRunsAreTheOldestEndedOnesNeverARunningOne() {
        RolloutStatus status = new RolloutStatus();
        List<String> added = new ArrayList<>();
        MetricDefinition metric = errorRate(1, MINUTE, Duration.ZERO, 0);
        for (int i = 0; i < AnalysisRuns.MAX_RUNS + 5; i++) {
            AnalysisRunStatus run = AnalysisRuns.start("a1-step" + (i + 1), "health", 1, T0.plusSeconds(i), List.of(metric));
            boolean keepRunning = i == 0 || i == 3;
            if (!keepRunning) {
                AnalysisRuns.record(run, metric, false, judged(metric, 0.01, T0.plusSeconds(i)));
            }
            AnalysisRuns.add(status, run);
            added.add(run.getName());
        }

        assertThat(status.getAnalysisRuns()).hasSize(AnalysisRuns.MAX_RUNS);
        List<String> kept = status.getAnalysisRuns().stream().map(AnalysisRunStatus::getName).toList();
        // The two running runs stay, in their place; the oldest ended ones (steps 2, 3, 5, 6, 7) went.
        assertThat(kept).startsWith("a1-step1", "a1-step4", "a1-step8").endsWith("a1-step25");
        assertThat(kept).doesNotContain("a1-step2", "a1-step3", "a1-step5", "a1-step6", "a1-step7");
        assertThat(kept).isSortedAccordingTo((a, b) -> Integer.compare(added.indexOf(a), added.indexOf(b)));
    }

    @Test
    void runningRunsAreKeptEvenPastTheLimit() {
        RolloutStatus status = new RolloutStatus();
        MetricDefinition metric = errorRate(1, MINUTE, Duration.ZERO, 0);
        IntStream.range(0, AnalysisRuns.MAX_RUNS + 3).forEach(i ->
                AnalysisRuns.add(status, AnalysisRuns.start("a" + (i + 1) + "-background", "health", i + 1, T0, List.of(metric))));

        assertThat(status.getAnalysisRuns()).hasSize(AnalysisRuns.MAX_RUNS + 3).allSatisfy(r -> assertThat(r.getPhase()).isEqualTo("Running"));
    }

    @Test
    void addingToAStatusWithoutRunsStartsTheList() {
        RolloutStatus status = new RolloutStatus();
        status.setAnalysisRuns(null);

        AnalysisRuns.add(status, AnalysisRuns.start("a1-background", "health", 1, T0, List.of(errorRate(null, MINUTE, Duration.ZERO, 0))));

        assertThat(status.getAnalysisRuns()).hasSize(1);
    }

    @Test
    void aRunSurvivesTheRoundTripThroughTheStatusMidway() throws Exception {
        MetricDefinition metric = errorRate(4, MINUTE, Duration.ofSeconds(10), 1);
        List<MetricDefinition> definitions = List.of(metric);
        AnalysisRunStatus run = AnalysisRuns.start("a1-step1", "health", 1, T0, definitions);
        AnalysisRuns.record(run, metric, false, judged(metric, 0.2, T0.plusSeconds(10)));
        AnalysisRuns.record(run, metric, false, judged(metric, 0.01, T0.plusSeconds(70)));

        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        AnalysisRunStatus restored = json.readValue(json.writeValueAsString(run), AnalysisRunStatus.class);

        assertThat(AnalysisRuns.nextDue(restored, definitions, false)).isEqualTo(AnalysisRuns.nextDue(run, definitions, false))
                .contains(T0.plusSeconds(130));
        AnalysisRuns.record(restored, metric, false, judged(metric, 0.3, T0.plusSeconds(130)));
        assertThat(restored.getPhase()).isEqualTo("Failed");
        assertThat(AnalysisRuns.report(restored).detail()).contains("failed 2 of 3 measurements, more than failureLimit 1");
    }

    @Test
    void aMeasurementOfAnEndedMetricIsNotRecorded() {
        MetricDefinition metric = errorRate(1, MINUTE, Duration.ZERO, 0);
        AnalysisRunStatus run = AnalysisRuns.start("a1-step1", "health", 1, T0, List.of(metric));
        AnalysisRuns.record(run, metric, false, judged(metric, 0.01, T0));

        AnalysisRuns.record(run, metric, false, new Measurement(MeasurementPhase.Failed, 1.0, null, "late", T0.plusSeconds(60)));

        assertThat(run.getPhase()).isEqualTo("Successful");
        assertThat(metricStatus(run, "error-rate").getMeasurements()).hasSize(1);
    }

    // ---- the background run of a canary: one per attempt, and a new one after a promote past an Inconclusive one ----

    @Test
    void backgroundRunsAreNamedByAttemptAndNumber() {
        assertThat(AnalysisRuns.backgroundName(new io.modelgate.rollout.CanaryState(0, 0, T0, null, false, true, 1))).isEqualTo("a1-background");
        assertThat(AnalysisRuns.backgroundName(new io.modelgate.rollout.CanaryState(0, 0, T0, null, false, true, 2, 3))).isEqualTo("a2-background-3");
        assertThat(List.of("a1-background", "a2-background-3", "a10-background-12")).allMatch(AnalysisRuns::isBackground);
        assertThat(List.of("a1-step2", "a1-prepromotion", "a1-background-", "background", "a1-background-x", "xa1-background"))
                .noneMatch(AnalysisRuns::isBackground);
    }

    @Test
    void theCurrentBackgroundRunIsStartedOnceAndANewNumberStartsAFreshOne() {
        io.modelgate.api.RolloutSpec spec = RolloutPlanTest.canary(List.of(io.modelgate.api.CanaryStepSpec.weight(50)),
                RolloutPlanTest.analysis("health", RolloutPlanTest.prometheusMetric("error-rate")));
        spec.setBackgroundAnalysis(io.modelgate.api.AnalysisRef.named("health"));
        RolloutPlan plan = RolloutPlan.from(spec, RolloutPlanTest.DEFAULTS);
        RolloutStatus record = new RolloutStatus();
        io.modelgate.rollout.CanaryState first = new io.modelgate.rollout.CanaryState(0, 50, T0, null, false, true, 1);

        AnalysisRunStatus started = AnalysisRuns.background(record, first, plan, T0).orElseThrow();
        assertThat(started.getName()).isEqualTo("a1-background");
        assertThat(started.getAnalysis()).isEqualTo("health");
        assertThat(AnalysisRuns.background(record, first, plan, T0.plusSeconds(60))).containsSame(started);
        assertThat(record.getAnalysisRuns()).hasSize(1);

        io.modelgate.rollout.CanaryState second = new io.modelgate.rollout.CanaryState(0, 50, T0, null, false, true, 1, 2);
        AnalysisRunStatus fresh = AnalysisRuns.background(record, second, plan, T0.plusSeconds(90)).orElseThrow();
        assertThat(fresh.getName()).isEqualTo("a1-background-2");
        assertThat(fresh.getStartedAt()).isEqualTo(T0.plusSeconds(90).toString());
        assertThat(metricStatus(fresh, "error-rate").getMeasurements()).isEmpty();
        assertThat(record.getAnalysisRuns()).extracting(AnalysisRunStatus::getName).containsExactly("a1-background", "a1-background-2");

        assertThat(AnalysisRuns.background(record, new io.modelgate.rollout.CanaryState(0, 50, T0, null, false, false, 1, 2), plan, T0))
                .as("not running: nothing to measure").isEmpty();
    }

    // ---- dryRun and measurementRetention (issue 14, item 2) ----

    static MetricDefinition dryRun(MetricDefinition metric) {
        metric.source().setDryRun(true);
        return metric;
    }

    @Test
    void aFailingDryRunMetricIsRecordedAndReportedButNeverFailsTheRun() {
        MetricDefinition errors = errorRate(2, MINUTE, Duration.ZERO, 0);
        MetricDefinition latency = dryRun(metric("latency", MetricCriteria.atMost("latency", 0.5), 2, MINUTE, Duration.ZERO, 0));
        AnalysisRunStatus run = AnalysisRuns.start("a1-step2", "health", 1, T0, List.of(errors, latency));
        assertThat(metricStatus(run, "latency").getDryRun()).isTrue();
        assertThat(metricStatus(run, "error-rate").getDryRun()).isNull();

        AnalysisRuns.record(run, latency, false, judged(latency, 0.9, T0));
        AnalysisRuns.record(run, errors, false, judged(errors, 0.01, T0));

        assertThat(metricStatus(run, "latency").getPhase()).isEqualTo("Failed");
        assertThat(metricStatus(run, "latency").getDryRun()).as("kept through a measurement").isTrue();
        assertThat(run.getPhase()).isEqualTo("Running");
        assertThat(run.getMessage()).contains("dry run, not deciding: latency Failed: latency failed 1 of 1");
        assertThat(AnalysisRuns.due(run, List.of(errors, latency), false, T0.plusSeconds(60)))
                .as("a dry-run metric that failed is measured no more; the deciding one goes on").extracting(MetricDefinition::name)
                .containsExactly("error-rate");

        AnalysisRuns.record(run, errors, false, judged(errors, 0.02, T0.plusSeconds(60)));

        assertThat(run.getPhase()).isEqualTo("Successful");
        assertThat(AnalysisRuns.report(run).outcome()).isEqualTo(Phase.Successful);
        assertThat(run.getMessage()).startsWith("all 1 metric successful: error-rate | dry run, not deciding: latency Failed");
    }

    @Test
    void aRunItsDecidingMetricsPassedWaitsForItsDryRunMetricsAsArgosDoes() {
        MetricDefinition errors = errorRate(1, MINUTE, Duration.ZERO, 0);
        MetricDefinition latency = dryRun(metric("latency", MetricCriteria.atMost("latency", 0.5), 2, MINUTE, Duration.ZERO, 0));
        AnalysisRunStatus run = AnalysisRuns.start("a1-step2", "health", 1, T0, List.of(errors, latency));

        AnalysisRuns.record(run, errors, false, judged(errors, 0.01, T0));
        AnalysisRuns.record(run, latency, false, judged(latency, 0.1, T0));
        assertThat(run.getPhase()).isEqualTo("Running");
        assertThat(run.getMessage()).contains("latency running");

        AnalysisRuns.record(run, latency, false, judged(latency, 0.1, T0.plusSeconds(60)));
        assertThat(run.getPhase()).isEqualTo("Successful");
    }

    @Test
    void aDecidingFailureEndsTheRunWhateverTheDryRunMetricsSay() {
        MetricDefinition errors = errorRate(3, MINUTE, Duration.ZERO, 0);
        MetricDefinition latency = dryRun(metric("latency", MetricCriteria.atMost("latency", 0.5), 3, MINUTE, Duration.ZERO, 0));
        AnalysisRunStatus run = AnalysisRuns.start("a1-step2", "health", 1, T0, List.of(errors, latency));

        AnalysisRuns.record(run, latency, false, judged(latency, 0.1, T0));
        AnalysisRuns.record(run, errors, false, judged(errors, 0.3, T0));

        assertThat(run.getPhase()).isEqualTo("Failed");
        assertThat(AnalysisRuns.report(run).detail()).startsWith("error-rate failed 1 of 1");
    }

    @Test
    void onlyDryRunMetricsNeverRollBack() {
        MetricDefinition latency = dryRun(metric("latency", MetricCriteria.atMost("latency", 0.5), 1, MINUTE, Duration.ZERO, 0));
        AnalysisRunStatus run = AnalysisRuns.start("a1-step2", "shadow", 1, T0, List.of(latency));

        AnalysisRuns.record(run, latency, false, judged(latency, 0.9, T0));

        assertThat(run.getPhase()).isEqualTo("Successful");
        assertThat(run.getMessage()).startsWith("only dry-run metrics | dry run, not deciding: latency Failed");
    }

    @Test
    void measurementRetentionBoundsTheMeasurementsShownNeverTheCounters() {
        MetricDefinition metric = errorRate(0, Duration.ofSeconds(1), Duration.ZERO, 100);
        metric.source().setMeasurementRetention(3);
        AnalysisRunStatus run = AnalysisRuns.start("a1-background", "health", 1, T0, List.of(metric));
        for (int i = 0; i < 7; i++) {
            AnalysisRuns.record(run, metric, true, judged(metric, 0.01 * i, T0.plusSeconds(i)));
        }
        MetricRunStatus status = metricStatus(run, "error-rate");
        assertThat(status.getMeasurements()).hasSize(3);
        assertThat(Double.parseDouble(status.getMeasurements().get(2).getValue())).isCloseTo(0.06, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(status.getSuccessful() + status.getFailed()).isEqualTo(7);

        metric.source().setMeasurementRetention(500);
        assertThat(metric.retention()).as("capped").isEqualTo(AnalysisMetricSpec.MAX_MEASUREMENT_RETENTION);
        metric.source().setMeasurementRetention(null);
        assertThat(metric.retention()).isEqualTo(AnalysisMetricSpec.DEFAULT_MEASUREMENT_RETENTION);
    }

    @Test
    void theSuccessStreakSurvivesTheStatusRoundTrip() {
        AnalysisMetricSpec source = new AnalysisMetricSpec();
        source.setName("error-rate");
        source.setMax(0.05);
        source.setPrometheus(new AnalysisMetricSpec.PrometheusMetric());
        AnalysisLimits limits = AnalysisLimits.of(10, MINUTE).withConsecutiveSuccessLimit(3).withFailureLimit(-1);
        MetricDefinition metric = new MetricDefinition("error-rate", MetricCriteria.atMost("error-rate", 0.05), limits, source);
        AnalysisRunStatus run = AnalysisRuns.start("a1-step1", "health", 1, T0, List.of(metric));

        AnalysisRuns.record(run, metric, false, judged(metric, 0.3, T0));
        AnalysisRuns.record(run, metric, false, judged(metric, 0.01, T0.plusSeconds(60)));
        AnalysisRuns.record(run, metric, false, judged(metric, 0.01, T0.plusSeconds(120)));
        assertThat(metricStatus(run, "error-rate").getConsecutiveSuccesses()).isEqualTo(2);
        assertThat(run.getPhase()).as("a failure with failureLimit -1 does not fail it").isEqualTo("Running");

        AnalysisRuns.record(run, metric, false, judged(metric, 0.01, T0.plusSeconds(180)));
        assertThat(run.getPhase()).isEqualTo("Successful");
    }
}
