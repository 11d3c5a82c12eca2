package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A ModelAnalysisTemplate of the pipeline's namespace, or with {@code clusterScope} a ClusterModelAnalysisTemplate. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AnalysisTemplateRef {

    @Required
    @Size(min = 1, max = 253)
    private String name;

    @JsonPropertyDescription("true: a ClusterModelAnalysisTemplate (the operator must enable them). Default false.")
    private Boolean clusterScope;

    public static AnalysisTemplateRef named(String name, boolean clusterScope) {
        AnalysisTemplateRef ref = new AnalysisTemplateRef();
        ref.setName(name);
        ref.setClusterScope(clusterScope ? Boolean.TRUE : null);
        return ref;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public Boolean getClusterScope() { return clusterScope; }
    public void setClusterScope(Boolean clusterScope) { this.clusterScope = clusterScope; }
    public boolean cluster() { return Boolean.TRUE.equals(clusterScope); }
    /** "ModelAnalysisTemplate x" or "ClusterModelAnalysisTemplate x", for messages. */
    public String describe() { return (cluster() ? "ClusterModelAnalysisTemplate " : "ModelAnalysisTemplate ") + name; }
}
