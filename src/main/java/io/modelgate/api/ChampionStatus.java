package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The stable revision a challenger was evaluated against, frozen when its evaluation started: the evaluation Job got
 * it as {@code STABLE_REVISION} and {@code STABLE_MODEL_URI}, so that it can score both models on the same holdout.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ChampionStatus {

    @JsonPropertyDescription("The stable revision when the evaluation started; empty when nothing was serving.")
    private String revision;

    @JsonPropertyDescription("Its artifact URI, as STABLE_MODEL_URI told the evaluation Job; empty when nothing was serving.")
    private String modelUri;

    public ChampionStatus() {
    }

    public ChampionStatus(String revision, String modelUri) {
        this.revision = revision;
        this.modelUri = modelUri;
    }

    public String getRevision() { return revision; }
    public void setRevision(String revision) { this.revision = revision; }
    public String getModelUri() { return modelUri; }
    public void setModelUri(String modelUri) { this.modelUri = modelUri; }
}
