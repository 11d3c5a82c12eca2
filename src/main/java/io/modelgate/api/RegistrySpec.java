package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** The model registry every revision that passes its gates is recorded in. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RegistrySpec {

    @Required
    @JsonPropertyDescription("The MLflow Model Registry: a model version per revision that passed its evaluation gates, "
            + "the promoted alias moved on Promoted, the outcome tagged on RolledBack, Aborted, Failed or Superseded.")
    private MlflowRegistrySpec mlflow;

    public MlflowRegistrySpec getMlflow() { return mlflow; }
    public void setMlflow(MlflowRegistrySpec mlflow) { this.mlflow = mlflow; }
}
