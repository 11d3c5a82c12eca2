package io.modelgate.analysis;

import java.time.Duration;

/** Durations as people write them in specs: 30s, 5m, 1h30m, 250ms. */
public final class Durations {

    private Durations() {
    }

    private static final java.util.regex.Pattern PART = java.util.regex.Pattern.compile("([0-9]+)(ms|s|m|h)");

    /**
     * Parses the API's duration syntax: one or more of number + unit (ms, s, m, h), e.g. 1h30m.
     *
     * @throws IllegalArgumentException naming the text when it is not such a duration
     */
    public static Duration parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a duration is required (e.g. 30s, 5m, 1h30m)");
        }
        java.util.regex.Matcher matcher = PART.matcher(text);
        Duration total = Duration.ZERO;
        int at = 0;
        while (matcher.find() && matcher.start() == at) {
            try {
                long amount = Long.parseLong(matcher.group(1));
                total = total.plus(switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                });
            } catch (ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException("\"" + text + "\" is too long to be a duration", e);
            }
            at = matcher.end();
        }
        if (at != text.length()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a duration: use number+unit parts with ms, s, m or h, e.g. 30s, 5m, 1h30m");
        }
        return total;
    }

    public static String format(Duration duration) {
        if (duration == null) {
            return "?";
        }
        if (duration.isZero()) {
            return "0s";
        }
        if (duration.isNegative()) {
            return "-" + format(duration.negated());
        }
        StringBuilder text = new StringBuilder();
        long hours = duration.toHours();
        int minutes = duration.toMinutesPart();
        int seconds = duration.toSecondsPart();
        int millis = duration.toMillisPart();
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (minutes > 0) {
            text.append(minutes).append('m');
        }
        if (seconds > 0) {
            text.append(seconds).append('s');
        }
        if (millis > 0) {
            text.append(millis).append("ms");
        }
        return text.length() == 0 ? duration.toNanos() + "ns" : text.toString();
    }
}
