package io.modelgate.analysis;

import io.modelgate.testing.Gen;

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

    static Gen<MeasurementPhase> phases() {
        return Gen.of(MeasurementPhase.class);
    }

    /** Histories biased so that every limit is reached in some tries and not in others. */
    static Gen<List<MeasurementPhase>> phaseLists(int maxSize) {
        Gen<MeasurementPhase> mostlyGood = Gen.frequency(
                Gen.weighted(6, Gen.constant(MeasurementPhase.Successful)), Gen.weighted(2, Gen.constant(MeasurementPhase.Failed)),
                Gen.weighted(1, Gen.constant(MeasurementPhase.Inconclusive)), Gen.weighted(2, Gen.constant(MeasurementPhase.Error)));
        return Gen.oneOf(phases().list(0, maxSize), mostlyGood.list(0, maxSize));
    }

    static Gen<AnalysisLimits> analysisLimits() {
        Gen<Integer> counts = Gen.ints(0, 12);
        Gen<Duration> intervals = Gen.of(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(1),
                Duration.ofMinutes(5), Duration.ofMillis(1));
        Gen<Duration> delays = Gen.of(Duration.ZERO, Duration.ofSeconds(1), Duration.ofMinutes(2), Duration.ofHours(1));
        Gen<Integer> small = Gen.ints(0, 4);
        Gen<Integer> streak = Gen.ints(0, 4).orNull(0.4);
        return Gen.combine(counts, intervals, delays, small, streak, small, small, AnalysisLimits::new);
    }
}
