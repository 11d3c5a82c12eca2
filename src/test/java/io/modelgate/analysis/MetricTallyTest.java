package io.modelgate.analysis;

import org.junit.jupiter.api.Test;

import static io.modelgate.analysis.Analyses.history;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricTallyTest {

    private static MetricTally tally(String letters) {
        return MetricTally.of(history(letters));
    }

    @Test
    void emptyIsAllZero() {
        assertThat(MetricTally.EMPTY).isEqualTo(new MetricTally(0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(MetricTally.of(history(""))).isEqualTo(MetricTally.EMPTY);
    }

    @Test
    void theSuccessStreakIsEndedByAnyMeasurementThatIsNotSuccessful() {
        assertThat(MetricTally.of(history("SSS")).consecutiveSuccesses()).isEqualTo(3);
        assertThat(MetricTally.of(history("SSF")).consecutiveSuccesses()).isZero();
        assertThat(MetricTally.of(history("SSI")).consecutiveSuccesses()).isZero();
        assertThat(MetricTally.of(history("SSES")).consecutiveSuccesses()).isEqualTo(1);
    }

    @Test
    void eachPhaseCountsOnce() {
        assertThat(MetricTally.EMPTY.add(MeasurementPhase.Successful)).isEqualTo(new MetricTally(1, 0, 0, 0, 0, 0, 1, 0, 0, 1));
        assertThat(MetricTally.EMPTY.add(MeasurementPhase.Failed)).isEqualTo(new MetricTally(1, 1, 1, 0, 0, 0, 0, 1, 0));
        assertThat(MetricTally.EMPTY.add(MeasurementPhase.Inconclusive)).isEqualTo(new MetricTally(1, 0, 0, 1, 0, 0, 0, 0, 0));
        assertThat(MetricTally.EMPTY.add(MeasurementPhase.Error)).isEqualTo(new MetricTally(1, 0, 0, 0, 1, 1, 0, 0, 1));
        assertThat(MetricTally.EMPTY.add(history("F").get(0))).isEqualTo(MetricTally.EMPTY.add(MeasurementPhase.Failed));
    }

    @Test
    void aSuccessEndsAFailureStreakButThePeakRemains() {
        MetricTally t = tally("FFS");

        assertThat(t.consecutiveFailures()).isZero();
        assertThat(t.maxConsecutiveFailures()).isEqualTo(2);
        assertThat(t.failures()).isEqualTo(2);
    }

    @Test
    void inconclusiveAndErrorDoNotEndAFailureStreak() {
        assertThat(tally("FIF").consecutiveFailures()).isEqualTo(2);
        assertThat(tally("FEF").consecutiveFailures()).isEqualTo(2);
        assertThat(tally("FEIEF").maxConsecutiveFailures()).isEqualTo(2);
        assertThat(tally("FSF").maxConsecutiveFailures()).isEqualTo(1);
    }

    @Test
    void anyAnswerEndsAnErrorStreak() {
        assertThat(tally("EES").consecutiveErrors()).isZero();
        assertThat(tally("EEF").consecutiveErrors()).isZero();
        assertThat(tally("EEI").consecutiveErrors()).isZero();
        assertThat(tally("EEIE").consecutiveErrors()).isEqualTo(1);
        assertThat(tally("EEIE").maxConsecutiveErrors()).isEqualTo(2);
    }

    @Test
    void errorsAreTakenButNotCounted() {
        MetricTally t = tally("SEFEI");

        assertThat(t.taken()).isEqualTo(5);
        assertThat(t.counted()).isEqualTo(3);
        assertThat(t.counts()).isEqualTo("5 taken: 1 successful, 1 failed, 1 inconclusive, 2 errors");
        assertThat(tally("E").counts()).isEqualTo("1 taken: 0 successful, 0 failed, 0 inconclusive, 1 error");
    }

    @Test
    void contradictoryCountersAreRefused() {
        assertThatThrownBy(() -> new MetricTally(-1, 0, 0, 0, 0, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> new MetricTally(2, 1, 0, 0, 0, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("taken is not");
        assertThatThrownBy(() -> new MetricTally(1, 1, 2, 0, 0, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("streak");
        assertThatThrownBy(() -> new MetricTally(1, 0, 0, 0, 1, 0, 0, 0, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("streak");
    }

    @Test
    void aPeakBelowTheCurrentStreakIsRaised() {
        MetricTally t = new MetricTally(3, 2, 2, 0, 1, 1, 0, 0, 0);

        assertThat(t.maxConsecutiveFailures()).isEqualTo(2);
        assertThat(t.maxConsecutiveErrors()).isEqualTo(1);
    }
}
