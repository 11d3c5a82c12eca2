package io.modelgate.it;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.podsecurity.PodSecurityLevel;
import io.modelgate.status.Conditions;
import io.modelgate.testing.PodSecurityCorpus;
import io.modelgate.testing.Pipelines;
import io.modelgate.testing.RealApiServer;
import io.modelgate.testing.TestOperator;
import io.modelgate.testing.WorkloadSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The operator's Pod Security level on a real kube-apiserver + etcd, with the reconciler in a plain Java Operator SDK
 * operator: a violating pipeline is refused (InvalidSpec, a Warning Event, nothing created, the stable revision
 * untouched); and a namespace that enforces {@code restricted} while the operator allows {@code baseline}: what the
 * API server does with the Job Modelgate creates (accepted, with a warning) and with its pods (forbidden), what
 * Modelgate reports then, and what the operator set to {@code restricted} reports instead. No controllers run here,
 * so the pods the Job controller would create are created by the test, as it would create them.
 */
@Tag("integration")
class PodSecurityOnApiServerTest {

    @RegisterExtension
    static final RealApiServer API = new RealApiServer();

    static final String AUC_OK = "{\"auc\":0.93}";
    static final AtomicInteger NAMESPACES = new AtomicInteger();
    static KubernetesClient client;

    final List<TestOperator> operators = new ArrayList<>();
    final List<String> namespaces = new ArrayList<>();

    @BeforeAll
    static void installCrds() {
        client = API.client();
        Crds.install(client);
    }

    @AfterEach
    void stopOperators() {
        operators.forEach(TestOperator::stop);
        // No garbage collector runs here: delete the pipelines so that later tests' operators have nothing left to reconcile.
        namespaces.forEach(ns -> client.resources(ModelPipeline.class).inNamespace(ns).delete());
    }

    @Test
    void aPipelineAboveTheLevelIsInvalidSpecWithAWarningEventAndNothingIsCreatedWhileTheStableRevisionKeepsServing() {
        String ns = namespace(null);
        TestOperator operator = operator(PodSecurityLevel.Baseline);
        WorkloadSimulator cluster = new WorkloadSimulator(client, ns);
        client.resources(ModelPipeline.class).inNamespace(ns).resource(Pipelines.fraud("fraud", ns)).create();
        cluster.succeed("fraud-r1-train", null);
        cluster.succeed("fraud-r1-eval", AUC_OK);
        cluster.makeAvailable("fraud-r1");
        awaitPipeline(ns, "fraud", p -> "Serving".equals(p.getStatus().getPhase()));
        String stableVersion = client.apps().deployments().inNamespace(ns).withName("fraud-r1").get().getMetadata().getResourceVersion();

        PodSecurityCorpus.Case issue = PodSecurityCorpus.cases().get(0);
        client.resources(ModelPipeline.class).inNamespace(ns).withName("fraud")
                .edit(p -> { p.getSpec().getServing().setTemplate(issue.templateCopy()); return p; });

        ModelPipeline invalid = awaitPipeline(ns, "fraud", p -> "Invalid".equals(p.getStatus().getPhase()));
        for (PodSecurityCorpus.Condition expected : PodSecurityCorpus.outcome().conditions()) {
            var condition = Conditions.find(invalid.getStatus().getConditions(), expected.type()).orElseThrow();
            assertThat(condition.getStatus()).as(expected.type()).isEqualTo(expected.status());
            assertThat(condition.getReason()).isEqualTo(expected.reason());
            assertThat(condition.getMessage()).contains("above Pod Security \"baseline\"").endsWith("; fraud-r1 keeps serving");
            issue.baseline().forEach(field -> assertThat(condition.getMessage()).contains(field + " "));
        }
        Event event = await().atMost(WorkloadSimulator.TIMEOUT).until(() -> events(ns).stream()
                .filter(e -> "InvalidSpec".equals(e.getReason())).findFirst().orElse(null), e -> e != null);
        assertThat(event.getType()).isEqualTo(PodSecurityCorpus.outcome().eventType());
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("ModelPipeline");
        issue.baseline().forEach(field -> assertThat(event.getMessage()).contains(field + " "));

        assertThat(invalid.getStatus().getStableRevision()).isEqualTo("fraud-r1");
        assertThat(client.resources(ModelRevision.class).inNamespace(ns).list().getItems()).extracting(r -> r.getMetadata().getName())
                .containsExactly("fraud-r1");
        assertThat(client.batch().v1().jobs().inNamespace(ns).list().getItems()).extracting(j -> j.getMetadata().getName())
                .noneMatch(name -> name.startsWith("fraud-r2"));
        assertThat(client.apps().deployments().inNamespace(ns).list().getItems()).extracting(d -> d.getMetadata().getName())
                .containsExactly("fraud-r1");
        assertThat(client.apps().deployments().inNamespace(ns).withName("fraud-r1").get().getMetadata().getResourceVersion())
                .as("the stable Deployment is not touched").isEqualTo(stableVersion);
        assertThat(operator.metric("modelgate_reconcile_total", "result", "error")).isZero();
    }

    /** The defaults are restricted for the real Pod Security admission too: the pods of what Modelgate creates are admitted. */
    @Test
    void inANamespaceEnforcingRestrictedThePodsOfATemplateThatSaysNothingAboutSecurityAreAdmitted() {
        String ns = namespace("restricted");
        operator(PodSecurityLevel.Baseline);
        WorkloadSimulator cluster = new WorkloadSimulator(client, ns);
        client.resources(ModelPipeline.class).inNamespace(ns).resource(Pipelines.fraud("fraud", ns)).create();

        Job training = cluster.awaitJob("fraud-r1-train");
        assertThat(createPodOf(ns, training.getSpec().getTemplate())).as("the training pod").isNotNull();
        cluster.succeed("fraud-r1-train", null);
        assertThat(createPodOf(ns, cluster.awaitJob("fraud-r1-eval").getSpec().getTemplate())).as("the evaluation pod").isNotNull();
        cluster.succeed("fraud-r1-eval", AUC_OK);
        Deployment serving = cluster.awaitDeployment("fraud-r1");
        assertThat(createPodOf(ns, serving.getSpec().getTemplate())).as("a serving pod").isNotNull();
    }

    /**
     * The operator allows baseline, the namespace enforces restricted: the operator checks its own level only, so a
     * pod running as root is created as a Job. The API server accepts the Job with a warning and forbids its pods; the
     * revision then waits in Training (the Job controller records FailedCreate on the Job; no controller runs here).
     */
    @Test
    void inANamespaceEnforcingRestrictedABaselineTemplateGetsItsJobButTheApiServerForbidsItsPods() throws Exception {
        String ns = namespace("restricted");
        TestOperator operator = operator(PodSecurityLevel.Baseline);
        WorkloadSimulator cluster = new WorkloadSimulator(client, ns);
        client.resources(ModelPipeline.class).inNamespace(ns).resource(runsAsRoot(ns)).create();

        Job training = cluster.awaitJob("fraud-r1-train");

        // Pod Security admission checks Jobs only for warn and audit (warn defaults to the enforced level): a warning.
        Job copy = copyNamed(training, "fraud-r1-train-again");
        // What the API server added to the one it stored (the generated selector and its labels) is left out again.
        copy.getSpec().setSelector(null);
        copy.getSpec().getTemplate().getMetadata().getLabels().keySet().removeIf(key -> key.contains("controller-uid") || key.contains("job-name"));
        copy.setStatus(null);
        HttpResponse<String> again = createDryRunRaw("/apis/batch/v1/namespaces/" + ns + "/jobs", copy);
        assertThat(again.code()).isEqualTo(201);
        assertThat(String.join("\n", again.headers("Warning")))
                .startsWith("299 - ").contains("would violate PodSecurity \\\"restricted:latest\\\"")
                .contains("runAsUser=0 (pod must not set runAsUser=0)");
        // On the pods it enforces: the Job controller's create is refused.
        assertThatThrownBy(() -> createPodOf(ns, training.getSpec().getTemplate()))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(403);
                    assertThat(e.getStatus().getMessage()).contains("violates PodSecurity \"restricted:latest\"")
                            .contains("runAsNonRoot != true").contains("runAsUser=0");
                });
        // What Modelgate reports: nothing is wrong with the spec at its level; the revision waits for its Job.
        await().atMost(WorkloadSimulator.TIMEOUT).until(() -> client.resources(ModelRevision.class).inNamespace(ns).withName("fraud-r1").get(),
                r -> r.getStatus() != null && "Training".equals(r.getStatus().getPhase()));
        ModelPipeline pipeline = awaitPipeline(ns, "fraud", p -> "Training".equals(p.getStatus().getPhase()));
        assertThat(Conditions.isTrue(pipeline.getStatus().getConditions(), Conditions.DEGRADED)).isFalse();
        assertThat(events(ns)).noneMatch(e -> "InvalidSpec".equals(e.getReason()));
        assertThat(operator.metric("modelgate_reconcile_total", "result", "error")).isZero();
    }

    /** The same pipeline and namespace with the operator set to restricted: refused before anything exists, naming the fields. */
    @Test
    void withTheOperatorAtRestrictedTheSameTemplateIsInvalidSpecBeforeAnyJobExists() {
        String ns = namespace("restricted");
        operator(PodSecurityLevel.Restricted);
        client.resources(ModelPipeline.class).inNamespace(ns).resource(runsAsRoot(ns)).create();

        ModelPipeline invalid = awaitPipeline(ns, "fraud", p -> "Invalid".equals(p.getStatus().getPhase()));
        assertThat(Conditions.find(invalid.getStatus().getConditions(), Conditions.DEGRADED).orElseThrow().getMessage())
                .contains("above Pod Security \"restricted\", the highest level this operator creates")
                .contains("training.template.spec.securityContext.runAsUser must not be 0")
                .contains("training.template.spec.securityContext.runAsNonRoot must be true");
        assertThat(client.resources(ModelRevision.class).inNamespace(ns).list().getItems()).isEmpty();
        assertThat(client.batch().v1().jobs().inNamespace(ns).list().getItems()).isEmpty();
    }

    // --- helpers ---

    private TestOperator operator(PodSecurityLevel level) {
        TestOperator operator = new TestOperator(client, true).withPodSecurityLevel(level).start();
        operators.add(operator);
        return operator;
    }

    /** A fresh namespace, labelled to enforce {@code enforce} (null: no label, so privileged). */
    private String namespace(String enforce) {
        String name = "podsec-" + NAMESPACES.incrementAndGet();
        var builder = new NamespaceBuilder().withNewMetadata().withName(name).endMetadata();
        if (enforce != null) {
            builder.editMetadata().addToLabels("pod-security.kubernetes.io/enforce", enforce).endMetadata();
        }
        client.namespaces().resource(builder.build()).create();
        namespaces.add(name);
        return name;
    }

    /** The fraud pipeline whose training runs as root: baseline allows it, restricted does not. */
    private static ModelPipeline runsAsRoot(String ns) {
        ModelPipeline pipeline = Pipelines.fraud("fraud", ns);
        pipeline.getSpec().getTraining().setTemplate(client.getKubernetesSerialization().unmarshal(
                "{\"spec\": {\"securityContext\": {\"runAsUser\": 0}, \"containers\": [{\"name\": \"train\"}]}}", PodTemplateSpec.class));
        return pipeline;
    }

    /** A pod as the Job or ReplicaSet controller makes it from {@code template} (a dry run: nothing runs it here). */
    private static Pod createPodOf(String ns, PodTemplateSpec template) {
        Pod pod = new PodBuilder().withMetadata(template.getMetadata()).withSpec(template.getSpec()).build();
        pod.getMetadata().setName("pod-of-template-" + NAMESPACES.incrementAndGet());
        pod.getMetadata().setNamespace(ns);
        return client.pods().inNamespace(ns).resource(pod).dryRun().create();
    }

    private static <T extends HasMetadata> T copyNamed(T object, String name) {
        @SuppressWarnings("unchecked")
        T copy = (T) client.getKubernetesSerialization().unmarshal(client.getKubernetesSerialization().asJson(object), object.getClass());
        copy.getMetadata().setName(name);
        copy.getMetadata().setResourceVersion(null);
        copy.getMetadata().setUid(null);
        copy.getMetadata().setManagedFields(null);
        copy.getMetadata().setCreationTimestamp(null);
        return copy;
    }

    /** A dry-run create through the client's HTTP client, to read the response's Warning headers (Fabric8 only logs them). */
    private static HttpResponse<String> createDryRunRaw(String path, HasMetadata object) throws Exception {
        var http = client.getHttpClient();
        String base = client.getMasterUrl().toString().replaceAll("/$", "");
        var request = http.newHttpRequestBuilder().uri(base + path + "?dryRun=All")
                .post("application/json", client.getKubernetesSerialization().asJson(object)).build();
        return http.sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
    }

    private static List<Event> events(String ns) {
        return client.v1().events().inNamespace(ns).list().getItems();
    }

    private static ModelPipeline awaitPipeline(String ns, String name, Predicate<ModelPipeline> condition) {
        return await().atMost(WorkloadSimulator.TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> client.resources(ModelPipeline.class).inNamespace(ns).withName(name).get(),
                        p -> p != null && p.getStatus() != null && condition.test(p));
    }
}
