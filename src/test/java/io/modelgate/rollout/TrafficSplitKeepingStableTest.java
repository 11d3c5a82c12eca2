package io.modelgate.rollout;

import io.modelgate.testing.Gen;
import io.modelgate.testing.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.math.MathContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link TrafficSplit#keepingStable}: the canary is added beside a whole stable revision up to weight 50. */
class TrafficSplitKeepingStableTest {

    @ParameterizedTest(name = "total {0}, weight {1} -> stable {2}, canary {3}")
    @CsvSource({
            "10, 0, 10, 0", "10, 10, 10, 1", "10, 20, 10, 3", "10, 25, 10, 3", "10, 50, 10, 10", "10, 60, 7, 10",
            "10, 75, 3, 10", "10, 90, 1, 10", "10, 99, 1, 10", "10, 100, 0, 10",
            "1, 1, 1, 1", "1, 50, 1, 1", "1, 99, 1, 1", "1, 100, 0, 1", "0, 30, 0, 0",
            "3, 25, 3, 1", "2, 20, 2, 1", "4, 20, 4, 1", "100, 1, 100, 1", "100, 33, 100, 49"})
    void examples(int total, int weight, int stable, int canary) {
        assertThat(TrafficSplit.keepingStable(total, weight)).isEqualTo(new TrafficSplit.Replicas(stable, canary));
    }

    @Test
    void theShareDecidesNotThePodCount() {
        // 2 stable pods at weight 42: 1 canary pod is a share of 33%, 2 are 50%; 50% is closer to 42%.
        assertThat(TrafficSplit.keepingStable(2, 42)).isEqualTo(new TrafficSplit.Replicas(2, 2));
        // 9 stable at 40: 6 canary pods are exactly 40%.
        assertThat(TrafficSplit.keepingStable(9, 40).canaryReplicas()).isEqualTo(6);
        // a tie goes to the stable revision: 4 stable at 10% -> 0 pods impossible, 1 pod = 20%: the only choice.
        assertThat(TrafficSplit.keepingStable(4, 10).canaryReplicas()).isEqualTo(1);
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> TrafficSplit.keepingStable(-1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrafficSplit.keepingStable(5, 101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrafficSplit.keepingStable(5, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void upToHalfTheStableRevisionKeepsEveryPodAndTheCanaryHasOne() {
        Property.tries(60_000).exhaustive().forAll(Gen.ints(1, 500), Gen.ints(1, 50), (total, weight) -> {
            TrafficSplit.Replicas split = TrafficSplit.keepingStable(total, weight);
            assertThat(split.stableReplicas()).isEqualTo(total);
            assertThat(split.canaryReplicas()).isBetween(1, total);
        });
    }

    @Test
    void aboveHalfTheCanaryRunsAtFullSizeAndStableKeepsOneUntil100() {
        Property.tries(60_000).exhaustive().forAll(Gen.ints(1, 500), Gen.ints(51, 99), (total, weight) -> {
            TrafficSplit.Replicas split = TrafficSplit.keepingStable(total, weight);
            assertThat(split.canaryReplicas()).isEqualTo(total);
            assertThat(split.stableReplicas()).isBetween(1, total);
        });
    }

    @Test
    void monotoneInTheWeight() {
        Property.tries(60_000).exhaustive().forAll(Gen.ints(0, 500), Gen.ints(0, 99), (total, weight) -> {
            TrafficSplit.Replicas lower = TrafficSplit.keepingStable(total, weight);
            TrafficSplit.Replicas higher = TrafficSplit.keepingStable(total, weight + 1);
            assertThat(higher.canaryReplicas()).isGreaterThanOrEqualTo(lower.canaryReplicas());
            assertThat(higher.stableReplicas()).isLessThanOrEqualTo(lower.stableReplicas());
        });
    }

    /** Among the splits allowed on its side of 50, the one chosen has the canary share closest to the weight. */
    @Test
    void theShareIsTheClosestWithTheStableRevisionKept() {
        Property.tries(60_000).exhaustive().forAll(Gen.ints(1, 500), Gen.ints(1, 99), (total, weight) -> {
            TrafficSplit.Replicas chosen = TrafficSplit.keepingStable(total, weight);
            BigDecimal target = BigDecimal.valueOf(weight).movePointLeft(2);
            BigDecimal best = distance(chosen, target);
            for (int other = 1; other <= total; other++) {
                TrafficSplit.Replicas candidate = weight <= 50 ? new TrafficSplit.Replicas(total, other) : new TrafficSplit.Replicas(other, total);
                assertThat(best).as("%s vs %s", chosen, candidate).isLessThanOrEqualTo(distance(candidate, target));
            }
        });
    }

    private static BigDecimal distance(TrafficSplit.Replicas split, BigDecimal target) {
        BigDecimal share = BigDecimal.valueOf(split.canaryReplicas()).divide(BigDecimal.valueOf(split.total()), MathContext.DECIMAL128);
        return share.subtract(target).abs();
    }
}
