package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.Map;

/** The identity of a model: the same source (with the same templates) trains the same model. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SourceSpec {

    @Required
    @Size(min = 1, max = 512)
    @JsonPropertyDescription("Container image that trains the model; used for the training container when its template names no image.")
    private String trainingImage;

    @Required
    @Size(min = 1, max = 2048)
    @JsonPropertyDescription("Reference to the training data (URI, table, snapshot id). Passed to every Job as DATA_REF.")
    private String dataRef;

    @Size(max = 64)
    @JsonPropertyDescription("Training parameters; passed as MODEL_PARAMETERS (JSON) and PARAM_<NAME> environment variables.")
    private Map<String, String> parameters;

    public String getTrainingImage() { return trainingImage; }
    public void setTrainingImage(String trainingImage) { this.trainingImage = trainingImage; }
    public String getDataRef() { return dataRef; }
    public void setDataRef(String dataRef) { this.dataRef = dataRef; }
    public Map<String, String> getParameters() { return parameters; }
    public void setParameters(Map<String, String> parameters) { this.parameters = parameters; }
}
