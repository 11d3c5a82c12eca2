package io.modelgate.analysis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.modelgate.analysis.MeasurementPhase.Error;
import static io.modelgate.analysis.MeasurementPhase.Failed;
import static io.modelgate.analysis.MeasurementPhase.Inconclusive;
import static io.modelgate.analysis.MeasurementPhase.Successful;
import static org.assertj.core.api.Assertions.assertThat;

class MeasurementJudgeTest {

    private static final Instant AT = Instant.parse("2024-05-01T10:05:00Z");
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final MetricCriteria ERROR_RATE = MetricCriteria.atMost("error_rate", 0.05);
    private static final MetricCriteria RELATIVE = MetricCriteria.atMostTimesStable("error_rate", 1.1);

    private static Measurement judge(MetricCriteria criteria, ProviderResult canary) {
        return MeasurementJudge.judge(criteria, canary, Optional.empty(), AT);
    }

    private static Measurement judge(MetricCriteria criteria, double canary) {
        return judge(criteria, ProviderResult.of(canary));
    }

    private static Measurement judge(MetricCriteria criteria, double canary, ProviderResult stable) {
        return MeasurementJudge.judge(criteria, ProviderResult.of(canary), Optional.of(stable), AT);
    }

    private static Measurement judge(MetricCriteria criteria, double canary, double stable) {
        return judge(criteria, canary, ProviderResult.of(stable));
    }

    // ---- absolute bounds ----

    @Test
    void aboveMaxFails() {
        Measurement m = judge(ERROR_RATE, 0.08);

        assertThat(m).isEqualTo(new Measurement(Failed, 0.08, null, "error_rate=0.08 is above max 0.05", AT));
    }

    @ParameterizedTest
    @CsvSource({"0.05", "0.01", "0", "-0.0", "-3"})
    void atOrBelowMaxSucceeds(double value) {
        Measurement m = judge(ERROR_RATE, value);

        assertThat(m.phase()).isEqualTo(Successful);
        assertThat(m.value()).isEqualTo(value);
        assertThat(m.message()).endsWith(" is within <= max 0.05").startsWith("error_rate=");
    }

    @Test
    void theNextDoubleAboveMaxFails() {
        assertThat(judge(ERROR_RATE, Math.nextUp(0.05)).phase()).isEqualTo(Failed);
    }

    @Test
    void belowMinFails() {
        Measurement m = judge(MetricCriteria.atLeast("accuracy", 0.8), 0.7);

        assertThat(m).isEqualTo(new Measurement(Failed, 0.7, null, "accuracy=0.7 is below min 0.8", AT));
        assertThat(judge(MetricCriteria.atLeast("accuracy", 0.8), Math.nextDown(0.8)).phase()).isEqualTo(Failed);
        assertThat(judge(MetricCriteria.atLeast("accuracy", 0.8), 0.8).phase()).isEqualTo(Successful);
    }

    @Test
    void betweenMinAndMaxSucceedsWithBothNamed() {
        Measurement m = judge(MetricCriteria.between("p99_ms", 0, 250), 120);

        assertThat(m.phase()).isEqualTo(Successful);
        assertThat(m.message()).isEqualTo("p99_ms=120 is within >= min 0 and <= max 250");
    }

    @Test
    void theMeasurementKeepsTheTime() {
        assertThat(judge(ERROR_RATE, 0.01).at()).isEqualTo(AT);
    }

    // ---- non-finite numbers ----

    @Test
    void nanIsNoDataJudgedByThePolicy() {
        assertThat(judge(ERROR_RATE, Double.NaN))
                .isEqualTo(new Measurement(Inconclusive, null, null, "error_rate: no data: query returned NaN (policy Inconclusive)", AT));
        assertThat(judge(ERROR_RATE.withNoData(NoDataPolicy.Fail), Double.NaN))
                .isEqualTo(new Measurement(Failed, null, null, "error_rate: no data: query returned NaN (policy Fail)", AT));
        assertThat(judge(ERROR_RATE.withNoData(NoDataPolicy.Ignore), Double.NaN))
                .isEqualTo(new Measurement(Successful, null, null, "error_rate: no data (ignored): query returned NaN", AT));
    }

    @Test
    void positiveInfinityIsAboveAnyMax() {
        assertThat(judge(ERROR_RATE, INF)).isEqualTo(new Measurement(Failed, INF, null, "error_rate=+Inf is above max 0.05", AT));
        assertThat(judge(MetricCriteria.atMost("m", Double.MAX_VALUE), INF).phase()).isEqualTo(Failed);
    }

    @Test
    void positiveInfinityPassesAMinOnlyBound() {
        assertThat(judge(MetricCriteria.atLeast("throughput", 100), INF).phase()).isEqualTo(Successful);
    }

    @Test
    void negativeInfinityIsBelowAnyMin() {
        assertThat(judge(MetricCriteria.atLeast("throughput", -1e300), -INF))
                .isEqualTo(new Measurement(Failed, -INF, null, "throughput=-Inf is below min -1.0E300", AT));
        assertThat(judge(MetricCriteria.atMost("m", 0), -INF).phase()).isEqualTo(Successful);
    }

    @Test
    void positiveInfinityExceedsAnyFiniteStableTimesRatio() {
        Measurement m = judge(RELATIVE, INF, 0.02);

        assertThat(m).isEqualTo(new Measurement(Failed, INF, 0.02, "error_rate=+Inf exceeds stable 0.02 × 1.1 = 0.022", AT));
    }

    @Test
    void anInfiniteStableValueMakesAnInfiniteBound() {
        assertThat(judge(RELATIVE, 1e300, INF).phase()).isEqualTo(Successful);
        assertThat(judge(RELATIVE, INF, INF).phase()).as("+Inf <= +Inf × 1.1").isEqualTo(Successful);
        assertThat(judge(RELATIVE, 0, -INF)).isEqualTo(new Measurement(Failed, 0.0, -INF, "error_rate=0 exceeds stable -Inf × 1.1 = -Inf", AT));
        assertThat(judge(MetricCriteria.atLeastTimesStable("m", 0.9), 1e300, INF).phase()).isEqualTo(Failed);
    }

    @Test
    void aZeroRatioMeansAtMostZeroEvenAgainstAnInfiniteStable() {
        MetricCriteria none = MetricCriteria.atMostTimesStable("errors", 0);

        assertThat(judge(none, 0, INF).phase()).isEqualTo(Successful);
        assertThat(judge(none, 1, INF).message()).isEqualTo("errors=1 exceeds stable +Inf × 0 = 0");
        assertThat(judge(none, 1, 5).phase()).isEqualTo(Failed);
    }

    // ---- no data ----

    @ParameterizedTest
    @EnumSource(NoDataPolicy.class)
    void anEmptyVectorFollowsThePolicy(NoDataPolicy policy) {
        Measurement m = judge(ERROR_RATE.withNoData(policy), ProviderResult.ofVector(List.of()));

        switch (policy) {
            case Fail -> assertThat(m).isEqualTo(new Measurement(Failed, null, null, "error_rate: no data: empty vector (policy Fail)", AT));
            case Inconclusive -> assertThat(m).isEqualTo(
                    new Measurement(Inconclusive, null, null, "error_rate: no data: empty vector (policy Inconclusive)", AT));
            case Ignore -> assertThat(m).isEqualTo(new Measurement(Successful, null, null, "error_rate: no data (ignored): empty vector", AT));
        }
    }

    @Test
    void aNullOrMissingJsonPointerIsNoData() {
        assertThat(judge(ERROR_RATE, ProviderResult.nullValue()).message()).isEqualTo("error_rate: no data: the value is null (policy Inconclusive)");
        assertThat(judge(ERROR_RATE.withNoData(NoDataPolicy.Fail), ProviderResult.missingPointer("/errors/rate")).message())
                .isEqualTo("error_rate: no data: nothing at JSON pointer /errors/rate (policy Fail)");
    }

    @Test
    void theDefaultPolicyIsInconclusive() {
        assertThat(judge(new MetricCriteria("m", null, 1.0, null, null, null), ProviderResult.emptyVector()).phase()).isEqualTo(Inconclusive);
    }

    @Test
    void ignoredNoDataSaysSo() {
        assertThat(judge(ERROR_RATE.withNoData(NoDataPolicy.Ignore), ProviderResult.emptyVector()).message()).contains("no data (ignored)");
    }

    // ---- provider errors ----

    @Test
    void severalSeriesAreAnError() {
        Measurement m = judge(ERROR_RATE, ProviderResult.ofVector(List.of(0.01, 0.02)));

        assertThat(m).isEqualTo(new Measurement(Error, null, null, "error_rate: error: the query returned 2 series, expected exactly one", AT));
    }

    @Test
    void http500IsAnError() {
        assertThat(judge(ERROR_RATE, ProviderResult.httpStatus(500, "Internal Server Error")))
                .isEqualTo(new Measurement(Error, null, null, "error_rate: error: HTTP 500: Internal Server Error", AT));
    }

    @Test
    void aTimeoutIsAnError() {
        assertThat(judge(ERROR_RATE, ProviderResult.timeout(Duration.ofSeconds(30))))
                .isEqualTo(new Measurement(Error, null, null, "error_rate: error: timed out after 30s", AT));
    }

    @Test
    void aSlowAnswerIsAnErrorNotAValue() {
        Measurement m = judge(ERROR_RATE, ProviderResult.tooSlow(Duration.ofSeconds(45), Duration.ofSeconds(30)));

        assertThat(m.phase()).isEqualTo(Error);
        assertThat(m.value()).isNull();
        assertThat(m.message()).isEqualTo("error_rate: error: answered after 45s, past the 30s deadline");
    }

    @Test
    void unreachableAndMalformedAreErrors() {
        assertThat(judge(ERROR_RATE, ProviderResult.unreachable("http://prom:9090", "connection refused")).phase()).isEqualTo(Error);
        assertThat(judge(ERROR_RATE, ProviderResult.malformed("not JSON")).phase()).isEqualTo(Error);
    }

    @ParameterizedTest
    @EnumSource(NoDataPolicy.class)
    void anErrorIsAnErrorWhateverTheNoDataPolicy(NoDataPolicy policy) {
        assertThat(judge(ERROR_RATE.withNoData(policy), ProviderResult.httpStatus(500, null)).phase()).isEqualTo(Error);
    }

    @Test
    void invalidCriteriaGiveAnError() {
        Measurement m = judge(MetricCriteria.between("m", 2, 1), 1.5);

        assertThat(m.phase()).isEqualTo(Error);
        assertThat(m.value()).isEqualTo(1.5);
        assertThat(m.message()).isEqualTo("m: invalid criteria: metric m: min 2 is greater than max 1, so no value can pass");
    }

    // ---- relative bounds ----

    @Test
    void aboveStableTimesRatioFails() {
        Measurement m = judge(RELATIVE, 0.12, 0.02);

        assertThat(m).isEqualTo(new Measurement(Failed, 0.12, 0.02, "error_rate=0.12 exceeds stable 0.02 × 1.1 = 0.022", AT));
    }

    @Test
    void withinStableTimesRatioSucceedsAndShowsTheProduct() {
        Measurement m = judge(RELATIVE, 0.015, 0.02);

        assertThat(m).isEqualTo(new Measurement(Successful, 0.015, 0.02, "error_rate=0.015 is within <= stable 0.02 × 1.1 = 0.022", AT));
    }

    @Test
    void belowStableTimesMinRatioFails() {
        Measurement m = judge(MetricCriteria.atLeastTimesStable("throughput", 0.9), 5, 10);

        assertThat(m).isEqualTo(new Measurement(Failed, 5.0, 10.0, "throughput=5 is below stable 10 × 0.9 = 9", AT));
        assertThat(judge(MetricCriteria.atLeastTimesStable("throughput", 0.9), 9, 10).phase()).isEqualTo(Successful);
    }

    @Test
    void exactlyStableTimesRatioPassesInDecimal() {
        // In binary 0.02 * 1.1 = 0.022000000000000002 and 0.009 * 1.2 = 0.010799999999999999.
        assertThat(0.02 * 1.1).isNotEqualTo(0.022);
        assertThat(0.009 * 1.2).isLessThan(0.0108);

        assertThat(judge(RELATIVE, 0.022, 0.02).phase()).isEqualTo(Successful);
        assertThat(judge(MetricCriteria.atLeastTimesStable("m", 1.1), 0.022, 0.02).phase())
                .as("binary would say 0.022 < 0.022000000000000002").isEqualTo(Successful);
        assertThat(judge(MetricCriteria.atMostTimesStable("m", 1.2), 0.0108, 0.009).phase())
                .as("binary would say 0.0108 > 0.010799999999999999").isEqualTo(Successful);
    }

    @Test
    void justAboveStableTimesRatioStillFails() {
        assertThat(judge(RELATIVE, Math.nextUp(0.022), 0.02).phase()).isEqualTo(Failed);
        assertThat(judge(MetricCriteria.atLeastTimesStable("m", 1.1), Math.nextDown(0.022), 0.02).phase()).isEqualTo(Failed);
    }

    @Test
    void stableZeroWithMaxRatioRequiresZero() {
        assertThat(judge(RELATIVE, 0, 0).phase()).isEqualTo(Successful);
        assertThat(judge(RELATIVE, -0.0, 0).phase()).isEqualTo(Successful);
        assertThat(judge(RELATIVE, 0.001, 0))
                .isEqualTo(new Measurement(Failed, 0.001, 0.0, "error_rate=0.001 exceeds stable 0 × 1.1 = 0", AT));
        assertThat(judge(RELATIVE, Double.MIN_VALUE, 0).phase()).isEqualTo(Failed);
    }

    @Test
    void stableZeroWithMinRatioAcceptsAnyNonNegativeValue() {
        MetricCriteria atLeast = MetricCriteria.atLeastTimesStable("throughput", 0.9);

        assertThat(judge(atLeast, 0, 0).phase()).isEqualTo(Successful);
        assertThat(judge(atLeast, 3, 0).phase()).isEqualTo(Successful);
        assertThat(judge(atLeast, -1, 0).phase()).isEqualTo(Failed);
    }

    @Test
    void stableNoDataIsInconclusiveNotFailed() {
        Measurement m = judge(RELATIVE, 0.03, ProviderResult.emptyVector());

        assertThat(m).isEqualTo(new Measurement(Inconclusive, 0.03, null, "error_rate=0.03 cannot be compared with stable (no data: empty vector)", AT));
    }

    @Test
    void stableNanIsInconclusive() {
        assertThat(judge(RELATIVE, 0.03, Double.NaN).message())
                .isEqualTo("error_rate=0.03 cannot be compared with stable (no data: query returned NaN)");
    }

    @ParameterizedTest
    @EnumSource(NoDataPolicy.class)
    void stableErrorIsInconclusiveWhateverThePolicy(NoDataPolicy policy) {
        Measurement m = judge(RELATIVE.withNoData(policy), 0.03, ProviderResult.httpStatus(500, null));

        assertThat(m).isEqualTo(new Measurement(Inconclusive, 0.03, null, "error_rate=0.03 cannot be compared with stable (error: HTTP 500)", AT));
    }

    @Test
    void aViolatedAbsoluteBoundFailsEvenWhenStableCannotBeRead() {
        MetricCriteria both = RELATIVE.withMax(0.05);

        assertThat(judge(both, 0.08, ProviderResult.timeout(Duration.ofSeconds(5))).phase()).isEqualTo(Failed);
        assertThat(judge(both, 0.08, ProviderResult.emptyVector()).message()).isEqualTo("error_rate=0.08 is above max 0.05");
        assertThat(judge(both, 0.01, ProviderResult.emptyVector()).phase()).isEqualTo(Inconclusive);
    }

    @Test
    void everyViolatedBoundIsNamed() {
        Measurement m = judge(RELATIVE.withMax(0.05), 0.08, 0.02);

        assertThat(m.message()).isEqualTo("error_rate=0.08 is above max 0.05");
        Measurement relativeOnly = judge(new MetricCriteria("m", null, null, 1.1, 2.0, null), 1.5, 1.0);
        assertThat(relativeOnly.message()).isEqualTo("m=1.5 exceeds stable 1 × 1.1 = 1.1; m=1.5 is below stable 1 × 2 = 2");
    }

    @Test
    void withoutAStableRevisionRelativeBoundsAreSkipped() {
        assertThat(judge(RELATIVE, 0.5))
                .isEqualTo(new Measurement(Successful, 0.5, null, "error_rate=0.5 (no stable revision to compare with)", AT));
        assertThat(judge(RELATIVE.withMax(0.05), 0.01).message())
                .isEqualTo("error_rate=0.01 is within <= max 0.05 (no stable revision to compare with)");
        assertThat(judge(RELATIVE.withMax(0.05), 0.08).phase()).isEqualTo(Failed);
    }

    @Test
    void theStableValueIsRecordedWhenoneWasRead() {
        assertThat(judge(ERROR_RATE, 0.01, 0.02).stableValue()).as("even without a relative bound").isEqualTo(0.02);
        assertThat(MeasurementJudge.judge(RELATIVE, ProviderResult.emptyVector(), Optional.of(ProviderResult.of(0.02)), AT).stableValue())
                .isEqualTo(0.02);
        assertThat(MeasurementJudge.judge(RELATIVE, ProviderResult.httpStatus(502, null), Optional.of(ProviderResult.of(0.02)), AT).stableValue())
                .isEqualTo(0.02);
        assertThat(judge(RELATIVE, 0.01, ProviderResult.emptyVector()).stableValue()).isNull();
    }

    @Test
    void negativeStableValuesAreAppliedLiterally() {
        assertThat(judge(RELATIVE, -2.2, -2).phase()).isEqualTo(Successful);
        assertThat(judge(RELATIVE, -2.1, -2).message()).isEqualTo("error_rate=-2.1 exceeds stable -2 × 1.1 = -2.2");
    }
}
