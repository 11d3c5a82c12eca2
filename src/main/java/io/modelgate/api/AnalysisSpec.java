package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.ArrayList;
import java.util.List;

/** A named set of metrics judged together: any Failed or Error metric rolls back, any Inconclusive pauses. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.metrics.all(m, self.metrics.exists_one(n, n.name == m.name))",
        message = "metric names must be unique within an analysis")
public class AnalysisSpec {

    @Required
    @Size(min = 1, max = 63)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    private String name;

    @Required
    @Size(min = 1, max = 10)
    private List<AnalysisMetricSpec> metrics = new ArrayList<>();

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public List<AnalysisMetricSpec> getMetrics() { return metrics; }
    public void setMetrics(List<AnalysisMetricSpec> metrics) { this.metrics = metrics; }
}
