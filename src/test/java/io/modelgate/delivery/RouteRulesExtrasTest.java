package io.modelgate.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.modelgate.rollout.HeaderRoute;
import io.modelgate.rollout.RouteExtras;
import io.modelgate.rollout.TrafficSplit;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mirror and header routes on an HTTPRoute: what the operator writes is pinned down as YAML under
 * src/test/resources/golden/httproute/ (regenerate with {@code mvn test -Dtest=RouteRulesExtrasTest
 * -Dmodelgate.updateGolden=true}, read the diff and commit it), and reading it back finds nothing to change.
 */
class RouteRulesExtrasTest {

    static final Path GOLDEN = Path.of(System.getProperty("user.dir"), "src", "test", "resources", "golden", "httproute");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final HeaderRoute INTERNAL = new HeaderRoute("internal", List.of(
            new HeaderRoute.Match("x-user-group", HeaderRoute.Kind.Exact, "internal"),
            new HeaderRoute.Match("x-tenant", HeaderRoute.Kind.Prefix, "acme.")));
    static final RouteExtras BOTH = new RouteExtras(20, List.of(INTERNAL));

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> observed() throws IOException {
        return YAML.readValue(GOLDEN.resolve("observed.yaml").toFile(), List.class);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rewritten(List<Map<String, Object>> rules, int weight, RouteExtras extras) {
        return (List<Map<String, Object>>) (List<?>) RouteRules.rewrite(rules, "fraud-stable", "fraud-canary", 8080,
                TrafficSplit.forRoute(weight), extras).rules().orElseThrow();
    }

    /** The rules as the API server would hand them back: through JSON, numbers as it likes them. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> roundTrip(List<Map<String, Object>> rules) throws IOException {
        return new ObjectMapper().readValue(new ObjectMapper().writeValueAsString(rules), List.class);
    }

    @Test
    void aMirrorAndAHeaderRouteAreWrittenAsTheGoldenFileSays() throws IOException {
        List<Map<String, Object>> written = rewritten(observed(), 10, BOTH);

        Path golden = GOLDEN.resolve("mirror-and-header-route.yaml");
        if (Boolean.getBoolean("modelgate.updateGolden")) {
            Files.writeString(golden, YAML.writeValueAsString(written));
        }
        assertThat(YAML.readTree(YAML.writeValueAsString(written))).isEqualTo(YAML.readTree(golden.toFile()));
    }

    @Test
    void whatWasWrittenReadsBackAsNoChange() throws IOException {
        List<Map<String, Object>> back = roundTrip(rewritten(observed(), 10, BOTH));

        RouteRules.Rewrite again = RouteRules.rewrite(back, "fraud-stable", "fraud-canary", 8080, TrafficSplit.forRoute(10), BOTH);

        assertThat(again.referenced()).isTrue();
        assertThat(again.rules()).isEmpty();
        assertThat(RouteRules.mirrorPercent(back, "fraud-stable", "fraud-canary")).isEqualTo(20);
        assertThat(RouteRules.headerRoutes(back, "fraud-canary")).containsExactly("internal");
        assertThat(RouteRules.canaryWeight(back, "fraud-stable", "fraud-canary")).as("the header rule is not the canary's share").isEqualTo(10);
    }

    @Test
    void theServersDefaultsOnTheOperatorsOwnObjectsAreNoChange() throws IOException {
        List<Map<String, Object>> back = roundTrip(rewritten(observed(), 10, BOTH));
        @SuppressWarnings("unchecked")
        Map<String, Object> headerRule = new java.util.LinkedHashMap<>(back.get(0));
        headerRule.put("timeouts", Map.of());
        List<Map<String, Object>> defaulted = new java.util.ArrayList<>(back);
        defaulted.set(0, headerRule);

        assertThat(RouteRules.rewrite(defaulted, "fraud-stable", "fraud-canary", 8080, TrafficSplit.forRoute(10), BOTH).rules()).isEmpty();
    }

    @Test
    void withoutExtrasTheRouteGoesBackToTheUsersRulesAtTheWeights() throws IOException {
        List<Map<String, Object>> withExtras = roundTrip(rewritten(observed(), 10, BOTH));

        List<Map<String, Object>> cleaned = rewritten(withExtras, 0, RouteExtras.NONE);

        assertThat(cleaned).hasSize(2);
        assertThat(RouteRules.mirrorPercent(cleaned, "fraud-stable", "fraud-canary")).isZero();
        assertThat(RouteRules.headerRoutes(cleaned, "fraud-canary")).isEmpty();
        assertThat(cleaned.get(0).get("filters")).as("the user's own filter stays").isEqualTo(observed().get(0).get("filters"));
        assertThat(cleaned.get(1)).isEqualTo(observed().get(1));
    }

    @Test
    void aChangedMirrorShareReplacesTheFilterInsteadOfAddingOne() throws IOException {
        List<Map<String, Object>> at20 = roundTrip(rewritten(observed(), 10, BOTH));

        List<Map<String, Object>> at50 = rewritten(at20, 10, new RouteExtras(50, List.of()));

        assertThat(RouteRules.mirrorPercent(at50, "fraud-stable", "fraud-canary")).isEqualTo(50);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> filters = (List<Map<String, Object>>) at50.get(0).get("filters");
        assertThat(filters).extracting(f -> f.get("type")).containsExactly("RequestHeaderModifier", "RequestMirror");
        assertThat(RouteRules.headerRoutes(at50, "fraud-canary")).isEmpty();
    }

    @Test
    void aRouteWithTwoManagedRulesGetsAHeaderRuleForEach() {
        List<Map<String, Object>> rules = List.of(
                Map.of("matches", List.of(Map.of("path", Map.of("type", "PathPrefix", "value", "/a"))),
                        "backendRefs", List.of(Map.of("name", "fraud-stable", "port", 8080))),
                Map.of("backendRefs", List.of(Map.of("name", "fraud-stable", "port", 8080))));

        List<Map<String, Object>> written = rewritten(rules, 0, new RouteExtras(0, List.of(INTERNAL)));

        assertThat(RouteRules.headerRoutes(written, "fraud-canary")).containsExactly("internal-1", "internal-2");
        assertThat(written.get(1).get("matches")).as("a rule without matches is every path")
                .isEqualTo(List.of(Map.of("path", Map.of("type", "PathPrefix", "value", "/"), "headers", List.of(
                        Map.of("name", "x-user-group", "type", "Exact", "value", "internal"),
                        Map.of("name", "x-tenant", "type", "RegularExpression", "value", "^acme\\..*")))));
    }

    @Test
    void aHeaderRouteOfAnotherNameIsTheOperatorsOnlyWhenItSendsToTheCanary() {
        Map<String, Object> users = Map.of("name", "modelgate-header-mine", "backendRefs", List.of(Map.of("name", "elsewhere", "port", 80)));
        List<Map<String, Object>> rules = List.of(users, Map.of("backendRefs", List.of(Map.of("name", "fraud-stable", "port", 8080))));

        List<Map<String, Object>> written = rewritten(rules, 0, RouteExtras.NONE);

        assertThat(written.get(0)).isEqualTo(users);
    }

    @Test
    void aCanaryAtWeightZeroGetsPodsForItsMirrorAndTheLayoutCarriesWhatItsCompletedStepsSet() {
        List<io.modelgate.rollout.CanaryStep> steps = List.of(new io.modelgate.rollout.CanaryStep.SetMirror(20),
                new io.modelgate.rollout.CanaryStep.Analysis("agreement"));
        java.time.Instant t0 = java.time.Instant.parse("2026-12-07T10:00:00Z");
        io.modelgate.rollout.CanaryState atMirror = new io.modelgate.rollout.CanaryState(0, 0, t0, null, false, false, 1);
        io.modelgate.rollout.CanaryState atAnalysis = new io.modelgate.rollout.CanaryState(1, 0, t0, null, false, false, 1);

        ServingLayout entering = ServingLayout.of(io.modelgate.api.RolloutSpec.Strategy.Canary, true, "fraud", 10, java.util.Optional.of("fraud-r1"),
                java.util.Optional.of(ServingLayout.Rollout.canary("fraud-r2", atMirror, steps)));
        ServingLayout mirroring = ServingLayout.of(io.modelgate.api.RolloutSpec.Strategy.Canary, true, "fraud", 10, java.util.Optional.of("fraud-r1"),
                java.util.Optional.of(ServingLayout.Rollout.canary("fraud-r2", atAnalysis, steps)));
        ServingLayout byReplicas = ServingLayout.of(io.modelgate.api.RolloutSpec.Strategy.Canary, false, "fraud", 10, java.util.Optional.of("fraud-r1"),
                java.util.Optional.of(ServingLayout.Rollout.canary("fraud-r2", atAnalysis, steps)));

        assertThat(entering.replicas()).containsEntry("fraud-r2", 2).containsEntry("fraud-r1", 10);
        assertThat(entering.routeExtras()).isEqualTo(RouteExtras.NONE);
        assertThat(mirroring.routeExtras().mirrorPercent()).isEqualTo(20);
        assertThat(mirroring.routeWeights()).contains(TrafficSplit.forRoute(0));
        assertThat(byReplicas.replicas()).containsEntry("fraud-r2", 0);
        assertThat(byReplicas.routeExtras()).isEqualTo(RouteExtras.NONE);
    }

    @Test
    void aHeaderRouteWhoseRegexJavaCannotReadOrThatMatchesAHeaderTwiceIsAProblemOfThePlan() {
        io.modelgate.api.RolloutSpec spec = new io.modelgate.api.RolloutSpec();
        spec.setStrategy(io.modelgate.api.RolloutSpec.Strategy.Canary);
        io.modelgate.api.CanaryStepSpec.HeaderRouteSpec route = new io.modelgate.api.CanaryStepSpec.HeaderRouteSpec();
        route.setName("internal");
        io.modelgate.api.CanaryStepSpec.HeaderMatchSpec bad = new io.modelgate.api.CanaryStepSpec.HeaderMatchSpec();
        bad.setHeaderName("x-group");
        bad.setRegex("(unclosed");
        io.modelgate.api.CanaryStepSpec.HeaderMatchSpec twice = new io.modelgate.api.CanaryStepSpec.HeaderMatchSpec();
        twice.setHeaderName("X-Tenant");
        twice.setValue("a");
        io.modelgate.api.CanaryStepSpec.HeaderMatchSpec again = new io.modelgate.api.CanaryStepSpec.HeaderMatchSpec();
        again.setHeaderName("x-tenant");
        again.setPrefix("b");
        route.setMatch(List.of(bad, twice, again));
        io.modelgate.api.CanaryStepSpec step = new io.modelgate.api.CanaryStepSpec();
        step.setSetHeaderRoute(route);
        spec.setSteps(List.of(io.modelgate.api.CanaryStepSpec.mirror(10), step));

        RolloutPlan plan = RolloutPlan.from(spec, RolloutDefaults.standard());

        assertThat(plan.problems()).hasSize(2);
        assertThat(plan.problems().get(0)).startsWith("step 2 setHeaderRoute internal: header x-group regex is not a regular expression");
        assertThat(plan.problems().get(1)).contains("a header is matched twice");
        assertThat(plan.steps()).hasSize(2).first().isEqualTo(new io.modelgate.rollout.CanaryStep.SetMirror(10));
    }
}
