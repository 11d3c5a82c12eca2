package io.modelgate.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.modelgate.workload.Labels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Plays the Deployment controller for serving Deployments (every Deployment becomes available at whatever size
 * it is asked for, unless the test {@link #hold holds} it) and records, from watches, every value the operator
 * wrote: each Deployment's {@code spec.replicas}, each Service's revision selector and, when asked, each
 * HTTPRoute's backendRef weights. Consecutive repeats are recorded once, so a history reads as the moves made.
 */
public final class ServingRecorder implements AutoCloseable {

    /** The Service selector of all revisions (no {@code modelgate.io/revision} key). */
    public static final String EVERY_REVISION = "*";

    private final KubernetesClient client;
    private final String namespace;
    private final ExecutorService controller = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "test-deployment-controller");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, List<Integer>> replicas = new ConcurrentHashMap<>();
    private final Map<String, List<String>> selectors = new ConcurrentHashMap<>();
    private final Map<String, List<String>> routes = new ConcurrentHashMap<>();
    /** resourceVersion to change: the order the API server made them in, whichever watch saw them first. */
    private final java.util.TreeMap<Long, String> timeline = new java.util.TreeMap<>();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final List<Watch> watches = new ArrayList<>();

    public ServingRecorder(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    public ServingRecorder start() {
        watches.add(client.apps().deployments().inNamespace(namespace).watch(watcher((action, deployment) -> {
            if (action == Watcher.Action.DELETED) {
                return;
            }
            String name = deployment.getMetadata().getName();
            record(replicas, name, deployment.getSpec().getReplicas());
            var status = deployment.getStatus();
            boolean available = status != null && java.util.Objects.equals(status.getObservedGeneration(), deployment.getMetadata().getGeneration())
                    && java.util.Objects.equals(status.getAvailableReplicas(), deployment.getSpec().getReplicas());
            inTimeline(deployment, name + " " + deployment.getSpec().getReplicas() + (available ? " available" : ""));
            controller.submit(() -> makeAvailable(name));
        })));
        watches.add(client.services().inNamespace(namespace).watch(watcher((action, service) -> {
            if (action != Watcher.Action.DELETED) {
                record(selectors, service.getMetadata().getName(), selected(service));
            }
        })));
        return this;
    }

    /** Also records the backendRefs of every rule of every HTTPRoute, as "name=weight,name=weight;..." per route. */
    public ServingRecorder watchRoutes() {
        watches.add(client.genericKubernetesResources("gateway.networking.k8s.io/v1", "HTTPRoute").inNamespace(namespace)
                .watch(watcher((action, route) -> {
                    if (action != Watcher.Action.DELETED) {
                        record(routes, route.getMetadata().getName(), weights(route));
                        inTimeline(route, "route " + route.getMetadata().getName() + " " + weights(route));
                    }
                })));
        return this;
    }

    /** The Deployment stays as it is (not available at a new size) until {@link #release}. */
    public void hold(String deployment) {
        held.add(deployment);
    }

    public void release(String deployment) {
        held.remove(deployment);
        controller.submit(() -> makeAvailable(deployment));
    }

    public List<Integer> replicas(String deployment) {
        return history(replicas, deployment);
    }

    /**
     * Every Deployment change in the order the API server made them: "name replicas", plus " available" when the
     * Deployment has observed that size and all its replicas are available; with {@link #watchRoutes}, every HTTPRoute
     * change too, as "route name weights".
     */
    public List<String> timeline() {
        synchronized (timeline) {
            return new ArrayList<>(timeline.values());
        }
    }

    private void inTimeline(io.fabric8.kubernetes.api.model.HasMetadata object, String change) {
        synchronized (timeline) {
            timeline.put(Long.parseLong(object.getMetadata().getResourceVersion()), change);
        }
    }

    public List<String> selectors(String service) {
        return history(selectors, service);
    }

    public List<String> routeWeights(String route) {
        return history(routes, route);
    }

    /** "stable-svc=80,canary-svc=20" for the first rule; rules are separated by ";". */
    public static String weights(GenericKubernetesResource route) {
        Map<String, Object> spec = route.get("spec");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rules = spec == null ? List.of() : (List<Map<String, Object>>) spec.getOrDefault("rules", List.of());
        List<String> described = new ArrayList<>();
        for (Map<String, Object> rule : rules) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> refs = (List<Map<String, Object>>) rule.getOrDefault("backendRefs", List.of());
            List<String> parts = new ArrayList<>();
            for (Map<String, Object> ref : refs) {
                parts.add(ref.get("name") + "=" + ref.get("weight"));
            }
            described.add(String.join(",", parts));
        }
        return String.join(";", described);
    }

    private static String selected(Service service) {
        Map<String, String> selector = service.getSpec().getSelector();
        return selector == null || !selector.containsKey(Labels.REVISION) ? EVERY_REVISION : selector.get(Labels.REVISION);
    }

    private static <T> void record(Map<String, List<T>> histories, String name, T value) {
        List<T> history = histories.computeIfAbsent(name, n -> new ArrayList<>());
        synchronized (history) {
            if (history.isEmpty() || !Objects.equals(history.get(history.size() - 1), value)) {
                history.add(value);
            }
        }
    }

    private static <T> List<T> history(Map<String, List<T>> histories, String name) {
        List<T> history = histories.getOrDefault(name, List.of());
        synchronized (history) {
            return new ArrayList<>(history);
        }
    }

    private void makeAvailable(String name) {
        for (int attempt = 0; attempt < 20; attempt++) {
            if (held.contains(name)) {
                return;
            }
            Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
            if (deployment == null) {
                return;
            }
            int desired = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
            var status = deployment.getStatus();
            Long generation = deployment.getMetadata().getGeneration();
            if (status != null && Objects.equals(status.getObservedGeneration(), generation)
                    && Objects.equals(status.getAvailableReplicas(), desired) && Objects.equals(status.getReplicas(), desired)) {
                return;
            }
            deployment.setStatus(new DeploymentStatusBuilder()
                    .withObservedGeneration(generation)
                    .withReplicas(desired)
                    .withUpdatedReplicas(desired)
                    .withReadyReplicas(desired)
                    .withAvailableReplicas(desired)
                    .build());
            try {
                client.apps().deployments().inNamespace(namespace).resource(deployment).updateStatus();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
    }

    private static <T> Watcher<T> watcher(java.util.function.BiConsumer<Watcher.Action, T> onEvent) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, T resource) {
                onEvent.accept(action, resource);
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        };
    }

    @Override
    public void close() {
        watches.forEach(Watch::close);
        controller.shutdownNow();
    }
}
