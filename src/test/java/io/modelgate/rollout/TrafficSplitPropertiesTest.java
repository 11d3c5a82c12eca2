package io.modelgate.rollout;

import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;

/** Every total in 0..500 with every weight in 0..100, exhaustively. */
class TrafficSplitPropertiesTest {

    @Property(generation = GenerationMode.EXHAUSTIVE, tries = 60_000)
    void podsAddUpAndEachRevisionKeepsAPodDuringTheCanary(@ForAll @IntRange(min = 0, max = 500) int total,
                                                           @ForAll @IntRange(min = 0, max = 100) int weight) {
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
    }

    @Property(generation = GenerationMode.EXHAUSTIVE, tries = 60_000)
    void theCanaryShareIsTheClosestAchievable(@ForAll @IntRange(min = 2, max = 500) int total,
                                              @ForAll @IntRange(min = 1, max = 99) int weight) {
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
    }

    @Property(generation = GenerationMode.EXHAUSTIVE, tries = 60_000)
    void moreWeightNeverMeansFewerCanaryOrMoreStablePods(@ForAll @IntRange(min = 0, max = 500) int total,
                                                         @ForAll @IntRange(min = 0, max = 99) int weight) {
        TrafficSplit.Replicas lower = TrafficSplit.forReplicas(total, weight);
        TrafficSplit.Replicas higher = TrafficSplit.forReplicas(total, weight + 1);

        assertThat(higher.canaryReplicas()).isGreaterThanOrEqualTo(lower.canaryReplicas());
        assertThat(higher.stableReplicas()).isLessThanOrEqualTo(lower.stableReplicas());
    }

    @Property(tries = 2_000)
    void largeTotalsStayWithinTheSameRules(@ForAll @IntRange(min = 501, max = Integer.MAX_VALUE) int total,
                                           @ForAll @IntRange(min = 1, max = 99) int weight) {
        TrafficSplit.Replicas split = TrafficSplit.forReplicas(total, weight);

        assertThat((long) split.stableReplicas() + split.canaryReplicas()).isEqualTo(total);
        assertThat(split.canaryReplicas()).isBetween(1, total - 1);
        assertThat(Math.abs(100L * split.canaryReplicas() - (long) weight * total)).isLessThanOrEqualTo(50L);
    }

    @Property(generation = GenerationMode.EXHAUSTIVE)
    void routeWeightsAddUpToHundred(@ForAll @IntRange(min = 0, max = 100) int weight) {
        TrafficSplit.RouteWeights route = TrafficSplit.forRoute(weight);

        assertThat(route.stableWeight() + route.canaryWeight()).isEqualTo(100);
        assertThat(route.canaryWeight()).isEqualTo(weight);
    }
}
