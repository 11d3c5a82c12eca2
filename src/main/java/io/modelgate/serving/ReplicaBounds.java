package io.modelgate.serving;

import java.util.Optional;

/**
 * The replica bounds an InferenceService is given for the number of pods the serving layout asks of its revision.
 * KServe's autoscaler may move a revision between its bounds, which is right for the stable revision at full size and
 * wrong while a rollout splits traffic by replica counts: there the count is the weight, so every other revision is
 * pinned ({@code minReplicas = maxReplicas = count}), a canary or a new Direct revision at full size included. The
 * stable revision is handed to the autoscaler only once it serves at full size: an HPA does not scale a Deployment
 * that has 0 replicas, so a revision brought from 0 straight to autoscaled bounds would stay at 0. Handed over, the
 * ceiling is the pipeline's {@code maxReplicas} (never below the count).
 *
 * @param min the InferenceService's {@code minReplicas}: the count
 * @param max its {@code maxReplicas}
 */
public record ReplicaBounds(int min, int max) {

    public ReplicaBounds {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("replica bounds " + min + ".." + max);
        }
    }

    /**
     * @param count         pods the layout asks of the revision
     * @param fullSize      pods of the stable revision ({@code serving.replicas} or {@code inferenceService.minReplicas})
     * @param configuredMax the pipeline's {@code inferenceService.maxReplicas}, if any
     * @param handedOver    the revision is the stable one and already serves with all its pods at full size
     */
    public static ReplicaBounds of(int count, int fullSize, Optional<Integer> configuredMax, boolean handedOver) {
        if (!handedOver || count == 0 || count < fullSize || configuredMax.isEmpty()) {
            return new ReplicaBounds(count, count);
        }
        return new ReplicaBounds(count, Math.max(count, configuredMax.get()));
    }

    /** Whether the bounds autoscale (KServe keeps its HPA) or pin the revision at one count. */
    public boolean autoscales() {
        return max > min;
    }
}
