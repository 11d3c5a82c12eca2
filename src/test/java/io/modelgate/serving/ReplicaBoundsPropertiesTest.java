package io.modelgate.serving;

import io.modelgate.rollout.TrafficSplit;
import io.modelgate.testing.Gen;
import io.modelgate.testing.Property;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The split rule of replica routing on KServe: each revision's pod count is its InferenceService's minReplicas. */
class ReplicaBoundsPropertiesTest {

    @Test
    void theCountIsAlwaysTheFloorAndABoundedCountIsNeverAutoscaledAway() {
        Property.tries(3000).forAll(Gen.ints(0, 60), Gen.ints(1, 40), Gen.ints(1, 100).optional(0.5), Gen.booleans(),
                (count, fullSize, max, handedOver) -> {
            ReplicaBounds bounds = ReplicaBounds.of(count, fullSize, max, handedOver);

            assertThat(bounds.min()).isEqualTo(count);
            assertThat(bounds.max()).isGreaterThanOrEqualTo(bounds.min());
            if (count < fullSize || max.isEmpty()) {
                assertThat(bounds.autoscales()).as("below full size the count is the weight: pinned").isFalse();
            } else if (!handedOver) {
                assertThat(bounds.autoscales()).as("not yet the stable revision serving at full size: pinned").isFalse();
            } else {
                assertThat(bounds.max()).isEqualTo(Math.max(count, max.get()));
            }
        });
    }

    @Test
    void atEveryCanaryWeightTheRevisionsFloorsAddUpToTheSplitAndOnlyTheStableOneMayAutoscale() {
        Property.tries(3000).forAll(Gen.ints(1, 30), Gen.ints(0, 100), Gen.ints(1, 100).optional(0.5), (total, weight, max) -> {
            TrafficSplit.Replicas split = TrafficSplit.keepingStable(total, weight);
            ReplicaBounds stable = ReplicaBounds.of(split.stableReplicas(), total, max, true);
            ReplicaBounds canary = ReplicaBounds.of(split.canaryReplicas(), total, max, false);

            assertThat(stable.min() + canary.min()).isEqualTo(split.stableReplicas() + split.canaryReplicas());
            assertThat(canary.autoscales()).as("a canary is pinned at its share, at full size too").isFalse();
            if (split.stableReplicas() < total) {
                assertThat(stable.autoscales()).as("a stable revision giving pods away is pinned too").isFalse();
            }
        });
    }

    @Test
    void boundsBelowZeroOrInvertedAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ReplicaBounds(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ReplicaBounds(3, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ReplicaBounds.of(0, 4, Optional.of(8), true)).isEqualTo(new ReplicaBounds(0, 0));
    }
}
