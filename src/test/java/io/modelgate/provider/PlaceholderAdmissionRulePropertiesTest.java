package io.modelgate.provider;

import io.modelgate.api.AnalysisMetricSpec;
import io.modelgate.testing.Gen;
import io.modelgate.testing.Property;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CEL rule on a query and a URL (AnalysisMetricSpec) and the renderer the operator runs (QueryTemplate) agree: the
 * API server admits exactly the templates that render, so an unknown or unclosed placeholder never reaches a canary.
 * The rule's regular expression is run here with java.util.regex, which reads this RE2 subset the same way.
 */
class PlaceholderAdmissionRulePropertiesTest {

    static final Pattern RULE = Pattern.compile("^self\\.matches\\(r'(.*)'\\)$");

    static Pattern admission() {
        Matcher rule = RULE.matcher(AnalysisMetricSpec.KNOWN_PLACEHOLDERS_RULE);
        assertThat(rule.matches()).as("the rule is one matches() over a raw string").isTrue();
        return Pattern.compile(rule.group(1));
    }

    @Test
    void theRuleNamesExactlyThePlaceholdersTheRendererKnows() {
        Matcher names = Pattern.compile("\\(\\?:([a-zA-Z|]+)\\)").matcher(AnalysisMetricSpec.KNOWN_PLACEHOLDERS_RULE);
        assertThat(names.find()).isTrue();
        assertThat(names.group(1).split("\\|")).containsExactlyInAnyOrderElementsOf(QueryTemplate.KNOWN);
        assertThat(AnalysisMetricSpec.KNOWN_PLACEHOLDERS_MESSAGE).contains(QueryTemplate.KNOWN.stream().map(n -> "{{" + n + "}}").toList())
                .contains("{{args.NAME}}");
        assertThat(AnalysisMetricSpec.KNOWN_PLACEHOLDERS_RULE).as("a template's arguments, by shape").contains("|args\\.[A-Za-z][A-Za-z0-9_-]*)");
    }

    @Test
    void admissionAcceptsExactlyTheTemplatesThatRender() {
        Pattern admission = admission();
        Gen<String> pieces = Gen.of("{", "}", "{{", "}}", " ", "\n", "a", "=\"", "revision", "stable", "{{revision}}", "{{ revision }}",
                "{{namespace}}", "{{pipeline}}", "{{stableRevision}}", "{{ stableRevision}}", "{{model}}", "{{}}", "{{ }}", "{{revision",
                "{code=\"500\"}", "[1m]", "{{{revision}}}", "{{args.x}}", "{{ args.max_rate }}", "{{args.}}", "{{args.9}}", "{{args.a-b}}",
                "{{args}}", "{{ args.x.y}}");
        int[] rendered = new int[2];
        Property.tries(5000).forAll(pieces.list(0, 12).map(list -> String.join("", list)), template -> {
            boolean renders = QueryTemplate.problem(template).isEmpty();
            rendered[renders ? 1 : 0]++;
            assertThat(admission.matcher(template).matches()).as("admitted: %s (renders: %s)", template, renders).isEqualTo(renders);
        });
        assertThat(Math.min(rendered[0], rendered[1])).as("templates that fail and templates that render were both drawn").isGreaterThan(500);
    }

    @Test
    void theProblemNamesTheUnknownPlaceholder() {
        assertThat(QueryTemplate.problem("rate(x{revision=\"{{revison}}\"}[1m])")).hasValueSatisfying(p -> assertThat(p)
                .contains("unknown placeholder {{revison}}").contains("{{stableRevision}}"));
        assertThat(QueryTemplate.problem("x{{revision")).hasValueSatisfying(p -> assertThat(p).contains("unclosed placeholder"));
        assertThat(QueryTemplate.problem("sum(x{revision=\"{{ revision }}\"}) / sum(x{revision=\"{{stableRevision}}\"})")).isEmpty();
        assertThat(QueryTemplate.problem("x{service=\"{{args.service}}\"}")).as("which arguments exist is the plan's to say").isEmpty();
        assertThat(QueryTemplate.problem("x{service=\"{{args.}}\"}")).hasValueSatisfying(p -> assertThat(p).contains("unknown placeholder {{args.}}"));
    }
}
