package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/** What every stage that runs as a Kubernetes Job shares. */
public abstract class JobStageSpec {

    @SchemaFrom(type = OpaquePodTemplate.class)
    @PreserveUnknownFields
    @JsonPropertyDescription("Pod template of the Job. The first container is given MODEL_URI, MODELGATE_REVISION, DATA_REF and the parameters.")
    private PodTemplateSpec template;

    @Min(0)
    @Max(20)
    @JsonPropertyDescription("Retries of the Job's pod before the stage fails (Job backoffLimit). Default 2.")
    private Integer backoffLimit;

    @Min(1)
    @JsonPropertyDescription("Deadline of the Job in seconds; a Job past it fails the stage.")
    private Long activeDeadlineSeconds;

    @Size(max = 63)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("The Kueue LocalQueue of what this stage creates (label kueue.x-k8s.io/queue-name). Until Kueue admits it, the revision waits with reason WaitingForQuota.")
    private String queueName;

    public String getQueueName() { return queueName; }
    public void setQueueName(String queueName) { this.queueName = queueName; }
    public PodTemplateSpec getTemplate() { return template; }
    public void setTemplate(PodTemplateSpec template) { this.template = template; }
    public Integer getBackoffLimit() { return backoffLimit; }
    public void setBackoffLimit(Integer backoffLimit) { this.backoffLimit = backoffLimit; }
    public Long getActiveDeadlineSeconds() { return activeDeadlineSeconds; }
    public void setActiveDeadlineSeconds(Long activeDeadlineSeconds) { this.activeDeadlineSeconds = activeDeadlineSeconds; }
}
