package io.modelgate.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.modelgate.api.AnalysisArg;
import io.modelgate.api.AnalysisMetricSpec;
import io.modelgate.api.AnalysisSpec;
import io.modelgate.api.AnalysisTemplateRef;
import io.modelgate.api.AnalysisTemplateSpec;
import io.modelgate.api.AnalysisTemplateStatus;
import io.modelgate.api.RolloutSpec;
import io.modelgate.provider.QueryTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The templates a pipeline's analyses name ({@code spec.rollout.analyses[].templates}), resolved against what the
 * observer read: each one's metrics with its {@code {{args.NAME}}} filled in from the analysis' {@code args} (a
 * value, a field of the pipeline) or the template's defaults. A template that is not there, an argument without a
 * value, a placeholder the template does not declare and an argument no template takes are problems, each naming
 * the analysis, the template and the argument: a rollout must never measure nothing in silence (argo-rollouts#872).
 * An argument from a Secret is not resolved here: it stays a placeholder, and the Secret is read at each measurement
 * (AnalysisMeasurer), so that its value is never part of a plan, a status or an Event.
 */
public final class AnalysisTemplates {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FIELD = Pattern.compile("^metadata\\.(labels|annotations)\\['([^']+)'\\]$");

    /**
     * @param templates every template an analysis uses, in spec order (the frozen form a revision records)
     */
    public record Resolved(List<AnalysisTemplateStatus> templates, List<String> problems) {
        public static final Resolved NONE = new Resolved(List.of(), List.of());

        public Resolved {
            templates = List.copyOf(templates);
            problems = problems.stream().distinct().toList();
        }

        public List<AnalysisTemplateStatus> of(String analysis) {
            return templates.stream().filter(t -> analysis.equals(t.getAnalysis())).toList();
        }
    }

    private AnalysisTemplates() {
    }

    /** The templates the observer must read for {@code spec}, each once. */
    public static Set<TemplateRead.Key> referenced(RolloutSpec spec) {
        Set<TemplateRead.Key> keys = new LinkedHashSet<>();
        if (spec != null && spec.getAnalyses() != null) {
            for (AnalysisSpec analysis : spec.getAnalyses()) {
                nullSafe(analysis.getTemplates()).forEach(ref -> keys.add(key(ref)));
            }
        }
        return keys;
    }

    public static TemplateRead.Key key(AnalysisTemplateRef ref) {
        return new TemplateRead.Key(ref.getName(), ref.cluster());
    }

    /** A frozen record read back: the templates a rollout started with, whatever the cluster holds now. */
    public static Resolved frozen(List<AnalysisTemplateStatus> templates) {
        return new Resolved(templates, List.of());
    }

    /**
     * What became of the templates a rollout froze, as the observer read them now: one sentence for each that was
     * edited (another resourceVersion) or deleted since, to tell people that the rollout under way does not follow.
     * A template the spec no longer names is not read, so not reported.
     */
    public static List<String> changedSince(List<AnalysisTemplateStatus> frozen, Map<TemplateRead.Key, TemplateRead> read) {
        List<String> changes = new ArrayList<>();
        for (AnalysisTemplateStatus template : frozen) {
            TemplateRead.Key key = new TemplateRead.Key(template.getName(), Boolean.TRUE.equals(template.getClusterScope()));
            TemplateRead now = read.get(key);
            String keeps = "; this rollout keeps measuring the version it started with (resourceVersion " + template.getResourceVersion()
                    + "), the next rollout takes the template as it is then";
            if (now instanceof TemplateRead.Found found && !java.util.Objects.equals(found.resourceVersion(), template.getResourceVersion())) {
                changes.add(key.describe() + " changed since the rollout started (resourceVersion " + found.resourceVersion() + ")" + keeps);
            } else if (now instanceof TemplateRead.Missing) {
                changes.add(key.describe() + " was deleted since the rollout started" + keeps);
            }
        }
        return changes.stream().distinct().toList();
    }

    public static Resolved resolve(RolloutSpec spec, ObjectMeta pipeline, Map<TemplateRead.Key, TemplateRead> read) {
        if (spec == null || spec.getAnalyses() == null) {
            return Resolved.NONE;
        }
        List<AnalysisTemplateStatus> resolved = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (AnalysisSpec analysis : spec.getAnalyses()) {
            if (nullSafe(analysis.getTemplates()).isEmpty()) {
                if (!nullSafe(analysis.getArgs()).isEmpty()) {
                    problems.add("analysis " + analysis.getName() + ": args are given but the analysis names no template");
                }
                continue;
            }
            resolveAnalysis(analysis, pipeline, read, resolved, problems);
        }
        return new Resolved(resolved, problems);
    }

    private static void resolveAnalysis(AnalysisSpec analysis, ObjectMeta pipeline, Map<TemplateRead.Key, TemplateRead> read,
                                        List<AnalysisTemplateStatus> resolved, List<String> problems) {
        String name = analysis.getName();
        Map<String, AnalysisArg> given = new LinkedHashMap<>();
        nullSafe(analysis.getArgs()).forEach(arg -> given.putIfAbsent(arg.getName(), arg));
        Set<String> declared = new LinkedHashSet<>();
        boolean allFound = true;
        for (AnalysisTemplateRef ref : nullSafe(analysis.getTemplates())) {
            TemplateRead.Key key = key(ref);
            String label = "analysis " + name + ": " + key.describe();
            TemplateRead found = read.getOrDefault(key, new TemplateRead.Missing());
            if (found instanceof TemplateRead.Found f) {
                nullSafe(f.spec().getArgs()).forEach(a -> declared.add(a.getName()));
                resolved.add(template(name, key, f, given, pipeline, label, problems));
            } else if (found instanceof TemplateRead.Unreadable u) {
                problems.add(label + " cannot be read: " + u.message());
            } else if (found instanceof TemplateRead.ClusterTemplatesDisabled) {
                problems.add(label + ": this operator does not read ClusterModelAnalysisTemplates "
                        + "(chart analysisTemplates.cluster, MODELGATE_ANALYSIS_TEMPLATES_CLUSTER)");
            } else {
                problems.add(label + " not found" + (key.cluster() ? "" : " in namespace " + pipeline.getNamespace()));
            }
            allFound &= found instanceof TemplateRead.Found;
        }
        if (allFound) {
            given.keySet().stream().filter(arg -> !declared.contains(arg)).forEach(arg -> problems.add("analysis " + name
                    + ": argument " + arg + " is given but none of the analysis' templates declares it"));
        }
    }

    private static AnalysisTemplateStatus template(String analysis, TemplateRead.Key key, TemplateRead.Found found,
                                                   Map<String, AnalysisArg> given, ObjectMeta pipeline, String label, List<String> problems) {
        AnalysisTemplateSpec spec = found.spec();
        Map<String, String> values = new LinkedHashMap<>();
        List<AnalysisTemplateStatus.SecretArg> secrets = new ArrayList<>();
        for (AnalysisTemplateSpec.TemplateArg declared : nullSafe(spec.getArgs())) {
            String arg = declared.getName();
            AnalysisArg value = given.get(arg);
            if (value == null) {
                if (declared.getValue() == null) {
                    problems.add(label + ": argument " + arg + " has no value (give it in the analysis' args, or a default in the template)");
                } else {
                    values.put(arg, declared.getValue());
                }
            } else if (value.getValue() != null) {
                values.put(arg, value.getValue());
            } else if (value.getValueFrom() != null && value.getValueFrom().getSecretKeyRef() != null) {
                var ref = value.getValueFrom().getSecretKeyRef();
                secrets.add(AnalysisTemplateStatus.SecretArg.of(arg, ref.getName(), ref.getKey()));
            } else if (value.getValueFrom() != null && value.getValueFrom().getFieldRef() != null) {
                String path = value.getValueFrom().getFieldRef().getFieldPath();
                field(pipeline, path).ifPresentOrElse(v -> values.put(arg, v),
                        () -> problems.add(label + ": argument " + arg + ": the pipeline has no " + path));
            } else {
                problems.add(label + ": argument " + arg + " needs value or valueFrom");
            }
        }
        Set<String> known = new LinkedHashSet<>(values.keySet());
        secrets.forEach(s -> known.add(s.getName()));
        Set<String> declaredNames = new LinkedHashSet<>();
        nullSafe(spec.getArgs()).forEach(a -> declaredNames.add(a.getName()));
        // By name, as the API server keeps the frozen record's keys: the same order before and after a rollout freezes it.
        Map<String, AnalysisMetricSpec> metrics = new java.util.TreeMap<>();
        for (AnalysisMetricSpec metric : nullSafe(spec.getMetrics())) {
            String metricLabel = label + " metric " + metric.getName();
            for (String used : argsUsed(metric, true)) {
                if (!declaredNames.contains(used)) {
                    problems.add(metricLabel + " uses {{args." + used + "}}, which the template does not declare");
                }
            }
            for (String used : argsUsed(metric, false)) {
                if (secrets.stream().anyMatch(s -> s.getName().equals(used))) {
                    problems.add(metricLabel + ": argument " + used + " comes from a Secret, which only a query, a URL or a body may use "
                            + "(conditions, bounds and the Prometheus address are written into the record)");
                }
            }
            AnalysisMetricSpec filled = substitute(metric, values);
            TemplateBounds.fill(filled, values, metricLabel).forEach(problems::add);
            metrics.putIfAbsent(metric.getName(), filled);
        }
        AnalysisTemplateStatus status = new AnalysisTemplateStatus();
        status.setAnalysis(analysis);
        status.setName(key.name());
        status.setClusterScope(key.cluster() ? Boolean.TRUE : null);
        status.setResourceVersion(found.resourceVersion());
        status.setGeneration(found.generation());
        status.setMetrics(metrics);
        status.setSecretArgs(secrets);
        return status;
    }

    /** The pipeline's value at a fieldRef's path; empty when the label or annotation is not there. */
    static Optional<String> field(ObjectMeta pipeline, String path) {
        if ("metadata.name".equals(path)) {
            return Optional.ofNullable(pipeline.getName());
        }
        if ("metadata.namespace".equals(path)) {
            return Optional.ofNullable(pipeline.getNamespace());
        }
        Matcher matcher = path == null ? null : FIELD.matcher(path);
        if (matcher == null || !matcher.matches()) {
            return Optional.empty();
        }
        Map<String, String> map = "labels".equals(matcher.group(1)) ? pipeline.getLabels() : pipeline.getAnnotations();
        return Optional.ofNullable(map == null ? null : map.get(matcher.group(2)));
    }

    /**
     * The argument names a metric's texts use: with {@code all}, every templated field; without, only those written
     * into the record as they are (conditions, bounds, the Prometheus address), where a Secret's value may not go.
     */
    static Set<String> argsUsed(AnalysisMetricSpec metric, boolean all) {
        Set<String> used = new LinkedHashSet<>();
        if (all) {
            used.addAll(QueryTemplate.argNames(measured(metric)));
        }
        used.addAll(TemplateBounds.argNames(metric));
        used.addAll(QueryTemplate.argNames(metric.getSuccessCondition()));
        used.addAll(QueryTemplate.argNames(metric.getFailureCondition()));
        if (metric.getPrometheus() != null) {
            used.addAll(QueryTemplate.argNames(metric.getPrometheus().getAddress()));
        }
        return used;
    }

    /** The texts rendered at each measurement: the query, the URL, the body. */
    static String measured(AnalysisMetricSpec metric) {
        StringBuilder texts = new StringBuilder();
        if (metric.getPrometheus() != null && metric.getPrometheus().getQuery() != null) {
            texts.append(metric.getPrometheus().getQuery()).append('\n');
        }
        if (metric.getHttp() != null) {
            texts.append(metric.getHttp().getUrl() == null ? "" : metric.getHttp().getUrl()).append('\n');
            texts.append(metric.getHttp().getBody() == null ? "" : metric.getHttp().getBody()).append('\n');
        }
        return texts.toString();
    }

    /** A copy of {@code metric} with {@code values} in its queries, URLs, bodies, conditions and Prometheus address. */
    static AnalysisMetricSpec substitute(AnalysisMetricSpec metric, Map<String, String> values) {
        AnalysisMetricSpec copy = JSON.convertValue(metric, AnalysisMetricSpec.class);
        copy.setSuccessCondition(QueryTemplate.substituteArgs(copy.getSuccessCondition(), values));
        copy.setFailureCondition(QueryTemplate.substituteArgs(copy.getFailureCondition(), values));
        if (copy.getPrometheus() != null) {
            copy.getPrometheus().setQuery(QueryTemplate.substituteArgs(copy.getPrometheus().getQuery(), values));
            copy.getPrometheus().setAddress(QueryTemplate.substituteArgs(copy.getPrometheus().getAddress(), values));
        }
        if (copy.getHttp() != null) {
            copy.getHttp().setUrl(QueryTemplate.substituteArgs(copy.getHttp().getUrl(), values));
            copy.getHttp().setBody(QueryTemplate.substituteArgs(copy.getHttp().getBody(), values));
        }
        return copy;
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
