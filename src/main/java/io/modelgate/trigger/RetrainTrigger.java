package io.modelgate.trigger;

import io.modelgate.analysis.AnalysisLimits;
import io.modelgate.analysis.Durations;
import io.modelgate.analysis.MetricCriteria;
import io.modelgate.api.AnalysisMetricSpec;
import io.modelgate.api.TriggerMetricSpec;
import io.modelgate.delivery.MetricDefinition;
import io.modelgate.provider.QueryTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One trigger of spec.triggers.metrics, read: the metric it measures (through the same providers and templating as
 * an analysis metric), how long a violation must last, how often it is measured, and its cooldown.
 */
public record RetrainTrigger(String name, TriggerMetricSpec.Kind kind, MetricDefinition metric, Duration forDuration,
                             Duration interval, Duration cooldown) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_COOLDOWN = Duration.ofHours(1);

    /** The trigger, or the problems that keep it from being measured (named, for the pipeline's InvalidSpec). */
    public static Read read(TriggerMetricSpec spec, Optional<String> defaultPrometheus) {
        List<String> problems = new ArrayList<>();
        String label = "triggers.metrics " + spec.getName();
        Duration forDuration = duration(spec.getForDuration(), Duration.ZERO, label + " for", problems);
        Duration interval = duration(spec.getInterval(), DEFAULT_INTERVAL, label + " interval", problems);
        Duration cooldown = duration(spec.getCooldown(), DEFAULT_COOLDOWN, label + " cooldown", problems);
        if (interval.isZero()) {
            problems.add(label + " interval must be more than 0s");
        }
        if ((spec.getPrometheus() == null) == (spec.getHttp() == null)) {
            problems.add(label + " needs exactly one provider: prometheus or http");
        }
        if (spec.getMin() == null && spec.getMax() == null) {
            problems.add(label + " needs a bound: min or max");
        }
        if (spec.getPrometheus() != null && spec.getPrometheus().getQuery() != null) {
            QueryTemplate.problem(spec.getPrometheus().getQuery()).ifPresent(p -> problems.add(label + " prometheus.query: " + p));
        }
        if (spec.getHttp() != null && spec.getHttp().getUrl() != null) {
            QueryTemplate.problem(spec.getHttp().getUrl()).ifPresent(p -> problems.add(label + " http.url: " + p));
        }
        if (spec.getPrometheus() != null && spec.getPrometheus().getAddress() == null && defaultPrometheus.isEmpty()) {
            problems.add(label + ": prometheus.address is not set and the operator has no default Prometheus address (chart operator.prometheusAddress)");
        }
        if (!problems.isEmpty()) {
            return new Read(Optional.empty(), problems);
        }
        AnalysisMetricSpec source = new AnalysisMetricSpec();
        source.setName(spec.getName());
        source.setPrometheus(spec.getPrometheus());
        source.setHttp(spec.getHttp());
        source.setMin(spec.getMin());
        source.setMax(spec.getMax());
        MetricCriteria criteria = new MetricCriteria(spec.getName(), spec.getMin(), spec.getMax(), null, null, null);
        MetricDefinition metric = new MetricDefinition(spec.getName(), criteria, AnalysisLimits.of(1, interval), source);
        return new Read(Optional.of(new RetrainTrigger(spec.getName(), spec.effectiveKind(), metric, forDuration, interval, cooldown)), List.of());
    }

    public record Read(Optional<RetrainTrigger> trigger, List<String> problems) {
        public Read {
            problems = List.copyOf(problems);
        }
    }

    private static Duration duration(String text, Duration fallback, String what, List<String> problems) {
        if (text == null) {
            return fallback;
        }
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(what + ": " + e.getMessage());
            return fallback;
        }
    }
}
