package io.modelgate.rollout;

import io.modelgate.testing.Gen;
import io.modelgate.testing.Property;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every total in 0..500 with every weight in 0..100, exhaustively. */
class TrafficSplitPropertiesTest {

    @Test
    void podsAddUpAndEachRevisionKeepsAPodDuringTheCanary() {
        Property.tries(60_000).exhaustive().forAll(Gen.ints(0, 500), Gen.ints(0, 100), (total, weight) -> {
            TrafficSplit.Replicas split = TrafficSplit.forReplicas(total, weight);

            if (total == 0) {
                assertThat(split).isEqualTo(new TrafficSplit.Replicas(0, 0));
            } else if (weight == 0) {
                assertThat(split).isEqualTo(new TrafficSplit.Replicas(total, 0));
            } else if (weight == 100) {
                assertThat(split).isEqualTo(new TrafficSplit.Replicas(0, total));
            } else {
                assertThat(split.canaryReplicas()).isGreaterThanOrEqualTo(1);
                assertThat(split.stableReplicas()).isGreaterThanOrEqualTo(1);
                assertThat(split.total()).isEqualTo(Math.max(total, 2));
            }
        });
    }

    @Test
    void theCanaryShareIsTheClosestAchievable() {
        Property.tries(60_000).exhaustive().forAll(Gen.ints(2, 500), Gen.ints(1, 99), (total, weight) -> {
            TrafficSplit.Replicas split = TrafficSplit.forReplicas(total, weight);
            // |canary/total - weight/100|, scaled by 100 × total to stay in integers.
            long distance = Math.abs(100L * split.canaryReplicas() - (long) weight * total);

            for (int other = 1; other <= total - 1; other++) {
                long otherDistance = Math.abs(100L * other - (long) weight * total);
                assertThat(distance).as("canary %d vs %d of %d at weight %d", split.canaryReplicas(), other, total, weight)
                        .isLessThanOrEqualTo(otherDistance);
                if (otherDistance == distance) {
                    assertThat(split.canaryReplicas()).as("a tie goes to fewer canary pods").isLessThanOrEqualTo(other);
                }
            }
        });
    }

    @Test
    void moreWeightNeverMeansFewerCanaryOrMoreStablePods() {
        Property.tries(60_000).exhaustive().forAll(Gen.ints(0, 500), Gen.ints(0, 99), (total, weight) -> {
            TrafficSplit.Replicas lower = TrafficSplit.forReplicas(total, weight);
            TrafficSplit.Replicas higher = TrafficSplit.forReplicas(total, weight + 1);

            assertThat(higher.canaryReplicas()).isGreaterThanOrEqualTo(lower.canaryReplicas());
            assertThat(higher.stableReplicas()).isLessThanOrEqualTo(lower.stableReplicas());
        });
    }

    @Test
    void largeTotalsStayWithinTheSameRules() {
        Property.tries(2_000).forAll(Gen.ints(501, Integer.MAX_VALUE), Gen.ints(1, 99), (total, weight) -> {
            TrafficSplit.Replicas split = TrafficSplit.forReplicas(total, weight);

            assertThat((long) split.stableReplicas() + split.canaryReplicas()).isEqualTo((long) total);
            assertThat(split.canaryReplicas()).isBetween(1, total - 1);
            assertThat(Math.abs(100L * split.canaryReplicas() - (long) weight * total)).isLessThanOrEqualTo(50L);
        });
    }

    @Test
    void routeWeightsAddUpToHundred() {
        Property.tries(1000).exhaustive().forAll(Gen.ints(0, 100), weight -> {
            TrafficSplit.RouteWeights route = TrafficSplit.forRoute(weight);

            assertThat(route.stableWeight() + route.canaryWeight()).isEqualTo(100);
            assertThat(route.canaryWeight()).isEqualTo(weight);
        });
    }
}
