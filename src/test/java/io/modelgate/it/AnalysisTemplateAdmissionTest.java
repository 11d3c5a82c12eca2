package io.modelgate.it;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.modelgate.api.ClusterModelAnalysisTemplate;
import io.modelgate.api.ModelAnalysisTemplate;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.testing.RealApiServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The analysis template CRDs and the pipeline's analyses[].templates / args on a real kube-apiserver: valid templates
 * are kept whole, a cluster template is cluster-scoped, the schema and CEL rules reject what the operator would refuse
 * anyway (so a mistake surfaces at kubectl apply), and a revision's frozen template record is accepted as written.
 */
@Tag("integration")
class AnalysisTemplateAdmissionTest {

    @RegisterExtension
    static final RealApiServer API = new RealApiServer();

    static final String API_VERSION = ModelPipeline.GROUP + "/" + ModelPipeline.VERSION;
    static final AtomicInteger NAMES = new AtomicInteger();
    static KubernetesClient client;
    static String namespace;

    static final String TEMPLATE = """
            apiVersion: modelgate.io/v1alpha1
            kind: ModelAnalysisTemplate
            metadata:
              name: NAME
            spec:
              args:
                - name: service
                - name: window
                  value: 5m
              metrics:
                - name: error-rate
                  interval: 30s
                  count: 3
                  max: 0.05
                  prometheus:
                    query: sum(rate(http_errors{service="{{args.service}}",revision="{{revision}}"}[{{ args.window }}]))
                - name: score
                  successCondition: result.score >= {{args.minScore}}
                  http:
                    url: http://scorer.{{namespace}}:8080/score/{{args.service}}
                    method: POST
                    body: '{"revision": "{{revision}}", "token": "{{args.token}}"}'
                    jsonPath: $.data
            """;

    static final String PIPELINE = """
            apiVersion: modelgate.io/v1alpha1
            kind: ModelPipeline
            metadata:
              name: NAME
            spec:
              model: churn
              source:
                trainingImage: registry.example/churn-train:1.0
                dataRef: s3://data/churn/2026-11-01
              training:
                artifactUri: s3://models/{pipeline}/{revision}
              evaluation:
                template:
                  spec:
                    containers:
                      - name: evaluate
                        image: registry.example/churn-eval:1.0
              serving:
                template:
                  spec:
                    containers:
                      - name: server
                        image: registry.example/model-server:1.0
              rollout:
                strategy: Canary
                steps:
                  - setWeight: 20
                  - analysis: {name: health}
                analyses:
                  - name: health
                    templates:
                      - name: http-errors
                      - name: shared-latency
                        clusterScope: true
                    args:
                      - name: service
                        value: churn-api
                      - name: token
                        valueFrom:
                          secretKeyRef: {name: scorer, key: token}
                      - name: team
                        valueFrom:
                          fieldRef: {fieldPath: "metadata.labels['team']"}
            """;

    @BeforeAll
    static void installCrds() {
        client = API.client();
        Crds.install(client);
        namespace = API.newNamespace("templates");
    }

    static GenericKubernetesResource parse(String yaml, String name) {
        GenericKubernetesResource resource = client.getKubernetesSerialization().unmarshal(yaml.replace("NAME", name), GenericKubernetesResource.class);
        return resource;
    }

    static GenericKubernetesResource create(GenericKubernetesResource resource) {
        var resources = client.genericKubernetesResources(API_VERSION, resource.getKind());
        return resource.getKind().startsWith("Cluster") ? resources.resource(resource).create()
                : resources.inNamespace(namespace).resource(resource).create();
    }

    static String rejected(GenericKubernetesResource resource) {
        try {
            create(resource);
        } catch (KubernetesClientException e) {
            assertThat(e.getCode()).as(e.getMessage()).isEqualTo(422);
            return e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage();
        }
        return fail("the API server accepted " + resource.getKind() + " " + resource.getMetadata().getName());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> at(Object node, Object... path) {
        Object current = node;
        for (Object step : path) {
            current = step instanceof Integer i ? ((List<Object>) current).get(i) : ((Map<String, Object>) current).get(step);
        }
        return (Map<String, Object>) current;
    }

    static Map<String, Object> spec(GenericKubernetesResource resource) {
        return at(resource.getAdditionalProperties(), "spec");
    }

    @Test
    void aTemplateIsKeptWholeAndReadBackAsTheJavaType() {
        GenericKubernetesResource submitted = parse(TEMPLATE, "kept");
        create(submitted);

        ModelAnalysisTemplate stored = client.resources(ModelAnalysisTemplate.class).inNamespace(namespace).withName("kept").get();
        assertThat(stored.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(stored.getSpec().getArgs()).extracting(a -> a.getName()).containsExactly("service", "window");
        assertThat(stored.getSpec().getMetrics().get(0).getPrometheus().getQuery()).contains("{{args.service}}", "{{ args.window }}");
        assertThat(stored.getSpec().getMetrics().get(1).getHttp().getBody()).contains("{{args.token}}");
    }

    @Test
    void aTemplateMetricMayTakeItsBoundsFromArguments() {
        GenericKubernetesResource submitted = parse(TEMPLATE, "bounds-from-args");
        list(spec(submitted), "args").add(Map.of("name", "maxErrorRate", "value", "0.05"));
        list(spec(submitted), "metrics").get(0).remove("max");
        list(spec(submitted), "metrics").get(0).put("min", 0);
        list(spec(submitted), "metrics").get(0).put("boundsFromArgs", Map.of("max", "maxErrorRate"));
        create(submitted);

        ModelAnalysisTemplate stored = client.resources(ModelAnalysisTemplate.class).inNamespace(namespace).withName("bounds-from-args").get();
        assertThat(stored.getSpec().getMetrics().get(0).getBoundsFromArgs().getMax()).isEqualTo("maxErrorRate");
        assertThat(stored.getSpec().getMetrics().get(0).getMin()).isEqualTo(0.0);
    }

    @Test
    void aClusterTemplateIsClusterScoped() {
        GenericKubernetesResource submitted = parse(TEMPLATE.replace("kind: ModelAnalysisTemplate", "kind: ClusterModelAnalysisTemplate"), "shared-" + NAMES.incrementAndGet());
        create(submitted);

        ClusterModelAnalysisTemplate stored = client.resources(ClusterModelAnalysisTemplate.class).withName(submitted.getMetadata().getName()).get();
        assertThat(stored.getMetadata().getNamespace()).isNull();
        assertThat(stored.getSpec().getMetrics()).hasSize(2);
        assertThat(client.apiextensions().v1().customResourceDefinitions().withName("clustermodelanalysistemplates.modelgate.io").get()
                .getSpec().getScope()).isEqualTo("Cluster");
    }

    record Invalid(String title, String expected, java.util.function.Consumer<Map<String, Object>> change) {
        @Override
        public String toString() {
            return title;
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> spec, String field) {
        return (List<Map<String, Object>>) spec.get(field);
    }

    static Stream<Invalid> invalidTemplates() {
        return Stream.of(
                new Invalid("no metrics", "spec.metrics", s -> s.remove("metrics")),
                new Invalid("empty metrics", "spec.metrics", s -> s.put("metrics", new ArrayList<>())),
                new Invalid("duplicate metric names", "metric names must be unique within a template",
                        s -> list(s, "metrics").get(1).put("name", "error-rate")),
                new Invalid("duplicate argument names", "argument names must be unique within a template",
                        s -> list(s, "args").get(1).put("name", "service")),
                new Invalid("argument name not a placeholder name", "spec.args[0].name", s -> list(s, "args").get(0).put("name", "9lives")),
                new Invalid("malformed argument placeholder", "unknown or unclosed placeholder",
                        s -> at(list(s, "metrics").get(0), "prometheus").put("query", "x{service=\"{{args.}}\"}")),
                new Invalid("unknown placeholder", "unknown or unclosed placeholder",
                        s -> at(list(s, "metrics").get(0), "prometheus").put("query", "x{model=\"{{model}}\"}")),
                new Invalid("metric rules apply in templates", "a metric needs exactly one provider",
                        s -> list(s, "metrics").get(0).put("http", Map.of("url", "http://x", "jsonPointer", "/v"))),
                new Invalid("a bound both as a number and from an argument", "a bound is given either as a number or in boundsFromArgs, not both",
                        s -> list(s, "metrics").get(0).put("boundsFromArgs", Map.of("max", "window"))),
                new Invalid("empty boundsFromArgs", "boundsFromArgs needs at least one of min, max",
                        s -> list(s, "metrics").get(0).put("boundsFromArgs", Map.of())),
                new Invalid("boundsFromArgs beside a condition", "cannot be combined",
                        s -> list(s, "metrics").get(1).put("boundsFromArgs", Map.of("min", "minScore"))),
                new Invalid("boundsFromArgs naming a placeholder that cannot be", "boundsFromArgs.max",
                        s -> {
                            list(s, "metrics").get(0).remove("max");
                            list(s, "metrics").get(0).put("boundsFromArgs", Map.of("max", "{{args.window}}"));
                        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidTemplates")
    void anInvalidTemplateIsRejected(Invalid invalid) {
        GenericKubernetesResource resource = parse(TEMPLATE, "invalid-" + NAMES.incrementAndGet());
        invalid.change().accept(spec(resource));

        assertThat(rejected(resource)).contains(invalid.expected());
    }

    @Test
    void aTemplateWithoutSpecIsRejected() {
        GenericKubernetesResource resource = parse(TEMPLATE, "no-spec");
        resource.getAdditionalProperties().remove("spec");

        assertThat(rejected(resource)).contains("spec is required");
    }

    @Test
    void anAnalysisOfTemplatesAloneIsAcceptedWithItsArgs() {
        GenericKubernetesResource submitted = parse(PIPELINE, "only-templates");
        create(submitted);

        ModelPipeline stored = client.resources(ModelPipeline.class).inNamespace(namespace).withName("only-templates").get();
        var analysis = stored.getSpec().getRollout().getAnalyses().get(0);
        assertThat(analysis.getTemplates()).extracting(t -> t.getName() + ":" + t.cluster()).containsExactly("http-errors:false", "shared-latency:true");
        assertThat(analysis.getArgs().get(1).getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
        assertThat(analysis.getArgs().get(2).getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.labels['team']");
    }

    static Map<String, Object> analysis(Map<String, Object> spec) {
        return at(spec, "rollout", "analyses", 0);
    }

    static Stream<Invalid> invalidAnalyses() {
        return Stream.of(
                new Invalid("neither metrics nor templates", "an analysis needs metrics or templates", s -> analysis(s).remove("templates")),
                new Invalid("a template named twice", "a template may be named once per analysis",
                        s -> {
                            list(analysis(s), "templates").get(1).remove("clusterScope");
                            list(analysis(s), "templates").get(1).put("name", "http-errors");
                        }),
                new Invalid("an argument given twice", "argument names must be unique within an analysis",
                        s -> list(analysis(s), "args").get(1).put("name", "service")),
                new Invalid("value and valueFrom", "an argument needs exactly one of value and valueFrom",
                        s -> list(analysis(s), "args").get(1).put("value", "x")),
                new Invalid("neither value nor valueFrom", "an argument needs exactly one of value and valueFrom",
                        s -> list(analysis(s), "args").get(0).remove("value")),
                new Invalid("secretKeyRef and fieldRef", "valueFrom needs exactly one of secretKeyRef and fieldRef",
                        s -> at(list(analysis(s), "args").get(1), "valueFrom").put("fieldRef", Map.of("fieldPath", "metadata.name"))),
                new Invalid("a fieldRef outside the pipeline's metadata", "fieldPath",
                        s -> at(list(analysis(s), "args").get(2), "valueFrom", "fieldRef").put("fieldPath", "spec.model")),
                new Invalid("a secretKeyRef without key", "key", s -> at(list(analysis(s), "args").get(1), "valueFrom", "secretKeyRef").remove("key")),
                new Invalid("boundsFromArgs in a metric written in the pipeline", "boundsFromArgs is for a ModelAnalysisTemplate's metrics",
                        s -> analysis(s).put("metrics", List.of(Map.of("name", "inline", "boundsFromArgs", Map.of("max", "service"),
                                "prometheus", Map.of("query", "up"))))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidAnalyses")
    void anInvalidAnalysisOfTemplatesIsRejected(Invalid invalid) {
        GenericKubernetesResource resource = parse(PIPELINE, "invalid-" + NAMES.incrementAndGet());
        invalid.change().accept(spec(resource));

        assertThat(rejected(resource)).contains(invalid.expected());
    }

    @Test
    void theSameNameAtBothScopesIsTwoTemplates() {
        GenericKubernetesResource resource = parse(PIPELINE, "both-scopes");
        list(analysis(spec(resource)), "templates").get(1).put("name", "http-errors");

        create(resource);

        assertThat(client.resources(ModelPipeline.class).inNamespace(namespace).withName("both-scopes").get()).isNotNull();
    }

    @Test
    void aRevisionsFrozenTemplateRecordIsKeptAsWritten() {
        ModelRevision revision = client.getKubernetesSerialization().unmarshal("""
                apiVersion: modelgate.io/v1alpha1
                kind: ModelRevision
                metadata:
                  name: churn-r1
                spec:
                  pipeline: churn
                  number: 1
                  contentHash: abc
                  trigger: Initial
                  model: churn
                  source: {trainingImage: "registry.example/churn-train:1.0", dataRef: "s3://data/churn"}
                  evaluation: {template: {spec: {containers: [{name: e, image: i}]}}}
                  serving: {template: {spec: {containers: [{name: s, image: i}]}}}
                  artifactUri: s3://models/churn/r1
                  workloads: {trainingJob: churn-r1-train, evaluationJob: churn-r1-eval, deployment: churn-r1}
                """, ModelRevision.class);
        revision.getMetadata().setNamespace(namespace);
        ModelRevision created = client.resources(ModelRevision.class).inNamespace(namespace).resource(revision).create();
        created.setStatus(client.getKubernetesSerialization().unmarshal("""
                phase: RollingOut
                rollout:
                  strategy: Canary
                  attempt: 1
                  analysisTemplates:
                    - analysis: health
                      name: http-errors
                      resourceVersion: "4711"
                      generation: 3
                      metrics:
                        error-rate:
                          name: error-rate
                          max: 0.05
                          prometheus: {query: "x{service=\\"churn-api\\",token=\\"{{args.token}}\\"}"}
                      secretArgs:
                        - {name: token, secretName: scorer, key: token}
                """, io.modelgate.api.ModelRevisionStatus.class));

        client.resources(ModelRevision.class).inNamespace(namespace).resource(created).updateStatus();

        var frozen = client.resources(ModelRevision.class).inNamespace(namespace).withName("churn-r1").get().getStatus().getRollout().getAnalysisTemplates();
        assertThat(frozen).singleElement().satisfies(t -> {
            assertThat(t.getResourceVersion()).isEqualTo("4711");
            assertThat(t.getGeneration()).isEqualTo(3L);
            assertThat(t.getMetrics().get("error-rate").getPrometheus().getQuery()).contains("churn-api", "{{args.token}}");
            assertThat(t.getSecretArgs()).singleElement().satisfies(s -> assertThat(s.getSecretName()).isEqualTo("scorer"));
        });
    }
}
