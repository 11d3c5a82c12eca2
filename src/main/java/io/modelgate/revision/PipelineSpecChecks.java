package io.modelgate.revision;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.modelgate.api.ModelPipelineSpec;
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
