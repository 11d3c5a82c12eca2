package io.modelgate.provider;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryTemplateTest {

    static final Map<String, String> VALUES = Map.of(
            QueryTemplate.NAMESPACE, "ml",
            QueryTemplate.PIPELINE, "fraud",
            QueryTemplate.REVISION, "fraud-r2",
            QueryTemplate.STABLE_REVISION, "fraud-r1");

    @Test
    void rendersEveryPlaceholderAndLeavesPromqlBracesAlone() {
        String template = "sum(rate(http_requests_total{namespace=\"{{namespace}}\",pipeline=\"{{pipeline}}\","
                + "revision=\"{{revision}}\",code=~\"5..\"}[1m])) / sum(rate(http_requests_total{revision=\"{{stableRevision}}\"}[1m]))";

        assertThat(QueryTemplate.render(template, VALUES)).isEqualTo(
                "sum(rate(http_requests_total{namespace=\"ml\",pipeline=\"fraud\",revision=\"fraud-r2\",code=~\"5..\"}[1m]))"
                        + " / sum(rate(http_requests_total{revision=\"fraud-r1\"}[1m]))");
    }

    @Test
    void allowsSpacesInsideTheBracesAndRepeats() {
        assertThat(QueryTemplate.render("{{ revision }}/{{revision}}/{{  revision}}", VALUES))
                .isEqualTo("fraud-r2/fraud-r2/fraud-r2");
    }

    @Test
    void aTemplateWithoutPlaceholdersIsUnchanged() {
        assertThat(QueryTemplate.render("vector(1)", Map.of())).isEqualTo("vector(1)");
        assertThat(QueryTemplate.render("", null)).isEmpty();
    }

    @Test
    void anUnknownPlaceholderFailsNamingItAndTheKnownOnes() {
        assertThatThrownBy(() -> QueryTemplate.render("x{revision=\"{{revison}}\"}", VALUES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown placeholder {{revison}} in query template"
                        + " (known: {{namespace}}, {{pipeline}}, {{revision}}, {{stableRevision}})");
    }

    @Test
    void aKnownPlaceholderWithoutAValueFails() {
        Map<String, String> noStable = new HashMap<>(VALUES);
        noStable.put(QueryTemplate.STABLE_REVISION, null);

        assertThatThrownBy(() -> QueryTemplate.render("x{revision=\"{{stableRevision}}\"}", noStable))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("placeholder {{stableRevision}} in query template has no value here");
    }

    @Test
    void anUnclosedPlaceholderFails() {
        assertThatThrownBy(() -> QueryTemplate.render("x{revision=\"{{revision\"}", VALUES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unclosed placeholder at offset 12");
        assertThatThrownBy(() -> QueryTemplate.render("{{revision}} {{", VALUES))
                .hasMessageContaining("unclosed placeholder");
    }

    @Test
    void anEmptyPlaceholderIsUnknown() {
        assertThatThrownBy(() -> QueryTemplate.render("x{{}}", VALUES)).hasMessageContaining("unknown placeholder {{}}");
    }

    @Test
    void aMissingTemplateFails() {
        assertThatThrownBy(() -> QueryTemplate.render(null, VALUES)).hasMessage("the query template is missing");
    }

    @Test
    void valuesAreInsertedVerbatimAndNotRescanned() {
        assertThat(QueryTemplate.render("{{revision}}", Map.of("revision", "{{pipeline}}"))).isEqualTo("{{pipeline}}");
    }
}
