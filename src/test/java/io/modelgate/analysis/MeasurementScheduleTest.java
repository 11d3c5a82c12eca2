package io.modelgate.analysis;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class MeasurementScheduleTest {

    private static final Instant START = Instant.parse("2024-05-01T10:00:00Z");
    private static final AnalysisLimits THREE_EVERY_MINUTE = AnalysisLimits.of(3, Duration.ofMinutes(1)).withInitialDelay(Duration.ofSeconds(30));

    @Test
    void theFirstIsAfterTheInitialDelay() {
        assertThat(MeasurementSchedule.nextAt(THREE_EVERY_MINUTE, START, 0, Optional.empty())).contains(START.plusSeconds(30));
        assertThat(MeasurementSchedule.nextAt(AnalysisLimits.of(3, Duration.ofMinutes(1)), START, 0, Optional.empty())).contains(START);
    }

    @Test
    void theNextIsOneIntervalAfterTheLast() {
        Instant last = START.plusSeconds(95);

        assertThat(MeasurementSchedule.nextAt(THREE_EVERY_MINUTE, START, 1, Optional.of(last))).contains(last.plusSeconds(60));
    }

    @Test
    void nothingOnceTheCountIsReached() {
        assertThat(MeasurementSchedule.nextAt(THREE_EVERY_MINUTE, START, 3, Optional.of(START.plusSeconds(200)))).isEmpty();
        assertThat(MeasurementSchedule.nextAt(THREE_EVERY_MINUTE, START, 4, Optional.of(START.plusSeconds(200)))).isEmpty();
    }

    @Test
    void anUnboundedAnalysisIsAlwaysScheduled() {
        AnalysisLimits unbounded = AnalysisLimits.unbounded(Duration.ofMinutes(5));

        assertThat(MeasurementSchedule.nextAt(unbounded, START, 10_000, Optional.of(START))).contains(START.plusSeconds(300));
    }

    @Test
    void errorsDoNotCountSoTheyAreRetried() {
        MetricTally afterErrors = MetricTally.of(Analyses.history("SSEE"));

        assertThat(afterErrors.counted()).isEqualTo(2);
        assertThat(MeasurementSchedule.nextAt(THREE_EVERY_MINUTE, START, afterErrors, Optional.of(START.plusSeconds(300))))
                .contains(START.plusSeconds(360));
    }

    @Test
    void aSingleMeasurementWithoutIntervalRetriesAnErrorAfterTenSeconds() {
        AnalysisLimits once = AnalysisLimits.of(1, Duration.ZERO);

        assertThat(MeasurementSchedule.nextAt(once, START, 0, Optional.empty())).contains(START);
        assertThat(MeasurementSchedule.nextAt(once, START, 0, Optional.of(START))).contains(START.plus(MeasurementSchedule.ERROR_RETRY_INTERVAL));
        assertThat(MeasurementSchedule.nextAt(once, START, 1, Optional.of(START))).isEmpty();
    }

    @Test
    void neverBeforeTheInitialDelayEvenWithAnOddLastTime() {
        Instant tooEarly = START.minusSeconds(600);

        assertThat(MeasurementSchedule.nextAt(THREE_EVERY_MINUTE, START, 1, Optional.of(tooEarly))).contains(START.plusSeconds(30));
    }

    @Test
    void dueAtOrAfterTheTime() {
        Optional<Instant> none = Optional.empty();

        assertThat(MeasurementSchedule.isDue(THREE_EVERY_MINUTE, START, 0, none, START.plusSeconds(29))).isFalse();
        assertThat(MeasurementSchedule.isDue(THREE_EVERY_MINUTE, START, 0, none, START.plusSeconds(30))).isTrue();
        assertThat(MeasurementSchedule.isDue(THREE_EVERY_MINUTE, START, 0, none, START.plusSeconds(3000))).isTrue();
        assertThat(MeasurementSchedule.isDue(THREE_EVERY_MINUTE, START, 3, Optional.of(START), START.plusSeconds(3000))).isFalse();
        assertThat(MeasurementSchedule.isDue(THREE_EVERY_MINUTE, START, MetricTally.EMPTY, none, START.plusSeconds(30))).isTrue();
    }
}
