package io.modelgate.config;

import io.modelgate.analysis.Durations;
import io.modelgate.pipeline.apply.WriteFence;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * Leader election, so that several operator replicas can run and only one reconciles.
 *
 * <p>How it is switched on (Quarkus Operator SDK 7.7.3, {@code ConfigurationServiceRecorder}): when the active
 * profile is one of {@code quarkus.operator-sdk.activate-leader-election-for-profiles} (fixed at build time, default
 * {@code prod}), the extension looks up a CDI bean of type {@link LeaderElectionConfiguration} and hands it to the Java
 * Operator SDK; no bean (or {@code null}) means no leader election. JOSDK's {@code LeaderElectionManager} then starts
 * the informers on every replica but event processing only on the one holding the {@code coordination.k8s.io} Lease.
 * This producer returns the configuration when {@code modelgate.leader-election.enabled} is true (the Helm chart sets
 * it) and {@code null} otherwise (local runs: tests, {@code make demo}).
 *
 * <p>Losing the lease: in JOSDK 5.3 {@link LeaderElectionConfigurationBuilder#build()} sets
 * {@code exitOnStopLeading=false} (a regression fixed upstream later), so a replica that lost the lease would go on
 * reconciling beside the new leader; and with {@code true} JOSDK calls {@code System.exit} also when the operator is
 * stopped gracefully (Quarkus shutdown cancels the election, which reports "stopped leading"), from inside the shutdown,
 * where it blocks. So the configuration is built with {@code false} and {@link #stoppedLeading()} decides: during a
 * shutdown it does nothing; otherwise the lease was lost and it halts the JVM at once, so that only the new leader
 * reconciles (Kubernetes restarts the container, which comes back as a standby).
 *
 * <p>A leader that was frozen (SIGSTOP, a paused VM) for longer than the Lease lasts comes back believing it leads:
 * its elector notices at its next renewal, but the reconciler's threads resume at once. The {@link WriteFence} this
 * class produces stops them: while leading, a replica that was not running for more than renew deadline − retry
 * period (5 s with the defaults; another replica can take over only after about lease duration − retry period, 8 s)
 * halts before its next write, as the elector itself gives up a Lease it could not renew for the renew deadline.
 */
@ApplicationScoped
public class LeaderElection {

    private static final Logger LOG = Logger.getLogger(LeaderElection.class);

    @ConfigProperty(name = "modelgate.leader-election.enabled", defaultValue = "false")
    boolean enabled;

    @ConfigProperty(name = "modelgate.leader-election.lease-name", defaultValue = "modelgate-operator-lease")
    String leaseName;

    /** The Pod's namespace (POD_NAMESPACE); empty: the Kubernetes client's namespace. */
    @ConfigProperty(name = "modelgate.leader-election.lease-namespace")
    Optional<String> leaseNamespace;

    /** The Pod's name (POD_NAME); empty: host name and process id. */
    @ConfigProperty(name = "modelgate.leader-election.identity")
    Optional<String> identity;

    /**
     * How long a Lease holds without a renewal. A standby takes over at most this plus one retry period after the
     * leader's last renewal, so 10 s + 2 s keeps a takeover after a crash within 15 s (JOSDK's defaults, 15 s and
     * 2 s, measured 14–17 s). The trade-off: a leader that cannot renew for the renew deadline (7 s: an API server
     * restart, a long GC pause) gives the Lease up and restarts as a standby sooner.
     */
    @ConfigProperty(name = "modelgate.leader-election.lease-duration", defaultValue = "10s")
    String leaseDuration = "10s";

    @ConfigProperty(name = "modelgate.leader-election.renew-deadline", defaultValue = "7s")
    String renewDeadline = "7s";

    @ConfigProperty(name = "modelgate.leader-election.retry-period", defaultValue = "2s")
    String retryPeriod = "2s";

    private final AtomicBoolean shuttingDown = new AtomicBoolean();
    IntConsumer halt = status -> Runtime.getRuntime().halt(status);
    private WriteFence fence;

    /** Before the Quarkus Operator SDK stops the operator (its observer has the default priority). */
    void onShutdown(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        shuttingDown.set(true);
    }

    /** Looked up once by the Quarkus Operator SDK at start; {@code null} when leader election is off. */
    @Produces
    @Dependent
    LeaderElectionConfiguration leaderElectionConfiguration() {
        if (!enabled) {
            LOG.info("Leader election off (modelgate.leader-election.enabled=false): this process reconciles alone");
            return null;
        }
        String id = identity.filter(s -> !s.isBlank()).orElseGet(LeaderElection::hostAndPid);
        String namespace = leaseNamespace.filter(s -> !s.isBlank()).orElse(null);
        LOG.infof("Leader election on: Lease %s/%s, identity %s", namespace == null ? "(client namespace)" : namespace, leaseName, id);
        Timing timing = timing();
        LOG.infof("Leader election timing: lease %s, renew deadline %s, retry period %s", timing.leaseDuration(), timing.renewDeadline(),
                timing.retryPeriod());
        return configuration(leaseName, namespace, id, timing, new LeaderCallbacks(() -> writeFence().leading(), this::stoppedLeading, leader -> { }));
    }

    private Timing timing() {
        return new Timing(Durations.parse(leaseDuration), Durations.parse(renewDeadline), Durations.parse(retryPeriod));
    }

    /** What every write asks first (see the class comment); no fence without leader election. */
    @Produces
    @Singleton
    synchronized WriteFence writeFence() {
        if (fence == null) {
            if (enabled) {
                Timing timing = timing();
                fence = new WriteFence(timing.renewDeadline().minus(timing.retryPeriod()), System::nanoTime, status -> halt.accept(status));
                fence.startHeartbeat();
            } else {
                fence = WriteFence.NONE;
            }
        }
        return fence;
    }

    /** The Lease's timing; the elector needs lease duration > renew deadline > retry period. */
    record Timing(java.time.Duration leaseDuration, java.time.Duration renewDeadline, java.time.Duration retryPeriod) {
        Timing {
            if (leaseDuration.compareTo(renewDeadline) <= 0 || renewDeadline.compareTo(retryPeriod) <= 0) {
                throw new IllegalArgumentException("leader election needs lease duration > renew deadline > retry period, got "
                        + leaseDuration + ", " + renewDeadline + ", " + retryPeriod);
            }
        }
    }

    static LeaderElectionConfiguration configuration(String leaseName, String leaseNamespace, String identity, Timing timing,
                                                     LeaderCallbacks callbacks) {
        // build() means exitOnStopLeading=false here: stoppedLeading() exits instead (see the class comment).
        return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(leaseName)
                .withLeaseNamespace(leaseNamespace)
                .withIdentity(identity)
                .withLeaseDuration(timing.leaseDuration())
                .withRenewDeadline(timing.renewDeadline())
                .withRetryPeriod(timing.retryPeriod())
                .withLeaderCallbacks(callbacks)
                .build();
    }

    /** Called by the elector when this replica stops leading, and when a standby's election is cancelled. */
    void stoppedLeading() {
        if (shuttingDown.get()) {
            LOG.info("Leader election stopped with the operator");
            return;
        }
        LOG.error("Lost the leader Lease " + leaseName + ": halting so that only the new leader reconciles (the container restarts as a standby)");
        halt.accept(1);
    }

    /** A unique identity outside a Pod: the host name alone would be shared by two processes on one machine. */
    static String hostAndPid() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
