package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/** How a revision serves: a Deployment or a KServe InferenceService per revision, behind the pipeline's Services. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.backend) && self.backend == 'InferenceService' ? has(self.inferenceService) : !has(self.inferenceService)",
        message = "inferenceService is required with backend InferenceService and applies only to it")
@ValidationRule(value = "has(self.backend) && self.backend == 'InferenceService' ? !has(self.template) : has(self.template)",
        message = "template is required with backend Deployment; an InferenceService takes its model server from inferenceService and its runtime")
public class ServingSpec {

    @SchemaFrom(type = OpaquePodTemplate.class)
    @PreserveUnknownFields
    @JsonPropertyDescription("Pod template of the serving Deployment (backend Deployment); the first container gets MODEL_URI and serves on port.")
    private PodTemplateSpec template;

    @Default("1")
    @Min(0)
    @Max(1000)
    @JsonPropertyDescription("Replicas of the stable revision. Not part of the revision identity: changing it scales, it does not retrain.")
    private Integer replicas;

    @Default("8080")
    @Min(1)
    @Max(65535)
    @JsonPropertyDescription("Container port the model server listens on; the Service exposes it under the same number.")
    private Integer port;

    @Size(max = 63)
    @Pattern("^[a-z]([-a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("Name of the Service in front of the serving pods. Default: the pipeline's name.")
    private String serviceName;

    @JsonPropertyDescription("What a revision serves from. Deployment (the default): one apps/v1 Deployment per revision. InferenceService: one "
            + "KServe serving.kserve.io/v1beta1 InferenceService per revision in Standard mode. Part of the revision's identity.")
    private Backend backend;

    @JsonPropertyDescription("The InferenceService's predictor, with backend InferenceService.")
    private InferenceServiceSpec inferenceService;

    /** The serving backends Modelgate implements; the schema admits no other. */
    public enum Backend { Deployment, InferenceService }

    public PodTemplateSpec getTemplate() { return template; }
    public void setTemplate(PodTemplateSpec template) { this.template = template; }
    public Integer getReplicas() { return replicas; }
    public void setReplicas(Integer replicas) { this.replicas = replicas; }
    public Integer getPort() { return port; }
    public void setPort(Integer port) { this.port = port; }
    public String getServiceName() { return serviceName; }
    public void setServiceName(String serviceName) { this.serviceName = serviceName; }
    public Backend getBackend() { return backend; }
    public void setBackend(Backend backend) { this.backend = backend; }
    public InferenceServiceSpec getInferenceService() { return inferenceService; }
    public void setInferenceService(InferenceServiceSpec inferenceService) { this.inferenceService = inferenceService; }

    public Backend effectiveBackend() { return backend == null ? Backend.Deployment : backend; }

    /** Pods of the stable revision: an InferenceService's minReplicas where it names one, else replicas. */
    public int effectiveReplicas() {
        if (effectiveBackend() == Backend.InferenceService && inferenceService != null && inferenceService.getMinReplicas() != null) {
            return inferenceService.getMinReplicas();
        }
        return replicas == null ? 1 : replicas;
    }

    public int effectivePort() { return port == null ? 8080 : port; }
}
