package io.modelgate.delivery;

import io.modelgate.api.AnalysisMetricSpec;
import io.modelgate.api.AnalysisMetricSpec.BoundArgs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ObjDoubleConsumer;

/**
 * A template metric's {@code boundsFromArgs} turned into the numeric bounds they name, so that the frozen record and
 * every later judgement see plain numbers, exactly as if the pipeline had written them.
 */
final class TemplateBounds {

    private record Bound(String field, Function<BoundArgs, String> arg, ObjDoubleConsumer<AnalysisMetricSpec> set, boolean ratio) {
    }

    private static final List<Bound> BOUNDS = List.of(
            new Bound("min", BoundArgs::getMin, AnalysisMetricSpec::setMin, false),
            new Bound("max", BoundArgs::getMax, AnalysisMetricSpec::setMax, false),
            new Bound("maxRatioToStable", BoundArgs::getMaxRatioToStable, AnalysisMetricSpec::setMaxRatioToStable, true),
            new Bound("minRatioToStable", BoundArgs::getMinRatioToStable, AnalysisMetricSpec::setMinRatioToStable, true));

    private TemplateBounds() {
    }

    /** The arguments {@code metric}'s boundsFromArgs name. */
    static Set<String> argNames(AnalysisMetricSpec metric) {
        Set<String> names = new LinkedHashSet<>();
        if (metric.getBoundsFromArgs() != null) {
            for (Bound bound : BOUNDS) {
                String arg = bound.arg().apply(metric.getBoundsFromArgs());
                if (arg != null) {
                    names.add(arg);
                }
            }
        }
        return names;
    }

    /**
     * Sets each bound {@code metric}'s boundsFromArgs names from {@code values} and removes boundsFromArgs; returns a
     * problem for each argument that is not a number (or, for a ratio, is negative) and for a min above the max. An
     * argument without a value is already a problem of its own (AnalysisTemplates), so it is left out here.
     */
    static List<String> fill(AnalysisMetricSpec metric, Map<String, String> values, String label) {
        BoundArgs args = metric.getBoundsFromArgs();
        if (args == null) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        for (Bound bound : BOUNDS) {
            String arg = bound.arg().apply(args);
            String value = arg == null ? null : values.get(arg);
            if (value == null) {
                continue;
            }
            Double number = number(value);
            if (number == null) {
                problems.add(label + ": boundsFromArgs." + bound.field() + ": argument " + arg + " is '" + value + "', not a number");
            } else if (bound.ratio() && number < 0) {
                problems.add(label + ": boundsFromArgs." + bound.field() + ": argument " + arg + " is " + value + ", a ratio must be at least 0");
            } else {
                bound.set().accept(metric, number);
            }
        }
        metric.setBoundsFromArgs(null);
        if (metric.getMin() != null && metric.getMax() != null && metric.getMin() > metric.getMax()) {
            problems.add(label + ": min " + metric.getMin() + " is above max " + metric.getMax() + " once the arguments are filled in");
        }
        return problems;
    }

    private static Double number(String value) {
        try {
            double parsed = Double.parseDouble(value.trim());
            return Double.isFinite(parsed) ? parsed : null;
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }
}
