package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.List;
import java.util.Map;

/**
 * Training as a {@code JobSet} ({@code jobset.x-k8s.io/v1alpha2}), for teams that run JobSet directly: its replicated
 * Jobs, success and failure policy, as JobSet spells them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobSetTrainingSpec {

    @Required
    @Size(min = 1, max = 16)
    @JsonPropertyDescription("The JobSet's replicated Jobs. The first container of the first replicated Job's pods is the trainer: it gets Modelgate's environment and its termination message is the training metrics.")
    private List<ReplicatedJob> replicatedJobs;

    @SchemaFrom(type = OpaqueObject.class)

    @PreserveUnknownFields
    @JsonPropertyDescription("JobSet successPolicy as written (operator All | Any, targetReplicatedJobs). Default: every Job succeeds.")
    private Map<String, Object> successPolicy;

    @SchemaFrom(type = OpaqueObject.class)

    @PreserveUnknownFields
    @JsonPropertyDescription("JobSet failurePolicy as written (maxRestarts, restartStrategy, rules). Default: the first failed Job fails the JobSet.")
    private Map<String, Object> failurePolicy;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ReplicatedJob {
        @Required
        @Size(min = 1, max = 40)
        @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
        private String name;

        @Min(1)
        @Max(10000)
        @JsonPropertyDescription("How many Jobs of this template. Default 1.")
        private Integer replicas;

        @Required
        @SchemaFrom(type = OpaqueObject.class)
        @PreserveUnknownFields
        @JsonPropertyDescription("The Job template (metadata and a batch/v1 JobSpec) as JobSet takes it.")
        private Map<String, Object> template;

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public Integer getReplicas() { return replicas; }
        public void setReplicas(Integer replicas) { this.replicas = replicas; }
        public Map<String, Object> getTemplate() { return template; }
        public void setTemplate(Map<String, Object> template) { this.template = template; }
    }

    public List<ReplicatedJob> getReplicatedJobs() { return replicatedJobs; }
    public void setReplicatedJobs(List<ReplicatedJob> replicatedJobs) { this.replicatedJobs = replicatedJobs; }
    public Map<String, Object> getSuccessPolicy() { return successPolicy; }
    public void setSuccessPolicy(Map<String, Object> successPolicy) { this.successPolicy = successPolicy; }
    public Map<String, Object> getFailurePolicy() { return failurePolicy; }
    public void setFailurePolicy(Map<String, Object> failurePolicy) { this.failurePolicy = failurePolicy; }
}
