package io.modelgate.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * Operator-wide settings that fill what a pipeline leaves unset (chart {@code operator.*}).
 *
 * @param analysisInterval  interval of a metric that sets none
 * @param prometheusAddress Prometheus base URL of a prometheus metric that sets none; null when the operator has none
 * @param clusterTemplates  the operator reads ClusterModelAnalysisTemplates (chart analysisTemplates.cluster: it has
 *                          the cluster-scoped RBAC for them)
 */
public record RolloutDefaults(Duration analysisInterval, String prometheusAddress, boolean clusterTemplates) {

    public static final Duration DEFAULT_ANALYSIS_INTERVAL = Duration.ofSeconds(30);

    public RolloutDefaults {
        Objects.requireNonNull(analysisInterval, "analysisInterval");
        prometheusAddress = prometheusAddress == null || prometheusAddress.isBlank() ? null : prometheusAddress;
    }

    public RolloutDefaults(Duration analysisInterval, String prometheusAddress) {
        this(analysisInterval, prometheusAddress, false);
    }

    public static RolloutDefaults standard() {
        return new RolloutDefaults(DEFAULT_ANALYSIS_INTERVAL, null);
    }

    public RolloutDefaults withClusterTemplates(boolean enabled) {
        return new RolloutDefaults(analysisInterval, prometheusAddress, enabled);
    }
}
