package io.modelgate.delivery;

import io.modelgate.analysis.AnalysisLimits;
import io.modelgate.analysis.MetricCriteria;
import io.modelgate.api.AnalysisMetricSpec;
import io.modelgate.api.AnalysisTemplateStatus;

import java.util.List;

import java.util.Objects;

/**
 * One metric of a named analysis, read from the spec: what it must satisfy, how often it is measured, and
 * where its value comes from ({@code source}: exactly one of prometheus, http, job).
 *
 * @param secretArgs a template's arguments from a Secret: {@code {{args.NAME}}} placeholders of the source that the
 *                   measurer fills in from the Secret at each measurement (their values are in no record)
 */
public record MetricDefinition(String name, MetricCriteria criteria, AnalysisLimits limits, AnalysisMetricSpec source,
                               List<AnalysisTemplateStatus.SecretArg> secretArgs) {

    public MetricDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(criteria, "criteria");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(source, "source");
        secretArgs = List.copyOf(secretArgs);
    }

    public MetricDefinition(String name, MetricCriteria criteria, AnalysisLimits limits, AnalysisMetricSpec source) {
        this(name, criteria, limits, source, List.of());
    }

    /**
     * The limits of one use of the metric: a background analysis measures until promotion unless the metric sets
     * a {@code count}; inline, pre- and post-promotion analyses take one measurement unless it does.
     */
    public AnalysisLimits limitsFor(boolean background) {
        if (background && source.getCount() == null) {
            return limits.unboundedCopy();
        }
        return limits;
    }

    /** Measured, recorded and reported, never deciding (Argo Rollouts' dryRun). */
    public boolean dryRun() {
        return source.dryRunEnabled();
    }

    /** How many of its measurements the status keeps. */
    public int retention() {
        return source.effectiveMeasurementRetention();
    }

    /** The stable revision's value is needed only for ratio bounds. */
    public boolean needsStable() {
        return criteria.hasRelativeBound();
    }
}
