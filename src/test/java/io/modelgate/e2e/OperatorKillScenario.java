package io.modelgate.e2e;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.PhaseTransition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.modelgate.e2e.FaultKit.log;
import static io.modelgate.e2e.FaultKit.phase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * (1) {@code kill -9} of the operator at seeded random points while 20 pipelines change: each round starts the operator
 * (as the kubelet restarts a crashed container: the same Pod name, so the same leader-election identity, which takes
 * its Lease back at once), changes some pipelines' specs while it is down and while it runs, and kills it at a point
 * drawn from the seed: a time after the start (sometimes before it is ready), a number of cluster changes (the test's
 * watch counts them), or the moment a revision enters a given phase. After the last round one operator runs to the end,
 * and the cluster must show that the kills cost nothing: every pipeline serves its newest revision (the one of its last
 * spec), revision numbers are 1..N without a gap, every Job and Deployment was created once (the API server's audit
 * log) and never made again (the watch), each revision entered each phase at most once, only the stable revision's
 * Deployment has replicas, and no operator log holds an exception.
 */
final class OperatorKillScenario {

    static final String PREFIX = "kill-";
    private static final int PIPELINES = 20;
    private static final int ROUNDS = Integer.getInteger("modelgate.faults.killRounds", 10);
    private static final int REPLICAS = 2;
    private static final Duration CONVERGE = Duration.ofMinutes(3);
    private static final List<String> PHASES = List.of("Validating", "Training", "Evaluating", "RollingOut", "Promoted");

    private final FaultKit kit;
    private final OperatorReplicas replicas;
    private final ClusterWatch watch;
    private final String identity;
    private final Random random;
    private final List<String> names = IntStream.range(0, PIPELINES).mapToObj(i -> String.format("%s%02d", PREFIX, i)).toList();
    /** Per pipeline, the generation its spec was last given (source.parameters.generation). */
    private final Map<String, Integer> generation = new TreeMap<>();
    private final Map<String, Integer> changesApplied = new TreeMap<>();
    private final List<String> killPoints = new ArrayList<>();

    OperatorKillScenario(FaultKit kit, OperatorReplicas replicas, ClusterWatch watch, String identity) {
        this.kit = kit;
        this.replicas = replicas;
        this.watch = watch;
        this.identity = identity;
        this.random = new Random(kit.seed ^ 0x6b696c6cL);
    }

    void run() {
        long started = System.nanoTime();
        List<String> order = new ArrayList<>(names);
        // Every pipeline changes at least once during the kills; some more often.
        List<String> changes = new ArrayList<>(order);
        for (int i = 0; i < PIPELINES; i++) {
            changes.add(order.get(random.nextInt(PIPELINES)));
        }
        Collections.shuffle(changes, random);
        List<List<String>> perRound = new ArrayList<>();
        for (int r = 0; r < ROUNDS; r++) {
            perRound.add(new ArrayList<>());
        }
        for (String change : changes) {
            perRound.get(random.nextInt(ROUNDS)).add(change);
        }

        OperatorProcess operator = kit.env.operator();
        kit.env.timings().time("(1) create " + PIPELINES + " pipelines", () -> {
            for (int i = 0; i < PIPELINES; i++) {
                FaultKit.PipelineYaml yaml = new FaultKit.PipelineYaml(names.get(i)).replicas(REPLICAS)
                        .trainingTakes((1 + random.nextInt(3)) + "s").parameters(Map.of("generation", "0"));
                if (i % 3 == 0) {
                    yaml.withValidation();
                }
                kit.create(yaml);
                generation.put(names.get(i), 0);
            }
        });
        for (int round = 1; round <= ROUNDS; round++) {
            List<String> planned = perRound.get(round - 1);
            if (round > 1) {
                // Some of this round's changes land while no operator runs, the others while it runs.
                int whileDown = planned.isEmpty() ? 0 : random.nextInt(planned.size() + 1);
                planned.subList(0, whileDown).forEach(this::change);
                planned = new ArrayList<>(planned.subList(whileDown, planned.size()));
                operator = replicas.start(identity).process();
            }
            killRound(round, operator, planned);
        }
        OperatorReplicas.Replica last = replicas.start(identity);
        last.process().awaitReady(Duration.ofMinutes(2));
        log("(1) %d kills done in %.1f s; the last operator (%s) runs on; kill points:%n  %s", ROUNDS,
                FaultKit.seconds(started, System.nanoTime()), last, String.join("\n  ", killPoints));

        kit.env.timings().time("(1) every pipeline serves its newest revision", () ->
                await("(1) every pipeline serves the revision of its last spec").atMost(CONVERGE).pollInterval(Duration.ofMillis(500))
                        .failFast("the last operator exited", () -> !last.process().isAlive())
                        .untilAsserted(() -> names.forEach(this::assertServesNewest)));
        assertNothingDoneTwice();
        List<String> problems = FaultKit.exceptionLines(replicas.logs());
        assertThat(problems).as("exceptions or errors in the operator logs (every incarnation)").isEmpty();
        int revisions = names.stream().mapToInt(p -> kit.revisions(p).size()).sum();
        log("(1) done: %d pipelines, %d spec changes, %d revisions, %d kills (seed %d), %.1f s", PIPELINES,
                changesApplied.values().stream().mapToInt(Integer::intValue).sum(), revisions, ROUNDS, kit.seed,
                FaultKit.seconds(started, System.nanoTime()));
    }

    /** One life of the operator: changes at random moments while it runs, then kill -9 at the drawn point. */
    private void killRound(int round, OperatorProcess operator, List<String> planned) {
        long start = System.nanoTime();
        long startChanges = watch.changes();
        long[] readyChanges = {-1};
        int kind = random.nextInt(3);
        long delayMillis = 300 + random.nextInt(7700);
        int changeCount = 1 + random.nextInt(40);
        String phase = PHASES.get(random.nextInt(PHASES.size()));
        Set<String> inPhaseBefore = inPhase(phase);
        String point = switch (kind) {
            case 0 -> String.format("%.1f s after the start", delayMillis / 1000.0);
            case 1 -> changeCount + " cluster changes after it is ready";
            default -> "a revision entering " + phase;
        };
        // When each planned change lands: an offset after the start.
        List<Long> at = planned.stream().map(p -> (long) random.nextInt(5000)).sorted().collect(Collectors.toCollection(ArrayList::new));
        List<String> pending = new ArrayList<>(planned);
        // A point that does not come (no revision enters the phase) is replaced by a kill 12 s after the start.
        long cap = Duration.ofSeconds(12).toNanos();
        await("(1) round " + round + ": kill point " + point).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    long elapsed = System.nanoTime() - start;
                    while (!at.isEmpty() && elapsed >= at.get(0) * 1_000_000) {
                        at.remove(0);
                        change(pending.remove(0));
                    }
                    if (!operator.isAlive()) {
                        throw new IllegalStateException("the operator exited by itself in round " + round + ":\n" + operator.logTail(40));
                    }
                    if (kind == 1 && readyChanges[0] < 0 && ready(operator)) {
                        readyChanges[0] = watch.changes();
                    }
                    return elapsed >= cap || switch (kind) {
                        case 0 -> elapsed >= delayMillis * 1_000_000;
                        case 1 -> readyChanges[0] >= 0 && watch.changes() - readyChanges[0] >= changeCount;
                        default -> !inPhaseBefore.containsAll(inPhase(phase));
                    };
                });
        operator.kill();
        double at2 = FaultKit.seconds(start, System.nanoTime());
        String line = String.format("round %2d: kill -9 at %5.1f s (point: %s; %d cluster changes meanwhile)", round, at2, point,
                watch.changes() - startChanges);
        killPoints.add(line);
        log("(1) %s", line);
        pending.forEach(this::change); // what had not landed yet lands while the operator is down
    }

    private static boolean ready(OperatorProcess operator) {
        try {
            return operator.get("/q/health/ready").statusCode() == 200;
        } catch (java.io.IOException notListeningYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Revisions (of this scenario) whose phase is {@code phase} now. */
    private Set<String> inPhase(String phase) {
        Set<String> found = new HashSet<>();
        for (ModelRevision revision : kit.env.admin().resources(ModelRevision.class).inNamespace(FaultKit.NAMESPACE).list().getItems()) {
            if (revision.getMetadata().getName().startsWith(PREFIX) && phase.equals(phase(revision))) {
                found.add(revision.getMetadata().getName());
            }
        }
        return found;
    }

    private void change(String pipeline) {
        int next = generation.merge(pipeline, 1, Integer::sum);
        kit.setParameter(pipeline, "generation", Integer.toString(next));
        changesApplied.merge(pipeline, 1, Integer::sum);
    }

    private void assertServesNewest(String pipeline) {
        ModelPipeline mp = kit.pipeline(pipeline);
        assertThat(mp.getStatus()).as("status of %s", pipeline).isNotNull();
        Integer latest = mp.getStatus().getLatestRevisionNumber();
        assertThat(latest).as("latestRevisionNumber of %s", pipeline).isNotNull();
        String newest = pipeline + "-r" + latest;
        ModelRevision revision = kit.revision(newest);
        assertThat(revision).as("revision %s", newest).isNotNull();
        assertThat(revision.getSpec().getSource().getParameters()).as("parameters of the newest revision %s", newest)
                .containsEntry("generation", Integer.toString(generation.get(pipeline)));
        assertThat(phase(revision)).as(FaultKit.describe(revision)).isEqualTo("Promoted");
        assertThat(revision.getStatus().getServing()).as("%s serving", newest).isTrue();
        assertThat(mp.getStatus().getStableRevision()).as("stable revision of %s", pipeline).isEqualTo(newest);
        assertThat(FaultKit.condition(mp, "Ready")).as("Ready of %s", pipeline).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
        for (Deployment deployment : kit.deployments(pipeline)) {
            String name = deployment.getMetadata().getName();
            if (name.equals(newest)) {
                assertThat(FaultKit.specReplicas(deployment)).as("spec.replicas of the stable %s", name).isEqualTo(REPLICAS);
                assertThat(FaultKit.readyReplicas(deployment)).as("ready replicas of the stable %s", name).isEqualTo(REPLICAS);
            } else {
                assertThat(FaultKit.specReplicas(deployment)).as("only the stable revision is scaled up: spec.replicas of %s", name).isZero();
            }
        }
    }

    private void assertNothingDoneTwice() {
        Map<String, String> perPipeline = new LinkedHashMap<>();
        for (String pipeline : names) {
            List<ModelRevision> revisions = kit.revisions(pipeline);
            int latest = kit.pipeline(pipeline).getStatus().getLatestRevisionNumber();
            assertThat(revisions).extracting(r -> r.getSpec().getNumber()).as("revision numbers of %s", pipeline)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, latest).boxed().toList());
            assertThat(revisions).extracting(r -> r.getMetadata().getName()).as("revision names of %s", pipeline)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, latest).mapToObj(n -> pipeline + "-r" + n).toList());
            assertThat(latest).as("%s: at most one revision per spec change (and the first)", pipeline)
                    .isLessThanOrEqualTo(1 + changesApplied.getOrDefault(pipeline, 0));
            for (ModelRevision revision : revisions) {
                List<String> entered = revision.getStatus().getTransitions().stream().map(PhaseTransition::getPhase).toList();
                assertThat(entered).as("phases %s entered, each at most once", revision.getMetadata().getName()).doesNotHaveDuplicates();
                assertThat(phase(revision)).as("%s has ended", FaultKit.describe(revision)).isIn("Promoted", "Superseded");
            }
            // Jobs there now: at most one per revision and stage; the newest revision has each of its stages once.
            Map<String, Long> jobsPerStage = kit.jobs(pipeline).stream().collect(Collectors.groupingBy(
                    j -> j.getMetadata().getLabels().get("modelgate.io/revision") + "/" + j.getMetadata().getLabels().get("modelgate.io/role"),
                    TreeMap::new, Collectors.counting()));
            assertThat(jobsPerStage.values()).as("Jobs per revision and stage of %s: %s", pipeline, jobsPerStage).allMatch(n -> n == 1);
            String newest = pipeline + "-r" + latest;
            List<String> stages = names.indexOf(pipeline) % 3 == 0 ? List.of("validation", "training", "evaluation") : List.of("training", "evaluation");
            for (String stage : stages) {
                assertThat(jobsPerStage).as("the newest revision's %s Job", stage).containsEntry(newest + "/" + stage, 1L);
            }
            perPipeline.put(pipeline, latest + " revisions, Jobs " + jobsPerStage.size());
        }
        // The API server's record: every object the operator made was made once (deterministic names: a second
        // create is answered 409), and the watch never saw a name come back with a new uid.
        for (String resource : List.of("modelrevisions", "jobs", "deployments", "services")) {
            assertThat(kit.audit.createdMoreThanOnce(resource, FaultKit.NAMESPACE, n -> n.startsWith(PREFIX)))
                    .as("%s created more than once (audit log)", resource).isEmpty();
        }
        assertThat(watch.recreated(PREFIX)).as("objects deleted and made again (watch)").isEmpty();
        List<String> createdRevisions = kit.audit.created("modelrevisions", FaultKit.NAMESPACE).stream().filter(n -> n.startsWith(PREFIX)).sorted().toList();
        List<String> existing = names.stream().flatMap(p -> kit.revisions(p).stream()).map(r -> r.getMetadata().getName()).sorted().toList();
        // Nothing lost: every revision the server answered as created is there. Nothing from elsewhere: every revision
        // there was asked for by the operator. The two differ when a kill cut a create short after etcd had it, so the
        // server logged an error (or no code) for a create that took place; the operator's next life found it there.
        assertThat(existing).as("revisions created (audit log) are there").containsAll(createdRevisions);
        List<ApiAudit.Write> revisionCreates = kit.audit.createRequests("modelrevisions", FaultKit.NAMESPACE).stream()
                .filter(w -> w.name().startsWith(PREFIX)).toList();
        Set<String> asked = revisionCreates.stream().map(ApiAudit.Write::name).collect(Collectors.toSet());
        assertThat(asked).as("revisions there were each asked for by a create (audit log)").containsAll(existing);
        List<String> cutShort = revisionCreates.stream().filter(w -> !w.succeeded() && w.code() != 409 && !createdRevisions.contains(w.name()))
                .map(ApiAudit.Write::toString).toList();
        if (!cutShort.isEmpty()) {
            log("(1) revision creates answered with an error that took place all the same (kept, not made again):%n  %s", String.join("\n  ", cutShort));
        }
        long jobCreates = kit.audit.created("jobs", FaultKit.NAMESPACE).stream().filter(n -> n.startsWith(PREFIX)).count();
        List<Job> jobsNow = names.stream().flatMap(p -> kit.jobs(p).stream()).toList();
        log("(1) nothing done twice: %d revisions, %d Job creates (%d Jobs left; superseded revisions' Jobs are deleted), per pipeline %s",
                existing.size(), jobCreates, jobsNow.size(), perPipeline);
    }
}
