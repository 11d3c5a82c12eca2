package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.Map;

/**
 * The identity of a model: the same source (with the same templates) trains the same model. A model that exists
 * already (registeredModel, modelUri) is not trained: it is evaluated, gated and rolled out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(has(self.registeredModel) && has(self.modelUri))",
        message = "a model that exists comes from registeredModel or from modelUri, not both")
@ValidationRule(value = "has(self.trainingImage) != (has(self.registeredModel) || has(self.modelUri))",
        message = "trainingImage is required to train a model, and applies only then: a registeredModel or modelUri is delivered without training")
public class SourceSpec {

    /**
     * Longest parameter name: a label-sized name, so that {@code PARAM_<NAME>} stays readable and a typo'd map
     * cannot grow through its keys.
     */
    public static final int MAX_PARAMETER_NAME = 63;
    /**
     * Longest parameter value. Every value is sent twice in each Job (in {@code MODEL_PARAMETERS} and as
     * {@code PARAM_<NAME>}) and kept in every revision: 64 × (63 + 4096) characters is about 266 KB, twice that in a
     * Job, well under etcd's 1.5 MiB request limit, which a larger value would run into with an unreadable
     * {@code JobRejected}. Data belongs behind {@code dataRef}, not in a parameter.
     */
    public static final int MAX_PARAMETER_VALUE = 4096;
    /**
     * The characters of a ConfigMap key: each becomes a valid environment variable behind {@code PARAM_} (see
     * PipelineSpecChecks.parameterEnvName); no empty name (a bare {@code PARAM_}), no space, {@code =} or other character
     * an environment variable would mangle.
     */
    public static final String PARAMETER_NAME_PATTERN = "^[-._a-zA-Z0-9]+$";

    @Size(min = 1, max = 512)
    @JsonPropertyDescription("Container image that trains the model; used for the training container when its template names no image. "
            + "Required unless the model comes from registeredModel or modelUri.")
    private String trainingImage;

    @JsonPropertyDescription("A model version in the MLflow Model Registry to deliver without training: each version an alias "
            + "moves to becomes a revision (evaluated, gated, rolled out), or one version once.")
    private RegisteredModelSpec registeredModel;

    @Size(min = 1, max = 2048)
    @JsonPropertyDescription("The URI of a model that exists (s3://..., gs://..., models:/...), delivered without training: MODEL_URI of "
            + "every Job and of serving.")
    private String modelUri;

    @Required
    @Size(min = 1, max = 2048)
    @JsonPropertyDescription("Reference to the training data (URI, table, snapshot id). Passed to every Job as DATA_REF.")
    private String dataRef;

    @Size(min = 1, max = 256)
    @JsonPropertyDescription("Pins the version of the data behind dataRef (a snapshot id, a commit, an object version); passed as DATA_VERSION. "
            + "A rerun sets it to the version its revision recorded.")
    private String dataVersion;

    @Size(max = 64)
    @ValidationRule(value = "self.all(name, size(name) <= 63 && name.matches('^[-._a-zA-Z0-9]+$'))",
            message = "a parameter name has 1 to 63 characters: letters, digits, '_', '-' or '.' (it becomes the environment variable PARAM_<NAME>)")
    @JsonPropertyDescription("Training parameters (at most 64; names of 1-63 letters, digits, '_', '-', '.'; "
            + "values of at most 4096 characters); passed as MODEL_PARAMETERS (JSON) and PARAM_<NAME> environment variables.")
    private Map<String, @Size(max = 4096) String> parameters;

    public String getTrainingImage() { return trainingImage; }
    public void setTrainingImage(String trainingImage) { this.trainingImage = trainingImage; }
    public RegisteredModelSpec getRegisteredModel() { return registeredModel; }
    public void setRegisteredModel(RegisteredModelSpec registeredModel) { this.registeredModel = registeredModel; }
    public String getModelUri() { return modelUri; }
    public void setModelUri(String modelUri) { this.modelUri = modelUri; }
    /** The model exists (registeredModel or modelUri): no training. */
    public boolean modelExists() { return registeredModel != null || modelUri != null; }
    public String getDataRef() { return dataRef; }
    public void setDataRef(String dataRef) { this.dataRef = dataRef; }
    public String getDataVersion() { return dataVersion; }
    public void setDataVersion(String dataVersion) { this.dataVersion = dataVersion; }
    public Map<String, String> getParameters() { return parameters; }
    public void setParameters(Map<String, String> parameters) { this.parameters = parameters; }
}
