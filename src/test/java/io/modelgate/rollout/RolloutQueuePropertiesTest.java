package io.modelgate.rollout;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutQueuePropertiesTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final List<String> NAMES = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");

    @Provide
    Arbitrary<List<String>> running() {
        return Arbitraries.of(NAMES).list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<QueuedPipeline>> waiting() {
        return Combinators.combine(Arbitraries.of(NAMES), Arbitraries.integers().between(0, 20).map(T0::plusSeconds))
                .as(QueuedPipeline::new).list().ofMaxSize(12);
    }

    @Property(tries = 3_000)
    void neverAdmitsMoreThanTheFreeSlotsAndFillsThem(@ForAll @IntRange(min = -2, max = 6) int max,
                                                     @ForAll("running") List<String> running,
                                                     @ForAll("waiting") List<QueuedPipeline> waiting) {
        RolloutQueue.Admission a = RolloutQueue.admit(max, running, waiting);

        Set<String> runningSet = new HashSet<>(running);
        Set<String> reallyWaiting = new HashSet<>();
        waiting.stream().map(QueuedPipeline::name).filter(n -> !runningSet.contains(n)).forEach(reallyWaiting::add);
        if (max <= 0) {
            assertThat(a.admitted()).hasSize(reallyWaiting.size());
            assertThat(a.queued()).isEmpty();
        } else {
            int free = Math.max(0, max - runningSet.size());
            assertThat(a.admitted()).hasSize(Math.min(free, reallyWaiting.size()));
            assertThat(runningSet.size() + a.admitted().size()).isLessThanOrEqualTo(Math.max(max, runningSet.size()));
        }
        assertThat(a.admitted()).doesNotHaveDuplicates().allSatisfy(name -> assertThat(runningSet).doesNotContain(name));
        List<String> everyone = new ArrayList<>(a.admitted());
        a.queued().forEach(q -> everyone.add(q.pipeline()));
        assertThat(everyone).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(reallyWaiting);
    }

    @Property(tries = 3_000)
    void admitsFirstComeFirstServedAndNumbersTheRest(@ForAll @IntRange(min = 1, max = 6) int max,
                                                     @ForAll("running") List<String> running,
                                                     @ForAll("waiting") List<QueuedPipeline> waiting) {
        RolloutQueue.Admission a = RolloutQueue.admit(max, running, waiting);

        // The expected line: earliest instant per name, sorted by instant then name.
        Map<String, Instant> earliest = new LinkedHashMap<>();
        for (QueuedPipeline w : waiting) {
            if (!running.contains(w.name())) {
                earliest.merge(w.name(), w.waitingSince(), (x, y) -> x.isBefore(y) ? x : y);
            }
        }
        List<String> line = new ArrayList<>(earliest.keySet());
        line.sort(Comparator.comparing((String n) -> earliest.get(n)).thenComparing(n -> n));

        List<String> served = new ArrayList<>(a.admitted());
        a.queued().forEach(q -> served.add(q.pipeline()));
        assertThat(served).containsExactlyElementsOf(line);
        for (int i = 0; i < a.queued().size(); i++) {
            RolloutQueue.Queued q = a.queued().get(i);
            assertThat(q.position()).isEqualTo(i + 1);
            assertThat(q.waitingSince()).isEqualTo(earliest.get(q.pipeline()));
            assertThat(q.message()).contains("position " + (i + 1) + " of " + a.queued().size());
        }
    }

    @Property(tries = 1_000)
    void theOrderOfTheListsDoesNotMatter(@ForAll @IntRange(min = -1, max = 6) int max, @ForAll("running") List<String> running,
                                         @ForAll("waiting") List<QueuedPipeline> waiting, @ForAll Random random) {
        List<String> shuffledRunning = new ArrayList<>(running);
        List<QueuedPipeline> shuffledWaiting = new ArrayList<>(waiting);
        Collections.shuffle(shuffledRunning, random);
        Collections.shuffle(shuffledWaiting, random);

        assertThat(RolloutQueue.admit(max, shuffledRunning, shuffledWaiting)).isEqualTo(RolloutQueue.admit(max, running, waiting));
    }

    @Property(tries = 500)
    void aSimulatedOperatorNeverRunsMoreThanTheCapAndServesInArrivalOrder(@ForAll @IntRange(min = 1, max = 4) int max,
                                                                           @ForAll Random random) {
        List<String> rollingOut = new ArrayList<>();
        List<QueuedPipeline> queue = new ArrayList<>();
        List<String> arrivals = new ArrayList<>();
        List<String> starts = new ArrayList<>();
        Instant now = T0;
        for (int tick = 0; tick < 200; tick++) {
            now = now.plusSeconds(random.nextInt(3)); // equal instants happen
            if (random.nextInt(3) == 0) {
                // Zero-padded: pipelines arriving at the same instant are served by name, which is then arrival order.
                String name = String.format("p%03d", tick);
                queue.add(new QueuedPipeline(name, now));
                arrivals.add(name);
            }
            if (!rollingOut.isEmpty() && random.nextInt(4) == 0) {
                rollingOut.remove(random.nextInt(rollingOut.size()));
            }
            RolloutQueue.Admission a = RolloutQueue.admit(max, rollingOut, queue);
            rollingOut.addAll(a.admitted());
            starts.addAll(a.admitted());
            queue.removeIf(q -> a.admitted().contains(q.name()));
            assertThat(rollingOut).hasSizeLessThanOrEqualTo(max);
        }
        assertThat(starts).containsExactlyElementsOf(arrivals.subList(0, starts.size()));
    }
}
