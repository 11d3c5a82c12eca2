package io.modelgate.provider;

import io.modelgate.testing.Chars;
import io.modelgate.testing.Gen;
import io.modelgate.testing.Property;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class QueryTemplatePropertiesTest {

    @Test
    void textWithoutDoubleBracesRendersUnchanged() {
        Property.tries(1000).forAll(Gen.strings(0, 255), text -> {
            Property.assume(!text.contains("{{"));
            assertThat(QueryTemplate.render(text, QueryTemplateTest.VALUES)).isEqualTo(text);
        });
    }

    @Test
    void anyNameInTheMapIsSubstituted() {
        Property.tries(1000).forAll(names(), Gen.strings(0, 255), (name, value) -> {
            assertThat(QueryTemplate.render("a{{" + name + "}}b", Map.of(name, value))).isEqualTo("a" + value + "b");
        });
    }

    @Test
    void aPlaceholderNotInTheMapAlwaysFails() {
        Property.tries(1000).forAll(names(), name -> {
            Property.assume(!QueryTemplateTest.VALUES.containsKey(name));
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> QueryTemplate.render("x{{" + name + "}}y", QueryTemplateTest.VALUES))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("{{" + name + "}}");
        });
    }

    Gen<String> names() {
        return Gen.strings(Chars.alpha().and(Chars.numeric()).with("_.-"), 1, 20);
    }
}
