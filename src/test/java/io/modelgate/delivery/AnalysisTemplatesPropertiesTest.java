package io.modelgate.delivery;

import io.modelgate.api.AnalysisArg;
import io.modelgate.api.AnalysisTemplateRef;
import io.modelgate.api.AnalysisTemplateSpec;
import io.modelgate.provider.QueryTemplate;
import io.modelgate.testing.Gen;
import io.modelgate.testing.Property;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.modelgate.delivery.Templates.PIPELINE;
import static io.modelgate.delivery.Templates.analysis;
import static io.modelgate.delivery.Templates.canary;
import static io.modelgate.delivery.Templates.declared;
import static io.modelgate.delivery.Templates.errorRate;
import static io.modelgate.delivery.Templates.found;
import static io.modelgate.delivery.Templates.ns;
import static io.modelgate.delivery.Templates.template;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * For any template arguments (declared with or without a default) and any values an analysis gives: the analysis
 * resolves without problems exactly when every argument without a default is given and every given one is declared,
 * and then no {@code {{args.}}} is left and the operator's own placeholders render as before.
 */
class AnalysisTemplatesPropertiesTest {

    static final List<String> NAMES = List.of("service", "window", "quantile", "job", "route");

    static final String NONE = "<no default>";

    record Case(Map<String, String> defaults, Map<String, String> given) {
    }

    static Gen<Case> cases() {
        Gen<String> values = Gen.of("a", "5m", "fraud-api", "0.99", "x y", "", "\"quoted\"");
        // Map.entry refuses null: "no default" is drawn as NONE and turned into null.
        Gen<Map<String, String>> defaults = Gen.maps(Gen.of(NAMES), Gen.oneOf(values, Gen.constant(NONE)), 0, 5).map(m -> {
            Map<String, String> withNulls = new LinkedHashMap<>();
            m.forEach((k, v) -> withNulls.put(k, NONE.equals(v) ? null : v));
            return withNulls;
        });
        Gen<Map<String, String>> given = Gen.maps(Gen.of(NAMES), values, 0, 5);
        return Gen.combine(defaults, given, Case::new);
    }

    @Test
    void resolvesCleanlyExactlyWhenEveryArgumentHasAValueAndEveryGivenOneIsDeclared() {
        int[] outcomes = new int[2];
        Property.tries(2000).forAll(cases(), c -> {
            List<AnalysisTemplateSpec.TemplateArg> declaredArgs = new ArrayList<>();
            StringBuilder query = new StringBuilder("sum(x{revision=\"{{revision}}\"");
            c.defaults().forEach((name, value) -> {
                declaredArgs.add(declared(name, value));
                query.append(",").append(name).append("=\"{{ args.").append(name).append(" }}\"");
            });
            query.append("})");
            List<AnalysisArg> args = new ArrayList<>();
            c.given().forEach((name, value) -> args.add(AnalysisArg.of(name, value)));
            var spec = canary(analysis("health", List.of(AnalysisTemplateRef.named("t", false)), args));

            var resolved = AnalysisTemplates.resolve(spec, PIPELINE, Map.of(ns("t"), found(template(declaredArgs, errorRate("m", query.toString())), "1")));

            boolean allValued = c.defaults().entrySet().stream().allMatch(e -> e.getValue() != null || c.given().containsKey(e.getKey()));
            boolean allDeclared = c.defaults().keySet().containsAll(c.given().keySet());
            assertThat(resolved.problems().isEmpty()).as("%s -> %s", c, resolved.problems()).isEqualTo(allValued && allDeclared);
            outcomes[resolved.problems().isEmpty() ? 1 : 0]++;
            if (resolved.problems().isEmpty()) {
                String substituted = resolved.of("health").get(0).getMetrics().get("m").getPrometheus().getQuery();
                assertThat(QueryTemplate.argNames(substituted)).isEmpty();
                Map<String, String> expected = new LinkedHashMap<>();
                c.defaults().forEach((name, value) -> expected.put(name, c.given().getOrDefault(name, value)));
                String rendered = QueryTemplate.render(substituted, Map.of("revision", "fraud-r2"));
                expected.forEach((name, value) -> assertThat(rendered).contains(name + "=\"" + value + "\""));
                assertThat(rendered).startsWith("sum(x{revision=\"fraud-r2\"");
            }
        });
        assertThat(Math.min(outcomes[0], outcomes[1])).as("both outcomes were drawn").isGreaterThan(200);
    }

    @Test
    void substitutionLeavesEveryOtherPlaceholderAsWritten() {
        Gen<String> pieces = Gen.of("{{revision}}", "{{ namespace }}", "{{args.a}}", "{{args.b}}", "{code=\"5\"}", "x", " ", "{{args.a");
        Property.tries(2000).forAll(pieces.list(0, 10).map(l -> String.join("", l)), text -> {
            String out = QueryTemplate.substituteArgs(text, Map.of("a", "A"));

            assertThat(QueryTemplate.argNames(out)).isSubsetOf(Set.of("b"));
            assertThat(out.replace("A", "{{args.a}}")).as("only {{args.a}} changed").isEqualTo(text);
        });
    }
}
