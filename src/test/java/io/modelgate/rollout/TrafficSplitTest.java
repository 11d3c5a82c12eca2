package io.modelgate.rollout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrafficSplitTest {

    @ParameterizedTest(name = "total {0}, weight {1} -> stable {2}, canary {3}")
    @CsvSource({
            // weight 0 and 100
            "10, 0, 10, 0",
            "10, 100, 0, 10",
            "1, 0, 1, 0",
            "1, 100, 0, 1",
            // no replicas at all
            "0, 0, 0, 0",
            "0, 50, 0, 0",
            "0, 100, 0, 0",
            // exact shares
            "10, 10, 9, 1",
            "10, 50, 5, 5",
            "4, 25, 3, 1",
            "4, 75, 1, 3",
            // nearest
            "10, 14, 9, 1",
            "10, 16, 8, 2",
            "3, 40, 2, 1",
            "3, 60, 1, 2",
            "7, 33, 5, 2",
            // an exact half goes to the stable revision
            "3, 50, 2, 1",
            "10, 15, 9, 1",
            "10, 25, 8, 2",
            "2, 25, 1, 1",
            // at least one canary pod and one stable pod while 0 < weight < 100
            "10, 1, 9, 1",
            "10, 99, 1, 9",
            "100, 1, 99, 1",
            "100, 99, 1, 99",
            "2, 1, 1, 1",
            "2, 99, 1, 1",
            // one replica: one pod of each during the canary (the single surge case)
            "1, 1, 1, 1",
            "1, 50, 1, 1",
            "1, 99, 1, 1",
    })
    void replicaSplits(int total, int weight, int stable, int canary) {
        assertThat(TrafficSplit.forReplicas(total, weight)).isEqualTo(new TrafficSplit.Replicas(stable, canary));
    }

    @Test
    void largeTotalsDoNotOverflow() {
        TrafficSplit.Replicas split = TrafficSplit.forReplicas(Integer.MAX_VALUE, 50);

        assertThat(split.canaryReplicas()).isEqualTo(Integer.MAX_VALUE / 2);
        assertThat((long) split.stableReplicas() + split.canaryReplicas()).isEqualTo(Integer.MAX_VALUE);
    }

    @ParameterizedTest
    @CsvSource({"0, 100, 0", "10, 90, 10", "50, 50, 50", "99, 1, 99", "100, 0, 100"})
    void routeWeights(int weight, int stable, int canary) {
        assertThat(TrafficSplit.forRoute(weight)).isEqualTo(new TrafficSplit.RouteWeights(stable, canary));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 101, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void weightsOutsideZeroToHundredAreRefused(int weight) {
        assertThatThrownBy(() -> TrafficSplit.forReplicas(3, weight)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0..100");
        assertThatThrownBy(() -> TrafficSplit.forRoute(weight)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void negativeTotalsAreRefused() {
        assertThatThrownBy(() -> TrafficSplit.forReplicas(-1, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
    }

    @Test
    void recordsRefuseImpossibleValues() {
        assertThatThrownBy(() -> new TrafficSplit.Replicas(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrafficSplit.RouteWeights(50, 49)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new TrafficSplit.Replicas(3, 2).total()).isEqualTo(5);
    }
}
