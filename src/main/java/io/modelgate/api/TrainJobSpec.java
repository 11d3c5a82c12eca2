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
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.List;
import java.util.Map;

/**
 * Training as a Kubeflow Trainer {@code TrainJob} ({@code trainer.kubeflow.org/v1alpha1}, Trainer v2.2): the runtime
 * the platform team maintains, and what this training changes in it. The fields are the TrainJob's own.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrainJobSpec {

    @Required
    @JsonPropertyDescription("The ClusterTrainingRuntime or TrainingRuntime (in the pipeline's namespace) the TrainJob runs on.")
    private RuntimeRef runtimeRef;

    @JsonPropertyDescription("The trainer nodes. The trainer container gets MODEL_URI, MODELGATE_REVISION, DATA_REF, MODEL_PARAMETERS and PARAM_*.")
    private Trainer trainer;

    @JsonPropertyDescription("The runtime's dataset and model initializers, where it has them.")
    private Initializer initializer;

    @SchemaFrom(type = OpaqueObject.class)

    @PreserveUnknownFields
    @JsonPropertyDescription("A patch of the runtime's spec (the trainingRuntimeSpec of one runtimePatches entry, Trainer v2.2's successor of podSpecOverrides), e.g. "
            + "template.spec.replicatedJobs[].template.spec.template.spec with nodeSelector, tolerations, volumes. Modelgate's own entry (manager modelgate.io/operator) holds it.")
    private Map<String, Object> runtimePatch;

    @JsonPropertyDescription("Labels of the TrainJob, beside Modelgate's own.")
    private Map<String, String> labels;

    @JsonPropertyDescription("Annotations of the TrainJob.")
    private Map<String, String> annotations;

    /** The runtime a TrainJob runs on. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class RuntimeRef {
        @Required
        @Size(min = 1, max = 253)
        @JsonPropertyDescription("Name of the runtime, e.g. torch-distributed.")
        private String name;

        @JsonPropertyDescription("ClusterTrainingRuntime (the default) or TrainingRuntime.")
        private Kind kind;

        public enum Kind { ClusterTrainingRuntime, TrainingRuntime }

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public Kind getKind() { return kind; }
        public void setKind(Kind kind) { this.kind = kind; }

        public Kind effectiveKind() { return kind == null ? Kind.ClusterTrainingRuntime : kind; }
    }

    /** The trainer nodes of a TrainJob, as {@code spec.trainer} spells them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Trainer {
        @Size(max = 1024)
        @JsonPropertyDescription("Image of the trainer container. Default: source.trainingImage.")
        private String image;

        @Size(max = 64)
        private List<String> command;

        @Size(max = 256)
        private List<String> args;

        @Size(max = 128)
        @JsonPropertyDescription("More environment of the trainer container; Modelgate's variables are added after these and win.")
        private List<EnvVar> env;

        @Min(1)
        @Max(10000)
        @JsonPropertyDescription("Number of training nodes (pods). Default: the runtime's.")
        private Integer numNodes;

        @Min(1)
        @Max(1024)
        @JsonPropertyDescription("Processes per node, e.g. one per GPU. Default: the runtime's.")
        private Integer numProcPerNode;

        @JsonPropertyDescription("Resources of each node's trainer container, e.g. requests and limits of nvidia.com/gpu.")
        private ResourceRequirements resourcesPerNode;

        public String getImage() { return image; }
        public void setImage(String image) { this.image = image; }
        public List<String> getCommand() { return command; }
        public void setCommand(List<String> command) { this.command = command; }
        public List<String> getArgs() { return args; }
        public void setArgs(List<String> args) { this.args = args; }
        public List<EnvVar> getEnv() { return env; }
        public void setEnv(List<EnvVar> env) { this.env = env; }
        public Integer getNumNodes() { return numNodes; }
        public void setNumNodes(Integer numNodes) { this.numNodes = numNodes; }
        public Integer getNumProcPerNode() { return numProcPerNode; }
        public void setNumProcPerNode(Integer numProcPerNode) { this.numProcPerNode = numProcPerNode; }
        public ResourceRequirements getResourcesPerNode() { return resourcesPerNode; }
        public void setResourcesPerNode(ResourceRequirements resourcesPerNode) { this.resourcesPerNode = resourcesPerNode; }
    }

    /** The runtime's initializers: where the dataset and a pretrained model come from. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Initializer {
        @JsonPropertyDescription("The dataset initializer; its storageUri defaults to source.dataRef.")
        private Storage dataset;

        @JsonPropertyDescription("The model initializer (a pretrained model to start from).")
        private Storage model;

        public Storage getDataset() { return dataset; }
        public void setDataset(Storage dataset) { this.dataset = dataset; }
        public Storage getModel() { return model; }
        public void setModel(Storage model) { this.model = model; }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Storage {
        @Size(max = 2048)
        @Pattern("^[a-z][a-z0-9+.-]*://.+$")
        @JsonPropertyDescription("Where to read from, e.g. hf://org/dataset or s3://bucket/path.")
        private String storageUri;

        public String getStorageUri() { return storageUri; }
        public void setStorageUri(String storageUri) { this.storageUri = storageUri; }
    }

    public RuntimeRef getRuntimeRef() { return runtimeRef; }
    public void setRuntimeRef(RuntimeRef runtimeRef) { this.runtimeRef = runtimeRef; }
    public Trainer getTrainer() { return trainer; }
    public void setTrainer(Trainer trainer) { this.trainer = trainer; }
    public Initializer getInitializer() { return initializer; }
    public void setInitializer(Initializer initializer) { this.initializer = initializer; }
    public Map<String, Object> getRuntimePatch() { return runtimePatch; }
    public void setRuntimePatch(Map<String, Object> runtimePatch) { this.runtimePatch = runtimePatch; }
    public Map<String, String> getLabels() { return labels; }
    public void setLabels(Map<String, String> labels) { this.labels = labels; }
    public Map<String, String> getAnnotations() { return annotations; }
    public void setAnnotations(Map<String, String> annotations) { this.annotations = annotations; }
}
