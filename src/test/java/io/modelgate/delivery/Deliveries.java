package io.modelgate.delivery;

import io.modelgate.analysis.AnalysisLimits;
import io.modelgate.analysis.Measurement;
import io.modelgate.analysis.MeasurementPhase;
import io.modelgate.analysis.MetricRun;
import io.modelgate.rollout.BlueGreenPhase;
import io.modelgate.rollout.BlueGreenState;
import io.modelgate.rollout.CanaryState;
import io.modelgate.testing.Chars;
import io.modelgate.testing.Gen;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Generators shared by the delivery tests: states, measurements and metric runs as the operator produces them. */
final class Deliveries {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    /** Values a provider can hand over, and the ones that break naive text conversions. */
    static final List<Double> AWKWARD_DOUBLES = List.of(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0,
            Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 1e-300, 1e300,
            0.1, 0.1 + 0.2, 1.0 / 3, 123456789.123456789, 1e21, 1e-7, 9007199254740993.0, 4.9e-324, 2.2250738585072009e-308);

    private Deliveries() {
    }

    static Gen<Instant> instants() {
        return Gen.oneOf(
                Gen.combine(Gen.longs(0, 32_503_680_000L), Gen.ints(0, 999_999_999), Instant::ofEpochSecond),
                Gen.longs(0, 4_102_444_800_000L).map(Instant::ofEpochMilli),
                Gen.of(Instant.EPOCH, T0, T0.plusNanos(1), T0.minusNanos(1)));
    }

    static Gen<Double> doubles() {
        return Gen.oneOf(
                Gen.of(AWKWARD_DOUBLES),
                Gen.doubles(),
                Gen.doubles(-1, 1),
                Gen.longs().map(Double::longBitsToDouble).filter(d -> !Double.isNaN(d)));
    }

    static Gen<String> texts() {
        return Gen.oneOf(
                Gen.strings(0, 40),
                Gen.strings(Chars.range(' ', '~'), 0, 80),
                Gen.of("", " ", "+Inf", "-Inf", "NaN", "null", "\"quoted\"", "line\nbreak", "ünïcødé ✓", "error-rate=0.12 is above max 0.05"));
    }

    static Gen<CanaryState> canaryStates() {
        return Gen.combine(Gen.ints(0, 60), Gen.ints(0, 100), instants(), texts().orNull(0.5), Gen.of(true, false),
                Gen.of(true, false), Gen.ints(1, 10_000), CanaryState::new);
    }

    static Gen<BlueGreenState> blueGreenStates() {
        return Gen.combine(Gen.of(BlueGreenPhase.class), instants(), texts().orNull(0.5), Gen.of(true, false),
                Gen.ints(1, 10_000), BlueGreenState::new);
    }

    static Gen<Measurement> measurements() {
        return Gen.combine(Gen.of(MeasurementPhase.class), doubles().orNull(0.2), doubles().orNull(0.5),
                texts().orNull(0.1), instants(), Measurement::new);
    }

    static Gen<AnalysisLimits> limits() {
        Gen<Integer> counts = Gen.ints(0, 12);
        Gen<Duration> intervals = Gen.of(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMillis(1));
        Gen<Duration> delays = Gen.of(Duration.ZERO, Duration.ofSeconds(1), Duration.ofMinutes(2));
        Gen<Integer> small = Gen.ints(0, 4);
        Gen<Integer> streak = Gen.ints(0, 4).orNull(0.4);
        return Gen.combine(counts, intervals, delays, small, streak, small, small, AnalysisLimits::new);
    }

    /** Runs built the way the operator builds them: start, record measurements a minute apart, perhaps end the step. */
    static Gen<MetricRun> metricRuns() {
        Gen<String> names = Gen.of("error-rate", "latency-p99", "m", "a-very-long-metric-name-with-many-parts-0123456789");
        return Gen.combine(names, limits(), measurements().list(0, 25), Gen.of(true, false), (name, limits, taken, endStep) -> {
            MetricRun run = MetricRun.start(name);
            Instant at = T0;
            for (Measurement m : taken) {
                at = at.plusSeconds(60);
                run = run.record(limits, new Measurement(m.phase(), m.value(), m.stableValue(), m.message(), at));
            }
            return endStep ? run.endStep(limits) : run;
        });
    }

    static List<Measurement> timeline(MeasurementPhase... phases) {
        List<Measurement> list = new ArrayList<>();
        for (MeasurementPhase phase : phases) {
            list.add(new Measurement(phase, 0.01 * list.size(), null, "m" + list.size(), T0.plusSeconds(60L * list.size())));
        }
        return list;
    }
}
