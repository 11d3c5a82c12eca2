package io.modelgate.pipeline;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Makes the strings a cached object repeats from other cached objects one instance each. The JSON parser gives every
 * object its own copies, while most of a cached object's strings are another's: a namespace, label keys, a pipeline's
 * and revision's names in the labels of everything they own, a Job's name and uid in four labels and the owner
 * reference of each of its Pods, condition types, reasons and messages. Strings that are an object's own (its
 * resourceVersion, its key) are left as they are: sharing them saves nothing.
 *
 * <p>The JVM's string table holds the shared instances and lets them go when no object holds them any more, so
 * deleted pipelines' names do not stay.
 */
final class SharedStrings {

    private SharedStrings() {
    }

    static String of(String value) {
        return value == null ? null : value.intern();
    }

    static void metadata(ObjectMeta metadata) {
        if (metadata == null) {
            return;
        }
        metadata.setName(of(metadata.getName()));
        metadata.setGenerateName(of(metadata.getGenerateName()));
        metadata.setNamespace(of(metadata.getNamespace()));
        metadata.setUid(of(metadata.getUid()));
        metadata.setCreationTimestamp(of(metadata.getCreationTimestamp()));
        metadata.setLabels(map(metadata.getLabels()));
        metadata.setAnnotations(map(metadata.getAnnotations()));
        metadata.setFinalizers(strings(metadata.getFinalizers()));
        each(metadata.getOwnerReferences(), SharedStrings::owner);
    }

    private static void owner(OwnerReference owner) {
        owner.setApiVersion(of(owner.getApiVersion()));
        owner.setKind(of(owner.getKind()));
        owner.setName(of(owner.getName()));
        owner.setUid(of(owner.getUid()));
    }

    static Map<String, String> map(Map<String, String> map) {
        if (map == null || map.isEmpty()) {
            return map;
        }
        // a mutable map of the same order, as the parser gives
        Map<String, String> shared = new LinkedHashMap<>((int) (map.size() / 0.75f) + 1);
        map.forEach((key, value) -> shared.put(of(key), of(value)));
        return shared;
    }

    private static List<String> strings(List<String> strings) {
        // a mutable list, as the parser gives: finalizer handling may change a cached object's list in place
        return strings == null || strings.isEmpty() ? strings
                : strings.stream().map(SharedStrings::of).collect(Collectors.toCollection(ArrayList::new));
    }

    private static <T> void each(List<T> items, Consumer<T> share) {
        if (items != null) {
            items.forEach(share);
        }
    }

    private static void selector(LabelSelector selector) {
        if (selector != null) {
            selector.setMatchLabels(map(selector.getMatchLabels()));
        }
    }

    static void pod(Pod pod) {
        pod.setApiVersion(of(pod.getApiVersion()));
        pod.setKind(of(pod.getKind()));
        if (pod.getSpec() != null) {
            pod.getSpec().setNodeName(of(pod.getSpec().getNodeName()));
            each(pod.getSpec().getContainers(), c -> c.setName(of(c.getName())));
        }
        if (pod.getStatus() != null) {
            pod.getStatus().setPhase(of(pod.getStatus().getPhase()));
            each(pod.getStatus().getConditions(), SharedStrings::podCondition);
            each(pod.getStatus().getContainerStatuses(), SharedStrings::containerStatus);
        }
    }

    private static void podCondition(PodCondition condition) {
        condition.setType(of(condition.getType()));
        condition.setStatus(of(condition.getStatus()));
        condition.setReason(of(condition.getReason()));
        condition.setLastTransitionTime(of(condition.getLastTransitionTime()));
        condition.setLastProbeTime(of(condition.getLastProbeTime()));
    }

    private static void containerStatus(ContainerStatus status) {
        status.setName(of(status.getName()));
        if (status.getState() != null && status.getState().getTerminated() != null) {
            var ended = status.getState().getTerminated();
            ended.setReason(of(ended.getReason()));
            ended.setMessage(of(ended.getMessage()));
            ended.setStartedAt(of(ended.getStartedAt()));
            ended.setFinishedAt(of(ended.getFinishedAt()));
        }
    }

    static void job(Job job) {
        job.setApiVersion(of(job.getApiVersion()));
        job.setKind(of(job.getKind()));
        if (job.getSpec() != null) {
            selector(job.getSpec().getSelector());
            job.getSpec().setCompletionMode(of(job.getSpec().getCompletionMode()));
            job.getSpec().setPodReplacementPolicy(of(job.getSpec().getPodReplacementPolicy()));
            if (job.getSpec().getTemplate() != null) {
                metadata(job.getSpec().getTemplate().getMetadata());
            }
        }
        if (job.getStatus() != null) {
            job.getStatus().setStartTime(of(job.getStatus().getStartTime()));
            job.getStatus().setCompletionTime(of(job.getStatus().getCompletionTime()));
            each(job.getStatus().getConditions(), SharedStrings::jobCondition);
        }
    }

    private static void jobCondition(JobCondition condition) {
        condition.setType(of(condition.getType()));
        condition.setStatus(of(condition.getStatus()));
        condition.setReason(of(condition.getReason()));
        condition.setMessage(of(condition.getMessage()));
        condition.setLastTransitionTime(of(condition.getLastTransitionTime()));
        condition.setLastProbeTime(of(condition.getLastProbeTime()));
    }

    static void deployment(Deployment deployment) {
        deployment.setApiVersion(of(deployment.getApiVersion()));
        deployment.setKind(of(deployment.getKind()));
        if (deployment.getSpec() != null) {
            selector(deployment.getSpec().getSelector());
            if (deployment.getSpec().getTemplate() != null) {
                metadata(deployment.getSpec().getTemplate().getMetadata());
            }
        }
        if (deployment.getStatus() != null) {
            each(deployment.getStatus().getConditions(), SharedStrings::deploymentCondition);
        }
    }

    private static void deploymentCondition(DeploymentCondition condition) {
        condition.setType(of(condition.getType()));
        condition.setStatus(of(condition.getStatus()));
        condition.setReason(of(condition.getReason()));
        condition.setLastTransitionTime(of(condition.getLastTransitionTime()));
        condition.setLastUpdateTime(of(condition.getLastUpdateTime()));
    }

    /** The conditions of a custom resource's status (a revision's, a pipeline's). */
    static void conditions(List<Condition> conditions) {
        each(conditions, condition -> {
            condition.setType(of(condition.getType()));
            condition.setStatus(of(condition.getStatus()));
            condition.setReason(of(condition.getReason()));
            condition.setLastTransitionTime(of(condition.getLastTransitionTime()));
        });
    }
}
