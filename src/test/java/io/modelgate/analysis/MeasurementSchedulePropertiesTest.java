package io.modelgate.analysis;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class MeasurementSchedulePropertiesTest {

    private static final int UNBOUNDED_STEPS = 30;

    @Property(tries = 2000)
    void dueTimesIncreaseStrictlyAndNeverPrecedeTheInitialDelay(@ForAll("limits") AnalysisLimits limits,
                                                                @ForAll("starts") Instant start,
                                                                @ForAll("lateness") List<Duration> lateness,
                                                                @ForAll("phases") List<MeasurementPhase> phases) {
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
    }

    @Property(tries = 1000)
    void withoutErrorsExactlyCountMeasurementsAreScheduled(@ForAll @IntRange(min = 1, max = 20) int count,
                                                           @ForAll("starts") Instant start) {
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
    }

    @Provide
    Arbitrary<AnalysisLimits> limits() {
        return Arbitraries.oneOf(Analyses.analysisLimits(),
                Arbitraries.of(AnalysisLimits.of(1, Duration.ZERO), AnalysisLimits.of(1, Duration.ZERO).withInitialDelay(Duration.ofSeconds(5))));
    }

    @Provide
    Arbitrary<Instant> starts() {
        return Arbitraries.longs().between(0, 4_000_000_000L).map(Instant::ofEpochSecond);
    }

    @Provide
    Arbitrary<List<Duration>> lateness() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 120_000).map(Duration::ofMillis),
                        Arbitraries.of(Duration.ZERO, Duration.ofNanos(1), Duration.ofHours(2)))
                .list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<MeasurementPhase>> phases() {
        return Analyses.phases().list().ofMinSize(1).ofMaxSize(8);
    }
}
