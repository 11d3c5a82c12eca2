package io.modelgate.pipeline;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.modelgate.revision.JobObservation;
import io.modelgate.revision.ServingObservation;

import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/** Reads Jobs, Pods and Deployments into the observations the decision logic understands. */
final class ClusterObservations {

    private ClusterObservations() {
    }

    /**
     * @param pods the pods of this Job (by the revision and role labels); the newest succeeded one tells the metrics
     */
    static JobObservation job(Job job, Collection<Pod> pods) {
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
     * termination message is called missing.
     */
    static JobObservation job(Job job, Collection<Pod> cachedPods, java.util.function.Supplier<? extends Collection<Pod>> freshPods) {
        JobObservation observation = job(job, cachedPods);
        if (observation instanceof JobObservation.Succeeded succeeded && succeeded.terminationMessage() == null
                && !hasSucceededPodWithState(cachedPods)) {
            return job(job, freshPods.get());
        }
        return observation;
    }

    private static boolean hasSucceededPodWithState(Collection<Pod> pods) {
        return terminatedMainContainer(pods).isPresent();
    }

    static Optional<String> terminationMessage(Collection<Pod> pods) {
        return terminatedMainContainer(pods).map(status -> status.getState().getTerminated().getMessage());
    }

    private static Optional<ContainerStatus> terminatedMainContainer(Collection<Pod> pods) {
        return pods.stream()
                .filter(pod -> pod.getStatus() != null && "Succeeded".equals(pod.getStatus().getPhase()))
                .sorted(Comparator.comparing((Pod pod) -> Objects.requireNonNullElse(pod.getMetadata().getCreationTimestamp(), "")).reversed())
                .map(ClusterObservations::mainContainerStatus)
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

    /**
     * Available only at the size serving needs: a Deployment that asks for fewer pods than {@code desiredReplicas}
     * (a canary at its weight, about to be scaled up) is still progressing, whatever its own status says.
     */
    static ServingObservation serving(Deployment deployment, int desiredReplicas) {
        ServingObservation observed = serving(deployment);
        Integer asked = deployment == null ? null : deployment.getSpec().getReplicas();
        if (observed instanceof ServingObservation.Available && (asked == null || asked != desiredReplicas)) {
            int ready = deployment.getStatus() == null ? 0 : orZero(deployment.getStatus().getReadyReplicas());
            return new ServingObservation.Progressing(ready, desiredReplicas);
        }
        return observed;
    }

    static ServingObservation serving(Deployment deployment) {
        if (deployment == null) {
            return ServingObservation.ABSENT;
        }
        int desired = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        var status = deployment.getStatus();
        if (status != null && status.getConditions() != null) {
            for (DeploymentCondition condition : status.getConditions()) {
                if ("Progressing".equals(condition.getType()) && "False".equals(condition.getStatus())
                        && "ProgressDeadlineExceeded".equals(condition.getReason())) {
                    return new ServingObservation.Stalled(condition.getReason(), Objects.requireNonNullElse(condition.getMessage(), ""));
                }
            }
        }
        if (status == null) {
            return new ServingObservation.Progressing(0, desired);
        }
        long generation = deployment.getMetadata().getGeneration() == null ? 0 : deployment.getMetadata().getGeneration();
        boolean observed = status.getObservedGeneration() != null && status.getObservedGeneration() >= generation;
        int updated = orZero(status.getUpdatedReplicas());
        int available = orZero(status.getAvailableReplicas());
        if (observed && updated >= desired && available >= desired) {
            return ServingObservation.AVAILABLE;
        }
        return new ServingObservation.Progressing(orZero(status.getReadyReplicas()), desired);
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
