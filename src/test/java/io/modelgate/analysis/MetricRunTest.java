package io.modelgate.analysis;

import io.modelgate.analysis.AnalysisOutcome.Phase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.modelgate.analysis.Analyses.history;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricRunTest {

    private static final AnalysisLimits LIMITS = AnalysisLimits.of(3, Duration.ofMinutes(1)).withFailureLimit(1);

    private static MetricRun run(String letters) {
        MetricRun run = MetricRun.start("error_rate");
        for (Measurement m : history(letters)) {
            run = run.record(LIMITS, m);
        }
        return run;
    }

    @Test
    void startsRunningWithNothing() {
        MetricRun run = MetricRun.start("error_rate");

        assertThat(run.tally()).isEqualTo(MetricTally.EMPTY);
        assertThat(run.recent()).isEmpty();
        assertThat(run.outcome().phase()).isEqualTo(Phase.Running);
        assertThat(run.outcome().reason()).isEqualTo("error_rate running: no measurement yet");
        assertThat(run.nextAt(LIMITS, Analyses.T0)).contains(Analyses.T0);
    }

    @Test
    void recordsAndDecides() {
        MetricRun run = run("SF");

        assertThat(run.tally().taken()).isEqualTo(2);
        assertThat(run.recent()).hasSize(2);
        assertThat(run.outcome().phase()).isEqualTo(Phase.Running);
        assertThat(run("SFS").outcome().phase()).isEqualTo(Phase.Successful);
        assertThat(run("SFF").outcome().phase()).isEqualTo(Phase.Failed);
    }

    @Test
    void aTerminalOutcomeIsStickyAsInArgo() {
        MetricRun failed = run("FF");

        MetricRun after = failed.record(LIMITS, history("SSSS").get(3));

        assertThat(after).isEqualTo(failed);
        assertThat(run("SSS").record(LIMITS, history("F").get(0)).outcome().phase()).isEqualTo(Phase.Successful);
        assertThat(failed.endStep(LIMITS)).isEqualTo(failed);
    }

    @Test
    void nothingIsScheduledOnceDecided() {
        assertThat(run("FF").nextAt(LIMITS, Analyses.T0)).isEmpty();
        assertThat(run("SSS").nextAt(LIMITS, Analyses.T0)).isEmpty();
        MetricRun running = run("SE");
        assertThat(running.nextAt(LIMITS, Analyses.T0)).as("an Error is retried after 10 s")
                .contains(running.recent().get(1).at().plus(MeasurementSchedule.ERROR_RETRY_INTERVAL));
        MetricRun answered = run("ES");
        assertThat(answered.nextAt(LIMITS, Analyses.T0)).contains(answered.recent().get(1).at().plusSeconds(60));
    }

    @Test
    void endingTheStepSucceedsAnUndecidedRun() {
        AnalysisLimits unbounded = AnalysisLimits.unbounded(Duration.ofMinutes(1));
        MetricRun run = MetricRun.start("m").record(unbounded, history("S").get(0));

        assertThat(run.outcome().phase()).isEqualTo(Phase.Running);
        assertThat(run.endStep(unbounded).outcome().phase()).isEqualTo(Phase.Successful);
    }

    @Test
    void keepsTheLastTenButCountsEverything() {
        MetricRun run = MetricRun.start("m");
        AnalysisLimits many = AnalysisLimits.of(30, Duration.ofMinutes(1)).withFailureLimit(1);
        for (Measurement m : history("F" + "S".repeat(20))) {
            run = run.record(many, m);
        }

        assertThat(run.recent()).hasSize(10);
        assertThat(run.tally().failures()).isEqualTo(1);
        assertThat(run.tally().taken()).isEqualTo(21);
        assertThatThrownBy(() -> MetricRun.start("m").record(many, history("S").get(0), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNullHistoryIsEmpty() {
        MetricRun run = new MetricRun("m", MetricTally.EMPTY, null, MetricRun.start("m").outcome());

        assertThat(run.recent()).isEqualTo(List.of());
        assertThat(run.nextAt(LIMITS, Instant.EPOCH)).isEqualTo(Optional.of(Instant.EPOCH));
    }
}
