package io.modelgate.workload;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.modelgate.podsecurity.PodSecurityStandards;
import io.modelgate.revision.JobObservation;
import io.modelgate.status.Reason;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/** Reads a {@code batch/v1} Job and its Pods into what the decision logic understands. */
public final class JobObservations {

    private JobObservations() {
    }

    /**
     * @param pods the pods of this Job (by the revision and role labels); the newest succeeded one tells the metrics
     */
    public static JobObservation job(Job job, Collection<Pod> pods) {
        if (job == null) {
            return JobObservation.ABSENT;
        }
        Optional<JobCondition> failed = condition(job, "Failed");
        if (failed.isPresent()) {
            return new JobObservation.Failed(
                    Objects.requireNonNullElse(failed.get().getReason(), "JobFailed"),
                    Objects.requireNonNullElse(failed.get().getMessage(), ""));
        }
        if (condition(job, "Complete").isPresent()) {
            return new JobObservation.Succeeded(terminationMessage(pods).orElse(null));
        }
        return JobObservation.RUNNING;
    }

    /**
     * As {@link #job(Job, Collection)}, but a Job that succeeded while the Pod cache shows no finished pod of it yet
     * (the Pod watch may lag behind the Job's) is read again from {@code freshPods}, asked once, before its
     * termination message is called missing; and a Job that has no pod because the API server refused to create them
     * ({@code podsRefused}: the message of the Job controller's newest {@code FailedCreate} Event) is failed when Pod
     * Security admission refused them, which no retry changes, and held otherwise (a quota may free up).
     */
    public static JobObservation job(Job job, Collection<Pod> cachedPods, Supplier<? extends Collection<Pod>> freshPods,
                                     Optional<String> podsRefused) {
        JobObservation observation = job(job, cachedPods);
        if (observation instanceof JobObservation.Succeeded succeeded && succeeded.terminationMessage() == null
                && !hasSucceededPodWithState(cachedPods)) {
            return job(job, freshPods.get());
        }
        if (observation instanceof JobObservation.Running && podsRefused.isPresent() && cachedPods.isEmpty() && hasNoPodsCounted(job)) {
            String message = podsRefused.get();
            return PodSecurityStandards.refusedByAdmission(message)
                    ? new JobObservation.Failed(JobObservation.POD_SECURITY_REFUSED, message)
                    : new JobObservation.Held(Reason.PodsNotCreated, message);
        }
        return observation;
    }

    /** The Job controller counts no pod of the Job, running or ended: a refusal it reported still holds. */
    private static boolean hasNoPodsCounted(Job job) {
        var status = job.getStatus();
        return status == null || (zero(status.getActive()) && zero(status.getSucceeded()) && zero(status.getFailed()));
    }

    private static boolean zero(Integer count) {
        return count == null || count == 0;
    }

    /** A Job that succeeded while none of its cached Pods shows how it ended: its Pods must be read again. */
    public static boolean needsPodsReadAgain(Job job, Collection<Pod> cachedPods) {
        return job(job, cachedPods) instanceof JobObservation.Succeeded succeeded && succeeded.terminationMessage() == null
                && !hasSucceededPodWithState(cachedPods);
    }

    private static boolean hasSucceededPodWithState(Collection<Pod> pods) {
        return terminatedMainContainer(pods).isPresent();
    }

    /** JobSet's labels on the pods of its Jobs: which replicated Job, which Job of it, which pod of that Job. */
    static final String REPLICATED_JOB = "jobset.sigs.k8s.io/replicatedjob-name";
    static final String JOB_INDEX = "jobset.sigs.k8s.io/job-index";
    static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";

    /**
     * The training metrics of a multi-node engine: the termination message of its first node (pod 0 of Job 0 of the
     * replicated Job {@code trainer}), or of the newest succeeded pod when no pod says it is the first.
     */
    public static Optional<String> firstNodeTerminationMessage(Collection<Pod> pods, String trainer) {
        List<Pod> first = pods.stream().filter(p -> {
            Map<String, String> labels = p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels();
            return trainer.equals(labels.get(REPLICATED_JOB)) && "0".equals(labels.get(JOB_INDEX)) && "0".equals(labels.get(COMPLETION_INDEX));
        }).toList();
        return terminationMessage(first).or(() -> terminationMessage(pods));
    }

    public static Optional<String> terminationMessage(Collection<Pod> pods) {
        return terminatedMainContainer(pods).map(status -> status.getState().getTerminated().getMessage());
    }

    private static Optional<ContainerStatus> terminatedMainContainer(Collection<Pod> pods) {
        return pods.stream()
                .filter(pod -> pod.getStatus() != null && "Succeeded".equals(pod.getStatus().getPhase()))
                .sorted(Comparator.comparing((Pod pod) -> Objects.requireNonNullElse(pod.getMetadata().getCreationTimestamp(), "")).reversed())
                .map(JobObservations::mainContainerStatus)
                .flatMap(Optional::stream)
                .filter(status -> status.getState() != null && status.getState().getTerminated() != null)
                .findFirst();
    }

    /** The first container of the template is the one whose termination message counts. */
    private static Optional<ContainerStatus> mainContainerStatus(Pod pod) {
        if (pod.getSpec() == null || pod.getSpec().getContainers() == null || pod.getSpec().getContainers().isEmpty()
                || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        String main = pod.getSpec().getContainers().get(0).getName();
        return pod.getStatus().getContainerStatuses().stream().filter(s -> Objects.equals(main, s.getName())).findFirst();
    }

    private static Optional<JobCondition> condition(Job job, String type) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
                .findFirst();
    }
}
