package io.modelgate.delivery;

import io.modelgate.analysis.AnalysisLimits;
import io.modelgate.analysis.Durations;
import io.modelgate.analysis.MetricCriteria;
import io.modelgate.analysis.NoDataPolicy;
import io.modelgate.api.AnalysisMetricSpec;
import io.modelgate.api.AnalysisSpec;
import io.modelgate.api.AnalysisTemplateStatus;
import io.modelgate.api.BlueGreenRolloutSpec;
import io.modelgate.api.CanaryStepSpec;
import io.modelgate.api.RolloutHookSpec;
import io.modelgate.api.RolloutSpec;
import io.modelgate.api.TrafficRoutingSpec;
import io.modelgate.provider.QueryTemplate;
import io.modelgate.rollout.BlueGreenSpec;
import io.modelgate.rollout.CanaryInputs;
import io.modelgate.rollout.CanaryStep;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code spec.rollout} read into the decision models. Building never throws: what the schema and CEL rules cannot
 * see (a metric whose limits contradict each other, a limit its default count can never exceed, a missing
 * Prometheus address) is listed in {@link #problems()} (each once),
 * which the reconciler reports as InvalidSpec instead of rolling out.
 *
 * @param analyses      metrics of every named analysis, in spec order
 * @param httpRoute     the HTTPRoute whose weights the operator owns; empty for replica routing
 * @param templates     the analysis templates the metrics came from, resolved: what a rollout that starts freezes
 * @param hooks         the rollout's lifecycle hooks (none for Direct)
 */
public record RolloutPlan(RolloutSpec.Strategy strategy, List<CanaryStep> steps, Optional<String> backgroundAnalysis,
                          BlueGreenSpec blueGreen, Map<String, List<MetricDefinition>> analyses,
                          Duration progressDeadline, Optional<String> httpRoute, List<String> problems,
                          List<AnalysisTemplateStatus> templates, List<RolloutHookSpec> hooks) {

    public RolloutPlan {
        templates = List.copyOf(templates);
        steps = List.copyOf(steps);
        hooks = List.copyOf(hooks);
        analyses = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(analyses));
        problems = problems.stream().distinct().toList();
    }

    public boolean progressive() {
        return strategy != RolloutSpec.Strategy.Direct;
    }

    /** The hooks of one moment of the rollout, in spec order. */
    public List<RolloutHookSpec> hooks(RolloutHookSpec.Type on) {
        return hooks.stream().filter(h -> h.getType() == on).toList();
    }

    public List<MetricDefinition> analysis(String name) {
        return analyses.getOrDefault(name, List.of());
    }

    public static RolloutPlan from(RolloutSpec spec, RolloutDefaults defaults) {
        return from(spec, defaults, AnalysisTemplates.Resolved.NONE);
    }

    /**
     * @param templates the analyses' templates, resolved (or as a rollout froze them): their metrics follow each
     *                  analysis' own, and a metric name may occur once in all of them
     */
    public static RolloutPlan from(RolloutSpec spec, RolloutDefaults defaults, AnalysisTemplates.Resolved templates) {
        List<String> problems = new ArrayList<>(templates.problems());
        if (spec == null) {
            return new RolloutPlan(RolloutSpec.Strategy.Direct, List.of(), Optional.empty(), BlueGreenSpec.defaults(),
                    Map.of(), CanaryInputs.DEFAULT_PROGRESS_DEADLINE, Optional.empty(), List.of(), List.of(), List.of());
        }
        RolloutSpec.Strategy strategy = spec.effectiveStrategy();
        Map<String, List<MetricDefinition>> analyses = new LinkedHashMap<>();
        for (AnalysisSpec analysis : nullSafe(spec.getAnalyses())) {
            List<MetricDefinition> metrics = new ArrayList<>();
            Map<String, String> origins = new LinkedHashMap<>();
            for (AnalysisMetricSpec metric : nullSafe(analysis.getMetrics())) {
                origins.putIfAbsent(metric.getName(), "the analysis itself");
                metric(analysis.getName(), "", metric, List.of(), defaults, problems).ifPresent(metrics::add);
            }
            for (AnalysisTemplateStatus template : templates.of(analysis.getName())) {
                String origin = (Boolean.TRUE.equals(template.getClusterScope()) ? "ClusterModelAnalysisTemplate " : "ModelAnalysisTemplate ")
                        + template.getName();
                for (AnalysisMetricSpec metric : template.getMetrics() == null ? List.<AnalysisMetricSpec>of() : template.getMetrics().values()) {
                    String first = origins.putIfAbsent(metric.getName(), origin);
                    if (first != null) {
                        problems.add("analysis " + analysis.getName() + ": metric " + metric.getName() + " is defined twice, by "
                                + first + " and by " + origin + "; metric names must be unique within an analysis");
                        continue;
                    }
                    metric(analysis.getName(), " (" + origin + ")", metric, template.getSecretArgs(), defaults, problems).ifPresent(metrics::add);
                }
            }
            analyses.put(analysis.getName(), metrics);
        }
        Optional<String> background = Optional.ofNullable(spec.getBackgroundAnalysis()).map(a -> a.getName());
        if (strategy == RolloutSpec.Strategy.Canary) {
            // Without a count a background metric is measured every interval until promotion (limitsFor(true)).
            background.ifPresent(name -> analyses.getOrDefault(name, List.of()).stream().filter(m -> m.source().getCount() == null).forEach(m -> {
                AnalysisLimits limits = m.limits();
                AnalysisLimits.problemsOf(0, limits.interval(), limits.initialDelay(), limits.failureLimit(), limits.consecutiveFailureLimit(),
                                limits.inconclusiveLimit(), limits.consecutiveErrorLimit(), limits.consecutiveSuccessLimit())
                        .forEach(p -> problems.add("analysis " + name + " metric " + m.name() + " (backgroundAnalysis, no count: measured until promotion): " + p));
            }));
        }
        List<CanaryStep> steps = new ArrayList<>();
        for (CanaryStepSpec step : nullSafe(spec.getSteps())) {
            if (step.getSetWeight() != null) {
                steps.add(new CanaryStep.SetWeight(step.getSetWeight()));
            } else if (step.getPause() != null) {
                Optional<Duration> duration = step.getPause().getDuration() == null ? Optional.empty()
                        : duration(step.getPause().getDuration(), "pause duration", problems);
                steps.add(new CanaryStep.Pause(duration));
            } else if (step.getAnalysis() != null) {
                steps.add(new CanaryStep.Analysis(step.getAnalysis().getName()));
            } else if (step.getSetMirror() != null && step.getSetMirror().getPercent() != null) {
                steps.add(new CanaryStep.SetMirror(Math.max(0, Math.min(100, step.getSetMirror().getPercent()))));
            } else if (step.getSetHeaderRoute() != null && step.getSetHeaderRoute().getName() != null) {
                steps.add(new CanaryStep.SetHeaderRoute(HeaderRoutes.of(step.getSetHeaderRoute(), steps.size() + 1, problems)));
            }
        }
        List<String> inline = referenced(spec, steps, Optional.empty());
        for (String name : new LinkedHashSet<>(referenced(spec, steps, background))) {
            if (!analyses.containsKey(name)) {
                problems.add("analysis \"" + name + "\" is referenced but not defined in rollout.analyses");
                continue;
            }
            for (MetricDefinition metric : analyses.get(name)) {
                String label = "analysis " + name + " metric " + metric.name();
                if (inline.contains(name)) {
                    // A step's or a blue-green phase's analysis ends the step only when it ends: "until the step ends" never comes.
                    if (metric.source().getCount() != null && metric.source().getCount() == 0) {
                        problems.add(label + ": count 0 (until the step ends) only works in a "
                                + "backgroundAnalysis; a step or blue-green analysis would never end");
                    }
                    // CEL sees a written count only; unset, a step or blue-green metric takes one measurement.
                    String unset = metric.source().getCount() == null ? " (count unset: one measurement in a step or blue-green analysis)" : "";
                    metric.limits().unreachableLimits().forEach(p -> problems.add(label + unset + ": " + p));
                }
                if (strategy == RolloutSpec.Strategy.Canary && background.equals(Optional.of(name)) && metric.source().getCount() != null) {
                    // Unset, a background metric is unbounded; a written count is the same as inline (listed once).
                    metric.limits().unreachableLimits().forEach(p -> problems.add(label + ": " + p));
                }
            }
        }
        BlueGreenRolloutSpec bg = spec.getBlueGreen();
        BlueGreenSpec blueGreen = bg == null ? BlueGreenSpec.defaults() : new BlueGreenSpec(
                Optional.ofNullable(bg.getPrePromotionAnalysis()).map(a -> a.getName()),
                Optional.ofNullable(bg.getPostPromotionAnalysis()).map(a -> a.getName()),
                !Boolean.FALSE.equals(bg.getAutoPromotionEnabled()),
                bg.getScaleDownDelaySeconds() == null ? BlueGreenSpec.DEFAULT_SCALE_DOWN_DELAY : Duration.ofSeconds(bg.getScaleDownDelaySeconds()));
        Duration deadline = spec.getProgressDeadlineSeconds() == null ? CanaryInputs.DEFAULT_PROGRESS_DEADLINE
                : Duration.ofSeconds(spec.getProgressDeadlineSeconds());
        TrafficRoutingSpec routing = spec.getTrafficRouting();
        Optional<String> httpRoute = routing != null && routing.effectiveType() == TrafficRoutingSpec.Type.gatewayAPI
                ? Optional.ofNullable(routing.getHttpRoute()) : Optional.empty();
        if (routing != null && routing.effectiveType() == TrafficRoutingSpec.Type.gatewayAPI && httpRoute.isEmpty()) {
            problems.add("trafficRouting gatewayAPI needs httpRoute");
        }
        List<RolloutHookSpec> hooks = strategy == RolloutSpec.Strategy.Direct ? List.of()
                : nullSafe(spec.getHooks()).stream().filter(h -> h != null && h.getName() != null && h.getType() != null).toList();
        return new RolloutPlan(strategy, steps, background, blueGreen, analyses, deadline, httpRoute, problems, templates.templates(), hooks);
    }

    private static List<String> referenced(RolloutSpec spec, List<CanaryStep> steps, Optional<String> background) {
        List<String> names = new ArrayList<>();
        if (spec.effectiveStrategy() == RolloutSpec.Strategy.Canary) {
            steps.stream().filter(CanaryStep.Analysis.class::isInstance).map(s -> ((CanaryStep.Analysis) s).name()).forEach(names::add);
            background.ifPresent(names::add);
        }
        if (spec.effectiveStrategy() == RolloutSpec.Strategy.BlueGreen && spec.getBlueGreen() != null) {
            Optional.ofNullable(spec.getBlueGreen().getPrePromotionAnalysis()).map(a -> a.getName()).ifPresent(names::add);
            Optional.ofNullable(spec.getBlueGreen().getPostPromotionAnalysis()).map(a -> a.getName()).ifPresent(names::add);
        }
        return names;
    }

    private static Optional<MetricDefinition> metric(String analysis, String origin, AnalysisMetricSpec spec,
                                                     List<AnalysisTemplateStatus.SecretArg> secretArgs, RolloutDefaults defaults, List<String> problems) {
        String label = "analysis " + analysis + " metric " + spec.getName() + origin;
        int before = problems.size();
        Duration interval = spec.getInterval() == null ? defaults.analysisInterval()
                : duration(spec.getInterval(), label + " interval", problems).orElse(defaults.analysisInterval());
        Duration initialDelay = spec.getInitialDelay() == null ? Duration.ZERO
                : duration(spec.getInitialDelay(), label + " initialDelay", problems).orElse(Duration.ZERO);
        int count = spec.getCount() == null ? 1 : spec.getCount();
        int failureLimit = spec.getFailureLimit() == null ? AnalysisLimits.DEFAULT_FAILURE_LIMIT : spec.getFailureLimit();
        int inconclusiveLimit = spec.getInconclusiveLimit() == null ? AnalysisLimits.DEFAULT_INCONCLUSIVE_LIMIT : spec.getInconclusiveLimit();
        int errorLimit = spec.getConsecutiveErrorLimit() == null ? AnalysisLimits.DEFAULT_CONSECUTIVE_ERROR_LIMIT : spec.getConsecutiveErrorLimit();
        int successLimit = spec.getConsecutiveSuccessLimit() == null ? 0 : spec.getConsecutiveSuccessLimit();
        AnalysisLimits.problemsOf(count, interval, initialDelay, failureLimit, spec.getConsecutiveFailureLimit(), inconclusiveLimit, errorLimit,
                        successLimit)
                .forEach(p -> problems.add(label + ": " + p));
        MetricCriteria criteria = new MetricCriteria(spec.getName(), spec.getMin(), spec.getMax(), spec.getMaxRatioToStable(),
                spec.getMinRatioToStable(), spec.getNoData() == null ? null : NoDataPolicy.valueOf(spec.getNoData().name()),
                spec.getSuccessCondition(), spec.getFailureCondition());
        criteria.problems().forEach(p -> problems.add("analysis " + analysis + ": " + p));
        int providers = (spec.getPrometheus() == null ? 0 : 1) + (spec.getHttp() == null ? 0 : 1) + (spec.getJob() == null ? 0 : 1);
        if (providers != 1) {
            problems.add(label + " needs exactly one provider: prometheus, http or job");
        }
        // CEL rejects an unknown placeholder at admission; this catches an unclosed {{ too, and a spec stored before the rule.
        if (spec.getPrometheus() != null && spec.getPrometheus().getQuery() != null) {
            QueryTemplate.problem(spec.getPrometheus().getQuery()).ifPresent(p -> problems.add(label + " prometheus.query: " + p));
        }
        if (spec.getHttp() != null && spec.getHttp().getUrl() != null) {
            QueryTemplate.problem(spec.getHttp().getUrl()).ifPresent(p -> problems.add(label + " http.url: " + p));
        }
        if (spec.getHttp() != null && spec.getHttp().getBody() != null) {
            QueryTemplate.problem(spec.getHttp().getBody()).ifPresent(p -> problems.add(label + " http.body: " + p));
        }
        if (spec.getHttp() != null && spec.getHttp().getJsonPath() != null) {
            io.modelgate.provider.JsonSelection.problem(spec.getHttp().getJsonPath()).ifPresent(p -> problems.add(label + " http.jsonPath: " + p));
        }
        if (origin.isEmpty()) {
            // A template's arguments are checked where it is resolved; here, the analysis' own metrics have none.
            Set<String> args = new LinkedHashSet<>(AnalysisTemplates.argsUsed(spec, true));
            args.forEach(arg -> problems.add(label + ": {{args." + arg + "}} has no value: arguments are for the metrics of "
                    + "templates (analyses[].templates with args)"));
        }
        if (spec.getPrometheus() != null && spec.getPrometheus().getAddress() == null && defaults.prometheusAddress() == null) {
            problems.add(label + ": prometheus.address is not set and the operator has no default Prometheus address (chart operator.prometheusAddress)");
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        AnalysisLimits limits = new AnalysisLimits(count, interval, initialDelay, failureLimit, spec.getConsecutiveFailureLimit(),
                inconclusiveLimit, errorLimit, successLimit);
        return Optional.of(new MetricDefinition(spec.getName(), criteria, limits, spec, secretArgs));
    }

    private static Optional<Duration> duration(String text, String what, List<String> problems) {
        try {
            return Optional.of(Durations.parse(text));
        } catch (IllegalArgumentException e) {
            problems.add(what + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
