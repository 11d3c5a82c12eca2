package io.modelgate.serving;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.modelgate.api.ModelRevision;
import io.modelgate.podsecurity.PodSecurityStandards;
import io.modelgate.revision.JobObservation;
import io.modelgate.revision.ServingObservation;
import io.modelgate.workload.ClusterView;
import io.modelgate.workload.Owned;
import io.modelgate.workload.Workloads;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A revision serves from its own {@code apps/v1} Deployment: the default. */
public final class DeploymentServing implements ServingBackend {

    @Override
    public List<Class<? extends HasMetadata>> watchedKinds() {
        return List.of(Deployment.class, Pod.class);
    }

    @Override
    public HasMetadata build(ModelRevision revision, int replicas) {
        return Workloads.deployment(revision, replicas);
    }

    @Override
    public List<PodTemplateSpec> podTemplates(HasMetadata built) {
        return List.of(((Deployment) built).getSpec().getTemplate());
    }

    @Override
    public Optional<HasMetadata> find(ClusterView cluster, ModelRevision revision) {
        return cluster.get("Deployment", revision.getSpec().getWorkloads().getDeployment());
    }

    @Override
    public Optional<Integer> askedReplicas(HasMetadata workload) {
        return Optional.ofNullable(((Deployment) workload).getSpec().getReplicas());
    }

    @Override
    public Map<String, Object> scalePatch(int replicas) {
        return Map.of("spec", Map.of("replicas", replicas));
    }

    @Override
    public HasMetadata scaled(HasMetadata workload, int replicas) {
        return new DeploymentBuilder((Deployment) workload).editSpec().withReplicas(replicas).endSpec().build();
    }

    /**
     * Available only at the size serving needs: a Deployment that asks for fewer pods than {@code desiredReplicas}
     * (a canary at its weight, about to be scaled up) is still progressing, whatever its own status says.
     */
    @Override
    public ServingObservation observe(ClusterView cluster, HasMetadata workload, int desiredReplicas) {
        Deployment deployment = (Deployment) workload;
        ServingObservation observed = observe(deployment);
        Integer asked = deployment == null ? null : deployment.getSpec().getReplicas();
        if (observed instanceof ServingObservation.Available && (asked == null || asked != desiredReplicas)) {
            int ready = deployment.getStatus() == null ? 0 : orZero(deployment.getStatus().getReadyReplicas());
            return new ServingObservation.Progressing(ready, desiredReplicas);
        }
        return observed;
    }

    @Override
    public List<Owned> owned(ModelRevision revision) {
        return List.of(new Owned("apps/v1", "Deployment", revision.getSpec().getWorkloads().getDeployment()));
    }

    static ServingObservation observe(Deployment deployment) {
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
                if ("ReplicaFailure".equals(condition.getType()) && "True".equals(condition.getStatus())
                        && PodSecurityStandards.refusedByAdmission(condition.getMessage())) {
                    // The ReplicaSet controller would try until the progress deadline; no try can succeed.
                    return new ServingObservation.Stalled(JobObservation.POD_SECURITY_REFUSED, condition.getMessage());
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
