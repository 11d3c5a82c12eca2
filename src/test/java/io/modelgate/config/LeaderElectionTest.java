package io.modelgate.config;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkus.runtime.ShutdownEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The leader election bean the Quarkus Operator SDK looks up, without CDI. */
class LeaderElectionTest {

    private final List<Integer> halts = new ArrayList<>();

    private LeaderElection election(boolean enabled, Optional<String> namespace, Optional<String> identity) {
        LeaderElection election = new LeaderElection();
        election.enabled = enabled;
        election.leaseName = "modelgate-operator-lease";
        election.leaseNamespace = namespace;
        election.identity = identity;
        election.halt = halts::add;
        return election;
    }

    /** A standby takes over within lease + retry = 12 s of the leader's last renewal: within 15 s of a crash. */
    @Test
    void theLeaseTimingKeepsATakeoverWithinFifteenSeconds() {
        LeaderElectionConfiguration config = election(true, Optional.of("modelgate-system"), Optional.of("pod-1")).leaderElectionConfiguration();

        assertThat(config.getLeaseDuration()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(config.getRenewDeadline()).isEqualTo(java.time.Duration.ofSeconds(7));
        assertThat(config.getRetryPeriod()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(config.getLeaseDuration().plus(config.getRetryPeriod())).isLessThan(java.time.Duration.ofSeconds(15));
    }

    @Test
    void aTimingTheElectorCannotKeepIsRefusedAtStart() {
        LeaderElection election = election(true, Optional.of("modelgate-system"), Optional.of("pod-1"));
        election.leaseDuration = "5s";
        election.renewDeadline = "7s";

        org.assertj.core.api.Assertions.assertThatThrownBy(election::leaderElectionConfiguration)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lease duration > renew deadline > retry period");
    }

    @Test
    void offMeansNoConfigurationSoTheOperatorRunsWithoutALease() {
        assertThat(election(false, Optional.of("modelgate-system"), Optional.of("pod-1")).leaderElectionConfiguration()).isNull();
    }

    @Test
    void onUsesTheLeaseInThePodsNamespaceWithThePodsName() {
        LeaderElectionConfiguration config = election(true, Optional.of("modelgate-system"), Optional.of("modelgate-7d9f-abcde"))
                .leaderElectionConfiguration();

        assertThat(config.getLeaseName()).isEqualTo("modelgate-operator-lease");
        assertThat(config.getLeaseNamespace()).contains("modelgate-system");
        assertThat(config.getIdentity()).contains("modelgate-7d9f-abcde");
        assertThat(config.getLeaseDuration()).as("shorter than JOSDK's default, so a takeover fits 15 s")
                .isLessThan(LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE);
        assertThat(config.getLeaderCallbacks()).isPresent();
        assertThat(config.isExitOnStopLeading()).as("JOSDK's own System.exit is off: stoppedLeading() decides").isFalse();
    }

    @Test
    void withoutPodNameAndNamespaceTheIdentityIsHostAndPidAndTheClientsNamespaceIsUsed() {
        LeaderElectionConfiguration config = election(true, Optional.empty(), Optional.of(" ")).leaderElectionConfiguration();

        assertThat(config.getLeaseNamespace()).isEmpty();
        assertThat(config.getIdentity()).hasValueSatisfying(id -> assertThat(id).endsWith("-" + ProcessHandle.current().pid()));
    }

    @Test
    void losingTheLeaseHaltsTheProcess() {
        LeaderElection election = election(true, Optional.of("ns"), Optional.of("pod-1"));

        election.leaderElectionConfiguration().getLeaderCallbacks().orElseThrow().onStopLeading();

        assertThat(halts).containsExactly(1);
    }

    @Test
    void stoppingWithTheOperatorDuringShutdownDoesNotHalt() {
        LeaderElection election = election(true, Optional.of("ns"), Optional.of("pod-1"));

        election.onShutdown(new ShutdownEvent());
        election.leaderElectionConfiguration().getLeaderCallbacks().orElseThrow().onStopLeading();

        assertThat(halts).isEmpty();
    }
}
