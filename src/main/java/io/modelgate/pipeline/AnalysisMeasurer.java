package io.modelgate.pipeline;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelgate.analysis.Measurement;
import io.modelgate.analysis.MeasurementJudge;
import io.modelgate.analysis.ProviderResult;
import io.modelgate.api.AnalysisMetricSpec;
import io.modelgate.api.AnalysisTemplateStatus;
import io.modelgate.delivery.MetricDefinition;
import io.modelgate.delivery.RolloutDefaults;
import io.modelgate.pipeline.plan.MeasurementRequest;
import io.modelgate.provider.HttpJsonProvider;
import io.modelgate.provider.MetricProvider;
import io.modelgate.provider.PrometheusProvider;
import io.modelgate.provider.QueryTemplate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Takes the measurements a plan asks for: one reading of the canary (and, for ratio bounds, of the stable revision)
 * from the {@link MetricProvider} the metric names, judged against its bounds. The providers never throw and never
 * wait past their timeout, so a reconcile thread is held at most that long.
 */
public final class AnalysisMeasurer {

    private final List<MetricProvider> providers;
    private final RolloutDefaults defaults;

    public AnalysisMeasurer(PrometheusProvider prometheus, HttpJsonProvider http, RolloutDefaults defaults) {
        this(List.of(prometheus, http), defaults);
    }

    public AnalysisMeasurer(List<MetricProvider> providers, RolloutDefaults defaults) {
        this.providers = List.copyOf(providers);
        this.defaults = defaults;
    }

    public RolloutDefaults defaults() {
        return defaults;
    }

    /** Takes each measurement a plan asked for, by its key. */
    Map<String, Measurement> take(KubernetesClient client, List<MeasurementRequest> requests, Instant now) {
        Map<String, Measurement> taken = new LinkedHashMap<>();
        for (MeasurementRequest request : requests) {
            taken.put(request.key(), measure(client, request.namespace(), request.metric(), request.variables(), request.stableRevision(), now));
        }
        return taken;
    }

    /**
     * @param variables namespace, pipeline, revision (the one judged) and stableRevision when there is one
     */
    Measurement measure(KubernetesClient client, String namespace, MetricDefinition metric, Map<String, String> variables,
                        Optional<String> stableRevision, Instant now) {
        MetricProvider.Context context = context(client, namespace, now);
        Map<String, String> secrets = new LinkedHashMap<>();
        for (AnalysisTemplateStatus.SecretArg arg : metric.secretArgs()) {
            try {
                String value = NamespaceSecrets.read(client, namespace, arg.getSecretName()).get(arg.getKey());
                if (value == null) {
                    return new Measurement(io.modelgate.analysis.MeasurementPhase.Error, null, null, "argument " + arg.getName() + ": Secret " + arg.getSecretName() + " has no key " + arg.getKey(), now);
                }
                secrets.put(QueryTemplate.ARGS_PREFIX + arg.getName(), value);
            } catch (IllegalStateException e) {
                return new Measurement(io.modelgate.analysis.MeasurementPhase.Error, null, null, "argument " + arg.getName() + ": " + e.getMessage(), now);
            }
        }
        Map<String, String> withSecrets = new LinkedHashMap<>(variables);
        withSecrets.putAll(secrets);
        ProviderResult canary = read(metric.source(), withSecrets, context);
        Optional<ProviderResult> stable = Optional.empty();
        if (metric.needsStable() && stableRevision.isPresent() && !(canary instanceof ProviderResult.Error)) {
            Map<String, String> asStable = new LinkedHashMap<>(withSecrets);
            asStable.put(QueryTemplate.REVISION, stableRevision.get());
            stable = Optional.of(read(metric.source(), asStable, context));
        }
        return scrubbed(MeasurementJudge.judge(metric.criteria(), canary, stable, now), secrets);
    }

    /**
     * A provider's message may quote the rendered query or URL (an error names what it asked); a Secret's value goes
     * into the revision's status through it unless taken out here.
     */
    static Measurement scrubbed(Measurement measurement, Map<String, String> secrets) {
        String message = measurement.message();
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            if (!secret.getValue().isEmpty()) {
                message = message.replace(secret.getValue(), "{{" + secret.getKey() + "}}");
            }
        }
        return message.equals(measurement.message()) ? measurement
                : new Measurement(measurement.phase(), measurement.value(), measurement.stableValue(), message, measurement.at());
    }

    private ProviderResult read(AnalysisMetricSpec source, Map<String, String> variables, MetricProvider.Context context) {
        return providers.stream().filter(p -> p.reads(source)).findFirst()
                .map(provider -> provider.read(source, variables, context))
                .orElseGet(() -> ProviderResult.error("a job metric is measured by its Job, not here"));
    }

    private MetricProvider.Context context(KubernetesClient client, String namespace, Instant now) {
        return new MetricProvider.Context() {
            @Override
            public Instant now() {
                return now;
            }

            @Override
            public Optional<String> defaultPrometheusAddress() {
                return Optional.ofNullable(defaults.prometheusAddress());
            }

            @Override
            public Map<String, String> secret(String name) {
                return NamespaceSecrets.read(client, namespace, name);
            }
        };
    }
}
