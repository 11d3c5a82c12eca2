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
        assertThat(AnalysisLimits.problemsOf(-1, Duration.ofSeconds(-1), Duration.ofSeconds(-5), -2, -1, -1, -1)).containsExactly(
                "count must be >= 0 (0 means until the step ends), got -1",
                "interval must not be negative, got -1s",
                "initialDelay must not be negative, got -5s",
                "failureLimit must be >= 0, or -1 for no failure limit, got -2",
                "consecutiveFailureLimit must be >= 0 (or unset), got -1",
                "inconclusiveLimit must be >= 0, got -1",
                "consecutiveErrorLimit must be >= 0, got -1");
        assertThatThrownBy(() -> AnalysisLimits.of(3, MINUTE).withFailureLimit(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failureLimit -1 (no failure limit) needs consecutiveSuccessLimit > 0: else nothing could ever decide the metric");
    }

    @Test
    void zeroLimitsAreValid() {
        assertThat(AnalysisLimits.problemsOf(3, MINUTE, Duration.ZERO, 0, 0, 0, 0)).isEmpty();
    }

    // ---- limits count measurements can never exceed (Argo Rollouts' ValidateMetric) ----

    @Test
    void aCountBelowFailureLimitCanNeverFailOnFailures() {
        assertThat(AnalysisLimits.of(2, MINUTE).withFailureLimit(3).unreachableLimits()).singleElement().asString()
                .startsWith("count 2 is less than failureLimit 3: in 2 measurements failures never exceed the limit")
                .contains("Argo Rollouts rejects count < failureLimit too");
        assertThat(AnalysisLimits.of(1, MINUTE).withInconclusiveLimit(2).unreachableLimits()).singleElement().asString()
                .startsWith("count 1 is less than inconclusiveLimit 2: in 1 measurement inconclusive ones never exceed the limit");
        assertThat(AnalysisLimits.of(1, MINUTE).withFailureLimit(4).withInconclusiveLimit(4).unreachableLimits()).hasSize(2);
    }

    @Test
    void aCountEqualToTheLimitIsAcceptedAsInArgoAndUnboundedIsNeverChecked() {
        assertThat(AnalysisLimits.of(3, MINUTE).withFailureLimit(3).withInconclusiveLimit(3).unreachableLimits()).isEmpty();
        assertThat(AnalysisLimits.unbounded(MINUTE).withFailureLimit(50).withInconclusiveLimit(50).unreachableLimits()).isEmpty();
        assertThat(AnalysisLimits.of(1, MINUTE).unreachableLimits()).as("the defaults, 0 and 0").isEmpty();
    }

    /** An unreachable limit is one the verdict can indeed never reach: no history of count measurements exceeds it. */
    @Test
    void unreachableLimitsAreExactlyTheOnesNoHistoryExceeds() {
        long seed = new java.util.Random().nextLong();
        java.util.Random random = new java.util.Random(seed);
        for (int run = 0; run < 2_000; run++) {
            int count = 1 + random.nextInt(5);
            int failureLimit = random.nextInt(7);
            AnalysisLimits limits = AnalysisLimits.of(count, MINUTE).withFailureLimit(failureLimit);
            boolean reported = !limits.unreachableLimits().isEmpty();
            assertThat(reported).as("seed %d: %s", seed, limits).isEqualTo(count < failureLimit);
            if (reported) {
                // Every measurement Failed: the most failures count measurements can have.
                MetricTally allFailed = MetricTally.EMPTY;
                for (int i = 0; i < count; i++) {
                    allFailed = allFailed.add(MeasurementPhase.Failed);
                }
                assertThat(AnalysisVerdict.decide("m", limits, allFailed, java.util.List.of()).phase())
                        .as("seed %d: %s never fails on failures", seed, limits).isEqualTo(AnalysisOutcome.Phase.Successful);
            }
        }
    }

    @Test
    void failureLimitMinusOneNeedsASuccessStreakLimit() {
        assertThat(AnalysisLimits.problemsOf(5, Duration.ofSeconds(1), Duration.ZERO, -1, null, 0, 4, 0))
                .singleElement().asString().contains("needs consecutiveSuccessLimit > 0");
        assertThat(AnalysisLimits.problemsOf(5, Duration.ofSeconds(1), Duration.ZERO, -1, null, 0, 4, 2)).isEmpty();
        assertThat(AnalysisLimits.problemsOf(5, Duration.ofSeconds(1), Duration.ZERO, -2, null, 0, 4, 2))
                .singleElement().asString().contains("-1 for no failure limit");
        assertThat(AnalysisLimits.problemsOf(5, Duration.ofSeconds(1), Duration.ZERO, 0, null, 0, 4, -1))
                .singleElement().asString().contains("consecutiveSuccessLimit must be >= 0");
    }

    @Test
    void aSuccessStreakTheCountCannotHoldIsUnreachable() {
        AnalysisLimits limits = AnalysisLimits.of(4, Duration.ofSeconds(1)).withFailureLimit(2).withConsecutiveSuccessLimit(3);
        assertThat(limits.unreachableLimits()).singleElement().asString()
                .contains("count 4 is less than failureLimit 2 + consecutiveSuccessLimit 3");
        assertThat(limits.withFailureLimit(1).unreachableLimits()).isEmpty();
        assertThat(AnalysisLimits.of(2, Duration.ofSeconds(1)).withConsecutiveSuccessLimit(3).withFailureLimit(-1).unreachableLimits())
                .singleElement().asString().contains("count 2 is less than consecutiveSuccessLimit 3");
        assertThat(AnalysisLimits.unbounded(Duration.ofSeconds(1)).withConsecutiveSuccessLimit(3).unreachableLimits()).isEmpty();
    }
}
