package io.modelgate.e2e;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.status.Conditions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pod security end to end, with the controllers that make the pods: the chart's default level (baseline) in a
 * namespace that enforces {@code restricted}. The fraud-detection example, which says nothing about security,
 * runs to serving: the Job controller and the ReplicaSet controller create its pods and Pod Security admission
 * admits them. A training template running as root, which baseline allows, gets its Job; the Job controller's pod
 * creates are forbidden (Event FailedCreate on the Job), and the operator, which watches those Events, fails the
 * revision with the server's message and deletes the Job. A quota that refuses pods holds a revision, saying why,
 * until it allows them. The issue's privileged template is refused with InvalidSpec before
 * anything exists. An operator started with a level that is not one exits at once, saying why.
 */
@ModelgateE2e
class PodSecurityE2eTest {

    static final String NAMESPACE = "ml-restricted";
    static final String QUOTA_NAMESPACE = "ml-quota";
    static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("modelgate.e2e.timeoutSeconds", 180));

    static E2eEnvironment env;

    @BeforeAll
    static void restrictedNamespace(E2eEnvironment environment) {
        env = environment;
        assertThat(env.installation().operatorEnv()).containsEntry("MODELGATE_POD_SECURITY_LEVEL", "baseline");
        env.admin().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE)
                .addToLabels("pod-security.kubernetes.io/enforce", "restricted").endMetadata().build()).create();
    }

    @Test
    void theExampleRunsToServingInANamespaceEnforcingRestricted() throws Exception {
        String example = Files.readString(env.repo().resolve("examples/fraud-detection.yaml")).replace("namespace: default", "namespace: " + NAMESPACE);
        apply(example);

        await("fraud-detection-r1 Promoted").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(phase("fraud-detection-r1")).isEqualTo("Promoted"));
        List<Pod> serving = env.admin().pods().inNamespace(NAMESPACE).withLabel("modelgate.io/revision", "fraud-detection-r1")
                .withLabel("modelgate.io/role", "serving").list().getItems();
        assertThat(serving).as("serving pods made by the ReplicaSet controller, admitted by Pod Security").hasSize(2)
                .allSatisfy(pod -> {
                    assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
                    assertThat(pod.getSpec().getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
                });
        assertThat(events("Job", "fraud-detection-r1-train")).noneMatch(e -> "FailedCreate".equals(e.getReason()));
    }

    @Test
    void aTemplateTheOperatorsLevelAllowsButTheNamespaceForbidsFailsWithTheServersMessageOnceItsPodsAreRefused() {
        apply(pipeline("as-root", NAMESPACE, """
                    template:
                      spec:
                        securityContext: {runAsUser: 0}
                        containers: [{name: train}]
                """));

        Event failed = await("FailedCreate on the training Job").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> events(NAMESPACE, "Job", "as-root-r1-train").stream().filter(e -> "FailedCreate".equals(e.getReason())).findFirst().orElse(null),
                        e -> e != null);
        E2e.log("the Job controller: %s", failed.getMessage());
        assertThat(failed.getMessage()).contains("violates PodSecurity \"restricted:latest\"").contains("runAsUser=0");

        // The spec is fine at the operator's level; the namespace refuses the pods, and the revision says so.
        ModelRevision revision = await("as-root-r1 Failed").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> revision(NAMESPACE, "as-root-r1"), r -> r != null && r.getStatus() != null && "Failed".equals(r.getStatus().getPhase()));
        assertThat(revision.getStatus().getReason()).isEqualTo("PodSecurityRefused");
        assertThat(revision.getStatus().getMessage()).contains("refused the pods of the training Job", "violates PodSecurity", "runAsUser=0");
        assertThat(Conditions.find(revision.getStatus().getConditions(), Conditions.STALLED).orElseThrow().getReason()).isEqualTo("PodSecurityRefused");
        assertThat(events(NAMESPACE, "ModelRevision", "as-root-r1")).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("PodSecurityRefused");
            assertThat(e.getType()).isEqualTo("Warning");
        });
        await("the refused Job deleted").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(env.admin().batch().v1().jobs().inNamespace(NAMESPACE).withName("as-root-r1-train").get()).isNull());
        assertThat(env.admin().pods().inNamespace(NAMESPACE).withLabel("modelgate.io/revision", "as-root-r1").list().getItems())
                .as("no pod of it ever existed").isEmpty();
    }

    @Test
    void aJobHeldByAQuotaWaitsSayingWhyAndGoesOnWhenTheQuotaAllows() {
        env.admin().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(QUOTA_NAMESPACE).endMetadata().build()).create();
        env.admin().resourceQuotas().inNamespace(QUOTA_NAMESPACE).resource(new ResourceQuotaBuilder().withNewMetadata().withName("no-pods").endMetadata()
                .withNewSpec().addToHard("pods", new Quantity("0")).endSpec().build()).create();
        await("the quota counted").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
            ResourceQuota quota = env.admin().resourceQuotas().inNamespace(QUOTA_NAMESPACE).withName("no-pods").get();
            return quota.getStatus() != null && quota.getStatus().getHard() != null && quota.getStatus().getHard().containsKey("pods");
        });
        apply(pipeline("held", QUOTA_NAMESPACE, ""));

        ModelRevision held = await("held-r1 waits with PodsNotCreated").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> revision(QUOTA_NAMESPACE, "held-r1"), r -> r != null && r.getStatus() != null && "PodsNotCreated".equals(r.getStatus().getReason()));
        E2e.log("held by the quota: %s", held.getStatus().getMessage());
        assertThat(held.getStatus().getPhase()).isEqualTo("Training");
        assertThat(held.getStatus().getMessage()).contains("training Job cannot create its pods yet", "exceeded quota: no-pods");
        assertThat(Conditions.find(held.getStatus().getConditions(), Conditions.RECONCILING).orElseThrow().getReason()).isEqualTo("PodsNotCreated");
        assertThat(events(QUOTA_NAMESPACE, "ModelRevision", "held-r1")).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("PodsNotCreated");
            assertThat(e.getType()).isEqualTo("Warning");
        });

        env.admin().resourceQuotas().inNamespace(QUOTA_NAMESPACE).withName("no-pods").delete();
        await("held-r1 Promoted once the quota is gone").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(revision(QUOTA_NAMESPACE, "held-r1").getStatus().getPhase()).isEqualTo("Promoted"));
        assertThat(revision(QUOTA_NAMESPACE, "held-r1").getStatus().getTransitions()).extracting(t -> t.getPhase())
                .containsSubsequence("Training", "Evaluating", "Promoted");
    }

    @Test
    void theIssuesPrivilegedTemplateIsInvalidSpecAndNothingIsCreated() {
        apply(pipeline("privileged", NAMESPACE, """
                    template:
                      spec:
                        hostPID: true
                        hostNetwork: true
                        containers:
                          - name: train
                            securityContext: {privileged: true}
                            volumeMounts: [{name: root, mountPath: /host}]
                        volumes: [{name: root, hostPath: {path: /}}]
                """));

        await("privileged Invalid").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            ModelPipeline pipeline = env.admin().resources(ModelPipeline.class).inNamespace(NAMESPACE).withName("privileged").get();
            assertThat(pipeline.getStatus()).isNotNull();
            assertThat(pipeline.getStatus().getPhase()).isEqualTo("Invalid");
            assertThat(Conditions.find(pipeline.getStatus().getConditions(), Conditions.DEGRADED).orElseThrow().getMessage())
                    .contains("training.template.spec.hostNetwork must not be true", "training.template.spec.hostPID must not be true",
                            "training.template.spec.containers[0].securityContext.privileged must not be true",
                            "training.template.spec.volumes[0].hostPath (volume \"root\") is not allowed");
        });
        assertThat(events("ModelPipeline", "privileged")).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("InvalidSpec");
            assertThat(e.getType()).isEqualTo("Warning");
        });
        assertThat(env.admin().resources(ModelRevision.class).inNamespace(NAMESPACE).list().getItems())
                .noneMatch(r -> r.getSpec().getPipeline().equals("privileged"));
        assertThat(env.admin().batch().v1().jobs().inNamespace(NAMESPACE).list().getItems())
                .noneMatch(j -> j.getMetadata().getName().startsWith("privileged-"));
    }

    @Test
    void anOperatorGivenALevelThatIsNotOneExitsAtStartSayingWhy() {
        Path kubeconfig = env.installation().writeServiceAccountKubeconfig(env.admin(), env.cluster().kubeconfig(),
                env.logDir().resolve("bad-level.kubeconfig"));
        Map<String, String> operatorEnv = new HashMap<>(env.installation().operatorEnv());
        operatorEnv.put("MODELGATE_POD_SECURITY_LEVEL", "Restricted");
        try (OperatorProcess bad = OperatorProcess.start(env.repo(), kubeconfig, operatorEnv, env.logDir().resolve("operator-bad-level.log"))) {
            int exit = bad.awaitExit(Duration.ofMinutes(2));

            assertThat(exit).isNotZero();
            // The chart's logFormat is json: the exception is a JSON string there, its quotes escaped.
            assertThat(bad.logText().replace("\\\"", "\"")).contains("Failed to start application").contains("modelgate.pod-security.level (MODELGATE_POD_SECURITY_LEVEL) is \"Restricted\"; "
                    + "it must be one of baseline, privileged, restricted");
        }
        assertThat(env.operator().isAlive()).as("the operator with a valid level runs on").isTrue();
    }

    // --- helpers ---

    /** The minimal example under another name, with {@code training} as given (indented as under spec.training). */
    static String pipeline(String name, String namespace, String trainingTemplate) {
        return """
                apiVersion: modelgate.io/v1alpha1
                kind: ModelPipeline
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  model: churn
                  source:
                    trainingImage: registry.example/churn-train:0.3.0
                    dataRef: bq://analytics.churn_features@2026-11-20
                  training:
                    artifactUri: gs://example-models/churn/{revision}
                %s
                  evaluation:
                    template:
                      metadata:
                        annotations:
                          modelgate.io/simulated-termination-message: '{"f1": 0.81}'
                      spec:
                        containers: [{name: evaluate, image: registry.example/churn-eval:0.3.0}]
                    gates: [{metric: f1, min: 0.75}]
                  serving:
                    template:
                      spec:
                        containers: [{name: server, image: registry.example/model-server:3.2.0}]
                """.formatted(name, namespace, trainingTemplate.stripTrailing());
    }

    static void apply(String yaml) {
        try {
            Path file = Files.createTempFile(env.logDir(), "pipeline-", ".yaml");
            Files.writeString(file, yaml);
            env.cluster().kubectlOk("apply", "-f", file.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String phase(String revision) {
        ModelRevision found = revision(NAMESPACE, revision);
        return found == null || found.getStatus() == null ? null : found.getStatus().getPhase();
    }

    static ModelRevision revision(String namespace, String name) {
        return env.admin().resources(ModelRevision.class).inNamespace(namespace).withName(name).get();
    }

    static List<Event> events(String kind, String name) {
        return events(NAMESPACE, kind, name);
    }

    static List<Event> events(String namespace, String kind, String name) {
        return env.admin().v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> kind.equals(e.getInvolvedObject().getKind()) && name.equals(e.getInvolvedObject().getName())).toList();
    }
}
