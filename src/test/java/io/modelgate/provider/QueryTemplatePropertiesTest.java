package io.modelgate.provider;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class QueryTemplatePropertiesTest {

    @Property
    void textWithoutDoubleBracesRendersUnchanged(@ForAll String text) {
        Assume.that(!text.contains("{{"));
        assertThat(QueryTemplate.render(text, QueryTemplateTest.VALUES)).isEqualTo(text);
    }

    @Property
    void anyNameInTheMapIsSubstituted(@ForAll("names") String name, @ForAll String value) {
        assertThat(QueryTemplate.render("a{{" + name + "}}b", Map.of(name, value))).isEqualTo("a" + value + "b");
    }

    @Property
    void aPlaceholderNotInTheMapAlwaysFails(@ForAll("names") String name) {
        Assume.that(!QueryTemplateTest.VALUES.containsKey(name));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> QueryTemplate.render("x{{" + name + "}}y", QueryTemplateTest.VALUES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{{" + name + "}}");
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().alpha().numeric().withChars('_', '.', '-').ofMinLength(1).ofMaxLength(20);
    }
}
