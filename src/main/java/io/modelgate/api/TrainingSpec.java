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

    public String getArtifactUri() { return artifactUri; }
    public void setArtifactUri(String artifactUri) { this.artifactUri = artifactUri; }
}
