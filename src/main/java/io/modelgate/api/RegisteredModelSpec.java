package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A model that already exists in the MLflow Model Registry (spec.registry.mlflow's server): delivered without
 * training. An alias is followed (each version it moves to becomes a revision); a version is delivered once.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.alias) != has(self.version)", message = "registeredModel names exactly one of alias and version")
@ValidationRule(value = "!has(self.pollInterval) || has(self.alias)",
        message = "pollInterval applies only to an alias: a version never moves")
public class RegisteredModelSpec {

    public static final String DEFAULT_POLL_INTERVAL = "1m";

    @Required
    @Size(min = 1, max = 256)
    @Pattern("^[^/'\"\\s][^/'\"]*$")
    @JsonPropertyDescription("Registered model name in the MLflow server of spec.registry.mlflow (or the operator's default server).")
    private String name;

    @Size(min = 1, max = 255)
    @Pattern("^[A-Za-z0-9_-]+$")
    @JsonPropertyDescription("The alias to follow (e.g. champion, staging): a new revision each time it moves to another version.")
    private String alias;

    @Size(min = 1, max = 20)
    @Pattern("^[1-9][0-9]*$")
    @JsonPropertyDescription("The version to deliver (a number).")
    private String version;

    @Pattern(Durations.PATTERN)
    @JsonPropertyDescription("How often the alias is looked up (e.g. 30s, 5m). Default: 1m.")
    private String pollInterval;

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getAlias() { return alias; }
    public void setAlias(String alias) { this.alias = alias; }
    public String getVersion() { return version; }
    public void setVersion(String version) { this.version = version; }
    public String getPollInterval() { return pollInterval; }
    public void setPollInterval(String pollInterval) { this.pollInterval = pollInterval; }

    public String effectivePollInterval() { return pollInterval == null ? DEFAULT_POLL_INTERVAL : pollInterval; }

    /** "alias champion of churn" or "version 3 of churn". */
    public String describe() {
        return (alias != null ? "alias " + alias : "version " + version) + " of registered model " + name;
    }
}
