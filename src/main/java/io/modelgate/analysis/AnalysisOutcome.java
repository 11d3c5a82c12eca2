package io.modelgate.analysis;

import java.util.Objects;

/**
 * Where the analysis of one metric, or of several combined, stands.
 *
 * @param phase  Running, or one of the four terminal outcomes
 * @param metric the metric that decided, or null when no single one did (all successful, none at all)
 * @param reason for a person: the metric, the counts against the limits and the last measurement
 * @param last   the deciding metric's last measurement, or null when there was none
 */
public record AnalysisOutcome(Phase phase, String metric, String reason, Measurement last) {

    /**
     * Running: not decided yet. Successful: promote / next step. Failed and Error: roll back.
     * Inconclusive: pause for a person. Precedence when several hold: Failed &gt; Error &gt; Inconclusive.
     */
    public enum Phase {
        Running(0), Successful(0), Inconclusive(1), Error(2), Failed(3);

        private final int severity;

        Phase(int severity) {
            this.severity = severity;
        }

        public boolean isTerminal() {
            return this != Running;
        }

        /** Failed, Error or Inconclusive: the canary did not earn its traffic. */
        public boolean isUnsuccessful() {
            return severity > 0;
        }

        /** Failed or Error: roll back. */
        public boolean rollsBack() {
            return this == Failed || this == Error;
        }

        /** Inconclusive: pause for a person. */
        public boolean pauses() {
            return this == Inconclusive;
        }

        /** 0 for Running and Successful, then Inconclusive 1 &lt; Error 2 &lt; Failed 3. */
        public int severity() {
            return severity;
        }
    }

    public AnalysisOutcome {
        Objects.requireNonNull(phase, "phase");
        reason = reason == null ? "" : reason;
    }

    public boolean isTerminal() {
        return phase.isTerminal();
    }
}
