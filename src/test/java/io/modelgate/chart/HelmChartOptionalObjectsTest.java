package io.modelgate.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.modelgate.chart.ChartRendering.env;
import static io.modelgate.chart.ChartRendering.operator;
import static io.modelgate.chart.ChartRendering.all;
import static io.modelgate.chart.ChartRendering.one;
import static io.modelgate.chart.ChartRendering.render;
import static io.modelgate.chart.ChartRendering.renderWithValuesYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chart's optional objects (ServiceMonitor, PodMonitor, NetworkPolicy, PodDisruptionBudget) and the operator
 * settings passed as environment variables, rendered through helm-java; and the schema rejecting bad values for them.
 */
class HelmChartOptionalObjectsTest {

    static final Map<String, String> SELECTOR = Map.of("app.kubernetes.io/name", "modelgate", "app.kubernetes.io/instance", ChartRendering.RELEASE);

    @Test
    void optionalObjectsAreOffByDefault() {
        List<HasMetadata> objects = render();

        assertThat(objects).extracting(HasMetadata::getKind)
                .doesNotContain("ServiceMonitor", "PodMonitor", "NetworkPolicy", "PodDisruptionBudget");
    }

    @Test
    void aServiceMonitorScrapesMetricsOnTheServicePortHttp() {
        List<HasMetadata> objects = renderWithValuesYaml("""
                metrics:
                  serviceMonitor:
                    enabled: true
                    interval: 15s
                    labels:
                      release: kube-prometheus-stack
                """);
        GenericKubernetesResource monitor = monitor(objects, "ServiceMonitor");
        Service service = one(objects, Service.class);

        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.getMetadata().getName()).isEqualTo("modelgate");
        assertThat(monitor.getMetadata().getNamespace()).isEqualTo(ChartRendering.NAMESPACE);
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack")
                .containsEntry("app.kubernetes.io/name", "modelgate");
        Map<String, Object> selector = monitor.get("spec", "selector", "matchLabels");
        assertThat(selector).isEqualTo(SELECTOR);
        assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(SELECTOR);
        assertThat((List<String>) monitor.get("spec", "namespaceSelector", "matchNames")).containsExactly(ChartRendering.NAMESPACE);
        List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
        assertThat(endpoints).singleElement().satisfies(endpoint -> assertThat(endpoint)
                .containsEntry("port", "http").containsEntry("path", "/metrics").containsEntry("interval", "15s"));
        assertThat(service.getSpec().getPorts()).extracting(p -> p.getName()).contains("http");
        assertThat(all(objects, GenericKubernetesResource.class)).extracting(HasMetadata::getKind).doesNotContain("PodMonitor");
    }

    @Test
    void aPodMonitorScrapesMetricsOnTheContainerPortHttp() {
        List<HasMetadata> objects = render(Map.of("metrics.podMonitor.enabled", "true", "metrics.podMonitor.labels.team", "ml"));
        GenericKubernetesResource monitor = monitor(objects, "PodMonitor");
        Deployment deployment = one(objects, Deployment.class);

        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.getMetadata().getNamespace()).isEqualTo(ChartRendering.NAMESPACE);
        assertThat(monitor.getMetadata().getLabels()).containsEntry("team", "ml");
        Map<String, Object> selector = monitor.get("spec", "selector", "matchLabels");
        assertThat(selector).isEqualTo(SELECTOR);
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(SELECTOR);
        List<Map<String, Object>> endpoints = monitor.get("spec", "podMetricsEndpoints");
        assertThat(endpoints).singleElement().satisfies(endpoint -> assertThat(endpoint)
                .containsEntry("port", "http").containsEntry("path", "/metrics").containsEntry("interval", "30s"));
        assertThat(operator(deployment).getPorts()).extracting(p -> p.getName()).contains("http");
        assertThat(all(objects, GenericKubernetesResource.class)).extracting(HasMetadata::getKind).doesNotContain("ServiceMonitor");
    }

    @Test
    void anEmptyIntervalLeavesItToPrometheus() {
        GenericKubernetesResource monitor = monitor(renderWithValuesYaml("""
                metrics:
                  serviceMonitor:
                    enabled: true
                    interval: ""
                """), "ServiceMonitor");
        List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");

        assertThat(endpoints).singleElement().satisfies(endpoint -> assertThat(endpoint).doesNotContainKey("interval"));
    }

    @Test
    void theDefaultNetworkPolicyAdmitsAnyNamespaceOnPort8080OnlyAndLeavesEgressOpen() {
        NetworkPolicy policy = one(render(Map.of("networkPolicy.enabled", "true")), NetworkPolicy.class);

        assertThat(policy.getMetadata().getNamespace()).isEqualTo(ChartRendering.NAMESPACE);
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(SELECTOR);
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertOnlyPort8080(rule);
            assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
                assertThat(peer.getNamespaceSelector()).isNotNull();
                assertThat(peer.getNamespaceSelector().getMatchLabels()).isNullOrEmpty();
                assertThat(peer.getNamespaceSelector().getMatchExpressions()).isNullOrEmpty();
                assertThat(peer.getPodSelector()).isNull();
                assertThat(peer.getIpBlock()).isNull();
            });
        });
        assertThat(policy.getSpec().getEgress()).isNullOrEmpty();
    }

    @Test
    void theNetworkPolicyAdmitsOnlyTheGivenPeersAndRestrictsEgressToTheGivenCidrs() {
        NetworkPolicy policy = one(renderWithValuesYaml("""
                networkPolicy:
                  enabled: true
                  ingress:
                    from:
                      - namespaceSelector:
                          matchLabels:
                            kubernetes.io/metadata.name: monitoring
                        podSelector:
                          matchLabels:
                            app.kubernetes.io/name: prometheus
                  egress:
                    cidrs: [10.0.0.1/32, 172.18.0.0/16]
                """), NetworkPolicy.class);

        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertOnlyPort8080(rule);
            assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
                assertThat(peer.getNamespaceSelector().getMatchLabels()).isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring"));
                assertThat(peer.getPodSelector().getMatchLabels()).isEqualTo(Map.of("app.kubernetes.io/name", "prometheus"));
            });
        });
        assertThat(policy.getSpec().getEgress()).hasSize(2);
        assertThat(policy.getSpec().getEgress().get(0).getTo()).extracting(peer -> peer.getIpBlock().getCidr())
                .containsExactly("10.0.0.1/32", "172.18.0.0/16");
        assertThat(policy.getSpec().getEgress().get(0).getPorts()).isNullOrEmpty();
        assertThat(policy.getSpec().getEgress().get(1).getTo()).isNullOrEmpty();
        assertThat(policy.getSpec().getEgress().get(1).getPorts()).extracting(p -> p.getPort().getIntVal() + "/" + p.getProtocol())
                .containsExactly("53/UDP", "53/TCP");
    }

    @Test
    void dnsEgressCanBeLeftOut() {
        NetworkPolicy policy = one(render(Map.of("networkPolicy.enabled", "true", "networkPolicy.egress.cidrs", List.of("10.96.0.1/32"),
                "networkPolicy.egress.allowDns", "false")), NetworkPolicy.class);

        assertThat(policy.getSpec().getEgress()).singleElement()
                .satisfies(rule -> assertThat(rule.getTo()).extracting(p -> p.getIpBlock().getCidr()).containsExactly("10.96.0.1/32"));
    }

    @Test
    void aPodDisruptionBudgetAllowsOneUnavailableByDefaultWhenEnabled() {
        PodDisruptionBudget budget = one(render(Map.of("podDisruptionBudget.enabled", "true")), PodDisruptionBudget.class);

        assertThat(budget.getApiVersion()).isEqualTo("policy/v1");
        assertThat(budget.getMetadata().getNamespace()).isEqualTo(ChartRendering.NAMESPACE);
        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(budget.getSpec().getMinAvailable()).isNull();
        assertThat(budget.getSpec().getSelector().getMatchLabels()).isEqualTo(SELECTOR);
    }

    @Test
    void thePodDisruptionBudgetTakesZeroOrAPercentage() {
        assertThat(one(renderWithValuesYaml("podDisruptionBudget: {enabled: true, maxUnavailable: 0}\n"), PodDisruptionBudget.class)
                .getSpec().getMaxUnavailable().getIntVal()).isZero();
        assertThat(one(renderWithValuesYaml("podDisruptionBudget: {enabled: true, maxUnavailable: \"50%\"}\n"), PodDisruptionBudget.class)
                .getSpec().getMaxUnavailable().getStrVal()).isEqualTo("50%");
    }

    @Test
    void operatorSettingsDefaultToUnlimitedRolloutsAnd30sAnalysisWithoutPrometheus() {
        Map<String, String> env = env(operator(one(render(), Deployment.class)));

        assertThat(env).containsEntry("MODELGATE_MAX_CONCURRENT_ROLLOUTS", "0")
                .containsEntry("MODELGATE_DEFAULT_ANALYSIS_INTERVAL", "30s")
                .doesNotContainKey("MODELGATE_PROMETHEUS_ADDRESS");
    }

    @Test
    void operatorSettingsArePassedAsEnvironmentVariables() {
        Map<String, String> env = env(operator(one(renderWithValuesYaml("""
                operator:
                  maxConcurrentRollouts: 1000000
                  defaultAnalysisInterval: 1h30m
                  prometheusAddress: http://prometheus-operated.monitoring.svc:9090
                """), Deployment.class)));

        assertThat(env).containsEntry("MODELGATE_MAX_CONCURRENT_ROLLOUTS", "1000000")
                .containsEntry("MODELGATE_DEFAULT_ANALYSIS_INTERVAL", "1h30m")
                .containsEntry("MODELGATE_PROMETHEUS_ADDRESS", "http://prometheus-operated.monitoring.svc:9090");
        assertThat(env(operator(one(render(Map.of("operator.maxConcurrentRollouts", "3", "operator.defaultAnalysisInterval", "500ms")),
                Deployment.class)))).containsEntry("MODELGATE_MAX_CONCURRENT_ROLLOUTS", "3").containsEntry("MODELGATE_DEFAULT_ANALYSIS_INTERVAL", "500ms");
    }

    static final String ALL_ON = """
            operator:
              maxConcurrentRollouts: 2
              defaultAnalysisInterval: 1m
              prometheusAddress: https://prometheus.example.com/prom
            metrics:
              serviceMonitor:
                enabled: true
            networkPolicy:
              enabled: true
              egress:
                cidrs: [10.96.0.1/32]
            podDisruptionBudget:
              enabled: true
            """;

    @Test
    void everythingOnRendersEveryOptionalObjectAndTheNotes() throws Exception {
        List<HasMetadata> objects = renderWithValuesYaml(ALL_ON);

        assertThat(objects).extracting(HasMetadata::getKind).contains("ServiceMonitor", "NetworkPolicy", "PodDisruptionBudget");
        Path values = Files.createTempFile("modelgate-values-", ".yaml");
        try {
            Files.writeString(values, ALL_ON);
            // helm install --dry-run (client only): the NOTES with the optional objects on.
            Release release = new Helm(ChartRendering.CHART).install().withName(ChartRendering.RELEASE).withNamespace(ChartRendering.NAMESPACE)
                    .withValuesFile(values).dryRun().clientOnly().call();
            assertThat(release.getOutput())
                    .contains("ServiceMonitor \"modelgate\" scrapes /metrics")
                    .contains("egress only to 10.96.0.1/32");
        } finally {
            Files.deleteIfExists(values);
        }
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("operator:\n  maxConcurrentRollouts: -1\n", "- operator.maxConcurrentRollouts: Must be greater than or equal to 0"),
                Arguments.of("operator:\n  maxConcurrentRollouts: 1.5\n", "- operator.maxConcurrentRollouts: Invalid type. Expected: integer"),
                Arguments.of("operator:\n  maxConcurrentRollouts: \"3\"\n", "- operator.maxConcurrentRollouts: Invalid type. Expected: integer"),
                Arguments.of("operator:\n  defaultAnalysisInterval: 30\n", "- operator.defaultAnalysisInterval: Invalid type. Expected: string"),
                Arguments.of("operator:\n  defaultAnalysisInterval: 30 seconds\n", "- operator.defaultAnalysisInterval: Does not match pattern"),
                Arguments.of("operator:\n  defaultAnalysisInterval: PT30S\n", "- operator.defaultAnalysisInterval: Does not match pattern"),
                Arguments.of("operator:\n  prometheusAddress: prometheus:9090\n", "- operator.prometheusAddress: Does not match pattern"),
                Arguments.of("operator:\n  prometheusAddress: http://\n", "- operator.prometheusAddress: Does not match pattern"),
                Arguments.of("operator:\n  maxRollouts: 1\n", "Additional property maxRollouts is not allowed"),
                Arguments.of("metrics:\n  serviceMonitor:\n    enabled: \"yes\"\n", "- metrics.serviceMonitor.enabled: Invalid type. Expected: boolean"),
                Arguments.of("metrics:\n  serviceMonitor:\n    interval: 30\n", "- metrics.serviceMonitor.interval: Invalid type. Expected: string"),
                Arguments.of("metrics:\n  podMonitor:\n    interval: often\n", "- metrics.podMonitor.interval: Does not match pattern"),
                Arguments.of("metrics:\n  podMonitor:\n    labels:\n      tier: 1\n", "- metrics.podMonitor.labels.tier: Invalid type. Expected: string"),
                Arguments.of("metrics:\n  serviceMonitors:\n    enabled: true\n", "Additional property serviceMonitors is not allowed"),
                Arguments.of("networkPolicy:\n  enabled: 1\n", "- networkPolicy.enabled: Invalid type. Expected: boolean"),
                Arguments.of("networkPolicy:\n  ingress:\n    from: [{}]\n", "- networkPolicy.ingress.from.0: Must have at least 1 properties"),
                Arguments.of("networkPolicy:\n  ingress:\n    from: [{namespace: monitoring}]\n", "Additional property namespace is not allowed"),
                Arguments.of("networkPolicy:\n  egress:\n    cidrs: [10.0.0.1]\n", "- networkPolicy.egress.cidrs.0: Does not match pattern"),
                Arguments.of("podDisruptionBudget:\n  maxUnavailable: -1\n", "- podDisruptionBudget.maxUnavailable: Must validate one and only one schema"),
                Arguments.of("podDisruptionBudget:\n  maxUnavailable: half\n", "- podDisruptionBudget.maxUnavailable: Must validate one and only one schema"),
                Arguments.of("podDisruptionBudget:\n  enabled: maybe\n", "- podDisruptionBudget.enabled: Invalid type. Expected: boolean"),
                Arguments.of("podDisruptionBudget:\n  minAvailable: 1\n", "Additional property minAvailable is not allowed"));
    }

    @ParameterizedTest(name = "{0} is rejected: {1}")
    @MethodSource("badValues")
    void badValuesAreRejectedByTheSchemaNamingTheField(String valuesYaml, String message) {
        assertThatThrownBy(() -> renderWithValuesYaml(valuesYaml))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(message);
    }

    private static void assertOnlyPort8080(NetworkPolicyIngressRule rule) {
        assertThat(rule.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getPort().getIntVal()).isEqualTo(8080);
            assertThat(port.getProtocol()).isEqualTo("TCP");
            assertThat(port.getEndPort()).isNull();
        });
    }

    private static GenericKubernetesResource monitor(List<HasMetadata> objects, String kind) {
        List<GenericKubernetesResource> matching = all(objects, GenericKubernetesResource.class).stream()
                .filter(o -> kind.equals(o.getKind())).toList();
        assertThat(matching).as(kind).hasSize(1);
        return matching.get(0);
    }

}
