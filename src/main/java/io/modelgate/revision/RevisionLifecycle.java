package io.modelgate.revision;

import io.modelgate.status.Reason;
import io.modelgate.api.Gate;
import io.modelgate.api.GateVerdict;
import io.modelgate.gate.GateEvaluator;
import io.modelgate.gate.MetricsReport;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides a revision's next step from its phase and what its Jobs and Deployment report.
 * Pure: the same snapshot always gives the same step, so a restarted operator resumes exactly.
 */
public final class RevisionLifecycle {

    private RevisionLifecycle() {
    }

    public static Step next(RevisionSnapshot revision) {
        return switch (revision.phase()) {
            case Pending -> revision.validatesData()
                    ? Step.Advance.to(RevisionPhase.Validating, Reason.ValidationStarted,
                            revision.trainsModel() ? "validating the data before training" : "validating the data before evaluation")
                    : revision.trainsModel()
                    ? Step.Advance.to(RevisionPhase.Training, Reason.TrainingStarted, "training started")
                    : Step.Advance.to(RevisionPhase.Evaluating, Reason.ModelExists, "the model exists, nothing to train: evaluating it");
            case Validating -> gatedStage(revision, JobStage.Validation);
            case Training -> training(revision);
            case Evaluating -> gatedStage(revision, JobStage.Evaluation);
            case Queued -> revision.slot().tryAcquire()
                    .<Step>map(Step.Wait::new)
                    .orElse(Step.Advance.to(RevisionPhase.RollingOut, Reason.RolloutStarted, "a rollout slot is free; rolling out"));
            case RollingOut -> revision.progressive() ? new Step.Progress() : rollingOut(revision);
            case Promoted, Rejected, Failed, Superseded, RolledBack, Aborted -> new Step.Wait("revision has ended");
        };
    }

    private static Step training(RevisionSnapshot revision) {
        JobObservation job = revision.job(JobStage.Training);
        if (job instanceof JobObservation.Failed failed) {
            return failedStage("training", failed, Reason.TrainingFailed);
        }
        if (job instanceof JobObservation.Succeeded succeeded) {
            // The metrics a training reports are a record, never a gate: unreadable ones are left out, not fatal.
            MetricsReport report = MetricsReport.parse(succeeded.terminationMessage());
            return new Step.Advance(RevisionPhase.Evaluating, Reason.Trained, "training Job succeeded; evaluating" + unrecorded(report),
                    report.readable() ? report.values() : Map.of(), List.of(), report.provenance());
        }
        if (job instanceof JobObservation.Held held) {
            return hold("training", held);
        }
        return job instanceof JobObservation.Running
                ? new Step.Wait("training Job is running")
                : new Step.StartJob(JobStage.Training);
    }

    private static Step gatedStage(RevisionSnapshot revision, JobStage stage) {
        boolean validation = stage == JobStage.Validation;
        String what = validation ? "data-validation" : "evaluation";
        JobObservation job = revision.job(stage);
        if (job instanceof JobObservation.Failed failed) {
            return failedStage(what, failed, validation ? Reason.ValidationFailed : Reason.EvaluationFailed);
        }
        if (job instanceof JobObservation.Succeeded succeeded) {
            return judge(revision, stage, succeeded.terminationMessage());
        }
        if (job instanceof JobObservation.Held held) {
            return hold(what, held);
        }
        return job instanceof JobObservation.Running
                ? new Step.Wait(what + " Job is running")
                : new Step.StartJob(stage);
    }

    private static Step judge(RevisionSnapshot revision, JobStage stage, String terminationMessage) {
        boolean validation = stage == JobStage.Validation;
        List<Gate> gates = validation ? revision.validationGates() : revision.evaluationGates();
        MetricsReport report = MetricsReport.parse(terminationMessage);
        List<GateVerdict> verdicts = GateEvaluator.evaluate(
                validation ? GateVerdict.Stage.DataValidation : GateVerdict.Stage.Evaluation,
                gates, report, revision.baseline());
        if (GateEvaluator.allPassed(verdicts)) {
            String passed = verdicts.isEmpty() ? "no gates configured" : "all " + verdicts.size() + " gates passed";
            String unread = report.readable() ? "" : "; metrics not recorded: " + report.error();
            return validation
                    ? new Step.Advance(revision.trainsModel() ? RevisionPhase.Training : RevisionPhase.Evaluating, Reason.DataValidated,
                            "data validated (" + passed + "); " + (revision.trainsModel() ? "training" : "evaluating the model") + unread
                            + unrecorded(report), report.values(), verdicts, report.provenance())
                    : rolloutOrQueue(revision, "evaluation passed (" + passed + ")" + unread, report, verdicts);
        }
        String failures = verdicts.stream().filter(v -> !v.passed()).map(GateVerdict::getMessage).collect(Collectors.joining("; "));
        return new Step.Advance(RevisionPhase.Rejected, validation ? Reason.DataValidationGateFailed : Reason.EvaluationGateFailed,
                (validation ? "data rejected before training: " : "model rejected: ") + failures, report.values(), verdicts,
                validation ? report.provenance() : Map.of());
    }

    /** A data version or digest the Job reported in a form that cannot be recorded: said, never fatal. */
    private static String unrecorded(MetricsReport report) {
        return report.provenanceProblem().map(problem -> "; " + problem).orElse("");
    }

    private static Step rolloutOrQueue(RevisionSnapshot revision, String passed, MetricsReport report, List<GateVerdict> verdicts) {
        Optional<String> wait = revision.slot().tryAcquire();
        return wait.isEmpty()
                ? new Step.Advance(RevisionPhase.RollingOut, Reason.EvaluationPassed, passed + "; rolling out", report.values(), verdicts)
                : new Step.Advance(RevisionPhase.Queued, Reason.EvaluationPassed, passed + "; " + wait.get(), report.values(), verdicts);
    }

    private static Step rollingOut(RevisionSnapshot revision) {
        ServingObservation serving = revision.serving();
        if (serving instanceof ServingObservation.Available) {
            return Step.Advance.to(RevisionPhase.Promoted, Reason.Promoted, "serving Deployment is available; now the stable revision");
        }
        if (serving instanceof ServingObservation.Stalled stalled) {
            return Step.Advance.to(RevisionPhase.Failed, Reason.ServingNotAvailable,
                    "the serving workload did not become available (" + stalled.reason() + "): " + stalled.message()
                            + "; the previous stable revision keeps serving");
        }
        // Absent or progressing: applying the Deployment again is idempotent and repairs manual edits.
        return new Step.DeployServing();
    }

    /** A refusal by the namespace's Pod Security admission has its own reason: the template must change, not the data. */
    private static Step.Advance failedStage(String what, JobObservation.Failed failed, Reason usual) {
        if (JobObservation.POD_SECURITY_REFUSED.equals(failed.reason())) {
            return Step.Advance.to(RevisionPhase.Failed, Reason.PodSecurityRefused, "the namespace's Pod Security admission refused the pods of the "
                    + what + " Job, which is deleted: " + failed.message());
        }
        return Step.Advance.to(RevisionPhase.Failed, usual, what + " Job failed: " + describe(failed));
    }

    private static Step.Hold hold(String what, JobObservation.Held held) {
        return new Step.Hold(held.reason(), what + " Job cannot create its pods yet: " + held.message());
    }

    private static String describe(JobObservation.Failed failed) {
        return failed.message() == null || failed.message().isBlank()
                ? failed.reason()
                : failed.reason() + ": " + failed.message();
    }
}
