package io.modelgate.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.testing.Chars;
import io.modelgate.testing.Gen;
import io.modelgate.testing.Property;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsReportPropertiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void finiteDoublesRoundTripThroughJson() {
        Property.tries(1000).forAll(metricMaps(), metrics -> {
            String message = JSON.writeValueAsString(metrics);

            MetricsReport report = MetricsReport.parse(message);

            assertThat(report.readable()).isTrue();
            assertThat(report.invalid()).isEmpty();
            assertThat(report.values()).containsExactlyInAnyOrderEntriesOf(metrics);
            // Exact bits, so that -0.0 and 0.0 or neighbouring doubles are not confused.
            metrics.forEach((name, value) -> assertThat(Double.doubleToLongBits(report.values().get(name)))
                    .as(name).isEqualTo(Double.doubleToLongBits(value)));
        });
    }

    @Test
    void nestedFiniteDoublesFlattenToDottedNames() {
        Property.tries(1000).forAll(names(), metricMaps(), (group, metrics) -> {
            Map<String, Object> nested = new LinkedHashMap<>();
            nested.put(group, metrics);
            MetricsReport report = MetricsReport.parse(JSON.writeValueAsString(nested));

            assertThat(report.readable()).isTrue();
            assertThat(report.values()).hasSize(metrics.size());
            metrics.forEach((name, value) -> assertThat(report.values()).containsEntry(group + "." + name, value));
        });
    }

    @Test
    void stringLeavesAreNeverNumbers() {
        Property.tries(1000).forAll(metricMaps(), metrics -> {
            Map<String, String> quoted = new LinkedHashMap<>();
            metrics.forEach((name, value) -> quoted.put(name, Double.toString(value)));

            MetricsReport report = MetricsReport.parse(JSON.writeValueAsString(quoted));

            assertThat(report.readable()).isTrue();
            assertThat(report.values()).isEmpty();
            assertThat(report.invalid().keySet()).isEqualTo(metrics.keySet());
            assertThat(report.invalid().values()).allSatisfy(reason -> assertThat(reason).endsWith(", not a number"));
        });
    }

    /** Any text up to 255 chars: jqwik read no @Size(max = 200) on a String and made texts that long, as this does. */
    @Test
    void parseNeverThrowsAndEitherReadsOrExplains() {
        Property.tries(1000).forAll(Gen.strings(0, 255), anything -> {
            MetricsReport report = MetricsReport.parse(anything);

            if (report.readable()) {
                assertThat(anything).contains("{").contains("}");
            } else {
                assertThat(report.error()).isNotBlank();
                assertThat(report.values()).isEmpty();
                assertThat(report.invalid()).isEmpty();
            }
            assertThat(report.values().values()).allSatisfy(value -> assertThat(Double.isFinite(value)).isTrue());
        });
    }

    Gen<Map<String, Double>> metricMaps() {
        return Gen.maps(names(), finiteDoubles(), 0, 12);
    }

    Gen<String> names() {
        // Names without dots, so that flattening cannot merge two of them.
        return Gen.strings(Chars.range('a', 'z').with("_-:/A09é "), 1, 16);
    }

    private static Gen<Double> finiteDoubles() {
        return Gen.oneOf(
                Gen.doubles(-1e6, 1e6),
                Gen.doubles(0.0, 1.0, 6),
                Gen.of(0.0, -0.0, 1.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
                        Double.MIN_NORMAL, 1e-300, 1e300, 0.1, 0.30000000000000004),
                Gen.longs().map(Double::longBitsToDouble).filter(Double::isFinite));
    }
}
