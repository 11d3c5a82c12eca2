package io.modelgate.delivery;

import io.modelgate.api.RolloutSpec;
import io.modelgate.rollout.BlueGreenState;
import io.modelgate.rollout.CanaryState;
import io.modelgate.rollout.CanaryStep;
import io.modelgate.rollout.RouteExtras;
import io.modelgate.rollout.TrafficSplit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What serving should look like at this moment: replicas per revision, which revision each Service selects, and the
 * HTTPRoute weights. One pure function of the strategy, the stable revision and the rollout in progress, applied
 * idempotently by the reconciler on every pass (so manual edits and drift are repaired).
 *
 * <ul>
 *   <li>The main Service ({@code service}) selects every revision's serving pods, except with BlueGreen, where it
 *       selects the active revision only.</li>
 *   <li>BlueGreen adds {@code <service>-preview}, selecting the new revision during a rollout (the stable one
 *       otherwise).</li>
 *   <li>A canary that is promoting (every step done) is asked for at full size, the stable revision keeping what it
 *       has, so that serving capacity never drops below the spec while the promoted revision scales up.</li>
 *   <li>Gateway API routing adds {@code <service>-stable} (the stable revision) and {@code <service>-canary} (the
 *       revision rolling out, the stable one otherwise), weighted in the HTTPRoute.</li>
 * </ul>
 *
 * @param replicas     replicas per revision name; revisions not listed are scaled to 0
 * @param services     Service name to the revision it selects (empty: every revision of the pipeline)
 * @param routeWeights backendRef weights when Gateway API routing is on
 * @param routeExtras  the mirror and header routes a canary's steps put on the HTTPRoute (none otherwise)
 */
public record ServingLayout(Map<String, Integer> replicas, Map<String, Optional<String>> services,
                            Optional<TrafficSplit.RouteWeights> routeWeights, RouteExtras routeExtras) {

    public ServingLayout(Map<String, Integer> replicas, Map<String, Optional<String>> services, Optional<TrafficSplit.RouteWeights> routeWeights) {
        this(replicas, services, routeWeights, RouteExtras.NONE);
    }

    /**
     * A rollout in progress: the revision and its persisted state (exactly one of canary, blueGreen).
     *
     * @param promoting a canary past its last step (or promoted by a person): it is brought to full size before it
     *                  becomes the stable revision, as a Direct rollout is, and the stable revision is not scaled down
     *                  further until then
     */
    public record Rollout(String revision, Optional<CanaryState> canary, Optional<BlueGreenState> blueGreen, boolean promoting,
                          RouteExtras routed, RouteExtras served) {
        public Rollout {
            Objects.requireNonNull(revision, "revision");
            Objects.requireNonNull(routed, "routed");
            Objects.requireNonNull(served, "served");
        }

        public Rollout(String revision, Optional<CanaryState> canary, Optional<BlueGreenState> blueGreen) {
            this(revision, canary, blueGreen, false, RouteExtras.NONE, RouteExtras.NONE);
        }

        /**
         * A canary at its recorded state; promoting once every one of its steps is done. {@code routed}: the mirror and
         * header routes its completed steps put on the route; {@code served}: those its pods must be ready for, the
         * step in progress included.
         */
        public static Rollout canary(String revision, CanaryState state, List<CanaryStep> steps) {
            return new Rollout(revision, Optional.of(state), Optional.empty(), state.stepIndex() >= steps.size(),
                    RouteExtras.routed(steps, state), RouteExtras.served(steps, state));
        }
    }

    public static String previewService(String service) {
        return service + "-preview";
    }

    public static String stableService(String service) {
        return service + "-stable";
    }

    public static String canaryService(String service) {
        return service + "-canary";
    }

    /**
     * Stable and canary pods at a canary weight. Replica routing: {@link TrafficSplit#keepingStable} (the stable
     * revision keeps every pod up to weight 50). Gateway API routing: the route splits the requests, so the stable
     * revision stays at {@code total} and the canary gets its weight's share of {@code total} pods (at least one).
     */
    public static TrafficSplit.Replicas canarySplit(boolean gatewayApi, int total, int weight) {
        if (!gatewayApi) {
            return TrafficSplit.keepingStable(total, weight);
        }
        return new TrafficSplit.Replicas(total, weight == 0 ? 0 : TrafficSplit.forReplicas(total, weight).canaryReplicas());
    }

    /**
     * A revision just rolled back (RolledBack or Aborted) keeps the pods it has while the stable revision is not yet
     * back at full size: above weight 50 it carried most of the traffic, and scaling it to 0 first would leave
     * requests with too few pods.
     */
    public static boolean holdsBackRolledBack(int desiredReplicas, boolean justRolledBack, boolean stableAtFullSize, int askedReplicas) {
        return desiredReplicas == 0 && justRolledBack && !stableAtFullSize && askedReplicas > 0;
    }

    public static ServingLayout of(RolloutSpec.Strategy strategy, boolean gatewayApi, String service, int total,
                                   Optional<String> stable, Optional<Rollout> rollout) {
        Map<String, Integer> replicas = new LinkedHashMap<>();
        Map<String, Optional<String>> services = new LinkedHashMap<>();
        Optional<TrafficSplit.RouteWeights> weights = Optional.empty();
        RouteExtras extras = RouteExtras.NONE;
        stable.ifPresent(s -> replicas.put(s, total));
        Optional<String> newRevision = rollout.map(Rollout::revision);

        if (strategy == RolloutSpec.Strategy.BlueGreen) {
            Optional<BlueGreenState> state = rollout.flatMap(Rollout::blueGreen);
            boolean aborted = state.map(BlueGreenState::aborted).orElse(false);
            // Done before promotion only when a person promoted a revision not yet available: it switches by becoming stable.
            boolean activeOnNew = state.map(s -> s.activeOnNewRevision() && s.phase() != io.modelgate.rollout.BlueGreenPhase.Done).orElse(false);
            newRevision.ifPresent(r -> replicas.put(r, aborted ? 0 : total));
            Optional<String> active = activeOnNew || stable.isEmpty() ? newRevision.or(() -> stable) : stable;
            services.put(service, active);
            services.put(previewService(service), newRevision.filter(r -> !aborted).or(() -> stable));
            return new ServingLayout(replicas, services, weights);
        }

        services.put(service, Optional.empty());
        if (rollout.isPresent() && rollout.get().canary().isPresent()) {
            int weight = rollout.get().canary().get().canaryWeight();
            TrafficSplit.Replicas split = canarySplit(gatewayApi, total, weight);
            stable.ifPresent(s -> replicas.put(s, split.stableReplicas()));
            // Mirrored requests and header routes reach the canary whatever its weight: it has the pods for them.
            int canaryPods = gatewayApi ? Math.max(split.canaryReplicas(), rollout.get().served().canaryPods(total)) : split.canaryReplicas();
            replicas.put(newRevision.get(), rollout.get().promoting() ? total : canaryPods);
            if (gatewayApi) {
                weights = Optional.of(TrafficSplit.forRoute(weight));
                extras = rollout.get().routed();
            }
        } else if (newRevision.isPresent()) {
            // Direct, or a first revision with nothing to protect: the new revision at full size beside the stable one.
            replicas.put(newRevision.get(), total);
            if (gatewayApi) {
                weights = Optional.of(TrafficSplit.forRoute(0));
            }
        } else if (gatewayApi) {
            weights = Optional.of(TrafficSplit.forRoute(0));
        }
        if (gatewayApi) {
            services.put(stableService(service), stable.or(() -> newRevision));
            services.put(canaryService(service), newRevision.or(() -> stable));
        }
        return new ServingLayout(replicas, services, weights, extras);
    }
}
