package io.modelgate.e2e;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
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
 * creates are forbidden (Event FailedCreate on the Job) and the revision waits in Training, because the operator
 * checks its own level, not the namespace's. The issue's privileged template is refused with InvalidSpec before
 * anything exists. An operator started with a level that is not one exits at once, saying why.
 */
@ModelgateE2e
class PodSecurityE2eTest {

    static final String NAMESPACE = "ml-restricted";
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
    void aTemplateTheOperatorsLevelAllowsButTheNamespaceForbidsGetsItsJobWhosePodsAreForbidden() {
        apply(pipeline("as-root", """
                    template:
                      spec:
                        securityContext: {runAsUser: 0}
                        containers: [{name: train}]
                """));

        Event failed = await("FailedCreate on the training Job").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> events("Job", "as-root-r1-train").stream().filter(e -> "FailedCreate".equals(e.getReason())).findFirst().orElse(null),
                        e -> e != null);
        E2e.log("the Job controller: %s", failed.getMessage());
        assertThat(failed.getMessage()).contains("violates PodSecurity \"restricted:latest\"").contains("runAsUser=0");
        assertThat(env.admin().pods().inNamespace(NAMESPACE).withLabel("modelgate.io/revision", "as-root-r1").list().getItems())
                .as("no pod of the Job exists").isEmpty();
        // What Modelgate reports: the spec is fine at its level; the revision waits for its Job.
        assertThat(phase("as-root-r1")).isEqualTo("Training");
        ModelPipeline pipeline = env.admin().resources(ModelPipeline.class).inNamespace(NAMESPACE).withName("as-root").get();
        assertThat(Conditions.isTrue(pipeline.getStatus().getConditions(), Conditions.DEGRADED)).isFalse();
    }

    @Test
    void theIssuesPrivilegedTemplateIsInvalidSpecAndNothingIsCreated() {
        apply(pipeline("privileged", """
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
    static String pipeline(String name, String trainingTemplate) {
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
                """.formatted(name, NAMESPACE, trainingTemplate.stripTrailing());
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
        ModelRevision found = env.admin().resources(ModelRevision.class).inNamespace(NAMESPACE).withName(revision).get();
        return found == null || found.getStatus() == null ? null : found.getStatus().getPhase();
    }

    static List<Event> events(String kind, String name) {
        return env.admin().v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(e -> kind.equals(e.getInvolvedObject().getKind()) && name.equals(e.getInvolvedObject().getName())).toList();
    }
}
