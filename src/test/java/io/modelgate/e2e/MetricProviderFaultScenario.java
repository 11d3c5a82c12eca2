package io.modelgate.e2e;

import io.modelgate.api.MeasurementStatus;
import io.modelgate.api.MetricRunStatus;
import io.modelgate.api.ModelRevision;
import io.modelgate.testing.LocalPrometheus;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.modelgate.e2e.FaultKit.log;
import static io.modelgate.e2e.FaultKit.phase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * (4) The metric providers misbehaving during canaries (one measurement a second, a step analysis at weight 25), six
 * pipelines side by side, each showing one rule of the README's analysis policy deciding:
 * <ul>
 *   <li>{@code pf-errors}: the http endpoint answers HTTP 500 twice, within {@code consecutiveErrorLimit: 2}: the
 *       streak ends with the next answer, errors do not count toward {@code count}, the canary is promoted;</li>
 *   <li>{@code pf-slow}: the http endpoint answers slower than {@code timeoutSeconds: 1}: Errors, and the third in a
 *       row (past the limit of 2) rolls the canary back;</li>
 *   <li>{@code pf-nan}: Prometheus returns NaN: no data, Inconclusive under the default {@code noData}; past
 *       {@code inconclusiveLimit: 1} the rollout waits for a person (it stays so), who aborts it;</li>
 *   <li>{@code pf-empty}: Prometheus returns an empty vector (the series is gone), {@code noData: Fail}: the first
 *       such answer fails the canary ({@code failureLimit: 0}) and rolls it back;</li>
 *   <li>{@code pf-prom-error}: Prometheus answers errors (422, the query's result is no longer one labelset per series):
 *       three Errors in a row roll the canary back;</li>
 *   <li>{@code pf-prom-slow}: Prometheus is frozen (SIGSTOP) and answers nothing within {@code timeoutSeconds: 1}:
 *       Errors, rolled back past the limit.</li>
 * </ul>
 * Serving is never harmed: every stable Deployment keeps its 4 replicas, all ready, with the same pods, from before
 * the canary to the end (the watch sees every change of spec.replicas and readyReplicas). The rollback latency (first
 * failing measurement to RolledBack) is reported against the interval.
 */
final class MetricProviderFaultScenario {

    private static final int REPLICAS = 4;
    private static final String METRIC = "model_errors_ratio";
    private static final double GOOD = 0.01;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final int ERROR_LIMIT = 2;

    private static final String ERRORS = "pf-errors";
    private static final String SLOW = "pf-slow";
    private static final String NAN = "pf-nan";
    private static final String EMPTY = "pf-empty";
    private static final String PROM_ERROR = "pf-prom-error";
    private static final String PROM_SLOW = "pf-prom-slow";
    private static final List<String> ALL = List.of(ERRORS, SLOW, NAN, EMPTY, PROM_ERROR, PROM_SLOW);

    private final FaultKit kit;
    private final LocalPrometheus prometheus;
    private final ClusterWatch watch;
    private final List<String> report;
    private final FaultyMetricEndpoint endpoint = new FaultyMetricEndpoint();

    MetricProviderFaultScenario(FaultKit kit, LocalPrometheus prometheus, ClusterWatch watch, List<String> report) {
        this.kit = kit;
        this.prometheus = prometheus;
        this.watch = watch;
        this.report = report;
    }

    private String rollout(String pipeline) {
        String provider;
        String limits;
        int count = 30;
        switch (pipeline) {
            case ERRORS -> {
                provider = http(5);
                limits = "consecutiveErrorLimit: " + ERROR_LIMIT;
                count = 4;
            }
            case SLOW -> {
                provider = http(1);
                limits = "consecutiveErrorLimit: " + ERROR_LIMIT;
            }
            case NAN -> {
                provider = prometheus("max(" + METRIC + "{revision=\"{{revision}}\"})");
                limits = "inconclusiveLimit: 1";
            }
            case EMPTY -> {
                provider = prometheus(METRIC + "{revision=\"{{revision}}\"}");
                limits = "noData: Fail";
            }
            case PROM_ERROR -> {
                // One series per shard; the shard label removed: two shards make two series with one labelset, which
                // Prometheus refuses to answer (an execution error).
                provider = prometheus("label_replace(" + METRIC + "{revision=\"{{revision}}\"}, \"shard\", \"\", \"shard\", \".*\")");
                limits = "consecutiveErrorLimit: " + ERROR_LIMIT;
            }
            default -> {
                provider = prometheus("max(" + METRIC + "{revision=\"{{revision}}\"})");
                limits = "consecutiveErrorLimit: " + ERROR_LIMIT;
            }
        }
        return """
                strategy: Canary
                steps:
                  - setWeight: 25
                  - analysis: {name: health}
                  - setWeight: 100
                analyses:
                  - name: health
                    metrics:
                      - name: error-rate
                        max: 0.05
                        interval: 1s
                        count: %d
                        %s
                %s""".formatted(count, limits, provider.indent(8));
    }

    private String http(int timeoutSeconds) {
        return "http: {url: '" + endpoint.urlTemplate() + "', jsonPointer: /errorRate, timeoutSeconds: " + timeoutSeconds + "}";
    }

    private static String prometheus(String query) {
        return "prometheus: {query: '" + query.replace("'", "''") + "', timeoutSeconds: 1}";
    }

    void run() {
        long started = System.nanoTime();
        try (endpoint) {
            for (String pipeline : ALL) {
                String r2 = pipeline + "-r2";
                endpoint.set(r2, new FaultyMetricEndpoint.Value(GOOD));
                prometheus.setGauge(METRIC, Map.of("revision", r2, "shard", "a"), GOOD);
                kit.create(new FaultKit.PipelineYaml(pipeline).replicas(REPLICAS).rollout(rollout(pipeline)));
            }
            endpoint.queue(ERRORS + "-r2", new FaultyMetricEndpoint.Status(500), ERROR_LIMIT);
            prometheus.awaitScrapes(2);
            await("(4) every r1 serves").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                for (String pipeline : ALL) {
                    assertThat(phase(kit.revision(pipeline + "-r1"))).as(FaultKit.describe(kit.revision(pipeline + "-r1"))).isEqualTo("Promoted");
                    kit.assertServesWhole(pipeline + "-r1", REPLICAS);
                }
            });
            Map<String, Map<String, String>> stablePods = new LinkedHashMap<>();
            ALL.forEach(p -> stablePods.put(p, kit.servingPods(p + "-r1")));
            long canaries = System.nanoTime();
            ALL.forEach(p -> kit.setParameter(p, "generation", "1"));

            // ---- the faults start once each canary has one good measurement (pf-errors starts with its errors)
            Map<String, Instant> faultAt = new LinkedHashMap<>();
            awaitSuccessful(SLOW);
            faultAt.put(SLOW, Instant.now());
            endpoint.set(SLOW + "-r2", new FaultyMetricEndpoint.Slow(Duration.ofSeconds(3), GOOD));
            awaitSuccessful(NAN);
            faultAt.put(NAN, Instant.now());
            prometheus.setGauge(METRIC, Map.of("revision", NAN + "-r2", "shard", "a"), Double.NaN);
            awaitSuccessful(EMPTY);
            faultAt.put(EMPTY, Instant.now());
            prometheus.remove(METRIC, Map.of("revision", EMPTY + "-r2", "shard", "a"));
            awaitSuccessful(PROM_ERROR);
            faultAt.put(PROM_ERROR, Instant.now());
            prometheus.setGauge(METRIC, Map.of("revision", PROM_ERROR + "-r2", "shard", "b"), GOOD);

            // ---- pf-errors promoted despite two errors; pf-nan waits for a person; the others roll back
            ModelRevision errors = awaitPhase(ERRORS, "Promoted");
            MetricRunStatus errorsMetric = FaultKit.metric(errors, "error-rate");
            assertThat(errorsMetric.getError()).as("%s-r2 errors (HTTP 500), within the limit", ERRORS).isEqualTo(ERROR_LIMIT);
            assertThat(errorsMetric.getMaxConsecutiveErrors()).isEqualTo(ERROR_LIMIT);
            assertThat(errorsMetric.getSuccessful()).as("errors do not count toward count").isEqualTo(4);
            assertThat(FaultKit.measurements(errors)).filteredOn(m -> "Error".equals(m.getPhase()))
                    .allSatisfy(m -> assertThat(m.getMessage()).contains("HTTP 500"));

            awaitPausedForAPerson();
            ModelRevision slow = rolledBack(SLOW, faultAt.get(SLOW), "Error", "timeout|timed out|did not answer", 1, "consecutiveErrorLimit " + ERROR_LIMIT);
            assertThat(FaultKit.metric(slow, "error-rate").getConsecutiveErrors()).isEqualTo(ERROR_LIMIT + 1);
            ModelRevision empty = rolledBack(EMPTY, faultAt.get(EMPTY), "Failed", "empty vector", 1, "noData Fail, failureLimit 0");
            assertThat(FaultKit.metric(empty, "error-rate").getFailed()).isEqualTo(1);
            ModelRevision promError = rolledBack(PROM_ERROR, faultAt.get(PROM_ERROR), "Error", "422|execution|same labelset", 1,
                    "consecutiveErrorLimit " + ERROR_LIMIT);
            assertThat(FaultKit.metric(promError, "error-rate").getConsecutiveErrors()).isEqualTo(ERROR_LIMIT + 1);

            // ---- Prometheus frozen: only pf-prom-slow still queries it (pf-nan's analysis is decided)
            awaitSuccessful(PROM_SLOW);
            faultAt.put(PROM_SLOW, Instant.now());
            prometheus.pause();
            ModelRevision promSlow;
            try {
                promSlow = rolledBack(PROM_SLOW, faultAt.get(PROM_SLOW), "Error", "timeout|timed out|did not answer", 1,
                        "consecutiveErrorLimit " + ERROR_LIMIT);
            } finally {
                prometheus.resume();
            }
            assertThat(FaultKit.metric(promSlow, "error-rate").getConsecutiveErrors()).isEqualTo(ERROR_LIMIT + 1);

            // ---- the person aborts the paused rollout
            kit.annotate(NAN, "abort");
            awaitPhase(NAN, "Aborted");

            // ---- serving was never harmed
            await("(4) canaries at 0, stable revisions whole").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                for (String pipeline : ALL) {
                    if (pipeline.equals(ERRORS)) {
                        kit.assertServesWhole(pipeline + "-r2", REPLICAS);
                        assertThat(FaultKit.specReplicas(kit.deployment(pipeline + "-r1"))).isZero();
                    } else {
                        kit.assertServesWhole(pipeline + "-r1", REPLICAS);
                        assertThat(FaultKit.specReplicas(kit.deployment(pipeline + "-r2"))).as("%s-r2 scaled to 0", pipeline).isZero();
                    }
                }
            });
            for (String pipeline : ALL) {
                if (!pipeline.equals(ERRORS)) {
                    assertThat(kit.servingPods(pipeline + "-r1")).as("%s-r1's pods (name -> uid) before the canary and at the end", pipeline)
                            .isEqualTo(stablePods.get(pipeline));
                }
                List<ClusterWatch.Scale> scales = watch.scalesSince(pipeline + "-r1", canaries);
                Instant promotedAt = pipeline.equals(ERRORS) ? FaultKit.transitionTime(errors, "Promoted") : null;
                List<ClusterWatch.Scale> whileStable = pipeline.equals(ERRORS) ? scales.subList(0, 1) : scales;
                assertThat(whileStable).as("%s-r1 (spec.replicas, ready) from the canary's start on", pipeline).isNotEmpty()
                        .allSatisfy(s -> {
                            assertThat(s.replicas()).isEqualTo(REPLICAS);
                            assertThat(s.ready()).isEqualTo(REPLICAS);
                        });
                log("(4) %s-r1 (spec.replicas/ready) from the canary's start: %s%s", pipeline,
                        scales.stream().map(s -> s.replicas() + "/" + s.ready()).toList(),
                        promotedAt == null ? "" : " (r2 promoted at " + promotedAt + ")");
            }
            log("(4) done in %.1f s", FaultKit.seconds(started, System.nanoTime()));
        }
    }

    private void awaitSuccessful(String pipeline) {
        await("(4) " + pipeline + "-r2 measured Successful").atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            ModelRevision revision = kit.revision(pipeline + "-r2");
            assertThat(phase(revision)).as(FaultKit.describe(revision)).isEqualTo("RollingOut");
            MetricRunStatus metric = FaultKit.metric(revision, "error-rate");
            assertThat(metric).as("%s-r2 analysis", pipeline).isNotNull();
            assertThat(metric.getSuccessful()).isGreaterThanOrEqualTo(1);
        });
    }

    private ModelRevision awaitPhase(String pipeline, String phase) {
        String name = pipeline + "-r2";
        await("(4) " + name + " " + phase).atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(phase(kit.revision(name))).as(FaultKit.describe(kit.revision(name))).isEqualTo(phase));
        ModelRevision revision = kit.revision(name);
        log("(4) %s", FaultKit.describe(revision));
        return revision;
    }

    /** pf-nan: Inconclusive past inconclusiveLimit waits for a person, and keeps waiting (three intervals). */
    private void awaitPausedForAPerson() {
        String name = NAN + "-r2";
        await("(4) " + name + " waits for a person").atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            ModelRevision revision = kit.revision(name);
            assertThat(phase(revision)).as(FaultKit.describe(revision)).isEqualTo("RollingOut");
            assertThat(revision.getStatus().getRollout().getPausedReason()).as("pausedReason of %s", name).isNotBlank();
            assertThat(FaultKit.condition(kit.pipeline(NAN), "Progressing"))
                    .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("WaitingForPromotion"));
        });
        await("(4) " + name + " keeps waiting").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    ModelRevision revision = kit.revision(name);
                    assertThat(phase(revision)).isEqualTo("RollingOut");
                    assertThat(revision.getStatus().getRollout().getPausedReason()).isNotBlank();
                    kit.assertServesWhole(NAN + "-r1", REPLICAS);
                });
        ModelRevision revision = kit.revision(name);
        MetricRunStatus metric = FaultKit.metric(revision, "error-rate");
        assertThat(metric.getInconclusive()).as("inconclusive measurements of %s (limit 1)", name).isEqualTo(2);
        assertThat(FaultKit.measurements(revision)).filteredOn(m -> "Inconclusive".equals(m.getPhase()))
                .allSatisfy(m -> assertThat(m.getMessage()).contains("NaN"));
        log("(4) %s waits for a person: %s", name, revision.getStatus().getRollout().getPausedReason());
    }

    /**
     * Waits for the rollback, checks the deciding measurements and reports the latency from the first failing
     * measurement after the fault to RolledBack (both from the revision's status).
     */
    private ModelRevision rolledBack(String pipeline, Instant fault, String badPhase, String messageRegex, int intervalSeconds, String limit) {
        ModelRevision revision = awaitPhase(pipeline, "RolledBack");
        List<MeasurementStatus> bad = FaultKit.measurements(revision).stream()
                .filter(m -> badPhase.equals(m.getPhase()) && !Instant.parse(m.getTime()).isBefore(fault.minusSeconds(1))).toList();
        assertThat(bad).as("%s measurements of %s-r2 after the fault", badPhase, pipeline).isNotEmpty()
                .allSatisfy(m -> assertThat(m.getMessage()).containsPattern("(?i)" + messageRegex));
        Instant first = Instant.parse(bad.get(0).getTime());
        Instant rolled = watch.firstSeen(pipeline + "-r2", "RolledBack").orElseThrow();
        String line = String.format("rollback latency %s: %.1f s from the first %s measurement to RolledBack seen, %.1f s from the fault "
                        + "(interval %d s, %s; %s)", pipeline, FaultKit.seconds(first, rolled), badPhase, FaultKit.seconds(fault, rolled),
                intervalSeconds, limit, bad.get(0).getMessage().replaceAll("\\s+", " ").replaceAll("http://127\\.0\\.0\\.1:\\d+", "…"));
        report.add(line);
        log("%s", line);
        return revision;
    }
}
