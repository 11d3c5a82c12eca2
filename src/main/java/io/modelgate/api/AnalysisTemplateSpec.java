package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.ArrayList;
import java.util.List;

/**
 * The spec of a ModelAnalysisTemplate and of a ClusterModelAnalysisTemplate: metrics written exactly as a pipeline's
 * {@code spec.rollout.analyses[].metrics[]}, shared by every analysis that names the template, with the
 * {@code {{args.NAME}}} placeholders its {@code args} declare.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.metrics.all(m, self.metrics.exists_one(n, n.name == m.name))",
        message = "metric names must be unique within a template")
@ValidationRule(value = "!has(self.args) || self.args.all(a, self.args.exists_one(b, b.name == a.name))",
        message = "argument names must be unique within a template")
public class AnalysisTemplateSpec {

    @Size(max = 20)
    @JsonPropertyDescription("Arguments the metrics use as {{args.NAME}} in queries, URLs, bodies and conditions; "
            + "an analysis that names the template gives their values, else the default here applies.")
    private List<TemplateArg> args = new ArrayList<>();

    @Required
    @Size(min = 1, max = 10)
    @JsonPropertyDescription("Metrics, exactly as spec.rollout.analyses[].metrics[] of a ModelPipeline.")
    private List<AnalysisMetricSpec> metrics = new ArrayList<>();

    public List<TemplateArg> getArgs() { return args; }
    public void setArgs(List<TemplateArg> args) { this.args = args; }
    public List<AnalysisMetricSpec> getMetrics() { return metrics; }
    public void setMetrics(List<AnalysisMetricSpec> metrics) { this.metrics = metrics; }

    /** An argument a template declares: without a {@code value} every analysis naming the template must give it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class TemplateArg {
        @Required
        @Size(min = 1, max = 63)
        @io.fabric8.generator.annotation.Pattern(ARG_NAME_PATTERN)
        private String name;

        @Size(max = 1024)
        @JsonPropertyDescription("Default value, used when the analysis gives none.")
        private String value;

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getValue() { return value; }
        public void setValue(String value) { this.value = value; }
    }

    /** Letters, digits, '_' and '-', starting with a letter: what {@code {{args.NAME}}} may name. */
    public static final String ARG_NAME_PATTERN = "^[A-Za-z][A-Za-z0-9_-]*$";
}
