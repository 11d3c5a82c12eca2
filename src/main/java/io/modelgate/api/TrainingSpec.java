package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The training Job. The template may be omitted: one container running the source's training image. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrainingSpec extends JobStageSpec {

    @Required
    @Size(min = 1, max = 1024)
    @ValidationRule(value = "self.contains('{revision}')",
            message = "artifactUri must contain {revision} so that revisions never overwrite each other")
    @JsonPropertyDescription("Where the trained model is written, a pattern with {revision}; {namespace}, {pipeline} and {model} are also replaced. Passed as MODEL_URI.")
    private String artifactUri;

    @JsonPropertyDescription("The engine the training runs on. Job (the default): one batch/v1 Job. Part of the revision's identity.")
    private Backend backend;

    /** The training engines Modelgate implements; the schema admits no other. */
    public enum Backend { Job }

    public String getArtifactUri() { return artifactUri; }
    public void setArtifactUri(String artifactUri) { this.artifactUri = artifactUri; }
    public Backend getBackend() { return backend; }
    public void setBackend(Backend backend) { this.backend = backend; }
}
