package io.modelgate.analysis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MetricCriteriaTest {

    @Test
    void theNoDataPolicyDefaultsToInconclusive() {
        assertThat(MetricCriteria.atMost("error_rate", 0.05).noData()).isEqualTo(NoDataPolicy.Inconclusive);
        assertThat(new MetricCriteria("m", 1.0, null, null, null, null).noData()).isEqualTo(NoDataPolicy.Inconclusive);
        assertThat(NoDataPolicy.DEFAULT).isEqualTo(NoDataPolicy.Inconclusive);
        assertThat(MetricCriteria.atMost("m", 1).withNoData(NoDataPolicy.Fail).noData()).isEqualTo(NoDataPolicy.Fail);
    }

    @Test
    void factoriesAndWithersSetOneFieldEach() {
        assertThat(MetricCriteria.atMost("m", 2)).isEqualTo(new MetricCriteria("m", null, 2.0, null, null, NoDataPolicy.Inconclusive));
        assertThat(MetricCriteria.atLeast("m", 1)).isEqualTo(new MetricCriteria("m", 1.0, null, null, null, null));
        assertThat(MetricCriteria.between("m", 1, 2)).isEqualTo(new MetricCriteria("m", 1.0, 2.0, null, null, null));
        assertThat(MetricCriteria.atMostTimesStable("m", 1.1)).isEqualTo(new MetricCriteria("m", null, null, 1.1, null, null));
        assertThat(MetricCriteria.atLeastTimesStable("m", 0.9)).isEqualTo(new MetricCriteria("m", null, null, null, 0.9, null));
        assertThat(MetricCriteria.atMost("m", 2).withMin(1.0).withMaxRatioToStable(1.1).withMinRatioToStable(0.5).withMax(3.0))
                .isEqualTo(new MetricCriteria("m", 1.0, 3.0, 1.1, 0.5, null));
    }

    @Test
    void validCriteriaHaveNoProblems() {
        assertThat(MetricCriteria.atMost("error_rate", 0.05).problems()).isEmpty();
        assertThat(MetricCriteria.between("m", 0.5, 0.5).problems()).as("min == max admits one value").isEmpty();
        assertThat(MetricCriteria.atMostTimesStable("m", 0).problems()).as("a zero ratio means at most 0").isEmpty();
        assertThat(MetricCriteria.atLeastTimesStable("m", 0.9).withMax(1.0).problems()).isEmpty();
        assertThat(MetricCriteria.between("m", -5, -1).problems()).isEmpty();
    }

    @Test
    void minAboveMaxIsAProblem() {
        assertThat(MetricCriteria.between("latency", 2, 1).problems())
                .containsExactly("metric latency: min 2 is greater than max 1, so no value can pass");
    }

    @Test
    void negativeRatiosAreProblems() {
        assertThat(MetricCriteria.atMostTimesStable("m", -1.1).problems()).containsExactly("metric m: maxRatioToStable -1.1 is negative");
        assertThat(MetricCriteria.atLeastTimesStable("m", -0.5).problems()).containsExactly("metric m: minRatioToStable -0.5 is negative");
    }

    @Test
    void noBoundAtAllIsAProblem() {
        assertThat(new MetricCriteria("m", null, null, null, null, NoDataPolicy.Fail).problems())
                .containsExactly("metric m has no bound: set min, max, maxRatioToStable, minRatioToStable, successCondition or failureCondition");
    }

    @Test
    void aMetricNeedsAName() {
        assertThat(MetricCriteria.atMost(" ", 1).problems()).containsExactly("a metric needs a name");
        assertThat(MetricCriteria.atMost(null, 1).problems()).containsExactly("a metric needs a name");
    }

    @Test
    void nonFiniteBoundsAreProblems() {
        assertThat(MetricCriteria.atMost("m", Double.NaN).problems()).containsExactly("metric m: max must be a finite number, got NaN");
        assertThat(MetricCriteria.atLeast("m", Double.NEGATIVE_INFINITY).problems()).containsExactly("metric m: min must be a finite number, got -Inf");
        assertThat(MetricCriteria.atMostTimesStable("m", Double.POSITIVE_INFINITY).problems())
                .containsExactly("metric m: maxRatioToStable must be a finite number, got +Inf");
        assertThat(MetricCriteria.atLeastTimesStable("m", Double.NaN).problems())
                .containsExactly("metric m: minRatioToStable must be a finite number, got NaN");
    }

    @Test
    void everyProblemIsReported() {
        assertThat(new MetricCriteria("", 3.0, 1.0, -1.0, -2.0, null).problems()).hasSize(4);
    }

    @Test
    void boundsInWords() {
        assertThat(new MetricCriteria("m", 0.8, 0.95, 1.1, 0.9, null).describeBounds())
                .isEqualTo(">= 0.8 and <= 0.95 and >= stable × 0.9 and <= stable × 1.1");
        assertThat(new MetricCriteria("m", null, null, null, null, null).describeBounds()).isEqualTo("no bound");
        assertThat(MetricCriteria.atMost("m", 0.05).hasAbsoluteBound()).isTrue();
        assertThat(MetricCriteria.atMost("m", 0.05).hasRelativeBound()).isFalse();
        assertThat(MetricCriteria.atLeastTimesStable("m", 1).hasRelativeBound()).isTrue();
        assertThat(MetricCriteria.atLeastTimesStable("m", 1).hasAbsoluteBound()).isFalse();
    }
}
