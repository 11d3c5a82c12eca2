package io.modelgate.delivery;

import io.modelgate.rollout.TrafficSplit;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RouteRulesTest {

    static Map<String, Object> rule(Map<String, Object>... refs) {
        return Map.of("backendRefs", List.of(refs));
    }

    static Map<String, Object> ref(String name, Integer weight) {
        return weight == null ? Map.of("name", name, "port", 8080) : Map.of("name", name, "port", 8080, "weight", weight);
    }

    @Test
    void theCanarysShareIsItsWeightInTheRulesThatCarryTheRollout() {
        List<Map<String, Object>> rules = List.of(
                rule(ref("fraud-stable", 80), ref("fraud-canary", 20)),
                rule(ref("other", 100)));

        assertThat(RouteRules.canaryWeight(rules, "fraud-stable", "fraud-canary")).isEqualTo(20);
    }

    @Test
    void aRuleWithoutTheCanaryBackendGivesItNothingAndTheSmallestShareCounts() {
        assertThat(RouteRules.canaryWeight(List.of(rule(ref("fraud-stable", null))), "fraud-stable", "fraud-canary")).isZero();
        assertThat(RouteRules.canaryWeight(List.of(
                rule(ref("fraud-stable", 50), ref("fraud-canary", 50)),
                rule(ref("fraud-stable", 100))), "fraud-stable", "fraud-canary")).isZero();
        assertThat(RouteRules.canaryWeight(null, "fraud-stable", "fraud-canary")).isZero();
    }

    @Test
    void aCanaryBackendWithoutWeightHasGatewayApisDefaultOfOne() {
        assertThat(RouteRules.canaryWeight(List.of(rule(ref("fraud-stable", 99), ref("fraud-canary", null))), "fraud-stable", "fraud-canary"))
                .isEqualTo(1);
    }

    @Test
    void theWeightsWrittenAreTheWeightsRead() {
        List<Map<String, Object>> rules = List.of(rule(ref("fraud-stable", 100)));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> written = (List<Map<String, Object>>) (List<?>) RouteRules.withWeights(rules, "fraud-stable", "fraud-canary",
                8080, TrafficSplit.forRoute(30)).rules().orElseThrow();

        assertThat(RouteRules.canaryWeight(written, "fraud-stable", "fraud-canary")).isEqualTo(30);
    }
}
