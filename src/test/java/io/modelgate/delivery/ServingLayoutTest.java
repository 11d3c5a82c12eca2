package io.modelgate.delivery;

import io.modelgate.api.RolloutSpec.Strategy;
import io.modelgate.rollout.BlueGreenPhase;
import io.modelgate.rollout.BlueGreenState;
import io.modelgate.rollout.CanaryState;
import io.modelgate.rollout.TrafficSplit;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static io.modelgate.delivery.Deliveries.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** A few layouts spelled out, as a person would check them with kubectl. */
class ServingLayoutTest {

    static Optional<ServingLayout.Rollout> canary(int weight) {
        return Optional.of(new ServingLayout.Rollout("fraud-r2", Optional.of(new CanaryState(2, weight, T0, null, false, false, 1)), Optional.empty()));
    }

    static Optional<ServingLayout.Rollout> blueGreen(BlueGreenPhase phase, boolean aborted) {
        return Optional.of(new ServingLayout.Rollout("fraud-r2", Optional.empty(), Optional.of(new BlueGreenState(phase, T0, null, aborted, 1))));
    }

    @Test
    void serviceNames() {
        assertThat(ServingLayout.previewService("fraud")).isEqualTo("fraud-preview");
        assertThat(ServingLayout.stableService("fraud")).isEqualTo("fraud-stable");
        assertThat(ServingLayout.canaryService("fraud")).isEqualTo("fraud-canary");
    }

    @Test
    void aQuarterWithTenReplicasAddsThreeCanaryPodsBesideAllTenStableOnes() {
        ServingLayout layout = ServingLayout.of(Strategy.Canary, false, "fraud", 10, Optional.of("fraud-r1"), canary(25));

        // 3 / 13 = 23% is the share closest to 25% that keeps every stable pod.
        assertThat(layout.replicas()).containsOnly(entry("fraud-r1", 10), entry("fraud-r2", 3));
    }

    @Test
    void aboveHalfTheCanaryRunsAtFullSizeAndTheStableShrinks() {
        ServingLayout layout = ServingLayout.of(Strategy.Canary, false, "fraud", 10, Optional.of("fraud-r1"), canary(75));

        assertThat(layout.replicas()).containsOnly(entry("fraud-r1", 3), entry("fraud-r2", 10));
    }

    @Test
    void oneReplicaAtAnyCanaryWeightKeepsOnePodOfEach() {
        ServingLayout layout = ServingLayout.of(Strategy.Canary, false, "fraud", 1, Optional.of("fraud-r1"), canary(10));

        assertThat(layout.replicas()).containsOnly(entry("fraud-r1", 1), entry("fraud-r2", 1));
    }

    @Test
    void setWeightHundredWithReplicasScalesTheStableToZero() {
        ServingLayout layout = ServingLayout.of(Strategy.Canary, false, "fraud", 4, Optional.of("fraud-r1"), canary(100));

        assertThat(layout.replicas()).containsOnly(entry("fraud-r1", 0), entry("fraud-r2", 4));
    }

    @Test
    void gatewayRoutingAtTwentyPercent() {
        ServingLayout layout = ServingLayout.of(Strategy.Canary, true, "fraud", 5, Optional.of("fraud-r1"), canary(20));

        assertThat(layout.replicas()).containsOnly(entry("fraud-r1", 5), entry("fraud-r2", 1));
        assertThat(layout.routeWeights()).contains(new TrafficSplit.RouteWeights(80, 20));
        assertThat(layout.services()).containsOnly(entry("fraud", Optional.empty()), entry("fraud-stable", Optional.of("fraud-r1")),
                entry("fraud-canary", Optional.of("fraud-r2")));
    }

    @Test
    void blueGreenBeforeTheSwitch() {
        ServingLayout layout = ServingLayout.of(Strategy.BlueGreen, false, "fraud", 3, Optional.of("fraud-r1"),
                blueGreen(BlueGreenPhase.PrePromotionAnalysis, false));

        assertThat(layout.replicas()).containsOnly(entry("fraud-r1", 3), entry("fraud-r2", 3));
        assertThat(layout.services()).containsOnly(entry("fraud", Optional.of("fraud-r1")), entry("fraud-preview", Optional.of("fraud-r2")));
    }

    @Test
    void blueGreenAfterTheSwitchKeepsTheOldRevisionAtSizeForTheScaleDownDelay() {
        ServingLayout layout = ServingLayout.of(Strategy.BlueGreen, false, "fraud", 3, Optional.of("fraud-r1"),
                blueGreen(BlueGreenPhase.ScaleDownDelay, false));

        assertThat(layout.replicas()).containsOnly(entry("fraud-r1", 3), entry("fraud-r2", 3));
        assertThat(layout.services()).containsOnly(entry("fraud", Optional.of("fraud-r2")), entry("fraud-preview", Optional.of("fraud-r2")));
    }

    @Test
    void blueGreenAbortedAfterTheSwitchSwitchesBackAndScalesTheNewRevisionToZero() {
        ServingLayout layout = ServingLayout.of(Strategy.BlueGreen, false, "fraud", 3, Optional.of("fraud-r1"),
                blueGreen(BlueGreenPhase.PostPromotionAnalysis, true));

        assertThat(layout.replicas()).containsOnly(entry("fraud-r1", 3), entry("fraud-r2", 0));
        assertThat(layout.services()).containsOnly(entry("fraud", Optional.of("fraud-r1")), entry("fraud-preview", Optional.of("fraud-r1")));
    }
}
