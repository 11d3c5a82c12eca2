package io.modelgate.e2e;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.PhaseTransition;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.TreeMap;
import java.util.stream.IntStream;

import static io.modelgate.e2e.FaultKit.log;
import static io.modelgate.e2e.FaultKit.phase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * (3) Two operator replicas with leader election, as the chart runs them: the leader is killed ({@code kill -9}) while
 * revisions train, and the standby takes the Lease over and finishes the work; a new standby joins, the new leader is
 * frozen ({@code SIGSTOP}), the other takes over; then the frozen one is let go on ({@code SIGCONT}) and must halt on
 * its lost Lease without writing anything: the API server's audit log holds no write by its token after the other
 * replica acquired the Lease. Nothing is done twice (audit log: each object created once; revision numbers 1..N; each
 * phase entered once). The takeover times are reported, not asserted.
 */
final class LeaderFaultScenario {

    static final String PREFIX = "lead-";
    private static final int PIPELINES = 4;
    private static final int REPLICAS = 2;
    private static final Duration TAKEOVER = Duration.ofSeconds(60);
    private static final Duration CONVERGE = Duration.ofMinutes(2);

    private final FaultKit kit;
    private final OperatorReplicas replicas;
    private final List<String> report;
    private final List<String> names = IntStream.range(0, PIPELINES).mapToObj(i -> PREFIX + i).toList();
    private final Map<String, Integer> generation = new TreeMap<>();

    LeaderFaultScenario(FaultKit kit, OperatorReplicas replicas, List<String> report) {
        this.kit = kit;
        this.replicas = replicas;
        this.report = report;
    }

    /** @return the identity of the replica that leads at the end */
    String run(String leaderIdentity) {
        OperatorReplicas.Replica leader = replicas.current(leaderIdentity);
        assertThat(leader.process().isAlive()).as("the leader %s runs", leader).isTrue();
        replicas.awaitHolder(leaderIdentity, TAKEOVER);
        for (String name : names) {
            kit.create(new FaultKit.PipelineYaml(name).replicas(REPLICAS).trainingTakes("3s"));
            generation.put(name, 0);
        }
        OperatorReplicas.Replica standby = kit.env.timings().time("(3) standby b ready", () -> replicas.startReady("modelgate-replica-b"));
        awaitNewestServing(leader);

        // ---- kill -9 of the leader while revisions train
        names.forEach(this::change);
        awaitTraining();
        long killed = System.nanoTime();
        Instant killedAt = Instant.now();
        leader.process().kill();
        double[] first = takeover(standby, killed, killedAt, "kill -9");
        awaitNewestServing(standby);

        // ---- SIGSTOP of the new leader while revisions train; a fresh standby takes over
        OperatorReplicas.Replica next = kit.env.timings().time("(3) standby c ready", () -> replicas.startReady("modelgate-replica-c"));
        names.forEach(this::change);
        awaitTraining();
        long frozen = System.nanoTime();
        Instant frozenAt = Instant.now();
        standby.process().freeze();
        names.forEach(this::change); // work that only the next leader can do
        double[] second;
        Instant acquired;
        Instant[] thawing = new Instant[1];
        try {
            second = takeover(next, frozen, frozenAt, "SIGSTOP");
            Lease lease = replicas.lease();
            acquired = lease.getSpec().getAcquireTime().toInstant();
            log("(3) %s acquired the Lease at %s (Lease acquireTime), %.1f s after the SIGSTOP", next.identity(), acquired,
                    FaultKit.seconds(frozenAt, acquired));
            awaitNewestServing(next);
        } finally {
            thawing[0] = Instant.now();
            standby.process().thaw();
        }
        Instant thawedAt = Instant.now();
        await("(3) the frozen replica halts after SIGCONT").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> !standby.process().isAlive());
        Instant haltSeen = Instant.now();
        double halted = FaultKit.seconds(thawedAt, Instant.now());
        int exit = standby.process().exitCode().orElseThrow();
        log("(3) the frozen replica %s ended %.1f s after SIGCONT with exit code %d", standby, halted, exit);
        // Two guards race to halt it, both correct: the elector on its lost Lease, or the write fence on the gap it saw.
        assertThat(standby.process().logText()).as("log of the frozen replica %s", standby)
                .containsAnyOf("Lost the leader Lease", "may have lost its Lease");
        assertThat(exit).as("exit code of the frozen replica (halted on its lost Lease)").isEqualTo(1);

        // ---- the frozen one wrote nothing once another replica held the Lease: it did not even try (the operator logs
        // each Event before it sends it), and the API server received nothing from its token
        List<String> triedAfterThaw = attemptsAfter(standby, thawing[0]);
        assertThat(triedAfterThaw).as("writes the frozen replica %s started after SIGCONT (its log)", standby).isEmpty();
        List<ApiAudit.Write> late = kit.audit.writes(w -> standby.credential().equals(w.credential()) && !w.received().isBefore(acquired));
        List<ApiAudit.Write> afterFreeze = kit.audit.writes(w -> standby.credential().equals(w.credential()) && w.received().isAfter(frozenAt));
        log("(3) writes by the frozen replica's token received after the SIGSTOP: %d (before the other acquired the Lease: in flight)%s",
                afterFreeze.size(), afterFreeze.isEmpty() ? "" : "\n  " + String.join("\n  ", afterFreeze.stream().map(Object::toString).toList()));
        // A write the replica had handed to its HTTP client before the SIGSTOP leaves when the process runs again: no
        // client-side fence can call it back (optimistic concurrency on status and deterministic names make it harmless,
        // and "nothing done twice" below checks that). What must not be: a write sent while frozen (impossible) or one
        // started after SIGCONT (the log check above), so every late write arrives between SIGCONT and the halt.
        List<ApiAudit.Write> outsideThaw = late.stream().filter(w -> w.received().isBefore(thawing[0]) || w.received().isAfter(haltSeen)).toList();
        assertThat(outsideThaw).as("writes by the frozen replica %s received once %s held the Lease (from %s), other than those in flight "
                + "before the SIGSTOP and sent on SIGCONT (%s .. %s)", standby, next.identity(), acquired, thawing[0], haltSeen).isEmpty();
        if (!late.isEmpty()) {
            log("(3) %d write(s) in flight in the frozen replica's HTTP client since before the SIGSTOP left on SIGCONT, before the halt:%n  %s",
                    late.size(), String.join("\n  ", late.stream().map(Object::toString).toList()));
        }

        assertNothingDoneTwice();
        assertThat(next.process().isAlive()).as("the leader %s runs", next).isTrue();
        String line1 = String.format("takeover after kill -9 of the leader: Lease %.1f s, first write %.1f s", first[0], first[1]);
        String line2 = String.format("takeover after SIGSTOP of the leader: Lease %.1f s, first write %.1f s; the frozen one halted %.1f s after SIGCONT, "
                + "starting no write (%d in flight since before the freeze left on SIGCONT)", second[0], second[1], halted, late.size());
        String timing = String.format(" (lease %s, renew deadline %s, retry period %s)",
                kit.env.installation().operatorEnv().get("MODELGATE_LEADER_ELECTION_LEASE_DURATION"),
                kit.env.installation().operatorEnv().get("MODELGATE_LEADER_ELECTION_RENEW_DEADLINE"),
                kit.env.installation().operatorEnv().get("MODELGATE_LEADER_ELECTION_RETRY_PERIOD"));
        report.add(line1 + timing);
        report.add(line2);
        log("%s%s", line1, timing);
        log("%s", line2);
        return next.identity();
    }

    /** Lines of a replica's JSON log from {@code since} on that announce a write: an Event it is about to record. */
    private static List<String> attemptsAfter(OperatorReplicas.Replica replica, Instant since) {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        return replica.process().logText().lines().filter(line -> {
            try {
                var node = json.readTree(line);
                return !Instant.parse(node.path("timestamp").asText()).isBefore(since)
                        && node.path("loggerName").asText().endsWith("EventRecorder") && "INFO".equals(node.path("level").asText());
            } catch (java.io.IOException | RuntimeException notJson) {
                return false;
            }
        }).toList();
    }

    /** Seconds from the fault to the Lease held by {@code successor}, and to its first write (audit log). */
    private double[] takeover(OperatorReplicas.Replica successor, long faultNanos, Instant faultAt, String fault) {
        replicas.awaitHolder(successor.identity(), TAKEOVER);
        double lease = FaultKit.seconds(faultNanos, System.nanoTime());
        AtomicReference<ApiAudit.Write> firstWrite = new AtomicReference<>();
        await("(3) a write by " + successor.identity() + " after the " + fault).atMost(TAKEOVER).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    kit.audit.writes(w -> successor.credential().equals(w.credential()) && w.succeeded()
                            && !"leases".equals(w.resource()) && w.received().isAfter(faultAt)).stream().findFirst().ifPresent(firstWrite::set);
                    return firstWrite.get() != null;
                });
        double write = FaultKit.seconds(faultAt, firstWrite.get().received());
        log("(3) takeover after %s: Lease held by %s after %.1f s, its first write after %.1f s (%s)", fault, successor.identity(), lease,
                write, firstWrite.get());
        return new double[] {lease, write};
    }

    private void change(String pipeline) {
        int next = generation.merge(pipeline, 1, Integer::sum);
        kit.setParameter(pipeline, "generation", Integer.toString(next));
    }

    private void awaitTraining() {
        await("(3) a revision training").atMost(CONVERGE).pollInterval(Duration.ofMillis(100)).until(() -> names.stream()
                .flatMap(p -> kit.revisions(p).stream()).anyMatch(r -> "Training".equals(phase(r))));
    }

    private void awaitNewestServing(OperatorReplicas.Replica leader) {
        await("(3) every pipeline serves the revision of its last spec").atMost(CONVERGE).pollInterval(Duration.ofMillis(250))
                .failFast("the leader " + leader + " exited", () -> !leader.process().isAlive())
                .untilAsserted(() -> {
                    for (String pipeline : names) {
                        ModelPipeline mp = kit.pipeline(pipeline);
                        assertThat(mp.getStatus()).isNotNull();
                        String newest = pipeline + "-r" + mp.getStatus().getLatestRevisionNumber();
                        ModelRevision revision = kit.revision(newest);
                        assertThat(revision.getSpec().getSource().getParameters()).containsEntry("generation", generation.get(pipeline).toString());
                        assertThat(phase(revision)).as(FaultKit.describe(revision)).isEqualTo("Promoted");
                        assertThat(mp.getStatus().getStableRevision()).isEqualTo(newest);
                        kit.assertServesWhole(newest, REPLICAS);
                    }
                });
    }

    private void assertNothingDoneTwice() {
        for (String pipeline : names) {
            List<ModelRevision> revisions = kit.revisions(pipeline);
            int latest = kit.pipeline(pipeline).getStatus().getLatestRevisionNumber();
            assertThat(revisions).extracting(r -> r.getSpec().getNumber()).as("revision numbers of %s", pipeline)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, latest).boxed().toList());
            for (ModelRevision revision : revisions) {
                assertThat(revision.getStatus().getTransitions()).extracting(PhaseTransition::getPhase)
                        .as("phases %s entered, each at most once", revision.getMetadata().getName()).doesNotHaveDuplicates();
            }
        }
        for (String resource : List.of("modelrevisions", "jobs", "deployments", "services")) {
            assertThat(kit.audit.createdMoreThanOnce(resource, FaultKit.NAMESPACE, n -> n.startsWith(PREFIX)))
                    .as("%s created more than once, by any replica (audit log)", resource).isEmpty();
        }
    }
}
