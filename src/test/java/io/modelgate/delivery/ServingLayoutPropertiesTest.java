package io.modelgate.delivery;

import io.modelgate.api.RolloutSpec.Strategy;
import io.modelgate.rollout.BlueGreenPhase;
import io.modelgate.rollout.BlueGreenState;
import io.modelgate.rollout.CanaryState;
import io.modelgate.rollout.TrafficSplit;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

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

    @Property(generation = GenerationMode.EXHAUSTIVE, tries = 6_000)
    void withReplicaRoutingThePodsFollowTheTrafficSplit(@ForAll @IntRange(min = 0, max = 50) int total,
                                                         @ForAll @IntRange(min = 0, max = 100) int weight) {
        ServingLayout layout = ServingLayout.of(Strategy.Canary, false, SERVICE, total, Optional.of(STABLE), canaryRollout(canaryAt(weight)));

        TrafficSplit.Replicas split = TrafficSplit.keepingStable(total, weight);
        if (weight <= 50) {
            assertThat(split.stableReplicas()).as("the stable revision keeps every pod up to weight 50").isEqualTo(total);
        }
        assertThat(layout.replicas()).containsOnly(entry(STABLE, split.stableReplicas()), entry(NEW, split.canaryReplicas()));
        assertThat(layout.services()).containsOnly(entry(SERVICE, Optional.empty()));
        assertThat(layout.routeWeights()).isEmpty();
    }

    @Property(generation = GenerationMode.EXHAUSTIVE, tries = 6_000)
    void withGatewayRoutingTheStableKeepsItsSizeAndTheRouteCarriesTheWeight(@ForAll @IntRange(min = 0, max = 50) int total,
                                                                            @ForAll @IntRange(min = 0, max = 100) int weight) {
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
    }

    @Property(generation = GenerationMode.EXHAUSTIVE, tries = 6_000)
    void moreWeightNeverShrinksTheCanaryOrGrowsTheStable(@ForAll @IntRange(min = 0, max = 50) int total,
                                                        @ForAll @IntRange(min = 0, max = 99) int weight) {
        for (boolean gateway : new boolean[]{false, true}) {
            Map<String, Integer> lower = ServingLayout.of(Strategy.Canary, gateway, SERVICE, total, Optional.of(STABLE), canaryRollout(canaryAt(weight))).replicas();
            Map<String, Integer> higher = ServingLayout.of(Strategy.Canary, gateway, SERVICE, total, Optional.of(STABLE), canaryRollout(canaryAt(weight + 1))).replicas();

            assertThat(higher.get(NEW)).isGreaterThanOrEqualTo(lower.get(NEW));
            assertThat(higher.get(STABLE)).isLessThanOrEqualTo(lower.get(STABLE));
        }
    }

    // --- BlueGreen ---

    @Property(tries = 3_000)
    void blueGreenSwitchesTheActiveServiceOnlyFromTheSwitchOnAndBackWhenAborted(@ForAll @IntRange(min = 0, max = 50) int total,
                                                                              @ForAll("blueGreenStates") BlueGreenState state,
                                                                              @ForAll boolean gateway) {
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
    }

    @Property(tries = 500)
    void blueGreenWithoutARolloutServesTheStableOnEveryService(@ForAll @IntRange(min = 0, max = 50) int total) {
        ServingLayout layout = ServingLayout.of(Strategy.BlueGreen, false, SERVICE, total, Optional.of(STABLE), Optional.empty());

        assertThat(layout.replicas()).containsOnly(entry(STABLE, total));
        assertThat(layout.services()).containsOnly(entry(SERVICE, Optional.of(STABLE)), entry(ServingLayout.previewService(SERVICE), Optional.of(STABLE)));
    }

    // --- Direct and no rollout ---

    @Property(tries = 1_000)
    void withoutARolloutOnlyTheStableServesAtFullSize(@ForAll("strategies") Strategy strategy, @ForAll @IntRange(min = 0, max = 50) int total,
                                                      @ForAll boolean gateway) {
        ServingLayout layout = ServingLayout.of(strategy, gateway, SERVICE, total, Optional.of(STABLE), Optional.empty());

        assertThat(layout.replicas()).as("every other revision is left out, so scaled to 0").containsOnly(entry(STABLE, total));
        if (gateway && strategy != Strategy.BlueGreen) {
            assertThat(layout.routeWeights()).contains(new TrafficSplit.RouteWeights(100, 0));
            assertThat(layout.services()).containsEntry(ServingLayout.stableService(SERVICE), Optional.of(STABLE))
                    .containsEntry(ServingLayout.canaryService(SERVICE), Optional.of(STABLE));
        }
    }

    @Property(tries = 500)
    void directRunsTheNewRevisionAtFullSizeBesideTheStable(@ForAll @IntRange(min = 0, max = 50) int total) {
        ServingLayout layout = ServingLayout.of(Strategy.Direct, false, SERVICE, total, Optional.of(STABLE),
                Optional.of(new ServingLayout.Rollout(NEW, Optional.empty(), Optional.empty())));

        assertThat(layout.replicas()).containsOnly(entry(STABLE, total), entry(NEW, total));
        assertThat(layout.services()).containsOnly(entry(SERVICE, Optional.empty()));
        assertThat(layout.routeWeights()).isEmpty();
    }

    // --- the first revision: nothing to protect ---

    @Property(tries = 1_000)
    void aFirstRevisionGetsEveryReplicaAndEveryService(@ForAll("strategies") Strategy strategy, @ForAll @IntRange(min = 0, max = 50) int total,
                                                       @ForAll boolean gateway) {
        ServingLayout layout = ServingLayout.of(strategy, gateway, SERVICE, total, Optional.empty(),
                Optional.of(new ServingLayout.Rollout(NEW, Optional.empty(), Optional.empty())));

        assertThat(layout.replicas()).containsOnly(entry(NEW, total));
        assertThat(layout.services().values()).allSatisfy(selected -> assertThat(selected).isIn(Optional.empty(), Optional.of(NEW)));
    }

    @Property(tries = 1_000)
    void aFirstBlueGreenRevisionIsActiveAtOnce(@ForAll @IntRange(min = 0, max = 50) int total, @ForAll("blueGreenStates") BlueGreenState state) {
        ServingLayout layout = ServingLayout.of(Strategy.BlueGreen, false, SERVICE, total, Optional.empty(), blueGreenRollout(state));

        assertThat(layout.services()).containsEntry(SERVICE, Optional.of(NEW));
        if (!state.aborted()) {
            assertThat(layout.replicas()).containsOnly(entry(NEW, total));
        }
    }

    @Provide
    Arbitrary<BlueGreenState> blueGreenStates() {
        return Deliveries.blueGreenStates();
    }

    @Provide
    Arbitrary<Strategy> strategies() {
        return net.jqwik.api.Arbitraries.of(Strategy.class);
    }
}
