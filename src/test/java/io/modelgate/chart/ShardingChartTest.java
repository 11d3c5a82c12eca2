package io.modelgate.chart;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.Role;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.modelgate.chart.ChartRendering.all;
import static io.modelgate.chart.ChartRendering.env;
import static io.modelgate.chart.ChartRendering.operator;
import static io.modelgate.chart.ChartRendering.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A shard of the chart: its pipelines by label selector, its own Lease (and the right to it), nothing else changed. */
class ShardingChartTest {

    static final String SELECTOR_ENV = "QUARKUS_OPERATOR_SDK_CONTROLLERS_MODELPIPELINE_SELECTOR";

    static List<String> leaseNames(List<HasMetadata> objects) {
        return all(objects, Role.class).stream().filter(r -> r.getMetadata().getName().endsWith("-leader-election"))
                .flatMap(r -> r.getRules().stream()).flatMap(rule -> rule.getResourceNames().stream()).toList();
    }

    @Test
    void withoutAShardTheOperatorReconcilesEveryPipelineWithTheOneLease() {
        List<HasMetadata> objects = render();

        assertThat(env(operator(objects))).doesNotContainKey(SELECTOR_ENV)
                .containsEntry("MODELGATE_LEADER_ELECTION_LEASE_NAME", "modelgate-operator-lease");
        assertThat(leaseNames(objects)).containsExactly("modelgate-operator-lease");
    }

    @Test
    void aShardReconcilesItsSelectorsPipelinesAndElectsOnItsOwnLease() {
        List<HasMetadata> objects = render(Map.of("shard.name", "a", "shard.selector", "modelgate.io/shard=a"));

        assertThat(env(operator(objects))).containsEntry(SELECTOR_ENV, "modelgate.io/shard=a")
                .containsEntry("MODELGATE_LEADER_ELECTION_LEASE_NAME", "modelgate-operator-lease-a");
        assertThat(leaseNames(objects)).containsExactly("modelgate-operator-lease-a");
    }

    @Test
    void aShardNameThatCannotBePartOfALeaseNameIsRefusedByTheSchema() {
        assertThatThrownBy(() -> render(Map.of("shard.name", "Shard_A"))).hasMessageContaining("shard");
    }
}
