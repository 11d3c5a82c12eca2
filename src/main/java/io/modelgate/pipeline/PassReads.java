package io.modelgate.pipeline;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a pass reads of a Pod and of a Job, so that an update that changes none of it wakes no pass (the cache still
 * takes the update; the next pass sees it). A pod goes through five or six updates (scheduled, started, ready,
 * ended, its Job's finalizer let go) and a Job through as many (active, ready, uncounted, counted, complete), while
 * a pass decides on a few of them: about half of a minimal lifecycle's reconciles were such wake-ups.
 *
 * <p>The readers, which these views must follow when they read more: a Pod's labels and creation time (which pods
 * are a stage's and which is newest), whether it is being deleted, whether it succeeded and how its containers ended
 * (the termination message: {@code JobObservations}, {@code EngineStatus}), its Ready condition ({@code
 * InferenceServiceStatus}); a Job's labels, annotations and pod template labels (the Observer's pod selector),
 * whether it is being deleted or suspended ({@code JobStageBackend}), its conditions and whether it counts any pod
 * ({@code JobObservations}).
 */
final class PassReads {

    private PassReads() {
    }

    /** The update filter of an informer of {@code kind}: empty where every change is read. */
    static Optional<OnUpdateFilter<HasMetadata>> filter(Class<? extends HasMetadata> kind) {
        if (kind == Pod.class) {
            return Optional.of((now, before) -> !pod((Pod) now).equals(pod((Pod) before)));
        }
        if (kind == Job.class) {
            return Optional.of((now, before) -> !job((Job) now).equals(job((Job) before)));
        }
        return Optional.empty();
    }

    record ContainerEnd(String name, Integer exitCode, String reason, String message) {
    }

    record PodRead(Map<String, String> labels, String created, boolean deleting, boolean succeeded, boolean ready,
                   List<String> containers, List<ContainerEnd> ended) {
    }

    static PodRead pod(Pod pod) {
        ObjectMeta metadata = pod.getMetadata();
        var status = pod.getStatus();
        List<PodCondition> conditions = status == null || status.getConditions() == null ? List.of() : status.getConditions();
        List<ContainerStatus> containers = status == null || status.getContainerStatuses() == null ? List.of() : status.getContainerStatuses();
        return new PodRead(
                metadata.getLabels(),
                metadata.getCreationTimestamp(),
                metadata.getDeletionTimestamp() != null,
                status != null && "Succeeded".equals(status.getPhase()),
                conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())),
                pod.getSpec() == null || pod.getSpec().getContainers() == null ? List.of()
                        : pod.getSpec().getContainers().stream().map(c -> c.getName()).toList(),
                containers.stream()
                        .filter(c -> c.getState() != null && c.getState().getTerminated() != null)
                        .map(c -> new ContainerEnd(c.getName(), c.getState().getTerminated().getExitCode(),
                                c.getState().getTerminated().getReason(), c.getState().getTerminated().getMessage()))
                        .toList());
    }

    record ConditionRead(String type, String status, String reason, String message) {
    }

    record JobRead(Map<String, String> labels, Map<String, String> annotations, boolean deleting, Boolean suspend,
                   Map<String, String> podLabels, List<ConditionRead> conditions, boolean active, boolean succeeded, boolean failed) {
    }

    static JobRead job(Job job) {
        ObjectMeta metadata = job.getMetadata();
        var spec = job.getSpec();
        var status = job.getStatus();
        List<JobCondition> conditions = status == null || status.getConditions() == null ? List.of() : status.getConditions();
        return new JobRead(
                metadata.getLabels(),
                metadata.getAnnotations(),
                metadata.getDeletionTimestamp() != null,
                spec == null ? null : spec.getSuspend(),
                spec == null || spec.getTemplate() == null || spec.getTemplate().getMetadata() == null ? null
                        : spec.getTemplate().getMetadata().getLabels(),
                conditions.stream().map(c -> new ConditionRead(c.getType(), c.getStatus(), c.getReason(), c.getMessage())).toList(),
                status != null && positive(status.getActive()),
                status != null && positive(status.getSucceeded()),
                status != null && positive(status.getFailed()));
    }

    private static boolean positive(Integer count) {
        return Objects.requireNonNullElse(count, 0) > 0;
    }
}
