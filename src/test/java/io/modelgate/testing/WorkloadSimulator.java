package io.modelgate.testing;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * Plays the part of the Job and Deployment controllers and the kubelet where none run (the mock
 * server, a bare API server): a Job's pod terminates with a termination message, a Deployment
 * becomes available. Statuses are written as the controllers write them, because a real API
 * server (1.34) validates them: a Complete Job needs startTime, completionTime and
 * SuccessCriteriaMet before Complete; a Failed Job needs startTime and FailureTarget before Failed.
 */
public final class WorkloadSimulator {

    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final KubernetesClient client;
    private final String namespace;

    public WorkloadSimulator(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    public Job awaitJob(String name) {
        return await().atMost(TIMEOUT).until(() -> client.batch().v1().jobs().inNamespace(namespace).withName(name).get(),
                job -> job != null);
    }

    public Deployment awaitDeployment(String name) {
        return await().atMost(TIMEOUT).until(() -> client.apps().deployments().inNamespace(namespace).withName(name).get(),
                deployment -> deployment != null);
    }

    /** The Job's pod exits 0 having written {@code terminationMessage}; then the Job completes. */
    public void succeed(String jobName, String terminationMessage) {
        podSucceeded(jobName, terminationMessage);
        complete(jobName);
    }

    /** The first half of {@link #succeed}: the Job's pod exits 0, the Job is not complete yet. */
    public void podSucceeded(String jobName, String terminationMessage) {
        createPod(awaitJob(jobName), "Succeeded", 0, terminationMessage, true);
    }

    /** The second half of {@link #succeed}: the Job controller marks the Job Complete (a status update, no create). */
    public void complete(String jobName) {
        completeJob(awaitJob(jobName));
    }

    private void completeJob(Job job) {
        String now = now();
        job.setStatus(new JobStatusBuilder()
                .withStartTime(now)
                .withCompletionTime(now)
                .withSucceeded(1)
                .withConditions(
                        condition("SuccessCriteriaMet", "CompletionsReached", null, now),
                        condition("Complete", "CompletionsReached", null, now))
                .build());
        client.batch().v1().jobs().inNamespace(namespace).resource(job).updateStatus();
    }

    /**
     * As {@link #succeed}, but the operator's Pod cache never sees the pod: it lacks the {@code modelgate.io/pipeline}
     * label the operator's informers select on. This is the Pod watch lagging behind the Job watch, made
     * deterministic: the Job is Complete while only the API server knows the pod's termination message.
     */
    public void succeedWithPodNotYetCached(String jobName, String terminationMessage) {
        Job job = awaitJob(jobName);
        createPod(job, "Succeeded", 0, terminationMessage, false);
        completeJob(job);
    }

    public void fail(String jobName, String reason, String message) {
        Job job = awaitJob(jobName);
        createPod(job, "Failed", 1, null, true);
        String now = now();
        job.setStatus(new JobStatusBuilder()
                .withStartTime(now)
                .withFailed(1)
                .withConditions(condition("FailureTarget", reason, message, now), condition("Failed", reason, message, now))
                .build());
        client.batch().v1().jobs().inNamespace(namespace).resource(job).updateStatus();
    }

    public void makeAvailable(String deploymentName) {
        Deployment deployment = awaitDeployment(deploymentName);
        int replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        deployment.setStatus(new DeploymentStatusBuilder()
                .withObservedGeneration(deployment.getMetadata().getGeneration())
                .withReplicas(replicas)
                .withUpdatedReplicas(replicas)
                .withReadyReplicas(replicas)
                .withAvailableReplicas(replicas)
                .build());
        client.apps().deployments().inNamespace(namespace).resource(deployment).updateStatus();
    }

    private void createPod(Job job, String phase, int exitCode, String message, boolean cachedByTheOperator) {
        var template = job.getSpec().getTemplate();
        String container = template.getSpec().getContainers().get(0).getName();
        var labels = new java.util.LinkedHashMap<>(template.getMetadata().getLabels());
        if (!cachedByTheOperator) {
            labels.remove("modelgate.io/pipeline");
        }
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName(job.getMetadata().getName() + "-" + Long.toHexString(System.nanoTime()))
                .withNamespace(namespace)
                .withLabels(labels)
                .addToLabels("job-name", job.getMetadata().getName())
                .endMetadata()
                .withSpec(template.getSpec())
                .build();
        Pod created = client.pods().inNamespace(namespace).resource(pod).create();
        created.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder()
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

    private static io.fabric8.kubernetes.api.model.batch.v1.JobCondition condition(String type, String reason, String message, String now) {
        return new JobConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message)
                .withLastTransitionTime(now).withLastProbeTime(now).build();
    }

    private static String now() {
        return java.time.format.DateTimeFormatter.ISO_INSTANT.format(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }
}
