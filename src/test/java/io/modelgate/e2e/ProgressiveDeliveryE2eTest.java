package io.modelgate.e2e;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.modelgate.api.AnalysisRunStatus;
import io.modelgate.api.HookRunStatus;
import io.modelgate.api.MeasurementStatus;
import io.modelgate.api.MetricRunStatus;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Progressive delivery on the local simulated cluster (issue 4, section 6): canary and blue-green rollouts decided by
 * a real Prometheus that scrapes, every second, a metrics endpoint this test serves and changes
 * ({@code model_errors_ratio{revision="…"}}, one series per revision). kwok makes serving pods Ready without running
 * anything, so the pods cannot produce metrics: the test plays the model servers' error rates.
 *
 * <p>The operator runs as installed by the chart, with {@code operator.prometheusAddress} (the test's Prometheus),
 * {@code operator.defaultAnalysisInterval: 2s} (no metric sets an interval, so every measurement runs on that
 * default) and {@code operator.maxConcurrentRollouts: 1} for the whole class: the scenarios run one after the other,
 * and scenario (f) shows the queue.
 *
 * <p>Every pipeline is created up front (serving 10 replicas, Canary or BlueGreen from the start): its first revision
 * has nothing to protect and rolls out directly, so each scenario starts from a serving r1, changes
 * {@code source.parameters} to make r2, and watches r2's progressive rollout against the cluster's state: Deployment
 * replicas, Service selectors, HTTPRoute weights, revision and pipeline status, Events.
 *
 * <p>Decision latencies (the test raising a metric above its bound, or stopping Prometheus, to the rollback) are
 * logged, never asserted as a time limit; what is asserted is the count: a rollback within {@code failureLimit + 1}
 * failed measurements.
 */
@ModelgateE2e
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProgressiveDeliveryE2eTest {

    @RegisterExtension
    static final LocalPrometheus PROMETHEUS = new LocalPrometheus();

    private static final String NAMESPACE = "default";
    private static final int REPLICAS = 10;
    /** The operator's default analysis interval (chart value), used by every metric here. */
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final int FAILURE_LIMIT = 1;
    private static final int CONSECUTIVE_ERROR_LIMIT = 2;
    private static final String METRIC = "model_errors_ratio";
    private static final double HEALTHY = 0.01;
    private static final double FAILING = 0.3;
    private static final double BOUND = 0.05;
    private static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("modelgate.e2e.timeoutSeconds", 120));
    private static final Duration POLL = Duration.ofMillis(100);
    private static final String ACTION = "modelgate.io/action";

    private static final String A = "pd-canary";
    private static final String B = "pd-rollback";
    private static final String C = "pd-pause";
    private static final String D = "pd-bluegreen";
    private static final String E = "pd-gateway";
    private static final String F1 = "pd-queue-first";
    private static final String F2 = "pd-queue-second";
    private static final String G = "pd-prom-down";
    private static final String H = "pd-shadow";
    private static final String I = "pd-hooks";
    private static final List<String> PIPELINES = List.of(A, B, C, D, E, F1, F2, G, H, I);
    /** Replaced by the address of {@link #hookEndpoint} when the pipelines are written. */
    private static final String HOOK_ADDRESS = "HOOK_ADDRESS";

    /** The analysis every canary here uses: the revision's error ratio, at most {@link #BOUND}. */
    private static final String HEALTH_ANALYSIS = """
              analyses:
                - name: health
                  metrics:
                    - name: error-rate
                      max: %s
                      failureLimit: %d
                      consecutiveErrorLimit: %d
                      prometheus:
                        query: 'max(%s{revision="{{revision}}"})'
                        timeoutSeconds: 2
            """.formatted(BOUND, FAILURE_LIMIT, CONSECUTIVE_ERROR_LIMIT, METRIC);

    /**
     * A dry-run metric beside error-rate in (a)'s background analysis: the same series times 100 against the same bound,
     * so it fails at its first measurement; being a dry run it must never roll back or hold the canary.
     */
    private static final String DRY_RUN_METRIC = """
                    - name: error-rate-x100
                      dryRun: true
                      max: %s
                      prometheus:
                        query: 'max(%s{revision="{{revision}}"}) * 100'
            """.formatted(BOUND, METRIC);

    /**
     * A web metric judged by CEL conditions beside them in (a): a POST whose templated body names the revision, a
     * JSONPath selecting an object from the scorer's answer, and a successCondition over it with default().
     */
    private static final String CONDITION_METRIC = """
                    - name: scorer-agreement
                      successCondition: 'result.agreement >= 0.95 && default(result.latencyMs, 0) < 250'
                      failureCondition: 'result.agreement < 0.8'
                      http:
                        url: '%s/scores/{{revision}}'
                        method: POST
                        body: '{"revision": "{{revision}}", "stable": "{{stableRevision}}"}'
                        jsonPath: '{$.data}'
            """.formatted(HOOK_ADDRESS);

    private static final Map<String, String> ROLLOUTS = Map.of(
            A, """
              strategy: Canary
              steps:
                - setWeight: 10
                - pause: {duration: 4s}
                - setWeight: 50
                - pause: {duration: 4s}
                - setWeight: 100
                - pause: {duration: 4s}
              backgroundAnalysis: {name: health}
            """ + HEALTH_ANALYSIS + DRY_RUN_METRIC + CONDITION_METRIC,
            B, """
              strategy: Canary
              steps:
                - setWeight: 10
                - pause: {duration: 10m}
              backgroundAnalysis: {name: health}
            """ + HEALTH_ANALYSIS,
            C, """
              strategy: Canary
              steps:
                - setWeight: 50
                - pause: {}
            """,
            D, """
              strategy: BlueGreen
              blueGreen:
                postPromotionAnalysis: {name: post}
                scaleDownDelaySeconds: 300
              analyses:
                - name: post
                  metrics:
                    - name: error-rate
                      max: %s
                      count: 50
                      failureLimit: %d
                      prometheus:
                        query: 'max(%s{revision="{{revision}}"})'
            """.formatted(BOUND, FAILURE_LIMIT, METRIC),
            E, """
              strategy: Canary
              trafficRouting: {type: gatewayAPI, httpRoute: %s}
              steps:
                - setHeaderRoute: {name: internal, match: [{headerName: x-user-group, value: internal}]}
                - setMirror: {percent: 20}
                - pause: {duration: 4s}
                - setMirror: {percent: 0}
                - setWeight: 10
                - pause: {duration: 4s}
                - setWeight: 50
                - pause: {duration: 4s}
                - setWeight: 100
                - pause: {duration: 4s}
            """.formatted(E),
            F1, """
              strategy: Canary
              steps:
                - setWeight: 10
                - pause: {}
            """,
            F2, """
              strategy: Canary
              steps:
                - setWeight: 50
            """,
            G, """
              strategy: Canary
              steps:
                - setWeight: 10
                - pause: {duration: 10m}
              backgroundAnalysis: {name: health}
            """ + HEALTH_ANALYSIS,
            H, """
              strategy: Canary
              trafficRouting: {type: gatewayAPI, httpRoute: %s}
              steps:
                - setMirror: {percent: 50}
                - setHeaderRoute: {name: beta, match: [{headerName: x-beta, regex: '^(1|true)$'}, {headerName: x-tenant, prefix: acme.}]}
                - pause: {duration: 10m}
              backgroundAnalysis: {name: health}
            """.formatted(H) + HEALTH_ANALYSIS,
            I, """
              strategy: Canary
              steps:
                - setWeight: 50
              hooks:
                - name: smoke
                  type: ConfirmPromotion
                  job:
                    template:
                      metadata:
                        annotations: {modelgate.io/simulated-exit-code: "1"}
                      spec:
                        containers: [{name: smoke, image: registry.example/smoke-test:1.0}]
                - name: announce
                  type: PostRollout
                  http: {url: '%s/hooks/{{pipeline}}/{{revision}}', timeoutSeconds: 2}
            """.formatted(HOOK_ADDRESS));

    private static E2eEnvironment env;
    private static HookEndpoint hookEndpoint;
    private static ServingRecorder recorder;
    private static final List<String> latencies = new CopyOnWriteArrayList<>();

    /** The chart values of this class: the operator settings progressive delivery reads. */
    @HelmValues
    static Map<String, Object> operatorSettings() {
        PROMETHEUS.boot();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("operator.prometheusAddress", PROMETHEUS.address());
        values.put("operator.defaultAnalysisInterval", INTERVAL.toSeconds() + "s");
        values.put("operator.maxConcurrentRollouts", 1);
        return values;
    }

    @BeforeAll
    static void pipelines(E2eEnvironment environment) {
        env = environment;
        assertThat(env.installation().operatorEnv())
                .containsEntry("MODELGATE_PROMETHEUS_ADDRESS", PROMETHEUS.address())
                .containsEntry("MODELGATE_DEFAULT_ANALYSIS_INTERVAL", "2s")
                .containsEntry("MODELGATE_MAX_CONCURRENT_ROLLOUTS", "1");
        recorder = new ServingRecorder();
        hookEndpoint = HookEndpoint.start();
        for (String pipeline : PIPELINES) {
            for (int n = 1; n <= 3; n++) {
                setErrorRatio(revisionName(pipeline, n), HEALTHY);
            }
        }
        PROMETHEUS.awaitScrapes(2);
        // The routes of scenarios (e) and (h): one rule to the stable Service; the operator adds the canary backendRef.
        for (String routed : List.of(E, H)) {
            env.admin().resource(env.admin().getKubernetesSerialization().unmarshal("""
                    apiVersion: gateway.networking.k8s.io/v1
                    kind: HTTPRoute
                    metadata: {name: %s, namespace: %s}
                    spec:
                      parentRefs: [{name: shared-gateway}]
                      rules:
                        - matches: [{path: {type: PathPrefix, value: /predict}}]
                          backendRefs: [{name: %s-stable, port: 8080, weight: 100}]
                    """.formatted(routed, NAMESPACE, routed), GenericKubernetesResource.class)).create();
        }
        env.timings().time("create " + PIPELINES.size() + " pipelines (Canary/BlueGreen, 10 replicas)", () -> {
            for (String pipeline : PIPELINES) {
                env.admin().resource(env.admin().getKubernetesSerialization().unmarshal(pipelineYaml(pipeline), ModelPipeline.class)).create();
            }
        });
    }

    @AfterAll
    static void summary() {
        if (recorder != null) {
            recorder.close();
        }
        if (hookEndpoint != null) {
            hookEndpoint.close();
        }
        E2e.log("decision latencies (logged, not asserted):%n  %s", latencies.isEmpty() ? "(none measured)" : String.join("\n  ", latencies));
    }

    // ------------------------------------------------------------------ (a)

    @Test
    @Order(1)
    void healthyCanaryStepsThroughItsWeightsAndIsPromoted() {
        String r1 = awaitFirstRevisionServing(A);
        String r2 = newRevision(A, 2);
        long start = System.nanoTime();
        int[][] steps = {{10, 1, REPLICAS}, {50, REPLICAS, REPLICAS}, {100, REPLICAS, 0}};
        for (int[] step : steps) {
            int weight = step[0];
            env.timings().time("(a) canary at weight " + weight + ": " + step[1] + "/" + step[2] + " pods", () ->
                    await("(a) weight " + weight).atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
                        assertThat(phase(revision(r2))).as("phase of %s (%s)", r2, describe(revision(r2))).isEqualTo("RollingOut");
                        assertThat(revision(r2).getStatus().getRollout().getCanaryWeight()).isEqualTo(weight);
                        assertThat(pipeline(A).getStatus().getCanaryWeight()).as("pipeline status canaryWeight").isEqualTo(weight);
                        assertReplicas(r2, step[1], step[1]);
                        assertReplicas(r1, step[2], step[2]);
                    }));
            E2e.log("(a) weight %3d seen at +%.1f s: %s %d pods, %s %d pods", weight, seconds(start), r2, step[1], r1, step[2]);
        }
        env.timings().time("(a) r2 Promoted, r1 scaled to 0", () ->
                await("(a) r2 Promoted").atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
                    assertThat(phase(revision(r2))).as(describe(revision(r2))).isEqualTo("Promoted");
                    assertReplicas(r2, REPLICAS, REPLICAS);
                    assertReplicas(r1, 0, null);
                    ModelPipeline pipeline = pipeline(A);
                    assertThat(pipeline.getStatus().getStableRevision()).isEqualTo(r2);
                    assertThat(pipeline.getStatus().getPhase()).isEqualTo("Serving");
                    assertThat(condition(pipeline, "Ready")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
                }));
        ModelRevision promoted = revision(r2);
        printTransitions(promoted);
        // Queued only when another pipeline held the one rollout slot as r2 arrived; which one came first is a race.
        enteredAt(promoted, "Queued").ifPresentOrElse(
                queued -> E2e.log("(a) %s waited %d s in Queued: with maxConcurrentRollouts 1 the first revisions of the other "
                                + "pipelines, created at the same time, took the slot one after the other",
                        r2, Duration.between(queued, transitionTime(promoted, "RollingOut")).toSeconds()),
                () -> E2e.log("(a) %s found the rollout slot free and never waited in Queued", r2));
        assertThat(promoted.getStatus().getReason()).isEqualTo("Promoted");
        List<MeasurementStatus> measurements = metric(promoted, "error-rate").getMeasurements();
        assertThat(measurements).as("background analysis measurements of %s", r2).isNotEmpty()
                .allSatisfy(m -> assertThat(m.getPhase()).isEqualTo("Successful"));
        // The dry-run metric failed from its first measurement on, was recorded and reported, and decided nothing.
        MetricRunStatus dryRun = metric(promoted, "error-rate-x100");
        assertThat(dryRun.getDryRun()).isTrue();
        assertThat(dryRun.getPhase()).isEqualTo("Failed");
        assertThat(dryRun.getMeasurements()).isNotEmpty().allSatisfy(m -> assertThat(m.getPhase()).isEqualTo("Failed"));
        assertThat(promoted.getStatus().getRollout().getAnalysisRuns()).filteredOn(run -> run.getName().contains("background"))
                .singleElement().satisfies(run -> {
                    assertThat(run.getPhase()).isEqualTo("Successful");
                    assertThat(run.getMessage()).contains("dry run, not deciding: error-rate-x100 Failed");
                });
        awaitEvent(r2, "Warning", "DryRunMetricFailed");
        // The condition metric decided Successful on what the scorer answered to the POST the operator sent it.
        MetricRunStatus agreement = metric(promoted, "scorer-agreement");
        assertThat(agreement.getMeasurements()).isNotEmpty().allSatisfy(m -> assertThat(m.getPhase()).isEqualTo("Successful"));
        assertThat(hookEndpoint.bodies("/scores/" + r2)).isNotEmpty()
                .allSatisfy(call -> assertThat(call.body()).isEqualTo("{\"revision\": \"" + r2 + "\", \"stable\": \"" + r1 + "\"}"));
        // The replicas the canary and the stable revision asked for, in the order the API server stored them.
        List<String> pairs = recorder.replicaPairs(r2, r1);
        E2e.log("(a) (canary, stable) spec.replicas over the rollout: %s", pairs);
        assertThat(pairs).containsSubsequence("1/10", "10/10", "10/0");
        awaitEvent(r2, "Normal", "WeightSet");
        awaitEvent(A, "Normal", "Promoted");
        E2e.log("(a) done: %d Successful measurements, promoted %.1f s after r2 was created", measurements.size(), seconds(start));
    }

    // ------------------------------------------------------------------ (b)

    @Test
    @Order(2)
    void canaryWhoseErrorRateRisesIsRolledBackWhileTheStablePodsStay() {
        String r1 = awaitFirstRevisionServing(B);
        Map<String, String> podsBeforeR2 = servingPods(r1);
        long beforeR2 = System.nanoTime();
        String r2 = newRevision(B, 2);
        env.timings().time("(b) canary at weight 10, one Successful measurement", () ->
                await("(b) canary at 10 and measured").atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
                    ModelRevision revision = revision(r2);
                    assertThat(phase(revision)).as(describe(revision)).isEqualTo("RollingOut");
                    assertThat(revision.getStatus().getRollout().getStepIndex()).as("at the pause step").isEqualTo(1);
                    assertReplicas(r2, 1, 1);
                    assertReplicas(r1, REPLICAS, REPLICAS);
                    assertThat(measurements(revision)).anyMatch(m -> "Successful".equals(m.getPhase()));
                }));
        Map<String, String> stablePods = servingPods(r1);
        // Replica routing keeps the stable revision whole up to weight 50: the canary's pod came beside r1's ten.
        assertThat(stablePods).as("r1's pods (name -> uid) at weight 10").isEqualTo(podsBeforeR2).hasSize(REPLICAS);
        int stableReplicasBefore = deployment(r1).getSpec().getReplicas();

        Rise rise = raise(r2);
        ModelRevision rolledBack = awaitRolledBack(r2, "(b)", rise);
        Latency latency = latency("(b) canary, background analysis", rise, r2, rolledBack, INTERVAL, "failureLimit " + FAILURE_LIMIT);

        // Within failureLimit + 1 failed measurements: the rollback came with the (failureLimit+1)-th failure.
        MetricRunStatus errorRate = metric(rolledBack, "error-rate");
        assertThat(errorRate.getFailed()).as("failed measurements at the rollback").isEqualTo(FAILURE_LIMIT + 1);
        List<MeasurementStatus> after = measurements(rolledBack).stream().filter(m -> !Instant.parse(m.getTime()).isBefore(rise.at())).toList();
        assertThat(after).as("measurements from the rise to the rollback (one may predate the next scrape)")
                .hasSizeLessThanOrEqualTo(FAILURE_LIMIT + 2)
                .filteredOn(m -> "Failed".equals(m.getPhase())).hasSize(FAILURE_LIMIT + 1);
        assertThat(rolledBack.getStatus().getReason()).isEqualTo("AnalysisFailed");
        assertThat(rolledBack.getStatus().getMessage()).as("the failing metric, value and bound")
                .contains("error-rate").contains(Double.toString(FAILING)).contains(Double.toString(BOUND));
        awaitEvent(r2, "Warning", "AnalysisFailed");

        env.timings().time("(b) canary at 0, r1 back at 10, pipeline Degraded", () ->
                await("(b) after the rollback").atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
                    assertReplicas(r2, 0, null);
                    assertReplicas(r1, REPLICAS, REPLICAS);
                    ModelPipeline pipeline = pipeline(B);
                    assertThat(pipeline.getStatus().getStableRevision()).isEqualTo(r1);
                    assertThat(pipeline.getStatus().getPhase()).isEqualTo("Degraded");
                    assertThat(condition(pipeline, "Degraded")).hasValueSatisfying(c -> {
                        assertThat(c.getStatus()).isEqualTo("True");
                        assertThat(c.getMessage()).contains("desired revision is not the one serving");
                    });
                }));
        // The stable revision's pods never changed: the same names and uids before r2, during the canary and after
        // the rollback, and its spec.replicas stayed at 10 the whole time.
        Map<String, String> stableAfter = servingPods(r1);
        assertThat(stableAfter).as("r1's pods (name -> uid) after the rollback").isEqualTo(podsBeforeR2);
        List<Integer> stableReplicas = recorder.specReplicasSince(r1, beforeR2);
        assertThat(stableReplicas).as("r1 spec.replicas written from r2's creation on").isNotEmpty().allMatch(r -> r == REPLICAS);
        assertThat(stableReplicasBefore).isEqualTo(REPLICAS);
        assertThat(revision(r1).getStatus().getPhase()).isEqualTo("Promoted");
        assertThat(revision(r1).getStatus().getServing()).isTrue();
        E2e.log("(b) done: rolled back %.1f s after the rise; r1 spec.replicas over the class %s; r1's %d pods untouched",
                latency.patch(), recorder.specReplicas(r1), stablePods.size());
    }

    // ------------------------------------------------------------------ (c)

    @Test
    @Order(3)
    void pauseWaitsForAPromoteAnnotationWhichIsConsumed() {
        String r1 = awaitFirstRevisionServing(C);
        String r2 = newRevision(C, 2);
        env.timings().time("(c) canary at 50, paused for a person", () ->
                await("(c) paused").atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
                    ModelRevision revision = revision(r2);
                    assertThat(phase(revision)).as(describe(revision)).isEqualTo("RollingOut");
                    assertThat(revision.getStatus().getRollout().getPausedReason()).contains("waiting for a person to promote");
                    assertReplicas(r2, REPLICAS, REPLICAS);
                    assertReplicas(r1, REPLICAS, REPLICAS);
                    assertThat(condition(pipeline(C), "Progressing")).hasValueSatisfying(c -> {
                        assertThat(c.getStatus()).isEqualTo("True");
                        assertThat(c.getReason()).isEqualTo("WaitingForPromotion");
                    });
                }));
        awaitEvent(r2, "Normal", "RolloutPaused");
        env.timings().time("(c) still paused 6 s later (3 analysis intervals)", () ->
                await("(c) stays paused").during(INTERVAL.multipliedBy(3)).atMost(INTERVAL.multipliedBy(3).plusSeconds(10))
                        .pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                            assertThat(phase(revision(r2))).isEqualTo("RollingOut");
                            assertThat(revision(r2).getStatus().getRollout().getCanaryWeight()).isEqualTo(50);
                            assertThat(deployment(r1).getSpec().getReplicas()).isEqualTo(REPLICAS);
                        }));
        long start = System.nanoTime();
        env.cluster().kubectlOk("annotate", "modelpipeline/" + C, "-n", NAMESPACE, ACTION + "=promote");
        env.timings().time("(c) promote annotation -> r2 Promoted", () ->
                await("(c) promoted").atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
                    assertThat(phase(revision(r2))).as(describe(revision(r2))).isEqualTo("Promoted");
                    assertReplicas(r2, REPLICAS, REPLICAS);
                    assertReplicas(r1, 0, null);
                    assertThat(annotations(pipeline(C))).as("the action annotation is consumed").doesNotContainKey(ACTION);
                }));
        awaitEvent(C, "Normal", "ActionPromote");
        E2e.log("(c) done: promoted %.1f s after kubectl annotate; %s", seconds(start), revision(r2).getStatus().getMessage());
    }

    // ------------------------------------------------------------------ (d)

    @Test
    @Order(4)
    void blueGreenWithAFailingPostPromotionAnalysisSwitchesBack() {
        String r1 = awaitFirstRevisionServing(D);
        Map<String, String> stablePods = servingPods(r1);
        assertThat(stablePods).hasSize(REPLICAS);
        long created = System.nanoTime();
        String r2 = newRevision(D, 2);
        env.timings().time("(d) r2 at full size, active Service switched to r2", () ->
                await("(d) switched").atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
                    ModelRevision revision = revision(r2);
                    assertThat(phase(revision)).as(describe(revision)).isEqualTo("RollingOut");
                    assertThat(revision.getStatus().getRollout().getBlueGreenPhase()).isEqualTo("PostPromotionAnalysis");
                    assertThat(selector(D)).containsEntry("modelgate.io/revision", r2);
                    assertReplicas(r2, REPLICAS, REPLICAS);
                    assertReplicas(r1, REPLICAS, REPLICAS);
                }));
        assertThat(selector(D + "-preview")).containsEntry("modelgate.io/revision", r2);
        awaitEvent(r2, "Normal", "ActiveSwitched");
        await("(d) a Successful post-promotion measurement").atMost(TIMEOUT).pollInterval(POLL)
                .untilAsserted(() -> assertThat(measurements(revision(r2))).anyMatch(m -> "Successful".equals(m.getPhase())));

        Rise rise = raise(r2);
        ModelRevision rolledBack = awaitRolledBack(r2, "(d)", rise);
        latency("(d) blue-green, post-promotion analysis", rise, r2, rolledBack, INTERVAL, "failureLimit " + FAILURE_LIMIT);
        assertThat(metric(rolledBack, "error-rate").getFailed()).isEqualTo(FAILURE_LIMIT + 1);
        env.timings().time("(d) active and preview Services back on r1, r2 at 0", () ->
                await("(d) switched back").atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
                    assertThat(selector(D)).containsEntry("modelgate.io/revision", r1);
                    assertThat(selector(D + "-preview")).containsEntry("modelgate.io/revision", r1);
                    assertReplicas(r2, 0, null);
                    assertThat(pipeline(D).getStatus().getStableRevision()).isEqualTo(r1);
                }));
        // Blue-green never scales the old revision down before the end of the delay: r1 is untouched throughout.
        assertThat(servingPods(r1)).as("r1's pods (name -> uid) before r2 and after its rollback").isEqualTo(stablePods);
        assertThat(recorder.specReplicasSince(r1, created)).as("r1 spec.replicas during r2's rollout").containsOnly(REPLICAS);
        List<Map<String, String>> active = recorder.selectors(D);
        E2e.log("(d) done: active Service %s selected, in order: %s", D, active.stream().map(s -> s.get("modelgate.io/revision")).toList());
        assertThat(active.stream().map(s -> s.get("modelgate.io/revision")).toList()).containsSubsequence(r1, r2, r1);
    }

    // ------------------------------------------------------------------ (e)

    @Test
    @Order(5)
    void gatewayApiRouteWeightsFollowEachStep() {
        String r1 = awaitFirstRevisionServing(E);
        await("(e) the operator added the canary backendRef at weight 0").atMost(TIMEOUT).pollInterval(POLL)
                .untilAsserted(() -> assertThat(routeWeights()).isEqualTo(Map.of(E + "-stable", 100, E + "-canary", 0)));
        assertThat(selector(E + "-stable")).containsEntry("modelgate.io/revision", r1);
        Map<String, String> stablePods = servingPods(r1);
        long created = System.nanoTime();
        String r2 = newRevision(E, 2);
        env.timings().time("(e) header route and 20% mirror on the route, canary 2 pods at weight 0", () ->
                await("(e) header route and mirror").atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
                    ModelRevision revision = revision(r2);
                    assertThat(phase(revision)).as(describe(revision)).isEqualTo("RollingOut");
                    assertThat(revision.getStatus().getRollout().getStepIndex()).as(describe(revision)).isEqualTo(2);
                    assertThat(mirrorPercent(E)).isEqualTo(20);
                    assertThat(headerRoutes(E)).containsExactly("internal");
                    assertThat(routeWeights()).isEqualTo(Map.of(E + "-stable", 100, E + "-canary", 0));
                    assertReplicas(r2, 2, 2);
                    assertReplicas(r1, REPLICAS, REPLICAS);
                }));
        Map<String, Object> headerRule = this.<List<Map<String, Object>>>rules(E).get(0);
        assertThat(headerRule).containsEntry("name", "modelgate-header-internal");
        assertThat(headerRule.get("matches")).asString().contains("x-user-group").contains("/predict");
        awaitEvent(r2, "Normal", "MirrorSet");
        awaitEvent(r2, "Normal", "HeaderRouteSet");
        int[][] steps = {{10, 1}, {50, 5}, {100, 10}};
        List<String> seen = new ArrayList<>();
        for (int[] step : steps) {
            int weight = step[0];
            env.timings().time("(e) HTTPRoute weights " + (100 - weight) + "/" + weight, () ->
                    await("(e) weight " + weight).atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
                        assertThat(phase(revision(r2))).as(describe(revision(r2))).isEqualTo("RollingOut");
                        assertThat(routeWeights()).isEqualTo(Map.of(E + "-stable", 100 - weight, E + "-canary", weight));
                        assertThat(mirrorPercent(E)).as("setMirror 0 removed the mirror before setWeight 10").isZero();
                        assertThat(headerRoutes(E)).as("the header route stays until the rollout ends").containsExactly("internal");
                        assertThat(revision(r2).getStatus().getRollout().getCanaryWeight()).isEqualTo(weight);
                        assertReplicas(r2, step[1], step[1]);
                        assertReplicas(r1, REPLICAS, REPLICAS);
                        assertThat(selector(E + "-canary")).containsEntry("modelgate.io/revision", r2);
                        assertThat(selector(E + "-stable")).containsEntry("modelgate.io/revision", r1);
                    }));
            seen.add(routeWeights().toString());
        }
        // The stable revision is never scaled down while the route moves traffic: same pods at every step.
        assertThat(servingPods(r1)).as("r1's pods (name -> uid) up to the last step").isEqualTo(stablePods);
        assertThat(recorder.specReplicasSince(r1, created)).as("r1 spec.replicas up to the last step").containsOnly(REPLICAS);
        env.timings().time("(e) r2 Promoted, route back to 100/0 on the new stable", () ->
                await("(e) promoted").atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
                    assertThat(phase(revision(r2))).as(describe(revision(r2))).isEqualTo("Promoted");
                    assertThat(routeWeights()).isEqualTo(Map.of(E + "-stable", 100, E + "-canary", 0));
                    assertThat(selector(E + "-stable")).containsEntry("modelgate.io/revision", r2);
                    assertReplicas(r2, REPLICAS, REPLICAS);
                    assertReplicas(r1, 0, null);
                }));
        List<Map<String, Object>> rules = rules(E);
        assertThat(rules).as("promoted: the header rule is gone").hasSize(1);
        assertThat(rules.get(0)).containsKey("matches").doesNotContainKey("filters");
        E2e.log("(e) done: weights at each step %s; HTTPRoute %s rules %s", seen, E, rules);
    }

    // ------------------------------------------------------------------ (f)

    @Test
    @Order(6)
    void secondPipelineIsQueuedUntilTheFirstRolloutEnds() {
        String first1 = awaitFirstRevisionServing(F1);
        String second1 = awaitFirstRevisionServing(F2);
        String first2 = newRevision(F1, 2);
        env.timings().time("(f) first pipeline's canary holds the only slot (paused)", () ->
                await("(f) first paused").atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
                    assertThat(phase(revision(first2))).as(describe(revision(first2))).isEqualTo("RollingOut");
                    assertThat(revision(first2).getStatus().getRollout().getPausedReason()).isNotNull();
                    assertThat(pipeline(F1).getStatus().getPhase()).isEqualTo("RollingOut");
                }));
        String second2 = newRevision(F2, 2);
        env.timings().time("(f) second pipeline Queued", () ->
                await("(f) second queued").atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
                    assertThat(phase(revision(second2))).as(describe(revision(second2))).isEqualTo("Queued");
                    assertThat(pipeline(F2).getStatus().getPhase()).isEqualTo("Queued");
                }));
        E2e.log("(f) %s: %s", second2, revision(second2).getStatus().getMessage());
        assertThat(revision(second2).getStatus().getMessage()).containsIgnoringCase("maxConcurrentRollouts");
        env.timings().time("(f) second stays Queued while the first is paused (6 s)", () ->
                await("(f) stays queued").during(INTERVAL.multipliedBy(3)).atMost(INTERVAL.multipliedBy(3).plusSeconds(10))
                        .pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                            assertThat(phase(revision(second2))).isEqualTo("Queued");
                            assertThat(deploymentOrNull(second2)).as("no Deployment for a queued revision").isNull();
                            assertReplicas(second1, REPLICAS, REPLICAS);
                        }));
        annotate(F1, "promote");
        env.timings().time("(f) first promoted, then the second rolls out and is promoted", () ->
                await("(f) both promoted").atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
                    assertThat(phase(revision(first2))).as(describe(revision(first2))).isEqualTo("Promoted");
                    assertThat(phase(revision(second2))).as(describe(revision(second2))).isEqualTo("Promoted");
                    assertReplicas(second2, REPLICAS, REPLICAS);
                    assertReplicas(first2, REPLICAS, REPLICAS);
                }));
        Instant firstEnded = transitionTime(revision(first2), "Promoted");
        Instant secondStarted = transitionTime(revision(second2), "RollingOut");
        printTransitions(revision(first2));
        printTransitions(revision(second2));
        assertThat(secondStarted).as("the second rollout starts once the first ended (second precision)").isAfterOrEqualTo(firstEnded);
        assertThat(first1).isNotEqualTo(second1);
        E2e.log("(f) done: %s Promoted at %s, %s RollingOut at %s", first2, firstEnded, second2, secondStarted);
    }

    // ------------------------------------------------------------------ (g)

    @Test
    @Order(7)
    void prometheusStoppedMidAnalysisRollsBackAfterTheErrorLimitAndTheOperatorCarriesOn() {
        String r1 = awaitFirstRevisionServing(G);
        String r2 = newRevision(G, 2);
        env.timings().time("(g) canary at 10, measured", () ->
                await("(g) canary measured").atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
                    assertThat(phase(revision(r2))).as(describe(revision(r2))).isEqualTo("RollingOut");
                    assertReplicas(r2, 1, 1);
                    assertThat(measurements(revision(r2))).anyMatch(m -> "Successful".equals(m.getPhase()));
                }));
        Instant stoppedAt = Instant.now();
        long stoppedNanos = System.nanoTime();
        env.timings().time("(g) Prometheus stopped", PROMETHEUS::stop);
        Rise stop = new Rise(stoppedAt, stoppedNanos);
        ModelRevision rolledBack;
        try {
            rolledBack = awaitRolledBack(r2, "(g)", stop);
        } finally {
            env.timings().time("(g) Prometheus started again", PROMETHEUS::start);
        }
        latency("(g) Prometheus stopped", stop, r2, rolledBack, INTERVAL, "consecutiveErrorLimit " + CONSECUTIVE_ERROR_LIMIT);
        MetricRunStatus errorRate = metric(rolledBack, "error-rate");
        List<MeasurementStatus> errors = measurements(rolledBack).stream().filter(m -> "Error".equals(m.getPhase())).toList();
        E2e.log("(g) Error measurements: %s", errors.stream().map(MeasurementStatus::getMessage).toList());
        assertThat(errorRate.getConsecutiveErrors()).as("consecutive errors at the rollback").isEqualTo(CONSECUTIVE_ERROR_LIMIT + 1);
        assertThat(errors).hasSize(CONSECUTIVE_ERROR_LIMIT + 1).allSatisfy(m -> assertThat(m.getMessage()).contains("error-rate: error"));
        assertThat(rolledBack.getStatus().getMessage()).contains("Error");
        await("(g) canary at 0, r1 at 10").atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
            assertReplicas(r2, 0, null);
            assertReplicas(r1, REPLICAS, REPLICAS);
        });
        assertThat(env.operator().isAlive()).as("operator process alive after Prometheus went away").isTrue();

        // The operator still reconciles: a new change makes r3, measured against the restarted Prometheus.
        String r3 = newRevision(G, 3);
        env.timings().time("(g) r3 rolls out and is measured Successful", () ->
                await("(g) r3 measured").atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
                    assertThat(phase(revision(r3))).as(describe(revision(r3))).isEqualTo("RollingOut");
                    assertReplicas(r3, 1, 1);
                    assertThat(measurements(revision(r3))).anyMatch(m -> "Successful".equals(m.getPhase()));
                }));
        annotate(G, "promote");
        await("(g) r3 promoted").atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
            assertThat(phase(revision(r3))).as(describe(revision(r3))).isEqualTo("Promoted");
            assertReplicas(r3, REPLICAS, REPLICAS);
            assertReplicas(r1, 0, null);
        });
        assertThat(env.operator().isAlive()).isTrue();
        E2e.log("(g) done: %s RolledBack (%s); %s Promoted after Prometheus came back", r2, rolledBack.getStatus().getMessage(), r3);
    }

    // ------------------------------------------------------------------ (h)

    @Test
    @Order(8)
    void aMirroredAndHeaderRoutedCanaryRolledBackLeavesTheRouteAsTheUserWroteIt() {
        String r1 = awaitFirstRevisionServing(H);
        List<Map<String, Object>> before = rules(H);
        String r2 = newRevision(H, 2);
        env.timings().time("(h) 50% mirror and header route beta on the route, canary 5 pods at weight 0", () ->
                await("(h) mirror and header route").atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
                    ModelRevision revision = revision(r2);
                    assertThat(phase(revision)).as(describe(revision)).isEqualTo("RollingOut");
                    assertThat(revision.getStatus().getRollout().getStepIndex()).as(describe(revision)).isEqualTo(2);
                    assertThat(mirrorPercent(H)).isEqualTo(50);
                    assertThat(headerRoutes(H)).containsExactly("beta");
                    assertReplicas(r2, 5, 5);
                    assertReplicas(r1, REPLICAS, REPLICAS);
                }));
        assertThat(this.<List<Map<String, Object>>>rules(H).get(0).get("matches")).asString()
                .contains("RegularExpression").contains("^(1|true)$").contains("^acme\\..*");

        Rise rise = raise(r2);
        awaitRolledBack(r2, "(h)", rise);
        env.timings().time("(h) rolled back: the route is the user's again, canary at 0", () ->
                await("(h) route cleaned").atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
                    assertThat(mirrorPercent(H)).isZero();
                    assertThat(headerRoutes(H)).isEmpty();
                    List<Map<String, Object>> after = rules(H);
                    assertThat(after).hasSize(1);
                    assertThat(after.get(0)).doesNotContainKey("filters").containsEntry("matches", before.get(0).get("matches"));
                    assertReplicas(r2, 0, null);
                    assertReplicas(r1, REPLICAS, REPLICAS);
                }));
        List<Map<String, Object>> rules = rules(H);
        E2e.log("(h) done: mirror and header route removed on rollback; rules %s", rules);
    }

    // ------------------------------------------------------------------ (i)

    @Test
    @Order(9)
    void aFailingConfirmPromotionJobHookHoldsUntilAPersonPromotesAndThePostRolloutHookIsCalled() {
        String r1 = awaitFirstRevisionServing(I);
        long created = System.nanoTime();
        String r2 = newRevision(I, 2);
        String job = r2 + "-a1-hook-smoke-1";
        env.timings().time("(i) canary at 50, ConfirmPromotion hook Job failed: held, naming it", () ->
                await("(i) held by the hook").atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
                    ModelRevision revision = revision(r2);
                    assertThat(phase(revision)).as(describe(revision)).isEqualTo("RollingOut");
                    assertThat(revision.getStatus().getRollout().getPausedReason()).as(describe(revision))
                            .startsWith("ConfirmPromotion hook smoke failed: Job " + job + " failed");
                    assertThat(condition(pipeline(I), "Progressing")).hasValueSatisfying(c -> {
                        assertThat(c.getReason()).isEqualTo("WaitingForPromotion");
                        assertThat(c.getMessage()).contains("ConfirmPromotion hook smoke failed");
                    });
                    assertReplicas(r2, REPLICAS, REPLICAS);
                    assertReplicas(r1, REPLICAS, REPLICAS);
                }));
        awaitEvent(r2, "Warning", "HookFailed");
        double held = seconds(created);
        assertThat(hookEndpoint.bodies("/hooks/")).as("PostRollout is not called before the promotion").isEmpty();

        annotate(I, "promote");
        long promotedAt = System.nanoTime();
        env.timings().time("(i) promoted past the failed hook, PostRollout hook called", () ->
                await("(i) promoted").atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
                    ModelRevision revision = revision(r2);
                    assertThat(phase(revision)).as(describe(revision)).isEqualTo("Promoted");
                    assertThat(revision.getStatus().getRollout().getHooks()).extracting(HookRunStatus::getName, HookRunStatus::getPhase)
                            .containsExactly(tuple("smoke", "Overridden"), tuple("announce", "Succeeded"));
                    assertThat(hookEndpoint.bodies("/hooks/")).hasSize(1);
                }));
        HookEndpoint.Received call = hookEndpoint.bodies("/hooks/").get(0);
        assertThat(call.path()).isEqualTo("/hooks/" + I + "/" + r2);
        assertThat(call.body()).contains("\"revision\":\"" + r2 + "\"").contains("\"type\":\"PostRollout\"").contains("\"phase\":\"Promoted\"")
                .contains("\"stableRevision\":\"" + r1 + "\"");
        latencies.add(String.format("(i) promote annotation -> Promoted and PostRollout hook received: %.2f s; r2 created -> held by its "
                + "failed ConfirmPromotion Job hook: %.1f s", seconds(promotedAt), held));
        E2e.log("(i) done: %s held by its failed ConfirmPromotion hook, promoted past it; PostRollout body %s", r2, call.body());
    }

    // ------------------------------------------------------------------ operator

    @Test
    @Order(10)
    void operatorMetricsCountTheRollbacksAndItsLogHasNoErrors() {
        String exposition = env.operator().scrapeMetrics();
        Map<String, Double> decision = new TreeMap<>();
        for (String family : List.of("modelgate_analysis_decision_seconds_count", "modelgate_analysis_decision_seconds_sum")) {
            OperatorProcess.samples(exposition, family).forEach((labels, value) -> decision.put(family + labels, value));
        }
        Map<String, Double> buckets = OperatorProcess.samples(exposition, "modelgate_analysis_decision_seconds_bucket");
        Map<String, Double> rollbacks = OperatorProcess.samples(exposition, "modelgate_rollbacks_total");
        E2e.log("operator /metrics:%n  %s%n  buckets %s%n  modelgate_rollbacks_total %s%n  modelgate_rollouts_total %s",
                decision, buckets, rollbacks, OperatorProcess.samples(exposition, "modelgate_rollouts_total"));
        assertThat(rollbacks.entrySet()).filteredOn(e -> e.getKey().contains("cause=\"Analysis\""))
                .extracting(Map.Entry::getValue).containsOnly(1.0).hasSize(4);
        assertThat(decision.get("modelgate_analysis_decision_seconds_count")).as("decision latency observations").isGreaterThanOrEqualTo(4.0);
        // From the deciding measurement to the rollback applied: the query and the writes, never exactly 0.
        assertThat(decision.get("modelgate_analysis_decision_seconds_sum")).as("decision latency sum").isGreaterThan(0.0);
        latencies.add(String.format("operator histogram modelgate_analysis_decision_seconds: %.0f observations, mean %.3f s "
                        + "(from the deciding measurement to the rollback applied)", decision.get("modelgate_analysis_decision_seconds_count"),
                decision.get("modelgate_analysis_decision_seconds_sum") / decision.get("modelgate_analysis_decision_seconds_count")));

        assertThat(env.operator().isAlive()).isTrue();
        List<String> problems = env.operator().logText().lines()
                .filter(l -> l.toLowerCase().contains("forbidden") || l.contains(" ERROR ") || l.contains("\"level\":\"ERROR\"")
                        || l.contains("ReconcileError"))
                .limit(20)
                .toList();
        assertThat(problems).as("RBAC denials or errors in %s", env.operator().log()).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private static String pipelineYaml(String name) {
        return E2e.evaluatedPipeline(name, NAMESPACE) + """
                  serving:
                    replicas: %d
                    port: 8080
                    template:
                      spec:
                        containers: [{name: server, image: registry.example/fraud-serve:1.0}]
                  rollout:
                """.formatted(REPLICAS) + ROLLOUTS.get(name).replace(HOOK_ADDRESS, hookEndpoint.address()).indent(2);
    }

    private static String revisionName(String pipeline, int number) {
        return pipeline + "-r" + number;
    }

    /** r1 rolled out directly (nothing to protect) and serves with every replica ready. */
    private static String awaitFirstRevisionServing(String pipeline) {
        String r1 = revisionName(pipeline, 1);
        env.timings().time("r1 of " + pipeline + " Promoted, " + REPLICAS + " pods ready", () ->
                await(r1 + " Promoted").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    ModelRevision revision = revision(r1);
                    assertThat(revision).as("ModelRevision %s", r1).isNotNull();
                    assertThat(phase(revision)).as("%s: %s", r1, describe(revision)).isEqualTo("Promoted");
                    assertReplicas(r1, REPLICAS, REPLICAS);
                    assertThat(servingPods(r1)).hasSize(REPLICAS);
                }));
        assertThat(revision(r1).getStatus().getRollout()).as("a first revision rolls out directly").isNull();
        return r1;
    }

    /** Changes a training parameter: a new revision, which rolls out with the pipeline's strategy. */
    private static String newRevision(String pipeline, int number) {
        String patch = "{\"spec\":{\"source\":{\"parameters\":{\"learning_rate\":\"0.0" + number + "\"}}}}";
        env.admin().resources(ModelPipeline.class).inNamespace(NAMESPACE).withName(pipeline).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        String name = revisionName(pipeline, number);
        E2e.log("changed source.parameters of %s: %s comes", pipeline, name);
        return name;
    }

    private static void annotate(String pipeline, String action) {
        String patch = "{\"metadata\":{\"annotations\":{\"" + ACTION + "\":\"" + action + "\"}}}";
        env.admin().resources(ModelPipeline.class).inNamespace(NAMESPACE).withName(pipeline).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    private static void setErrorRatio(String revision, double value) {
        PROMETHEUS.setGauge(METRIC, Map.of("revision", revision), value);
    }

    /** The moment the test made the canary fail (wall clock for status times, nanos for local observations). */
    private record Rise(Instant at, long nanos) {
    }

    private static Rise raise(String revision) {
        Rise rise = new Rise(Instant.now(), System.nanoTime());
        setErrorRatio(revision, FAILING);
        E2e.log("%s{revision=\"%s\"} raised to %s (bound %s)", METRIC, revision, FAILING, BOUND);
        return rise;
    }

    private static ModelRevision awaitRolledBack(String revision, String scenario, Rise rise) {
        return env.timings().time(scenario + " " + revision + " RolledBack", () -> {
            await(scenario + " " + revision + " RolledBack").atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() ->
                    assertThat(phase(revision(revision))).as(describe(revision(revision))).isEqualTo("RolledBack"));
            E2e.log("%s %s RolledBack seen %.2f s after the change", scenario, revision, seconds(rise.nanos()));
            ModelRevision rolledBack = revision(revision);
            printTransitions(rolledBack);
            E2e.log("%s %s: %s", scenario, revision, rolledBack.getStatus().getMessage());
            return rolledBack;
        });
    }

    /** Seconds from the change to the first failing measurement, to the canary's scale-to-0 patch, to RolledBack seen. */
    private record Latency(double firstBadMeasurement, double patch, double phaseSeen) {
    }

    private static Latency latency(String label, Rise rise, String canary, ModelRevision rolledBack, Duration interval, String limit) {
        double seen = seconds(rise.nanos());
        Optional<Instant> firstBad = measurements(rolledBack).stream()
                .filter(m -> !"Successful".equals(m.getPhase()))
                .map(m -> Instant.parse(m.getTime()))
                .filter(t -> !t.isBefore(rise.at()))
                .min(Instant::compareTo);
        double bad = firstBad.map(t -> Duration.between(rise.at(), t).toMillis() / 1000.0).orElse(Double.NaN);
        Optional<Long> patched = recorder.firstSpecReplicas(canary, 0, rise.nanos());
        double patch = patched.map(n -> (n - rise.nanos()) / 1e9).orElse(Double.NaN);
        Latency latency = new Latency(bad, patch, seen);
        String line = String.format("%s: decision latency: %.1f s (interval %d s, %s) — first non-Successful measurement %.1f s, "
                        + "canary Deployment patched to 0 replicas %.1f s, phase RolledBack seen %.1f s after the change",
                label, Double.isNaN(patch) ? seen : patch, interval.toSeconds(), limit, bad, patch, seen);
        latencies.add(line);
        E2e.log("%s", line);
        return latency;
    }

    private static ModelPipeline pipeline(String name) {
        return env.admin().resources(ModelPipeline.class).inNamespace(NAMESPACE).withName(name).get();
    }

    private static ModelRevision revision(String name) {
        return env.admin().resources(ModelRevision.class).inNamespace(NAMESPACE).withName(name).get();
    }

    private static Deployment deploymentOrNull(String name) {
        return env.admin().apps().deployments().inNamespace(NAMESPACE).withName(name).get();
    }

    private static Deployment deployment(String name) {
        Deployment deployment = deploymentOrNull(name);
        assertThat(deployment).as("Deployment %s", name).isNotNull();
        return deployment;
    }

    /** spec.replicas, and ready replicas unless {@code ready} is null (a Deployment at 0 may report none). */
    private static void assertReplicas(String name, int spec, Integer ready) {
        Deployment deployment = deployment(name);
        assertThat(deployment.getSpec().getReplicas()).as("spec.replicas of %s", name).isEqualTo(spec);
        if (ready != null) {
            int actual = deployment.getStatus() == null || deployment.getStatus().getReadyReplicas() == null ? 0 : deployment.getStatus().getReadyReplicas();
            assertThat(actual).as("ready replicas of %s", name).isEqualTo(ready);
            assertThat(deployment.getStatus().getObservedGeneration()).as("observedGeneration of %s", name)
                    .isEqualTo(deployment.getMetadata().getGeneration());
        }
    }

    private static Map<String, String> selector(String service) {
        Service s = env.admin().services().inNamespace(NAMESPACE).withName(service).get();
        assertThat(s).as("Service %s", service).isNotNull();
        return s.getSpec().getSelector();
    }

    private static GenericKubernetesResource route(String name) {
        return env.admin().genericKubernetesResources("gateway.networking.k8s.io/v1", "HTTPRoute").inNamespace(NAMESPACE).withName(name).get();
    }

    private <T> T rules(String route) {
        return route(route).get("spec", "rules");
    }

    private static int mirrorPercent(String route) {
        return io.modelgate.delivery.RouteRules.mirrorPercent(route(route).get("spec", "rules"), route + "-stable", route + "-canary");
    }

    private static List<String> headerRoutes(String route) {
        return io.modelgate.delivery.RouteRules.headerRoutes(route(route).get("spec", "rules"), route + "-canary");
    }

    /** backendRef name to weight, over the route's rules but the operator's header rules, as stored by the API server. */
    private static Map<String, Integer> routeWeights() {
        List<Map<String, Object>> rules = route(E).get("spec", "rules");
        Map<String, Integer> weights = new TreeMap<>();
        for (Map<String, Object> rule : rules) {
            if (String.valueOf(rule.get("name")).startsWith("modelgate-header-")) {
                continue;
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> refs = (List<Map<String, Object>>) rule.getOrDefault("backendRefs", List.of());
            for (Map<String, Object> ref : refs) {
                weights.put((String) ref.get("name"), ref.get("weight") == null ? null : ((Number) ref.get("weight")).intValue());
            }
        }
        return weights;
    }

    /** Serving pods of a revision that run and are not being deleted, name to uid. */
    private static Map<String, String> servingPods(String revision) {
        return FaultKit.servingPods(env, revision);
    }

    private static List<MeasurementStatus> measurements(ModelRevision revision) {
        if (revision.getStatus() == null || revision.getStatus().getRollout() == null) {
            return List.of();
        }
        return revision.getStatus().getRollout().getAnalysisRuns().stream()
                .flatMap(run -> run.getMetrics().stream())
                .flatMap(metric -> metric.getMeasurements().stream())
                .sorted((a, b) -> Instant.parse(a.getTime()).compareTo(Instant.parse(b.getTime())))
                .toList();
    }

    private static MetricRunStatus metric(ModelRevision revision, String name) {
        List<AnalysisRunStatus> runs = revision.getStatus().getRollout().getAnalysisRuns();
        E2e.log("%s analysis runs: %s", revision.getMetadata().getName(), runs.stream()
                .map(r -> r.getName() + " " + r.getPhase() + " [" + r.getMetrics().stream()
                        .map(m -> m.getName() + " " + m.getPhase() + " ok=" + m.getSuccessful() + " failed=" + m.getFailed()
                                + " error=" + m.getError() + " " + m.getMeasurements().stream().map(x -> x.getPhase() + "@" + x.getTime()).toList())
                        .collect(Collectors.joining("; ")) + "]")
                .toList());
        return runs.stream().flatMap(r -> r.getMetrics().stream()).filter(m -> name.equals(m.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name + " in the analysis runs of " + revision.getMetadata().getName()));
    }

    private static Optional<Condition> condition(ModelPipeline pipeline, String type) {
        return pipeline.getStatus() == null || pipeline.getStatus().getConditions() == null ? Optional.empty()
                : pipeline.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static Map<String, String> annotations(HasMetadata object) {
        return Optional.ofNullable(object.getMetadata().getAnnotations()).orElse(Map.of());
    }

    private static String phase(ModelRevision revision) {
        return revision == null || revision.getStatus() == null ? null : revision.getStatus().getPhase();
    }

    private static String describe(ModelRevision revision) {
        if (revision == null) {
            return "not created yet";
        }
        if (revision.getStatus() == null) {
            return "no status yet";
        }
        var rollout = revision.getStatus().getRollout();
        return revision.getStatus().getPhase() + " / " + revision.getStatus().getReason() + ": " + revision.getStatus().getMessage()
                + (rollout == null ? "" : " | rollout: " + rollout.getMessage());
    }

    private static Instant transitionTime(ModelRevision revision, String phase) {
        return enteredAt(revision, phase)
                .orElseThrow(() -> new AssertionError(revision.getMetadata().getName() + " never entered " + phase));
    }

    private static Optional<Instant> enteredAt(ModelRevision revision, String phase) {
        return revision.getStatus().getTransitions().stream().filter(t -> phase.equals(t.getPhase()))
                .map(t -> Instant.parse(t.getTime())).findFirst();
    }

    private static void printTransitions(ModelRevision revision) {
        Instant created = Instant.parse(revision.getMetadata().getCreationTimestamp());
        E2e.log("%s transitions (status, relative to creation):%n%s", revision.getMetadata().getName(),
                revision.getStatus().getTransitions().stream()
                        .map(t -> String.format("  %-11s %+3ds  %s", t.getPhase(),
                                Duration.between(created, Instant.parse(t.getTime())).toSeconds(), Objects.toString(t.getReason(), "")))
                        .collect(Collectors.joining("\n")));
    }

    private static void awaitEvent(String involvedObject, String type, String reason) {
        await("Event " + type + " " + reason + " on " + involvedObject).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                        assertThat(env.admin().v1().events().inNamespace(NAMESPACE).list().getItems())
                                .anyMatch(e -> involvedObject.equals(e.getInvolvedObject().getName())
                                        && type.equals(e.getType()) && reason.equals(e.getReason())));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * Every change of a Deployment's spec.replicas and of a Service's selector in the namespace, as the watch
     * delivers it, with the local time it arrived: what polling could miss (a replica count held for a moment), and
     * the moment of the rollback patch.
     */
    private static final class ServingRecorder implements AutoCloseable {

        private record ReplicasSample(long nanos, String name, int replicas) {
        }

        private record SelectorSample(long nanos, String name, Map<String, String> selector) {
        }

        private final List<ReplicasSample> replicas = new CopyOnWriteArrayList<>();
        private final List<SelectorSample> selectors = new CopyOnWriteArrayList<>();
        private final SharedIndexInformer<Deployment> deployments;
        private final SharedIndexInformer<Service> services;

        ServingRecorder() {
            deployments = env.admin().apps().deployments().inNamespace(NAMESPACE).inform(handler(d -> {
                Integer r = d.getSpec().getReplicas();
                String name = d.getMetadata().getName();
                if (r != null && last(replicas, s -> s.name().equals(name)).map(s -> s.replicas() != r).orElse(true)) {
                    replicas.add(new ReplicasSample(System.nanoTime(), name, r));
                }
            }));
            services = env.admin().services().inNamespace(NAMESPACE).inform(handler(s -> {
                Map<String, String> selector = s.getSpec().getSelector() == null ? Map.of() : Map.copyOf(s.getSpec().getSelector());
                String name = s.getMetadata().getName();
                if (last(selectors, x -> x.name().equals(name)).map(x -> !x.selector().equals(selector)).orElse(true)) {
                    selectors.add(new SelectorSample(System.nanoTime(), name, selector));
                }
            }));
        }

        private static <T> ResourceEventHandler<T> handler(java.util.function.Consumer<T> onChange) {
            return new ResourceEventHandler<>() {
                @Override
                public void onAdd(T obj) {
                    onChange.accept(obj);
                }

                @Override
                public void onUpdate(T oldObj, T newObj) {
                    onChange.accept(newObj);
                }

                @Override
                public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                }
            };
        }

        private static <T> Optional<T> last(List<T> samples, Predicate<T> filter) {
            T found = null;
            for (T sample : samples) {
                if (filter.test(sample)) {
                    found = sample;
                }
            }
            return Optional.ofNullable(found);
        }

        List<Integer> specReplicas(String deployment) {
            return replicas.stream().filter(s -> s.name().equals(deployment)).map(ReplicasSample::replicas).toList();
        }

        /** spec.replicas the Deployment had at {@code sinceNanos} and every value after. */
        List<Integer> specReplicasSince(String deployment, long sinceNanos) {
            List<Integer> values = new ArrayList<>();
            last(replicas, s -> s.name().equals(deployment) && s.nanos() <= sinceNanos).ifPresent(s -> values.add(s.replicas()));
            replicas.stream().filter(s -> s.name().equals(deployment) && s.nanos() > sinceNanos).forEach(s -> values.add(s.replicas()));
            return values;
        }

        Optional<Long> firstSpecReplicas(String deployment, int value, long sinceNanos) {
            return replicas.stream().filter(s -> s.name().equals(deployment) && s.nanos() > sinceNanos && s.replicas() == value)
                    .map(ReplicasSample::nanos).findFirst();
        }

        /** "canary/stable" spec.replicas after each change of either, from the canary's creation on. */
        List<String> replicaPairs(String canary, String stable) {
            List<String> pairs = new ArrayList<>();
            Integer c = null;
            Integer s = null;
            for (ReplicasSample sample : replicas) {
                if (sample.name().equals(canary)) {
                    c = sample.replicas();
                } else if (sample.name().equals(stable)) {
                    s = sample.replicas();
                } else {
                    continue;
                }
                if (c != null && s != null) {
                    pairs.add(c + "/" + s);
                }
            }
            return pairs;
        }

        List<Map<String, String>> selectors(String service) {
            return selectors.stream().filter(s -> s.name().equals(service)).map(SelectorSample::selector).toList();
        }

        @Override
        public void close() {
            deployments.close();
            services.close();
        }
    }
}
