package io.modelgate.rollout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The operator-wide cap on pipelines in the rollout phase ({@code maxConcurrentRollouts}).
 *
 * <p>Rules: a {@code maxConcurrentRollouts} of 0 or less means no cap. The free slots are the cap minus the
 * distinct pipelines rolling out now (none when the cap was lowered below them: nobody is stopped, newcomers wait).
 * Waiting pipelines are served first come, first served: by {@code waitingSince}, then by name for equal instants,
 * so the order is total and the same on every replica of the operator. A name listed twice in {@code waiting}
 * counts once, with its earliest instant; a waiting pipeline that is already rolling out is not waiting and is
 * left out of both lists ({@link Admission#mayRollOut} is still true for it).
 */
public final class RolloutQueue {

    private RolloutQueue() {
    }

    /**
     * A pipeline that must keep waiting.
     *
     * @param position 1-based place in the queue: 1 is the next to be admitted
     */
    public record Queued(String pipeline, int position, Instant waitingSince, String message) {
    }

    /**
     * @param admitted the waiting pipelines that may start rolling out now, in queue order
     * @param queued   the others, in queue order
     */
    public record Admission(Set<String> rollingOut, List<String> admitted, List<Queued> queued) {

        public Admission {
            rollingOut = Set.copyOf(rollingOut);
            admitted = List.copyOf(admitted);
            queued = List.copyOf(queued);
        }

        /** True for a pipeline rolling out already or admitted now. */
        public boolean mayRollOut(String pipeline) {
            return rollingOut.contains(pipeline) || admitted.contains(pipeline);
        }

        public Optional<Queued> queued(String pipeline) {
            return queued.stream().filter(q -> q.pipeline().equals(pipeline)).findFirst();
        }
    }

    public static Admission admit(int maxConcurrentRollouts, List<String> rollingOutNow, List<QueuedPipeline> waiting) {
        Set<String> running = new LinkedHashSet<>();
        for (String name : Objects.requireNonNull(rollingOutNow, "rollingOutNow")) {
            running.add(Objects.requireNonNull(name, "a pipeline rolling out has no name"));
        }
        Map<String, QueuedPipeline> earliest = new LinkedHashMap<>();
        for (QueuedPipeline candidate : Objects.requireNonNull(waiting, "waiting")) {
            Objects.requireNonNull(candidate, "waiting pipeline");
            if (!running.contains(candidate.name())) {
                earliest.merge(candidate.name(), candidate,
                        (a, b) -> b.waitingSince().isBefore(a.waitingSince()) ? b : a);
            }
        }
        List<QueuedPipeline> line = new ArrayList<>(earliest.values());
        line.sort(Comparator.comparing(QueuedPipeline::waitingSince).thenComparing(QueuedPipeline::name));

        boolean unlimited = maxConcurrentRollouts <= 0;
        int free = unlimited ? line.size() : Math.max(0, maxConcurrentRollouts - running.size());
        List<String> admitted = new ArrayList<>();
        List<Queued> queued = new ArrayList<>();
        for (QueuedPipeline pipeline : line) {
            if (admitted.size() < free) {
                admitted.add(pipeline.name());
            } else {
                int position = queued.size() + 1;
                queued.add(new Queued(pipeline.name(), position, pipeline.waitingSince(),
                        "Queued: waiting for a rollout slot, position " + position + " of " + (line.size() - admitted.size())
                                + "; all " + maxConcurrentRollouts + " slots (maxConcurrentRollouts) in use"));
            }
        }
        return new Admission(running, admitted, queued);
    }
}
