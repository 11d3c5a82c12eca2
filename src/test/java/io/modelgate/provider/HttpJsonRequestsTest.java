package io.modelgate.provider;

import io.modelgate.analysis.ProviderResult;
import io.modelgate.api.AnalysisMetricSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.modelgate.provider.PrometheusProviderTest.errorOf;
import static org.assertj.core.api.Assertions.assertThat;

/** The http provider's web-metric options: POST/PUT with a templated body, JSONPath, and whole values for conditions. */
class HttpJsonRequestsTest {

    static final String DOCUMENT = """
            {"data": {"ok": true, "errorRate": 0.02, "note": null,
                      "models": [{"name": "fraud", "score": 0.91}, {"name": "spam", "score": 0.64}]}}
            """;

    StubHttpServer server;
    HttpJsonProvider provider = new HttpJsonProvider();

    @BeforeEach
    void startServer() {
        server = StubHttpServer.start();
        server.respondJson(DOCUMENT);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void aPostSendsTheBodyWithItsPlaceholdersFilledAsJson() {
        AnalysisMetricSpec metric = metric("/data/errorRate", null);
        metric.getHttp().setMethod(AnalysisMetricSpec.HttpMetric.Method.POST);
        metric.getHttp().setBody("{\"revision\": \"{{revision}}\", \"stable\": \"{{ stableRevision }}\"}");

        ProviderResult result = provider.read(metric, Map.of("revision", "fraud-r2", "stableRevision", "fraud-r1"), context());

        assertThat(result).isEqualTo(new ProviderResult.Value(0.02));
        StubHttpServer.Request request = server.lastRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.body()).isEqualTo("{\"revision\": \"fraud-r2\", \"stable\": \"fraud-r1\"}");
        assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void aPutKeepsAContentTypeTheHeadersGive() {
        ProviderResult result = provider.measure(new HttpJsonQuery(server.url("/score"), "PUT", "a=1", "/data/errorRate", null,
                Map.of("content-type", "application/x-www-form-urlencoded"), Duration.ofSeconds(5), false));

        assertThat(result).isEqualTo(new ProviderResult.Value(0.02));
        assertThat(server.lastRequest().method()).isEqualTo("PUT");
        assertThat(server.lastRequest().headers().get("Content-Type")).containsExactly("application/x-www-form-urlencoded");
        assertThat(server.lastRequest().body()).isEqualTo("a=1");
    }

    @Test
    void aGetSendsNoBody() {
        provider.measure(query("/data/errorRate", null, false));
        assertThat(server.lastRequest().method()).isEqualTo("GET");
        assertThat(server.lastRequest().body()).isEmpty();
        assertThat(server.lastRequest().headers().getFirst("Content-Type")).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "$.data.errorRate                          | 0.02",
            "{$.data.errorRate}                        | 0.02",
            "$.data.models[1].score                    | 0.64",
            "$.data.models[?(@.name == 'fraud')].score | 0.91",
            "$['data']['models'][0]['score']           | 0.91",
    })
    void aJsonPathSelectsTheNumberDefiniteOrFoundOnce(String path, double expected) {
        assertThat(provider.measure(query(null, path, false))).isEqualTo(new ProviderResult.Value(expected));
    }

    @Test
    void aJsonPathThatFindsSeveralNumbersOrNoneIsNotOneNumber() {
        assertThat(errorOf(provider.measure(query(null, "$.data.models[*].score", false))))
                .isEqualTo("JSONPath \"$.data.models[*].score\" selects 2 values, expected one number");
        assertThat(provider.measure(query(null, "$.data.models[?(@.name == 'x')].score", false)))
                .isEqualTo(new ProviderResult.NoData("nothing at JSONPath \"$.data.models[?(@.name == 'x')].score\""));
        assertThat(provider.measure(query(null, "$.data.p99", false)))
                .isEqualTo(new ProviderResult.NoData("nothing at JSONPath \"$.data.p99\""));
        assertThat(provider.measure(query(null, "$.data.note", false)))
                .isEqualTo(new ProviderResult.NoData("null at JSONPath \"$.data.note\""));
        assertThat(errorOf(provider.measure(query(null, "$.data.ok", false))))
                .startsWith("JSONPath \"$.data.ok\" leads to a boolean, not a number");
    }

    @Test
    void anInvalidJsonPathIsAnErrorBeforeAnyRequest() {
        assertThat(errorOf(provider.measure(query(null, "data.ok", false)))).startsWith("invalid JSONPath \"data.ok\": it must start with $");
        assertThat(errorOf(provider.measure(query(null, "$.data[?(@.x ==", false)))).startsWith("invalid JSONPath \"$.data[?(@.x ==\": ");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void forAConditionWhateverIsSelectedIsHandedOverWhole() {
        ProviderResult object = provider.measure(query("/data", null, true));
        assertThat(object).isInstanceOf(ProviderResult.Selected.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) ((ProviderResult.Selected) object).value();
        assertThat(data).containsKey("note").containsEntry("ok", true).containsEntry("errorRate", 0.02);
        assertThat(data.get("note")).isNull();
        assertThat((List<?>) data.get("models")).hasSize(2);
        assertThat(((Map<?, ?>) ((ProviderResult.Selected) object).value()).get("ok")).isEqualTo(true);
        assertThat(((ProviderResult.Selected) object).shown()).startsWith("{\"ok\":true,\"errorRate\":0.02");

        ProviderResult list = provider.measure(query(null, "$.data.models[*].score", true));
        assertThat(list).isEqualTo(new ProviderResult.Selected(List.of(0.91, 0.64), "[0.91,0.64]"));

        assertThat(provider.measure(query("/data/note", null, true))).isEqualTo(new ProviderResult.Selected(null, "null"));
        assertThat(provider.measure(query("/data/p99", null, true))).isEqualTo(new ProviderResult.NoData("nothing at JSON pointer \"/data/p99\""));
    }

    private HttpJsonQuery query(String pointer, String path, boolean anyValue) {
        return new HttpJsonQuery(server.url("/score"), "GET", null, pointer, path, Map.of(), Duration.ofSeconds(5), anyValue);
    }

    private AnalysisMetricSpec metric(String pointer, String path) {
        AnalysisMetricSpec metric = new AnalysisMetricSpec();
        metric.setName("score");
        metric.setMax(1.0);
        AnalysisMetricSpec.HttpMetric http = new AnalysisMetricSpec.HttpMetric();
        http.setUrl(server.url("/score"));
        http.setJsonPointer(pointer);
        http.setJsonPath(path);
        metric.setHttp(http);
        return metric;
    }

    private static MetricProvider.Context context() {
        return new MetricProvider.Context() {
            @Override
            public Instant now() {
                return Instant.parse("2026-12-07T07:00:00Z");
            }

            @Override
            public Optional<String> defaultPrometheusAddress() {
                return Optional.empty();
            }

            @Override
            public Map<String, String> secret(String name) {
                throw new IllegalStateException("Secret " + name + " is not there");
            }
        };
    }
}
