package io.modelgate.cli;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.ModelRevisionSpec.Trigger;
import io.modelgate.api.ModelRevisionStatus;
import io.modelgate.testing.RealApiServer;
import io.modelgate.testing.TestOperator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The CLI's commands on a real kube-apiserver + etcd with the committed CRDs: revisions and statuses are written
 * through the status subresource the way the operator writes them, the CLI runs in-process on a client, and its
 * writes are checked on the server. One test runs hack/kubectl-modelgate as a process on the packaged jar.
 */
@Tag("integration")
class ModelgateCliOnApiServerTest {

    @RegisterExtension
    static final RealApiServer API = new RealApiServer();

    static final List<String> CRDS = List.of("clustermodelanalysistemplates.modelgate.io", "modelanalysistemplates.modelgate.io", "modelpipelines.modelgate.io", "modelrevisions.modelgate.io");
    static KubernetesClient client;

    String ns;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void installCrds() {
        client = API.client();
        TestOperator.installCrds(client, true);
        for (String name : CRDS) {
            await("CRD " + name + " Established").atMost(Duration.ofSeconds(30))
                    .until(() -> established(client.apiextensions().v1().customResourceDefinitions().withName(name).get()));
        }
        await("ModelPipeline endpoint").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> client.resources(ModelPipeline.class).inAnyNamespace().list() != null);
        await("ModelRevision endpoint").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> client.resources(ModelRevision.class).inAnyNamespace().list() != null);
    }

    static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream().anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    @BeforeEach
    void namespace() {
        ns = API.newNamespace("cli");
    }

    /** The degraded fraud pipeline of {@link CliFixtures}: r1 Promoted and serving, r2 Rejected; statuses through the status subresource. */
    ModelPipeline degradedPipeline(String name) {
        ModelPipeline pipeline = client.resources(ModelPipeline.class).inNamespace(ns).resource(CliFixtures.pipeline(name, ns)).create();
        createRevision(pipeline, 1, Trigger.Initial, CliFixtures.promoted());
        createRevision(pipeline, 2, Trigger.Retrain, CliFixtures.rejected());
        pipeline.setStatus(CliFixtures.degradedStatus(name));
        return client.resources(ModelPipeline.class).inNamespace(ns).resource(pipeline).updateStatus();
    }

    void createRevision(ModelPipeline pipeline, int number, Trigger trigger, ModelRevisionStatus status) {
        ModelRevision created = client.resources(ModelRevision.class).inNamespace(ns)
                .resource(CliFixtures.revision(pipeline, number, trigger)).create();
        created.setStatus(status);
        client.resources(ModelRevision.class).inNamespace(ns).resource(created).updateStatus();
    }

    int cli(String... args) {
        out.reset();
        err.reset();
        return new ModelgateCli(client, ModelgateCliTest.print(out), ModelgateCliTest.print(err), Clock.systemUTC()).run(args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    ModelPipeline read(String name) {
        return client.resources(ModelPipeline.class).inNamespace(ns).withName(name).get();
    }

    String pendingAction(String name) {
        Map<String, String> annotations = read(name).getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get("modelgate.io/action");
    }

    /** What the operator does once it has taken an action: a JSON patch that removes the annotation. */
    void operatorTakesTheAction(String name) {
        client.resources(ModelPipeline.class).inNamespace(ns).withName(name).patch(PatchContext.of(PatchType.JSON),
                "[{\"op\":\"remove\",\"path\":\"/metadata/annotations/modelgate.io~1action\"}]");
    }

    @Test
    void statusReadsThePipelineAndItsRevisionsFromTheServer() {
        degradedPipeline("fraud");

        assertThat(cli("status", "fraud", "-n", ns)).isZero();

        assertThat(err()).isEmpty();
        assertThat(out())
                .containsPattern("(?m)^fraud +" + ns + " +Degraded +fraud-r1 +fraud-r2 +\\d+s$")
                .containsPattern("(?m)^  Degraded +True +RevisionRejected +\\S+ +gate auc failed: 0.71 < 0.9$")
                .containsPattern("(?m)^  fraud-r2 +Rejected +Retrain +auc=0.71 +GateFailed +\\d+s$")
                .containsPattern("(?m)^  fraud-r1 \\* +Promoted +Initial +auc=0.947 +true +Available +\\d+s$")
                .contains("Gates of fraud-r2:")
                .containsPattern("(?m)^  Evaluation +auc +0.71 +>= 0.9 +Failed +BelowMin$");
        assertThat(out().indexOf("fraud-r2   ")).as("newest first").isLessThan(out().indexOf("fraud-r1 *"));
    }

    @Test
    void historyListsEveryRevisionWithItsTransitions() {
        degradedPipeline("fraud");

        assertThat(cli("history", "--namespace", ns, "fraud")).isZero();

        assertThat(out()).startsWith("fraud-r2   #2   Rejected   trigger Retrain   auc=0.71   created ")
                .containsPattern("(?m)^  Rejected +2026-11-26T08:06:00Z +\\S+ +GateFailed$")
                .containsPattern("(?m)^fraud-r1   #1   Promoted   trigger Initial   auc=0.947   serving   created \\d+s ago$")
                .containsPattern("(?m)^  Promoted +2026-11-26T08:03:00Z +\\S+ +Available$");
        assertThat(err()).isEmpty();
    }

    @Test
    void eachActionSetsTheAnnotationTheOperatorAndArgoCdUse() {
        degradedPipeline("fraud");

        for (String action : List.of("promote", "abort", "retry", "retrain")) {
            assertThat(cli(action, "fraud", "-n", ns)).as(action).isZero();
            assertThat(out()).isEqualTo("modelpipeline.modelgate.io/fraud annotated modelgate.io/action=" + action + "\n");
            assertThat(pendingAction("fraud")).isEqualTo(action);
            operatorTakesTheAction("fraud");
        }
        assertThat(read("fraud").getMetadata().getGeneration()).as("annotations do not change the spec").isEqualTo(1L);
        assertThat(read("fraud").getStatus().getPhase()).as("the status is untouched").isEqualTo("Degraded");
    }

    @Test
    void rerunNamesARevisionAndAsksItsPipeline() {
        degradedPipeline("fraud");

        assertThat(cli("rerun", "fraud-r1", "-n", ns)).isZero();
        assertThat(out()).isEqualTo("modelpipeline.modelgate.io/fraud annotated modelgate.io/action=rerun:fraud-r1\n");
        assertThat(pendingAction("fraud")).isEqualTo("rerun:fraud-r1");
        operatorTakesTheAction("fraud");

        assertThat(cli("rerun", "fraud-r7", "-n", ns)).isEqualTo(ModelgateCli.FAILED);
        assertThat(err()).isEqualTo("error: modelrevision.modelgate.io \"fraud-r7\" not found in namespace \"" + ns + "\"\n");
        assertThat(pendingAction("fraud")).isNull();
        assertThat(cli("rerun", "-n", ns)).isEqualTo(ModelgateCli.USAGE);
        assertThat(err()).startsWith("error: rerun needs the name of a revision\n");
    }

    @Test
    void anotherPendingActionIsRefusedAndTheSameOneIsNotRepeated() {
        degradedPipeline("fraud");
        assertThat(cli("promote", "fraud", "-n", ns)).isZero();
        String resourceVersion = read("fraud").getMetadata().getResourceVersion();

        assertThat(cli("abort", "fraud", "-n", ns)).isEqualTo(ModelgateCli.FAILED);
        assertThat(out()).isEmpty();
        assertThat(err()).startsWith("error: modelpipeline.modelgate.io/fraud has another action pending: modelgate.io/action=promote.")
                .contains("kubectl annotate -n " + ns + " mp/fraud modelgate.io/action-");
        assertThat(pendingAction("fraud")).isEqualTo("promote");

        assertThat(cli("promote", "fraud", "-n", ns)).isZero();
        assertThat(out()).contains("promote is already requested");
        assertThat(read("fraud").getMetadata().getResourceVersion()).as("nothing was written").isEqualTo(resourceVersion);

        operatorTakesTheAction("fraud");
        assertThat(cli("abort", "fraud", "-n", ns)).isZero();
        assertThat(pendingAction("fraud")).isEqualTo("abort");
    }

    @Test
    void pauseAndResumeSetSpecPausedAndNothingElse() {
        degradedPipeline("fraud");

        assertThat(cli("pause", "fraud", "-n", ns)).isZero();
        assertThat(out()).isEqualTo("modelpipeline.modelgate.io/fraud paused (spec.paused=true)\n");
        ModelPipeline paused = read("fraud");
        assertThat(paused.getSpec().getPaused()).isTrue();
        assertThat(paused.getSpec().getModel()).as("a merge patch keeps the rest of the spec").isEqualTo("fraud-detector");
        assertThat(paused.getMetadata().getAnnotations()).isNullOrEmpty();

        assertThat(cli("pause", "fraud", "-n", ns)).isZero();
        assertThat(out()).isEqualTo("modelpipeline.modelgate.io/fraud was already paused (spec.paused=true)\n");
        assertThat(cli("status", "fraud", "-n", ns)).isZero();
        assertThat(out()).contains("Paused: spec.paused is true");

        assertThat(cli("resume", "fraud", "-n", ns)).isZero();
        assertThat(out()).isEqualTo("modelpipeline.modelgate.io/fraud resumed (spec.paused=false)\n");
        assertThat(read("fraud").getSpec().getPaused()).isFalse();
        assertThat(read("fraud").getSpec().getServing().getReplicas()).isEqualTo(2);
    }

    @Test
    void aMissingPipelineIsExitTwoOnStderr() {
        for (String command : List.of("status", "history", "promote", "pause")) {
            assertThat(cli(command, "nope", "-n", ns)).as(command).isEqualTo(ModelgateCli.FAILED);
            assertThat(out()).isEmpty();
            assertThat(err()).isEqualTo("error: modelpipeline \"nope\" not found in namespace \"" + ns + "\"\n");
        }
    }

    @Test
    void aPipelineWithoutRevisionsOrStatus() {
        client.resources(ModelPipeline.class).inNamespace(ns).resource(CliFixtures.pipeline("fresh", ns)).create();

        assertThat(cli("status", "fresh", "-n", ns)).isZero();
        assertThat(out()).contains("No status yet", "Revisions (newest first):\n  <none>\n");
        assertThat(cli("history", "fresh", "-n", ns)).isZero();
        assertThat(out()).isEqualTo("No revisions of fresh.\n");
    }

    /** hack/kubectl-modelgate on the packaged jar, as kubectl runs it: a process with KUBECONFIG. */
    @Test
    void theLauncherScriptRunsThePackagedCli(@TempDir Path tmp) throws Exception {
        Path app = Path.of("target", "quarkus-app");
        Assumptions.assumeTrue(Files.isDirectory(app.resolve("app")) && Files.isDirectory(app.resolve("lib").resolve("main")),
                "target/quarkus-app is absent: the launcher runs the packaged jar, so this test needs `mvn -B package -DskipTests`"
                        + " (make test and make build do it first); the CLI itself is tested in-process by the other tests");
        degradedPipeline("fraud");
        Path kubeconfig = tmp.resolve("kubeconfig");
        Files.writeString(kubeconfig, kubeconfig(client.getConfiguration(), ns));

        Result help = launch(tmp, kubeconfig, "--help");
        assertThat(help.code).as(help.toString()).isZero();
        assertThat(help.out).isEqualTo(ModelgateCli.USAGE_TEXT);

        Result status = launch(tmp, kubeconfig, "status", "fraud");
        assertThat(status.code).as(status.toString()).isZero();
        assertThat(status.out).as("the namespace comes from the kubeconfig context")
                .containsPattern("(?m)^fraud +" + ns + " +Degraded +fraud-r1 +fraud-r2 ")
                .contains("Gates of fraud-r2:");
        assertThat(status.err).as("nothing but the answer: no logging noise").isEmpty();

        Result retrain = launch(tmp, kubeconfig, "retrain", "fraud");
        assertThat(retrain.code).as(retrain.toString()).isZero();
        assertThat(pendingAction("fraud")).isEqualTo("retrain");

        Result missing = launch(tmp, kubeconfig, "status", "nope");
        assertThat(missing.code).isEqualTo(2);
        assertThat(missing.err).isEqualTo("error: modelpipeline \"nope\" not found in namespace \"" + ns + "\"\n");

        Result usage = launch(tmp, kubeconfig, "status");
        assertThat(usage.code).isEqualTo(1);
        assertThat(usage.err).contains("error: status needs the name of a pipeline");
    }

    record Result(int code, String out, String err) {
    }

    static Result launch(Path tmp, Path kubeconfig, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of("hack", "kubectl-modelgate").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile(tmp, "out", ".txt");
        Path stderr = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        builder.environment().put("HOME", tmp.toString());
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kubectl-modelgate " + String.join(" ", args) + " did not end within 60 s");
        }
        return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }

    /** A kubeconfig for the test API server (client-certificate authentication), with {@code namespace} in its context. */
    static String kubeconfig(Config config, String namespace) throws IOException {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: test
                  cluster:
                    server: %s
                    certificate-authority-data: %s
                users:
                - name: test
                  user:
                    client-certificate-data: %s
                    client-key-data: %s
                contexts:
                - name: test
                  context: {cluster: test, user: test, namespace: %s}
                current-context: test
                """.formatted(config.getMasterUrl(), data(config.getCaCertData(), config.getCaCertFile()),
                data(config.getClientCertData(), config.getClientCertFile()), data(config.getClientKeyData(), config.getClientKeyFile()), namespace);
    }

    static String data(String inline, String file) throws IOException {
        if (inline != null && !inline.isBlank()) {
            return inline;
        }
        if (file == null) {
            throw new IllegalStateException("the test API server's client config has neither inline data nor a file for a certificate");
        }
        return Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(file)));
    }
}
