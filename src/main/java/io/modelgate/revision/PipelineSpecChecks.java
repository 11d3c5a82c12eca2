package io.modelgate.revision;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.modelgate.api.ModelPipelineSpec;
import io.modelgate.api.SourceSpec;
import io.modelgate.schedule.InvalidScheduleException;
import io.modelgate.schedule.RetrainSchedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What admission cannot check (pod templates are opaque to the CRD schema; cron syntax is not CEL).
 * A problem found here stops new revisions and is reported, but never touches what serves.
 */
public final class PipelineSpecChecks {

    private PipelineSpecChecks() {
    }

    public static Optional<String> problems(ModelPipelineSpec spec) {
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
        if (spec.getServing() != null) {
            checkContainers("serving.template", spec.getServing().getTemplate(), problems);
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
}
