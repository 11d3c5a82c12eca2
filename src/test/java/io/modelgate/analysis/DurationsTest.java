package io.modelgate.analysis;

import io.modelgate.testing.Chars;
import io.modelgate.testing.Gen;
import io.modelgate.testing.Property;
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

    @Test
    void parseReadsWhatFormatWrites() {
        Property.tries(2000).forAll(Gen.longs(0, 400L * 24 * 3600 * 1000), millis -> {
            Duration duration = Duration.ofMillis(millis);

            assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
        });
    }

    @Test
    void parseReadsWhatFormatWritesForRoundValues() {
        Property.tries(500).forAll(roundDurations(), duration -> {
            assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
        });
    }

    @Test
    void aTextOfPartsIsTheSumOfItsParts() {
        Property.tries(2000).forAll(parts(), parts -> {
            StringBuilder text = new StringBuilder();
            Duration sum = Duration.ZERO;
            for (Part part : parts) {
                text.append(part.amount()).append(part.unit());
                sum = sum.plus(part.duration());
            }

            assertThat(Durations.parse(text.toString())).isEqualTo(sum);
        });
    }

    /**
     * The CRD pattern is what admission lets through; the parser must read all of it (or the reconciler would report
     * a valid spec as invalid) and nothing the pattern's shape, without its 6-digit cap, excludes.
     */
    @Test
    void theParserAcceptsExactlyTheApiSyntax() {
        Property.tries(5000).forAll(durationLikeTexts(), text -> {
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
        });
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

    Gen<List<Part>> parts() {
        Gen<Part> part = Gen.combine(Gen.longs(0, 999_999), Gen.of("ms", "s", "m", "h"), Part::new);
        return part.list(1, 6);
    }

    Gen<Duration> roundDurations() {
        return Gen.oneOf(
                Gen.longs(0, 10_000).map(Duration::ofHours),
                Gen.longs(0, 100_000).map(Duration::ofMinutes),
                Gen.longs(0, 1_000_000).map(Duration::ofSeconds),
                Gen.of(Duration.ofMillis(1), Duration.ofMillis(999), Duration.ofMillis(1000), Duration.ofMillis(59_999),
                        Duration.ofMillis(60_000), Duration.ofMillis(3_599_999), Duration.ofHours(1).plusMillis(1)));
    }

    Gen<String> durationLikeTexts() {
        return Gen.oneOf(
                Gen.strings(Chars.of("0123456789mshd. -"), 1, 10),
                parts().map(list -> {
                    StringBuilder text = new StringBuilder();
                    list.forEach(p -> text.append(p.amount()).append(p.unit()));
                    return text.toString();
                }));
    }
}
