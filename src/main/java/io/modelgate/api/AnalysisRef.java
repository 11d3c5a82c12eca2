package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class AnalysisRef {

    @Required
    @Size(min = 1, max = 63)
    @JsonPropertyDescription("Name of an analysis in rollout.analyses.")
    private String name;

    public static AnalysisRef named(String name) {
        AnalysisRef ref = new AnalysisRef();
        ref.setName(name);
        return ref;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
}
