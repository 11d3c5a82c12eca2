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
    void errorsDoNotCountSoTheyAreRetriedTenSecondsLater() {
        MetricTally afterErrors = MetricTally.of(Analyses.history("SSEE"));

        assertThat(afterErrors.counted()).isEqualTo(2);
        assertThat(MeasurementSchedule.nextAt(THREE_EVERY_MINUTE, START, afterErrors, Optional.of(START.plusSeconds(300))))
                .contains(START.plusSeconds(310));
    }

    /** The case: with a 5 m interval an outage reached Error (4 errors in a row + 1) after 20 minutes. */
    @Test
    void anErrorIsRetriedAfterTenSecondsNotAFullInterval() {
        AnalysisLimits everyFiveMinutes = AnalysisLimits.of(3, Duration.ofMinutes(5));
        Instant erred = START.plusSeconds(42);

        assertThat(MeasurementSchedule.nextAt(everyFiveMinutes, START, MetricTally.of(Analyses.history("E")), Optional.of(erred)))
                .contains(erred.plusSeconds(10));
        assertThat(MeasurementSchedule.nextAt(everyFiveMinutes, START, 0, Optional.of(erred), true)).contains(erred.plusSeconds(10));
        assertThat(MeasurementSchedule.nextAt(everyFiveMinutes, START, MetricTally.of(Analyses.history("EEEE")), Optional.of(erred)))
                .as("every error of a streak is retried after 10 s").contains(erred.plusSeconds(10));
    }

    @Test
    void anAnswerAfterAnErrorBringsBackTheInterval() {
        AnalysisLimits everyFiveMinutes = AnalysisLimits.of(3, Duration.ofMinutes(5));
        Instant answered = START.plusSeconds(52);

        for (String history : new String[]{"ES", "EF", "EI", "EEI"}) {
            assertThat(MeasurementSchedule.nextAt(everyFiveMinutes, START, MetricTally.of(Analyses.history(history)), Optional.of(answered)))
                    .as(history).contains(answered.plus(Duration.ofMinutes(5)));
        }
    }

    @Test
    void anIntervalShorterThanTheRetryDelayIsKeptAfterAnError() {
        AnalysisLimits everyTwoSeconds = AnalysisLimits.of(3, Duration.ofSeconds(2));

        assertThat(MeasurementSchedule.retryAfterError(everyTwoSeconds)).isEqualTo(Duration.ofSeconds(2));
        assertThat(MeasurementSchedule.retryAfterError(AnalysisLimits.of(3, Duration.ofSeconds(10)))).isEqualTo(Duration.ofSeconds(10));
        assertThat(MeasurementSchedule.retryAfterError(AnalysisLimits.of(3, Duration.ofHours(1)))).isEqualTo(Duration.ofSeconds(10));
        assertThat(MeasurementSchedule.retryAfterError(AnalysisLimits.of(1, Duration.ZERO))).isEqualTo(Duration.ofSeconds(10));
        assertThat(MeasurementSchedule.nextAt(everyTwoSeconds, START, 0, Optional.of(START), true)).contains(START.plusSeconds(2));
    }

    @Test
    void theErrorRetryNeverComesBeforeTheInitialDelay() {
        AnalysisLimits delayed = AnalysisLimits.of(3, Duration.ofMinutes(5)).withInitialDelay(Duration.ofMinutes(1));

        assertThat(MeasurementSchedule.nextAt(delayed, START, 0, Optional.of(START), true)).contains(START.plusSeconds(60));
    }

    /** Random schedules: after an Error the gap is min(interval, 10 s), after anything else the interval. */
    @Test
    void theGapAfterEachMeasurementFollowsItsPhase() {
        long seed = new java.util.Random().nextLong();
        java.util.Random random = new java.util.Random(seed);
        Duration[] intervals = {Duration.ofMillis(1), Duration.ofSeconds(1), Duration.ofSeconds(9), Duration.ofSeconds(10),
                Duration.ofSeconds(11), Duration.ofMinutes(1), Duration.ofMinutes(5)};
        for (int run = 0; run < 500; run++) {
            Duration interval = intervals[random.nextInt(intervals.length)];
            AnalysisLimits limits = AnalysisLimits.of(random.nextInt(6), interval);
            MetricTally tally = MetricTally.EMPTY;
            Optional<Instant> lastAt = Optional.empty();
            for (int i = 0; i < 30; i++) {
                Optional<Instant> next = MeasurementSchedule.nextAt(limits, START, tally, lastAt);
                if (next.isEmpty()) {
                    assertThat(tally.counted()).as("seed %d: stops only at count %s", seed, limits).isEqualTo(limits.count());
                    break;
                }
                if (lastAt.isPresent()) {
                    Duration expected = tally.consecutiveErrors() > 0 ? (interval.compareTo(Duration.ofSeconds(10)) < 0 ? interval : Duration.ofSeconds(10))
                            : interval;
                    assertThat(Duration.between(lastAt.get(), next.get())).as("seed %d, %s after %s", seed, limits, tally).isEqualTo(expected);
                }
                tally = tally.add(MeasurementPhase.values()[random.nextInt(MeasurementPhase.values().length)]);
                lastAt = Optional.of(next.get().plusMillis(random.nextInt(3_000)));
            }
        }
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
