package io.modelgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * Operator replicas as a Deployment with several Pods would run them, for fault tests: each replica is a process with
 * its own leader-election identity ({@code POD_NAME}, the Pod's name), its own ServiceAccount token (as each Pod gets
 * its own projected token; the API server's audit log tells them apart by the token's credential id) and its own log,
 * all with the chart's environment. A replica can be supervised: when it ends without the test ending it, it is started
 * again under the same identity, as the kubelet restarts a crashed container in the same Pod.
 */
final class OperatorReplicas implements AutoCloseable {

    static final String LEASE = "modelgate-operator-lease";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One incarnation of a replica: the process, and what identifies its requests. */
    record Replica(String identity, int incarnation, OperatorProcess process, String credential) {
        @Override
        public String toString() {
            return identity + "#" + incarnation + " (pid " + process.pid() + ", " + credential + ")";
        }
    }

    private final E2eEnvironment env;
    private final List<Replica> all = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> incarnations = new LinkedHashMap<>();
    private final List<Replica> supervised = new CopyOnWriteArrayList<>();
    private volatile boolean closing;
    private volatile boolean supervising;

    /** The class's first operator (started by the extension) is incarnation 0 of its identity. */
    OperatorReplicas(E2eEnvironment env) {
        this.env = env;
        String identity = env.installation().operatorEnv().getOrDefault("POD_NAME", ModelgateInstallation.OPERATOR_PROCESS_NAME);
        all.add(new Replica(identity, 0, env.operator(), credential(env.logDir().getParent().resolve("operator.kubeconfig"))));
        incarnations.put(identity, new AtomicInteger());
    }

    /** Starts a replica with this identity: a new token, the chart's environment, a log of its own. */
    synchronized Replica start(String identity) {
        int n = incarnations.computeIfAbsent(identity, k -> new AtomicInteger()).incrementAndGet();
        String name = identity + "-" + n;
        Path kubeconfig = env.installation().writeServiceAccountKubeconfig(env.admin(), env.cluster().kubeconfig(),
                env.logDir().getParent().resolve("replicas").resolve(name + ".kubeconfig"));
        Map<String, String> environment = new LinkedHashMap<>(env.installation().operatorEnv());
        environment.put("POD_NAME", identity);
        String credential = credential(kubeconfig);
        OperatorProcess process = OperatorProcess.start(env.repo(), kubeconfig, environment, env.logDir().resolve("replica-" + name + ".log"));
        Replica replica = new Replica(identity, n, process, credential);
        all.add(replica);
        E2e.log("[faults] started replica %s", replica);
        return replica;
    }

    /** Starts a replica and waits until it answers /q/health/ready (a standby answers too: its caches are warm). */
    Replica startReady(String identity) {
        Replica replica = start(identity);
        replica.process().awaitReady(Duration.ofMinutes(2));
        return replica;
    }

    /**
     * From now on, restart this replica under its identity whenever it ends on its own (e.g. it halted because it
     * could not renew the Lease while the API server was away); {@link #unsupervise} stops that.
     */
    void supervise(Replica replica) {
        supervising = true;
        supervised.add(replica);
        replica.process().onExit().thenRun(() -> {
            if (closing || !supervising || !supervised.remove(replica)) {
                return;
            }
            E2e.log("[faults] replica %s ended with exit code %s: starting it again in 1 s (as the kubelet restarts a container)",
                    replica, replica.process().exitCode().stream().boxed().findFirst().orElse(null));
            java.util.concurrent.CompletableFuture.runAsync(() -> {
                if (!closing && supervising) {
                    supervise(start(replica.identity()));
                }
            }, java.util.concurrent.CompletableFuture.delayedExecutor(1, java.util.concurrent.TimeUnit.SECONDS));
        });
    }

    void unsupervise() {
        supervising = false;
        supervised.clear();
    }

    /** The newest incarnation of an identity. */
    Replica current(String identity) {
        List<Replica> of = all.stream().filter(r -> r.identity().equals(identity)).toList();
        if (of.isEmpty()) {
            throw new IllegalStateException("no replica " + identity);
        }
        return of.get(of.size() - 1);
    }

    List<Replica> all() {
        return List.copyOf(all);
    }

    /** Every replica log written so far, the extension's first operator included. */
    List<Path> logs() {
        List<Path> logs = new ArrayList<>();
        all.forEach(r -> logs.add(r.process().log()));
        return logs;
    }

    /** Who holds the operator's Lease now (null: nobody, or no Lease). */
    String holder() {
        Lease lease = lease();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    Lease lease() {
        return env.admin().leases().inNamespace(ModelgateInstallation.NAMESPACE).withName(LEASE).get();
    }

    /** Waits until {@code identity} holds the Lease. */
    void awaitHolder(String identity, Duration timeout) {
        await("Lease " + LEASE + " held by " + identity).atMost(timeout).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> identity.equals(holder()));
    }

    /** The credential id the API server records for the token in a kubeconfig: {@code JTI=<the token's jti>}. */
    static String credential(Path kubeconfig) {
        try {
            java.util.regex.Matcher token = java.util.regex.Pattern.compile("token: *\"?([A-Za-z0-9_.-]+)").matcher(Files.readString(kubeconfig));
            if (!token.find()) {
                throw new IllegalStateException("no token in " + kubeconfig);
            }
            String[] parts = token.group(1).split("\\.");
            JsonNode claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            return "JTI=" + claims.path("jti").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops every replica still running (SIGTERM, as a Pod deletion would), none restarted. */
    @Override
    public void close() {
        closing = true;
        supervised.clear();
        for (Replica replica : all) {
            if (replica.incarnation() == 0) {
                continue; // the extension stops it
            }
            try {
                replica.process().thaw();
            } catch (RuntimeException alreadyGone) {
                // it has ended
            }
            replica.process().close();
        }
    }
}
