package io.modelgate.analysis;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The API's duration syntax (30s, 5m, 1h30m, 250ms) as the operator reads it. */
class DurationsTest {

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({
            "30s, 30000",
            "5m, 300000",
            "1h30m, 5400000",
            "250ms, 250",
            "0s, 0",
            "0ms, 0",
            "1h, 3600000",
            "90s, 90000",
            "1m30s, 90000",
            "2h45m30s250ms, 9930250",
            "1s500ms, 1500",
            // Parts may repeat and come in any order: they add up.
            "30s30s, 60000",
            "1s1h, 3601000",
            "007s, 7000",
            "999999h, 3599996400000"})
    void parsesNumberUnitParts(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"5", "m5", "1.5s", "5d", "30s ", " 30s", "-5s", "5S", "1h 30m", "s", "ms", "5ns", "5us", "1,5s",
            "PT30S", "30 s", "5m-1s", "+5s", "1e3s", "½s", "５s"})
    void rejectsAnythingElseNamingTheText(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + text + "\"")
                .hasMessageContaining("is not a duration");
    }

    @Test
    void rejectsTheEmptyTextAndNull() {
        assertThatThrownBy(() -> Durations.parse("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a duration is required");
        assertThatThrownBy(() -> Durations.parse(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a duration is required");
    }

    /** Numbers too big for a long, or a sum too big for a Duration: still an IllegalArgumentException naming the text. */
    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"99999999999999999999s", "9223372036854775807h", "9223372036854775807s9223372036854775807s"})
    void rejectsDurationsTooLongToRepresentNamingTheText(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + text + "\"");
    }

    @Property(tries = 2000)
    void parseReadsWhatFormatWrites(@ForAll @LongRange(min = 0, max = 400L * 24 * 3600 * 1000) long millis) {
        Duration duration = Duration.ofMillis(millis);

        assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
    }

    @Property(tries = 500)
    void parseReadsWhatFormatWritesForRoundValues(@ForAll("roundDurations") Duration duration) {
        assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
    }

    @Property(tries = 2000)
    void aTextOfPartsIsTheSumOfItsParts(@ForAll("parts") List<Part> parts) {
        StringBuilder text = new StringBuilder();
        Duration sum = Duration.ZERO;
        for (Part part : parts) {
            text.append(part.amount()).append(part.unit());
            sum = sum.plus(part.duration());
        }

        assertThat(Durations.parse(text.toString())).isEqualTo(sum);
    }

    /**
     * The CRD pattern is what admission lets through; the parser must read all of it (or the reconciler would report
     * a valid spec as invalid) and nothing the pattern's shape, without its 6-digit cap, excludes.
     */
    @Property(tries = 5000)
    void theParserAcceptsExactlyTheApiSyntax(@ForAll("durationLikeTexts") String text) {
        boolean admitted = Pattern.matches(io.modelgate.api.Durations.PATTERN, text);
        boolean shape = Pattern.matches("^([0-9]+(ms|s|m|h))+$", text);
        boolean parsed;
        try {
            Durations.parse(text);
            parsed = true;
        } catch (IllegalArgumentException e) {
            parsed = false;
        }

        if (admitted) {
            assertThat(parsed).as("admitted by the CRD pattern: %s", text).isTrue();
        }
        assertThat(parsed).as("parsed %s", text).isEqualTo(shape);
    }

    record Part(long amount, String unit) {
        Duration duration() {
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
    }

    @Provide
    Arbitrary<List<Part>> parts() {
        Arbitrary<Part> part = net.jqwik.api.Combinators.combine(Arbitraries.longs().between(0, 999_999),
                Arbitraries.of("ms", "s", "m", "h")).as(Part::new);
        return part.list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<Duration> roundDurations() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, 10_000).map(Duration::ofHours),
                Arbitraries.longs().between(0, 100_000).map(Duration::ofMinutes),
                Arbitraries.longs().between(0, 1_000_000).map(Duration::ofSeconds),
                Arbitraries.of(Duration.ofMillis(1), Duration.ofMillis(999), Duration.ofMillis(1000), Duration.ofMillis(59_999),
                        Duration.ofMillis(60_000), Duration.ofMillis(3_599_999), Duration.ofHours(1).plusMillis(1)));
    }

    @Provide
    Arbitrary<String> durationLikeTexts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789mshd. -").ofMinLength(1).ofMaxLength(10),
                parts().map(list -> {
                    StringBuilder text = new StringBuilder();
                    list.forEach(p -> text.append(p.amount()).append(p.unit()));
                    return text.toString();
                }));
    }
}
