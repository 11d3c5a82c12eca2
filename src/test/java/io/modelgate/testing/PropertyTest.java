package io.modelgate.testing;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The property runner: seeds that replay, failures that say how, every combination where there are few. */
class PropertyTest {

    static final Gen<List<Integer>> LISTS = Gen.ints(-1_000, 1_000).list(0, 20);

    static List<Object> samples(long seed) {
        List<Object> seen = new ArrayList<>();
        Property.tries(200).seed(seed).forAll(LISTS, Gen.strings(0, 10), (list, text) -> {
            seen.add(list);
            seen.add(text);
        });
        return seen;
    }

    @Test
    void theSameSeedGivesTheSameSamplesAndAnotherSeedOthers() {
        assertThat(samples(42)).isEqualTo(samples(42)).hasSize(400 * factor());
        assertThat(samples(43)).isNotEqualTo(samples(42));
    }

    /** A property over 0..1000 that fails for the values above 900: about one try in ten. */
    static void failingAbove900(long seed, List<Integer> seen) {
        Property.tries(1000).seed(seed).forAll(Gen.ints(0, 1000), n -> {
            seen.add(n);
            assertThat(n).as("n").isLessThanOrEqualTo(900);
        });
    }

    @Test
    void aFailureNamesTheSeedTheTryTheArgumentsAndTheRerunCommandAndKeepsTheCause() {
        List<Integer> seen = new ArrayList<>();
        AssertionError failure = catchThrowableOfType(AssertionError.class, () -> failingAbove900(-7, seen));

        int last = seen.get(seen.size() - 1);
        assertThat(last).isGreaterThan(900);
        assertThat(failure.getMessage())
                .startsWith("PropertyTest#aFailureNamesTheSeedTheTryTheArgumentsAndTheRerunCommandAndKeepsTheCause failed at try "
                        + seen.size() + " of " + 1000 * factor())
                .contains("with seed -7")
                .contains("argument 1: " + last + "\n")
                .contains("[n]")
                .contains("rerun: mvn test -Dtest='PropertyTest#aFailureNamesTheSeedTheTryTheArgumentsAndTheRerunCommandAndKeepsTheCause'"
                        + " -Dmodelgate.seed=-7");
        assertThat(failure.getCause()).isInstanceOf(AssertionError.class).hasMessageContaining("[n]");
    }

    @Test
    void theSeedInTheMessageReplaysTheSameFailure() {
        List<Integer> first = new ArrayList<>();
        AssertionError failure = catchThrowableOfType(AssertionError.class, () -> failingAbove900(System.nanoTime(), first));
        Matcher seed = Pattern.compile("-Dmodelgate\\.seed=(-?\\d+)").matcher(failure.getMessage());
        assertThat(seed.find()).isTrue();

        List<Integer> again = new ArrayList<>();
        AssertionError replayed = catchThrowableOfType(AssertionError.class, () -> failingAbove900(Long.parseLong(seed.group(1)), again));

        assertThat(again).isEqualTo(first);
        assertThat(replayed.getMessage()).isEqualTo(failure.getMessage());
    }

    @Test
    void theRunSeedComesFromTheSystemPropertyWhenGiven() {
        String given = System.getProperty(Property.SEED_PROPERTY);
        AssertionError failure = catchThrowableOfType(AssertionError.class,
                () -> Property.tries(10).forAll(Gen.constant(1), one -> assertThat(one).isZero()));

        if (given != null) {
            assertThat(failure.getMessage()).contains("with seed " + Long.parseLong(given.trim()));
        }
        assertThat(failure.getMessage()).containsPattern("with seed -?\\d+");
    }

    @Test
    void textsAreShownQuotedWithTheirInvisibleCharsEscaped() {
        assertThat(Property.describe("a\tb\n\"c\"\\ \u0000\u200b\u00a0ü✓")).isEqualTo("\"a\\tb\\n\\\"c\\\"\\\\ \\u0000\\u200b\\u00a0ü✓\"");
        assertThat(Property.describe(java.util.List.of("x"))).isEqualTo("[x]");
        assertThat(Property.describe(null)).isEqualTo("null");
    }

    @Test
    void fewCombinationsAreEachCheckedOnce() {
        Set<List<Object>> seen = new HashSet<>();
        List<List<Object>> all = new ArrayList<>();

        Property.tries(100).forAll(Gen.ints(0, 9), Gen.booleans(), Gen.of("a", "b").orNull(0.1), (n, b, s) -> {
            seen.add(java.util.Arrays.asList(n, b, s));
            all.add(java.util.Arrays.asList(n, b, s));
        });

        assertThat(all).hasSize(60);
        assertThat(seen).hasSize(60);
    }

    /** The factor a run was given: -Dmodelgate.tries.factor multiplies every tries. */
    static int factor() {
        return Integer.parseInt(System.getProperty(Property.TRIES_FACTOR_PROPERTY, "1").trim());
    }

    @Test
    void moreCombinationsThanTriesAreSampledEdgeCasesIncluded() {
        List<Integer> all = new ArrayList<>();

        Property.tries(100).seed(1).forAll(Gen.ints(0, 1_000_000), all::add);

        assertThat(all).hasSize(100 * factor()).contains(0, 1, 1_000_000);
    }

    @Test
    void exhaustiveFailsWhenThereAreMoreCombinationsThanTries() {
        assertThatThrownBy(() -> Property.tries(100).exhaustive().forAll(Gen.ints(0, 1_000_000), n -> { }))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("cannot check every combination: 1000001 of them, more than " + 100 * factor() + " tries");
        assertThatThrownBy(() -> Property.tries(100).exhaustive().forAll(Gen.strings(0, 3), n -> { }))
                .hasMessageContaining("an argument has too many values");
    }

    @Test
    void assumeDiscardsATryAndTooManyDiscardsFail() {
        List<Integer> checked = new ArrayList<>();
        Property.tries(1000).seed(2).forAll(Gen.ints(0, 1_000_000), n -> {
            Property.assume(n % 2 == 0);
            checked.add(n);
        });
        assertThat(checked).isNotEmpty().hasSizeLessThan(1000 * factor()).allSatisfy(n -> assertThat(n % 2).isZero());

        assertThatThrownBy(() -> Property.tries(1000).forAll(Gen.ints(0, 1_000_000), n -> Property.assume(n % 10 == 3)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("discarded too many tries");
    }

    @Test
    void aCoverageCheckThatFailsFailsTheProperty() {
        Property.tries(500).seed(3).forAll(Gen.ints(0, 1_000_000), n -> {
            Statistics.collect(n % 2 == 0);
            Statistics.coverage(coverage -> coverage.check(true).percentage(p -> p > 30));
        });

        assertThatThrownBy(() -> Property.tries(500).forAll(Gen.ints(0, 1_000_000), n -> {
            Statistics.label("parity").collect(n % 2 == 0 ? "even" : "odd");
            Statistics.label("parity").coverage(coverage -> coverage.check("even").percentage(p -> p > 90));
        }))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("failed its coverage check: coverage of [even] under \"parity\"")
                .hasMessageContaining("rerun: mvn test");
    }

    @Test
    void aGeneratorThatCannotGenerateFailsNamingTheTry() {
        assertThatThrownBy(() -> Property.tries(10).forAll(Gen.ints(0, 10).filter(n -> n > 10), n -> { }))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("could not generate the arguments of try 1 of " + 10 * factor())
                .hasRootCauseMessage("the filter rejected 10000 values in a row");
    }

    @Test
    void theTriesFactorMultipliesTheTriesAndIsInTheRerunCommand() {
        String before = System.getProperty(Property.TRIES_FACTOR_PROPERTY);
        System.setProperty(Property.TRIES_FACTOR_PROPERTY, "3");
        try {
            List<Long> seen = new ArrayList<>();
            Property.tries(100).forAll(Gen.longs(), seen::add);
            assertThat(seen).hasSize(300);
            assertThatThrownBy(() -> Property.tries(100).seed(5).forAll(Gen.longs(), n -> assertThat(n).isNull()))
                    .hasMessageContaining("-Dmodelgate.seed=5 -Dmodelgate.tries.factor=3");
        } finally {
            if (before == null) {
                System.clearProperty(Property.TRIES_FACTOR_PROPERTY);
            } else {
                System.setProperty(Property.TRIES_FACTOR_PROPERTY, before);
            }
        }
    }
}
