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
@ValidationRule(value = "!has(self.metrics) || self.metrics.all(m, self.metrics.exists_one(n, n.name == m.name))",
        message = "metric names must be unique within an analysis")
@ValidationRule(value = "(has(self.metrics) && size(self.metrics) > 0) || (has(self.templates) && size(self.templates) > 0)",
        message = "an analysis needs metrics or templates")
@ValidationRule(value = "!has(self.templates) || self.templates.all(t, self.templates.exists_one(u, u.name == t.name "
        + "&& (has(u.clusterScope) && u.clusterScope) == (has(t.clusterScope) && t.clusterScope)))",
        message = "a template may be named once per analysis")
@ValidationRule(value = "!has(self.args) || self.args.all(a, self.args.exists_one(b, b.name == a.name))",
        message = "argument names must be unique within an analysis")
@ValidationRule(value = "!has(self.metrics) || self.metrics.all(m, !has(m.boundsFromArgs))",
        message = "boundsFromArgs is for a ModelAnalysisTemplate's metrics, which have args: a metric written in the pipeline gives its bounds as numbers")
public class AnalysisSpec {

    @Required
    @Size(min = 1, max = 63)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    private String name;

    @Size(max = 10)
    @JsonPropertyDescription("Metrics written here; with templates, added to theirs (a metric name may occur once in all).")
    private List<AnalysisMetricSpec> metrics = new ArrayList<>();

    @Size(max = 10)
    @JsonPropertyDescription("ModelAnalysisTemplates (or, clusterScope, ClusterModelAnalysisTemplates) whose metrics this analysis runs; "
            + "frozen into the revision when its rollout starts.")
    private List<AnalysisTemplateRef> templates;

    @Size(max = 20)
    @JsonPropertyDescription("Values of the templates' arguments ({{args.NAME}}).")
    private List<AnalysisArg> args;

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public List<AnalysisMetricSpec> getMetrics() { return metrics; }
    public void setMetrics(List<AnalysisMetricSpec> metrics) { this.metrics = metrics; }
    public List<AnalysisTemplateRef> getTemplates() { return templates; }
    public void setTemplates(List<AnalysisTemplateRef> templates) { this.templates = templates; }
    public List<AnalysisArg> getArgs() { return args; }
    public void setArgs(List<AnalysisArg> args) { this.args = args; }
}
