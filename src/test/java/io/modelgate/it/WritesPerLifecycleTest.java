package io.modelgate.it;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
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

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator's writes over a minimal pipeline's lifecycle (Direct, training, evaluation, serving), counted at its own
 * HTTP client on a real kube-apiserver, and its writes when nothing changes and on a restart: counts, never times,
 * so that a change that adds writes fails here. The figures are printed by kind for the performance table.
 */
@Tag("integration")
class WritesPerLifecycleTest {

    /** What one lifecycle writes today; the minimum is 7 (revision, 2 Jobs, Deployment, Service, 2 statuses). */
    static final int MOST_WRITES_PER_LIFECYCLE = 22;

    @RegisterExtension
    static final RealApiServer API = new RealApiServer();

    static final Pattern RESOURCE = Pattern.compile("/(?:api|apis/[^/]+)/v[^/]+/(?:namespaces/[^/]+/)?([a-z]+)(?:/[^/?]+)?(/status)?");

    static KubernetesClient client;
    final Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();
    KubernetesClient counted;
    TestOperator operator;

    @BeforeAll
    static void installCrds() {
        client = API.client();
        Crds.install(client);
    }

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.stop();
        }
        if (counted != null) {
            counted.close();
        }
    }

    TestOperator startCounting() {
        counted = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(API.kubeconfigYaml()))
                .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("writes", new Interceptor() {
                    @Override
                    public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
                        if (!"GET".equals(request.method())) {
                            writes.computeIfAbsent(request.method() + " " + resource(request.uri().getPath()), k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                })).build();
        return new TestOperator(counted, true).start();
    }

    static String resource(String path) {
        Matcher matcher = RESOURCE.matcher(path);
        return matcher.lookingAt() ? matcher.group(1) + (matcher.group(2) == null ? "" : matcher.group(2)) : path;
    }

    int total() {
        return writes.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    Map<String, Integer> byKind() {
        Map<String, Integer> sorted = new TreeMap<>();
        writes.forEach((k, v) -> sorted.put(k, v.get()));
        return sorted;
    }

    double reconciles() {
        return operator.metric("modelgate_reconcile_total", "result", "success");
    }

    @Test
    void aMinimalLifecycleWritesAtMostTheCountedWritesAndNothingWhenIdleOrOnRestart() {
        String ns = API.newNamespace("writes");
        WorkloadSimulator cluster = new WorkloadSimulator(client, ns);
        operator = startCounting();

        client.resources(ModelPipeline.class).inNamespace(ns).resource(Pipelines.fraud("fraud", ns)).create();
        cluster.succeed("fraud-r1-train", null);
        cluster.succeed("fraud-r1-eval", "{\"auc\":0.93}");
        cluster.awaitDeployment("fraud-r1");
        cluster.makeAvailable("fraud-r1");
        await().atMost(WorkloadSimulator.TIMEOUT).until(() -> {
            ModelPipeline p = client.resources(ModelPipeline.class).inNamespace(ns).withName("fraud").get();
            ModelRevision r = client.resources(ModelRevision.class).inNamespace(ns).withName("fraud-r1").get();
            return p.getStatus() != null && "Serving".equals(p.getStatus().getPhase())
                    && r.getStatus() != null && "Promoted".equals(r.getStatus().getPhase());
        });
        // The pass that wrote Promoted is followed by the one its own writes wake: wait until the passes stop.
        awaitQuiet();
        int lifecycle = total();
        System.out.printf("[writes] lifecycle: %d writes, %.0f reconciles: %s; Events: %s%n", lifecycle, reconciles(), byKind(),
                client.v1().events().inNamespace(ns).list().getItems().stream()
                        .map(e -> e.getReason() + "(" + e.getInvolvedObject().getKind() + ")x" + e.getCount()).toList());

        assertThat(lifecycle).as("writes of one lifecycle: %s", byKind()).isLessThanOrEqualTo(MOST_WRITES_PER_LIFECYCLE);
        assertThat(writes.get("POST modelrevisions")).as("one revision").hasValue(1);
        assertThat(writes.get("POST jobs")).as("training and evaluation").hasValue(2);

        writes.clear();
        client.resources(ModelPipeline.class).inNamespace(ns).withName("fraud").edit(p -> {
            p.getMetadata().setLabels(Map.of("touched", "yes"));
            return p;
        });
        awaitQuiet();
        assertThat(byKind()).as("a pass that changes nothing writes nothing").isEmpty();

        operator.stop();
        operator = new TestOperator(counted, true).start();
        await().atMost(WorkloadSimulator.TIMEOUT).until(() -> reconciles() >= 1);
        awaitQuiet();
        assertThat(byKind()).as("a restart writes nothing").isEmpty();
    }

    /** Until no reconcile happened for a second (a condition on the operator's own counter, polled). */
    void awaitQuiet() {
        double[] last = {-1};
        long[] since = {System.nanoTime()};
        await().atMost(WorkloadSimulator.TIMEOUT).pollInterval(java.time.Duration.ofMillis(100)).until(() -> {
            double now = reconciles();
            if (now != last[0]) {
                last[0] = now;
                since[0] = System.nanoTime();
                return false;
            }
            return System.nanoTime() - since[0] > 1_000_000_000L;
        });
    }
}
