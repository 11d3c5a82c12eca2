package io.modelgate.analysis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ResultConditionsTest {

    private static final Map<String, Object> HEALTHY = json("ok", true, "latencyMs", 120, "errorRate", 0.004,
            "models", List.of(json("name", "fraud", "score", 0.93), json("name", "spam", "score", 0.71)));

    /** Argo Rollouts' table: which condition is set, what each gives, and the phase. */
    @ParameterizedTest(name = "success={0} failure={1} -> {2}")
    @CsvSource({
            "result.ok,               ,                          Successful",
            "!result.ok,              ,                          Failed",
            ",                        result.errorRate > 0.01,   Successful",
            ",                        result.errorRate < 0.01,   Failed",
            "result.ok,               result.errorRate > 0.01,   Successful",
            "result.ok,               result.errorRate < 0.01,   Failed",
            "!result.ok,              result.errorRate > 0.01,   Inconclusive",
            "!result.ok,              result.errorRate < 0.01,   Failed",
    })
    void decides_as_argo_rollouts(String success, String failure, MeasurementPhase expected) {
        assertThat(ResultConditions.decide(success, failure, HEALTHY, "{…}").phase()).isEqualTo(expected);
    }

    @Test
    void the_message_names_the_result_and_the_condition_that_decided() {
        assertThat(ResultConditions.decide("result.latencyMs < 100", null, HEALTHY, "{\"latencyMs\":120}").message())
                .isEqualTo("result {\"latencyMs\":120} does not meet successCondition \"result.latencyMs < 100\"");
        assertThat(ResultConditions.decide("result.ok", "result.latencyMs > 100", HEALTHY, "R").message())
                .isEqualTo("result R meets failureCondition \"result.latencyMs > 100\"");
        assertThat(ResultConditions.decide("!result.ok", "result.latencyMs > 500", HEALTHY, "R").message())
                .isEqualTo("result R meets neither successCondition \"!result.ok\" nor failureCondition \"result.latencyMs > 500\"");
    }

    @Test
    void whole_json_numbers_and_fractions_compare_with_either_kind_of_literal() {
        assertThat(phase("result.latencyMs == 120", HEALTHY)).isEqualTo(MeasurementPhase.Successful);
        assertThat(phase("result.latencyMs < 120.5", HEALTHY)).isEqualTo(MeasurementPhase.Successful);
        assertThat(phase("result.errorRate < 1", HEALTHY)).isEqualTo(MeasurementPhase.Successful);
        assertThat(phase("result >= 0.95", 0.97)).isEqualTo(MeasurementPhase.Successful);
        assertThat(phase("result >= 1", 0.97)).isEqualTo(MeasurementPhase.Failed);
    }

    @Test
    void lists_and_macros_of_the_standard_library_work_on_the_result() {
        assertThat(phase("result.models.all(m, m.score >= 0.7)", HEALTHY)).isEqualTo(MeasurementPhase.Successful);
        assertThat(phase("result.models.exists(m, m.name == 'spam' && m.score >= 0.8)", HEALTHY)).isEqualTo(MeasurementPhase.Failed);
        assertThat(phase("size(result.models) == 2 && result.models[0].name.startsWith('fr')", HEALTHY)).isEqualTo(MeasurementPhase.Successful);
    }

    @Test
    void isNaN_and_isInf_guard_numbers() {
        assertThat(phase("!isNaN(result) && result < 0.5", Double.NaN)).isEqualTo(MeasurementPhase.Failed);
        assertThat(phase("isNaN(result)", Double.NaN)).isEqualTo(MeasurementPhase.Successful);
        assertThat(phase("isInf(result)", Double.POSITIVE_INFINITY)).isEqualTo(MeasurementPhase.Successful);
        assertThat(phase("isInf(result)", 1.0)).isEqualTo(MeasurementPhase.Failed);
    }

    @Test
    void default_replaces_a_missing_field_or_index_anywhere_along_the_path_and_a_null() {
        assertThat(phase("default(result.p99, 0) < 250", HEALTHY)).isEqualTo(MeasurementPhase.Successful);
        assertThat(phase("default(result.stats.p99, 999) < 250", HEALTHY)).isEqualTo(MeasurementPhase.Failed);
        assertThat(phase("default(result.models[5].score, 0.0) == 0.0", HEALTHY)).isEqualTo(MeasurementPhase.Successful);
        assertThat(phase("default(result.models[1].score, 0.0) == 0.71", HEALTHY)).isEqualTo(MeasurementPhase.Successful);
        assertThat(phase("default(result.latencyMs, 0) == 120", HEALTHY)).isEqualTo(MeasurementPhase.Successful);
        assertThat(phase("default(result.drift, 0.0) == 0.0", json("drift", null))).isEqualTo(MeasurementPhase.Successful);
        assertThat(phase("default(result, 1) == 1", null)).isEqualTo(MeasurementPhase.Successful);
    }

    @Test
    void a_missing_key_without_default_or_a_type_mismatch_is_an_error_naming_the_condition() {
        ResultConditions.Decision missing = ResultConditions.decide("result.p99 < 250", null, HEALTHY, "R");
        assertThat(missing.phase()).isEqualTo(MeasurementPhase.Error);
        assertThat(missing.message()).startsWith("successCondition \"result.p99 < 250\" could not be evaluated on result R: ")
                .contains("p99");
        assertThat(ResultConditions.decide(null, "result.ok > 1", HEALTHY, "R").phase()).isEqualTo(MeasurementPhase.Error);
    }

    @Test
    void a_condition_that_does_not_compile_is_a_problem_with_the_reason() {
        assertThat(ResultConditions.problem("result.ok ==")).get().asString().startsWith("not a valid CEL condition over result: ");
        assertThat(ResultConditions.problem("latency < 100")).get().asString().contains("latency");
        assertThat(ResultConditions.problem("nosuch(result)")).get().asString().contains("nosuch");
        assertThat(ResultConditions.problem("'a string'")).isPresent();
        assertThat(ResultConditions.problem("result.ok && default(result.x, 1) > 0")).isEmpty();
        assertThat(ResultConditions.decide("result.ok ==", null, HEALTHY, "R").phase()).isEqualTo(MeasurementPhase.Error);
    }

    @Test
    void an_endless_comprehension_is_stopped_and_is_an_error() {
        List<Object> big = java.util.Collections.nCopies(200, (Object) 1L);
        assertThat(ResultConditions.decide("result.all(a, result.all(b, a == b))", null, big, "R").phase()).isEqualTo(MeasurementPhase.Error);
    }

    @Test
    void the_judge_hands_a_selected_document_to_the_conditions_and_keeps_a_number_as_the_value() {
        Instant at = Instant.parse("2026-12-07T06:00:00Z");
        MetricCriteria criteria = MetricCriteria.conditions("health", "result.ok", "result.latencyMs > 500");
        Measurement document = MeasurementJudge.judge(criteria, new ProviderResult.Selected(HEALTHY, "{ok}"), Optional.empty(), at);
        assertThat(document.phase()).isEqualTo(MeasurementPhase.Successful);
        assertThat(document.value()).isNull();
        assertThat(document.message()).isEqualTo("health: result {ok} meets successCondition \"result.ok\"");

        Measurement number = MeasurementJudge.judge(MetricCriteria.conditions("p", "result < 0.5", null),
                new ProviderResult.Value(0.7), Optional.empty(), at);
        assertThat(number.phase()).isEqualTo(MeasurementPhase.Failed);
        assertThat(number.value()).isEqualTo(0.7);

        Measurement noData = MeasurementJudge.judge(criteria, new ProviderResult.NoData("nothing at JSONPath \"$.x\""), Optional.empty(), at);
        assertThat(noData.phase()).isEqualTo(MeasurementPhase.Inconclusive);
    }

    @Test
    void conditions_replace_bounds_and_never_join_them() {
        assertThat(MetricCriteria.conditions("m", "result.ok", null).problems()).isEmpty();
        assertThat(MetricCriteria.conditions("m", "result.ok", null).withMax(1.0).problems())
                .containsExactly("metric m: successCondition/failureCondition and bounds (min, max, maxRatioToStable, minRatioToStable) "
                        + "cannot be combined: give one or the other");
        assertThat(MetricCriteria.conditions("m", null, "result >").problems()).singleElement().asString()
                .startsWith("metric m failureCondition: not a valid CEL condition over result: ");
        assertThat(MetricCriteria.conditions("m", "result.ok", null).hasRelativeBound()).isFalse();
    }

    private static MeasurementPhase phase(String success, Object result) {
        return ResultConditions.decide(success, null, result, "R").phase();
    }

    private static Map<String, Object> json(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
