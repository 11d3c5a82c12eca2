package io.modelgate.analysis;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnalysisLimitsTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void defaultsAreArgos() {
        AnalysisLimits limits = AnalysisLimits.of(5, MINUTE);

        assertThat(limits).isEqualTo(new AnalysisLimits(5, MINUTE, Duration.ZERO, 0, null, 0, 4));
        assertThat(limits.failureLimit()).isZero();
        assertThat(limits.consecutiveFailureLimit()).isNull();
        assertThat(limits.inconclusiveLimit()).isZero();
        assertThat(limits.consecutiveErrorLimit()).isEqualTo(4);
        assertThat(limits.unbounded()).isFalse();
    }

    @Test
    void countZeroIsUnbounded() {
        assertThat(AnalysisLimits.unbounded(MINUTE).count()).isZero();
        assertThat(AnalysisLimits.unbounded(MINUTE).unbounded()).isTrue();
    }

    @Test
    void nullDurationsAreZero() {
        AnalysisLimits limits = new AnalysisLimits(1, null, null, 0, null, 0, 4);

        assertThat(limits.interval()).isZero();
        assertThat(limits.initialDelay()).isZero();
    }

    @Test
    void withersChangeOneLimit() {
        AnalysisLimits limits = AnalysisLimits.of(3, MINUTE).withInitialDelay(Duration.ofSeconds(30)).withFailureLimit(2)
                .withConsecutiveFailureLimit(1).withInconclusiveLimit(3).withConsecutiveErrorLimit(0);

        assertThat(limits).isEqualTo(new AnalysisLimits(3, MINUTE, Duration.ofSeconds(30), 2, 1, 3, 0));
        assertThat(limits.withConsecutiveFailureLimit(null).consecutiveFailureLimit()).isNull();
    }

    @Test
    void aSingleMeasurementNeedsNoInterval() {
        assertThat(AnalysisLimits.problemsOf(1, Duration.ZERO, null, 0, null, 0, 4)).isEmpty();
        assertThat(AnalysisLimits.of(1, null).interval()).isZero();
    }

    @Test
    void severalOrUnboundedMeasurementsNeedAnInterval() {
        assertThat(AnalysisLimits.problemsOf(2, Duration.ZERO, null, 0, null, 0, 4))
                .containsExactly("interval is required when count is 2: measurements need time between them");
        assertThat(AnalysisLimits.problemsOf(0, null, null, 0, null, 0, 4))
                .containsExactly("interval is required when count is 0 (unbounded): measurements need time between them");
        assertThatThrownBy(() -> AnalysisLimits.unbounded(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("interval is required");
    }

    @Test
    void negativeValuesAreRefusedAllAtOnce() {
        assertThat(AnalysisLimits.problemsOf(-1, Duration.ofSeconds(-1), Duration.ofSeconds(-5), -1, -1, -1, -1)).containsExactly(
                "count must be >= 0 (0 means until the step ends), got -1",
                "interval must not be negative, got -1s",
                "initialDelay must not be negative, got -5s",
                "failureLimit must be >= 0, got -1",
                "consecutiveFailureLimit must be >= 0 (or unset), got -1",
                "inconclusiveLimit must be >= 0, got -1",
                "consecutiveErrorLimit must be >= 0, got -1");
        assertThatThrownBy(() -> AnalysisLimits.of(3, MINUTE).withFailureLimit(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("failureLimit must be >= 0, got -1");
    }

    @Test
    void zeroLimitsAreValid() {
        assertThat(AnalysisLimits.problemsOf(3, MINUTE, Duration.ZERO, 0, 0, 0, 0)).isEmpty();
    }
}
