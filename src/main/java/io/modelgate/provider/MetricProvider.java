package io.modelgate.provider;

import io.modelgate.analysis.ProviderResult;
import io.modelgate.api.AnalysisMetricSpec;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Where an analysis metric's numbers come from. A provider reads one value for the query its metric names, never
 * throws and never waits past its timeout. A new provider is a new implementation, listed where the operator builds
 * its measurer: nothing else changes. Job metrics are not read here: they run as analysis Jobs the plan creates.
 */
public interface MetricProvider {

    /** Whether {@code source} names this provider ({@code prometheus:}, {@code http:}, ...). */
    boolean reads(AnalysisMetricSpec source);

    /**
     * @param variables namespace, pipeline, revision (the one judged) and stableRevision, for the query's template
     */
    ProviderResult read(AnalysisMetricSpec source, Map<String, String> variables, Context context);

    /** What a provider may ask of the operator for one reading. */
    interface Context {

        Instant now();

        /** The operator's Prometheus, for a query that names no address. */
        Optional<String> defaultPrometheusAddress();

        /**
         * The string values of a Secret in the pipeline's namespace.
         *
         * @throws IllegalStateException with a message for a person when it cannot be read or does not exist
         */
        Map<String, String> secret(String name);
    }
}
