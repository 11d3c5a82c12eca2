package io.modelgate.pipeline;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.modelgate.analysis.AnalysisLimits;
import io.modelgate.analysis.Measurement;
import io.modelgate.analysis.MeasurementPhase;
import io.modelgate.analysis.MetricCriteria;
import io.modelgate.analysis.ProviderResult;
import io.modelgate.api.AnalysisMetricSpec;
import io.modelgate.api.AnalysisTemplateStatus;
import io.modelgate.delivery.MetricDefinition;
import io.modelgate.delivery.RolloutDefaults;
import io.modelgate.provider.MetricProvider;
import io.modelgate.provider.QueryTemplate;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A template argument from a Secret is read at the measurement, put into the query the provider renders, and kept
 * out of what is recorded: a provider message that quotes the rendered query shows the placeholder, not the value.
 */
@EnableKubernetesMockClient(crud = true)
class AnalysisMeasurerSecretArgsTest {

    static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    KubernetesClient client;
    final List<String> rendered = new ArrayList<>();

    /** Renders the query as the Prometheus provider does, then fails quoting it, as a provider's error may. */
    final MetricProvider quoting = new MetricProvider() {
        @Override
        public boolean reads(AnalysisMetricSpec source) {
            return source.getPrometheus() != null;
        }

        @Override
        public ProviderResult read(AnalysisMetricSpec source, Map<String, String> variables, Context context) {
            String query = QueryTemplate.render(source.getPrometheus().getQuery(), variables);
            rendered.add(query);
            return ProviderResult.error("bad query " + query);
        }
    };

    static MetricDefinition metric(List<AnalysisTemplateStatus.SecretArg> secrets) {
        AnalysisMetricSpec spec = new AnalysisMetricSpec();
        spec.setName("m");
        spec.setMax(1.0);
        AnalysisMetricSpec.PrometheusMetric prometheus = new AnalysisMetricSpec.PrometheusMetric();
        prometheus.setQuery("x{token=\"{{args.token}}\",revision=\"{{revision}}\"}");
        spec.setPrometheus(prometheus);
        return new MetricDefinition("m", new MetricCriteria("m", null, 1.0, null, null, null, null, null),
                AnalysisLimits.of(1, Duration.ofSeconds(30)), spec, secrets);
    }

    Measurement measure(MetricDefinition metric) {
        return new AnalysisMeasurer(List.of(quoting), RolloutDefaults.standard())
                .measure(client, "ml", metric, Map.of("revision", "fraud-r2"), Optional.empty(), NOW);
    }

    @Test
    void theSecretsValueReachesTheProviderButNotTheRecord() {
        client.secrets().inNamespace("ml").resource(new SecretBuilder().withNewMetadata().withName("creds").endMetadata()
                .addToStringData("token", "s3cr3t-value").build()).create();

        Measurement measurement = measure(metric(List.of(AnalysisTemplateStatus.SecretArg.of("token", "creds", "token"))));

        assertThat(rendered).containsExactly("x{token=\"s3cr3t-value\",revision=\"fraud-r2\"}");
        assertThat(measurement.phase()).isEqualTo(MeasurementPhase.Error);
        assertThat(measurement.message()).doesNotContain("s3cr3t-value").contains("{{args.token}}");
    }

    @Test
    void aMissingSecretOrKeyIsAnErrorMeasurementThatNamesTheArgument() {
        Measurement noSecret = measure(metric(List.of(AnalysisTemplateStatus.SecretArg.of("token", "absent", "token"))));
        client.secrets().inNamespace("ml").resource(new SecretBuilder().withNewMetadata().withName("creds").endMetadata()
                .addToStringData("other", "v").build()).create();
        Measurement noKey = measure(metric(List.of(AnalysisTemplateStatus.SecretArg.of("token", "creds", "token"))));

        assertThat(noSecret.phase()).isEqualTo(MeasurementPhase.Error);
        assertThat(noSecret.message()).contains("argument token", "Secret absent not found");
        assertThat(noKey.message()).isEqualTo("argument token: Secret creds has no key token");
        assertThat(rendered).as("nothing was queried without the value").isEmpty();
    }
}
