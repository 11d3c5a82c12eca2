package io.modelgate.rollout;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a canary's route carries beside the weights: a share of the requests mirrored to the canary and the header
 * routes that send matching requests to it. Each is set by a step and stays for the steps after it until a later
 * step changes it ({@code setMirror: {percent: 0}}, a {@code setHeaderRoute} with the same name and no match) or the
 * rollout ends: promoted, rolled back or aborted, the route has neither. That is how Argo Rollouts keeps its
 * {@code setMirrorRoute} and {@code setHeaderRoute}, so the analysis steps after them measure with them in place.
 *
 * @param mirrorPercent the share of requests copied to the canary (its answers are dropped), 0 for none
 * @param headerRoutes  header routes by name, in the order their steps came
 */
public record RouteExtras(int mirrorPercent, List<HeaderRoute> headerRoutes) {

    public static final RouteExtras NONE = new RouteExtras(0, List.of());

    public RouteExtras {
        TrafficSplit.checkWeight(mirrorPercent);
        headerRoutes = List.copyOf(headerRoutes);
    }

    /** What the steps before {@code end} (exclusive) leave on the route. */
    public static RouteExtras through(List<CanaryStep> steps, int end) {
        int mirror = 0;
        Map<String, HeaderRoute> routes = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(end, steps.size()); i++) {
            CanaryStep step = steps.get(i);
            if (step instanceof CanaryStep.SetMirror setMirror) {
                mirror = setMirror.percent();
            } else if (step instanceof CanaryStep.SetHeaderRoute header) {
                routes.remove(header.route().name());
                if (!header.route().removes()) {
                    routes.put(header.route().name(), header.route());
                }
            }
        }
        return new RouteExtras(mirror, List.copyOf(routes.values()));
    }

    /**
     * The route of a canary at {@code state}: what its completed steps set, nothing once every step is done (it is
     * promoting) or it was rolled back.
     */
    public static RouteExtras routed(List<CanaryStep> steps, CanaryState state) {
        if (state.aborted() || state.stepIndex() >= steps.size()) {
            return NONE;
        }
        return through(steps, state.stepIndex());
    }

    /**
     * What the canary's pods must be ready for: the route of its completed steps and of the step in progress, whose
     * mirror or header route is put on the route only once the canary has the pods to answer it.
     */
    public static RouteExtras served(List<CanaryStep> steps, CanaryState state) {
        if (state.aborted() || state.stepIndex() >= steps.size()) {
            return NONE;
        }
        return through(steps, state.stepIndex() + 1);
    }

    public boolean isEmpty() {
        return mirrorPercent == 0 && headerRoutes.isEmpty();
    }

    /**
     * The fewest canary pods that answer what this sends it, out of {@code total}: the mirrored share's pods as a
     * weight of that share would have them, and at least one for a header route.
     */
    public int canaryPods(int total) {
        if (total == 0) {
            return 0;
        }
        int pods = mirrorPercent == 0 ? 0 : TrafficSplit.forReplicas(total, mirrorPercent).canaryReplicas();
        return headerRoutes.isEmpty() ? pods : Math.max(pods, 1);
    }

    public Optional<HeaderRoute> headerRoute(String name) {
        return headerRoutes.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
