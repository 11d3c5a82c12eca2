package io.modelgate.pipeline;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.ManagedInformerEventSource;
import io.modelgate.api.ModelPipeline;
import io.modelgate.testing.RealApiServer;
import io.modelgate.testing.TestOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On a real kube-apiserver, with the controller's own Service informer: an answer to a write that JOSDK keeps after the
 * informer has that version (the order its watch event came in leaves it there) is let go by a sweep, and the
 * informer still serves the object; an answer newer than the informer stays, since the next pass must read it.
 */
@Tag("integration")
class SettledWritesTest {

    @RegisterExtension
    static final RealApiServer API = new RealApiServer();

    static KubernetesClient client;
    static String namespace;
    static TestOperator operator;
    static ManagedInformerEventSource<Service, ?, ?> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void start() {
        client = API.client();
        TestOperator.installCrds(client, true);
        namespace = API.newNamespace("settled");
        operator = new TestOperator(client, true).start();
        var controller = (Controller<ModelPipeline>) operator.operator().getRegisteredController(ModelPipelineReconciler.NAME).orElseThrow();
        services = (ManagedInformerEventSource<Service, ?, ?>) controller.getEventSourceManager().getEventSourcesFor(Service.class).get(0);
    }

    @AfterAll
    static void stop() {
        operator.stop();
    }

    /** A Service of a pipeline that does not exist: the informer caches it, no pass ever writes it. */
    static Service created(String name) {
        Service created = client.services().inNamespace(namespace).resource(new ServiceBuilder()
                .withNewMetadata().withName(name).withLabels(Map.of("modelgate.io/pipeline", "absent-" + name)).endMetadata()
                .withNewSpec().withSelector(Map.of("modelgate.io/pipeline", "absent-" + name))
                .addNewPort().withPort(80).endPort().endSpec().build()).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> services.list(s -> s.getMetadata().getName().equals(name))
                .anyMatch(s -> created.getMetadata().getResourceVersion().equals(s.getMetadata().getResourceVersion())));
        return created;
    }

    @Test
    void anAnswerTheInformerHasCaughtUpWithIsLetGoAndTheInformerStillServesIt() {
        Service answer = created("caught-up");
        ResourceID id = ResourceID.fromResource(answer);
        // JOSDK's order when the watch event came first: the answer is put after it, and no event is left to drop it.
        services.handleRecentResourceCreate(id, answer);
        assertThat(SettledWrites.temporaryCache(services).getResourceFromCache(id)).as("JOSDK keeps the answer").isPresent();

        int settled = SettledWrites.settle(services);

        assertThat(settled).isEqualTo(1);
        assertThat(SettledWrites.temporaryCache(services).getResourceFromCache(id)).isEmpty();
        assertThat(services.get(id)).as("read from the informer").get()
                .extracting(s -> s.getMetadata().getResourceVersion()).isEqualTo(answer.getMetadata().getResourceVersion());
    }

    @Test
    void anAnswerNewerThanTheInformerStaysForTheNextPassToRead() {
        Service created = created("ahead");
        Service ahead = new ServiceBuilder(created).editMetadata()
                .withResourceVersion(String.valueOf(Long.parseLong(created.getMetadata().getResourceVersion()) + 1_000_000)).endMetadata().build();
        ResourceID id = ResourceID.fromResource(ahead);
        services.handleRecentResourceCreate(id, ahead);

        SettledWrites.settle(services);

        assertThat(SettledWrites.temporaryCache(services).getResourceFromCache(id)).as("not yet in the informer").isPresent();
        assertThat(services.get(id)).get().extracting(s -> s.getMetadata().getResourceVersion())
                .isEqualTo(ahead.getMetadata().getResourceVersion());
    }

    @Test
    void resourceVersionsCompareAsNumbers() {
        assertThat(SettledWrites.newer(withVersion("1000"), withVersion("999"))).isTrue();
        assertThat(SettledWrites.newer(withVersion("999"), withVersion("1000"))).isFalse();
        assertThat(SettledWrites.newer(withVersion("42"), withVersion("42"))).isFalse();
    }

    private static Service withVersion(String version) {
        return new ServiceBuilder().withNewMetadata().withResourceVersion(version).endMetadata().build();
    }
}
