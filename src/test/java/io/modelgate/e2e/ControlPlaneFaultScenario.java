package io.modelgate.e2e;

import io.modelgate.api.AnalysisRunStatus;
import io.modelgate.api.MeasurementStatus;
import io.modelgate.api.MetricRunStatus;
import io.modelgate.api.ModelRevision;
import io.modelgate.testing.LocalPrometheus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static io.modelgate.e2e.FaultKit.log;
import static io.modelgate.e2e.FaultKit.phase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * (2) Control-plane faults in the middle of two canary analyses (a real Prometheus, one measurement every 2 s): the
 * kube-apiserver is killed and started again (same etcd, so every object stays; every client loses its connections and watches), then
 * etcd is frozen (SIGSTOP) for three intervals. The operator is supervised as the kubelet would: when it halts because
 * it could not renew its Lease, it is started again. Both rollouts must resume at their step with their counters: the
 * same analysis run (name and start), the step index and the counters never going back. And each ends as its metrics
 * say: the healthy canary is promoted after exactly {@code count} successful measurements; the failing one is rolled
 * back at its (failureLimit+1)-th failure, counting the failure measured before the faults.
 */
final class ControlPlaneFaultScenario {

    private static final String HEALTHY = "cp-healthy";
    private static final String FAILING = "cp-failing";
    private static final int REPLICAS = 4;
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final int COUNT = 15;
    /** High enough that the failing canary needs failures from before, between and after both faults. */
    private static final int FAILURE_LIMIT = 6;
    private static final String METRIC = "model_errors_ratio";
    private static final double GOOD = 0.01;
    private static final double BAD = 0.3;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private static final String ROLLOUT = """
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
                    interval: %ds
                    count: %d
                    failureLimit: %d
                    consecutiveErrorLimit: 10
                    prometheus:
                      query: 'max(%s{revision="{{revision}}"})'
                      timeoutSeconds: 2
            """.formatted(INTERVAL.toSeconds(), COUNT, FAILURE_LIMIT, METRIC);

    /** What a poll saw of a canary's analysis. */
    record Sample(long nanos, String phase, Integer step, String run, String startedAt, int successful, int failed) {
    }

    private final FaultKit kit;
    private final OperatorReplicas replicas;
    private final LocalPrometheus prometheus;
    private final ClusterWatch watch;
    private final List<String> report;
    private final Map<String, List<Sample>> samples = Map.of(HEALTHY, new CopyOnWriteArrayList<>(), FAILING, new CopyOnWriteArrayList<>());

    ControlPlaneFaultScenario(FaultKit kit, OperatorReplicas replicas, LocalPrometheus prometheus, ClusterWatch watch, List<String> report) {
        this.kit = kit;
        this.watch = watch;
        this.replicas = replicas;
        this.prometheus = prometheus;
        this.report = report;
    }

    void run(String leaderIdentity) {
        for (String pipeline : List.of(HEALTHY, FAILING)) {
            for (int n = 1; n <= 2; n++) {
                prometheus.setGauge(METRIC, Map.of("revision", pipeline + "-r" + n), GOOD);
            }
            kit.create(new FaultKit.PipelineYaml(pipeline).replicas(REPLICAS).rollout(ROLLOUT));
        }
        prometheus.awaitScrapes(2);
        int incarnationsBefore = replicas.all().size();
        replicas.supervise(replicas.current(leaderIdentity));
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
        try {
            await("(2) both r1 serve").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                for (String pipeline : List.of(HEALTHY, FAILING)) {
                    assertThat(phase(kit.revision(pipeline + "-r1"))).as(FaultKit.describe(kit.revision(pipeline + "-r1"))).isEqualTo("Promoted");
                    kit.assertServesWhole(pipeline + "-r1", REPLICAS);
                }
            });
            Map<String, String> healthyPods = kit.servingPods(HEALTHY + "-r1");
            Map<String, String> failingPods = kit.servingPods(FAILING + "-r1");
            kit.setParameter(HEALTHY, "generation", "1");
            kit.setParameter(FAILING, "generation", "1");
            poller.scheduleWithFixedDelay(this::sample, 0, 200, TimeUnit.MILLISECONDS);
            await("(2) both canaries in their analysis step, measured").atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> {
                        assertThat(successful(HEALTHY)).isGreaterThanOrEqualTo(2);
                        assertThat(successful(FAILING)).isGreaterThanOrEqualTo(1);
                    });
            prometheus.setGauge(METRIC, Map.of("revision", FAILING + "-r2"), BAD);
            await("(2) the failing canary's first failure").atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .until(() -> failed(FAILING) >= 1);
            sample();
            Sample healthyBefore = last(HEALTHY);
            Sample failingBefore = last(FAILING);
            log("(2) before the faults: %s %s, %s %s", HEALTHY, healthyBefore, FAILING, failingBefore);

            // ---- the kube-apiserver restarted mid-analysis
            Instant restartAt = Instant.now();
            long restart = System.nanoTime();
            kit.env.timings().time("(2) kube-apiserver restart", () -> kit.env.cluster().restartApiServer());
            double away = FaultKit.seconds(restart, System.nanoTime());
            log("(2) kube-apiserver restarted: %.1f s from SIGKILL to ready again", away);
            await("(2) both analyses go on after the restart").atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> {
                        assertThat(failed(FAILING)).as("failures of %s-r2", FAILING).isGreaterThanOrEqualTo(2);
                        assertThat(successful(HEALTHY)).as("successes of %s-r2", HEALTHY).isGreaterThan(healthyBefore.successful());
                    });
            log("(2) after the restart: %s %s, %s %s", HEALTHY, last(HEALTHY), FAILING, last(FAILING));

            // ---- etcd frozen for three intervals (a fault of a length measured by the clock)
            Duration pause = INTERVAL.multipliedBy(3);
            sample();
            assertThat(last(HEALTHY).phase()).as("%s-r2 still in its analysis when etcd is paused", HEALTHY).isEqualTo("RollingOut");
            assertThat(last(FAILING).phase()).as("%s-r2 still in its analysis when etcd is paused", FAILING).isEqualTo("RollingOut");
            long paused = System.nanoTime();
            kit.env.cluster().pause("etcd");
            try {
                await("(2) etcd paused for " + pause).atMost(pause.plusSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> System.nanoTime() - paused >= pause.toNanos());
            } finally {
                kit.env.cluster().resume("etcd");
            }
            log("(2) etcd was paused for %.1f s", FaultKit.seconds(paused, System.nanoTime()));

            await("(2) the failing canary RolledBack, the healthy one Promoted").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> {
                        assertThat(phase(kit.revision(FAILING + "-r2"))).as(FaultKit.describe(kit.revision(FAILING + "-r2"))).isEqualTo("RolledBack");
                        assertThat(phase(kit.revision(HEALTHY + "-r2"))).as(FaultKit.describe(kit.revision(HEALTHY + "-r2"))).isEqualTo("Promoted");
                    });
            poller.shutdownNow();

            ModelRevision failing = kit.revision(FAILING + "-r2");
            ModelRevision healthy = kit.revision(HEALTHY + "-r2");
            MetricRunStatus failingMetric = FaultKit.metric(failing, "error-rate");
            MetricRunStatus healthyMetric = FaultKit.metric(healthy, "error-rate");
            log("(2) %s: %s; error-rate successful %d failed %d", FAILING + "-r2", failing.getStatus().getMessage(),
                    failingMetric.getSuccessful(), failingMetric.getFailed());
            log("(2) %s: %s; error-rate successful %d failed %d", HEALTHY + "-r2", healthy.getStatus().getMessage(),
                    healthyMetric.getSuccessful(), healthyMetric.getFailed());
            assertThat(failingMetric.getFailed()).as("%s-r2 rolled back at its (failureLimit+1)-th failure", FAILING).isEqualTo(FAILURE_LIMIT + 1);
            assertThat(failing.getStatus().getReason()).isEqualTo("AnalysisFailed");
            List<MeasurementStatus> failures = FaultKit.measurements(failing).stream().filter(m -> "Failed".equals(m.getPhase())).toList();
            assertThat(failures).hasSize(FAILURE_LIMIT + 1);
            assertThat(Instant.parse(failures.get(0).getTime())).as("the first failure, measured before the restart, still counted")
                    .isBefore(restartAt);
            assertThat(healthyMetric.getSuccessful()).as("%s-r2: exactly count successful measurements", HEALTHY).isEqualTo(COUNT);
            assertThat(healthyMetric.getFailed()).isZero();

            for (String pipeline : List.of(HEALTHY, FAILING)) {
                assertResumed(pipeline, pipeline.equals(HEALTHY) ? healthyBefore : failingBefore);
            }
            // The stable revisions were never touched; the rolled-back canary is at 0.
            await("(2) after the rollback").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                kit.assertServesWhole(FAILING + "-r1", REPLICAS);
                assertThat(FaultKit.specReplicas(kit.deployment(FAILING + "-r2"))).isZero();
                kit.assertServesWhole(HEALTHY + "-r2", REPLICAS);
            });
            assertThat(kit.servingPods(FAILING + "-r1")).as("%s-r1's pods (name -> uid) before r2 and after its rollback", FAILING).isEqualTo(failingPods);
            assertThat(healthyPods).hasSize(REPLICAS);

            Instant firstFailure = Instant.parse(failures.get(0).getTime());
            Instant rolledBack = watch.firstSeen(FAILING + "-r2", "RolledBack").orElseThrow();
            String line = String.format("rollback latency across a kube-apiserver crash and restart (%.1f s) and an etcd pause (%.1f s): %.1f s "
                            + "from the first failing measurement to RolledBack seen (interval %d s, failureLimit %d: %d failures needed)",
                    away, pause.toMillis() / 1000.0, FaultKit.seconds(firstFailure, rolledBack), INTERVAL.toSeconds(), FAILURE_LIMIT,
                    FAILURE_LIMIT + 1);
            report.add(line);
            log("%s", line);
            List<OperatorReplicas.Replica> restarted = replicas.all().subList(incarnationsBefore, replicas.all().size());
            log("(2) the leader %s was restarted %d times during the faults (it halts when it cannot renew its Lease for the "
                    + "renew deadline): %s", leaderIdentity, restarted.size(), restarted);
        } finally {
            poller.shutdownNow();
            replicas.unsupervise();
        }
    }

    /** The same run, at the same step, with counters that never went back, from before the faults to the end. */
    private void assertResumed(String pipeline, Sample before) {
        List<Sample> seen = samples.get(pipeline).stream().filter(s -> s.nanos() >= before.nanos()).toList();
        assertThat(seen).as("samples of %s-r2 from before the faults on", pipeline).isNotEmpty();
        for (int i = 1; i < seen.size(); i++) {
            Sample a = seen.get(i - 1);
            Sample b = seen.get(i);
            if (b.run() == null) {
                continue;
            }
            assertThat(b.run()).as("%s-r2 analysis run, sample %d", pipeline, i).isEqualTo(before.run());
            assertThat(b.startedAt()).as("%s-r2 run start, sample %d", pipeline, i).isEqualTo(before.startedAt());
            assertThat(b.successful()).as("%s-r2 successful, sample %d: %s after %s", pipeline, i, b, a).isGreaterThanOrEqualTo(a.successful());
            assertThat(b.failed()).as("%s-r2 failed, sample %d: %s after %s", pipeline, i, b, a).isGreaterThanOrEqualTo(a.failed());
            if ("RollingOut".equals(b.phase()) && "RollingOut".equals(a.phase())) {
                assertThat(b.step()).as("%s-r2 step index, sample %d", pipeline, i).isGreaterThanOrEqualTo(a.step());
            }
        }
        List<Sample> during = seen.stream().filter(s -> "RollingOut".equals(s.phase()) && s.successful() + s.failed() > before.successful() + before.failed()).toList();
        assertThat(during).as("%s-r2 measured on after the faults", pipeline).isNotEmpty();
        log("(2) %s-r2 resumed: run %s (started %s) at step %d throughout the faults, counters %d/%d -> %d/%d (successful/failed)",
                pipeline, before.run(), before.startedAt(), before.step(), before.successful(), before.failed(),
                seen.get(seen.size() - 1).successful(), seen.get(seen.size() - 1).failed());
    }

    private void sample() {
        for (String pipeline : List.of(HEALTHY, FAILING)) {
            try {
                ModelRevision revision = kit.revision(pipeline + "-r2");
                if (revision == null || revision.getStatus() == null || revision.getStatus().getRollout() == null) {
                    continue;
                }
                AnalysisRunStatus run = revision.getStatus().getRollout().getAnalysisRuns().stream()
                        .filter(r -> r.getName().contains("step")).findFirst().orElse(null);
                MetricRunStatus metric = run == null ? null : run.getMetrics().stream().findFirst().orElse(null);
                samples.get(pipeline).add(new Sample(System.nanoTime(), phase(revision), revision.getStatus().getRollout().getStepIndex(),
                        run == null ? null : run.getName(), run == null ? null : run.getStartedAt(),
                        metric == null || metric.getSuccessful() == null ? 0 : metric.getSuccessful(),
                        metric == null || metric.getFailed() == null ? 0 : metric.getFailed()));
            } catch (RuntimeException apiServerAway) {
                // the restart or the pause: the next poll reads again
            }
        }
    }

    private Sample last(String pipeline) {
        List<Sample> list = samples.get(pipeline);
        await("a sample of " + pipeline).atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> !list.isEmpty());
        return list.get(list.size() - 1);
    }

    private int successful(String pipeline) {
        MetricRunStatus metric = FaultKit.metric(kit.revision(pipeline + "-r2"), "error-rate");
        return metric == null || metric.getSuccessful() == null ? 0 : metric.getSuccessful();
    }

    private int failed(String pipeline) {
        MetricRunStatus metric = FaultKit.metric(kit.revision(pipeline + "-r2"), "error-rate");
        return metric == null || metric.getFailed() == null ? 0 : metric.getFailed();
    }
}
