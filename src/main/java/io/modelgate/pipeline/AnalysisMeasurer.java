package io.modelgate.pipeline;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.modelgate.analysis.Measurement;
import io.modelgate.analysis.MeasurementJudge;
import io.modelgate.analysis.ProviderResult;
import io.modelgate.api.AnalysisMetricSpec;
import io.modelgate.delivery.MetricDefinition;
import io.modelgate.delivery.RolloutDefaults;
import io.modelgate.pipeline.plan.MeasurementRequest;
import io.modelgate.provider.HttpJsonProvider;
import io.modelgate.provider.HttpJsonQuery;
import io.modelgate.provider.PrometheusProvider;
import io.modelgate.provider.PrometheusQuery;
import io.modelgate.provider.QueryTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Takes one measurement of a prometheus or http metric, for the canary and (for ratio bounds) the stable revision.
 * The providers never throw and never wait past their timeout, so a reconcile thread is held at most that long.
 */
public final class AnalysisMeasurer {

    private final PrometheusProvider prometheus;
    private final HttpJsonProvider http;
    private final RolloutDefaults defaults;

    public AnalysisMeasurer(PrometheusProvider prometheus, HttpJsonProvider http, RolloutDefaults defaults) {
        this.prometheus = prometheus;
        this.http = http;
        this.defaults = defaults;
    }

    public RolloutDefaults defaults() {
        return defaults;
    }

    /** Takes each measurement a plan asked for, by its key. */
    Map<String, Measurement> take(KubernetesClient client, java.util.List<MeasurementRequest> requests, Instant now) {
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
        ProviderResult canary = ask(client, namespace, metric.source(), variables, now);
        Optional<ProviderResult> stable = Optional.empty();
        if (metric.needsStable() && stableRevision.isPresent() && !(canary instanceof ProviderResult.Error)) {
            Map<String, String> asStable = new LinkedHashMap<>(variables);
            asStable.put(QueryTemplate.REVISION, stableRevision.get());
            stable = Optional.of(ask(client, namespace, metric.source(), asStable, now));
        }
        return MeasurementJudge.judge(metric.criteria(), canary, stable, now);
    }

    private ProviderResult ask(KubernetesClient client, String namespace, AnalysisMetricSpec source, Map<String, String> variables, Instant now) {
        if (source.getPrometheus() != null) {
            var spec = source.getPrometheus();
            String address = spec.getAddress() == null ? defaults.prometheusAddress() : spec.getAddress();
            Duration timeout = spec.getTimeoutSeconds() == null ? null : Duration.ofSeconds(spec.getTimeoutSeconds());
            return prometheus.measure(new PrometheusQuery(address, spec.getQuery(), variables, timeout), now);
        }
        if (source.getHttp() != null) {
            var spec = source.getHttp();
            String url;
            try {
                url = QueryTemplate.render(spec.getUrl(), variables);
            } catch (IllegalArgumentException e) {
                return ProviderResult.error(e.getMessage());
            }
            Map<String, String> headers = new LinkedHashMap<>();
            if (spec.getHeadersFrom() != null) {
                String secretName = spec.getHeadersFrom().getSecretName();
                try {
                    Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
                    if (secret == null) {
                        return ProviderResult.error("Secret " + secretName + " (headersFrom) not found");
                    }
                    if (secret.getData() != null) {
                        secret.getData().forEach((key, value) -> headers.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
                    }
                    if (secret.getStringData() != null) {
                        headers.putAll(secret.getStringData());
                    }
                } catch (KubernetesClientException e) {
                    return ProviderResult.error("cannot read Secret " + secretName + " (headersFrom): HTTP " + e.getCode());
                }
            }
            Duration timeout = spec.getTimeoutSeconds() == null ? null : Duration.ofSeconds(spec.getTimeoutSeconds());
            return http.measure(new HttpJsonQuery(url, spec.getJsonPointer(), headers, timeout));
        }
        return ProviderResult.error("a job metric is measured by its Job, not here");
    }
}
