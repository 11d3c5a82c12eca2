package io.modelgate.provider;

import io.modelgate.analysis.ProviderResult;
import io.modelgate.testing.LocalPrometheus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

import static io.modelgate.provider.PrometheusProviderTest.errorOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The Prometheus provider against a real Prometheus (Debian's package) that scrapes, every second, a
 * metrics endpoint this test controls: one series per revision.
 */
@Tag("integration")
class PrometheusProviderIntegrationTest {

    private static final Logger LOG = Logger.getLogger(PrometheusProviderIntegrationTest.class.getName());

    @RegisterExtension
    static final LocalPrometheus PROMETHEUS = new LocalPrometheus();

    static final String REQUESTS = "modelgate_test_requests_total";
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    static final Duration SCRAPES = Duration.ofSeconds(30);
    static final Map<String, String> CANARY = Map.of("namespace", "ml", "pipeline", "fraud",
            "revision", "fraud-r2", "stableRevision", "fraud-r1");

    /** The canary's error ratio over the last 5 s. */
    static final String ERROR_RATIO = "sum(rate(" + REQUESTS + "{revision=\"{{revision}}\",code=\"500\"}[5s]))"
            + " / sum(rate(" + REQUESTS + "{revision=\"{{revision}}\"}[5s]))";

    final PrometheusProvider provider = new PrometheusProvider();

    @BeforeAll
    static void traffic() {
        LOG.info(() -> "Prometheus " + PROMETHEUS.address() + " ready in " + PROMETHEUS.lastStartup().toMillis()
                + " ms, scraping " + PROMETHEUS.metricsUrl());
        // Stable: 10 req/s, 1 % errors. Canary: 8 req/s of which 2 fail.
        PROMETHEUS.setCounterRate(REQUESTS, Map.of("revision", "fraud-r1", "code", "200"), 9.9);
        PROMETHEUS.setCounterRate(REQUESTS, Map.of("revision", "fraud-r1", "code", "500"), 0.1);
        PROMETHEUS.setCounterRate(REQUESTS, Map.of("revision", "fraud-r2", "code", "200"), 6.0);
        PROMETHEUS.setCounterRate(REQUESTS, Map.of("revision", "fraud-r2", "code", "500"), 2.0);
    }

    ProviderResult measure(String template, Map<String, String> variables) {
        return provider.measure(new PrometheusQuery(PROMETHEUS.address(), template, variables, TIMEOUT), null);
    }

    static double valueOf(ProviderResult result) {
        assertThat(result).isInstanceOf(ProviderResult.Value.class);
        return ((ProviderResult.Value) result).value();
    }

    @Test
    void aRateOverTheScrapedSeriesIsTheRateTheTestSet() {
        String canaryErrors = "sum(rate(" + REQUESTS + "{revision=\"{{revision}}\",code=\"500\"}[5s]))";

        await().atMost(SCRAPES).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(valueOf(measure(canaryErrors, CANARY))).isCloseTo(2.0, within(0.05)));
        await().atMost(SCRAPES).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(valueOf(measure(ERROR_RATIO, CANARY))).isCloseTo(0.25, within(0.005)));
    }

    @Test
    void theStableRevisionIsTheSameQueryWithItsName() {
        PrometheusQuery canary = new PrometheusQuery(PROMETHEUS.address(), ERROR_RATIO, CANARY, TIMEOUT);
        PrometheusQuery stable = canary.withVariables(Map.of("revision", CANARY.get("stableRevision")));

        await().atMost(SCRAPES).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(valueOf(provider.measure(stable, null))).isCloseTo(0.01, within(0.001)));
    }

    @Test
    void aValueTheTestChangesIsFollowed() {
        Map<String, String> labels = Map.of("revision", "fraud-r3");
        PROMETHEUS.setGauge("modelgate_test_latency_seconds", labels, 0.125);
        String latency = "max(modelgate_test_latency_seconds{revision=\"{{revision}}\"})";
        Map<String, String> r3 = Map.of("revision", "fraud-r3");

        await().atMost(SCRAPES).pollInterval(Duration.ofMillis(200)).until(() -> measure(latency, r3),
                new ProviderResult.Value(0.125)::equals);

        PROMETHEUS.setGauge("modelgate_test_latency_seconds", labels, 2.5);
        await().atMost(SCRAPES).pollInterval(Duration.ofMillis(200)).until(() -> measure(latency, r3),
                new ProviderResult.Value(2.5)::equals);
    }

    @Test
    void aSelectorThatMatchesNothingIsNoData() {
        PROMETHEUS.awaitScrapes(1);

        assertThat(measure("sum(rate(" + REQUESTS + "{revision=\"{{revision}}\"}[5s]))", Map.of("revision", "no-such-revision")))
                .isInstanceOf(ProviderResult.NoData.class);
        assertThat(measure(REQUESTS + "{revision=\"no-such-revision\"}", Map.of()))
                .isInstanceOf(ProviderResult.NoData.class);
    }

    @Test
    void zeroOverZeroIsNaNWhichIsNoData() {
        PROMETHEUS.setCounterRate(REQUESTS, Map.of("revision", "fraud-idle", "code", "200"), 0);
        PROMETHEUS.setCounterRate(REQUESTS, Map.of("revision", "fraud-idle", "code", "500"), 0);

        await().atMost(SCRAPES).pollInterval(Duration.ofMillis(500)).until(
                () -> measure(ERROR_RATIO, Map.of("revision", "fraud-idle")),
                new ProviderResult.NoData("query returned NaN")::equals);
    }

    @Test
    void twoRevisionsWithoutAggregationAreAnError() {
        String perRevision = "rate(" + REQUESTS + "{code=\"500\",revision=~\"fraud-r1|fraud-r2\"}[5s])";

        AtomicReference<ProviderResult> last = new AtomicReference<>();
        await().atMost(SCRAPES).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    last.set(measure(perRevision, Map.of()));
                    return last.get() instanceof ProviderResult.Error;
                });
        assertThat(errorOf(last.get())).contains("2 series").contains("aggregate");

        // Aggregated, the same selection is one number again (once the 5 s window is full of scrapes).
        await().atMost(SCRAPES).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(valueOf(measure("sum(" + perRevision + ")", Map.of()))).isCloseTo(2.1, within(0.05)));
    }

    @Test
    void scalarsAndInfinitiesAsPrometheusWritesThem() {
        assertThat(measure("scalar(vector(0.5))", Map.of())).isEqualTo(new ProviderResult.Value(0.5));
        assertThat(measure("vector(1) / 0", Map.of())).isEqualTo(new ProviderResult.Value(Double.POSITIVE_INFINITY));
        assertThat(measure("vector(-1) / 0", Map.of())).isEqualTo(new ProviderResult.Value(Double.NEGATIVE_INFINITY));
        assertThat(measure("scalar(vector(0) / 0)", Map.of())).isEqualTo(new ProviderResult.NoData("query returned NaN"));
    }

    @Test
    void invalidPromqlIsAnErrorWithPrometheussMessage() {
        assertThat(errorOf(measure("sum(rate(" + REQUESTS + "[5s]", Map.of())))
                .contains("HTTP 400").contains("bad_data").contains("parse error");
        assertThat(errorOf(measure(REQUESTS + "[5s]", Map.of()))).contains("range vector");
    }

    @Test
    void prometheusStoppedMidAnalysisIsAnErrorWithinTheTimeoutThenValuesAgain() {
        String canaryErrors = "sum(rate(" + REQUESTS + "{revision=\"{{revision}}\",code=\"500\"}[5s]))";
        await().atMost(SCRAPES).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(valueOf(measure(canaryErrors, CANARY))).isCloseTo(2.0, within(0.05)));

        try {
            PROMETHEUS.stop();
            long start = System.nanoTime();
            ProviderResult whileStopped = measure(canaryErrors, CANARY);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(errorOf(whileStopped)).startsWith("could not connect to Prometheus at " + PROMETHEUS.address());
            assertThat(took).isLessThan(TIMEOUT);
            LOG.info(() -> "stopped Prometheus: " + whileStopped + " after " + took.toMillis() + " ms");
        } finally {
            PROMETHEUS.start();
        }
        LOG.info(() -> "restarted Prometheus in " + PROMETHEUS.lastStartup().toMillis() + " ms");

        await().atMost(SCRAPES).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(valueOf(measure(canaryErrors, CANARY))).isCloseTo(2.0, within(0.05)));
    }

    @Test
    void aFrozenPrometheusIsAnErrorAfterTheTimeoutNotAHang() {
        PROMETHEUS.pause();
        try {
            long start = System.nanoTime();
            ProviderResult whileFrozen = measure("vector(1)", Map.of());
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(errorOf(whileFrozen)).isEqualTo("no answer from Prometheus at " + PROMETHEUS.address()
                    + " within 2s (timed out)");
            assertThat(took).isGreaterThanOrEqualTo(TIMEOUT).isLessThan(TIMEOUT.plusSeconds(3));
            LOG.info(() -> "frozen Prometheus: " + whileFrozen + " after " + took.toMillis() + " ms");
        } finally {
            PROMETHEUS.resume();
        }
        await().atMost(SCRAPES).pollInterval(Duration.ofMillis(200))
                .until(() -> measure("vector(1)", Map.of()), new ProviderResult.Value(1)::equals);
    }
}
