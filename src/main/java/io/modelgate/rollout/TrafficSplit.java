package io.modelgate.rollout;

import java.util.Optional;

/**
 * How a canary weight (0..100, the percentage of requests meant for the canary) becomes traffic.
 *
 * <h2>Replica routing that keeps the stable revision ({@link #keepingStable}) — what the operator uses</h2>
 * One Service selects the pods of both revisions, so the weight is approximated by pod counts; the canary's pods
 * are added beside the stable revision's instead of replacing them, so that a canary up to weight 50 never touches a
 * stable pod and a rollback there leaves the stable revision exactly as it was. For {@code total} = the pipeline's
 * serving replicas:
 * <ul>
 *   <li>{@code total = 0}: (0, 0). Weight 0: (stable {@code total}, canary 0). Weight 100: (0, {@code total}).</li>
 *   <li>0 &lt; weight &le; 50: stable {@code total}, canary c in 1..{@code total} with the share c / (total + c)
 *       closest to w / 100 (ties: fewer canary pods). At 50 both run {@code total} pods: the most a canary ever adds.</li>
 *   <li>50 &lt; weight &lt; 100: canary {@code total}, stable s in 1..{@code total} with the share total / (total + s)
 *       closest to w / 100 (ties: more stable pods): the stable revision gives up pods only once the canary carries
 *       the majority.</li>
 * </ul>
 * Canary replicas never decrease and stable replicas never increase as the weight grows (property-tested).
 *
 * <h2>Replica routing at a fixed total ({@link #forReplicas})</h2>
 * One Service selects the pods of both revisions, so each pod gets about the same share of requests and the
 * weight can only be approximated by pod counts. The rule, for {@code total} = the pipeline's serving replicas:
 * <ul>
 *   <li>{@code total = 0}: (0, 0) whatever the weight.</li>
 *   <li>weight 0: (stable {@code total}, canary 0). Weight 100: (stable 0, canary {@code total}); a
 *       {@code setWeight: 100} step therefore scales the stable revision to zero, as Argo Rollouts' basic canary
 *       does; pipelines that want the stable revision kept at size until the end stop their steps below 100 and
 *       let promotion finish the move.</li>
 *   <li>0 &lt; weight &lt; 100 and {@code total >= 2}: canary = {@code total × weight / 100} rounded to the nearest
 *       integer, an exact half rounded <em>down</em> (toward the stable revision), then clamped to
 *       {@code 1..total-1}; stable = {@code total - canary}. The pods add up to {@code total}: no surge.</li>
 *   <li>0 &lt; weight &lt; 100 and {@code total = 1}: (1, 1). Keeping one pod of each is the only way to serve
 *       the canary without dropping the stable revision, so this is the single case with one pod above the spec.</li>
 * </ul>
 * Consequences, checked by property tests for every total in 0..500 and every weight: the canary's share
 * {@code canary / (canary + stable)} is the closest to {@code weight / 100} among all splits of {@code total}
 * pods that keep at least one pod of each (the distance to the target is convex in the canary count, so
 * rounding and then clamping to the allowed interval stays the closest), ties going to fewer canary pods; canary
 * replicas never decrease and stable replicas never increase as the weight grows.
 *
 * <h2>Gateway API routing ({@link #forRoute})</h2>
 * The operator owns the weights of two backendRefs of an HTTPRoute: (stable {@code 100 - weight}, canary
 * {@code weight}), which always add up to 100.
 */
public final class TrafficSplit {

    private TrafficSplit() {
    }

    /** Pod counts of the two revisions' Deployments. */
    public record Replicas(int stableReplicas, int canaryReplicas) {

        public Replicas {
            if (stableReplicas < 0 || canaryReplicas < 0) {
                throw new IllegalArgumentException("replicas must not be negative: stable " + stableReplicas + ", canary " + canaryReplicas);
            }
        }

        public int total() {
            return stableReplicas + canaryReplicas;
        }
    }

    /** backendRef weights of the stable and canary Services in an HTTPRoute. */
    public record RouteWeights(int stableWeight, int canaryWeight) {

        public RouteWeights {
            checkWeight(stableWeight);
            checkWeight(canaryWeight);
            if (stableWeight + canaryWeight != 100) {
                throw new IllegalArgumentException("route weights must add up to 100: " + stableWeight + " + " + canaryWeight);
            }
        }
    }

    /** Pod counts for a canary weight with replica routing; see the class comment for the rule. */
    public static Replicas forReplicas(int totalReplicas, int canaryWeight) {
        Optional<Replicas> edge = edgeCase(totalReplicas, canaryWeight);
        if (edge.isPresent()) {
            return edge.get();
        }
        if (totalReplicas == 1) {
            return new Replicas(1, 1);
        }
        // Nearest integer to total*weight/100 with halves rounded down; long: no overflow for any int total.
        long nearest = ((long) totalReplicas * canaryWeight + 49) / 100;
        int canary = (int) Math.max(1, Math.min(totalReplicas - 1L, nearest));
        return new Replicas(totalReplicas - canary, canary);
    }

    /** Checks the arguments; the split where no rule is needed: nothing to split, no canary, or only the canary. */
    private static Optional<Replicas> edgeCase(int totalReplicas, int canaryWeight) {
        if (totalReplicas < 0) {
            throw new IllegalArgumentException("total replicas must not be negative: " + totalReplicas);
        }
        checkWeight(canaryWeight);
        if (totalReplicas == 0 || canaryWeight == 0) {
            return Optional.of(new Replicas(totalReplicas, 0));
        }
        if (canaryWeight == 100) {
            return Optional.of(new Replicas(0, totalReplicas));
        }
        return Optional.empty();
    }

    /** Pod counts for a canary weight with replica routing, keeping the stable revision whole up to weight 50. */
    public static Replicas keepingStable(int totalReplicas, int canaryWeight) {
        Optional<Replicas> edge = edgeCase(totalReplicas, canaryWeight);
        if (edge.isPresent()) {
            return edge.get();
        }
        if (canaryWeight <= 50) {
            return new Replicas(totalReplicas, closest(totalReplicas, canaryWeight, true));
        }
        return new Replicas(closest(totalReplicas, canaryWeight, false), totalReplicas);
    }

    /**
     * The pod count x in 1..total (canary pods beside {@code total} stable ones, or stable pods beside {@code total}
     * canary ones) whose canary share is closest to weight / 100; ties go to the stable revision (fewer canary pods,
     * more stable pods). Exact integer arithmetic: no rounding error decides.
     */
    private static int closest(int total, int weight, boolean choosingCanary) {
        int best = choosingCanary ? 1 : total;
        for (int x = 1; x <= total; x++) {
            if (closer(total, weight, x, best, choosingCanary)) {
                best = x;
            }
        }
        return best;
    }

    /** Whether x gives a canary share strictly closer to the weight than y (or as close and nearer the stable side). */
    private static boolean closer(int total, int weight, int x, int y, boolean choosingCanary) {
        long canaryX = choosingCanary ? x : total;
        long canaryY = choosingCanary ? y : total;
        long podsX = (long) total + x;
        long podsY = (long) total + y;
        // |canary/pods - weight/100| compared as |100 canary - weight pods| / pods, cross-multiplied.
        long left = Math.abs(100 * canaryX - weight * podsX) * podsY;
        long right = Math.abs(100 * canaryY - weight * podsY) * podsX;
        if (left != right) {
            return left < right;
        }
        return choosingCanary ? x < y : x > y;
    }

    /** backendRef weights for a canary weight with Gateway API routing. */
    public static RouteWeights forRoute(int canaryWeight) {
        checkWeight(canaryWeight);
        return new RouteWeights(100 - canaryWeight, canaryWeight);
    }

    static void checkWeight(int weight) {
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("weight must be within 0..100: " + weight);
        }
    }
}
