package io.modelgate.pipeline;

import io.modelgate.rollout.QueuedPipeline;
import io.modelgate.rollout.RolloutQueue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's rollout slots ({@code maxConcurrentRollouts}), shared by all reconcile threads. Holders and
 * waiters live in memory, first come first served ({@link RolloutQueue}); after a restart they are rebuilt from the
 * pipelines' statuses (a pipeline whose status says RollingOut holds a slot). A holder keeps its slot until its own
 * reconcile finds no revision rolling out ({@link #release}); entries of deleted pipelines are dropped, so a deleted
 * pipeline never keeps a slot.
 */
public final class RolloutSlots {

    private final int max;
    private final Map<String, Instant> holders = new HashMap<>();
    private final Map<String, Instant> waiting = new HashMap<>();

    public RolloutSlots(int maxConcurrentRollouts) {
        this.max = maxConcurrentRollouts;
    }

    public int max() {
        return max;
    }

    /**
     * @param pipeline     namespace/name
     * @param waitingSince when its revision became ready to roll out (persisted, so the order survives restarts)
     * @param phases       every known pipeline (namespace/name) with its status phase, from the informer cache
     * @return empty when the pipeline holds a slot now; else why it waits
     */
    public synchronized Optional<String> tryAcquire(String pipeline, Instant waitingSince, Map<String, String> phases, Instant now) {
        if (max <= 0) {
            return Optional.empty();
        }
        forgetStale(phases, now);
        if (holders.containsKey(pipeline)) {
            return Optional.empty();
        }
        waiting.merge(pipeline, waitingSince, (a, b) -> a.isBefore(b) ? a : b);
        List<String> rollingOut = new ArrayList<>(holders.keySet());
        phases.forEach((name, phase) -> {
            if ("RollingOut".equals(phase) && !rollingOut.contains(name)) {
                rollingOut.add(name);
            }
        });
        List<QueuedPipeline> line = waiting.entrySet().stream().map(e -> new QueuedPipeline(e.getKey(), e.getValue())).toList();
        RolloutQueue.Admission admission = RolloutQueue.admit(max, rollingOut, line);
        if (admission.mayRollOut(pipeline)) {
            waiting.remove(pipeline);
            holders.put(pipeline, now);
            return Optional.empty();
        }
        return Optional.of(admission.queued(pipeline).map(RolloutQueue.Queued::message)
                .orElse("waiting for a rollout slot (maxConcurrentRollouts " + max + ")"));
    }

    /** The pipeline's rollout ended (or it has none): its slot is free for the next in line. */
    public synchronized void release(String pipeline) {
        holders.remove(pipeline);
    }

    public synchronized Set<String> holders() {
        return Set.copyOf(holders.keySet());
    }

    private void forgetStale(Map<String, String> phases, Instant now) {
        // A holder keeps its slot until its reconcile sees no revision rolling out (release) or the pipeline is deleted.
        holders.keySet().removeIf(name -> !phases.containsKey(name));
        waiting.keySet().removeIf(name -> !"Queued".equals(phases.get(name)) && !"Evaluating".equals(phases.get(name)));
    }
}
