package io.modelgate.revision;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.modelgate.api.ModelPipelineSpec;
import io.modelgate.api.SourceSpec;
import io.modelgate.podsecurity.PodSecurityLevel;
import io.modelgate.podsecurity.PodSecurityStandards;
import io.modelgate.podsecurity.Violation;
import io.modelgate.schedule.InvalidScheduleException;
import io.modelgate.schedule.RetrainSchedule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What admission cannot check (pod templates are opaque to the CRD schema; cron syntax is not CEL; the operator's
 * Pod Security level is a setting, not part of the schema). A problem found here stops new revisions and is
 * reported, but never touches what serves.
 */
public final class PipelineSpecChecks {

    private PipelineSpecChecks() {
    }

    /** @param podSecurity the highest Pod Security level the operator creates pods at (its setting) */
    public static Optional<String> problems(ModelPipelineSpec spec, PodSecurityLevel podSecurity) {
        List<String> problems = new ArrayList<>();
        if (spec == null) {
            return Optional.of("spec is missing");
        }
        // No check of training.template: without containers it runs one container "train", without an image
        // the first container runs source.trainingImage (PodTemplates.prepare), as the README says.
        if (spec.getDataValidation() != null) {
            checkContainers("dataValidation.template", spec.getDataValidation().getTemplate(), problems);
        }
        if (spec.getEvaluation() != null) {
            checkContainers("evaluation.template", spec.getEvaluation().getTemplate(), problems);
        }
        if (spec.getServing() != null && spec.getServing().effectiveBackend() == io.modelgate.api.ServingSpec.Backend.Deployment) {
            checkContainers("serving.template", spec.getServing().getTemplate(), problems);
        } else if (spec.getServing() != null && spec.getServing().getInferenceService() == null) {
            problems.add("serving.inferenceService is required with serving.backend InferenceService");
        }
        if (spec.getSource() != null && spec.getSource().getParameters() != null) {
            checkParameters(spec.getSource().getParameters(), problems);
            java.util.Map<String, String> byEnvName = new java.util.TreeMap<>();
            for (String parameter : new java.util.TreeSet<>(spec.getSource().getParameters().keySet())) {
                String other = byEnvName.putIfAbsent(parameterEnvName(parameter), parameter);
                if (other != null) {
                    problems.add("source.parameters \"" + other + "\" and \"" + parameter + "\" would both be passed as "
                            + parameterEnvName(parameter) + "; rename one");
                }
            }
        }
        if (spec.getTriggers() != null && spec.getTriggers().getSchedule() != null) {
            try {
                RetrainSchedule.parse(spec.getTriggers().getSchedule(), spec.getTriggers().getTimeZone());
            } catch (InvalidScheduleException e) {
                problems.add("triggers: " + e.getMessage());
            }
        }
        List<Violation> violations = new ArrayList<>();
        podTemplates(spec).forEach((field, template) -> violations.addAll(PodSecurityStandards.checkAsCreated(podSecurity, template, field)));
        if (!violations.isEmpty()) {
            problems.add(PodSecurityStandards.describe(podSecurity, violations));
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    /** The environment variable a training parameter is passed as. */
    public static String parameterEnvName(String parameter) {
        return "PARAM_" + parameter.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
    }

    /**
     * The schema's bounds again (SourceSpec), for a pipeline stored before they existed (the API server lets an
     * unchanged field keep a value a newer rule rejects) and for a server that validates nothing.
     */
    private static void checkParameters(java.util.Map<String, String> parameters, List<String> problems) {
        java.util.regex.Pattern name = java.util.regex.Pattern.compile(SourceSpec.PARAMETER_NAME_PATTERN);
        for (var parameter : new java.util.TreeMap<>(parameters).entrySet()) {
            String key = parameter.getKey();
            if (key.isEmpty()) {
                problems.add("source.parameters has an empty name (it would be passed as PARAM_)");
            } else if (key.length() > SourceSpec.MAX_PARAMETER_NAME || !name.matcher(key).matches()) {
                problems.add("source.parameters name \"" + abbreviate(key) + "\" is not 1 to " + SourceSpec.MAX_PARAMETER_NAME
                        + " letters, digits, '_', '-' or '.'");
            }
            if (parameter.getValue() != null && parameter.getValue().length() > SourceSpec.MAX_PARAMETER_VALUE) {
                problems.add("source.parameters \"" + abbreviate(key) + "\" has a value of " + parameter.getValue().length()
                        + " characters, more than " + SourceSpec.MAX_PARAMETER_VALUE + " (put data behind dataRef)");
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 70 ? text : text.substring(0, 67) + "...";
    }

    private static void checkContainers(String field, PodTemplateSpec template, List<String> problems) {
        if (template == null || template.getSpec() == null || template.getSpec().getContainers() == null
                || template.getSpec().getContainers().isEmpty()) {
            problems.add(field + " needs spec.containers with at least one container");
            return;
        }
        Container first = template.getSpec().getContainers().get(0);
        if (first.getImage() == null || first.getImage().isBlank()) {
            problems.add(field + ".spec.containers[0] needs an image");
        }
    }

    /**
     * Every pod template Modelgate creates pods from, by its path in the spec. The training template may be absent
     * (one default container, which the restricted defaults make pass any level).
     */
    public static Map<String, PodTemplateSpec> podTemplates(ModelPipelineSpec spec) {
        Map<String, PodTemplateSpec> templates = new LinkedHashMap<>();
        if (spec.getDataValidation() != null) {
            templates.put("dataValidation.template", spec.getDataValidation().getTemplate());
        }
        if (spec.getTraining() != null) {
            templates.put("training.template", spec.getTraining().getTemplate());
        }
        if (spec.getEvaluation() != null) {
            templates.put("evaluation.template", spec.getEvaluation().getTemplate());
        }
        // An InferenceService has no pod template of ours: KServe builds its pods from the runtime the platform team
        // maintains, and inferenceService exposes nothing that raises a pod's privileges.
        if (spec.getServing() != null && spec.getServing().getTemplate() != null) {
            templates.put("serving.template", spec.getServing().getTemplate());
        }
        var analyses = spec.getRollout() == null || spec.getRollout().getAnalyses() == null ? List.<io.modelgate.api.AnalysisSpec>of()
                : spec.getRollout().getAnalyses();
        for (int i = 0; i < analyses.size(); i++) {
            var metrics = analyses.get(i).getMetrics() == null ? List.<io.modelgate.api.AnalysisMetricSpec>of() : analyses.get(i).getMetrics();
            for (int j = 0; j < metrics.size(); j++) {
                if (metrics.get(j).getJob() != null) {
                    templates.put("rollout.analyses[" + i + "].metrics[" + j + "].job.template", metrics.get(j).getJob().getTemplate());
                }
            }
        }
        templates.values().removeIf(java.util.Objects::isNull);
        return templates;
    }
}
