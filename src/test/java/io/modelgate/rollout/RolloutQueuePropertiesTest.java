package io.modelgate.rollout;

import io.modelgate.testing.Gen;
import io.modelgate.testing.Property;
import org.junit.jupiter.api.Test;

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

    Gen<List<String>> running() {
        return Gen.of(NAMES).list(0, 6);
    }

    Gen<List<QueuedPipeline>> waiting() {
        return Gen.combine(Gen.of(NAMES), Gen.ints(0, 20).map(T0::plusSeconds), QueuedPipeline::new).list(0, 12);
    }

    @Test
    void neverAdmitsMoreThanTheFreeSlotsAndFillsThem() {
        Property.tries(3_000).forAll(Gen.ints(-2, 6), running(), waiting(), (max, running, waiting) -> {
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
        });
    }

    @Test
    void admitsFirstComeFirstServedAndNumbersTheRest() {
        Property.tries(3_000).forAll(Gen.ints(1, 6), running(), waiting(), (max, running, waiting) -> {
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
        });
    }

    @Test
    void theOrderOfTheListsDoesNotMatter() {
        Property.tries(1_000).forAll(Gen.ints(-1, 6), running(), waiting(), Gen.randoms(), (max, running, waiting, random) -> {
            List<String> shuffledRunning = new ArrayList<>(running);
            List<QueuedPipeline> shuffledWaiting = new ArrayList<>(waiting);
            Collections.shuffle(shuffledRunning, random);
            Collections.shuffle(shuffledWaiting, random);

            assertThat(RolloutQueue.admit(max, shuffledRunning, shuffledWaiting)).isEqualTo(RolloutQueue.admit(max, running, waiting));
        });
    }

    @Test
    void aSimulatedOperatorNeverRunsMoreThanTheCapAndServesInArrivalOrder() {
        Property.tries(500).forAll(Gen.ints(1, 4), Gen.randoms(), (max, random) -> {
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
        });
    }
}
