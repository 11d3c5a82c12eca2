package io.modelgate.delivery;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.modelgate.api.AnalysisArg;
import io.modelgate.api.AnalysisMetricSpec;
import io.modelgate.api.AnalysisSpec;
import io.modelgate.api.AnalysisTemplateRef;
import io.modelgate.api.AnalysisTemplateSpec;
import io.modelgate.api.RolloutSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Analysis templates and the analyses that name them, for the delivery tests. */
final class Templates {

    static final ObjectMeta PIPELINE = new ObjectMetaBuilder().withName("fraud").withNamespace("ml")
            .withLabels(Map.of("team", "risk")).withAnnotations(Map.of("slo", "0.02")).build();

    private Templates() {
    }

    static AnalysisMetricSpec errorRate(String name, String query) {
        AnalysisMetricSpec metric = new AnalysisMetricSpec();
        metric.setName(name);
        metric.setMax(0.05);
        AnalysisMetricSpec.PrometheusMetric prometheus = new AnalysisMetricSpec.PrometheusMetric();
        prometheus.setAddress("http://prometheus.monitoring:9090");
        prometheus.setQuery(query);
        metric.setPrometheus(prometheus);
        return metric;
    }

    static AnalysisTemplateSpec.TemplateArg declared(String name, String defaultValue) {
        AnalysisTemplateSpec.TemplateArg arg = new AnalysisTemplateSpec.TemplateArg();
        arg.setName(name);
        arg.setValue(defaultValue);
        return arg;
    }

    static AnalysisTemplateSpec template(List<AnalysisTemplateSpec.TemplateArg> args, AnalysisMetricSpec... metrics) {
        AnalysisTemplateSpec spec = new AnalysisTemplateSpec();
        spec.setArgs(new ArrayList<>(args));
        spec.setMetrics(new ArrayList<>(List.of(metrics)));
        return spec;
    }

    static TemplateRead.Found found(AnalysisTemplateSpec spec, String resourceVersion) {
        return new TemplateRead.Found(spec, resourceVersion, 3L);
    }

    static AnalysisSpec analysis(String name, List<AnalysisTemplateRef> templates, List<AnalysisArg> args, AnalysisMetricSpec... inline) {
        AnalysisSpec analysis = new AnalysisSpec();
        analysis.setName(name);
        analysis.setMetrics(new ArrayList<>(List.of(inline)));
        analysis.setTemplates(new ArrayList<>(templates));
        analysis.setArgs(new ArrayList<>(args));
        return analysis;
    }

    static RolloutSpec canary(AnalysisSpec... analyses) {
        RolloutSpec spec = new RolloutSpec();
        spec.setStrategy(RolloutSpec.Strategy.Canary);
        spec.setAnalyses(new ArrayList<>(List.of(analyses)));
        return spec;
    }

    static AnalysisArg secretArg(String name, String secret, String key) {
        AnalysisArg.SecretKeyRef ref = new AnalysisArg.SecretKeyRef();
        ref.setName(secret);
        ref.setKey(key);
        AnalysisArg.ValueFrom from = new AnalysisArg.ValueFrom();
        from.setSecretKeyRef(ref);
        AnalysisArg arg = new AnalysisArg();
        arg.setName(name);
        arg.setValueFrom(from);
        return arg;
    }

    static AnalysisArg fieldArg(String name, String path) {
        AnalysisArg.FieldRef ref = new AnalysisArg.FieldRef();
        ref.setFieldPath(path);
        AnalysisArg.ValueFrom from = new AnalysisArg.ValueFrom();
        from.setFieldRef(ref);
        AnalysisArg arg = new AnalysisArg();
        arg.setName(name);
        arg.setValueFrom(from);
        return arg;
    }

    static TemplateRead.Key ns(String name) {
        return new TemplateRead.Key(name, false);
    }
}
