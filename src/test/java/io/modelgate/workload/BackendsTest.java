package io.modelgate.workload;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.ModelRevisionSpec.Trigger;
import io.modelgate.revision.JobObservation;
import io.modelgate.revision.JobStage;
import io.modelgate.revision.ServingObservation;
import io.modelgate.serving.DeploymentServing;
import io.modelgate.serving.ServingBackend;
import io.modelgate.status.Reason;
import io.modelgate.training.JobStageBackend;
import io.modelgate.training.StageBackend;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two backends there are today, through their interfaces: what they write is the golden YAML of
 * {@link WorkloadsGoldenTest}, and what they read from the cluster is what the lifecycle is told.
 */
class BackendsTest {

    final StageBackend jobs = new JobStageBackend();
    final ServingBackend deployments = new DeploymentServing();
    final ModelRevision minimal = WorkloadsGoldenTest.freeze(WorkloadsGoldenTest.minimal(), 1, Trigger.Initial, Optional.empty());
    final ModelRevision complete = WorkloadsGoldenTest.freeze(WorkloadsGoldenTest.complete(), 12, Trigger.Schedule,
            Optional.of(java.time.Instant.parse("2026-11-02T02:00:00Z")));

    @Test
    void whatTheBackendsWriteIsTheGoldenYaml() throws IOException {
        assertGolden("minimal/job-train.yaml", jobs.build(minimal, JobStage.Training));
        assertGolden("minimal/job-eval.yaml", jobs.build(minimal, JobStage.Evaluation));
        assertGolden("complete/job-validate.yaml", jobs.build(complete, JobStage.Validation));
        assertGolden("complete/job-train.yaml", jobs.build(complete, JobStage.Training));
        assertGolden("minimal/deployment.yaml", deployments.build(minimal, 2));
        assertGolden("complete/deployment-canary.yaml", deployments.build(complete, 1));
    }

    @Test
    void theBackendsNameWhatTheyOwnAndWatch() {
        assertThat(jobs.owned(minimal, JobStage.Training)).containsExactly(new Owned("batch/v1", "Job", "fraud-r1-train"));
        assertThat(jobs.owned(minimal, JobStage.Validation)).as("no data validation, no Job").isEmpty();
        assertThat(deployments.owned(minimal)).containsExactly(new Owned("apps/v1", "Deployment", "fraud-r1"));
        assertThat(jobs.watchedKinds()).contains(Job.class, Pod.class);
        assertThat(deployments.watchedKinds()).contains(Deployment.class);
    }

    @Test
    void aStageIsAbsentRunningDoneWithItsMessageOrFailedWithTheEnginesReason() {
        View cluster = new View();
        assertThat(jobs.observe(cluster, minimal, JobStage.Training)).isEqualTo(JobObservation.ABSENT);

        Job job = (Job) jobs.build(minimal, JobStage.Training);
        cluster.put(job);
        assertThat(jobs.observe(cluster, minimal, JobStage.Training)).isEqualTo(JobObservation.RUNNING);

        cluster.put(new JobBuilder(job).withNewStatus().addNewCondition().withType("Failed").withStatus("True")
                .withReason("BackoffLimitExceeded").withMessage("Job has reached the specified backoff limit").endCondition().endStatus().build());
        assertThat(jobs.observe(cluster, minimal, JobStage.Training))
                .isEqualTo(new JobObservation.Failed("BackoffLimitExceeded", "Job has reached the specified backoff limit"));

        cluster.put(new JobBuilder(job).withNewStatus().addNewCondition().withType("Complete").withStatus("True").endCondition().endStatus().build());
        assertThat(jobs.observe(cluster, minimal, JobStage.Training)).as("succeeded, no pod left to tell the metrics")
                .isEqualTo(new JobObservation.Succeeded(null));
        cluster.readAgain.put("fraud-r1-train", List.of(succeededPod(job, "{\"loss\": 0.1}")));
        assertThat(jobs.observe(cluster, minimal, JobStage.Training)).as("the Pods read again tell it")
                .isEqualTo(new JobObservation.Succeeded("{\"loss\": 0.1}"));
        cluster.pods.add(succeededPod(job, "{\"loss\": 0.2}"));
        assertThat(jobs.observe(cluster, minimal, JobStage.Training)).isEqualTo(new JobObservation.Succeeded("{\"loss\": 0.2}"));
    }

    @Test
    void aJobWhosePodsAreRefusedIsHeldByAQuotaAndFailedByPodSecurity() {
        View cluster = new View();
        Job job = (Job) jobs.build(minimal, JobStage.Training);
        cluster.put(job);
        String quota = "Error creating: pods \"fraud-r1-train-abcde\" is forbidden: exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1";
        cluster.refused.put("fraud-r1-train", quota);
        assertThat(jobs.observe(cluster, minimal, JobStage.Training)).isEqualTo(new JobObservation.Held(Reason.PodsNotCreated, quota));

        String security = "Error creating: pods \"fraud-r1-train-abcde\" is forbidden: violates PodSecurity \"restricted:latest\": runAsUser=0";
        cluster.refused.put("fraud-r1-train", security);
        assertThat(jobs.observe(cluster, minimal, JobStage.Training)).isEqualTo(new JobObservation.Failed("PodSecurityRefused", security));

        cluster.put(new JobBuilder(job).withNewStatus().withActive(1).endStatus().build());
        assertThat(jobs.observe(cluster, minimal, JobStage.Training)).as("a pod runs now: an old refusal no longer holds")
                .isEqualTo(JobObservation.RUNNING);
        cluster.put(job);
        cluster.pods.add(new PodBuilder().withNewMetadata().withName("fraud-r1-train-abcde").withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
                .endMetadata().withNewStatus().withPhase("Pending").endStatus().build());
        assertThat(jobs.observe(cluster, minimal, JobStage.Training)).as("a pod of it is cached, whatever the Job's counts say")
                .isEqualTo(JobObservation.RUNNING);
    }

    @Test
    void servingWhosePodsPodSecurityRefusesIsStalledAtOnce() {
        Deployment built = (Deployment) deployments.build(minimal, 2);
        String message = "pods \"fraud-r1-5d8f-x\" is forbidden: violates PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false";
        Deployment refused = new DeploymentBuilder(built).withNewStatus().addNewCondition().withType("ReplicaFailure").withStatus("True")
                .withReason("FailedCreate").withMessage(message).endCondition().endStatus().build();
        Deployment quota = new DeploymentBuilder(built).withNewStatus().addNewCondition().withType("ReplicaFailure").withStatus("True")
                .withReason("FailedCreate").withMessage("pods \"x\" is forbidden: exceeded quota: q").endCondition().endStatus().build();

        assertThat(deployments.observe(new View(), refused, 2)).isEqualTo(new ServingObservation.Stalled("PodSecurityRefused", message));
        assertThat(deployments.observe(new View(), quota, 2)).as("a quota may free up before the progress deadline")
                .isEqualTo(new ServingObservation.Progressing(0, 2));
    }

    @Test
    void servingIsAvailableOnlyAtTheAskedSizeAndStalledWithTheReason() {
        Deployment built = (Deployment) deployments.build(minimal, 2);
        Deployment ready = new DeploymentBuilder(built).editMetadata().withGeneration(1L).endMetadata().withNewStatus()
                .withObservedGeneration(1L).withReplicas(2).withUpdatedReplicas(2).withReadyReplicas(2).withAvailableReplicas(2).endStatus().build();

        assertThat(deployments.observe(new View(), ready, 2)).isEqualTo(ServingObservation.AVAILABLE);
        assertThat(deployments.observe(new View(), ready, 5)).as("asks for fewer than serving needs").isEqualTo(new ServingObservation.Progressing(2, 5));
        assertThat(deployments.observe(new View(), built, 2)).as("no status yet").isEqualTo(new ServingObservation.Progressing(0, 2));
        Deployment stalled = new DeploymentBuilder(ready).editStatus().addNewCondition().withType("Progressing").withStatus("False")
                .withReason("ProgressDeadlineExceeded").withMessage("ReplicaSet has timed out progressing").endCondition().endStatus().build();
        assertThat(deployments.observe(new View(), stalled, 2))
                .isEqualTo(new ServingObservation.Stalled("ProgressDeadlineExceeded", "ReplicaSet has timed out progressing"));
    }

    @Test
    void scalingIsAPatchOfTheAskedReplicas() {
        HasMetadata built = deployments.build(minimal, 2);

        assertThat(deployments.scalePatch(0)).isEqualTo(Map.of("spec", Map.of("replicas", 0)));
        assertThat(deployments.askedReplicas(deployments.scaled(built, 7))).contains(7);
        assertThat(deployments.askedReplicas(built)).as("the original is left as it was").contains(2);
    }

    private static void assertGolden(String file, HasMetadata object) throws IOException {
        JsonNode expected = WorkloadsGoldenTest.YAML.readTree(Files.readString(WorkloadsGoldenTest.GOLDEN.resolve(file)));
        assertThat(WorkloadsGoldenTest.YAML.readTree(Serialization.asYaml(object))).as(file).isEqualTo(expected);
    }

    private static Pod succeededPod(Job job, String message) {
        var template = job.getSpec().getTemplate();
        return new PodBuilder().withNewMetadata().withName(job.getMetadata().getName() + "-x").withLabels(template.getMetadata().getLabels())
                .withCreationTimestamp("2026-11-01T10:00:00Z").endMetadata()
                .withSpec(template.getSpec())
                .withNewStatus().withPhase("Succeeded").withContainerStatuses(new ContainerStatusBuilder()
                        .withName(template.getSpec().getContainers().get(0).getName())
                        .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(0).withMessage(message).endTerminated().build())
                        .build()).endStatus().build();
    }

    /** What a pass sees, in a map. */
    static final class View implements ClusterView {
        final Map<String, HasMetadata> objects = new HashMap<>();
        final List<Pod> pods = new java.util.ArrayList<>();
        final Map<String, List<Pod>> readAgain = new HashMap<>();
        final Map<String, String> refused = new HashMap<>();

        void put(HasMetadata object) {
            objects.put(object.getKind() + "/" + object.getMetadata().getName(), object);
        }

        @Override
        public Optional<HasMetadata> get(String kind, String name) {
            return Optional.ofNullable(objects.get(kind + "/" + name));
        }

        @Override
        public List<Pod> pods(Map<String, String> labels) {
            return pods.stream().filter(p -> p.getMetadata().getLabels().entrySet().containsAll(labels.entrySet())).toList();
        }

        @Override
        public List<Pod> podsReadAgain(String jobName) {
            return readAgain.getOrDefault(jobName, List.of());
        }

        @Override
        public List<HasMetadata> ownedBy(String kind, String ownerUid) {
            return objects.values().stream().filter(o -> o.getKind().equals(kind) && o.getMetadata().getOwnerReferences() != null
                    && o.getMetadata().getOwnerReferences().stream().anyMatch(r -> ownerUid.equals(r.getUid()))).toList();
        }

        @Override
        public Optional<String> podsRefused(String jobName) {
            return Optional.ofNullable(refused.get(jobName));
        }
    }
}
