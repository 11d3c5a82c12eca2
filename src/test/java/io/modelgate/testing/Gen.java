package io.modelgate.testing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Makes the values a {@link Property} is checked with, from the seeded {@link Random} the property hands in (so that
 * a failure can be replayed from its seed).
 *
 * <p>Every generator mixes in its edge cases: numbers their bounds, the bounds' neighbours and 0 (or the bound
 * nearest to it), lists and strings their shortest size, each about one value in eight; the others are spread
 * uniformly and, as often again, near 0 on a logarithmic scale. {@link #edgeCase} gives an edge case on purpose; a
 * property draws all its arguments that way in one try of ten. A generator with few values counts and lists them
 * ({@link #count}, {@link #all}), so that a property over few enough values checks every one instead of sampling.
 */
@FunctionalInterface
public interface Gen<T> {

    /** A generator with more values than this is sampled, never listed. */
    long MAX_COUNT = 10_000_000;

    /** A value, an edge case about one time in eight. */
    T next(Random random);

    /** One of the edge cases: bounds, 0, the empty list or string; any value where there are none. */
    default T edgeCase(Random random) {
        return next(random);
    }

    /** How many values {@link #all} lists, or -1 when they are too many (more than {@link #MAX_COUNT}) or endless. */
    default long count() {
        return -1;
    }

    /** Every value, in a fixed order; only where {@link #count} is not -1. */
    default List<T> all() {
        throw new UnsupportedOperationException("this generator does not list its values");
    }

    // ---- derived generators ----------------------------------------------------------------------------------

    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return new Gens.Mapped<>(this, f);
    }

    /** A generator chosen by a value of this one; never listed. */
    default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> f) {
        Gen<T> self = this;
        return new Gen<>() {
            @Override
            public R next(Random random) {
                return f.apply(self.next(random)).next(random);
            }

            @Override
            public R edgeCase(Random random) {
                return f.apply(self.edgeCase(random)).edgeCase(random);
            }
        };
    }

    /** Only the values {@code keep} accepts; fails after 10,000 rejected in a row, as a filter that keeps too little. */
    default Gen<T> filter(Predicate<? super T> keep) {
        return new Gens.Filtered<>(this, keep);
    }

    /** {@code null} with the given probability (and as an edge case), else a value of this generator. */
    default Gen<T> orNull(double probability) {
        return new Gens.WithMissing<>(this, probability, null, Function.identity());
    }

    /** Present 19 times in 20. */
    default Gen<Optional<T>> optional() {
        return optional(0.95);
    }

    /** Present with the given probability; empty is an edge case. */
    default Gen<Optional<T>> optional(double presentProbability) {
        return new Gens.WithMissing<>(this, 1 - presentProbability, Optional.empty(), Optional::of);
    }

    /**
     * Lists of {@code minSize} to {@code maxSize} values: nine in ten at most 10 longer than {@code minSize}, one in
     * fifty {@code maxSize} long; the edge cases are the shortest lists of edge cases (the empty one, a single value).
     */
    default Gen<List<T>> list(int minSize, int maxSize) {
        return new Gens.Lists<>(this, minSize, maxSize, null);
    }

    /** Like {@link #list}, with no two values of the same {@code key}. */
    default Gen<List<T>> uniqueList(int minSize, int maxSize, Function<? super T, ?> key) {
        return new Gens.Lists<>(this, minSize, maxSize, key);
    }

    // ---- values ----------------------------------------------------------------------------------------------

    static <T> Gen<T> constant(T value) {
        return new Gens.Values<>(Collections.singletonList(value));
    }

    /** One of the values, each as likely; the first and the last are the edge cases. */
    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        return new Gens.Values<>(Arrays.asList(values));
    }

    static <T> Gen<T> of(List<? extends T> values) {
        return new Gens.Values<>(new ArrayList<T>(values));
    }

    static <E extends Enum<E>> Gen<E> of(Class<E> type) {
        return new Gens.Values<>(List.of(type.getEnumConstants()));
    }

    static Gen<Boolean> booleans() {
        return of(false, true);
    }

    // ---- numbers ---------------------------------------------------------------------------------------------

    static Gen<Integer> ints(int min, int max) {
        return longs(min, max).map(Math::toIntExact);
    }

    static Gen<Long> longs(long min, long max) {
        return new Gens.Longs(min, max);
    }

    /** Any long. */
    static Gen<Long> longs() {
        return longs(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** Decimals of two places between {@code min} and {@code max}, as doubles. */
    static Gen<Double> doubles(double min, double max) {
        return doubles(min, max, 2);
    }

    /** Decimals of {@code scale} places between {@code min} and {@code max}, as doubles. */
    static Gen<Double> doubles(double min, double max, int scale) {
        return decimals(BigDecimal.valueOf(min), BigDecimal.valueOf(max), scale).map(BigDecimal::doubleValue);
    }

    /** Any finite double: decimals of two places, mostly small, some of every magnitude up to ±{@link Double#MAX_VALUE}. */
    static Gen<Double> doubles() {
        return new Gens.AnyDouble();
    }

    /** Decimals of {@code scale} places from {@code min} to {@code max} (edge cases: both, 0 and one step from each). */
    static Gen<BigDecimal> decimals(BigDecimal min, BigDecimal max, int scale) {
        return new Gens.Decimals(min, max, scale);
    }

    // ---- text ------------------------------------------------------------------------------------------------

    /** Any text: every char but surrogates, noncharacters and private use ones, printable ASCII one time in four. */
    static Gen<String> strings(int minLength, int maxLength) {
        return strings(frequency(weighted(1, Chars.range(' ', '~')), weighted(3, Chars.unicode())), minLength, maxLength);
    }

    static Gen<String> strings(Gen<Character> chars, int minLength, int maxLength) {
        return chars.list(minLength, maxLength).map(Gens::text);
    }

    // ---- choices and collections -----------------------------------------------------------------------------

    /** A value of one of the generators, each as likely. */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... choices) {
        List<Weighted<? extends T>> weighted = new ArrayList<>();
        for (Gen<? extends T> choice : choices) {
            weighted.add(weighted(1, choice));
        }
        return new Gens.Frequency<>(weighted);
    }

    record Weighted<T>(int weight, Gen<? extends T> gen) {
    }

    static <T> Weighted<T> weighted(int weight, Gen<? extends T> gen) {
        return new Weighted<>(weight, gen);
    }

    /** A value of one of the generators, chosen in proportion to the weights. */
    @SafeVarargs
    static <T> Gen<T> frequency(Weighted<? extends T>... choices) {
        return new Gens.Frequency<>(List.of(choices));
    }

    /** Maps (in the order the keys were drawn) of {@code minSize} to {@code maxSize} entries, sized as {@link #list}. */
    static <K, V> Gen<Map<K, V>> maps(Gen<K> keys, Gen<V> values, int minSize, int maxSize) {
        int most = keys.count() < 0 ? maxSize : (int) Math.min(maxSize, keys.count());
        return combine(keys, values, Map::entry).uniqueList(minSize, most, Map.Entry::getKey).map(entries -> {
            Map<K, V> map = new LinkedHashMap<>();
            entries.forEach(entry -> map.put(entry.getKey(), entry.getValue()));
            return map;
        });
    }

    /** The values in a random order. */
    static <T> Gen<List<T>> shuffle(List<T> values) {
        return random -> {
            List<T> copy = new ArrayList<>(values);
            Collections.shuffle(copy, random);
            return copy;
        };
    }

    /** Random number generators, each seeded from the property's, showing their seed. */
    static Gen<Random> randoms() {
        return random -> new Gens.SeededRandom(random.nextLong());
    }

    // ---- combinations: every combination of the parts' values when listed, of their edge cases as edge cases ----

    static <A, B, R> Gen<R> combine(Gen<A> a, Gen<B> b, BiFunction<? super A, ? super B, ? extends R> f) {
        return Gens.combined(List.of(a, b), x -> f.apply(Gens.arg(x, 0), Gens.arg(x, 1)));
    }

    static <A, B, C, R> Gen<R> combine(Gen<A> a, Gen<B> b, Gen<C> c, F3<A, B, C, R> f) {
        return Gens.combined(List.of(a, b, c), x -> f.apply(Gens.arg(x, 0), Gens.arg(x, 1), Gens.arg(x, 2)));
    }

    static <A, B, C, D, R> Gen<R> combine(Gen<A> a, Gen<B> b, Gen<C> c, Gen<D> d, F4<A, B, C, D, R> f) {
        return Gens.combined(List.of(a, b, c, d), x -> f.apply(Gens.arg(x, 0), Gens.arg(x, 1), Gens.arg(x, 2), Gens.arg(x, 3)));
    }

    static <A, B, C, D, E, R> Gen<R> combine(Gen<A> a, Gen<B> b, Gen<C> c, Gen<D> d, Gen<E> e, F5<A, B, C, D, E, R> f) {
        return Gens.combined(List.of(a, b, c, d, e),
                x -> f.apply(Gens.arg(x, 0), Gens.arg(x, 1), Gens.arg(x, 2), Gens.arg(x, 3), Gens.arg(x, 4)));
    }

    static <A, B, C, D, E, G, R> Gen<R> combine(Gen<A> a, Gen<B> b, Gen<C> c, Gen<D> d, Gen<E> e, Gen<G> g,
                                               F6<A, B, C, D, E, G, R> f) {
        return Gens.combined(List.of(a, b, c, d, e, g),
                x -> f.apply(Gens.arg(x, 0), Gens.arg(x, 1), Gens.arg(x, 2), Gens.arg(x, 3), Gens.arg(x, 4), Gens.arg(x, 5)));
    }

    static <A, B, C, D, E, G, H, R> Gen<R> combine(Gen<A> a, Gen<B> b, Gen<C> c, Gen<D> d, Gen<E> e, Gen<G> g, Gen<H> h,
                                                  F7<A, B, C, D, E, G, H, R> f) {
        return Gens.combined(List.of(a, b, c, d, e, g, h), x -> f.apply(Gens.arg(x, 0), Gens.arg(x, 1), Gens.arg(x, 2),
                Gens.arg(x, 3), Gens.arg(x, 4), Gens.arg(x, 5), Gens.arg(x, 6)));
    }

    static <A, B, C, D, E, G, H, I, R> Gen<R> combine(Gen<A> a, Gen<B> b, Gen<C> c, Gen<D> d, Gen<E> e, Gen<G> g, Gen<H> h,
                                                     Gen<I> i, F8<A, B, C, D, E, G, H, I, R> f) {
        return Gens.combined(List.of(a, b, c, d, e, g, h, i), x -> f.apply(Gens.arg(x, 0), Gens.arg(x, 1), Gens.arg(x, 2),
                Gens.arg(x, 3), Gens.arg(x, 4), Gens.arg(x, 5), Gens.arg(x, 6), Gens.arg(x, 7)));
    }

    interface F3<A, B, C, R> {
        R apply(A a, B b, C c);
    }

    interface F4<A, B, C, D, R> {
        R apply(A a, B b, C c, D d);
    }

    interface F5<A, B, C, D, E, R> {
        R apply(A a, B b, C c, D d, E e);
    }

    interface F6<A, B, C, D, E, G, R> {
        R apply(A a, B b, C c, D d, E e, G g);
    }

    interface F7<A, B, C, D, E, G, H, R> {
        R apply(A a, B b, C c, D d, E e, G g, H h);
    }

    interface F8<A, B, C, D, E, G, H, I, R> {
        R apply(A a, B b, C c, D d, E e, G g, H h, I i);
    }
}
