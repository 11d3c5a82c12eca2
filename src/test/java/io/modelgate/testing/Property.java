package io.modelgate.testing;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A property test inside a JUnit test method: a check run for {@code tries} samples of its arguments.
 *
 * <pre>{@code
 * @Test
 * void theVerdictFollowsTheRules() {
 *     Property.tries(3000).forAll(limits(), phaseLists(), Gen.booleans(), (limits, phases, stepEnded) -> {
 *         ...assertions...
 *     });
 * }
 * }</pre>
 *
 * <p>Each try draws its arguments from a {@link Random} seeded from the run's seed, the property's name and the try's
 * number, so that a seed replays every try exactly. The run's seed is random unless {@code -Dmodelgate.seed=<n>} (or
 * the environment's {@code MODELGATE_SEED}) sets it; {@code -Dmodelgate.tries.factor=<k>} runs k times the tries.
 * One try in ten draws every argument as an edge case (see {@link Gen}). When the arguments have no more combinations
 * than tries, every combination is checked once instead (what jqwik does by default); {@link #exhaustive()} insists
 * on it. A failure throws an {@link AssertionError} naming the seed, the try, the arguments and the command that
 * reruns the property with that seed; its cause is the original failure.
 */
public final class Property {

    public static final String SEED_PROPERTY = "modelgate.seed";
    public static final String SEED_VARIABLE = "MODELGATE_SEED";
    public static final String TRIES_FACTOR_PROPERTY = "modelgate.tries.factor";
    /** A property fails when more than this many tries per check were discarded by {@link #assume}. */
    static final int MAX_DISCARD_RATIO = 5;
    static final int EDGE_CASES_ONE_TRY_IN = 10;

    private static final long RUN_SEED = runSeed();

    private final int tries;
    private final boolean exhaustive;
    private final Long seed;

    private Property(int tries, boolean exhaustive, Long seed) {
        if (tries < 1) {
            throw new IllegalArgumentException("tries " + tries);
        }
        this.tries = tries;
        this.exhaustive = exhaustive;
        this.seed = seed;
    }

    public static Property tries(int tries) {
        return new Property(tries, false, null);
    }

    /** Every combination of the arguments' values, once each; fails when they have more than {@code tries}. */
    public Property exhaustive() {
        return new Property(tries, true, seed);
    }

    /** This seed instead of the run's: for the tests of this class. */
    Property seed(long seed) {
        return new Property(tries, exhaustive, seed);
    }

    /** Skips the current try (it counts as discarded, not as checked) unless the condition holds. */
    public static void assume(boolean condition) {
        if (!condition) {
            throw new Discarded();
        }
    }

    // ---- one overload per number of arguments ----------------------------------------------------------------

    public <A> void forAll(Gen<A> a, Check1<A> check) {
        run(List.of(a), x -> check.check(Gens.arg(x, 0)));
    }

    public <A, B> void forAll(Gen<A> a, Gen<B> b, Check2<A, B> check) {
        run(List.of(a, b), x -> check.check(Gens.arg(x, 0), Gens.arg(x, 1)));
    }

    public <A, B, C> void forAll(Gen<A> a, Gen<B> b, Gen<C> c, Check3<A, B, C> check) {
        run(List.of(a, b, c), x -> check.check(Gens.arg(x, 0), Gens.arg(x, 1), Gens.arg(x, 2)));
    }

    public <A, B, C, D> void forAll(Gen<A> a, Gen<B> b, Gen<C> c, Gen<D> d, Check4<A, B, C, D> check) {
        run(List.of(a, b, c, d), x -> check.check(Gens.arg(x, 0), Gens.arg(x, 1), Gens.arg(x, 2), Gens.arg(x, 3)));
    }

    public <A, B, C, D, E> void forAll(Gen<A> a, Gen<B> b, Gen<C> c, Gen<D> d, Gen<E> e, Check5<A, B, C, D, E> check) {
        run(List.of(a, b, c, d, e),
                x -> check.check(Gens.arg(x, 0), Gens.arg(x, 1), Gens.arg(x, 2), Gens.arg(x, 3), Gens.arg(x, 4)));
    }

    public interface Check1<A> {
        void check(A a) throws Throwable;
    }

    public interface Check2<A, B> {
        void check(A a, B b) throws Throwable;
    }

    public interface Check3<A, B, C> {
        void check(A a, B b, C c) throws Throwable;
    }

    public interface Check4<A, B, C, D> {
        void check(A a, B b, C c, D d) throws Throwable;
    }

    public interface Check5<A, B, C, D, E> {
        void check(A a, B b, C c, D d, E e) throws Throwable;
    }

    // ---- running ---------------------------------------------------------------------------------------------

    private void run(List<Gen<?>> gens, Check1<Object[]> check) {
        Where where = Where.caller();
        long runSeed = seed != null ? seed : RUN_SEED;
        int factor = triesFactor();
        int planned = Math.multiplyExact(tries, factor);
        Gen<Object[]> args = Gens.combined(gens, x -> x);
        long combinations = args.count();
        boolean everyCombination = combinations >= 0 && combinations <= planned;
        if (exhaustive && !everyCombination) {
            throw new AssertionError(where.testName() + " cannot check every combination: "
                    + (combinations < 0 ? "an argument has too many values" : combinations + " of them, more than " + planned + " tries"));
        }
        Failures failures = new Failures(where, runSeed, factor);
        Statistics.Run statistics = Statistics.Run.start();
        try {
            int checked = 0;
            int discarded = 0;
            if (everyCombination) {
                List<Object[]> all = args.all();
                for (int i = 0; i < all.size(); i++) {
                    Object[] sample = all.get(i);
                    if (tryOnce(check, sample, failures, "combination " + (i + 1) + " of " + all.size() + " (every one is checked)")) {
                        checked++;
                    } else {
                        discarded++;
                    }
                }
            } else {
                long propertySeed = mix(runSeed ^ hash(where.id()));
                for (int i = 1; i <= planned; i++) {
                    Random random = new Random(mix(propertySeed + i * 0x9E3779B97F4A7C15L));
                    boolean edgeCases = random.nextInt(EDGE_CASES_ONE_TRY_IN) == 0;
                    String attempt = "try " + i + " of " + planned + (edgeCases ? " (edge cases)" : "");
                    Object[] sample;
                    try {
                        sample = edgeCases ? args.edgeCase(random) : args.next(random);
                    } catch (RuntimeException e) {
                        throw failures.of("could not generate the arguments of " + attempt, List.of(), e);
                    }
                    if (tryOnce(check, sample, failures, attempt)) {
                        checked++;
                    } else {
                        discarded++;
                    }
                }
            }
            if (checked == 0 || discarded > MAX_DISCARD_RATIO * checked) {
                throw failures.of("discarded too many tries: " + discarded + " discarded by assume, " + checked
                        + " checked (at most " + MAX_DISCARD_RATIO + " per check)", List.of(), null);
            }
            try {
                statistics.verify();
            } catch (AssertionError e) {
                throw failures.of("failed its coverage check: " + e.getMessage(), List.of(), e);
            }
            statistics.report().forEach(line -> System.out.println(where.testName() + " statistics: " + line));
        } finally {
            statistics.end();
        }
    }

    /** True when checked, false when discarded. */
    private static boolean tryOnce(Check1<Object[]> check, Object[] sample, Failures failures, String attempt) {
        try {
            check.check(sample);
            return true;
        } catch (Discarded discarded) {
            return false;
        } catch (Throwable t) {
            throw failures.of("failed at " + attempt, List.of(sample), t);
        }
    }

    private record Failures(Where where, long seed, int factor) {

        AssertionError of(String what, List<Object> sample, Throwable cause) {
            StringBuilder message = new StringBuilder(where.testName()).append(' ').append(what).append(" with seed ").append(seed);
            for (int i = 0; i < sample.size(); i++) {
                message.append("\n  argument ").append(i + 1).append(": ").append(shorten(describe(sample.get(i)), 4_000));
            }
            if (cause != null) {
                message.append("\n  failure: ").append(shorten(String.valueOf(cause), 4_000).replace("\n", "\n    "));
            }
            message.append("\n  rerun: ").append(rerunCommand(where, seed, factor));
            return new AssertionError(message.toString(), cause);
        }
    }

    static String rerunCommand(Where where, long seed, int factor) {
        return "mvn test -Dtest='" + where.testName() + "' -D" + SEED_PROPERTY + "=" + seed
                + (factor == 1 ? "" : " -D" + TRIES_FACTOR_PROPERTY + "=" + factor);
    }

    /** A text in quotes, its invisible and ambiguous chars escaped; anything else as its toString. */
    static String describe(Object value) {
        if (!(value instanceof String text)) {
            return String.valueOf(value);
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                case '\r' -> quoted.append("\\r");
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    int type = Character.getType(c);
                    boolean invisible = Character.isISOControl(c) || type == Character.FORMAT || type == Character.UNASSIGNED
                            || type == Character.SURROGATE || type == Character.PRIVATE_USE
                            || (Character.isSpaceChar(c) && c != ' ');
                    quoted.append(invisible ? String.format("\\u%04x", (int) c) : String.valueOf(c));
                }
            }
        }
        return quoted.append('"').toString();
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "… (" + (text.length() - max) + " more chars)";
    }

    /** The test method that runs the property. */
    record Where(Class<?> testClass, String method) {

        private static final Set<String> TEST_ANNOTATIONS = Set.of("Test", "ParameterizedTest", "RepeatedTest", "TestTemplate");

        /** The innermost JUnit test method on the stack, else whatever called the property. */
        static Where caller() {
            List<StackWalker.StackFrame> frames = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                    .walk(stack -> stack.filter(f -> f.getDeclaringClass().getNestHost() != Property.class).toList());
            return frames.stream().filter(Where::isTest).findFirst().or(() -> frames.stream().findFirst())
                    .map(f -> new Where(f.getDeclaringClass(), f.getMethodName()))
                    .orElseThrow();
        }

        private static boolean isTest(StackWalker.StackFrame frame) {
            return Arrays.stream(frame.getDeclaringClass().getDeclaredMethods())
                    .filter(m -> m.getName().equals(frame.getMethodName()))
                    .flatMap(m -> Arrays.stream(m.getAnnotations()))
                    .anyMatch(a -> TEST_ANNOTATIONS.contains(a.annotationType().getSimpleName()));
        }

        /** What seeds the property: the class's full name and the method. */
        String id() {
            return testClass.getName() + "#" + method;
        }

        /** Surefire's -Dtest form: the class without its package (Outer$Inner for a nested one). */
        String testName() {
            return testClass.getName().substring(testClass.getPackageName().isEmpty() ? 0 : testClass.getPackageName().length() + 1)
                    + "#" + method;
        }
    }

    private static final class Discarded extends RuntimeException {
        Discarded() {
            super("discarded by assume", null, false, false);
        }
    }

    // ---- seeds -----------------------------------------------------------------------------------------------

    private static long runSeed() {
        String given = System.getProperty(SEED_PROPERTY);
        if (given == null || given.isBlank()) {
            given = System.getenv(SEED_VARIABLE);
        }
        if (given == null || given.isBlank()) {
            return ThreadLocalRandom.current().nextLong();
        }
        try {
            return Long.parseLong(given.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SEED_PROPERTY + " must be a long, not \"" + given + "\"", e);
        }
    }

    private static int triesFactor() {
        String given = System.getProperty(TRIES_FACTOR_PROPERTY);
        if (given == null || given.isBlank()) {
            return 1;
        }
        int factor = Integer.parseInt(given.trim());
        if (factor < 1) {
            throw new IllegalArgumentException(TRIES_FACTOR_PROPERTY + " must be at least 1, not " + factor);
        }
        return factor;
    }

    /** FNV-1a over the chars: stable across JVMs, unlike identity hashes. */
    private static long hash(String text) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            hash = (hash ^ text.charAt(i)) * 0x100000001b3L;
        }
        return hash;
    }

    /** SplitMix64's finalizer: nearby inputs give unrelated seeds. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
