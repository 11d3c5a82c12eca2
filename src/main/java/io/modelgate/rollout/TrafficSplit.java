package io.modelgate.rollout;

/**
 * How a canary weight (0..100, the percentage of requests meant for the canary) becomes traffic.
 *
 * <h2>Replica routing ({@link #forReplicas})</h2>
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
        if (totalReplicas < 0) {
            throw new IllegalArgumentException("total replicas must not be negative: " + totalReplicas);
        }
        checkWeight(canaryWeight);
        if (totalReplicas == 0 || canaryWeight == 0) {
            return new Replicas(totalReplicas, 0);
        }
        if (canaryWeight == 100) {
            return new Replicas(0, totalReplicas);
        }
        if (totalReplicas == 1) {
            return new Replicas(1, 1);
        }
        // Nearest integer to total*weight/100 with halves rounded down; long: no overflow for any int total.
        long nearest = ((long) totalReplicas * canaryWeight + 49) / 100;
        int canary = (int) Math.max(1, Math.min(totalReplicas - 1L, nearest));
        return new Replicas(totalReplicas - canary, canary);
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
