package io.modelgate.it;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.testing.Pipelines;
import io.modelgate.testing.RealApiServer;
import io.modelgate.testing.TestOperator;
import io.modelgate.testing.WorkloadSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two shards on one real kube-apiserver, each an operator with the label selector the chart's shard.selector sets:
 * each pipeline is reconciled by its shard alone (its revision and statuses), the Jobs of the other shard's
 * pipelines wake nothing in this one, and a pipeline of no shard is left alone.
 */
@Tag("integration")
class ShardsOnApiServerTest {

    @RegisterExtension
    static final RealApiServer API = new RealApiServer();

    static KubernetesClient client;
    TestOperator a;
    TestOperator b;

    @BeforeAll
    static void installCrds() {
        client = API.client();
        Crds.install(client);
    }

    @AfterEach
    void stop() {
        a.stop();
        b.stop();
    }

    static ModelPipeline inShard(String name, String ns, String shard) {
        ModelPipeline pipeline = Pipelines.fraud(name, ns);
        if (shard != null) {
            pipeline.getMetadata().setLabels(Map.of("modelgate.io/shard", shard));
        }
        return pipeline;
    }

    @Test
    void eachShardReconcilesItsOwnPipelinesOnly() {
        String ns = API.newNamespace("shards");
        WorkloadSimulator cluster = new WorkloadSimulator(client, ns);
        a = new TestOperator(client, true).withLabelSelector("modelgate.io/shard=a").start();
        b = new TestOperator(client, true).withLabelSelector("modelgate.io/shard=b").start();

        for (var pipeline : List.of(inShard("alpha", ns, "a"), inShard("beta", ns, "b"), inShard("stray", ns, null))) {
            client.resources(ModelPipeline.class).inNamespace(ns).resource(pipeline).create();
        }
        for (String name : List.of("alpha", "beta")) {
            cluster.succeed(name + "-r1-train", null);
            cluster.succeed(name + "-r1-eval", "{\"auc\":0.93}");
            cluster.awaitDeployment(name + "-r1");
            cluster.makeAvailable(name + "-r1");
        }
        await().atMost(WorkloadSimulator.TIMEOUT).until(() -> List.of("alpha", "beta").stream().allMatch(name -> {
            ModelPipeline p = client.resources(ModelPipeline.class).inNamespace(ns).withName(name).get();
            return p.getStatus() != null && "Serving".equals(p.getStatus().getPhase());
        }));

        double aPasses = a.metric("modelgate_reconcile_total", "result", "success");
        double bPasses = b.metric("modelgate_reconcile_total", "result", "success");
        assertThat(aPasses).as("shard a reconciled alpha").isPositive();
        assertThat(bPasses).as("shard b reconciled beta").isPositive();
        assertThat(a.metric("modelgate_revision_transitions_total", "namespace", ns, "pipeline", "beta", "phase", "Promoted", "reason", "Promoted"))
                .as("shard a never moved beta").isZero();
        assertThat(b.metric("modelgate_revision_transitions_total", "namespace", ns, "pipeline", "alpha", "phase", "Promoted", "reason", "Promoted"))
                .as("shard b never moved alpha").isZero();
        assertThat(a.metric("modelgate_revision_transitions_total", "namespace", ns, "pipeline", "alpha", "phase", "Promoted", "reason", "Promoted"))
                .isEqualTo(1);
        assertThat(client.resources(ModelRevision.class).inNamespace(ns).list().getItems()).extracting(r -> r.getMetadata().getName())
                .containsExactlyInAnyOrder("alpha-r1", "beta-r1");
        ModelPipeline stray = client.resources(ModelPipeline.class).inNamespace(ns).withName("stray").get();
        assertThat(stray.getStatus()).as("a pipeline of no shard is nobody's").isNull();
        assertThat(stray.getMetadata().getFinalizers()).isNullOrEmpty();
    }
}
