package io.modelgate.e2e;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.modelgate.api.AnalysisTemplateStatus;
import io.modelgate.api.ClusterModelAnalysisTemplate;
import io.modelgate.api.ModelAnalysisTemplate;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.testing.LocalPrometheus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One ModelAnalysisTemplate shared by two pipelines with different args, on the local cluster with the chart's RBAC
 * (get, list and watch on modelanalysistemplates) and a real Prometheus. The test serves {@code model_errors_ratio{service, revision}}:
 * healthy for service alpha, failing for service beta, so that each canary's verdict shows which argument its
 * measurements used: the alpha pipeline's r2 is promoted, the beta pipeline's r2 rolled back; each revision records
 * the template's resourceVersion and its query with the argument filled in. A third pipeline naming a
 * ClusterModelAnalysisTemplate that does not exist (the chart's analysisTemplates.cluster on: a ClusterRole with get,
 * list and watch) is InvalidSpec (naming it) and makes no revision until the template is created, which the watch
 * sees at once.
 */
@ModelgateE2e
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnalysisTemplatesE2eTest {

    @RegisterExtension
    static final LocalPrometheus PROMETHEUS = new LocalPrometheus();

    private static final String NAMESPACE = "default";
    private static final String METRIC = "model_errors_ratio";
    private static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("modelgate.e2e.timeoutSeconds", 120));
    private static final Duration POLL = Duration.ofMillis(200);
    private static final String ALPHA = "tpl-alpha";
    private static final String BETA = "tpl-beta";
    private static final String LATE = "tpl-late";

    private static final String TEMPLATE = """
            apiVersion: modelgate.io/v1alpha1
            kind: ModelAnalysisTemplate
            metadata: {name: %s, namespace: default}
            spec:
              args:
                - name: service
                - name: maxErrorRate
                  value: "0.05"
              metrics:
                - name: error-rate
                  count: 2
                  boundsFromArgs: {max: maxErrorRate}
                  prometheus:
                    query: 'max(%s{service="{{args.service}}", revision="{{revision}}"})'
                    timeoutSeconds: 2
            """;

    private static E2eEnvironment env;

    @HelmValues
    static Map<String, Object> operatorSettings() {
        PROMETHEUS.boot();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("operator.prometheusAddress", PROMETHEUS.address());
        values.put("operator.defaultAnalysisInterval", "2s");
        values.put("analysisTemplates.cluster", true);
        return values;
    }

    @BeforeAll
    static void templateAndPipelines(E2eEnvironment environment) {
        env = environment;
        for (String pipeline : List.of(ALPHA, BETA)) {
            for (int n = 1; n <= 2; n++) {
                setErrorRatio("alpha", pipeline + "-r" + n, 0.01);
                setErrorRatio("beta", pipeline + "-r" + n, 0.3);
            }
        }
        PROMETHEUS.awaitScrapes(2);
        env.admin().resource(env.admin().getKubernetesSerialization().unmarshal(TEMPLATE.formatted("http-errors", METRIC),
                ModelAnalysisTemplate.class)).create();
        create(ALPHA, "{name: http-errors}", "alpha");
        create(BETA, "{name: http-errors}", "beta");
        create(LATE, "{name: not-yet, clusterScope: true}", "alpha");
    }

    @AfterAll
    static void removeClusterTemplate() {
        env.admin().resources(ClusterModelAnalysisTemplate.class).withName("not-yet").delete();
    }

    @Test
    @Order(1)
    void oneTemplateTwoPipelinesEachMeasuresItsOwnArgument() {
        awaitPhase(ALPHA + "-r1", "Promoted");
        awaitPhase(BETA + "-r1", "Promoted");
        String version = env.admin().resources(ModelAnalysisTemplate.class).inNamespace(NAMESPACE).withName("http-errors").get()
                .getMetadata().getResourceVersion();
        newRevision(ALPHA);
        newRevision(BETA);

        ModelRevision alpha = awaitPhase(ALPHA + "-r2", "Promoted");
        ModelRevision beta = awaitPhase(BETA + "-r2", "RolledBack");

        assertThat(frozen(alpha)).satisfies(t -> {
            assertThat(t.getName()).isEqualTo("http-errors");
            assertThat(t.getResourceVersion()).isEqualTo(version);
            assertThat(t.getMetrics().get("error-rate").getPrometheus().getQuery()).contains("service=\"alpha\"");
            assertThat(t.getMetrics().get("error-rate").getMax()).as("the bound from the argument, frozen as a number").isEqualTo(0.05);
            assertThat(t.getMetrics().get("error-rate").getBoundsFromArgs()).isNull();
        });
        assertThat(frozen(beta).getMetrics().get("error-rate").getPrometheus().getQuery()).contains("service=\"beta\"");
        assertThat(beta.getStatus().getMessage()).contains("error-rate");
    }

    @Test
    @Order(2)
    void aMissingTemplateIsInvalidSpecNamingItUntilItExists() {
        await(LATE + " InvalidSpec").atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() ->
                assertThat(condition(pipeline(LATE), "Degraded")).hasValueSatisfying(c -> {
                    assertThat(c.getReason()).isEqualTo("InvalidSpec");
                    assertThat(c.getMessage()).contains("ClusterModelAnalysisTemplate not-yet not found");
                }));
        assertThat(revision(LATE + "-r1")).as("no revision that would measure nothing").isNull();
        assertThat(env.admin().v1().events().inNamespace(NAMESPACE).list().getItems())
                .anyMatch(e -> LATE.equals(e.getInvolvedObject().getName()) && "InvalidSpec".equals(e.getReason()));

        env.admin().resource(env.admin().getKubernetesSerialization().unmarshal(TEMPLATE.formatted("not-yet", METRIC)
                .replace("kind: ModelAnalysisTemplate", "kind: ClusterModelAnalysisTemplate").replace(", namespace: default", ""),
                ClusterModelAnalysisTemplate.class)).create();
        long created = System.nanoTime();

        await(LATE + "-r1 made once the watched template exists").atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> revision(LATE + "-r1") != null);
        System.out.printf("[templates] template created -> revision made: %d ms (watched; was up to the 30 s resync)%n",
                (System.nanoTime() - created) / 1_000_000);
        awaitPhase(LATE + "-r1", "Promoted");
    }

    private static void create(String name, String template, String service) {
        env.admin().resource(env.admin().getKubernetesSerialization().unmarshal(E2e.evaluatedPipeline(name, NAMESPACE) + """
                  serving:
                    replicas: 2
                    template:
                      spec:
                        containers: [{name: server, image: registry.example/fraud-serve:1.0}]
                  rollout:
                    strategy: Canary
                    steps:
                      - setWeight: 50
                      - analysis: {name: health}
                      - setWeight: 100
                    analyses:
                      - name: health
                        templates: [%s]
                        args: [{name: service, value: %s}]
                """.formatted(template, service), ModelPipeline.class)).create();
    }

    private static void newRevision(String pipeline) {
        env.admin().resources(ModelPipeline.class).inNamespace(NAMESPACE).withName(pipeline)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"source\":{\"parameters\":{\"learning_rate\":\"0.02\"}}}}");
    }

    private static void setErrorRatio(String service, String revision, double value) {
        PROMETHEUS.setGauge(METRIC, Map.of("service", service, "revision", revision), value);
    }

    private static ModelRevision awaitPhase(String name, String phase) {
        await(name + " " + phase).atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
            ModelRevision revision = revision(name);
            assertThat(revision).as(name).isNotNull();
            assertThat(revision.getStatus() == null ? null : revision.getStatus().getPhase())
                    .as("%s: %s", name, revision.getStatus() == null ? "" : revision.getStatus().getMessage()).isEqualTo(phase);
        });
        return revision(name);
    }

    private static AnalysisTemplateStatus frozen(ModelRevision revision) {
        assertThat(revision.getStatus().getRollout().getAnalysisTemplates()).as("frozen templates of %s", revision.getMetadata().getName())
                .hasSize(1);
        return revision.getStatus().getRollout().getAnalysisTemplates().get(0);
    }

    private static ModelPipeline pipeline(String name) {
        return env.admin().resources(ModelPipeline.class).inNamespace(NAMESPACE).withName(name).get();
    }

    private static ModelRevision revision(String name) {
        return env.admin().resources(ModelRevision.class).inNamespace(NAMESPACE).withName(name).get();
    }

    private static Optional<Condition> condition(ModelPipeline pipeline, String type) {
        return pipeline == null || pipeline.getStatus() == null || pipeline.getStatus().getConditions() == null ? Optional.empty()
                : pipeline.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
