package io.modelgate.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsReportPropertiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Property
    void finiteDoublesRoundTripThroughJson(@ForAll("metricMaps") Map<String, Double> metrics) throws Exception {
        String message = JSON.writeValueAsString(metrics);

        MetricsReport report = MetricsReport.parse(message);

        assertThat(report.readable()).isTrue();
        assertThat(report.invalid()).isEmpty();
        assertThat(report.values()).containsExactlyInAnyOrderEntriesOf(metrics);
        // Exact bits, so that -0.0 and 0.0 or neighbouring doubles are not confused.
        metrics.forEach((name, value) -> assertThat(Double.doubleToLongBits(report.values().get(name)))
                .as(name).isEqualTo(Double.doubleToLongBits(value)));
    }

    @Property
    void nestedFiniteDoublesFlattenToDottedNames(@ForAll("names") String group,
                                                 @ForAll("metricMaps") Map<String, Double> metrics) throws Exception {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put(group, metrics);
        MetricsReport report = MetricsReport.parse(JSON.writeValueAsString(nested));

        assertThat(report.readable()).isTrue();
        assertThat(report.values()).hasSize(metrics.size());
        metrics.forEach((name, value) -> assertThat(report.values()).containsEntry(group + "." + name, value));
    }

    @Property
    void stringLeavesAreNeverNumbers(@ForAll("metricMaps") Map<String, Double> metrics) throws Exception {
        Map<String, String> quoted = new LinkedHashMap<>();
        metrics.forEach((name, value) -> quoted.put(name, Double.toString(value)));

        MetricsReport report = MetricsReport.parse(JSON.writeValueAsString(quoted));

        assertThat(report.readable()).isTrue();
        assertThat(report.values()).isEmpty();
        assertThat(report.invalid().keySet()).isEqualTo(metrics.keySet());
        assertThat(report.invalid().values()).allSatisfy(reason -> assertThat(reason).endsWith(", not a number"));
    }

    @Property
    void parseNeverThrowsAndEitherReadsOrExplains(@ForAll @Size(max = 200) String anything) {
        MetricsReport report = MetricsReport.parse(anything);

        if (report.readable()) {
            assertThat(anything).contains("{").contains("}");
        } else {
            assertThat(report.error()).isNotBlank();
            assertThat(report.values()).isEmpty();
            assertThat(report.invalid()).isEmpty();
        }
        assertThat(report.values().values()).allSatisfy(value -> assertThat(Double.isFinite(value)).isTrue());
    }

    @Provide
    Arbitrary<Map<String, Double>> metricMaps() {
        return Arbitraries.maps(names(), finiteDoubles()).ofMaxSize(12);
    }

    @Provide
    Arbitrary<String> names() {
        // Names without dots, so that flattening cannot merge two of them.
        return Arbitraries.strings().withCharRange('a', 'z').withChars('_', '-', ':', '/', 'A', '0', '9', 'é', ' ')
                .ofMinLength(1).ofMaxLength(16);
    }

    private static Arbitrary<Double> finiteDoubles() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().between(-1e6, 1e6),
                Arbitraries.doubles().between(0.0, 1.0).ofScale(6),
                Arbitraries.of(0.0, -0.0, 1.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
                        Double.MIN_NORMAL, 1e-300, 1e300, 0.1, 0.30000000000000004),
                Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite));
    }
}
