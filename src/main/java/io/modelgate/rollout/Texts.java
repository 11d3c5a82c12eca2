package io.modelgate.rollout;

import java.time.Duration;

/** Wording shared by the machines' messages. */
final class Texts {

    private Texts() {
    }

    /** "1h30m", "5m", "45s", "250ms", "0s". */
    static String duration(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        if (d.isNegative()) {
            out.append('-');
            d = d.negated();
        }
        long hours = d.toHours();
        int minutes = d.toMinutesPart();
        int seconds = d.toSecondsPart();
        int millis = d.toMillisPart();
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes).append('m');
        }
        if (seconds > 0) {
            out.append(seconds).append('s');
        }
        if (millis > 0) {
            out.append(millis).append("ms");
        }
        return out.length() == 0 || out.toString().equals("-") ? out.append(d.toNanos()).append("ns").toString() : out.toString();
    }

    static String suffix(AnalysisReport report) {
        return report.detail().isEmpty() ? "" : ": " + report.detail();
    }
}
