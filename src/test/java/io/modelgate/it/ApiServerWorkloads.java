package io.modelgate.it;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelgate.testing.WorkloadSimulator;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * {@link WorkloadSimulator} for a real kube-apiserver (1.34), where no Job controller runs either.
 * The API server validates Job status updates the way the Job controller writes them: a Complete Job
 * needs {@code startTime}, {@code completionTime} and a {@code SuccessCriteriaMet} condition before
 * {@code Complete}; a Failed Job needs {@code startTime} and a {@code FailureTarget} condition before
 * {@code Failed}. {@link WorkloadSimulator#succeed} and {@link WorkloadSimulator#fail} write neither
 * (fine on the mock server, 422 here), so Jobs are finished here; Deployments go through the shared
 * simulator, whose status the real API server accepts.
 */
final class ApiServerWorkloads {

    private final KubernetesClient client;
    private final String namespace;
    private final WorkloadSimulator shared;

    ApiServerWorkloads(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        this.shared = new WorkloadSimulator(client, namespace);
    }

    Job awaitJob(String name) {
        return shared.awaitJob(name);
    }

    Deployment awaitDeployment(String name) {
        return shared.awaitDeployment(name);
    }

    void makeAvailable(String deploymentName) {
        shared.makeAvailable(deploymentName);
    }

    /** The Job's pod exits 0 having written {@code terminationMessage}; then the Job completes as the Job controller would write it. */
    void succeed(String jobName, String terminationMessage) {
        Job job = awaitJob(jobName);
        createPod(job, "Succeeded", 0, terminationMessage);
        String now = now();
        job.setStatus(new JobStatusBuilder()
                .withStartTime(now)
                .withCompletionTime(now)
                .withSucceeded(1)
                .withConditions(
                        new JobConditionBuilder().withType("SuccessCriteriaMet").withStatus("True").withReason("CompletionsReached")
                                .withLastTransitionTime(now).withLastProbeTime(now).build(),
                        new JobConditionBuilder().withType("Complete").withStatus("True").withReason("CompletionsReached")
                                .withLastTransitionTime(now).withLastProbeTime(now).build())
                .build());
        client.batch().v1().jobs().inNamespace(namespace).resource(job).updateStatus();
    }

    void fail(String jobName, String reason, String message) {
        Job job = awaitJob(jobName);
        createPod(job, "Failed", 1, null);
        String now = now();
        job.setStatus(new JobStatusBuilder()
                .withStartTime(now)
                .withFailed(1)
                .withConditions(
                        new JobConditionBuilder().withType("FailureTarget").withStatus("True").withReason(reason).withMessage(message)
                                .withLastTransitionTime(now).withLastProbeTime(now).build(),
                        new JobConditionBuilder().withType("Failed").withStatus("True").withReason(reason).withMessage(message)
                                .withLastTransitionTime(now).withLastProbeTime(now).build())
                .build());
        client.batch().v1().jobs().inNamespace(namespace).resource(job).updateStatus();
    }

    private void createPod(Job job, String phase, int exitCode, String message) {
        var template = job.getSpec().getTemplate();
        String container = template.getSpec().getContainers().get(0).getName();
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName(job.getMetadata().getName() + "-" + Long.toHexString(System.nanoTime()))
                .withNamespace(namespace)
                .withLabels(template.getMetadata().getLabels())
                .addToLabels("job-name", job.getMetadata().getName())
                .endMetadata()
                .withSpec(template.getSpec())
                .build();
        Pod created = client.pods().inNamespace(namespace).resource(pod).create();
        created.setStatus(new PodStatusBuilder()
                .withPhase(phase)
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName(container)
                        .withImage(template.getSpec().getContainers().get(0).getImage())
                        .withImageID("")
                        .withReady(false)
                        .withRestartCount(0)
                        .withNewState().withNewTerminated().withExitCode(exitCode).withMessage(message)
                        .withReason(exitCode == 0 ? "Completed" : "Error").endTerminated().endState()
                        .build())
                .build());
        client.pods().inNamespace(namespace).resource(created).updateStatus();
    }

    private static String now() {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }
}
