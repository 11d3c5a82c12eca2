package io.modelgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.modelgate.api.GateVerdict;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.ModelRevisionSpec;
import io.modelgate.api.PhaseTransition;
import io.modelgate.testing.Kstatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * examples/fraud-detection.yaml on the local simulated cluster, with the chart's RBAC and the operator as a
 * process: the first revision all the way to serving, a second one rejected by its evaluation gates while the
 * first keeps serving untouched, a manual retrain, and the operator's metrics.
 */
@ModelgateE2e
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FraudDetectionE2eTest {

    private static final String NAMESPACE = "default";
    private static final String PIPELINE = "fraud-detection";
    private static final String R1 = PIPELINE + "-r1";
    /** The evaluation result examples/fraud-detection.yaml simulates: every gate passes. */
    private static final String PASSING_EVALUATION = "{\"auc\": 0.947, \"precision\": 0.91, \"recall\": 0.83, \"latency_p99_ms\": 14}";
    private static final String R2 = PIPELINE + "-r2";
    private static final String R3 = PIPELINE + "-r3";
    private static final String SERVICE = "fraud-detector";
    private static final int REPLICAS = 2;
    private static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("modelgate.e2e.timeoutSeconds", 180));
    private static final String FAILING_EVALUATION = "{\"auc\": 0.71, \"precision\": 0.62, \"recall\": 0.80, \"latency_p99_ms\": 15}";

    private static E2eEnvironment env;
    /** The scenarios build on each other: a later one is skipped, not failed, when an earlier one failed. */
    private static int passed;
    private static Map<String, String> r1Pods;

    @BeforeAll
    static void environment(E2eEnvironment environment) {
        env = environment;
    }

    @Test
    @Order(1)
    void exampleGoesFromDataValidationToServing() {
        long start = System.nanoTime();
        env.timings().time("(a) kubectl apply -f examples/fraud-detection.yaml",
                () -> env.cluster().kubectlOk("apply", "-f", env.repo().resolve("examples/fraud-detection.yaml").toString()));

        PhaseTracker tracker = new PhaseTracker(R1, start);
        ModelRevision r1 = env.timings().time("(a) r1 Pending -> Promoted (validate, train, evaluate, deploy)", () -> {
            await("r1 Promoted").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                ModelRevision revision = tracker.poll();
                assertThat(revision).as("ModelRevision %s", R1).isNotNull();
                assertThat(phase(revision)).as("phase of %s (%s)", R1, describe(revision)).isEqualTo("Promoted");
            });
            return revision(R1);
        });
        printTransitions(r1);

        assertThat(r1.getSpec().getTrigger()).isEqualTo(ModelRevisionSpec.Trigger.Initial);
        assertThat(r1.getStatus().getValidationMetrics()).containsEntry("rows", 1_250_000.0);
        assertThat(r1.getStatus().getMetrics()).containsEntry("auc", 0.947);
        assertThat(r1.getStatus().getGates()).isNotEmpty().allMatch(v -> v.getResult() == GateVerdict.Result.Passed, "every gate passed");
        assertThat(r1.getStatus().getTransitions()).extracting(PhaseTransition::getPhase)
                .containsSubsequence("Validating", "Training", "Evaluating", "RollingOut", "Promoted");
        for (String suffix : List.of("validate", "train", "eval")) {
            Job job = env.admin().batch().v1().jobs().inNamespace(NAMESPACE).withName(R1 + "-" + suffix).get();
            assertThat(job).as("Job %s-%s", R1, suffix).isNotNull();
            assertThat(job.getStatus().getSucceeded()).as("succeeded pods of Job %s", job.getMetadata().getName()).isEqualTo(1);
            assertThat(job.getMetadata().getOwnerReferences()).as("owner of Job %s", job.getMetadata().getName())
                    .anyMatch(o -> o.getKind().equals("ModelRevision") && o.getName().equals(R1));
        }

        env.timings().time("(a) serving Deployment " + R1 + " " + REPLICAS + "/" + REPLICAS + " ready", () ->
                await("Deployment " + R1 + " ready").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    Deployment deployment = env.admin().apps().deployments().inNamespace(NAMESPACE).withName(R1).get();
                    assertThat(deployment).as("Deployment %s", R1).isNotNull();
                    assertThat(deployment.getSpec().getReplicas()).isEqualTo(REPLICAS);
                    assertThat(deployment.getStatus()).as("status of Deployment %s", R1).isNotNull();
                    assertThat(deployment.getStatus().getReadyReplicas()).as("ready replicas of %s", R1).isEqualTo(REPLICAS);
                }));
        Service service = env.admin().services().inNamespace(NAMESPACE).withName(SERVICE).get();
        assertThat(service).as("Service %s", SERVICE).isNotNull();
        assertThat(service.getSpec().getPorts()).anyMatch(p -> p.getPort() == 8080);

        env.timings().time("(a) pipeline Ready=True", () ->
                await("pipeline Ready").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    ModelPipeline pipeline = pipeline();
                    assertThat(pipeline.getStatus()).isNotNull();
                    assertThat(pipeline.getStatus().getObservedGeneration()).isEqualTo(pipeline.getMetadata().getGeneration());
                    assertThat(condition(pipeline, "Ready")).as("Ready condition").hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
                    assertThat(condition(pipeline, "Degraded")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));
                    assertThat(condition(pipeline, "Progressing")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));
                    assertThat(pipeline.getStatus().getStableRevision()).isEqualTo(R1);
                    assertThat(pipeline.getStatus().getPhase()).isEqualTo("Serving");
                }));
        assertThat(Kstatus.ofLive(env.admin(), pipeline()).status()).as("kstatus of the serving pipeline").isEqualTo(Kstatus.Status.Current);
        assertThat(Kstatus.ofLive(env.admin(), revision(R1)).status()).as("kstatus of %s", R1).isEqualTo(Kstatus.Status.Current);
        // What users and GitOps tools run: kstatus-style Ready, read by kubectl itself.
        env.cluster().kubectlOk("wait", "--for=condition=Ready", "mp/" + PIPELINE, "-n", NAMESPACE, "--timeout=60s");

        awaitEvent(R1, "Normal", "Promoted");

        r1Pods = servingPods(R1);
        assertThat(r1Pods).hasSize(REPLICAS);
        E2e.log("(a) done in %.1f s after apply; r1 serving pods %s%n%s", seconds(start), r1Pods, kubectlGetAll());
        passed = 1;
    }

    @Test
    @Order(2)
    void revisionFailingItsEvaluationIsRejectedAndR1KeepsServingUntouched() {
        assumeTrue(passed >= 1, "needs scenario (a)");
        long start = System.nanoTime();
        String patch = "{\"spec\":{\"source\":{\"dataRef\":\"s3://example-data/transactions/2026-11-08\"},"
                + "\"evaluation\":{\"template\":{\"metadata\":{\"annotations\":{\"modelgate.io/simulated-termination-message\":"
                + quoteJson(FAILING_EVALUATION) + "}}}}}}";
        env.cluster().kubectlOk("patch", "mp/" + PIPELINE, "-n", NAMESPACE, "--type=merge", "-p", patch);

        PhaseTracker tracker = new PhaseTracker(R2, start);
        ModelRevision r2 = env.timings().time("(b) r2 Pending -> Rejected (evaluation gates)", () -> {
            await("r2 Rejected").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                ModelRevision revision = tracker.poll();
                assertThat(revision).as("ModelRevision %s", R2).isNotNull();
                assertThat(phase(revision)).as("phase of %s (%s)", R2, describe(revision)).isEqualTo("Rejected");
            });
            return revision(R2);
        });
        printTransitions(r2);
        assertThat(r2.getSpec().getTrigger()).isEqualTo(ModelRevisionSpec.Trigger.SpecChange);
        assertThat(r2.getSpec().getSource().getDataRef()).isEqualTo("s3://example-data/transactions/2026-11-08");
        assertThat(r2.getStatus().getReason()).isEqualTo("EvaluationGateFailed");
        assertThat(r2.getStatus().getMetrics()).containsEntry("auc", 0.71);
        assertThat(r2.getStatus().getGates())
                .anyMatch(v -> "auc".equals(v.getMetric()) && v.getResult() == GateVerdict.Result.Failed);
        assertThat(env.admin().apps().deployments().inNamespace(NAMESPACE).withName(R2).get())
                .as("a rejected revision never gets a serving Deployment").isNull();

        env.timings().time("(b) pipeline Degraded, r1 still stable", () ->
                await("pipeline Degraded").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    ModelPipeline pipeline = pipeline();
                    assertThat(pipeline.getStatus()).isNotNull();
                    assertThat(pipeline.getStatus().getObservedGeneration()).isEqualTo(pipeline.getMetadata().getGeneration());
                    assertThat(pipeline.getStatus().getStableRevision()).isEqualTo(R1);
                    assertThat(pipeline.getStatus().getCurrentRevision()).isEqualTo(R2);
                    assertThat(condition(pipeline, "Degraded")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
                    assertThat(condition(pipeline, "Ready")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));
                }));
        awaitEvent(PIPELINE, "Warning", "EvaluationGateFailed");
        assertR1ServesUntouched("(b)");
        E2e.log("(b) done in %.1f s after the patch%n%s", seconds(start), kubectlGetAll());
        passed = 2;
    }

    @Test
    @Order(3)
    void retrainAnnotationCreatesRevision3() {
        assumeTrue(passed >= 2, "needs scenarios (a) and (b)");
        long start = System.nanoTime();
        env.cluster().kubectlOk("annotate", "mp/" + PIPELINE, "-n", NAMESPACE, "modelgate.io/action=retrain");

        PhaseTracker tracker = new PhaseTracker(R3, start);
        ModelRevision r3 = env.timings().time("(c) retrain annotation -> r3 ended", () -> {
            await("r3 ended").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                ModelRevision revision = tracker.poll();
                assertThat(revision).as("ModelRevision %s", R3).isNotNull();
                // Same spec as r2, so the same failing evaluation: the retrain is judged like any revision.
                assertThat(phase(revision)).as("phase of %s (%s)", R3, describe(revision)).isEqualTo("Rejected");
            });
            return revision(R3);
        });
        printTransitions(r3);
        assertThat(r3.getSpec().getTrigger()).isEqualTo(ModelRevisionSpec.Trigger.Retrain);
        assertThat(r3.getSpec().getNumber()).isEqualTo(3);
        assertThat(r3.getSpec().getContentHash()).as("a retrain freezes the same spec again").isEqualTo(revision(R2).getSpec().getContentHash());

        await("retrain annotation consumed").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            ModelPipeline pipeline = pipeline();
            Map<String, String> annotations = Optional.ofNullable(pipeline.getMetadata().getAnnotations()).orElse(Map.of());
            assertThat(annotations).doesNotContainKey("modelgate.io/action");
            assertThat(pipeline.getStatus()).isNotNull();
            assertThat(pipeline.getStatus().getLatestRevisionNumber()).isEqualTo(3);
            assertThat(pipeline.getStatus().getCurrentRevision()).isEqualTo(R3);
            assertThat(pipeline.getStatus().getStableRevision()).isEqualTo(R1);
        });
        assertThat(env.admin().resources(ModelRevision.class).inNamespace(NAMESPACE).list().getItems())
                .extracting(r -> r.getMetadata().getName()).containsExactlyInAnyOrder(R1, R2, R3);
        awaitEvent(PIPELINE, "Normal", "RetrainRequested");
        assertR1ServesUntouched("(c)");
        E2e.log("(c) done in %.1f s after the annotation%n%s", seconds(start), kubectlGetAll());
        passed = 3;
    }

    @Test
    @Order(4)
    void metricsCountThePromotion() {
        assumeTrue(passed >= 1, "needs scenario (a)");
        String exposition = env.operator().scrapeMetrics();
        Map<String, Double> transitions = OperatorProcess.samples(exposition, "modelgate_revision_transitions_total");
        E2e.log("(d) modelgate_revision_transitions_total at %s/metrics:%n%s", env.operator().baseUrl(),
                transitions.entrySet().stream().map(e -> "  " + e.getKey() + " " + e.getValue()).collect(Collectors.joining("\n")));
        String ours = "pipeline=\"" + PIPELINE + "\"";
        assertThat(sum(transitions, ours, "phase=\"Promoted\"")).as("Promoted transitions").isEqualTo(1.0);
        if (passed >= 3) {
            assertThat(sum(transitions, ours, "phase=\"Rejected\"")).as("Rejected transitions (r2, r3)").isEqualTo(2.0);
            assertThat(sum(transitions, ours, "phase=\"Pending\"", "reason=\"Retrain\"")).as("revisions created by a retrain").isEqualTo(1.0);
        }
        assertThat(OperatorProcess.samples(exposition, "modelgate_reconcile_total")).containsKey("{result=\"success\",}");
    }

    @Test
    @Order(5)
    void deletingTheServingRevisionKeepsTheModelServingUntilAnotherServes() {
        assumeTrue(passed >= 3, "needs scenarios (a) to (c)");
        long start = System.nanoTime();
        // What Flux and kpt read (the cli-utils kstatus library) of each record and of the pipeline, before the deletion.
        assertThat(Kstatus.ofLive(env.admin(), revision(R1)).status()).as("kstatus of the stable %s", R1).isEqualTo(Kstatus.Status.Current);
        assertThat(Kstatus.ofLive(env.admin(), revision(R2)).status()).as("kstatus of the rejected %s", R2).isEqualTo(Kstatus.Status.Failed);
        assertThat(Kstatus.ofLive(env.admin(), pipeline()).status()).as("kstatus of the pipeline whose newest revision was rejected")
                .isEqualTo(Kstatus.Status.Failed);
        assertThat(revision(R1).getMetadata().getFinalizers()).as("finalizers of the stable %s", R1).contains("modelgate.io/serving");

        env.cluster().kubectlOk("delete", "mrev/" + R1, "-n", NAMESPACE, "--wait=false");

        await("deletion of " + R1 + " held").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            ModelRevision r1 = revision(R1);
            assertThat(r1).as("the serving record %s is still there", R1).isNotNull();
            assertThat(r1.getMetadata().getDeletionTimestamp()).as("deletionTimestamp of %s", R1).isNotNull();
        });
        awaitEvent(R1, "Warning", "DeletionHeld");
        assertR1ServesUntouched("(e)");
        assertThat(env.admin().resources(ModelRevision.class).inNamespace(NAMESPACE).list().getItems())
                .as("no revision is made for a deleted record that is kept")
                .extracting(r -> r.getMetadata().getName()).containsExactlyInAnyOrder(R1, R2, R3);
        E2e.log("(e) kstatus of %s while its deletion is held: %s", R1, Kstatus.ofLive(env.admin(), revision(R1)));

        // Another revision serves (the example's passing evaluation back, new data): the held record is let go, and GC
        // takes its Deployment.
        String patch = "{\"spec\":{\"source\":{\"dataRef\":\"s3://example-data/transactions/2026-11-09\"},"
                + "\"evaluation\":{\"template\":{\"metadata\":{\"annotations\":{\"modelgate.io/simulated-termination-message\":"
                + quoteJson(PASSING_EVALUATION) + "}}}}}}";
        env.cluster().kubectlOk("patch", "mp/" + PIPELINE, "-n", NAMESPACE, "--type=merge", "-p", patch);
        String r4 = PIPELINE + "-r4";
        env.timings().time("(e) r4 Promoted; the deleted " + R1 + " and its Deployment gone", () ->
                await("r4 Promoted and r1 gone").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    ModelRevision revision = revision(r4);
                    assertThat(revision).as("ModelRevision %s", r4).isNotNull();
                    assertThat(phase(revision)).as("phase of %s (%s)", r4, describe(revision)).isEqualTo("Promoted");
                    assertThat(revision(R1)).as("the released record %s", R1).isNull();
                    assertThat(env.admin().apps().deployments().inNamespace(NAMESPACE).withName(R1).get()).as("Deployment %s", R1).isNull();
                }));
        assertThat(revision(r4).getSpec().getTrigger()).isEqualTo(ModelRevisionSpec.Trigger.SpecChange);
        env.cluster().kubectlOk("wait", "--for=condition=Ready", "mp/" + PIPELINE, "-n", NAMESPACE, "--timeout=60s");
        env.cluster().kubectlOk("wait", "--for=condition=Ready", "mrev/" + r4, "-n", NAMESPACE, "--timeout=60s");
        assertThat(Kstatus.ofLive(env.admin(), revision(r4)).status()).isEqualTo(Kstatus.Status.Current);
        assertThat(Kstatus.ofLive(env.admin(), pipeline()).status()).isEqualTo(Kstatus.Status.Current);
        assertThat(Kstatus.ofLive(env.admin(), revision(R3)).status()).isEqualTo(Kstatus.Status.Failed);
        E2e.log("(e) done in %.1f s after the delete%n%s", seconds(start), kubectlGetAll());
    }

    @Test
    @Order(6)
    void operatorRanWithTheChartsPermissionsWithoutDenials() {
        assumeTrue(passed >= 1, "needs scenario (a)");
        assertThat(env.operator().isAlive()).as("operator process alive").isTrue();
        String log = env.operator().logText();
        List<String> problems = log.lines()
                .filter(l -> l.toLowerCase().contains("forbidden") || l.contains(" ERROR ") || l.contains("\"level\":\"ERROR\"")
                        || l.contains("could not record event") || l.contains("ReconcileError"))
                .limit(20)
                .toList();
        assertThat(problems).as("RBAC denials or errors in %s", env.operator().log()).isEmpty();
    }

    @Test
    @Order(8)
    void logLinesAreJsonWithThePipelineInTheMdcWhenTheChartSaysSo() throws Exception {
        assumeTrue(passed >= 1, "needs scenario (a)");
        assumeTrue("true".equals(env.installation().operatorEnv().get("QUARKUS_LOG_CONSOLE_JSON_ENABLED")), "the chart's logFormat is json");
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : env.operator().logText().lines().filter(l -> !l.isBlank()).toList()) {
            JsonNode node = json.readTree(line);
            assertThat(node.isObject()).as("a JSON object per line: %s", line).isTrue();
            assertThat(node.has("timestamp") && node.has("level") && node.has("loggerName") && node.has("message")).as(line).isTrue();
            lines.add(node);
        }
        // An Event logged by the reconciler while JOSDK reconciled the pipeline carries the pipeline in the MDC.
        assertThat(lines).filteredOn(n -> n.path("loggerName").asText().startsWith("io.modelgate."))
                .anySatisfy(n -> {
                    assertThat(n.path("mdc").path("resource.name").asText()).isEqualTo(PIPELINE);
                    assertThat(n.path("mdc").path("resource.namespace").asText()).isEqualTo(NAMESPACE);
                    assertThat(n.path("mdc").path("resource.kind").asText()).isEqualTo("ModelPipeline");
                });
        E2e.log("(g) %d JSON log lines; e.g. %s", lines.size(), lines.stream()
                .filter(n -> n.path("mdc").has("resource.name")).findFirst().map(JsonNode::toString).orElse("-"));
    }

    @Test
    @Order(7)
    void theOperatorHoldsTheLeaderLeaseInItsNamespace() {
        assumeTrue("true".equals(env.installation().operatorEnv().get("MODELGATE_LEADER_ELECTION_ENABLED")),
                "the chart runs the operator with leader election");
        String holder = env.installation().operatorEnv().get("POD_NAME");
        assertThat(holder).isEqualTo(ModelgateInstallation.OPERATOR_PROCESS_NAME);
        // It reconciled (scenario a), so it led; it renews every 2 s, so the Lease stays fresh.
        await("Lease modelgate-operator-lease held by " + holder).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    Lease lease = env.admin().leases().inNamespace(ModelgateInstallation.NAMESPACE).withName("modelgate-operator-lease").get();
                    assertThat(lease).as("Lease %s/modelgate-operator-lease", ModelgateInstallation.NAMESPACE).isNotNull();
                    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(holder);
                    assertThat(lease.getSpec().getRenewTime().toInstant()).isAfter(Instant.now().minusSeconds(15));
                });
        E2e.log("(f) Lease %s/modelgate-operator-lease held by %s", ModelgateInstallation.NAMESPACE, holder);
    }

    /**
     * (g) A standby takes over after {@code kill -9} of the leader. Times are reported, not asserted: the Lease
     * expires leaseDuration after the last renewal and the standby tries every retryPeriod (chart: 10 s, 2 s).
     */
    @Test
    @Order(9)
    void aStandbyTakesOverAfterTheLeaderIsKilled() throws Exception {
        assumeTrue("true".equals(env.installation().operatorEnv().get("MODELGATE_LEADER_ELECTION_ENABLED")),
                "the chart runs the operator with leader election");
        String leader = ModelgateInstallation.OPERATOR_PROCESS_NAME;
        String standbyName = leader + "-standby";
        Map<String, String> standbyEnv = new LinkedHashMap<>(env.installation().operatorEnv());
        standbyEnv.put("POD_NAME", standbyName);
        java.nio.file.Path kubeconfig = env.logDir().getParent().resolve("operator.kubeconfig");
        try (OperatorProcess standby = OperatorProcess.start(env.repo(), kubeconfig, standbyEnv, env.logDir().resolve("standby.log"))) {
            await("standby " + standbyName + " up").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                    .failFast("the standby exited", () -> !standby.isAlive())
                    .until(() -> standby.logText().contains("Leader election on"));
            assertThat(holder()).isEqualTo(leader);

            Instant killed = Instant.now();
            ProcessHandle.of(env.operator().pid()).ifPresent(ProcessHandle::destroyForcibly);
            await("leader process gone").atMost(Duration.ofSeconds(10)).until(() -> !env.operator().isAlive());
            await("Lease held by " + standbyName).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> standbyName.equals(holder()));
            double leaseSeconds = Duration.between(killed, Instant.now()).toMillis() / 1000.0;
            await(standbyName + " reconciles").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .failFast("the standby exited", () -> !standby.isAlive())
                    .until(() -> reconciles(standby) > 0);
            double reconcileSeconds = Duration.between(killed, Instant.now()).toMillis() / 1000.0;
            E2e.log("(g) takeover after kill -9 of the leader: Lease held by %s after %.1f s, its first reconcile after %.1f s"
                    + " (lease %s, renew deadline %s, retry period %s)", standbyName, leaseSeconds, reconcileSeconds,
                    standbyEnv.get("MODELGATE_LEADER_ELECTION_LEASE_DURATION"), standbyEnv.get("MODELGATE_LEADER_ELECTION_RENEW_DEADLINE"),
                    standbyEnv.get("MODELGATE_LEADER_ELECTION_RETRY_PERIOD"));

            // The new leader acts: a retrain request is served by a new revision, and only once.
            int before = env.admin().resources(ModelRevision.class).inNamespace(NAMESPACE).list().getItems().size();
            env.admin().resources(ModelPipeline.class).inNamespace(NAMESPACE).withName(PIPELINE)
                    .edit(p -> {
                        Map<String, String> annotations = new LinkedHashMap<>(Objects.requireNonNullElse(p.getMetadata().getAnnotations(), Map.of()));
                        annotations.put("modelgate.io/action", "retrain");
                        p.getMetadata().setAnnotations(annotations);
                        return p;
                    });
            await("a revision for the retrain").atMost(Duration.ofSeconds(60))
                    .until(() -> env.admin().resources(ModelRevision.class).inNamespace(NAMESPACE).list().getItems().size() == before + 1);
            assertThat(standby.isAlive()).isTrue();
        }
    }

    private String holder() {
        Lease lease = env.admin().leases().inNamespace(ModelgateInstallation.NAMESPACE).withName("modelgate-operator-lease").get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    private static double reconciles(OperatorProcess operator) {
        try {
            return OperatorProcess.samples(operator.scrapeMetrics(), "modelgate_reconcile_total").values().stream().mapToDouble(Double::doubleValue).sum();
        } catch (RuntimeException notListeningYet) {
            return 0;
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void assertR1ServesUntouched(String scenario) {
        env.timings().time(scenario + " r1 keeps serving, pods untouched (held 5 s)", () ->
                await("r1 keeps serving untouched").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                            ModelRevision r1 = revision(R1);
                            assertThat(r1.getStatus().getPhase()).isEqualTo("Promoted");
                            assertThat(r1.getStatus().getServing()).isTrue();
                            Deployment deployment = env.admin().apps().deployments().inNamespace(NAMESPACE).withName(R1).get();
                            assertThat(deployment.getSpec().getReplicas()).isEqualTo(REPLICAS);
                            assertThat(deployment.getStatus()).isNotNull();
                            assertThat(deployment.getStatus().getReadyReplicas()).isEqualTo(REPLICAS);
                            assertThat(servingPods(R1)).as("r1's serving pods (name -> uid)").isEqualTo(r1Pods);
                        }));
    }

    /** The operator records a Kubernetes Event for every transition (with the chart's RBAC on events). */
    private static void awaitEvent(String involvedObject, String type, String reason) {
        await("Event " + type + " " + reason + " on " + involvedObject).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                        assertThat(env.admin().v1().events().inNamespace(NAMESPACE).list().getItems())
                                .anyMatch(e -> involvedObject.equals(e.getInvolvedObject().getName())
                                        && type.equals(e.getType()) && reason.equals(e.getReason())));
    }

    /** Serving pods of a revision that are not being deleted, name to uid. */
    private static Map<String, String> servingPods(String revision) {
        return env.admin().pods().inNamespace(NAMESPACE)
                .withLabel("modelgate.io/revision", revision)
                .withLabel("modelgate.io/role", "serving")
                .list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> "Running".equals(p.getStatus().getPhase()))
                .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p.getMetadata().getUid(), (a, b) -> a, TreeMap::new));
    }

    private static ModelPipeline pipeline() {
        return env.admin().resources(ModelPipeline.class).inNamespace(NAMESPACE).withName(PIPELINE).get();
    }

    private static ModelRevision revision(String name) {
        return env.admin().resources(ModelRevision.class).inNamespace(NAMESPACE).withName(name).get();
    }

    private static Optional<Condition> condition(ModelPipeline pipeline, String type) {
        return pipeline.getStatus() == null || pipeline.getStatus().getConditions() == null ? Optional.empty()
                : pipeline.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static double sum(Map<String, Double> samples, String... labelParts) {
        return samples.entrySet().stream()
                .filter(e -> List.of(labelParts).stream().allMatch(part -> e.getKey().contains(part)))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    private static String phase(ModelRevision revision) {
        return revision.getStatus() == null ? null : revision.getStatus().getPhase();
    }

    private static String describe(ModelRevision revision) {
        return revision.getStatus() == null ? "no status yet"
                : revision.getStatus().getPhase() + " / " + revision.getStatus().getReason() + ": " + revision.getStatus().getMessage();
    }

    /** Prints a revision's phases with the time each was entered, from its own status (second precision). */
    private static void printTransitions(ModelRevision revision) {
        Instant created = Instant.parse(revision.getMetadata().getCreationTimestamp());
        String lines = revision.getStatus().getTransitions().stream()
                .map(t -> String.format("  %-11s %+3ds  %s", t.getPhase(),
                        Duration.between(created, Instant.parse(t.getTime())).toSeconds(), Objects.toString(t.getReason(), "")))
                .collect(Collectors.joining("\n"));
        E2e.log("%s transitions (status, relative to creation):%n%s", revision.getMetadata().getName(), lines);
    }

    private static String kubectlGetAll() {
        return env.cluster().kubectl("get", "mp,mrev,jobs,deploy", "-n", NAMESPACE).stdout();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String quoteJson(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Reads a revision on each poll and logs each phase the first time the test sees it, with the elapsed time. */
    private static final class PhaseTracker {
        private final String name;
        private final long start;
        private final Map<String, Double> seen = new LinkedHashMap<>();

        PhaseTracker(String name, long start) {
            this.name = name;
            this.start = start;
        }

        ModelRevision poll() {
            ModelRevision revision = revision(name);
            String phase = revision == null ? null : revision.getStatus() == null || revision.getStatus().getPhase() == null
                    ? "(created)" : revision.getStatus().getPhase();
            if (phase != null && !seen.containsKey(phase)) {
                seen.put(phase, seconds(start));
                E2e.log("  %s %-11s seen at +%.1f s", name, phase, seen.get(phase));
            }
            return revision;
        }
    }
}
