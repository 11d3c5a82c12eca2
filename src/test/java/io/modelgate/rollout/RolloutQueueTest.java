package io.modelgate.rollout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RolloutQueueTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    static QueuedPipeline waiting(String name, long secondsAfterT0) {
        return new QueuedPipeline(name, T0.plusSeconds(secondsAfterT0));
    }

    @Test
    void freeSlotsGoToTheLongestWaiting() {
        RolloutQueue.Admission a = RolloutQueue.admit(3, List.of("fraud"),
                List.of(waiting("churn", 30), waiting("ranking", 10), waiting("ads", 20)));

        assertThat(a.admitted()).containsExactly("ranking", "ads");
        assertThat(a.queued()).containsExactly(new RolloutQueue.Queued("churn", 1, T0.plusSeconds(30),
                "Queued: waiting for a rollout slot, position 1 of 1; all 3 slots (maxConcurrentRollouts) in use"));
    }

    @Test
    void equalWaitingTimesAreServedByName() {
        RolloutQueue.Admission a = RolloutQueue.admit(1, List.of(), List.of(waiting("b", 5), waiting("a", 5), waiting("c", 5)));

        assertThat(a.admitted()).containsExactly("a");
        assertThat(a.queued()).extracting(RolloutQueue.Queued::pipeline).containsExactly("b", "c");
        assertThat(a.queued()).extracting(RolloutQueue.Queued::position).containsExactly(1, 2);
        assertThat(a.queued(("c"))).map(RolloutQueue.Queued::message)
                .contains("Queued: waiting for a rollout slot, position 2 of 2; all 1 slots (maxConcurrentRollouts) in use");
    }

    @Test
    void aFullOperatorQueuesEveryone() {
        RolloutQueue.Admission a = RolloutQueue.admit(1, List.of("fraud"), List.of(waiting("churn", 1)));

        assertThat(a.admitted()).isEmpty();
        assertThat(a.mayRollOut("fraud")).isTrue();
        assertThat(a.mayRollOut("churn")).isFalse();
        assertThat(a.queued("churn")).map(RolloutQueue.Queued::position).contains(1);
    }

    @Test
    void aLoweredCapStopsNobodyButAdmitsNobodyNew() {
        RolloutQueue.Admission a = RolloutQueue.admit(1, List.of("a", "b", "c"), List.of(waiting("d", 0)));

        assertThat(a.admitted()).isEmpty();
        assertThat(a.rollingOut()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(a.queued()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void zeroOrNegativeMeansNoCap(int max) {
        RolloutQueue.Admission a = RolloutQueue.admit(max, List.of("a", "b"), List.of(waiting("d", 9), waiting("c", 3)));

        assertThat(a.admitted()).containsExactly("c", "d");
        assertThat(a.queued()).isEmpty();
    }

    @Test
    void aPipelineAlreadyRollingOutIsNotWaiting() {
        RolloutQueue.Admission a = RolloutQueue.admit(2, List.of("a"), List.of(waiting("a", 0), waiting("b", 1)));

        assertThat(a.admitted()).containsExactly("b");
        assertThat(a.queued()).isEmpty();
        assertThat(a.mayRollOut("a")).isTrue();
    }

    @Test
    void aPipelineListedTwiceWaitsOnceFromItsEarliestInstant() {
        RolloutQueue.Admission a = RolloutQueue.admit(1, List.of(), List.of(waiting("b", 2), waiting("a", 50), waiting("a", 1)));

        assertThat(a.admitted()).containsExactly("a");
        assertThat(a.queued()).extracting(RolloutQueue.Queued::pipeline).containsExactly("b");
    }

    @Test
    void duplicatesInTheRunningListCountOnce() {
        RolloutQueue.Admission a = RolloutQueue.admit(2, List.of("a", "a"), List.of(waiting("b", 2)));

        assertThat(a.admitted()).containsExactly("b");
    }

    @Test
    void nothingWaitingAdmitsNothing() {
        RolloutQueue.Admission a = RolloutQueue.admit(2, List.of(), List.of());

        assertThat(a.admitted()).isEmpty();
        assertThat(a.queued()).isEmpty();
        assertThat(a.queued("x")).isEmpty();
    }

    @Test
    void namelessPipelinesAreRefused() {
        assertThatThrownBy(() -> new QueuedPipeline(" ", T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QueuedPipeline("a", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> RolloutQueue.admit(1, java.util.Arrays.asList("a", null), List.of())).isInstanceOf(NullPointerException.class);
    }
}
