package io.modelgate.pipeline.plan;

import io.modelgate.delivery.MetricDefinition;

import java.util.Map;
import java.util.Optional;

/**
 * A measurement the plan needs before it can decide: the reconciler takes it (a query to a provider) and plans again
 * with the answer under the same {@code key}.
 *
 * @param key       run, metric and sample number: the same measurement in every planning round of a pass
 * @param variables namespace, pipeline, revision (the one judged) and stableRevision when there is one
 */
public record MeasurementRequest(String key, String namespace, MetricDefinition metric, Map<String, String> variables,
                                 Optional<String> stableRevision) {

    public MeasurementRequest {
        variables = Map.copyOf(variables);
    }
}
