package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Where and under which name a pipeline's revisions are recorded in an MLflow tracking server's model registry. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MlflowRegistrySpec {

    public static final String DEFAULT_ALIAS = "champion";

    @Size(min = 1, max = 2048)
    @Pattern("^https?://[^\\s]+$")
    @JsonPropertyDescription("Base URL of the MLflow tracking server, e.g. http://mlflow.mlops:5000. Default: the operator's "
            + "modelgate.registry.mlflow.address (chart value operator.mlflowAddress).")
    private String address;

    @Size(min = 1, max = 256)
    @Pattern("^[^/'\"\\s][^/'\"]*$")
    @JsonPropertyDescription("Registered model name. Default: spec.model.")
    private String model;

    @JsonPropertyDescription("A Secret in the pipeline's namespace with the server's credentials: key token (a bearer token), "
            + "or keys username and password (basic authentication). Without it, requests carry no credentials.")
    private CredentialsFrom credentialsFrom;

    @Size(min = 1, max = 255)
    @Pattern("^[A-Za-z0-9_-]+$")
    @ValidationRule(value = "self != 'latest' && !self.matches('^[vV][0-9]+$')",
            message = "promotedAlias cannot be 'latest' or look like a version (v1, V2): MLflow reserves those")
    @JsonPropertyDescription("The alias moved to a revision's version when it is promoted. Default: champion.")
    private String promotedAlias;

    public String getAddress() { return address; }
    public void setAddress(String address) { this.address = address; }
    public String getModel() { return model; }
    public void setModel(String model) { this.model = model; }
    public CredentialsFrom getCredentialsFrom() { return credentialsFrom; }
    public void setCredentialsFrom(CredentialsFrom credentialsFrom) { this.credentialsFrom = credentialsFrom; }
    public String getPromotedAlias() { return promotedAlias; }
    public void setPromotedAlias(String promotedAlias) { this.promotedAlias = promotedAlias; }

    public String effectiveAlias() { return promotedAlias == null ? DEFAULT_ALIAS : promotedAlias; }

    /** The Secret the credentials are read from. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class CredentialsFrom {

        @Required
        @Size(min = 1, max = 253)
        @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
        @JsonPropertyDescription("Name of the Secret, in the pipeline's namespace.")
        private String secretName;

        public String getSecretName() { return secretName; }
        public void setSecretName(String secretName) { this.secretName = secretName; }
    }
}
