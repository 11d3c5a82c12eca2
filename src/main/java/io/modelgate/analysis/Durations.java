package io.modelgate.analysis;

import java.time.Duration;

/** Durations as people write them in specs: 30s, 5m, 1h30m, 250ms. */
public final class Durations {

    private Durations() {
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
