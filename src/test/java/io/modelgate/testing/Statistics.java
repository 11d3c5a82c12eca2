package io.modelgate.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What a property's tries were like: each try {@link #collect}s values under a label; a {@link #coverage} check runs
 * once all tries are done and fails the property when, say, too few tries ended a certain way (so that a generator
 * that drifted can no longer make a property pass vacuously). Call it from inside a {@link Property} check.
 */
public final class Statistics {

    private static final String DEFAULT_LABEL = "";
    private static final ThreadLocal<Run> CURRENT = new ThreadLocal<>();

    private Statistics() {
    }

    public static void collect(Object... values) {
        label(DEFAULT_LABEL).collect(values);
    }

    public static void coverage(Consumer<Coverage> check) {
        label(DEFAULT_LABEL).coverage(check);
    }

    public static Label label(String name) {
        Run run = CURRENT.get();
        if (run == null) {
            throw new IllegalStateException("Statistics are collected inside a Property check only");
        }
        return new Label(run, name);
    }

    public static final class Label {
        private final Run run;
        private final String name;

        private Label(Run run, String name) {
            this.run = run;
            this.name = name;
        }

        public void collect(Object... values) {
            run.counts.computeIfAbsent(name, n -> new LinkedHashMap<>()).merge(Arrays.asList(values), 1, Integer::sum);
        }

        /** Checked after the last try (the last one given for a label counts). */
        public void coverage(Consumer<Coverage> check) {
            run.checks.put(name, check);
        }
    }

    public static final class Coverage {
        private final String label;
        private final Map<List<Object>, Integer> counts;

        private Coverage(String label, Map<List<Object>, Integer> counts) {
            this.label = label;
            this.counts = counts;
        }

        /** The tries that collected exactly these values. */
        public Check check(Object... values) {
            return new Check(label, Arrays.asList(values), counts.getOrDefault(Arrays.asList(values), 0),
                    counts.values().stream().mapToInt(Integer::intValue).sum());
        }
    }

    public static final class Check {
        private final String label;
        private final List<Object> values;
        private final int count;
        private final int total;

        private Check(String label, List<Object> values, int count, int total) {
            this.label = label;
            this.values = values;
            this.count = count;
            this.total = total;
        }

        public void count(Predicate<Integer> expected) {
            if (!expected.test(count)) {
                throw new AssertionError(describe() + " is not the count expected");
            }
        }

        /** The share of the tries that collected anything under the label, from 0 to 100. */
        public void percentage(Predicate<Double> expected) {
            if (!expected.test(percent(count, total))) {
                throw new AssertionError(describe() + " is not the share expected");
            }
        }

        private String describe() {
            return "coverage of " + values + (label.isEmpty() ? "" : " under \"" + label + "\"") + ": " + count + " of "
                    + total + " tries (" + String.format(Locale.ROOT, "%.1f", percent(count, total)) + "%)";
        }
    }

    private static double percent(int count, int total) {
        return total == 0 ? 0 : count * 100.0 / total;
    }

    /** The statistics of one property, while it runs. */
    static final class Run {
        private final Map<String, Map<List<Object>, Integer>> counts = new LinkedHashMap<>();
        private final Map<String, Consumer<Coverage>> checks = new LinkedHashMap<>();

        static Run start() {
            Run run = new Run();
            CURRENT.set(run);
            return run;
        }

        void end() {
            CURRENT.remove();
        }

        /** Throws the first coverage check that fails. */
        void verify() {
            checks.forEach((label, check) -> check.accept(new Coverage(label, counts.getOrDefault(label, Map.of()))));
        }

        /** One line a label, most frequent values first; empty when nothing was collected. */
        List<String> report() {
            List<String> lines = new ArrayList<>();
            counts.forEach((label, values) -> {
                int total = values.values().stream().mapToInt(Integer::intValue).sum();
                lines.add((label.isEmpty() ? "" : label + ": ") + values.entrySet().stream()
                        .sorted(Map.Entry.<List<Object>, Integer>comparingByValue().reversed())
                        .map(e -> (e.getKey().size() == 1 ? String.valueOf(e.getKey().get(0)) : e.getKey().toString())
                                + " " + String.format(Locale.ROOT, "%.1f", percent(e.getValue(), total)) + "%")
                        .collect(Collectors.joining(", ")));
            });
            return lines;
        }
    }
}
