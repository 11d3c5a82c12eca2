package io.modelgate.it;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.modelgate.api.ModelPipeline;
import io.modelgate.pipeline.ModelPipelineReconciler;
import io.modelgate.pipeline.PrunedStore;
import io.modelgate.testing.RealApiServer;
import io.modelgate.testing.TestOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the operator caches, on a real kube-apiserver: objects as the server sends them (managedFields included) go
 * into the informers' stores without managedFields, a Pod without the spec no pass reads, and every informer the
 * controller starts, the pipelines' own included, stores through PrunedStore. Sizes are counted in bytes of JSON,
 * not timed.
 */
@Tag("integration")
class CachedObjectsTest {

    @RegisterExtension
    static final RealApiServer API = new RealApiServer();

    static KubernetesClient client;
    static String namespace;
    static TestOperator operator;

    @BeforeAll
    static void start() {
        client = API.client();
        Crds.install(client);
        namespace = API.newNamespace("cache");
        operator = new TestOperator(client, true).start();
    }

    @AfterAll
    static void stop() {
        operator.stop();
    }

    static int bytes(HasMetadata object) {
        return client.getKubernetesSerialization().asJson(object).getBytes(StandardCharsets.UTF_8).length;
    }

    static <R extends HasMetadata> R stored(Class<R> kind, R read) {
        ItemStore<R> store = PrunedStore.forKind(kind);
        String key = store.getKey(read);
        store.put(key, read);
        return store.get(key);
    }

    @Test
    void aPodFromTheServerIsCachedWithoutManagedFieldsAndWithOnlyTheSpecAPassReads() {
        Pod created = client.pods().inNamespace(namespace).resource(new PodBuilder()
                .withNewMetadata().withName("fraud-r1-train-x").withLabels(Map.of("modelgate.io/pipeline", "fraud")).endMetadata()
                .withNewSpec().withNodeName("kwok-node-0").withRestartPolicy("Never")
                .addNewContainer().withName("train").withImage("registry.example/train:1").withArgs("--epochs", "3")
                .addNewEnv().withName("MODELGATE_REVISION").withValue("fraud-r1").endEnv()
                .withNewResources().addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("1")).endResources().endContainer()
                .addNewContainer().withName("sidecar").withImage("registry.example/log:1").endContainer()
                .endSpec().build()).create();
        Pod read = client.pods().inNamespace(namespace).withName(created.getMetadata().getName()).get();
        int before = bytes(read);
        assertThat(read.getMetadata().getManagedFields()).as("the server sends them").isNotEmpty();

        Pod cached = stored(Pod.class, read);

        assertThat(cached.getMetadata().getManagedFields()).isNull();
        assertThat(cached.getMetadata().getLabels()).containsEntry("modelgate.io/pipeline", "fraud");
        assertThat(cached.getSpec().getContainers()).extracting(c -> c.getName()).containsExactly("train", "sidecar");
        assertThat(cached.getSpec().getContainers().get(0).getImage()).isNull();
        assertThat(cached.getSpec().getNodeName()).isEqualTo("kwok-node-0");
        int after = bytes(cached);
        System.out.printf("[cache] Pod: %d bytes as read, %d cached (%.0f%%)%n", before, after, 100.0 * after / before);
        assertThat(after).as("bytes cached of %d read", before).isLessThan(before / 2);
    }

    @Test
    void aDeploymentKeepsItsStatusAndPodLabelsButNotItsPodSpec() {
        Deployment created = client.apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder()
                .withNewMetadata().withName("fraud-r1")
                .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\"}")
                .endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "fraud").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "fraud").endMetadata()
                .withNewSpec().addNewContainer().withName("server").withImage("registry.example/serve:1").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        Deployment read = client.apps().deployments().inNamespace(namespace).withName(created.getMetadata().getName()).get();
        int before = bytes(read);

        Deployment cached = stored(Deployment.class, read);

        assertThat(cached.getMetadata().getManagedFields()).isNull();
        assertThat(cached.getMetadata().getAnnotations()).doesNotContainKey("kubectl.kubernetes.io/last-applied-configuration");
        assertThat(cached.getSpec().getReplicas()).isEqualTo(1);
        assertThat(cached.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("app", "fraud");
        assertThat(cached.getSpec().getTemplate().getSpec()).as("the pod spec is the revision's, not cached").isNull();
        System.out.printf("[cache] Deployment: %d bytes as read, %d cached (%.0f%%)%n", before, bytes(cached), 100.0 * bytes(cached) / before);
        assertThat(bytes(cached)).isLessThan(before / 2);
    }

    @Test
    void aServiceKeepsOnlyItsSelector() {
        Service created = client.services().inNamespace(namespace).resource(new ServiceBuilder()
                .withNewMetadata().withName("fraud").withLabels(Map.of("modelgate.io/pipeline", "fraud")).endMetadata()
                .withNewSpec().withSelector(Map.of("modelgate.io/pipeline", "fraud", "modelgate.io/revision", "fraud-r1"))
                .addNewPort().withName("http").withPort(80).withNewTargetPort(8080).endPort().endSpec().build()).create();
        Service read = client.services().inNamespace(namespace).withName(created.getMetadata().getName()).get();
        int before = bytes(read);
        assertThat(read.getSpec().getClusterIP()).as("the server allocates one").isNotBlank();

        Service cached = stored(Service.class, read);

        assertThat(cached.getSpec().getSelector()).isEqualTo(read.getSpec().getSelector());
        assertThat(cached.getMetadata().getLabels()).containsEntry("modelgate.io/pipeline", "fraud");
        assertThat(cached.getSpec().getClusterIP()).isNull();
        assertThat(cached.getSpec().getPorts()).isNullOrEmpty();
        assertThat(cached.getStatus()).isNull();
        System.out.printf("[cache] Service: %d bytes as read, %d cached (%.0f%%)%n", before, bytes(cached), 100.0 * bytes(cached) / before);
        assertThat(bytes(cached)).isLessThan(before / 2);
    }

    @Test
    void everyInformerOfTheControllerStoresThroughPrunedStore() {
        var controller = operator.operator().getRegisteredController(ModelPipelineReconciler.NAME).orElseThrow();
        assertThat(controller.getConfiguration().getInformerConfig().getItemStore()).as("the pipelines' own cache")
                .isInstanceOf(PrunedStore.Pipelines.class);
        @SuppressWarnings("unchecked")
        java.util.Optional<java.time.Duration> interval = controller.getConfiguration().maxReconciliationInterval();
        assertThat(interval)
                .as("no timer at every reconcile: a cancelled java.util.Timer task is kept until its time").isEmpty();

        @SuppressWarnings("unchecked")
        var configuration = (io.javaoperatorsdk.operator.api.config.ControllerConfiguration<ModelPipeline>) controller.getConfiguration();
        List<?> sources = operator.reconciler().prepareEventSources(new EventSourceContext<>(null, configuration, client, ModelPipeline.class));
        List<InformerEventSource<?, ?>> informers = sources.stream().filter(InformerEventSource.class::isInstance)
                .<InformerEventSource<?, ?>>map(s -> (InformerEventSource<?, ?>) s).toList();

        assertThat(informers).hasSizeGreaterThanOrEqualTo(6);
        assertThat(informers).allSatisfy(informer -> assertThat(informer.configuration().getInformerConfig().getItemStore())
                .as(informer.name()).isInstanceOf(PrunedStore.class));
    }
}
