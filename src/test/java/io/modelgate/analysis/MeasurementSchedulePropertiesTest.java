package io.modelgate.analysis;

import io.modelgate.testing.Gen;
import io.modelgate.testing.Property;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class MeasurementSchedulePropertiesTest {

    private static final int UNBOUNDED_STEPS = 30;

    @Test
    void dueTimesIncreaseStrictlyAndNeverPrecedeTheInitialDelay() {
        Property.tries(2000).forAll(limits(), starts(), lateness(), phases(), (limits, start, lateness, phases) -> {
            Instant first = start.plus(limits.initialDelay());
            MetricTally tally = MetricTally.EMPTY;
            Optional<Instant> lastAt = Optional.empty();
            List<Instant> due = new ArrayList<>();
            boolean endless = limits.unbounded() || phases.stream().allMatch(p -> p == MeasurementPhase.Error);
            // Bounded: at most one phase in phases.size() must count before count is reached.
            int steps = endless ? UNBOUNDED_STEPS : limits.count() * phases.size() + 1;
            for (int i = 0; i < steps; i++) {
                Optional<Instant> next = MeasurementSchedule.nextAt(limits, start, tally, lastAt);
                if (next.isEmpty()) {
                    break;
                }
                Instant at = next.get();
                assertThat(at).isAfterOrEqualTo(first);
                if (!due.isEmpty()) {
                    assertThat(at).isAfter(due.get(due.size() - 1));
                    Duration step = tally.consecutiveErrors() > 0 ? MeasurementSchedule.retryAfterError(limits)
                            : limits.interval().isZero() ? MeasurementSchedule.ERROR_RETRY_INTERVAL : limits.interval();
                    assertThat(at).isAfterOrEqualTo(lastAt.get().plus(step));
                }
                assertThat(MeasurementSchedule.isDue(limits, start, tally, lastAt, at)).isTrue();
                assertThat(MeasurementSchedule.isDue(limits, start, tally, lastAt, at.minusNanos(1))).isFalse();
                due.add(at);
                Instant taken = at.plus(lateness.get(i % lateness.size()));
                tally = tally.add(phases.get(i % phases.size()));
                lastAt = Optional.of(taken);
            }

            if (endless) {
                assertThat(due).hasSize(UNBOUNDED_STEPS);
            } else {
                assertThat(tally.counted()).isEqualTo(limits.count());
                assertThat(MeasurementSchedule.nextAt(limits, start, tally, lastAt)).isEmpty();
            }
        });
    }

    @Test
    void withoutErrorsExactlyCountMeasurementsAreScheduled() {
        Property.tries(1000).forAll(Gen.ints(1, 20), starts(), (count, start) -> {
            AnalysisLimits limits = AnalysisLimits.of(count, Duration.ofSeconds(30)).withInitialDelay(Duration.ofMinutes(1));
            int scheduled = 0;
            Optional<Instant> lastAt = Optional.empty();
            for (Optional<Instant> next = MeasurementSchedule.nextAt(limits, start, 0, lastAt); next.isPresent();
                 next = MeasurementSchedule.nextAt(limits, start, scheduled, lastAt)) {
                assertThat(next.get()).isEqualTo(start.plusSeconds(60 + 30L * scheduled));
                scheduled++;
                lastAt = next;
            }

            assertThat(scheduled).isEqualTo(count);
        });
    }

    Gen<AnalysisLimits> limits() {
        return Gen.oneOf(Analyses.analysisLimits(),
                Gen.of(AnalysisLimits.of(1, Duration.ZERO), AnalysisLimits.of(1, Duration.ZERO).withInitialDelay(Duration.ofSeconds(5))));
    }

    Gen<Instant> starts() {
        return Gen.longs(0, 4_000_000_000L).map(Instant::ofEpochSecond);
    }

    Gen<List<Duration>> lateness() {
        return Gen.oneOf(Gen.longs(0, 120_000).map(Duration::ofMillis),
                        Gen.of(Duration.ZERO, Duration.ofNanos(1), Duration.ofHours(2)))
                .list(1, 8);
    }

    Gen<List<MeasurementPhase>> phases() {
        return Analyses.phases().list(1, 8);
    }
}
