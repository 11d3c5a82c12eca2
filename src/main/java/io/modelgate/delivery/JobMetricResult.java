package io.modelgate.delivery;

import io.modelgate.analysis.ProviderResult;
import io.modelgate.gate.MetricsReport;
import io.modelgate.revision.JobObservation;

import java.util.Optional;

/**
 * What an ended analysis Job says about one {@code job} metric: the value under the metric's name (or {@code "value"})
 * in its termination message, and the stable revision's value under {@code "stable"} for a ratio bound. A failed Job
 * or an unreadable message is an Error measurement, a missing key no data.
 */
public record JobMetricResult(ProviderResult canary, Optional<ProviderResult> stable) {

    /** @return empty while the Job still runs */
    public static Optional<JobMetricResult> of(String jobName, String metric, JobObservation observation) {
        if (observation instanceof JobObservation.Failed failed) {
            return Optional.of(new JobMetricResult(ProviderResult.error("analysis Job " + jobName + " failed: " + failed.reason()
                    + (failed.message().isBlank() ? "" : ": " + failed.message())), Optional.empty()));
        }
        if (!(observation instanceof JobObservation.Succeeded succeeded)) {
            return Optional.empty();
        }
        MetricsReport report = MetricsReport.parse(succeeded.terminationMessage());
        if (!report.readable()) {
            return Optional.of(new JobMetricResult(ProviderResult.malformed("termination message of " + jobName + ": " + report.error()),
                    Optional.empty()));
        }
        Double value = report.values().containsKey(metric) ? report.values().get(metric) : report.values().get("value");
        ProviderResult canary = value == null
                ? ProviderResult.noData("the termination message of " + jobName + " has no \"" + metric + "\" or \"value\"")
                : ProviderResult.of(value);
        Double stableValue = report.values().get("stable");
        return Optional.of(new JobMetricResult(canary,
                Optional.of(stableValue == null ? ProviderResult.noData("no \"stable\" value") : ProviderResult.of(stableValue))));
    }
}
