package io.modelgate.pipeline;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** Which updates of a Pod and of a Job wake a pass: those that change what a pass reads of them, and only those. */
class PassReadsTest {

    static final OnUpdateFilter<HasMetadata> PODS = PassReads.filter(Pod.class).orElseThrow();
    static final OnUpdateFilter<HasMetadata> JOBS = PassReads.filter(Job.class).orElseThrow();

    static Pod pending() {
        return new PodBuilder().withNewMetadata().withName("fraud-r1-train-x").withNamespace("ns")
                .addToLabels("modelgate.io/pipeline", "fraud").addToLabels("modelgate.io/revision", "fraud-r1")
                .withCreationTimestamp("2026-12-07T10:00:00Z").addToFinalizers("batch.kubernetes.io/job-tracking").endMetadata()
                .withNewSpec().addNewContainer().withName("train").endContainer().endSpec()
                .withNewStatus().withPhase("Pending").endStatus()
                .build();
    }

    static boolean wakes(OnUpdateFilter<HasMetadata> filter, HasMetadata before, HasMetadata now) {
        return filter.accept(now, before);
    }

    static Pod pod(Pod from, UnaryOperator<PodBuilder> change) {
        return change.apply(new PodBuilder(from)).build();
    }

    @Test
    void aPodsSchedulingStartAndFinalizerWakeNoPassItsReadinessEndAndDeletionDo() {
        Pod pending = pending();
        Pod scheduled = pod(pending, b -> b.editSpec().withNodeName("kwok-1").endSpec()
                .editStatus().addNewCondition().withType("PodScheduled").withStatus("True").withLastTransitionTime("2026-12-07T10:00:01Z").endCondition().endStatus());
        Pod running = pod(scheduled, b -> b.editStatus().withPhase("Running").withPodIP("10.0.0.9").withStartTime("2026-12-07T10:00:02Z")
                .addNewContainerStatus().withName("train").withNewState().withNewRunning().withStartedAt("2026-12-07T10:00:02Z").endRunning().endState().endContainerStatus()
                .endStatus());
        Pod ready = pod(running, b -> b.editStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus());
        Pod ended = pod(ready, b -> b.editStatus().withPhase("Succeeded").withContainerStatuses(new io.fabric8.kubernetes.api.model.ContainerStatusBuilder()
                .withName("train").withNewState().withNewTerminated().withExitCode(0).withReason("Completed").withMessage("{\"auc\":0.93}").endTerminated().endState()
                .build()).endStatus());
        Pod released = pod(ended, b -> b.editMetadata().withFinalizers(List.of()).endMetadata());
        Pod deleting = pod(released, b -> b.editMetadata().withDeletionTimestamp("2026-12-07T10:01:00Z").endMetadata());

        assertThat(wakes(PODS, pending, scheduled)).as("scheduled").isFalse();
        assertThat(wakes(PODS, scheduled, running)).as("started").isFalse();
        assertThat(wakes(PODS, running, ready)).as("ready").isTrue();
        assertThat(wakes(PODS, ready, ended)).as("succeeded, with its termination message").isTrue();
        assertThat(wakes(PODS, ended, released)).as("its Job's finalizer let go").isFalse();
        assertThat(wakes(PODS, released, deleting)).as("being deleted").isTrue();
        assertThat(wakes(PODS, pending, pod(pending, b -> b.editMetadata().addToLabels("modelgate.io/role", "x").endMetadata())))
                .as("a label").isTrue();
    }

    @Test
    void theCacheKeepsOfAPodWhatAPassReadsOfIt() {
        Pod pending = pending();
        Pod full = pod(pending, b -> b.editSpec().withNodeName("kwok-1").addNewContainer().withName("sidecar").withImage("log:1").endContainer().endSpec()
                .editStatus().withPhase("Succeeded").withPodIP("10.0.0.9").withHostIP("10.1.0.1").withStartTime("2026-12-07T10:00:02Z").withQosClass("BestEffort")
                .addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
                .addNewCondition().withType("Ready").withStatus("False").withReason("PodCompleted").endCondition()
                .addNewContainerStatus().withName("train").withImage("train:1").withContainerID("containerd://a").withRestartCount(0)
                .withNewState().withNewTerminated().withExitCode(0).withReason("Completed").withMessage("{\"auc\":0.93}").endTerminated().endState().endContainerStatus()
                .addNewContainerStatus().withName("sidecar").withNewState().withNewRunning().withStartedAt("2026-12-07T10:00:02Z").endRunning().endState().endContainerStatus()
                .endStatus());

        Pod cached = PrunedStore.pod(new PodBuilder(full).build());

        assertThat(PassReads.pod(cached)).as("what a pass reads").isEqualTo(PassReads.pod(full));
        assertThat(cached.getStatus().getPodIP()).isNull();
        assertThat(cached.getStatus().getStartTime()).isNull();
        assertThat(cached.getStatus().getConditions()).extracting(c -> c.getType()).containsExactly("Ready");
        assertThat(cached.getStatus().getContainerStatuses()).extracting(c -> c.getName()).containsExactly("train", "sidecar");
        assertThat(cached.getStatus().getContainerStatuses().get(0).getImage()).isNull();
        assertThat(cached.getStatus().getContainerStatuses().get(0).getState().getTerminated().getMessage()).isEqualTo("{\"auc\":0.93}");
        assertThat(cached.getStatus().getContainerStatuses().get(1).getState()).as("a running container: not read").isNull();
    }

    @Test
    void aContainerThatEndsAgainWithAnotherMessageWakesAPass() {
        Pod ended = pod(pending(), b -> b.editStatus().withPhase("Failed").addNewContainerStatus().withName("train")
                .withNewState().withNewTerminated().withExitCode(1).withMessage("first").endTerminated().endState().endContainerStatus().endStatus());
        Pod again = pod(ended, b -> b.editStatus().editContainerStatus(0).editState().editTerminated().withMessage("second")
                .endTerminated().endState().endContainerStatus().endStatus());
        assertThat(wakes(PODS, ended, again)).isTrue();
    }

    static Job created() {
        return new JobBuilder().withNewMetadata().withName("fraud-r1-train").withNamespace("ns").addToLabels("modelgate.io/pipeline", "fraud").endMetadata()
                .withNewSpec().withNewTemplate().withNewMetadata().addToLabels("modelgate.io/revision", "fraud-r1").endMetadata().endTemplate().endSpec()
                .build();
    }

    static Job job(Job from, UnaryOperator<JobBuilder> change) {
        return change.apply(new JobBuilder(from)).build();
    }

    @Test
    void aJobsReadyCountStartTimeAndUncountedPodsWakeNoPassItsPodsConditionsAndSuspensionDo() {
        Job created = created();
        Job active = job(created, b -> b.withNewStatus().withActive(1).withReady(0).withStartTime("2026-12-07T10:00:00Z").endStatus());
        Job ready = job(active, b -> b.editStatus().withReady(1).endStatus());
        Job uncounted = job(ready, b -> b.editStatus().withActive(0).withReady(0).withNewUncountedTerminatedPods().addToSucceeded("uid-1").endUncountedTerminatedPods().endStatus());
        Job counted = job(uncounted, b -> b.editStatus().withSucceeded(1).withUncountedTerminatedPods(null)
                .addNewCondition().withType("SuccessCriteriaMet").withStatus("True").endCondition().endStatus());
        Job complete = job(counted, b -> b.editStatus().withCompletionTime("2026-12-07T10:00:05Z")
                .addNewCondition().withType("Complete").withStatus("True").withLastTransitionTime("2026-12-07T10:00:05Z").endCondition().endStatus());
        Job touched = job(complete, b -> b.editStatus().editCondition(1).withLastProbeTime("2026-12-07T10:00:09Z").endCondition().endStatus());

        assertThat(wakes(JOBS, created, active)).as("its first pod counted").isTrue();
        assertThat(wakes(JOBS, active, ready)).as("ready").isFalse();
        assertThat(wakes(JOBS, ready, uncounted)).as("a pod ended, not counted yet").isTrue(); // active 1 -> 0
        assertThat(wakes(JOBS, uncounted, counted)).as("counted, success criteria met").isTrue();
        assertThat(wakes(JOBS, counted, complete)).as("complete").isTrue();
        assertThat(wakes(JOBS, complete, touched)).as("a condition's probe time").isFalse();
        assertThat(wakes(JOBS, created, job(created, b -> b.editSpec().withSuspend(true).endSpec()))).as("suspended").isTrue();
        assertThat(wakes(JOBS, created, job(created, b -> b.editMetadata().addToAnnotations("kueue.x-k8s.io/queue", "q").endMetadata())))
                .as("an annotation").isTrue();
    }

    @Test
    void aDeploymentsServingPodsAreNeitherCachedNorWatchedUnlessKServeReadsThem() {
        assertThat(ModelPipelineReconciler.selector(Pod.class, io.modelgate.engine.Engines.JOB_ONLY))
                .isEqualTo("modelgate.io/pipeline,modelgate.io/role!=serving");
        assertThat(ModelPipelineReconciler.selector(Pod.class, io.modelgate.engine.Engines.ALL)).as("KServe's predictor pods are read")
                .isEqualTo("modelgate.io/pipeline");
        assertThat(ModelPipelineReconciler.selector(Job.class, io.modelgate.engine.Engines.JOB_ONLY)).isEqualTo("modelgate.io/pipeline");
    }

    @Test
    void everyChangeOfTheOtherKindsWakesAPass() {
        for (Class<? extends HasMetadata> kind : List.of(Deployment.class, Service.class, ConfigMap.class)) {
            assertThat(PassReads.filter(kind)).as(kind.getSimpleName()).isEmpty();
        }
    }
}
