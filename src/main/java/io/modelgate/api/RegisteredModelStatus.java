package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The model version spec.source.registeredModel names, as last looked up: what the next revision delivers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RegisteredModelStatus {

    @JsonPropertyDescription("The registered model name looked up.")
    private String name;

    @JsonPropertyDescription("The alias looked up (absent when a version is named).")
    private String alias;

    @JsonPropertyDescription("The version found: the alias's version, or the version named.")
    private String version;

    @JsonPropertyDescription("The version's source, delivered as MODEL_URI.")
    private String modelUri;

    @JsonPropertyDescription("When the registry was last asked, RFC 3339; the next look-up is pollInterval after it.")
    private String lastLookupTime;

    @JsonPropertyDescription("What the last look-up found: Found, Missing (no such model, alias or version) or Unavailable (the registry did not answer).")
    private String state;

    @JsonPropertyDescription("Why the last look-up found nothing (the reference is missing, or the registry did not answer); absent when it found the version.")
    private String message;

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getAlias() { return alias; }
    public void setAlias(String alias) { this.alias = alias; }
    public String getVersion() { return version; }
    public void setVersion(String version) { this.version = version; }
    public String getModelUri() { return modelUri; }
    public void setModelUri(String modelUri) { this.modelUri = modelUri; }
    public String getLastLookupTime() { return lastLookupTime; }
    public void setLastLookupTime(String lastLookupTime) { this.lastLookupTime = lastLookupTime; }
    public String getState() { return state; }
    public void setState(String state) { this.state = state; }
    public String getMessage() { return message; }
    public void setMessage(String message) { this.message = message; }
}
