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
 * <p>The condition sets are the ones the operator is meant to write (issue 10, item 1), and, to record
 * where it stands, the ones it writes now. How v0.37.2 decides ({@code status.go}, {@code generic.go}):
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

    // --- ModelRevision: the intended conditions ---

    static Stream<String> inProgressPhases() {
        return Stream.of("Pending", "Validating", "Training", "Evaluating", "RollingOut");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inProgressPhases")
    void aRevisionOnItsWayIsInProgress(String phase) {
        ModelRevision revision = revisionWith(phase,
                condition("Ready", "False", phase), condition("Reconciling", "True", phase), condition("Stalled", "False", phase));

        assertKstatus(revision, Status.InProgress, "Reconciling: " + phase);
    }

    static Stream<Arguments> endsAsDesigned() {
        return Stream.of(
                Arguments.of("Promoted and serving", "Promoted", List.of(
                        condition("Ready", "True", "Serving"), condition("Reconciling", "False", "Serving"), condition("Stalled", "False", "Serving")),
                        Status.Current, "Resource is Ready"),
                Arguments.of("Promoted and serving, Ready alone", "Promoted", List.of(condition("Ready", "True", "Serving")),
                        Status.Current, "Resource is Ready"),
                // Ended, not serving, and nothing to wait for: Current only without Ready=False (step 6, or 5 with True).
                Arguments.of("Superseded without a Ready condition", "Superseded", List.of(
                        condition("Reconciling", "False", "Superseded"), condition("Stalled", "False", "Superseded")),
                        Status.Current, "Resource is current"),
                Arguments.of("Promoted, replaced, without a Ready condition", "Promoted", List.of(
                        condition("Reconciling", "False", "Replaced"), condition("Stalled", "False", "Replaced")),
                        Status.Current, "Resource is current"),
                // INTENDED Current, but the library says InProgress: Reconciling=False and Stalled=False leave the
                // decision to Ready (step 5 above, checkReadyCondition in status.go), and Ready=False is InProgress.
                // kstatus (and Flux, kpt, cli-utils pollers) would wait on these revisions until they time out.
                Arguments.of("Promoted, replaced (Ready=False Replaced): InProgress, not Current", "Promoted", List.of(
                        condition("Ready", "False", "Replaced"), condition("Reconciling", "False", "Replaced"), condition("Stalled", "False", "Replaced")),
                        Status.InProgress, "Ready: Replaced"),
                Arguments.of("Superseded (Ready=False Superseded): InProgress, not Current", "Superseded", List.of(
                        condition("Ready", "False", "Superseded"), condition("Reconciling", "False", "Superseded"), condition("Stalled", "False", "Superseded")),
                        Status.InProgress, "Ready: Superseded"),
                Arguments.of("Superseded, Ready=False alone: InProgress, not Current", "Superseded", List.of(condition("Ready", "False", "Superseded")),
                        Status.InProgress, "Ready: Superseded"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endsAsDesigned")
    void aRevisionThatEndedAsDesigned(String title, String phase, List<Condition> conditions, Status expected, String message) {
        assertKstatus(revisionWith(phase, conditions.toArray(Condition[]::new)), expected, message);
    }

    static Stream<String> failedPhases() {
        return Stream.of("Rejected", "Failed", "Aborted", "RolledBack");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failedPhases")
    void aRevisionThatEndedInFailureHasFailed(String phase) {
        ModelRevision revision = revisionWith(phase,
                condition("Ready", "False", phase), condition("Reconciling", "False", phase), condition("Stalled", "True", phase));

        assertKstatus(revision, Status.Failed, "Stalled: " + phase);
    }

    // --- ModelRevision: the conditions the operator writes today ---

    /**
     * Today a revision carries Ready, Progressing and Degraded only (RevisionStatusUpdates; the
     * Reconciling/Stalled aliases are the pipeline's). kstatus reads neither Progressing nor Degraded, so
     * Ready alone decides (step 5): Ready=True is Current, and every other revision is InProgress — a
     * Rejected one (Degraded=True) too, forever, never Failed. Without any Ready condition it would be
     * Current (step 6), whatever Progressing and Degraded say.
     */
    static Stream<Arguments> todaysConditions() {
        return Stream.of(
                Arguments.of("Training", List.of(condition("Ready", "False", "JobCreated"), condition("Progressing", "True", "JobCreated"),
                        condition("Degraded", "False", "JobCreated")), Status.InProgress, "Ready: JobCreated"),
                Arguments.of("Promoted", List.of(condition("Ready", "True", "Promoted"), condition("Progressing", "False", "Promoted"),
                        condition("Degraded", "False", "Promoted")), Status.Current, "Resource is Ready"),
                Arguments.of("Rejected", List.of(condition("Ready", "False", "GateFailed"), condition("Progressing", "False", "GateFailed"),
                        condition("Degraded", "True", "GateFailed")), Status.InProgress, "Ready: GateFailed"),
                Arguments.of("Superseded", List.of(condition("Ready", "False", "Superseded"), condition("Progressing", "False", "Superseded"),
                        condition("Degraded", "False", "Superseded")), Status.InProgress, "Ready: Superseded"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("todaysConditions")
    void aRevisionWithOnlyReadyProgressingAndDegraded(String phase, List<Condition> conditions, Status expected, String message) {
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

        ModelPipeline written = writeStatus(paused, paused.getMetadata().getGeneration(),
                condition("Ready", "False", "Paused"), condition("Reconciling", "True", "Paused"), condition("Stalled", "False", "AsExpected"));

        assertKstatus(written, Status.InProgress, "Reconciling: Paused");
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
