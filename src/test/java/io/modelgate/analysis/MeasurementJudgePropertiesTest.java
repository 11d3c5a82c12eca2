package io.modelgate.analysis;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class MeasurementJudgePropertiesTest {

    private static final Instant AT = Instant.parse("2024-05-01T10:05:00Z");

    @Property(tries = 3000)
    void absoluteBoundsPassExactlyWhenTheValueIsWithinThemInclusive(@ForAll("values") double value,
                                                                     @ForAll("bounds") Optional<Double> min,
                                                                     @ForAll("bounds") Optional<Double> max) {
        Assume.that(min.isPresent() || max.isPresent());
        Assume.that(min.isEmpty() || max.isEmpty() || min.get() <= max.get());
        MetricCriteria criteria = new MetricCriteria("m", min.orElse(null), max.orElse(null), null, null, null);

        Measurement m = MeasurementJudge.judge(criteria, ProviderResult.of(value), Optional.empty(), AT);

        boolean within = min.map(lo -> lo <= value).orElse(true) && max.map(hi -> value <= hi).orElse(true);
        assertThat(m.phase()).as("%s in [%s, %s]", value, min, max)
                .isEqualTo(within ? MeasurementPhase.Successful : MeasurementPhase.Failed);
        assertThat(m.value()).isEqualTo(value);
        assertThat(m.at()).isEqualTo(AT);
        assertThat(m.message()).startsWith("m=");
    }

    @Property(tries = 3000)
    void aCanaryExactlyAtStableTimesRatioPassesBothRelativeBounds(@ForAll("decimalValues") BigDecimal stable,
                                                                 @ForAll("ratios") BigDecimal ratio) {
        BigDecimal product = stable.multiply(ratio);
        double canary = product.doubleValue();
        Assume.that(BigDecimal.valueOf(canary).compareTo(product) == 0);
        MetricCriteria criteria = new MetricCriteria("m", null, null, ratio.doubleValue(), ratio.doubleValue(), null);

        Measurement m = MeasurementJudge.judge(criteria, ProviderResult.of(canary), Optional.of(ProviderResult.of(stable.doubleValue())), AT);

        assertThat(m.phase()).as(m.message()).isEqualTo(MeasurementPhase.Successful);
        assertThat(m.stableValue()).isEqualTo(stable.doubleValue());
    }

    @Property(tries = 3000)
    void relativeBoundsAgreeWithDecimalArithmetic(@ForAll("values") double canary, @ForAll("values") double stable,
                                                  @ForAll("ratioDoubles") double ratio, @ForAll boolean upper) {
        Assume.that(Double.isFinite(canary) && Double.isFinite(stable));
        MetricCriteria criteria = upper ? MetricCriteria.atMostTimesStable("m", ratio) : MetricCriteria.atLeastTimesStable("m", ratio);

        Measurement m = MeasurementJudge.judge(criteria, ProviderResult.of(canary), Optional.of(ProviderResult.of(stable)), AT);

        int comparison = BigDecimal.valueOf(canary).compareTo(BigDecimal.valueOf(stable).multiply(BigDecimal.valueOf(ratio)));
        boolean passes = upper ? comparison <= 0 : comparison >= 0;
        Statistics.collect(passes);
        assertThat(m.phase()).as(m.message()).isEqualTo(passes ? MeasurementPhase.Successful : MeasurementPhase.Failed);
    }

    @Property(tries = 2000)
    void upperBoundsAreMonotone(@ForAll("values") double canary, @ForAll("values") double lower, @ForAll("values") double stable,
                                @ForAll("bounds") Optional<Double> max, @ForAll("ratioDoubles") double ratio) {
        Assume.that(lower <= canary);
        MetricCriteria criteria = new MetricCriteria("m", null, max.orElse(null), ratio, null, null);
        Optional<ProviderResult> stableResult = Optional.of(ProviderResult.of(stable));

        Measurement higher = MeasurementJudge.judge(criteria, ProviderResult.of(canary), stableResult, AT);
        Measurement smaller = MeasurementJudge.judge(criteria, ProviderResult.of(lower), stableResult, AT);

        if (higher.phase() == MeasurementPhase.Successful) {
            assertThat(smaller.phase()).as("%s passes, so %s must", canary, lower).isEqualTo(MeasurementPhase.Successful);
        }
    }

    @Property(tries = 2000)
    void aProviderErrorIsAnErrorWhateverElse(@ForAll("criteria") MetricCriteria criteria, @ForAll("errors") ProviderResult error,
                                             @ForAll("stables") Optional<ProviderResult> stable) {
        Measurement m = MeasurementJudge.judge(criteria, error, stable, AT);

        assertThat(m.phase()).isEqualTo(MeasurementPhase.Error);
        assertThat(m.value()).isNull();
        assertThat(m.message()).isEqualTo(criteria.name() + ": error: " + ((ProviderResult.Error) error).message());
    }

    @Property(tries = 2000)
    void noDataFollowsThePolicyWhateverElse(@ForAll("criteria") MetricCriteria criteria, @ForAll("noData") ProviderResult noData,
                                            @ForAll("stables") Optional<ProviderResult> stable) {
        Measurement m = MeasurementJudge.judge(criteria, noData, stable, AT);

        MeasurementPhase expected = switch (criteria.noData()) {
            case Fail -> MeasurementPhase.Failed;
            case Inconclusive -> MeasurementPhase.Inconclusive;
            case Ignore -> MeasurementPhase.Successful;
        };
        assertThat(m.phase()).isEqualTo(expected);
        assertThat(m.value()).isNull();
        assertThat(m.message()).contains(((ProviderResult.NoData) noData).why());
    }

    @Property(tries = 3000)
    void anUnreadableStableGivesInconclusiveOnlyWhenTheAbsoluteBoundsPass(@ForAll("criteria") MetricCriteria criteria,
                                                                           @ForAll("values") double canary,
                                                                           @ForAll("unreadable") ProviderResult stable) {
        Assume.that(criteria.hasRelativeBound());

        Measurement m = MeasurementJudge.judge(criteria, ProviderResult.of(canary), Optional.of(stable), AT);
        boolean absolutePass = (criteria.min() == null || canary >= criteria.min()) && (criteria.max() == null || canary <= criteria.max());

        Statistics.collect(m.phase());
        if (!absolutePass) {
            assertThat(m.phase()).isEqualTo(MeasurementPhase.Failed);
        } else {
            assertThat(m.phase()).isEqualTo(MeasurementPhase.Inconclusive);
            assertThat(m.message()).contains("cannot be compared with stable (" + stable.describe() + ")");
        }
    }

    @Property(tries = 3000)
    void judgingNeverThrowsAndAlwaysExplains(@ForAll("criteria") MetricCriteria criteria, @ForAll("anyResult") ProviderResult canary,
                                             @ForAll("stables") Optional<ProviderResult> stable) {
        Measurement m = MeasurementJudge.judge(criteria, canary, stable, AT);

        Statistics.collect(m.phase());
        assertThat(m.message()).startsWith(criteria.name()).doesNotContain("=null").doesNotContain("(null)");
        assertThat(m.at()).isEqualTo(AT);
        if (canary instanceof ProviderResult.Value v) {
            assertThat(m.value()).isEqualTo(v.value());
        }
        if (stable.isPresent() && stable.get() instanceof ProviderResult.Value v) {
            assertThat(m.stableValue()).isEqualTo(v.value());
        } else {
            assertThat(m.stableValue()).isNull();
        }
    }

    // ---- generators ----

    @Provide
    Arbitrary<Double> values() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().between(-1e6, 1e6),
                Arbitraries.doubles().between(0.0, 1.0).ofScale(3),
                Arbitraries.of(0.0, -0.0, 1.0, -1.0, 0.05, 0.022, Double.MIN_VALUE, 1e300, -1e300,
                        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
    }

    @Provide
    Arbitrary<Optional<Double>> bounds() {
        return Arbitraries.oneOf(Arbitraries.doubles().between(-1e6, 1e6), Arbitraries.doubles().between(0.0, 1.0).ofScale(2),
                Arbitraries.of(0.0, 0.05, 1e300, -1e300)).optional(0.7);
    }

    @Provide
    Arbitrary<BigDecimal> decimalValues() {
        return Arbitraries.oneOf(Arbitraries.bigDecimals().between(BigDecimal.ZERO, BigDecimal.ONE).ofScale(4),
                Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("10000")).ofScale(2));
    }

    @Provide
    Arbitrary<BigDecimal> ratios() {
        return Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("5")).ofScale(2);
    }

    @Provide
    Arbitrary<Double> ratioDoubles() {
        return Arbitraries.oneOf(ratios().map(BigDecimal::doubleValue), Arbitraries.of(0.0, 1.0, 1.1, 0.9, 2.0));
    }

    @Provide
    Arbitrary<MetricCriteria> criteria() {
        Arbitrary<Double> lows = Arbitraries.oneOf(Arbitraries.doubles().between(-10, 0.5), Arbitraries.of(0.0, 0.8));
        Arbitrary<Double> highs = Arbitraries.oneOf(Arbitraries.doubles().between(0.5, 10), Arbitraries.of(0.05, 1.0));
        return net.jqwik.api.Combinators.combine(Arbitraries.of("error_rate", "latency_p99", "accuracy"),
                        lows.injectNull(0.5), highs.injectNull(0.5), ratioDoubles().injectNull(0.5), ratioDoubles().injectNull(0.7),
                        Arbitraries.of(NoDataPolicy.class).injectNull(0.2))
                .as(MetricCriteria::new)
                .filter(c -> c.problems().isEmpty());
    }

    @Provide
    Arbitrary<ProviderResult> errors() {
        return Arbitraries.oneOf(
                Arbitraries.of(500, 502, 503, 404).map(status -> ProviderResult.httpStatus(status, "x")),
                Arbitraries.of(ProviderResult.timeout(Duration.ofSeconds(30)),
                        ProviderResult.tooSlow(Duration.ofSeconds(31), Duration.ofSeconds(30)),
                        ProviderResult.unreachable("http://prometheus:9090", "connection refused"),
                        ProviderResult.malformed("unexpected end of input")),
                Arbitraries.doubles().list().ofMinSize(2).ofMaxSize(5).map(ProviderResult::ofVector));
    }

    @Provide
    Arbitrary<ProviderResult> noData() {
        return Arbitraries.of(ProviderResult.of(Double.NaN), ProviderResult.emptyVector(), ProviderResult.nullValue(),
                ProviderResult.missingPointer("/data/0/value"), ProviderResult.ofVector(List.of()));
    }

    @Provide
    Arbitrary<ProviderResult> unreadable() {
        return Arbitraries.oneOf(errors(), noData());
    }

    @Provide
    Arbitrary<ProviderResult> anyResult() {
        return Arbitraries.oneOf(values().map(ProviderResult::of), errors(), noData());
    }

    @Provide
    Arbitrary<Optional<ProviderResult>> stables() {
        return anyResult().optional(0.8);
    }
}
