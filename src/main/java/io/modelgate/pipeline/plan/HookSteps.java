package io.modelgate.pipeline.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.modelgate.api.HookRunStatus;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.RolloutHookSpec;
import io.modelgate.api.RolloutStatus;
import io.modelgate.delivery.RolloutPlan;
import io.modelgate.provider.QueryTemplate;
import io.modelgate.revision.JobObservation;
import io.modelgate.status.Reason;
import io.modelgate.workload.JobObservations;
import io.modelgate.workload.Labels;
import io.modelgate.workload.RevisionNames;
import io.modelgate.workload.Workloads;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rollout's lifecycle hooks in a pass. Each hook runs once per attempt of the rollout, recorded in
 * {@code status.rollout.hooks}: an http hook is POSTed within the pass (the reconciler calls it and plans again with
 * the answer), a job hook's Job is created and read on the passes after. PreRollout and ConfirmPromotion hooks are a
 * {@link Gate} the rollout waits at; PostRollout and Rollback hooks are started and recorded, and nothing waits.
 */
final class HookSteps {

    static final String RUNNING = "Running";
    static final String SUCCEEDED = "Succeeded";
    static final String FAILED = "Failed";
    static final String OVERRIDDEN = "Overridden";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the rollout does about the hooks of one moment. */
    sealed interface Gate {
        record Passed() implements Gate {
        }

        record Waiting(String message) implements Gate {
        }

        record Failed(RolloutHookSpec hook, String message) implements Gate {
        }
    }

    private final PassState pass;
    private final RolloutPlan plan;

    HookSteps(PassState pass, RolloutPlan plan) {
        this.pass = pass;
        this.plan = plan;
    }

    /** Runs the hooks of {@code on} in spec order, each once this attempt; the first not Succeeded decides. */
    Gate gate(ModelRevision revision, RolloutStatus record, RolloutHookSpec.Type on, int attempt) {
        for (RolloutHookSpec hook : plan.hooks(on)) {
            HookRunStatus run = advance(revision, record, hook, attempt);
            if (RUNNING.equals(run.getPhase())) {
                return new Gate.Waiting(on + " hook " + hook.getName() + " is running" + (run.getJob() == null ? "" : " (Job " + run.getJob() + ")"));
            }
            if (FAILED.equals(run.getPhase())) {
                return new Gate.Failed(hook, on + " hook " + hook.getName() + " failed: " + run.getMessage());
            }
        }
        return new Gate.Passed();
    }

    /** Whether a hook of {@code on} has run (or runs) in this attempt: the moment has come, whatever the state says now. */
    boolean reached(RolloutStatus record, RolloutHookSpec.Type on, int attempt) {
        return runs(record).stream().anyMatch(r -> on.name().equals(r.getType()) && Integer.valueOf(attempt).equals(r.getAttempt()));
    }

    /** A PreRollout or ConfirmPromotion hook of this attempt that failed and holds the rollout, if any. */
    Optional<Gate.Failed> holding(RolloutStatus record, int attempt) {
        for (HookRunStatus run : runs(record)) {
            Optional<RolloutHookSpec> hook = plan.hooks().stream().filter(h -> h.getName().equals(run.getName()) && h.getType().name().equals(run.getType())).findFirst();
            if (hook.isPresent() && hook.get().gates() && hook.get().effectiveOnFailure() == RolloutHookSpec.OnFailure.Hold
                    && FAILED.equals(run.getPhase()) && Integer.valueOf(attempt).equals(run.getAttempt())) {
                return Optional.of(new Gate.Failed(hook.get(), run.getType() + " hook " + run.getName() + " failed: " + run.getMessage()));
            }
        }
        return Optional.empty();
    }

    /** A person promoted past the failed hooks of this attempt: they count as passed, and say who decided. */
    void override(RolloutStatus record, int attempt) {
        runs(record).stream().filter(r -> FAILED.equals(r.getPhase()) && Integer.valueOf(attempt).equals(r.getAttempt())).forEach(r -> {
            r.setPhase(OVERRIDDEN);
            r.setMessage("promoted by a person past the failure: " + r.getMessage());
        });
    }

    /** Starts the hooks of {@code on} (PostRollout, Rollback) and records what is known of them; nothing waits. */
    void fire(ModelRevision revision, RolloutStatus record, RolloutHookSpec.Type on, int attempt) {
        plan.hooks(on).forEach(hook -> advance(revision, record, hook, attempt));
    }

    /** A finished rollout's job hooks that still run are read until they end. */
    void follow(ModelRevision revision) {
        RolloutStatus record = revision.getStatus() == null ? null : revision.getStatus().getRollout();
        if (record == null) {
            return;
        }
        for (HookRunStatus run : runs(record)) {
            if (RUNNING.equals(run.getPhase()) && run.getJob() != null) {
                plan.hooks().stream().filter(h -> h.getName().equals(run.getName()) && h.getType().name().equals(run.getType())).findFirst()
                        .ifPresent(hook -> advance(revision, record, hook, run.getAttempt()));
            }
        }
    }

    /** The hook's run of this attempt, started when there is none, moved on by what its Job or endpoint said. */
    private HookRunStatus advance(ModelRevision revision, RolloutStatus record, RolloutHookSpec hook, int attempt) {
        HookRunStatus run = runs(record).stream()
                .filter(r -> hook.getName().equals(r.getName()) && hook.getType().name().equals(r.getType()) && Integer.valueOf(attempt).equals(r.getAttempt()))
                .findFirst().orElseGet(() -> {
                    HookRunStatus started = new HookRunStatus();
                    started.setName(hook.getName());
                    started.setType(hook.getType().name());
                    started.setAttempt(attempt);
                    started.setPhase(RUNNING);
                    started.setStartedAt(pass.now.toString());
                    if (record.getHooks() == null) {
                        record.setHooks(new ArrayList<>());
                    }
                    record.getHooks().add(started);
                    return started;
                });
        if (!RUNNING.equals(run.getPhase())) {
            return run;
        }
        if (hook.getJob() != null) {
            advanceJob(revision, record, hook, run);
        } else {
            advanceHttp(revision, record, hook, run);
        }
        if (!RUNNING.equals(run.getPhase())) {
            run.setFinishedAt(pass.now.toString());
            boolean ok = SUCCEEDED.equals(run.getPhase());
            String message = hook.getType() + " hook " + hook.getName() + (ok ? " succeeded" : " failed") + ": " + run.getMessage();
            pass.effects.event(ok ? EventIntent.normal(revision, Reason.HookSucceeded, message) : EventIntent.warning(revision, Reason.HookFailed, message));
        }
        return run;
    }

    private void advanceHttp(ModelRevision revision, RolloutStatus record, RolloutHookSpec hook, HookRunStatus run) {
        String key = revision.getMetadata().getName() + "/a" + run.getAttempt() + "/hook/" + hook.getType() + "/" + hook.getName();
        Optional<HookCall.Answer> answer = pass.inputs.hookAnswer(key);
        if (answer.isPresent()) {
            run.setPhase(answer.get().ok() ? SUCCEEDED : FAILED);
            run.setMessage(answer.get().message());
            return;
        }
        String url;
        try {
            url = QueryTemplate.render(hook.getHttp().getUrl(), variables(revision, record));
        } catch (IllegalArgumentException e) {
            run.setPhase(FAILED);
            run.setMessage("url: " + e.getMessage());
            return;
        }
        Duration timeout = hook.getHttp().getTimeoutSeconds() == null ? HookCall.DEFAULT_TIMEOUT : Duration.ofSeconds(hook.getHttp().getTimeoutSeconds());
        Optional<String> headers = Optional.ofNullable(hook.getHttp().getHeadersFrom()).map(h -> h.getSecretName());
        pass.effects.call(new HookCall(key, pass.namespace, url, document(revision, record, hook, run), headers, timeout));
    }

    private void advanceJob(ModelRevision revision, RolloutStatus record, RolloutHookSpec hook, HookRunStatus run) {
        String name = run.getJob() != null ? run.getJob()
                : RevisionNames.analysisJob(revision.getMetadata().getName(), "a" + run.getAttempt() + "-hook", hook.getName(), 1);
        run.setJob(name);
        Optional<Job> job = pass.job(name);
        if (job.isEmpty()) {
            // Not there yet, or deleted by someone: the name is the run's, so a lagging cache answers AlreadyThere.
            Job desired = Workloads.analysisJob(revision, name, hook.getName(), hook.getJob().getTemplate(), hook.getJob().getActiveDeadlineSeconds(),
                    Optional.ofNullable(record.getStableRevision()));
            var env = desired.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
            env.removeIf(e -> "MODELGATE_METRIC".equals(e.getName()));
            env.add(new EnvVar("MODELGATE_HOOK", hook.getName(), null));
            env.add(new EnvVar("MODELGATE_HOOK_ON", hook.getType().name(), null));
            Optional<String> refused = pass.podSecurityRefusal(List.of(desired.getSpec().getTemplate()), "rollout.hooks[" + hook.getName() + "].job.template");
            if (refused.isPresent()) {
                run.setPhase(FAILED);
                run.setMessage("the hook's Job was not created: " + refused.get());
                return;
            }
            Optional<WriteResult> answered = pass.create(desired, false);
            if (answered.isPresent()) {
                run.setPhase(FAILED);
                run.setMessage("the API server rejected the hook's Job: " + answered.get().describe());
            }
            return;
        }
        List<Pod> pods = pass.pods(Map.of(Labels.ANALYSIS_JOB, name));
        JobObservation observation = JobObservations.job(job.get(), pods, () -> pass.podsReadAgain(name), pass.podsRefused(name));
        if (observation instanceof JobObservation.Succeeded) {
            run.setPhase(SUCCEEDED);
            run.setMessage("Job " + name + " succeeded");
        } else if (observation instanceof JobObservation.Failed failed) {
            run.setPhase(FAILED);
            run.setMessage("Job " + name + " failed: " + failed.reason() + (failed.message() == null ? "" : ": " + failed.message()));
        } else if (observation instanceof JobObservation.Held held) {
            run.setMessage("Job " + name + " waits: " + held.message());
        }
    }

    private Map<String, String> variables(ModelRevision revision, RolloutStatus record) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put(QueryTemplate.NAMESPACE, pass.namespace);
        variables.put(QueryTemplate.PIPELINE, pass.name);
        variables.put(QueryTemplate.REVISION, revision.getMetadata().getName());
        Optional.ofNullable(record.getStableRevision()).ifPresent(s -> variables.put(QueryTemplate.STABLE_REVISION, s));
        return variables;
    }

    /** What an http hook is told: who, which moment, and every metric the rollout has measured so far with its last value. */
    String document(ModelRevision revision, RolloutStatus record, RolloutHookSpec hook, HookRunStatus run) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("pipeline", pass.name);
        doc.put("namespace", pass.namespace);
        doc.put("revision", revision.getMetadata().getName());
        doc.put("stableRevision", record.getStableRevision());
        doc.put("hook", hook.getName());
        doc.put("type", hook.getType().name());
        doc.put("attempt", run.getAttempt());
        doc.put("phase", revision.getStatus().getPhase());
        doc.put("canaryWeight", record.getCanaryWeight());
        doc.put("message", record.getMessage());
        ArrayNode metrics = doc.putArray("metrics");
        for (var analysisRun : record.getAnalysisRuns()) {
            for (var metric : analysisRun.getMetrics()) {
                ObjectNode m = metrics.addObject();
                m.put("analysis", analysisRun.getAnalysis());
                m.put("run", analysisRun.getName());
                m.put("metric", metric.getName());
                m.put("phase", metric.getPhase());
                var measurements = metric.getMeasurements();
                if (!measurements.isEmpty()) {
                    var last = measurements.get(measurements.size() - 1);
                    m.put("value", last.getValue());
                    m.put("message", last.getMessage());
                }
            }
        }
        return doc.toString();
    }

    private static List<HookRunStatus> runs(RolloutStatus record) {
        return record.getHooks() == null ? List.of() : record.getHooks();
    }
}
