package io.modelgate.pipeline.apply;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 403 is RBAC's answer or an admission webhook's verdict; only the second is a rejection of the object itself
 * (the Trainer's webhook refusing a TrainJob whose runtime does not exist, as TrainingEnginesE2eTest sees it).
 */
class WebhookDenialTest {

    @Test
    void aWebhooksDenialIsAVerdictOnTheObject() {
        assertThat(ClusterWriter.deniedByWebhook(
                "admission webhook \"validator.trainjob.trainer.kubeflow.org\" denied the request: spec.RuntimeRef: Invalid value: "
                        + "{\"name\":\"no-such-runtime\"}: ClusterTrainingRuntime.trainer.kubeflow.org \"no-such-runtime\" not found: "
                        + "specified clusterTrainingRuntime must be created before the TrainJob is created")).isTrue();
    }

    @Test
    void rbacAndQuotaRefusalsAreNot() {
        assertThat(ClusterWriter.deniedByWebhook("trainjobs.trainer.kubeflow.org is forbidden: User \"system:serviceaccount:modelgate-system:modelgate\" "
                + "cannot create resource \"trainjobs\" in API group \"trainer.kubeflow.org\" in the namespace \"ml\"")).isFalse();
        assertThat(ClusterWriter.deniedByWebhook("jobs.batch \"x\" is forbidden: exceeded quota: jobs, requested: count/jobs.batch=1")).isFalse();
        assertThat(ClusterWriter.deniedByWebhook(null)).isFalse();
    }
}
