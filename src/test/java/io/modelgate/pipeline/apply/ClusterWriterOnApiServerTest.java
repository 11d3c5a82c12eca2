package io.modelgate.pipeline.apply;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.modelgate.api.ModelPipeline;
import io.modelgate.it.Crds;
import io.modelgate.metrics.OperatorMetrics;
import io.modelgate.pipeline.plan.Intent;
import io.modelgate.pipeline.plan.PassInputs;
import io.modelgate.pipeline.plan.PassRounds;
import io.modelgate.pipeline.plan.WriteResult;
import io.modelgate.status.Reason;
import io.modelgate.testing.Pipelines;
import io.modelgate.testing.RealApiServer;
import io.prometheus.client.CollectorRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The one writer and the Event recorder against a real API server: every typed answer, as the server gives it. */
@Tag("integration")
class ClusterWriterOnApiServerTest {

    @RegisterExtension
    static final RealApiServer API = new RealApiServer();

    static KubernetesClient client;

    String ns;
    ModelPipeline pipeline;
    ClusterWriter writer;

    @BeforeAll
    static void installCrds() {
        client = API.client();
        Crds.install(client);
    }

    @BeforeEach
    void namespace() {
        ns = API.newNamespace("writer");
        ModelPipeline fraud = Pipelines.fraud("fraud", ns);
        fraud.getMetadata().setAnnotations(Map.of("modelgate.io/action", "promote"));
        pipeline = client.resource(fraud).create();
        writer = ClusterWriter.direct(client, pipeline);
    }

    @Test
    void aCreateIsDoneThenAlreadyThereAndOnlyAMustBeNewOneEndsTheRound() {
        Intent first = new Intent.Create(configMap("a"), false);
        Intent revisionLike = new Intent.Create(configMap("b"), true);

        PassRounds.Applied applied = writer.apply(List.of(first, revisionLike, new Intent.Create(configMap("c"), false)), PassInputs.NONE);
        PassRounds.Applied again = writer.apply(List.of(new Intent.Create(configMap("a"), false)), PassInputs.NONE);

        assertThat(applied.results().get(first.key())).isInstanceOfSatisfying(WriteResult.Done.class,
                done -> assertThat(done.object().getMetadata().getUid()).isNotBlank());
        assertThat(applied.surprised()).as("the plan waits for a must-be-new create's answer").isTrue();
        assertThat(applied.results()).doesNotContainKey(new Intent.Create(configMap("c"), false).key());
        assertThat(client.configMaps().inNamespace(ns).withName("c").get()).isNull();
        assertThat(again.results().values()).singleElement().isInstanceOf(WriteResult.AlreadyThere.class);
        assertThat(again.surprised()).isFalse();
    }

    @Test
    void anObjectTheServerRefusesIsRejectedWithItsMessageAndStopsTheRound() {
        Deployment broken = new DeploymentBuilder().withNewMetadata().withName("broken").withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(-1).withNewSelector().addToMatchLabels("app", "x").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "y").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("i").endContainer().endSpec().endTemplate().endSpec().build();
        Intent rejected = new Intent.Create(broken, false);
        Intent after = new Intent.Create(configMap("after"), false);

        PassRounds.Applied applied = writer.apply(List.of(rejected, after), PassInputs.NONE);

        assertThat(applied.results().get(rejected.key())).isInstanceOfSatisfying(WriteResult.Rejected.class, r -> {
            assertThat(r.code()).isEqualTo(422);
            assertThat(r.message()).contains("replicas").contains("selector");
        });
        assertThat(applied.surprised()).isTrue();
        assertThat(client.configMaps().inNamespace(ns).withName("after").get()).isNull();
    }

    @Test
    void anIntentAlreadyAnsweredInThisPassIsNotCarriedOutAgain() {
        Intent create = new Intent.Create(configMap("once"), false);
        PassInputs answered = PassInputs.NONE.withWrites(Map.of(create.key(), new WriteResult.Done(null)));

        PassRounds.Applied applied = writer.apply(List.of(create), answered);

        assertThat(applied.results()).isEmpty();
        assertThat(client.configMaps().inNamespace(ns).withName("once").get()).isNull();
    }

    @Test
    void patchingOrDeletingWhatIsNotThereIsGoneAndADeleteOfItIsAsPlanned() {
        Intent patch = new Intent.MergePatch("apps/v1", "Deployment", "nowhere", Map.of("spec", Map.of("replicas", 1)));
        Intent delete = new Intent.Delete("batch/v1", "Job", "nowhere");

        PassRounds.Applied deleted = writer.apply(List.of(delete), PassInputs.NONE);
        PassRounds.Applied patched = writer.apply(List.of(patch), PassInputs.NONE);

        assertThat(deleted.results().get(delete.key())).isInstanceOf(WriteResult.Done.class);
        assertThat(deleted.surprised()).isFalse();
        assertThat(patched.results().get(patch.key())).isInstanceOf(WriteResult.Gone.class);
        assertThat(patched.surprised()).isTrue();
    }

    @Test
    void anActionAPersonChangedMeanwhileIsNotConsumed() {
        Intent stale = new Intent.ConsumeAction("modelgate.io/action", "abort");
        Intent current = new Intent.ConsumeAction("modelgate.io/action", "promote");

        PassRounds.Applied refused = writer.apply(List.of(stale), PassInputs.NONE);
        assertThat(annotations()).containsEntry("modelgate.io/action", "promote");
        PassRounds.Applied consumed = writer.apply(List.of(current), PassInputs.NONE);

        assertThat(refused.results().get(stale.key())).isInstanceOf(WriteResult.Rejected.class);
        assertThat(consumed.results().get(current.key())).isInstanceOf(WriteResult.Done.class);
        assertThat(annotations()).doesNotContainKey("modelgate.io/action");
    }

    @Test
    void aWriteRbacDoesNotAllowIsForbidden() {
        Config config = new ConfigBuilder(client.getConfiguration()).withImpersonateUsername("nobody").build();
        try (KubernetesClient nobody = new KubernetesClientBuilder().withConfig(config).build()) {
            Intent create = new Intent.Create(configMap("denied"), false);

            PassRounds.Applied applied = ClusterWriter.direct(nobody, pipeline).apply(List.of(create), PassInputs.NONE);

            assertThat(applied.results().get(create.key())).isInstanceOfSatisfying(WriteResult.Forbidden.class,
                    f -> assertThat(f.message()).contains("forbidden"));
        }
    }

    @Test
    void aRepeatedEventIsOneEventWithAGrowingCountAcrossRestarts() {
        EventRecorder recorder = new EventRecorder(Clock.systemUTC(), new OperatorMetrics(new CollectorRegistry()));
        EventRecorder afterRestart = new EventRecorder(Clock.systemUTC(), new OperatorMetrics(new CollectorRegistry()));

        recorder.record(client, pipeline, "Warning", Reason.InvalidSpec, "rollout: steps[1] names no analysis");
        recorder.record(client, pipeline, "Warning", Reason.InvalidSpec, "rollout: steps[1] names no analysis");
        afterRestart.record(client, pipeline, "Warning", Reason.InvalidSpec, "rollout: steps[1] names no analysis");
        recorder.record(client, pipeline, "Warning", Reason.InvalidSpec, "rollout: something else");

        List<Event> events = client.v1().events().inNamespace(ns).list().getItems();
        assertThat(events).hasSize(2);
        Event repeated = events.stream().filter(e -> e.getMessage().contains("names no analysis")).findFirst().orElseThrow();
        assertThat(repeated.getCount()).isEqualTo(3);
        assertThat(repeated.getReason()).isEqualTo("InvalidSpec");
        assertThat(repeated.getInvolvedObject().getUid()).isEqualTo(pipeline.getMetadata().getUid());
        assertThat(repeated.getMetadata().getName())
                .isEqualTo(EventRecorder.name(pipeline, "Warning", Reason.InvalidSpec, "rollout: steps[1] names no analysis"))
                .startsWith("fraud.");
    }

    private Map<String, String> annotations() {
        Map<String, String> annotations = client.resources(ModelPipeline.class).inNamespace(ns).withName("fraud").get()
                .getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    private HasMetadata configMap(String name) {
        ConfigMap map = new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .addToData("k", "v").build();
        return map;
    }
}
