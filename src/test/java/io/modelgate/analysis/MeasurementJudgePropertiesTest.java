package io.modelgate.analysis;

import io.modelgate.testing.Gen;
import io.modelgate.testing.Property;
import io.modelgate.testing.Statistics;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class MeasurementJudgePropertiesTest {

    private static final Instant AT = Instant.parse("2024-05-01T10:05:00Z");

    @Test
    void absoluteBoundsPassExactlyWhenTheValueIsWithinThemInclusive() {
        Property.tries(3000).forAll(values(), bounds(), bounds(), (value, min, max) -> {
            Property.assume(min.isPresent() || max.isPresent());
            Property.assume(min.isEmpty() || max.isEmpty() || min.get() <= max.get());
            MetricCriteria criteria = new MetricCriteria("m", min.orElse(null), max.orElse(null), null, null, null);

            Measurement m = MeasurementJudge.judge(criteria, ProviderResult.of(value), Optional.empty(), AT);

            boolean within = min.map(lo -> lo <= value).orElse(true) && max.map(hi -> value <= hi).orElse(true);
            assertThat(m.phase()).as("%s in [%s, %s]", value, min, max)
                    .isEqualTo(within ? MeasurementPhase.Successful : MeasurementPhase.Failed);
            assertThat(m.value()).isEqualTo((double) value);
            assertThat(m.at()).isEqualTo(AT);
            assertThat(m.message()).startsWith("m=");
        });
    }

    @Test
    void aCanaryExactlyAtStableTimesRatioPassesBothRelativeBounds() {
        Property.tries(3000).forAll(decimalValues(), ratios(), (stable, ratio) -> {
            BigDecimal product = stable.multiply(ratio);
            double canary = product.doubleValue();
            Property.assume(BigDecimal.valueOf(canary).compareTo(product) == 0);
            MetricCriteria criteria = new MetricCriteria("m", null, null, ratio.doubleValue(), ratio.doubleValue(), null);

            Measurement m = MeasurementJudge.judge(criteria, ProviderResult.of(canary), Optional.of(ProviderResult.of(stable.doubleValue())), AT);

            assertThat(m.phase()).as(m.message()).isEqualTo(MeasurementPhase.Successful);
            assertThat(m.stableValue()).isEqualTo(stable.doubleValue());
        });
    }

    @Test
    void relativeBoundsAgreeWithDecimalArithmetic() {
        Property.tries(3000).forAll(values(), values(), ratioDoubles(), Gen.booleans(), (canary, stable, ratio, upper) -> {
            Property.assume(Double.isFinite(canary) && Double.isFinite(stable));
            MetricCriteria criteria = upper ? MetricCriteria.atMostTimesStable("m", ratio) : MetricCriteria.atLeastTimesStable("m", ratio);

            Measurement m = MeasurementJudge.judge(criteria, ProviderResult.of(canary), Optional.of(ProviderResult.of(stable)), AT);

            int comparison = BigDecimal.valueOf(canary).compareTo(BigDecimal.valueOf(stable).multiply(BigDecimal.valueOf(ratio)));
            boolean passes = upper ? comparison <= 0 : comparison >= 0;
            Statistics.collect(passes);
            assertThat(m.phase()).as(m.message()).isEqualTo(passes ? MeasurementPhase.Successful : MeasurementPhase.Failed);
        });
    }

    @Test
    void upperBoundsAreMonotone() {
        Property.tries(2000).forAll(values(), values(), values(), bounds(), ratioDoubles(), (canary, lower, stable, max, ratio) -> {
            Property.assume(lower <= canary);
            MetricCriteria criteria = new MetricCriteria("m", null, max.orElse(null), ratio, null, null);
            Optional<ProviderResult> stableResult = Optional.of(ProviderResult.of(stable));

            Measurement higher = MeasurementJudge.judge(criteria, ProviderResult.of(canary), stableResult, AT);
            Measurement smaller = MeasurementJudge.judge(criteria, ProviderResult.of(lower), stableResult, AT);

            if (higher.phase() == MeasurementPhase.Successful) {
                assertThat(smaller.phase()).as("%s passes, so %s must", canary, lower).isEqualTo(MeasurementPhase.Successful);
            }
        });
    }

    @Test
    void aProviderErrorIsAnErrorWhateverElse() {
        Property.tries(2000).forAll(criteria(), errors(), stables(), (criteria, error, stable) -> {
            Measurement m = MeasurementJudge.judge(criteria, error, stable, AT);

            assertThat(m.phase()).isEqualTo(MeasurementPhase.Error);
            assertThat(m.value()).isNull();
            assertThat(m.message()).isEqualTo(criteria.name() + ": error: " + ((ProviderResult.Error) error).message());
        });
    }

    @Test
    void noDataFollowsThePolicyWhateverElse() {
        Property.tries(2000).forAll(criteria(), noData(), stables(), (criteria, noData, stable) -> {
            Measurement m = MeasurementJudge.judge(criteria, noData, stable, AT);

            MeasurementPhase expected = switch (criteria.noData()) {
                case Fail -> MeasurementPhase.Failed;
                case Inconclusive -> MeasurementPhase.Inconclusive;
                case Ignore -> MeasurementPhase.Successful;
            };
            assertThat(m.phase()).isEqualTo(expected);
            assertThat(m.value()).isNull();
            assertThat(m.message()).contains(((ProviderResult.NoData) noData).why());
        });
    }

    @Test
    void anUnreadableStableGivesInconclusiveOnlyWhenTheAbsoluteBoundsPass() {
        Property.tries(3000).forAll(criteria(), values(), unreadable(), (criteria, canary, stable) -> {
            Property.assume(criteria.hasRelativeBound());

            Measurement m = MeasurementJudge.judge(criteria, ProviderResult.of(canary), Optional.of(stable), AT);
            boolean absolutePass = (criteria.min() == null || canary >= criteria.min()) && (criteria.max() == null || canary <= criteria.max());

            Statistics.collect(m.phase());
            if (!absolutePass) {
                assertThat(m.phase()).isEqualTo(MeasurementPhase.Failed);
            } else {
                assertThat(m.phase()).isEqualTo(MeasurementPhase.Inconclusive);
                assertThat(m.message()).contains("cannot be compared with stable (" + stable.describe() + ")");
            }
        });
    }

    @Test
    void judgingNeverThrowsAndAlwaysExplains() {
        Property.tries(3000).forAll(criteria(), anyResult(), stables(), (criteria, canary, stable) -> {
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
        });
    }

    // ---- generators ----

    Gen<Double> values() {
        return Gen.oneOf(
                Gen.doubles(-1e6, 1e6),
                Gen.doubles(0.0, 1.0, 3),
                Gen.of(0.0, -0.0, 1.0, -1.0, 0.05, 0.022, Double.MIN_VALUE, 1e300, -1e300,
                        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
    }

    Gen<Optional<Double>> bounds() {
        return Gen.oneOf(Gen.doubles(-1e6, 1e6), Gen.doubles(0.0, 1.0, 2),
                Gen.of(0.0, 0.05, 1e300, -1e300)).optional(0.7);
    }

    Gen<BigDecimal> decimalValues() {
        return Gen.oneOf(Gen.decimals(BigDecimal.ZERO, BigDecimal.ONE, 4),
                Gen.decimals(BigDecimal.ZERO, new BigDecimal("10000"), 2));
    }

    Gen<BigDecimal> ratios() {
        return Gen.decimals(BigDecimal.ZERO, new BigDecimal("5"), 2);
    }

    Gen<Double> ratioDoubles() {
        return Gen.oneOf(ratios().map(BigDecimal::doubleValue), Gen.of(0.0, 1.0, 1.1, 0.9, 2.0));
    }

    Gen<MetricCriteria> criteria() {
        Gen<Double> lows = Gen.oneOf(Gen.doubles(-10, 0.5), Gen.of(0.0, 0.8));
        Gen<Double> highs = Gen.oneOf(Gen.doubles(0.5, 10), Gen.of(0.05, 1.0));
        return Gen.combine(Gen.of("error_rate", "latency_p99", "accuracy"),
                        lows.orNull(0.5), highs.orNull(0.5), ratioDoubles().orNull(0.5), ratioDoubles().orNull(0.7),
                        Gen.of(NoDataPolicy.class).orNull(0.2), MetricCriteria::new)
                .filter(c -> c.problems().isEmpty());
    }

    Gen<ProviderResult> errors() {
        return Gen.oneOf(
                Gen.of(500, 502, 503, 404).map(status -> ProviderResult.httpStatus(status, "x")),
                Gen.of(ProviderResult.timeout(Duration.ofSeconds(30)),
                        ProviderResult.tooSlow(Duration.ofSeconds(31), Duration.ofSeconds(30)),
                        ProviderResult.unreachable("http://prometheus:9090", "connection refused"),
                        ProviderResult.malformed("unexpected end of input")),
                Gen.doubles().list(2, 5).map(ProviderResult::ofVector));
    }

    Gen<ProviderResult> noData() {
        return Gen.of(ProviderResult.of(Double.NaN), ProviderResult.emptyVector(), ProviderResult.nullValue(),
                ProviderResult.missingPointer("/data/0/value"), ProviderResult.ofVector(List.of()));
    }

    Gen<ProviderResult> unreadable() {
        return Gen.oneOf(errors(), noData());
    }

    Gen<ProviderResult> anyResult() {
        return Gen.oneOf(values().map(ProviderResult::of), errors(), noData());
    }

    Gen<Optional<ProviderResult>> stables() {
        return anyResult().optional(0.8);
    }
}
