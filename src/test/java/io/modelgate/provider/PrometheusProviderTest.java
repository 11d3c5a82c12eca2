package io.modelgate.provider;

import io.modelgate.analysis.ProviderResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Prometheus provider against a scripted local server: every shape of answer, and every way of not answering. */
class PrometheusProviderTest {

    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);
    static final Instant TIME = Instant.parse("2024-05-01T12:00:00.250Z");
    static final Map<String, String> VARIABLES = Map.of("namespace", "ml", "pipeline", "fraud",
            "revision", "fraud-r2", "stableRevision", "fraud-r1");

    StubHttpServer server;
    PrometheusProvider provider = new PrometheusProvider();

    @BeforeEach
    void startServer() {
        server = StubHttpServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    ProviderResult query(String promql) {
        return provider.query(server.address(), promql, TIME, TIMEOUT);
    }

    static String vector(String... values) {
        StringBuilder result = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            result.append(i == 0 ? "" : ",").append("{\"metric\":{\"revision\":\"fraud-r").append(i + 1)
                    .append("\"},\"value\":[1714564800.25,\"").append(values[i]).append("\"]}");
        }
        return "{\"resultType\":\"vector\",\"result\":[" + result + "]}";
    }

    // --- the request ---

    @Test
    void sendsAnInstantQueryWithTheRenderedTemplateTimeAndTimeout() {
        server.respondPrometheus(vector("0.5"));

        ProviderResult result = provider.measure(new PrometheusQuery(server.address(),
                "sum(rate(requests_total{namespace=\"{{namespace}}\",revision=\"{{revision}}\",code=~\"5..\"}[1m]))",
                VARIABLES, TIMEOUT), TIME);

        assertThat(result).isEqualTo(new ProviderResult.Value(0.5));
        StubHttpServer.Request request = server.lastRequest();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/api/v1/query");
        assertThat(request.query()).containsExactly(
                Map.entry("query", "sum(rate(requests_total{namespace=\"ml\",revision=\"fraud-r2\",code=~\"5..\"}[1m]))"),
                Map.entry("time", "1714564800.25"),
                Map.entry("timeout", "5000ms"));
        assertThat(request.headers().getFirst("Accept")).isEqualTo("application/json");
    }

    @Test
    void keepsThePathPrefixOfTheAddressAndDropsTrailingSlashes() {
        server.respondPrometheus(vector("1"));

        assertThat(provider.query(server.address() + "/prometheus//", "up", TIME, TIMEOUT))
                .isEqualTo(new ProviderResult.Value(1));
        assertThat(server.lastRequest().path()).isEqualTo("/prometheus/api/v1/query");
    }

    @Test
    void withoutATimeTheServerEvaluatesAtItsNow() {
        server.respondPrometheus(vector("1"));

        provider.query(server.address(), "up", null, TIMEOUT);

        assertThat(server.lastRequest().query()).containsOnlyKeys("query", "timeout");
    }

    @Test
    void theStableRevisionIsTheSameQueryWithOtherVariables() {
        server.respondPrometheus(vector("0.1"));
        PrometheusQuery canary = new PrometheusQuery(server.address(), "errors{revision=\"{{revision}}\"}", VARIABLES, null);

        provider.measure(canary.withVariables(Map.of("revision", "fraud-r1")), TIME);

        assertThat(server.lastRequest().query().get("query")).isEqualTo("errors{revision=\"fraud-r1\"}");
        assertThat(canary.timeout()).isEqualTo(PrometheusProvider.DEFAULT_TIMEOUT);
    }

    // --- answers ---

    @ParameterizedTest
    @CsvSource({
            "0.5, 0.5",
            "0, 0",
            "-3, -3",
            "1e-05, 0.00001",
            "1.5E+06, 1500000",
            "12345678901234567890, 12345678901234567890",
    })
    void oneSampleIsItsValue(String sample, double expected) {
        server.respondPrometheus(vector(sample));

        assertThat(query("q")).isEqualTo(new ProviderResult.Value(expected));
    }

    @Test
    void nanIsNoData() {
        server.respondPrometheus(vector("NaN"));

        assertThat(query("q")).isEqualTo(new ProviderResult.NoData("query returned NaN"));
    }

    @Test
    void infinitiesAreValues() {
        server.respondPrometheus(vector("+Inf"));
        assertThat(query("q")).isEqualTo(new ProviderResult.Value(Double.POSITIVE_INFINITY));

        server.respondPrometheus(vector("-Inf"));
        assertThat(query("q")).isEqualTo(new ProviderResult.Value(Double.NEGATIVE_INFINITY));
    }

    @Test
    void anEmptyVectorIsNoData() {
        server.respondPrometheus(vector());

        assertThat(query("q")).isInstanceOf(ProviderResult.NoData.class)
                .extracting(r -> ((ProviderResult.NoData) r).why()).asString().contains("empty vector");
    }

    @Test
    void moreThanOneSeriesIsAnErrorNamingTheCountAndTellingToAggregate() {
        server.respondPrometheus(vector("0.1", "0.2", "0.3"));

        assertThat(errorOf(query("q")))
                .contains("3 series")
                .contains("aggregate")
                .contains("sum(")
                .contains("fraud-r1");
    }

    @Test
    void aScalarIsItsValue() {
        server.respondPrometheus("{\"resultType\":\"scalar\",\"result\":[1714564800.25,\"42.5\"]}");
        assertThat(query("scalar(x)")).isEqualTo(new ProviderResult.Value(42.5));

        server.respondPrometheus("{\"resultType\":\"scalar\",\"result\":[1714564800.25,\"NaN\"]}");
        assertThat(query("scalar(x)")).isEqualTo(new ProviderResult.NoData("query returned NaN"));
    }

    @Test
    void aRangeVectorOrAStringIsAnError() {
        server.respondPrometheus("{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[[1,\"1\"],[2,\"2\"]]}]}");
        assertThat(errorOf(query("x[5m]"))).contains("range vector").contains("rate(");

        server.respondPrometheus("{\"resultType\":\"string\",\"result\":[1,\"hello\"]}");
        assertThat(errorOf(query("\"hello\""))).contains("string");
    }

    @Test
    void aNativeHistogramSampleIsAnError() {
        server.respondPrometheus("{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"histogram\":[1,{\"count\":\"3\"}]}]}");

        assertThat(errorOf(query("h"))).contains("no \"value\"").contains("histogram");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0x10", " 1", "1d", "Infinity", ""})
    void aSampleThatIsNotANumberIsAnError(String sample) {
        server.respondPrometheus(vector(sample));

        assertThat(errorOf(query("q"))).contains("not a number");
    }

    @Test
    void aSampleValueThatIsNotAStringOrNotAPairIsAnError() {
        server.respondPrometheus("{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1, 0.5]}]}");
        assertThat(errorOf(query("q"))).contains("not a string");

        server.respondPrometheus("{\"resultType\":\"scalar\",\"result\":\"0.5\"}");
        assertThat(errorOf(query("q"))).contains("not a [time, value] pair");
    }

    @Test
    void statusErrorIsAnErrorWithPrometheussTypeAndMessage() {
        // As Prometheus answers a query it cannot parse.
        server.respondJson(400, "{\"status\":\"error\",\"errorType\":\"bad_data\","
                + "\"error\":\"invalid parameter \\\"query\\\": 1:5: parse error: unexpected end of input\"}");

        assertThat(errorOf(query("sum(")))
                .contains("HTTP 400")
                .contains("bad_data: invalid parameter \"query\": 1:5: parse error: unexpected end of input");
    }

    @Test
    void statusErrorWithA2xxIsStillAnError() {
        server.respondJson("{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in expression evaluation\"}");

        assertThat(errorOf(query("q"))).contains("returned an error").contains("timeout: query timed out in expression evaluation");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "500 | text/plain | internal error",
            "503 | text/plain | Service Unavailable",
            "404 | text/plain | 404 page not found",
            "502 | text/html  | <html><body>Bad Gateway</body></html>",
    })
    void aNon2xxStatusIsAnErrorWithTheCode(int status, String contentType, String body) {
        server.respond(status, contentType, body);

        assertThat(errorOf(query("q"))).contains("answered HTTP " + status).contains(body);
    }

    @Test
    void aNon2xxStatusWithoutABodyIsAnErrorWithTheCode() {
        server.respond(500, "text/plain", "");

        assertThat(errorOf(query("q"))).isEqualTo("Prometheus at " + server.address() + " answered HTTP 500");
    }

    @Test
    void aRedirectIsNotFollowed() {
        server.redirectTo("http://127.0.0.1:1/elsewhere");

        assertThat(errorOf(query("q"))).contains("HTTP 302");
        assertThat(server.requests()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"status\":\"success\",\"data\":", "<html>not json</html>", "[1,2]", "\"success\"", ""})
    void malformedJsonIsAnError(String body) {
        server.respondJson(body);

        assertThat(errorOf(query("q"))).contains("malformed JSON from Prometheus at " + server.address());
    }

    @Test
    void anAnswerWithoutSuccessIsAnError() {
        server.respondJson("{\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
        assertThat(errorOf(query("q"))).contains("no \"status\":\"success\"");

        server.respondJson("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\"}}");
        assertThat(errorOf(query("q"))).contains("without a result list");

        server.respondJson("{\"status\":\"success\",\"data\":{\"resultType\":\"exemplars\",\"result\":[]}}");
        assertThat(errorOf(query("q"))).contains("resultType \"exemplars\"");
    }

    // --- no answer ---

    @Test
    void anAnswerSlowerThanTheTimeoutIsAnErrorAfterTheTimeout() {
        server.stallBeforeHeaders();
        try {
            long start = System.nanoTime();
            ProviderResult result = provider.query(server.address(), "q", TIME, SHORT_TIMEOUT);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(errorOf(result)).isEqualTo("no answer from Prometheus at " + server.address() + " within 300ms (timed out)");
            assertThat(took).isGreaterThanOrEqualTo(SHORT_TIMEOUT).isLessThan(SHORT_TIMEOUT.plusSeconds(5));
        } finally {
            server.release();
        }
    }

    @Test
    void aBodyThatStallsAfterTheHeadersIsAnErrorAfterTheTimeout() {
        server.stallAfterHeaders("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[");
        try {
            long start = System.nanoTime();
            ProviderResult result = provider.query(server.address(), "q", TIME, SHORT_TIMEOUT);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(errorOf(result)).contains("timed out");
            assertThat(took).isGreaterThanOrEqualTo(SHORT_TIMEOUT).isLessThan(SHORT_TIMEOUT.plusSeconds(5));
        } finally {
            server.release();
        }
    }

    @Test
    void aRefusedConnectionIsAnError() {
        String address = "http://127.0.0.1:" + StubHttpServer.closedPort();

        ProviderResult result = provider.query(address, "q", TIME, TIMEOUT);

        assertThat(errorOf(result)).startsWith("could not connect to Prometheus at " + address + ": ");
    }

    @Test
    void theProviderIsReusableAfterATimeout() {
        server.stallBeforeHeaders();
        try {
            assertThat(errorOf(provider.query(server.address(), "q", TIME, SHORT_TIMEOUT))).contains("timed out");
        } finally {
            server.release();
        }
        server.respondPrometheus(vector("7"));

        assertThat(query("q")).isEqualTo(new ProviderResult.Value(7));
    }

    // --- settings that are wrong: an Error, and no request ---

    @Test
    void anUnknownPlaceholderIsAnErrorAndNothingIsSent() {
        ProviderResult result = provider.measure(
                new PrometheusQuery(server.address(), "x{revision=\"{{revison}}\"}", VARIABLES, TIMEOUT), TIME);

        assertThat(errorOf(result)).startsWith("unknown placeholder {{revison}}");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aStableRevisionThatDoesNotExistYetIsAnErrorAndNothingIsSent() {
        Map<String, String> noStable = new java.util.HashMap<>(VARIABLES);
        noStable.put("stableRevision", null);

        ProviderResult result = provider.measure(
                new PrometheusQuery(server.address(), "x{revision=\"{{stableRevision}}\"}", noStable, TIMEOUT), TIME);

        assertThat(errorOf(result)).startsWith("placeholder {{stableRevision}} in query template has no value here");
        assertThat(server.requests()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "127.0.0.1:9090", "ftp://127.0.0.1:9090", "http://", "http://127.0.0.1:9090?x=1",
            "http://user:pw@127.0.0.1:9090", "http://127.0.0.1:9090/ bad"})
    void aBadAddressIsAnError(String address) {
        assertThat(errorOf(provider.query(address, "up", TIME, TIMEOUT))).contains("Prometheus address");
        assertThat(errorOf(provider.query(address, "up", TIME, TIMEOUT))).doesNotContain("pw");
    }

    @Test
    void aMissingAddressTemplateOrQueryIsAnError() {
        assertThat(errorOf(provider.query(null, "up", TIME, TIMEOUT))).contains("address is missing");
        assertThat(errorOf(provider.query(server.address(), " ", TIME, TIMEOUT))).contains("query is empty");
        assertThat(errorOf(provider.measure(new PrometheusQuery(server.address(), null, VARIABLES, TIMEOUT), TIME)))
                .contains("template is missing");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aNonPositiveTimeoutIsAnError() {
        assertThat(errorOf(provider.query(server.address(), "up", TIME, Duration.ZERO))).contains("timeout must be positive");
        assertThat(errorOf(provider.query(server.address(), "up", TIME, Duration.ofSeconds(-1)))).contains("timeout must be positive");
        assertThat(errorOf(provider.query(server.address(), "up", TIME, null))).contains("timeout must be positive");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void timesAreUnixSecondsWithMilliseconds() {
        assertThat(PrometheusProvider.unixSeconds(Instant.parse("2024-05-01T12:00:00Z"))).isEqualTo("1714564800");
        assertThat(PrometheusProvider.unixSeconds(Instant.parse("2024-05-01T12:00:00.001Z"))).isEqualTo("1714564800.001");
        assertThat(PrometheusProvider.unixSeconds(Instant.parse("2024-05-01T12:00:00.123456Z"))).isEqualTo("1714564800.123");
    }

    static String errorOf(ProviderResult result) {
        assertThat(result).isInstanceOf(ProviderResult.Error.class);
        return ((ProviderResult.Error) result).message();
    }
}
