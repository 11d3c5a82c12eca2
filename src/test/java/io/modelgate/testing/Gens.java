package io.modelgate.testing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.LongStream;

/** The generators behind {@link Gen}'s factories. */
final class Gens {

    /** One value in this many is an edge case. */
    static final int EDGE_ONE_IN = 8;
    static final int MAX_MISSES = 10_000;

    private Gens() {
    }

    @SuppressWarnings("unchecked")
    static <T> T arg(Object[] args, int index) {
        return (T) args[index];
    }

    static String text(List<Character> chars) {
        StringBuilder text = new StringBuilder(chars.size());
        chars.forEach(text::append);
        return text.toString();
    }

    static <R> Gen<R> combined(List<Gen<?>> parts, Function<Object[], R> f) {
        return new Combined<>(parts, f);
    }

    /** a × b, or -1 when either is -1 or the product passes {@link Gen#MAX_COUNT}. */
    static long times(long a, long b) {
        if (a < 0 || b < 0) {
            return -1;
        }
        if (a != 0 && b > Gen.MAX_COUNT / a) {
            return -1;
        }
        long product = a * b;
        return product > Gen.MAX_COUNT ? -1 : product;
    }

    /** a + b, or -1 when either is -1 or the sum passes {@link Gen#MAX_COUNT}. */
    static long plus(long a, long b) {
        if (a < 0 || b < 0 || a + b > Gen.MAX_COUNT) {
            return -1;
        }
        return a + b;
    }

    // ---- numbers ---------------------------------------------------------------------------------------------

    /** 0, or the bound nearest to it: where small values are. */
    static long target(long min, long max) {
        return min > 0 ? min : Math.min(max, 0);
    }

    /** The bounds, their inner neighbours, and the target with its neighbours, each once. */
    static long[] edges(long min, long max) {
        long target = target(min, max);
        Set<Long> edges = new LinkedHashSet<>();
        edges.add(min);
        edges.add(max);
        edges.add(target);
        if (min < max) {
            edges.add(min + 1);
            edges.add(max - 1);
        }
        if (target > min) {
            edges.add(target - 1);
        }
        if (target < max) {
            edges.add(target + 1);
        }
        return edges.stream().mapToLong(Long::longValue).toArray();
    }

    /** Half uniform over the range, half near the target on a logarithmic scale. */
    static long spread(Random random, long min, long max) {
        return random.nextBoolean() ? uniform(random, min, max) : nearTarget(random, min, max);
    }

    static long uniform(Random random, long min, long max) {
        if (max < Long.MAX_VALUE) {
            return random.nextLong(min, max + 1);
        }
        return min == Long.MIN_VALUE ? random.nextLong() : random.nextLong(min - 1, max) + 1;
    }

    /** The target moved by a number of up to as many bits as the range is wide, each bit length as likely. */
    static long nearTarget(Random random, long min, long max) {
        long target = target(min, max);
        boolean up = target == min || (target != max && random.nextBoolean());
        long span = up ? max - target : target - min; // unsigned
        int bits = random.nextInt(65 - Long.numberOfLeadingZeros(span));
        long magnitude = bits == 0 ? 0 : random.nextLong() >>> (64 - bits);
        long offset = span == -1L ? magnitude : Long.remainderUnsigned(magnitude, span + 1);
        return up ? target + offset : target - offset;
    }

    static final class Longs implements Gen<Long> {
        final long min;
        final long max;
        final long[] edges;

        Longs(long min, long max) {
            if (min > max) {
                throw new IllegalArgumentException("min " + min + " > max " + max);
            }
            this.min = min;
            this.max = max;
            this.edges = edges(min, max);
        }

        @Override
        public Long next(Random random) {
            return random.nextInt(EDGE_ONE_IN) == 0 ? edgeCase(random) : spread(random, min, max);
        }

        @Override
        public Long edgeCase(Random random) {
            return edges[random.nextInt(edges.length)];
        }

        @Override
        public long count() {
            long width = max - min; // unsigned
            return Long.compareUnsigned(width, Gen.MAX_COUNT) >= 0 ? -1 : width + 1;
        }

        @Override
        public List<Long> all() {
            return LongStream.rangeClosed(min, max).boxed().toList();
        }
    }

    /** Decimals as their unscaled longs; sampled only, as jqwik does. */
    static final class Decimals implements Gen<BigDecimal> {
        final Longs unscaled;
        final int scale;

        Decimals(BigDecimal min, BigDecimal max, int scale) {
            this.unscaled = new Longs(min.movePointRight(scale).setScale(0, RoundingMode.CEILING).longValueExact(),
                    max.movePointRight(scale).setScale(0, RoundingMode.FLOOR).longValueExact());
            this.scale = scale;
        }

        @Override
        public BigDecimal next(Random random) {
            return BigDecimal.valueOf(unscaled.next(random), scale);
        }

        @Override
        public BigDecimal edgeCase(Random random) {
            return BigDecimal.valueOf(unscaled.edgeCase(random), scale);
        }
    }

    static final class AnyDouble implements Gen<Double> {
        static final double[] EDGES = {0.0, 0.01, -0.01, Double.MAX_VALUE, -Double.MAX_VALUE};

        @Override
        public Double next(Random random) {
            if (random.nextInt(EDGE_ONE_IN) == 0) {
                return edgeCase(random);
            }
            BigDecimal decimal = BigDecimal.valueOf(spread(random, -Long.MAX_VALUE, Long.MAX_VALUE), 2);
            if (random.nextBoolean()) {
                decimal = decimal.scaleByPowerOfTen(random.nextInt(290)); // stays below Double.MAX_VALUE
            }
            return decimal.doubleValue();
        }

        @Override
        public Double edgeCase(Random random) {
            return EDGES[random.nextInt(EDGES.length)];
        }
    }

    // ---- values and choices ----------------------------------------------------------------------------------

    static final class Values<T> implements Gen<T> {
        final List<T> values;

        Values(List<T> values) {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("no values to choose from");
            }
            this.values = Collections.unmodifiableList(new ArrayList<>(values));
        }

        @Override
        public T next(Random random) {
            return values.get(random.nextInt(values.size()));
        }

        @Override
        public T edgeCase(Random random) {
            return random.nextBoolean() ? values.get(0) : values.get(values.size() - 1);
        }

        @Override
        public long count() {
            return values.size();
        }

        @Override
        public List<T> all() {
            return values;
        }
    }

    static final class Frequency<T> implements Gen<T> {
        final List<Gen.Weighted<? extends T>> choices;
        final int total;

        Frequency(List<Gen.Weighted<? extends T>> choices) {
            this.choices = List.copyOf(choices);
            this.total = choices.stream().mapToInt(Gen.Weighted::weight).sum();
            if (choices.isEmpty() || choices.stream().anyMatch(c -> c.weight() <= 0)) {
                throw new IllegalArgumentException("every choice needs a positive weight");
            }
        }

        Gen<? extends T> pick(Random random) {
            int at = random.nextInt(total);
            for (Gen.Weighted<? extends T> choice : choices) {
                at -= choice.weight();
                if (at < 0) {
                    return choice.gen();
                }
            }
            throw new IllegalStateException("unreachable");
        }

        @Override
        public T next(Random random) {
            return pick(random).next(random);
        }

        @Override
        public T edgeCase(Random random) {
            return pick(random).edgeCase(random);
        }

        @Override
        public long count() {
            long count = 0;
            for (Gen.Weighted<? extends T> choice : choices) {
                count = plus(count, choice.gen().count());
            }
            return count;
        }

        @Override
        public List<T> all() {
            List<T> all = new ArrayList<>();
            choices.forEach(choice -> all.addAll(choice.gen().all()));
            return all;
        }
    }

    /** A value of the part generator, or {@code missing}: null for {@link Gen#orNull}, empty for {@link Gen#optional}. */
    static final class WithMissing<T, R> implements Gen<R> {
        final Gen<T> gen;
        final double probability;
        final R missing;
        final Function<? super T, ? extends R> wrap;

        WithMissing(Gen<T> gen, double probability, R missing, Function<? super T, ? extends R> wrap) {
            this.gen = gen;
            this.probability = probability;
            this.missing = missing;
            this.wrap = wrap;
        }

        @Override
        public R next(Random random) {
            return random.nextDouble() < probability ? missing : wrap.apply(gen.next(random));
        }

        @Override
        public R edgeCase(Random random) {
            return random.nextBoolean() ? missing : wrap.apply(gen.edgeCase(random));
        }

        @Override
        public long count() {
            return plus(gen.count(), 1);
        }

        @Override
        public List<R> all() {
            List<R> all = new ArrayList<>();
            all.add(missing);
            gen.all().forEach(value -> all.add(wrap.apply(value)));
            return all;
        }
    }

    // ---- derived ---------------------------------------------------------------------------------------------

    static final class Mapped<T, R> implements Gen<R> {
        final Gen<T> gen;
        final Function<? super T, ? extends R> f;

        Mapped(Gen<T> gen, Function<? super T, ? extends R> f) {
            this.gen = gen;
            this.f = f;
        }

        @Override
        public R next(Random random) {
            return f.apply(gen.next(random));
        }

        @Override
        public R edgeCase(Random random) {
            return f.apply(gen.edgeCase(random));
        }

        @Override
        public long count() {
            return gen.count();
        }

        @Override
        public List<R> all() {
            List<R> all = new ArrayList<>();
            gen.all().forEach(value -> all.add(f.apply(value)));
            return all;
        }
    }

    static final class Filtered<T> implements Gen<T> {
        final Gen<T> gen;
        final Predicate<? super T> keep;

        Filtered(Gen<T> gen, Predicate<? super T> keep) {
            this.gen = gen;
            this.keep = keep;
        }

        @Override
        public T next(Random random) {
            for (int miss = 0; miss < MAX_MISSES; miss++) {
                T value = gen.next(random);
                if (keep.test(value)) {
                    return value;
                }
            }
            throw new IllegalStateException("the filter rejected " + MAX_MISSES + " values in a row");
        }

        @Override
        public T edgeCase(Random random) {
            for (int miss = 0; miss < 100; miss++) {
                T value = gen.edgeCase(random);
                if (keep.test(value)) {
                    return value;
                }
            }
            return next(random);
        }

        /** At most this many: the filter may keep fewer. */
        @Override
        public long count() {
            return gen.count();
        }

        @Override
        public List<T> all() {
            return gen.all().stream().filter(keep).toList();
        }
    }

    static final class Combined<R> implements Gen<R> {
        final List<Gen<?>> parts;
        final Function<Object[], R> f;

        Combined(List<Gen<?>> parts, Function<Object[], R> f) {
            this.parts = List.copyOf(parts);
            this.f = f;
        }

        @Override
        public R next(Random random) {
            return build(random, false);
        }

        @Override
        public R edgeCase(Random random) {
            return build(random, true);
        }

        private R build(Random random, boolean edgeCases) {
            Object[] args = new Object[parts.size()];
            for (int i = 0; i < args.length; i++) {
                args[i] = edgeCases ? parts.get(i).edgeCase(random) : parts.get(i).next(random);
            }
            return f.apply(args);
        }

        @Override
        public long count() {
            long count = 1;
            for (Gen<?> part : parts) {
                count = times(count, part.count());
            }
            return count;
        }

        /** Every combination, the last part's values changing fastest. */
        @Override
        public List<R> all() {
            List<List<?>> values = parts.stream().<List<?>>map(Gen::all).toList();
            List<R> all = new ArrayList<>();
            if (values.stream().anyMatch(List::isEmpty)) {
                return all;
            }
            int[] at = new int[values.size()];
            while (true) {
                Object[] args = new Object[at.length];
                for (int i = 0; i < at.length; i++) {
                    args[i] = values.get(i).get(at[i]);
                }
                all.add(f.apply(args));
                int i = at.length - 1;
                while (i >= 0 && ++at[i] == values.get(i).size()) {
                    at[i--] = 0;
                }
                if (i < 0) {
                    return all;
                }
            }
        }
    }

    // ---- collections -----------------------------------------------------------------------------------------

    /** jqwik's sizes: nine in ten at most 10 above the minimum, one in fifty the maximum. */
    static int size(Random random, int min, int max) {
        if (max - min <= 10) {
            return random.nextInt(min, max + 1);
        }
        double dice = random.nextDouble();
        if (dice < 0.02) {
            return max;
        }
        if (dice < 0.12) {
            return random.nextInt(min + 11, max + 1);
        }
        return random.nextInt(min, min + 11);
    }

    static final class Lists<T> implements Gen<List<T>> {
        final Gen<T> element;
        final int min;
        final int max;
        final Function<? super T, ?> key;

        Lists(Gen<T> element, int min, int max, Function<? super T, ?> key) {
            if (min < 0 || min > max) {
                throw new IllegalArgumentException("sizes " + min + ".." + max);
            }
            this.element = element;
            this.min = min;
            this.max = max;
            this.key = key;
        }

        @Override
        public List<T> next(Random random) {
            if (random.nextInt(EDGE_ONE_IN) == 0) {
                return edgeCase(random);
            }
            return fill(random, size(random, min, max), false);
        }

        /** The empty list (where allowed) or one edge case; else a list of the shortest size, of edge cases. */
        @Override
        public List<T> edgeCase(Random random) {
            int size = min > 0 ? min : max == 0 || random.nextBoolean() ? 0 : 1;
            return fill(random, size, true);
        }

        List<T> fill(Random random, int size, boolean edges) {
            List<T> list = new ArrayList<>(size);
            Set<Object> keys = new HashSet<>();
            int misses = 0;
            while (list.size() < size) {
                T value = edges && misses < 100 ? element.edgeCase(random) : element.next(random);
                if (key == null || keys.add(key.apply(value))) {
                    list.add(value);
                } else if (++misses > MAX_MISSES) {
                    throw new IllegalStateException("could not find " + size + " values with distinct keys");
                }
            }
            return list;
        }
    }

    /** A {@link Random} that shows its seed. */
    static final class SeededRandom extends Random {
        final long seed;

        SeededRandom(long seed) {
            super(seed);
            this.seed = seed;
        }

        @Override
        public String toString() {
            return "Random(" + seed + ")";
        }
    }
}
