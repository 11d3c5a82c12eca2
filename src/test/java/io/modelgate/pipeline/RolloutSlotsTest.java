package io.modelgate.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** maxConcurrentRollouts across reconcile threads: in-memory slots, rebuilt from the pipelines' phases after a restart. */
class RolloutSlotsTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    static Map<String, String> phases(String... pipelinesAndPhases) {
        Map<String, String> phases = new HashMap<>();
        for (int i = 0; i < pipelinesAndPhases.length; i += 2) {
            phases.put(pipelinesAndPhases[i], pipelinesAndPhases[i + 1]);
        }
        return phases;
    }

    static String queued(int position, int of, int max) {
        return "Queued: waiting for a rollout slot, position " + position + " of " + of + "; all " + max + " slots (maxConcurrentRollouts) in use";
    }

    @ParameterizedTest(name = "cap {0}")
    @ValueSource(ints = {0, -1})
    void aCapOfZeroOrLessAdmitsEveryone(int cap) {
        RolloutSlots slots = new RolloutSlots(cap);
        Map<String, String> phases = phases("ml/a", "RollingOut", "ml/b", "RollingOut", "ml/c", "Evaluating");

        assertThat(slots.tryAcquire("ml/c", T0, phases, T0)).isEmpty();
        assertThat(slots.tryAcquire("ml/d", T0, phases, T0)).isEmpty();
        assertThat(slots.max()).isEqualTo(cap);
    }

    @Test
    void capOneAdmitsTheFirstQueuesTheSecondAndAdmitsItAfterRelease() {
        RolloutSlots slots = new RolloutSlots(1);
        Map<String, String> phases = phases("ml/a", "Evaluating", "ml/b", "Evaluating");

        assertThat(slots.tryAcquire("ml/a", T0, phases, T0)).isEmpty();
        assertThat(slots.tryAcquire("ml/b", T0.plusSeconds(1), phases, T0.plusSeconds(1))).contains(queued(1, 1, 1));
        assertThat(slots.holders()).containsExactly("ml/a");
        // Asking again while holding keeps the slot.
        assertThat(slots.tryAcquire("ml/a", T0, phases("ml/a", "RollingOut", "ml/b", "Queued"), T0.plusSeconds(2))).isEmpty();
        assertThat(slots.tryAcquire("ml/b", T0.plusSeconds(1), phases("ml/a", "RollingOut", "ml/b", "Queued"), T0.plusSeconds(3)))
                .contains(queued(1, 1, 1));

        slots.release("ml/a");

        Map<String, String> after = phases("ml/a", "Serving", "ml/b", "Queued");
        assertThat(slots.tryAcquire("ml/b", T0.plusSeconds(1), after, T0.plusSeconds(4))).isEmpty();
        assertThat(slots.holders()).containsExactly("ml/b");
        assertThat(slots.tryAcquire("ml/a", T0.plusSeconds(5), phases("ml/a", "Evaluating", "ml/b", "RollingOut"), T0.plusSeconds(5)))
                .contains(queued(1, 1, 1));
    }

    @Test
    void afterARestartAPipelineRollingOutHoldsASlot() {
        RolloutSlots restarted = new RolloutSlots(1);

        assertThat(restarted.tryAcquire("ml/b", T0, phases("ml/a", "RollingOut", "ml/b", "Queued"), T0)).contains(queued(1, 1, 1));
        assertThat(restarted.holders()).as("held through the status, not in memory").isEmpty();

        // a's rollout ended (its status no longer says RollingOut): b goes.
        assertThat(restarted.tryAcquire("ml/b", T0, phases("ml/a", "Serving", "ml/b", "Queued"), T0.plusSeconds(10))).isEmpty();
    }

    @Test
    void aLoweredCapStopsNobodyAndAdmitsNobodyNew() {
        RolloutSlots slots = new RolloutSlots(1);
        Map<String, String> phases = phases("ml/a", "RollingOut", "ml/b", "RollingOut", "ml/c", "Queued");

        assertThat(slots.tryAcquire("ml/c", T0, phases, T0)).contains(queued(1, 1, 1));
        assertThat(slots.tryAcquire("ml/c", T0, phases("ml/a", "RollingOut", "ml/b", "Serving", "ml/c", "Queued"), T0)).contains(queued(1, 1, 1));
        assertThat(slots.tryAcquire("ml/c", T0, phases("ml/a", "Degraded", "ml/b", "Serving", "ml/c", "Queued"), T0)).isEmpty();
    }

    @Test
    void aDeletedPipelineFreesItsSlot() {
        RolloutSlots slots = new RolloutSlots(1);
        assertThat(slots.tryAcquire("ml/a", T0, phases("ml/a", "Evaluating", "ml/b", "Evaluating"), T0)).isEmpty();
        assertThat(slots.tryAcquire("ml/b", T0, phases("ml/a", "RollingOut", "ml/b", "Evaluating"), T0)).contains(queued(1, 1, 1));

        // ml/a is gone from the informer cache: deleted mid-rollout, without a release.
        assertThat(slots.tryAcquire("ml/b", T0, phases("ml/b", "Queued"), T0.plusSeconds(1))).isEmpty();
        assertThat(slots.holders()).containsExactly("ml/b");
    }

    @Test
    void aDeletedOrNoLongerWaitingPipelineDoesNotKeepOthersWaiting() {
        RolloutSlots slots = new RolloutSlots(1);
        Map<String, String> busy = phases("ml/x", "RollingOut", "ml/c", "Queued", "ml/d", "Queued", "ml/b", "Queued");
        assertThat(slots.tryAcquire("ml/c", T0.plusSeconds(1), busy, T0)).contains(queued(1, 1, 1));
        assertThat(slots.tryAcquire("ml/d", T0.plusSeconds(2), busy, T0)).contains(queued(2, 2, 1));
        assertThat(slots.tryAcquire("ml/b", T0.plusSeconds(3), busy, T0)).contains(queued(3, 3, 1));

        // c was deleted; d's queued revision was superseded by a new one now training (Pending phase).
        Map<String, String> later = phases("ml/x", "Serving", "ml/d", "Pending", "ml/b", "Queued");
        assertThat(slots.tryAcquire("ml/b", T0.plusSeconds(3), later, T0.plusSeconds(60))).isEmpty();
    }

    @Test
    void firstComeFirstServedByWaitingSinceNotByAskingOrder() {
        RolloutSlots slots = new RolloutSlots(1);
        Instant early = T0.plusSeconds(10);
        Instant late = T0.plusSeconds(20);
        Map<String, String> busy = phases("ml/x", "RollingOut", "ml/late", "Queued", "ml/early", "Queued");

        assertThat(slots.tryAcquire("ml/late", late, busy, T0.plusSeconds(30))).contains(queued(1, 1, 1));
        assertThat(slots.tryAcquire("ml/early", early, busy, T0.plusSeconds(31))).contains(queued(1, 2, 1));
        assertThat(slots.tryAcquire("ml/late", late, busy, T0.plusSeconds(32))).contains(queued(2, 2, 1));

        Map<String, String> free = phases("ml/x", "Serving", "ml/late", "Queued", "ml/early", "Queued");
        assertThat(slots.tryAcquire("ml/late", late, free, T0.plusSeconds(40))).as("early is first in line").contains(queued(1, 1, 1));
        assertThat(slots.tryAcquire("ml/early", early, free, T0.plusSeconds(41))).isEmpty();
        assertThat(slots.tryAcquire("ml/late", late, phases("ml/x", "Serving", "ml/late", "Queued", "ml/early", "RollingOut"), T0.plusSeconds(42)))
                .contains(queued(1, 1, 1));

        slots.release("ml/early");
        assertThat(slots.tryAcquire("ml/late", late, phases("ml/x", "Serving", "ml/late", "Queued", "ml/early", "Serving"), T0.plusSeconds(50))).isEmpty();
    }

    @Test
    void theEarliestWaitingTimeOfAPipelineCounts() {
        RolloutSlots slots = new RolloutSlots(1);
        Map<String, String> busy = phases("ml/x", "RollingOut", "ml/a", "Queued", "ml/b", "Queued");
        assertThat(slots.tryAcquire("ml/a", T0.plusSeconds(1), busy, T0.plusSeconds(30))).contains(queued(1, 1, 1));
        assertThat(slots.tryAcquire("ml/b", T0.plusSeconds(3), busy, T0.plusSeconds(30))).contains(queued(2, 2, 1));

        // a asks again with a later instant: it keeps its first place in time, ahead of b.
        assertThat(slots.tryAcquire("ml/a", T0.plusSeconds(9), busy, T0.plusSeconds(32))).contains(queued(1, 2, 1));
        assertThat(slots.tryAcquire("ml/b", T0.plusSeconds(3), busy, T0.plusSeconds(33))).contains(queued(2, 2, 1));
    }

    @Test
    void anAdmittedPipelineKeepsItsSlotWhateverItsPhaseSaysUntilReleased() {
        RolloutSlots slots = new RolloutSlots(1);
        assertThat(slots.tryAcquire("ml/a", T0, phases("ml/a", "Evaluating", "ml/b", "Evaluating"), T0)).isEmpty();

        // a's status may lag, read Paused, or Pending for a newer revision: only its own reconcile frees the slot.
        assertThat(slots.tryAcquire("ml/b", T0, phases("ml/a", "Paused", "ml/b", "Queued"), T0.plusSeconds(3600))).contains(queued(1, 1, 1));
        slots.release("ml/a");
        assertThat(slots.tryAcquire("ml/b", T0, phases("ml/a", "Serving", "ml/b", "Queued"), T0.plusSeconds(3601))).isEmpty();
        assertThat(slots.holders()).containsExactly("ml/b");
    }

    @Test
    void aHolderRollingOutKeepsItsSlotHoweverLongItTakes() {
        RolloutSlots slots = new RolloutSlots(1);
        slots.tryAcquire("ml/a", T0, phases("ml/a", "Evaluating"), T0);

        assertThat(slots.tryAcquire("ml/b", T0, phases("ml/a", "RollingOut", "ml/b", "Queued"), T0.plusSeconds(86_400))).contains(queued(1, 1, 1));
        assertThat(slots.holders()).containsExactly("ml/a");
    }

    @Test
    void releasingAPipelineWithoutASlotChangesNothing() {
        RolloutSlots slots = new RolloutSlots(2);
        slots.tryAcquire("ml/a", T0, phases("ml/a", "Evaluating"), T0);

        slots.release("ml/nobody");

        assertThat(slots.holders()).containsExactly("ml/a");
    }

    /** Many reconcile threads asking and releasing at once: never more holders than the cap. */
    @Test
    void neverMoreHoldersThanTheCapUnderConcurrency() throws Exception {
        int cap = 3;
        int threads = 12;
        RolloutSlots slots = new RolloutSlots(cap);
        Map<String, String> phases = new HashMap<>();
        for (int i = 0; i < threads; i++) {
            phases.put("ml/p" + i, "Queued");
        }
        Map<String, String> shared = Map.copyOf(phases);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger admissions = new AtomicInteger();
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String pipeline = "ml/p" + t;
                Instant since = T0.plusMillis(t);
                done.add(pool.submit(() -> {
                    start.await();
                    for (int round = 0; round < 2_000; round++) {
                        Optional<String> wait = slots.tryAcquire(pipeline, since, shared, T0);
                        if (wait.isPresent()) {
                            Thread.yield();
                            continue;
                        }
                        admissions.incrementAndGet();
                        int now = inside.incrementAndGet();
                        most.accumulateAndGet(now, Math::max);
                        int holders = slots.holders().size();
                        if (now > cap || holders > cap) {
                            violations.add(pipeline + " inside " + now + ", holders " + holders);
                        }
                        Thread.yield();
                        inside.decrementAndGet();
                        slots.release(pipeline);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(violations).isEmpty();
        assertThat(most.get()).isBetween(1, cap);
        assertThat(admissions.get()).isGreaterThan(threads);
        assertThat(slots.holders()).isEmpty();
    }
}
