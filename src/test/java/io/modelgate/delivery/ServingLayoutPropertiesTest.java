package io.modelgate.delivery;

import io.modelgate.api.RolloutSpec.Strategy;
import io.modelgate.rollout.BlueGreenPhase;
import io.modelgate.rollout.BlueGreenState;
import io.modelgate.rollout.CanaryState;
import io.modelgate.rollout.TrafficSplit;
import io.modelgate.testing.Gen;
import io.modelgate.testing.Property;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The serving layout for every total in 0..50 and every weight in 0..100 (exhaustively where it is cheap). */
class ServingLayoutPropertiesTest {

    static final String SERVICE = "fraud";
    static final String STABLE = "fraud-r1";
    static final String NEW = "fraud-r2";

    static CanaryState canaryAt(int weight) {
        return new CanaryState(1, weight, Deliveries.T0, null, false, false, 1);
    }

    static Optional<ServingLayout.Rollout> canaryRollout(CanaryState state) {
        return Optional.of(new ServingLayout.Rollout(NEW, Optional.of(state), Optional.empty()));
    }

    static Optional<ServingLayout.Rollout> blueGreenRollout(BlueGreenState state) {
        return Optional.of(new ServingLayout.Rollout(NEW, Optional.empty(), Optional.of(state)));
    }

    // --- Canary ---

    @Test
    void withReplicaRoutingThePodsFollowTheTrafficSplit() {
        Property.tries(6_000).exhaustive().forAll(Gen.ints(0, 50), Gen.ints(0, 100), (total, weight) -> {
            ServingLayout layout = ServingLayout.of(Strategy.Canary, false, SERVICE, total, Optional.of(STABLE), canaryRollout(canaryAt(weight)));

            TrafficSplit.Replicas split = TrafficSplit.keepingStable(total, weight);
            if (weight <= 50) {
                assertThat(split.stableReplicas()).as("the stable revision keeps every pod up to weight 50").isEqualTo(total);
            }
            assertThat(layout.replicas()).containsOnly(entry(STABLE, split.stableReplicas()), entry(NEW, split.canaryReplicas()));
            assertThat(layout.services()).containsOnly(entry(SERVICE, Optional.empty()));
            assertThat(layout.routeWeights()).isEmpty();
        });
    }

    @Test
    void withGatewayRoutingTheStableKeepsItsSizeAndTheRouteCarriesTheWeight() {
        Property.tries(6_000).exhaustive().forAll(Gen.ints(0, 50), Gen.ints(0, 100), (total, weight) -> {
            ServingLayout layout = ServingLayout.of(Strategy.Canary, true, SERVICE, total, Optional.of(STABLE), canaryRollout(canaryAt(weight)));

            assertThat(layout.replicas()).containsOnlyKeys(STABLE, NEW).containsEntry(STABLE, total);
            int canary = layout.replicas().get(NEW);
            if (weight == 0 || total == 0) {
                assertThat(canary).isZero();
            } else {
                assertThat(canary).as("the canary runs while it takes traffic").isBetween(1, total);
                assertThat(canary).isEqualTo(TrafficSplit.forReplicas(total, weight).canaryReplicas());
            }
            assertThat(layout.routeWeights()).contains(TrafficSplit.forRoute(weight));
            assertThat(layout.routeWeights().get().stableWeight() + layout.routeWeights().get().canaryWeight()).isEqualTo(100);
            assertThat(layout.routeWeights().get().canaryWeight()).isEqualTo(weight);
            assertThat(layout.services()).containsOnly(entry(SERVICE, Optional.empty()),
                    entry(ServingLayout.stableService(SERVICE), Optional.of(STABLE)),
                    entry(ServingLayout.canaryService(SERVICE), Optional.of(NEW)));
        });
    }

    @Test
    void moreWeightNeverShrinksTheCanaryOrGrowsTheStable() {
        Property.tries(6_000).exhaustive().forAll(Gen.ints(0, 50), Gen.ints(0, 99), (total, weight) -> {
            for (boolean gateway : new boolean[]{false, true}) {
                Map<String, Integer> lower = ServingLayout.of(Strategy.Canary, gateway, SERVICE, total, Optional.of(STABLE), canaryRollout(canaryAt(weight))).replicas();
                Map<String, Integer> higher = ServingLayout.of(Strategy.Canary, gateway, SERVICE, total, Optional.of(STABLE), canaryRollout(canaryAt(weight + 1))).replicas();

                assertThat(higher.get(NEW)).isGreaterThanOrEqualTo(lower.get(NEW));
                assertThat(higher.get(STABLE)).isLessThanOrEqualTo(lower.get(STABLE));
            }
        });
    }

    // --- BlueGreen ---

    @Test
    void blueGreenSwitchesTheActiveServiceOnlyFromTheSwitchOnAndBackWhenAborted() {
        Property.tries(3_000).forAll(Gen.ints(0, 50), blueGreenStates(), Gen.booleans(), (total, state, gateway) -> {
            ServingLayout layout = ServingLayout.of(Strategy.BlueGreen, gateway, SERVICE, total, Optional.of(STABLE), blueGreenRollout(state));

            // Done is persisted before promotion only when a person promoted a revision that is not available yet: the
            // switch then happens by promotion (the new revision becomes stable), never to pods that cannot serve.
            boolean switched = state.phase().compareTo(BlueGreenPhase.SwitchingActive) >= 0 && state.phase() != BlueGreenPhase.Done
                    && !state.aborted();
            assertThat(layout.services()).containsOnly(
                    entry(SERVICE, Optional.of(switched ? NEW : STABLE)),
                    entry(ServingLayout.previewService(SERVICE), Optional.of(state.aborted() ? STABLE : NEW)));
            assertThat(layout.replicas()).containsOnly(entry(STABLE, total), entry(NEW, state.aborted() ? 0 : total));
            assertThat(layout.routeWeights()).isEmpty();
        });
    }

    @Test
    void blueGreenWithoutARolloutServesTheStableOnEveryService() {
        Property.tries(500).forAll(Gen.ints(0, 50), total -> {
            ServingLayout layout = ServingLayout.of(Strategy.BlueGreen, false, SERVICE, total, Optional.of(STABLE), Optional.empty());

            assertThat(layout.replicas()).containsOnly(entry(STABLE, total));
            assertThat(layout.services()).containsOnly(entry(SERVICE, Optional.of(STABLE)), entry(ServingLayout.previewService(SERVICE), Optional.of(STABLE)));
        });
    }

    // --- Direct and no rollout ---

    @Test
    void withoutARolloutOnlyTheStableServesAtFullSize() {
        Property.tries(1_000).forAll(strategies(), Gen.ints(0, 50), Gen.booleans(), (strategy, total, gateway) -> {
            ServingLayout layout = ServingLayout.of(strategy, gateway, SERVICE, total, Optional.of(STABLE), Optional.empty());

            assertThat(layout.replicas()).as("every other revision is left out, so scaled to 0").containsOnly(entry(STABLE, total));
            if (gateway && strategy != Strategy.BlueGreen) {
                assertThat(layout.routeWeights()).contains(new TrafficSplit.RouteWeights(100, 0));
                assertThat(layout.services()).containsEntry(ServingLayout.stableService(SERVICE), Optional.of(STABLE))
                        .containsEntry(ServingLayout.canaryService(SERVICE), Optional.of(STABLE));
            }
        });
    }

    @Test
    void directRunsTheNewRevisionAtFullSizeBesideTheStable() {
        Property.tries(500).forAll(Gen.ints(0, 50), total -> {
            ServingLayout layout = ServingLayout.of(Strategy.Direct, false, SERVICE, total, Optional.of(STABLE),
                    Optional.of(new ServingLayout.Rollout(NEW, Optional.empty(), Optional.empty())));

            assertThat(layout.replicas()).containsOnly(entry(STABLE, total), entry(NEW, total));
            assertThat(layout.services()).containsOnly(entry(SERVICE, Optional.empty()));
            assertThat(layout.routeWeights()).isEmpty();
        });
    }

    // --- the first revision: nothing to protect ---

    @Test
    void aFirstRevisionGetsEveryReplicaAndEveryService() {
        Property.tries(1_000).forAll(strategies(), Gen.ints(0, 50), Gen.booleans(), (strategy, total, gateway) -> {
            ServingLayout layout = ServingLayout.of(strategy, gateway, SERVICE, total, Optional.empty(),
                    Optional.of(new ServingLayout.Rollout(NEW, Optional.empty(), Optional.empty())));

            assertThat(layout.replicas()).containsOnly(entry(NEW, total));
            assertThat(layout.services().values()).allSatisfy(selected -> assertThat(selected).isIn(Optional.empty(), Optional.of(NEW)));
        });
    }

    @Test
    void aFirstBlueGreenRevisionIsActiveAtOnce() {
        Property.tries(1_000).forAll(Gen.ints(0, 50), blueGreenStates(), (total, state) -> {
            ServingLayout layout = ServingLayout.of(Strategy.BlueGreen, false, SERVICE, total, Optional.empty(), blueGreenRollout(state));

            assertThat(layout.services()).containsEntry(SERVICE, Optional.of(NEW));
            if (!state.aborted()) {
                assertThat(layout.replicas()).containsOnly(entry(NEW, total));
            }
        });
    }

    Gen<BlueGreenState> blueGreenStates() {
        return Deliveries.blueGreenStates();
    }

    Gen<Strategy> strategies() {
        return Gen.of(Strategy.class);
    }
}
