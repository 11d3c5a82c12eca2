package io.modelgate.it;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelPipelineStatus;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.ModelRevisionSpec;
import io.modelgate.api.ModelRevisionStatus;
import io.modelgate.revision.PipelinePlan;
import io.modelgate.revision.RevisionPhase;
import io.modelgate.revision.RevisionView;
import io.modelgate.status.PipelineStatusFactory;
import io.modelgate.status.RevisionConditions;
import io.modelgate.status.RevisionConditions.Role;
import io.modelgate.testing.HackEnv;
import io.modelgate.testing.Kstatus;
import io.modelgate.testing.Kstatus.Status;
import io.modelgate.testing.Pipelines;
import io.modelgate.testing.RealApiServer;
import io.modelgate.workload.Revisions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the real kstatus library ({@code status.Compute} of {@code sigs.k8s.io/cli-utils}, through
 * {@link Kstatus}) and {@code kubectl wait} say of ModelRevisions and ModelPipelines whose status
 * subresource holds a given set of conditions, on a real API server with the committed CRDs.
 *
 * <p>The condition sets are the ones the operator writes ({@link RevisionConditions}, for every phase), and,
 * to show why they are what they are, others. How v0.37.2 decides ({@code status.go}, {@code generic.go}):
 * <ol>
 *   <li>{@code metadata.deletionTimestamp} set: Terminating;</li>
 *   <li>{@code status.observedGeneration} present and not {@code metadata.generation}: InProgress;</li>
 *   <li>the first {@code Reconciling=True} or {@code Stalled=True}, in list order: InProgress or Failed;</li>
 *   <li>(the built-in kinds' own rules, none for ours)</li>
 *   <li>the first {@code Ready}: True is Current, False or Unknown is InProgress;</li>
 *   <li>otherwise Current.</li>
 * </ol>
 * {@code Reconciling=False} and {@code Stalled=False} decide nothing: they do not stop step 5. So an
 * object that has ended with {@code Ready=False} reads InProgress forever, whatever else it says.
 * Each condition here carries a message naming its type, so the message kstatus returns shows which
 * step decided.
 */
@Tag("integration")
class KstatusOfModelgateKindsTest {

    @RegisterExtension
    static final RealApiServer API = new RealApiServer();

    static final String API_VERSION = ModelPipeline.GROUP + "/" + ModelPipeline.VERSION;
    static final AtomicInteger NUMBERS = new AtomicInteger();
    static KubernetesClient client;
    static String namespace;
    static ModelPipeline pipeline;

    @BeforeAll
    static void installCrds() {
        client = API.client();
        Crds.install(client);
        namespace = API.newNamespace("kstatus");
        pipeline = client.resources(ModelPipeline.class).inNamespace(namespace).resource(Pipelines.fraud("fraud", namespace)).create();
    }

    // --- ModelRevision: the conditions the operator writes (RevisionConditions), for every phase ---

    static Stream<Arguments> everyPhaseAndRole() {
        List<Arguments> cases = new ArrayList<>();
        for (RevisionPhase phase : RevisionPhase.values()) {
            List<Role> roles = phase == RevisionPhase.Promoted ? List.of(Role.Stable, Role.Replaced) : List.of(Role.Other);
            for (Role role : roles) {
                Status expected = !phase.isTerminal() ? Status.InProgress
                        : phase.isUnsuccessfulEnd() ? Status.Failed
                        : Status.Current;
                cases.add(Arguments.of(phase, role, expected));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} ({1}) reads {2}")
    @MethodSource("everyPhaseAndRole")
    void whatTheOperatorWritesReadsAsDocumented(RevisionPhase phase, Role role, Status expected) {
        ModelRevisionStatus status = new ModelRevisionStatus();
        status.setPhase(phase.name());
        status.setReason("Reason" + phase);
        status.setMessage("message of " + phase);
        RevisionConditions.apply(status, role, "fraud-r9", 1L, Instant.parse("2026-12-03T10:00:00Z"));

        ModelRevision revision = revisionWith(phase.name(), status.getConditions().toArray(Condition[]::new));

        assertThat(Kstatus.ofLive(client, revision).status()).isEqualTo(expected);
    }

    // --- ModelRevision: why an ended record says Ready=True and a failed one Stalled=True ---

    /**
     * Reconciling=False and Stalled=False leave the decision to Ready (step 5), and Ready=False is InProgress:
     * an ended record with Ready=False would read InProgress forever, and Degraded alone is never Failed (kstatus
     * does not read Progressing or Degraded). Revisions carried such sets before issue 10.
     */
    static Stream<Arguments> otherConditionSets() {
        return Stream.of(
                Arguments.of("Superseded with Ready=False", "Superseded", List.of(
                        condition("Ready", "False", "Superseded"), condition("Reconciling", "False", "Superseded"), condition("Stalled", "False", "Superseded")),
                        Status.InProgress, "Ready: Superseded"),
                Arguments.of("Promoted and replaced with Ready=False", "Promoted", List.of(condition("Ready", "False", "Replaced")),
                        Status.InProgress, "Ready: Replaced"),
                Arguments.of("Rejected with Ready, Progressing and Degraded only", "Rejected", List.of(condition("Ready", "False", "GateFailed"),
                        condition("Progressing", "False", "GateFailed"), condition("Degraded", "True", "GateFailed")),
                        Status.InProgress, "Ready: GateFailed"),
                Arguments.of("an ended record without any Ready condition", "Superseded", List.of(
                        condition("Reconciling", "False", "Superseded"), condition("Stalled", "False", "Superseded")),
                        Status.Current, "Resource is current"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherConditionSets")
    void whatTheLibraryDoesWithOtherConditionSets(String title, String phase, List<Condition> conditions, Status expected, String message) {
        assertKstatus(revisionWith(phase, conditions.toArray(Condition[]::new)), expected, message);
    }

    // --- ModelPipeline ---

    @Test
    void aPipelineWhoseNewGenerationIsNotObservedYetIsInProgress() {
        ModelPipeline changed = newPipeline("changed");
        changed = client.resources(ModelPipeline.class).inNamespace(namespace).resource(changed).edit(p -> {
            p.getSpec().getSource().setDataRef("s3://data/fraud/2026-12-01");
            return p;
        });
        assertThat(changed.getMetadata().getGeneration()).isEqualTo(2L);

        // Everything else says Current: the generation alone decides (step 2).
        ModelPipeline written = writeStatus(changed, 1L,
                condition("Ready", "True", "Serving"), condition("Reconciling", "False", "Idle"), condition("Stalled", "False", "AsExpected"));

        assertKstatus(written, Status.InProgress, "ModelPipeline generation is 2, but latest observed generation is 1");
    }

    @Test
    void aPausedPipelineWithAPendingChangeIsInProgress() {
        ModelPipeline paused = newPipeline("paused");
        paused = client.resources(ModelPipeline.class).inNamespace(namespace).resource(paused).edit(p -> {
            p.getSpec().setPaused(true);
            p.getSpec().getSource().setDataRef("s3://data/fraud/2026-12-01");
            return p;
        });

        // The conditions as PipelineStatusFactory writes them for this state.
        ModelPipelineStatus built = new PipelineStatusFactory(Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC))
                .build(new PipelineStatusFactory.Input(null, paused.getMetadata().getGeneration(), true, Optional.empty(), "sha256:x",
                        List.of(new RevisionView("paused-r1", 1, "sha256:y", RevisionPhase.Promoted)), Optional.of("paused-r1"), 1,
                        Optional.empty(), Optional.empty(), Optional.of("a change of spec.source since paused-r1")));
        ModelPipeline written = writeStatus(paused, paused.getMetadata().getGeneration(), built.getConditions().toArray(Condition[]::new));

        assertThat(Kstatus.ofLive(client, written).status()).isEqualTo(Status.InProgress);
        assertThat(Kstatus.ofLive(client, written).message()).contains("a change of spec.source since paused-r1");
    }

    @Test
    void aPipelineServingAndIdleIsCurrent() {
        ModelPipeline idle = newPipeline("idle");

        ModelPipeline written = writeStatus(idle, idle.getMetadata().getGeneration(),
                condition("Ready", "True", "Serving"), condition("Reconciling", "False", "Idle"), condition("Stalled", "False", "AsExpected"));

        assertKstatus(written, Status.Current, "Resource is Ready");
    }

    @Test
    void theWholeNamespaceAtOnce() {
        ModelRevision promoted = revisionWith("Promoted", condition("Ready", "True", "Serving"));
        ModelRevision failed = revisionWith("Failed", condition("Stalled", "True", "Failed"));

        List<Kstatus.Of> all = Kstatus.ofLive(client, API_VERSION, "ModelRevision", namespace);

        assertThat(all).contains(
                new Kstatus.Of("ModelRevision", namespace, promoted.getMetadata().getName(), new Kstatus.Result(Status.Current, "Resource is Ready")),
                new Kstatus.Of("ModelRevision", namespace, failed.getMetadata().getName(), new Kstatus.Result(Status.Failed, "Stalled: Failed")));
        assertThat(Kstatus.ofLive(client, API_VERSION, "ModelRevision", namespace, "fraud-r999"))
                .isEqualTo(new Kstatus.Result(Status.NotFound, "ModelRevision " + namespace + "/fraud-r999 not found"));
    }

    // --- kubectl wait ---

    @Test
    void kubectlWaitForReadyReturnsZeroOnReadyTrueAndFailsOnReadyFalse(@TempDir Path tmp) throws Exception {
        ModelRevision ready = revisionWith("Promoted", condition("Ready", "True", "Serving"));
        ModelRevision notReady = revisionWith("Superseded", condition("Ready", "False", "Superseded"));

        Run yes = kubectl(tmp, "wait", "--for=condition=Ready", "--timeout=5s", "-n", namespace, "modelrevisions.modelgate.io/" + ready.getMetadata().getName());
        assertThat(yes.exitCode()).as(yes.toString()).isZero();
        assertThat(yes.stdout()).contains("condition met");

        Run no = kubectl(tmp, "wait", "--for=condition=Ready", "--timeout=5s", "-n", namespace, "modelrevisions.modelgate.io/" + notReady.getMetadata().getName());
        assertThat(no.exitCode()).as(no.toString()).isNotZero();
        assertThat(no.stderr()).contains("timed out waiting for the condition");
    }

    @Test
    void kubectlWaitForThePhasePromoted(@TempDir Path tmp) throws Exception {
        ModelRevision promoted = revisionWith("Promoted", condition("Ready", "True", "Serving"));

        Run run = kubectl(tmp, "wait", "--for=jsonpath={.status.phase}=Promoted", "--timeout=5s", "-n", namespace,
                "modelrevisions.modelgate.io/" + promoted.getMetadata().getName());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("condition met");
    }

    // --- helpers ---

    /** A condition whose message names its type and reason, so kstatus's message shows which one decided. */
    static Condition condition(String type, String status, String reason) {
        return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(type + ": " + reason)
                .withObservedGeneration(1L).withLastTransitionTime("2026-12-03T10:00:00Z").build();
    }

    /** A new revision of the pipeline with {@code status.phase} and these conditions written through the status subresource. */
    static ModelRevision revisionWith(String phase, Condition... conditions) {
        ModelRevision revision = Revisions.freeze(pipeline,
                new PipelinePlan.NewRevision(NUMBERS.incrementAndGet(), ModelRevisionSpec.Trigger.Initial, Optional.empty()), "sha256:0123456789abcdef");
        ModelRevision created = client.resources(ModelRevision.class).inNamespace(namespace).resource(revision).create();
        ModelRevisionStatus status = new ModelRevisionStatus();
        status.setObservedGeneration(created.getMetadata().getGeneration());
        status.setPhase(phase);
        status.setConditions(new ArrayList<>(List.of(conditions)));
        created.setStatus(status);
        return client.resources(ModelRevision.class).inNamespace(namespace).resource(created).updateStatus();
    }

    static ModelPipeline newPipeline(String name) {
        return client.resources(ModelPipeline.class).inNamespace(namespace).resource(Pipelines.fraud(name, namespace)).create();
    }

    static ModelPipeline writeStatus(ModelPipeline pipeline, Long observedGeneration, Condition... conditions) {
        ModelPipelineStatus status = new ModelPipelineStatus();
        status.setObservedGeneration(observedGeneration);
        status.setConditions(new ArrayList<>(List.of(conditions)));
        pipeline.setStatus(status);
        return client.resources(ModelPipeline.class).inNamespace(namespace).resource(pipeline).updateStatus();
    }

    /** kstatus of the live object agrees with kstatus of the object the status write returned. */
    static void assertKstatus(io.fabric8.kubernetes.api.model.HasMetadata written, Status status, String message) {
        Kstatus.Result live = Kstatus.ofLive(client, written);
        assertThat(live).as("kstatus of the live " + written.getKind() + " " + written.getMetadata().getName())
                .isEqualTo(new Kstatus.Result(status, message));
        assertThat(Kstatus.of(written)).as("kstatus of the object the write returned").isEqualTo(live);
    }

    record Run(int exitCode, String stdout, String stderr) {
    }

    /** kubectl (hack/build-controlplane.sh --print-env, KUBECTL=) against the test API server. */
    static Run kubectl(Path tmp, String... args) throws IOException, InterruptedException {
        Path kubeconfig = tmp.resolve("kubeconfig");
        if (!Files.exists(kubeconfig)) {
            Files.writeString(kubeconfig, API.kubeconfigYaml());
        }
        List<String> command = new ArrayList<>(List.of(HackEnv.get("hack/build-controlplane.sh", "KUBECTL"),
                "--kubeconfig=" + kubeconfig, "--cache-dir=" + tmp.resolve("kube-cache")));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "kubectl", ".out");
        Path err = Files.createTempFile(tmp, "kubectl", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kubectl " + String.join(" ", args) + " did not end within 60 s");
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
