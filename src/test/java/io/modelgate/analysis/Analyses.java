package io.modelgate.analysis;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: measurements from phase letters (S, F, I, E) and generators shared by the property tests. */
final class Analyses {

    static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private Analyses() {
    }

    static MeasurementPhase phase(char letter) {
        return switch (letter) {
            case 'S' -> MeasurementPhase.Successful;
            case 'F' -> MeasurementPhase.Failed;
            case 'I' -> MeasurementPhase.Inconclusive;
            case 'E' -> MeasurementPhase.Error;
            default -> throw new IllegalArgumentException("phase letter " + letter);
        };
    }

    /** "SFIE" gives four measurements a minute apart; spaces are ignored. */
    static List<Measurement> history(String letters) {
        List<Measurement> history = new ArrayList<>();
        for (char letter : letters.replace(" ", "").toCharArray()) {
            history.add(measurement(phase(letter), history.size()));
        }
        return history;
    }

    static List<Measurement> history(List<MeasurementPhase> phases) {
        List<Measurement> history = new ArrayList<>();
        for (MeasurementPhase phase : phases) {
            history.add(measurement(phase, history.size()));
        }
        return history;
    }

    static Measurement measurement(MeasurementPhase phase, int index) {
        Double value = phase == MeasurementPhase.Error ? null : index / 100.0;
        return new Measurement(phase, value, null, "m" + index + " " + phase, T0.plusSeconds(60L * index));
    }

    static AnalysisLimits limits(int count) {
        return AnalysisLimits.of(count, Duration.ofMinutes(1));
    }

    static Arbitrary<MeasurementPhase> phases() {
        return Arbitraries.of(MeasurementPhase.class);
    }

    /** Histories biased so that every limit is reached in some tries and not in others. */
    static Arbitrary<List<MeasurementPhase>> phaseLists(int maxSize) {
        Arbitrary<MeasurementPhase> mostlyGood = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(6, MeasurementPhase.Successful), net.jqwik.api.Tuple.of(2, MeasurementPhase.Failed),
                net.jqwik.api.Tuple.of(1, MeasurementPhase.Inconclusive), net.jqwik.api.Tuple.of(2, MeasurementPhase.Error));
        return Arbitraries.oneOf(phases().list().ofMaxSize(maxSize), mostlyGood.list().ofMaxSize(maxSize));
    }

    static Arbitrary<AnalysisLimits> analysisLimits() {
        Arbitrary<Integer> counts = Arbitraries.integers().between(0, 12);
        Arbitrary<Duration> intervals = Arbitraries.of(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(1),
                Duration.ofMinutes(5), Duration.ofMillis(1));
        Arbitrary<Duration> delays = Arbitraries.of(Duration.ZERO, Duration.ofSeconds(1), Duration.ofMinutes(2), Duration.ofHours(1));
        Arbitrary<Integer> small = Arbitraries.integers().between(0, 4);
        Arbitrary<Integer> streak = Arbitraries.integers().between(0, 4).injectNull(0.4);
        return Combinators.combine(counts, intervals, delays, small, streak, small, small)
                .as(AnalysisLimits::new);
    }
}
