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
        assertThat(config.getLeaseDuration()).isEqualTo(LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE);
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
