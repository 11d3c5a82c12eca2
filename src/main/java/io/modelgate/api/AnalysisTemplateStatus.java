package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Size;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One template an analysis of the revision used, frozen when the rollout started: which version of it, and its
 * metrics with the arguments filled in. A Secret's argument stays a {@code {{args.NAME}}} placeholder with the
 * Secret's name and key: its value is read at each measurement and never written here.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AnalysisTemplateStatus {

    @JsonPropertyDescription("The analysis (spec.rollout.analyses[].name) that named the template.")
    private String analysis;

    private String name;

    @JsonPropertyDescription("true: a ClusterModelAnalysisTemplate.")
    private Boolean clusterScope;

    @JsonPropertyDescription("The template's metadata.resourceVersion when it was frozen.")
    private String resourceVersion;

    @JsonPropertyDescription("The template's metadata.generation when it was frozen.")
    private Long generation;

    // Kept as written, by metric name (the API server sorts the keys): the full metric schema with its CEL rules, once
    // per frozen template, would multiply the revision CRD's size and validation cost for a record only the operator writes.
    @SchemaFrom(type = OpaqueObject.class)
    @PreserveUnknownFields
    @JsonPropertyDescription("The template's metrics by name, with their arguments filled in, as measured for this revision.")
    private Map<String, AnalysisMetricSpec> metrics = new LinkedHashMap<>();

    @Size(max = 20)
    @JsonPropertyDescription("Arguments given from a Secret: read at each measurement, never stored.")
    private List<SecretArg> secretArgs = new ArrayList<>();

    public String getAnalysis() { return analysis; }
    public void setAnalysis(String analysis) { this.analysis = analysis; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public Boolean getClusterScope() { return clusterScope; }
    public void setClusterScope(Boolean clusterScope) { this.clusterScope = clusterScope; }
    public String getResourceVersion() { return resourceVersion; }
    public void setResourceVersion(String resourceVersion) { this.resourceVersion = resourceVersion; }
    public Long getGeneration() { return generation; }
    public void setGeneration(Long generation) { this.generation = generation; }
    public Map<String, AnalysisMetricSpec> getMetrics() { return metrics; }
    public void setMetrics(Map<String, AnalysisMetricSpec> metrics) { this.metrics = metrics; }
    public List<SecretArg> getSecretArgs() { return secretArgs; }
    public void setSecretArgs(List<SecretArg> secretArgs) { this.secretArgs = secretArgs; }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SecretArg {
        private String name;
        private String secretName;
        private String key;

        public static SecretArg of(String name, String secretName, String key) {
            SecretArg arg = new SecretArg();
            arg.name = name;
            arg.secretName = secretName;
            arg.key = key;
            return arg;
        }

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getSecretName() { return secretName; }
        public void setSecretName(String secretName) { this.secretName = secretName; }
        public String getKey() { return key; }
        public void setKey(String key) { this.key = key; }
    }
}
