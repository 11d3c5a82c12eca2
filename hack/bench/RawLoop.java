/*
 * The raw-loop baseline of hack/bench-scale: the lifecycle of a Direct ModelPipeline written by hand with
 * Fabric8 informers and the fewest writes, to compare Modelgate against.
 *
 *   training Job <p>-train --(succeeded)--> evaluation Job <p>-eval --(succeeded)--> Deployment <p> + Service <p>
 *   --(Deployment has a ready replica)--> one merge patch of the pipeline's status (phase Serving, Ready True)
 *
 * That is 5 writes a pipeline (4 creates, 1 status patch) and nothing else: no revision object, no Events,
 * no finalizer, no gate (the evaluation's metrics are not read), no retries. Informers on the pipelines,
 * Jobs and Deployments of one namespace feed a keyed work queue (a pipeline is handled by one thread at a
 * time, 8 threads); what a pass created is remembered so that a pass that runs before the informer has seen
 * it does not create it twice.
 *
 * Run by hack/bench-scale with the project's test classpath (Java's single-file source launcher):
 *   KUBECONFIG=... java -cp "$(cat classpath.txt)" hack/bench/RawLoop.java <namespace>
 * It prints "rawloop: synced" once its informers are synced, "rawloop: serving <n>" as pipelines are
 * done, and stops on SIGTERM. Not part of the operator, not run by the tests.
 */
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

public class RawLoop {

    static final ResourceDefinitionContext PIPELINES = new ResourceDefinitionContext.Builder()
            .withGroup("modelgate.io").withVersion("v1alpha1").withKind("ModelPipeline")
            .withPlural("modelpipelines").withNamespaced(true).build();
    static final String LABEL = "bench.modelgate.io/pipeline";
    static final int THREADS = 8;

    final KubernetesClient client;
    final String ns;
    SharedIndexInformer<GenericKubernetesResource> pipelines;
    SharedIndexInformer<Job> jobs;
    SharedIndexInformer<Deployment> deployments;
    /** One single-thread executor per stripe: a pipeline is never handled by two threads at once. */
    final ExecutorService[] stripes = new ExecutorService[THREADS];
    /** Names this process created (or patched): not created again while the informer catches up. */
    final Set<String> written = ConcurrentHashMap.newKeySet();
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger serving = new AtomicInteger();

    RawLoop(KubernetesClient client, String ns) {
        this.client = client;
        this.ns = ns;
        for (int i = 0; i < THREADS; i++) {
            stripes[i] = Executors.newSingleThreadExecutor();
        }
    }

    public static void main(String[] args) throws Exception {
        String ns = args.length > 0 ? args[0] : "default";
        KubernetesClient client = new KubernetesClientBuilder().build();
        RawLoop loop = new RawLoop(client, ns);
        loop.start();
        System.out.println("rawloop: synced");
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
                System.out.println("rawloop: stopping after " + loop.writes.get() + " writes, " + loop.serving.get() + " serving")));
        Thread.currentThread().join();
    }

    void start() {
        pipelines = client.genericKubernetesResources(PIPELINES).inNamespace(ns).inform(handler(p -> p.getMetadata().getName()), 0);
        jobs = client.batch().v1().jobs().inNamespace(ns).withLabel(LABEL).inform(handler(j -> j.getMetadata().getLabels().get(LABEL)), 0);
        deployments = client.apps().deployments().inNamespace(ns).withLabel(LABEL).inform(handler(d -> d.getMetadata().getLabels().get(LABEL)), 0);
        pipelines.hasSynced();
        while (!pipelines.hasSynced() || !jobs.hasSynced() || !deployments.hasSynced()) {
            sleep(50);
        }
    }

    <T extends HasMetadata> ResourceEventHandler<T> handler(Function<T, String> key) {
        return new ResourceEventHandler<>() {
            @Override public void onAdd(T obj) { enqueue(key.apply(obj)); }
            @Override public void onUpdate(T oldObj, T newObj) { enqueue(key.apply(newObj)); }
            @Override public void onDelete(T obj, boolean deletedFinalStateUnknown) { }
        };
    }

    void enqueue(String name) {
        if (name == null) {
            return;
        }
        stripes[Math.floorMod(name.hashCode(), THREADS)].execute(() -> {
            try {
                reconcile(name);
            } catch (KubernetesClientException e) {
                System.out.println("rawloop: " + name + ": " + e.getCode() + " " + e.getMessage());
            }
        });
    }

    void reconcile(String name) {
        GenericKubernetesResource p = pipelines.getStore().getByKey(ns + "/" + name);
        if (p == null || written.contains("status/" + name) || isServing(p)) {
            return;
        }
        OwnerReference owner = new OwnerReferenceBuilder().withApiVersion(p.getApiVersion()).withKind(p.getKind())
                .withName(name).withUid(p.getMetadata().getUid()).withController(true).build();
        Map<String, Object> spec = p.get("spec");
        Map<String, Object> source = spec == null ? null : cast(spec.get("source"));
        String image = source == null ? "example/train" : String.valueOf(source.get("trainingImage"));

        Job train = jobs.getStore().getByKey(ns + "/" + name + "-train");
        if (train == null) {
            createJob(name, "-train", image, owner);
            return;
        }
        if (!succeeded(train)) {
            return;
        }
        Job eval = jobs.getStore().getByKey(ns + "/" + name + "-eval");
        if (eval == null) {
            createJob(name, "-eval", image, owner);
            return;
        }
        if (!succeeded(eval)) {
            return;
        }
        Deployment d = deployments.getStore().getByKey(ns + "/" + name);
        if (d == null) {
            if (written.add("deploy/" + name)) {
                client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                        .withNewMetadata().withName(name).addToLabels(LABEL, name).withOwnerReferences(owner).endMetadata()
                        .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels(LABEL, name).endSelector()
                        .withNewTemplate().withNewMetadata().addToLabels(LABEL, name).endMetadata()
                        .withNewSpec().addNewContainer().withName("server").withImage("example/model-server").endContainer().endSpec()
                        .endTemplate().endSpec().build()).create();
                client.services().inNamespace(ns).resource(new ServiceBuilder()
                        .withNewMetadata().withName(name).addToLabels(LABEL, name).withOwnerReferences(owner).endMetadata()
                        .withNewSpec().addToSelector(LABEL, name).addNewPort().withPort(8080).endPort().endSpec().build()).create();
                writes.addAndGet(2);
            }
            return;
        }
        Integer ready = d.getStatus() == null ? null : d.getStatus().getReadyReplicas();
        if (ready == null || ready < 1) {
            return;
        }
        if (written.add("status/" + name)) {
            String now = Instant.now().toString();
            String patch = "{\"status\":{\"phase\":\"Serving\",\"observedGeneration\":" + p.getMetadata().getGeneration()
                    + ",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"Serving\",\"message\":\"serving\","
                    + "\"lastTransitionTime\":\"" + now + "\"}]}}";
            client.genericKubernetesResources(PIPELINES).inNamespace(ns).withName(name).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            writes.incrementAndGet();
            System.out.println("rawloop: serving " + serving.incrementAndGet());
        }
    }

    void createJob(String pipeline, String suffix, String image, OwnerReference owner) {
        if (!written.add("job/" + pipeline + suffix)) {
            return;
        }
        client.batch().v1().jobs().inNamespace(ns).resource(new JobBuilder()
                .withNewMetadata().withName(pipeline + suffix).addToLabels(LABEL, pipeline).withOwnerReferences(owner).endMetadata()
                .withNewSpec().withBackoffLimit(0).withNewTemplate()
                .withNewMetadata().addToLabels(LABEL, pipeline).endMetadata()
                .withNewSpec().withRestartPolicy("Never").addNewContainer().withName(suffix.substring(1)).withImage(image).endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
        writes.incrementAndGet();
    }

    static boolean succeeded(Job j) {
        return j.getStatus() != null && j.getStatus().getSucceeded() != null && j.getStatus().getSucceeded() > 0;
    }

    static boolean isServing(GenericKubernetesResource p) {
        Map<String, Object> status = p.get("status");
        return status != null && "Serving".equals(status.get("phase"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : null;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
