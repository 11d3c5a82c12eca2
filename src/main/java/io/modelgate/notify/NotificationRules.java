package io.modelgate.notify;

import io.modelgate.analysis.MetricCriteria;
import io.modelgate.api.AnalysisRunStatus;
import io.modelgate.api.GateVerdict;
import io.modelgate.api.MeasurementStatus;
import io.modelgate.api.MetricRunStatus;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.ModelRevisionSpec;
import io.modelgate.api.NotificationSpec.Event;
import io.modelgate.api.RolloutStatus;
import io.modelgate.delivery.MetricDefinition;
import io.modelgate.gate.GateEvaluator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Which events a pass brings about: found by comparing each revision as the pass read it with the revision as the pass
 * leaves it, never from Events or log lines. An edge, not a level: a revision that has been RolledBack for a week is
 * not news to the pass that reads it again (nor to a restarted operator).
 */
public final class NotificationRules {

    private static final Set<String> FAILING = Set.of("Failed", "Error");

    private NotificationRules() {
    }

    /**
     * @param before   the revisions as the pass read them
     * @param after    the revisions as the pass leaves them (new ones included)
     * @param created  whether a revision the pass made was created (a create the server has not taken is not news)
     * @param analyses the metric definitions of a named analysis of the pipeline's rollout, for the bounds
     */
    public static List<Notice> between(Collection<ModelRevision> before, Collection<ModelRevision> after,
                                       java.util.function.Predicate<String> created,
                                       Function<String, List<MetricDefinition>> analyses, Instant now) {
        Map<String, ModelRevision> read = new HashMap<>();
        before.forEach(r -> read.put(r.getMetadata().getName(), r));
        List<Notice> notices = new ArrayList<>();
        for (ModelRevision revision : after) {
            String name = revision.getMetadata().getName();
            ModelRevision was = read.get(name);
            if (was == null && !created.test(name)) {
                continue;
            }
            String phaseBefore = was == null ? null : recordedPhase(was);
            String phaseNow = phase(revision);
            if (was == null && revision.getSpec() != null && isRetrainTrigger(revision.getSpec().getTrigger())) {
                String why = revision.getSpec().getTriggerReason() == null ? "a retraining trigger fired"
                        : revision.getSpec().getTriggerReason();
                notices.add(notice(revision, Event.RetrainTriggered, "", phaseNow == null ? "Pending" : phaseNow,
                        revision.getSpec().getTrigger().name(), why, List.of(), now));
            }
            if (phaseNow == null || phaseNow.equals(phaseBefore)) {
                if ("RollingOut".equals(phaseNow)) {
                    waiting(was, revision, analyses, now).ifPresent(notices::add);
                }
                continue;
            }
            switch (phaseNow) {
                case "Rejected" -> notices.add(notice(revision, Event.RevisionRejected, "", phaseNow, reason(revision),
                        message(revision), failedGates(revision), now));
                case "RolledBack" -> notices.add(notice(revision, Event.RolledBack, "/a" + attempt(revision), phaseNow,
                        reason(revision), message(revision), failingMetrics(revision, analyses), now));
                case "Promoted" -> notices.add(notice(revision, Event.Promoted, "/a" + attempt(revision), phaseNow,
                        reason(revision), message(revision), List.of(), now));
                case "RollingOut" -> waiting(null, revision, analyses, now).ifPresent(notices::add);
                default -> {
                }
            }
        }
        return notices;
    }

    private static boolean isRetrainTrigger(ModelRevisionSpec.Trigger trigger) {
        return trigger == ModelRevisionSpec.Trigger.Drift || trigger == ModelRevisionSpec.Trigger.Quality;
    }

    /** A rollout that starts waiting for a person, once per attempt and place of the wait (a step, a blue-green phase). */
    private static Optional<Notice> waiting(ModelRevision was, ModelRevision revision,
                                            Function<String, List<MetricDefinition>> analyses, Instant now) {
        RolloutStatus rollout = revision.getStatus().getRollout();
        if (rollout == null || rollout.getPausedReason() == null) {
            return Optional.empty();
        }
        String where = where(rollout);
        RolloutStatus before = was == null || !"RollingOut".equals(phase(was)) ? null : was.getStatus().getRollout();
        if (before != null && before.getPausedReason() != null && where.equals(where(before))
                && Objects.equals(before.getAttempt(), rollout.getAttempt())) {
            return Optional.empty();
        }
        List<Notice.MetricFact> metrics = new ArrayList<>();
        for (AnalysisRunStatus run : rollout.getAnalysisRuns()) {
            if ("Inconclusive".equals(run.getPhase())) {
                metrics.addAll(metricsOf(run, Set.of("Inconclusive"), analyses));
            }
        }
        return Optional.of(notice(revision, Event.WaitingForPromotion, "/a" + attempt(revision) + "/" + where, "RollingOut",
                "RolloutPaused", rollout.getPausedReason(), metrics, now));
    }

    private static String where(RolloutStatus rollout) {
        return rollout.getBlueGreenPhase() != null ? rollout.getBlueGreenPhase() : "step" + rollout.getStepIndex();
    }

    private static List<Notice.MetricFact> failedGates(ModelRevision revision) {
        List<Notice.MetricFact> facts = new ArrayList<>();
        for (GateVerdict gate : revision.getStatus().getGates()) {
            if (gate.getResult() != GateVerdict.Result.Failed) {
                continue;
            }
            String violation = switch (gate.getReason() == null ? "" : gate.getReason()) {
                case "AboveMax", "BelowMin", "DidNotBeatStable" -> gate.getMessage() == null ? null : afterValue(gate.getMessage());
                default -> gate.getMessage();
            };
            facts.add(new Notice.MetricFact(gate.getMetric(), gate.getObserved(), gate.getBound(), violation,
                    (gate.getStage() == GateVerdict.Stage.DataValidation ? "data validation" : "evaluation") + " gate"));
        }
        return facts;
    }

    /** "auc=0.81 is below min 0.9" → "is below min 0.9": the value is said beside it already. */
    private static String afterValue(String message) {
        int space = message.indexOf(' ');
        return space < 0 ? message : message.substring(space + 1);
    }

    /** The deciding metrics that failed in the runs that failed, each with its last failing value. */
    private static List<Notice.MetricFact> failingMetrics(ModelRevision revision, Function<String, List<MetricDefinition>> analyses) {
        RolloutStatus rollout = revision.getStatus().getRollout();
        if (rollout == null) {
            return List.of();
        }
        List<Notice.MetricFact> facts = new ArrayList<>();
        for (AnalysisRunStatus run : rollout.getAnalysisRuns()) {
            if (FAILING.contains(run.getPhase()) && Objects.equals(run.getAttempt(), rollout.getAttempt())) {
                facts.addAll(metricsOf(run, FAILING, analyses));
            }
        }
        return facts;
    }

    private static List<Notice.MetricFact> metricsOf(AnalysisRunStatus run, Set<String> phases,
                                                     Function<String, List<MetricDefinition>> analyses) {
        List<Notice.MetricFact> facts = new ArrayList<>();
        for (MetricRunStatus metric : run.getMetrics()) {
            if (Boolean.TRUE.equals(metric.getDryRun()) || !phases.contains(metric.getPhase())) {
                continue;
            }
            Optional<MeasurementStatus> last = metric.getMeasurements().stream()
                    .filter(m -> phases.contains(m.getPhase()) || FAILING.contains(m.getPhase())).reduce((a, b) -> b);
            Double value = last.map(MeasurementStatus::getValue).flatMap(NotificationRules::number).orElse(null);
            Optional<MetricCriteria> criteria = analyses.apply(run.getAnalysis()).stream()
                    .filter(d -> d.name().equals(metric.getName())).map(MetricDefinition::criteria).findFirst();
            String bound = criteria.map(MetricCriteria::describeBounds).orElse(null);
            String violation = value == null
                    ? last.map(MeasurementStatus::getMessage).orElse(metric.getMessage())
                    : criteria.map(c -> violation(c, value)).orElse(null);
            facts.add(new Notice.MetricFact(metric.getName(), value, bound, violation, "analysis " + run.getAnalysis()));
        }
        return facts;
    }

    /** The side of the bound the value broke, e.g. {@code > max 0.05}. */
    static String violation(MetricCriteria criteria, double value) {
        if (criteria.max() != null && value > criteria.max()) {
            return "> max " + GateEvaluator.format(criteria.max());
        }
        if (criteria.min() != null && value < criteria.min()) {
            return "< min " + GateEvaluator.format(criteria.min());
        }
        // Within the absolute bounds, it was a ratio to the stable revision that failed.
        if (criteria.maxRatioToStable() != null) {
            return "> stable × " + GateEvaluator.format(criteria.maxRatioToStable());
        }
        if (criteria.minRatioToStable() != null) {
            return "< stable × " + GateEvaluator.format(criteria.minRatioToStable());
        }
        return criteria.hasCondition() ? "against " + criteria.describeBounds() : null;
    }

    private static Optional<Double> number(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            double value = Double.parseDouble(text.replace("+Inf", "Infinity").replace("-Inf", "-Infinity"));
            return Double.isFinite(value) ? Optional.of(value) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Notice notice(ModelRevision revision, Event event, String keySuffix, String phase, String reason, String message,
                                 List<Notice.MetricFact> metrics, Instant now) {
        String namespace = revision.getMetadata().getNamespace();
        String pipeline = revision.getSpec() == null ? null : revision.getSpec().getPipeline();
        String name = revision.getMetadata().getName();
        int number = revision.getSpec() == null || revision.getSpec().getNumber() == null ? 0 : revision.getSpec().getNumber();
        return new Notice(namespace + "/" + pipeline + "/" + name + "/" + event + keySuffix, event, namespace, pipeline, name, number,
                phase, reason, message, metrics, now);
    }

    private static int attempt(ModelRevision revision) {
        RolloutStatus rollout = revision.getStatus().getRollout();
        return rollout == null || rollout.getAttempt() == null ? 1 : rollout.getAttempt();
    }

    private static String phase(ModelRevision revision) {
        return revision.getStatus() == null ? null : revision.getStatus().getPhase();
    }

    /** The phase the operator's own record ends in: a phase written by hand and put back is no event. */
    private static String recordedPhase(ModelRevision revision) {
        var transitions = revision.getStatus() == null ? null : revision.getStatus().getTransitions();
        return transitions == null || transitions.isEmpty() ? phase(revision) : transitions.get(transitions.size() - 1).getPhase();
    }

    private static String reason(ModelRevision revision) {
        return revision.getStatus().getReason();
    }

    private static String message(ModelRevision revision) {
        return revision.getStatus().getMessage();
    }
}
