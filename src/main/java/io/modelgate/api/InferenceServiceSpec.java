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
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.List;
import java.util.Map;

/**
 * Serving on KServe: the predictor of one {@code serving.kserve.io/v1beta1} InferenceService per revision, in KServe's
 * Standard (raw deployment) mode, with the fields spelled as KServe spells them. What changes the model server is part
 * of the revision's identity; the replica bounds and the autoscaling target are not, as {@code serving.replicas} is not.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.minReplicas) || !has(self.maxReplicas) || self.minReplicas <= self.maxReplicas",
        message = "minReplicas must not exceed maxReplicas")
@ValidationRule(value = "has(self.scaleMetric) == has(self.scaleTarget)",
        message = "scaleMetric and scaleTarget go together")
public class InferenceServiceSpec {

    @Required
    @JsonPropertyDescription("The model's format, which picks the serving runtime when runtime is not named (sklearn, xgboost, lightgbm, tensorflow, pytorch, onnx, triton, huggingface, ...).")
    private ModelFormat modelFormat;

    @Size(min = 1, max = 253)
    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    @JsonPropertyDescription("A ServingRuntime (in the pipeline's namespace) or ClusterServingRuntime by name. Default: KServe picks one that supports modelFormat.")
    private String runtime;

    @Pattern("^(v1|v2|grpc-v1|grpc-v2)$")
    @JsonPropertyDescription("The inference protocol: v1 (KServe's default), v2 (Open Inference Protocol), grpc-v1 or grpc-v2.")
    private String protocolVersion;

    @Size(min = 1, max = 1024)
    @JsonPropertyDescription("Where KServe's storage initializer takes the model from. Default: the revision's artifact URI (MODEL_URI).")
    private String storageUri;

    @JsonPropertyDescription("Resources of the model server container.")
    private ResourceRequirements resources;

    @Min(0)
    @Max(1000)
    @JsonPropertyDescription("Pods of the stable revision, the floor of KServe's autoscaler. Default: serving.replicas. Not part of the revision's identity.")
    private Integer minReplicas;

    @Min(1)
    @Max(1000)
    @JsonPropertyDescription("Ceiling of KServe's autoscaler for the stable revision (default: minReplicas, no autoscaling). "
            + "While a rollout splits traffic by replica counts, every revision is pinned at its count. Not part of the revision's identity.")
    private Integer maxReplicas;

    @JsonPropertyDescription("What KServe's autoscaler scales on: cpu, memory, concurrency or rps. Not part of the revision's identity.")
    private ScaleMetric scaleMetric;

    @Min(1)
    @JsonPropertyDescription("The autoscaler's target for scaleMetric (percent of the request for cpu and memory). Not part of the revision's identity.")
    private Integer scaleTarget;

    @Size(min = 1, max = 512)
    @JsonPropertyDescription("Replaces the runtime's image of the model server container.")
    private String image;

    @Size(max = 64)
    @JsonPropertyDescription("Replaces the runtime's command of the model server container.")
    private List<String> command;

    @Size(max = 64)
    @JsonPropertyDescription("Arguments of the model server container, added to the runtime's.")
    private List<String> args;

    @Size(max = 128)
    @JsonPropertyDescription("Environment of the model server container; MODEL_URI, MODELGATE_REVISION and the revision's parameters are added.")
    private List<EnvVar> env;

    @Size(min = 1, max = 253)
    @JsonPropertyDescription("The ServiceAccount of the predictor pods (e.g. one holding the storage credentials).")
    private String serviceAccountName;

    @SchemaFrom(type = OpaqueObject.class)
    @PreserveUnknownFields
    @JsonPropertyDescription("KServe's payload logger as KServe spells it (mode all|request|response, url), e.g. to a CloudEvents sink.")
    private Map<String, Object> logger;

    @JsonPropertyDescription("Labels of the InferenceService and its predictor pods, beside Modelgate's own.")
    private Map<String, String> labels;

    @JsonPropertyDescription("Annotations of the InferenceService (KServe's serving.kserve.io/* settings among them); the deployment mode is always Standard.")
    private Map<String, String> annotations;

    /** The model's format, as KServe's runtimes list what they support. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ModelFormat {
        @Required
        @Size(min = 1, max = 63)
        @JsonPropertyDescription("Name of the format, e.g. sklearn.")
        private String name;

        @Size(min = 1, max = 63)
        @JsonPropertyDescription("Version of the format, e.g. 1.")
        private String version;

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getVersion() { return version; }
        public void setVersion(String version) { this.version = version; }
    }

    /** The metrics KServe's autoscalers scale on in Standard mode. */
    public enum ScaleMetric { cpu, memory, concurrency, rps }

    public ModelFormat getModelFormat() { return modelFormat; }
    public void setModelFormat(ModelFormat modelFormat) { this.modelFormat = modelFormat; }
    public String getRuntime() { return runtime; }
    public void setRuntime(String runtime) { this.runtime = runtime; }
    public String getProtocolVersion() { return protocolVersion; }
    public void setProtocolVersion(String protocolVersion) { this.protocolVersion = protocolVersion; }
    public String getStorageUri() { return storageUri; }
    public void setStorageUri(String storageUri) { this.storageUri = storageUri; }
    public ResourceRequirements getResources() { return resources; }
    public void setResources(ResourceRequirements resources) { this.resources = resources; }
    public Integer getMinReplicas() { return minReplicas; }
    public void setMinReplicas(Integer minReplicas) { this.minReplicas = minReplicas; }
    public Integer getMaxReplicas() { return maxReplicas; }
    public void setMaxReplicas(Integer maxReplicas) { this.maxReplicas = maxReplicas; }
    public ScaleMetric getScaleMetric() { return scaleMetric; }
    public void setScaleMetric(ScaleMetric scaleMetric) { this.scaleMetric = scaleMetric; }
    public Integer getScaleTarget() { return scaleTarget; }
    public void setScaleTarget(Integer scaleTarget) { this.scaleTarget = scaleTarget; }
    public String getImage() { return image; }
    public void setImage(String image) { this.image = image; }
    public List<String> getCommand() { return command; }
    public void setCommand(List<String> command) { this.command = command; }
    public List<String> getArgs() { return args; }
    public void setArgs(List<String> args) { this.args = args; }
    public List<EnvVar> getEnv() { return env; }
    public void setEnv(List<EnvVar> env) { this.env = env; }
    public String getServiceAccountName() { return serviceAccountName; }
    public void setServiceAccountName(String serviceAccountName) { this.serviceAccountName = serviceAccountName; }
    public Map<String, Object> getLogger() { return logger; }
    public void setLogger(Map<String, Object> logger) { this.logger = logger; }
    public Map<String, String> getLabels() { return labels; }
    public void setLabels(Map<String, String> labels) { this.labels = labels; }
    public Map<String, String> getAnnotations() { return annotations; }
    public void setAnnotations(Map<String, String> annotations) { this.annotations = annotations; }
}
