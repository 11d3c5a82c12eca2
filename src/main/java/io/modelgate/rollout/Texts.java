package io.modelgate.rollout;

import io.modelgate.analysis.Durations;

import java.time.Duration;

/** Wording shared by the machines' messages. */
final class Texts {

    private Texts() {
    }

    /** "1h30m", "5m", "45s", "250ms", "0s": as the analysis package writes durations. */
    static String duration(Duration d) {
        return Durations.format(d);
    }

    static String suffix(AnalysisReport report) {
        return report.detail().isEmpty() ? "" : ": " + report.detail();
    }
}
