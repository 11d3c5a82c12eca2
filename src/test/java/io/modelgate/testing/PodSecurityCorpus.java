package io.modelgate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.modelgate.api.AnalysisMetricSpec;
import io.modelgate.api.AnalysisSpec;
import io.modelgate.api.CanaryStepSpec;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.ModelRevisionSpec.Trigger;
import io.modelgate.revision.JobStage;
import io.modelgate.revision.PipelinePlan;
import io.modelgate.workload.Revisions;
import io.modelgate.workload.Workloads;
import io.modelgate.api.RolloutSpec;
import io.modelgate.podsecurity.PodSecurityLevel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bad-input corpus of pod security, {@code src/test/resources/bad-inputs/pod-security.yaml}: each case a pod
 * template, where it goes in a pipeline, and the fields the check names at each level.
 */
public final class PodSecurityCorpus {

    public static final Path FILE = Path.of("src", "test", "resources", "bad-inputs", "pod-security.yaml");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** What a refused case reports, the same for every case. */
    public record Outcome(List<Condition> conditions, String eventType, String eventReason, List<String> created) {
    }

    public record Condition(String type, String status, String reason) {
    }

    /**
     * @param field      where the template goes, e.g. {@code serving.template}
     * @param baseline   the fields named at baseline (empty: it passes)
     * @param restricted the fields named at restricted
     */
    public record Case(String name, String field, PodTemplateSpec template, List<String> baseline, List<String> restricted) {

        public List<String> expected(PodSecurityLevel level) {
            return switch (level) {
                case Privileged -> List.of();
                case Baseline -> baseline;
                case Restricted -> restricted;
            };
        }

        /** The lowest level that refuses it, or privileged when none does. */
        public PodSecurityLevel refusedFrom() {
            return !baseline.isEmpty() ? PodSecurityLevel.Baseline : !restricted.isEmpty() ? PodSecurityLevel.Restricted : PodSecurityLevel.Privileged;
        }

        /** A copy of the template, to put into a pipeline or a Pod. */
        public PodTemplateSpec templateCopy() {
            return SERIALIZATION.unmarshal(SERIALIZATION.asJson(template), PodTemplateSpec.class);
        }

        /** {@link Pipelines#fraud} with this template at {@link #field} (a Canary with a job metric for an analysis template). */
        public ModelPipeline pipeline(String name, String namespace) {
            ModelPipeline pipeline = Pipelines.fraud(name, namespace);
            var spec = pipeline.getSpec();
            switch (field) {
                case "serving.template" -> spec.getServing().setTemplate(templateCopy());
                case "training.template" -> spec.getTraining().setTemplate(templateCopy());
                case "evaluation.template" -> spec.getEvaluation().setTemplate(templateCopy());
                case "dataValidation.template" -> {
                    spec.setDataValidation(Pipelines.dataValidation(Pipelines.gate("rows", 1000.0, null)));
                    spec.getDataValidation().setTemplate(templateCopy());
                }
                case "rollout.analyses[0].metrics[0].job.template" -> spec.setRollout(canaryWithJobMetric(templateCopy()));
                default -> throw new IllegalArgumentException("the corpus puts templates only where the README says pipelines have them: " + field);
            }
            return pipeline;
        }

        /**
         * The pod template of the Job or Deployment Modelgate builds for this case, as the Job controller or the
         * ReplicaSet controller would make its pods: labels, environment and restricted defaults applied.
         */
        public PodTemplateSpec asCreated() {
            ModelPipeline pipeline = pipeline("corpus", "ml");
            pipeline.getMetadata().setUid("uid-pipeline");
            ModelRevision revision = Revisions.freeze(pipeline, new PipelinePlan.NewRevision(1, Trigger.Initial, Optional.empty()), "sha256:corpus");
            revision.getMetadata().setUid("uid-revision");
            return switch (field) {
                case "serving.template" -> Workloads.deployment(revision, 2).getSpec().getTemplate();
                case "training.template" -> Workloads.job(revision, JobStage.Training).getSpec().getTemplate();
                case "evaluation.template" -> Workloads.job(revision, JobStage.Evaluation).getSpec().getTemplate();
                case "dataValidation.template" -> Workloads.job(revision, JobStage.Validation).getSpec().getTemplate();
                default -> {
                    var metric = pipeline.getSpec().getRollout().getAnalyses().get(0).getMetrics().get(0);
                    yield Workloads.analysisJob(revision, "corpus-r1-a1-step1-probe-1", metric.getName(), metric.getJob().getTemplate(),
                            null, Optional.empty()).getSpec().getTemplate();
                }
            };
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private PodSecurityCorpus() {
    }

    public static Outcome outcome() {
        JsonNode outcome = read().get("outcome");
        List<Condition> conditions = new ArrayList<>();
        outcome.get("conditions").forEach(c -> conditions.add(new Condition(c.get("type").asText(), c.get("status").asText(), c.get("reason").asText())));
        List<String> created = new ArrayList<>();
        outcome.get("created").forEach(c -> created.add(c.asText()));
        return new Outcome(conditions, outcome.get("event").get("type").asText(), outcome.get("event").get("reason").asText(), created);
    }

    public static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (JsonNode c : read().get("cases")) {
            cases.add(new Case(c.get("name").asText(), c.get("field").asText(),
                    SERIALIZATION.unmarshal(c.get("template").toString(), PodTemplateSpec.class), strings(c.get("baseline")), strings(c.get("restricted"))));
        }
        return cases;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return List.copyOf(values);
    }

    private static JsonNode read() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(FILE.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A canary whose one step runs analysis "probe", a job metric on {@code template}. */
    static RolloutSpec canaryWithJobMetric(PodTemplateSpec template) {
        AnalysisMetricSpec metric = SERIALIZATION.unmarshal("{\"name\": \"probe\", \"max\": 0.05, \"job\": {}}", AnalysisMetricSpec.class);
        metric.getJob().setTemplate(template);
        AnalysisSpec analysis = new AnalysisSpec();
        analysis.setName("probe");
        analysis.setMetrics(List.of(metric));
        RolloutSpec rollout = new RolloutSpec();
        rollout.setStrategy(RolloutSpec.Strategy.Canary);
        rollout.setAnalyses(List.of(analysis));
        CanaryStepSpec weight = new CanaryStepSpec();
        weight.setSetWeight(20);
        rollout.setSteps(List.of(weight, SERIALIZATION.unmarshal("{\"analysis\": {\"name\": \"probe\"}}", CanaryStepSpec.class)));
        return rollout;
    }
}
