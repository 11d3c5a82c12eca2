package io.modelgate.testing;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The generators keep to their bounds and come up with their edge cases often. */
class GenTest {

    static <T> List<T> draw(Gen<T> gen, int n) {
        Random random = new Random(11);
        List<T> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            values.add(gen.next(random));
        }
        return values;
    }

    static <T> long share(List<T> values, T value) {
        return values.stream().filter(value::equals).count() * 1000 / values.size();
    }

    @Test
    void integersStayInTheirRangeAndHitBoundsNeighboursAndZero() {
        List<Integer> values = draw(Gen.ints(-50, 1_000_000), 10_000);

        assertThat(values).allSatisfy(n -> assertThat(n).isBetween(-50, 1_000_000));
        for (int edge : new int[]{-50, -49, -1, 0, 1, 999_999, 1_000_000}) {
            assertThat(share(values, edge)).as("‰ of %d", edge).isGreaterThanOrEqualTo(10);
        }
        assertThat(values.stream().filter(n -> Math.abs(n) < 1000).count()).as("near 0").isGreaterThan(2_000);
        assertThat(values.stream().filter(n -> n > 500_000).count()).as("spread over the range").isGreaterThan(2_000);
    }

    @Test
    void aRangeAwayFromZeroIsBiasedTowardsItsNearestBound() {
        List<Long> values = draw(Gen.longs(1_000, Long.MAX_VALUE), 10_000);

        assertThat(values).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(1_000));
        assertThat(values).contains(1_000L, 1_001L, Long.MAX_VALUE, Long.MAX_VALUE - 1);
        assertThat(values.stream().filter(n -> n < 1_000_000).count()).isGreaterThan(1_000);
        assertThat(draw(Gen.longs(), 10_000)).contains(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, 1L);
    }

    @Test
    void decimalsKeepTheirScaleAndBounds() {
        List<BigDecimal> values = draw(Gen.decimals(BigDecimal.ZERO, new BigDecimal("5"), 2), 5_000);

        assertThat(values).allSatisfy(d -> {
            assertThat(d.scale()).isEqualTo(2);
            assertThat(d).isBetween(BigDecimal.ZERO, new BigDecimal("5"));
        });
        assertThat(values).contains(new BigDecimal("0.00"), new BigDecimal("0.01"), new BigDecimal("4.99"), new BigDecimal("5.00"));
        assertThat(draw(Gen.doubles(-1e6, 1e6), 5_000)).contains(-1e6, 1e6, 0.0, 0.01, -0.01)
                .allSatisfy(d -> assertThat(d).isBetween(-1e6, 1e6));
    }

    @Test
    void anyDoubleIsFiniteOfEveryMagnitude() {
        List<Double> values = draw(Gen.doubles(), 10_000);

        assertThat(values).allSatisfy(d -> assertThat(Double.isFinite(d)).isTrue())
                .contains(0.0, Double.MAX_VALUE, -Double.MAX_VALUE);
        assertThat(values.stream().filter(d -> Math.abs(d) > 1e100).count()).isGreaterThan(500);
        assertThat(values.stream().filter(d -> Math.abs(d) < 1e4).count()).isGreaterThan(500);
    }

    @Test
    void listsAndStringsKeepTheirSizesAndAreOftenShortestOrEmpty() {
        List<List<Integer>> lists = draw(Gen.ints(0, 9).list(0, 25), 5_000);
        assertThat(lists).allSatisfy(l -> assertThat(l).hasSizeBetween(0, 25));
        assertThat(lists.stream().filter(List::isEmpty).count()).isGreaterThan(250);
        assertThat(lists.stream().filter(l -> l.size() == 25).count()).isGreaterThan(25);
        assertThat(lists.stream().filter(l -> l.size() > 11).count()).isGreaterThan(250);

        List<String> strings = draw(Gen.strings(Chars.range('a', 'c').with("_"), 2, 6), 5_000);
        assertThat(strings).allSatisfy(s -> assertThat(s).hasSizeBetween(2, 6).matches("[a-c_]+")).contains("aa", "__");
        assertThat(draw(Gen.strings(0, 255), 2_000)).contains("")
                .anySatisfy(s -> assertThat(s).hasSizeGreaterThan(200))
                .anySatisfy(s -> assertThat(s).containsPattern("[^\\x00-\\x7f]"));
    }

    @Test
    void uniqueListsAndMapsHaveDistinctKeys() {
        assertThat(draw(Gen.ints(1, 60).uniqueList(0, 15, n -> n), 2_000))
                .allSatisfy(l -> assertThat(l).doesNotHaveDuplicates());
        List<Map<String, Integer>> maps = draw(Gen.maps(Gen.of("a", "b", "c"), Gen.ints(0, 5), 0, 6), 2_000);
        assertThat(maps).allSatisfy(m -> assertThat(m.size()).isBetween(0, 3)).anySatisfy(m -> assertThat(m).hasSize(3));
    }

    @Test
    void nullsAndEmptiesComeWithTheirProbability() {
        List<String> values = draw(Gen.of("x").orNull(0.3), 10_000);
        assertThat(values.stream().filter(v -> v == null).count()).isBetween(2_700L, 3_300L);
        List<Optional<String>> optionals = draw(Gen.of("x").optional(), 10_000);
        assertThat(optionals.stream().filter(Optional::isEmpty).count()).isBetween(350L, 650L);
    }

    @Test
    void fewValuesAreListedAndCombinationsMultiply() {
        Gen<String> combined = Gen.combine(Gen.ints(0, 2), Gen.booleans().orNull(0.5), (n, b) -> n + "/" + b);

        assertThat(combined.count()).isEqualTo(9);
        assertThat(combined.all()).containsExactly("0/null", "0/false", "0/true", "1/null", "1/false", "1/true",
                "2/null", "2/false", "2/true");
        assertThat(Gen.oneOf(Gen.ints(0, 3), Gen.constant(9)).all()).containsExactly(0, 1, 2, 3, 9);
        assertThat(Gen.ints(0, 3).filter(n -> n % 2 == 0).all()).containsExactly(0, 2);
        assertThat(Gen.ints(0, 10).list(0, 2).count()).isEqualTo(-1);
        assertThat(Gen.longs().count()).isEqualTo(-1);
        assertThat(Gen.combine(Gen.ints(0, 9_999), Gen.ints(0, 9_999), Integer::sum).count()).isEqualTo(-1);
    }

    @Test
    void edgeCasesOfCombinationsAreCombinationsOfEdgeCases() {
        Random random = new Random(5);
        Gen<List<Object>> combined = Gen.combine(Gen.ints(10, 20), Gen.strings(1, 5).list(0, 3), List::of);

        for (int i = 0; i < 100; i++) {
            List<Object> edge = combined.edgeCase(random);
            assertThat(edge.get(0)).isIn(10, 11, 19, 20);
            assertThat((List<?>) edge.get(1)).hasSizeLessThanOrEqualTo(1).allSatisfy(s -> assertThat((String) s).hasSize(1));
        }
    }
}
