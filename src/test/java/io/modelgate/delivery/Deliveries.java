package io.modelgate.delivery;

import io.modelgate.analysis.AnalysisLimits;
import io.modelgate.analysis.Measurement;
import io.modelgate.analysis.MeasurementPhase;
import io.modelgate.analysis.MetricRun;
import io.modelgate.rollout.BlueGreenPhase;
import io.modelgate.rollout.BlueGreenState;
import io.modelgate.rollout.CanaryState;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

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

    static Arbitrary<Instant> instants() {
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.longs().between(0, 32_503_680_000L), Arbitraries.integers().between(0, 999_999_999))
                        .as(Instant::ofEpochSecond),
                Arbitraries.longs().between(0, 4_102_444_800_000L).map(Instant::ofEpochMilli),
                Arbitraries.of(Instant.EPOCH, T0, T0.plusNanos(1), T0.minusNanos(1)));
    }

    static Arbitrary<Double> doubles() {
        return Arbitraries.oneOf(
                Arbitraries.of(AWKWARD_DOUBLES),
                Arbitraries.doubles(),
                Arbitraries.doubles().between(-1, 1),
                Arbitraries.longs().map(Double::longBitsToDouble).filter(d -> !Double.isNaN(d)));
    }

    static Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(80),
                Arbitraries.of("", " ", "+Inf", "-Inf", "NaN", "null", "\"quoted\"", "line\nbreak", "ünïcødé ✓", "error-rate=0.12 is above max 0.05"));
    }

    static Arbitrary<CanaryState> canaryStates() {
        return Combinators.combine(Arbitraries.integers().between(0, 60), Arbitraries.integers().between(0, 100), instants(),
                        texts().injectNull(0.5), Arbitraries.of(true, false), Arbitraries.of(true, false),
                        Arbitraries.integers().between(1, 10_000))
                .as(CanaryState::new);
    }

    static Arbitrary<BlueGreenState> blueGreenStates() {
        return Combinators.combine(Arbitraries.of(BlueGreenPhase.class), instants(), texts().injectNull(0.5), Arbitraries.of(true, false),
                        Arbitraries.integers().between(1, 10_000))
                .as(BlueGreenState::new);
    }

    static Arbitrary<Measurement> measurements() {
        return Combinators.combine(Arbitraries.of(MeasurementPhase.class), doubles().injectNull(0.2), doubles().injectNull(0.5),
                        texts().injectNull(0.1), instants())
                .as(Measurement::new);
    }

    static Arbitrary<AnalysisLimits> limits() {
        Arbitrary<Integer> counts = Arbitraries.integers().between(0, 12);
        Arbitrary<Duration> intervals = Arbitraries.of(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMillis(1));
        Arbitrary<Duration> delays = Arbitraries.of(Duration.ZERO, Duration.ofSeconds(1), Duration.ofMinutes(2));
        Arbitrary<Integer> small = Arbitraries.integers().between(0, 4);
        Arbitrary<Integer> streak = Arbitraries.integers().between(0, 4).injectNull(0.4);
        return Combinators.combine(counts, intervals, delays, small, streak, small, small).as(AnalysisLimits::new);
    }

    /** Runs built the way the operator builds them: start, record measurements a minute apart, perhaps end the step. */
    static Arbitrary<MetricRun> metricRuns() {
        Arbitrary<String> names = Arbitraries.of("error-rate", "latency-p99", "m", "a-very-long-metric-name-with-many-parts-0123456789");
        return Combinators.combine(names, limits(), measurements().list().ofMaxSize(25), Arbitraries.of(true, false))
                .as((name, limits, taken, endStep) -> {
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
