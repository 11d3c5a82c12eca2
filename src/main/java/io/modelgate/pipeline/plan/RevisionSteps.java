package io.modelgate.pipeline.plan;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.modelgate.api.ChampionStatus;
import io.modelgate.api.GateVerdict;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.ModelRevisionSpec;
import io.modelgate.api.RegisteredModelStatus;
import io.modelgate.api.ModelRevisionStatus;
import io.modelgate.gate.Baseline;
import io.modelgate.revision.JobObservation;
import io.modelgate.revision.JobStage;
import io.modelgate.revision.PipelinePlan;
import io.modelgate.revision.RevisionLifecycle;
import io.modelgate.revision.RevisionPhase;
import io.modelgate.revision.RevisionSnapshot;
import io.modelgate.revision.ServingObservation;
import io.modelgate.revision.Step;
import io.modelgate.status.Reason;
import io.modelgate.status.RevisionStatusUpdates;
import io.modelgate.training.StageBackend;
import io.modelgate.training.StageBackends;
import io.modelgate.workload.Revisions;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A revision's own lifecycle in a pass: created, driven through its stages, superseded or pruned. */
final class RevisionSteps {

    static final Duration QUEUE_POLL = Duration.ofSeconds(5);
    /** The reasons a stage is held under ({@link Step.Hold}); once it runs, its status says so. */
    private static final java.util.Set<String> HOLDS = java.util.Set.of(Reason.PodsNotCreated.name(), Reason.WaitingForQuota.name(), Reason.Suspended.name());
    private static final int MAX_STEPS_PER_PASS = 8;

    private final PassState pass;

    RevisionSteps(PassState pass) {
        this.pass = pass;
    }

    /**
     * A new revision is driven once the server has answered its create: what it starts is owned by it (its uid), and
     * a name already taken means another pass made it (the cache will catch up).
     */
    /** @param registered the version of spec.source.registeredModel the revision delivers, when the model comes from one */
    Optional<ModelRevision> createRevision(PipelinePlan.NewRevision next, String desiredHash, Optional<RegisteredModelStatus> registered) {
        ModelRevision revision = next.rerunOf().isPresent()
                ? Revisions.rerun(pass.pipeline, pass.revisions.get(next.rerunOf().get()), next, desiredHash)
                : registered.isPresent()
                ? Revisions.freeze(pass.pipeline, next, desiredHash, registered.get().getVersion(), registered.get().getModelUri())
                : Revisions.freeze(pass.pipeline, next, desiredHash);
        revision.setStatus(null);
        String name = revision.getMetadata().getName();
        Intent.Create intent = new Intent.Create(revision, true);
        Optional<WriteResult> answered = pass.inputs.write(intent.key());
        pass.effects.write(intent);
        if (answered.isEmpty()) {
            return Optional.empty();
        }
        if (answered.get() instanceof WriteResult.AlreadyThere) {
            pass.effects.log("revision %s already exists; the cache will catch up", name);
            return Optional.empty();
        }
        if (!(answered.get() instanceof WriteResult.Done done)) {
            throw new IllegalStateException("the API server refused revision " + name + ": " + answered.get().describe());
        }
        revision.setMetadata(PassState.copy(done.object().getMetadata(), io.fabric8.kubernetes.api.model.ObjectMeta.class));
        revision.setStatus(new ModelRevisionStatus());
        pass.revisions.put(name, revision);
        pass.effects.event(EventIntent.normal(pass.pipeline, Reason.RevisionCreated, "created " + name + " (" + next.trigger()
                + Optional.ofNullable(revision.getSpec().getModelVersion()).map(version -> ", version " + version + " of "
                        + revision.getSpec().getSource().getRegisteredModel().getName()).orElse("")
                + next.rerunOf().map(of -> " of " + of + Optional.ofNullable(revision.getSpec().getSource().getDataVersion())
                        .map(version -> ", data version " + version).orElse("")).orElse("") + ")"));
        pass.effects.signal(new Signal.Transition(name, null, RevisionPhase.Pending.name(), next.trigger().name(), "created", null));
        return Optional.of(revision);
    }

    void supersede(ModelRevision revision, PipelinePlan plan) {
        String by = plan.create().map(n -> "r" + n.number()).orElse("a newer revision");
        advance(revision, Step.Advance.to(RevisionPhase.Superseded, Reason.Superseded, "superseded by " + by + " before rollout"));
        deleteStageWorkloads(revision);
    }

    void prune(ModelRevision revision) {
        deleteStageWorkloads(revision);
        if (revision.getSpec().getWorkloads() != null) {
            pass.servingBackend(revision).owned(revision).forEach(pass::delete);
        }
        pass.effects.write(new Intent.Delete(revision.getApiVersion(), revision.getKind(), revision.getMetadata().getName()));
        pass.revisions.remove(revision.getMetadata().getName());
        pass.effects.event(EventIntent.normal(pass.pipeline, Reason.RevisionPruned,
                "deleted " + revision.getMetadata().getName() + " (" + revision.getStatus().getPhase() + "): beyond revisionHistoryLimit "
                        + pass.pipeline.getSpec().effectiveRevisionHistoryLimit()));
    }

    void deleteStageWorkloads(ModelRevision revision) {
        for (JobStage stage : JobStage.values()) {
            stageBackend(revision, stage).owned(revision, stage).forEach(pass::delete);
        }
    }

    /**
     * Advances one revision as far as the cluster allows in this pass.
     *
     * @return true when the revision ended (so another may start)
     */
    boolean drive(ModelRevision revision) {
        Optional<Baseline> baseline = pass.stable().map(s -> new Baseline(s.getMetadata().getName(), s.getStatus().getMetrics()));
        for (int i = 0; i < MAX_STEPS_PER_PASS; i++) {
            Step step = RevisionLifecycle.next(snapshot(revision, baseline));
            if (step instanceof Step.Advance advance) {
                Optional<JobStage> running = stageOf(PassState.phase(revision));
                advance(revision, advance);
                if (advance.reason() == Reason.PodSecurityRefused) {
                    // Its pods would never be made, and the Job controller would go on trying; were the namespace's
                    // level lowered, a Job left behind would train for a revision that has failed.
                    running.ifPresent(stage -> stageBackend(revision, stage).owned(revision, stage).forEach(pass::delete));
                }
                if (advance.to().isTerminal()) {
                    return true;
                }
                continue;
            }
            if (step instanceof Step.StartJob startJob) {
                startStage(revision, startJob.stage());
            } else if (step instanceof Step.DeployServing) {
                deployServing(revision);
            } else if (step instanceof Step.Progress) {
                if (new RolloutLoop(pass, this).progress(revision)) {
                    return true;
                }
            } else if (step instanceof Step.Hold hold) {
                hold(revision, hold);
            } else if (step instanceof Step.Wait wait && PassState.phase(revision) == RevisionPhase.Queued) {
                revision.getStatus().setMessage(wait.reason());
                pass.effects.wakeAt(pass.now.plus(QUEUE_POLL));
            } else if (step instanceof Step.Wait wait && stageOf(PassState.phase(revision)).isPresent()) {
                resumeAfterHold(revision, wait);
            }
            break;
        }
        return PassState.phase(revision).isTerminal();
    }

    /**
     * The revision stays in its phase, its reason and message saying what holds the stage. No wake-up is needed: the
     * Job controller's next try updates its FailedCreate Event (watched), and the pods it makes once it can are watched.
     */
    private void hold(ModelRevision revision, Step.Hold hold) {
        ModelRevisionStatus status = revision.getStatus();
        if (hold.reason().name().equals(status.getReason()) && hold.message().equals(status.getMessage())) {
            return;
        }
        status.setReason(hold.reason().name());
        status.setMessage(hold.message());
        pass.effects.event(EventIntent.warning(revision, hold.reason(), revision.getMetadata().getName() + " waits in "
                + PassState.phase(revision) + ": " + hold.message()));
    }

    /** A stage that was held runs now: its status no longer says it is held. */
    private void resumeAfterHold(ModelRevision revision, Step.Wait running) {
        ModelRevisionStatus status = revision.getStatus();
        if (!HOLDS.contains(status.getReason())) {
            return;
        }
        status.setReason(Reason.PodsCreated.name());
        status.setMessage(running.reason());
        pass.effects.event(EventIntent.normal(revision, Reason.PodsCreated, revision.getMetadata().getName() + ": " + running.reason()));
    }

    private static Optional<JobStage> stageOf(RevisionPhase phase) {
        return switch (phase) {
            case Validating -> Optional.of(JobStage.Validation);
            case Training -> Optional.of(JobStage.Training);
            case Evaluating -> Optional.of(JobStage.Evaluation);
            default -> Optional.empty();
        };
    }

    void advance(ModelRevision revision, Step.Advance advance) {
        RevisionPhase from = PassState.phase(revision);
        Optional<Duration> spent = RevisionStatusUpdates.apply(revision.getStatus(), advance, revision.getMetadata().getGeneration(), pass.now);
        String name = revision.getMetadata().getName();
        pass.effects.signal(new Signal.Transition(name, from.name(), advance.to().name(), advance.reason().name(), advance.message(),
                spent.map(d -> d.toMillis() / 1000.0).orElse(null)));
        for (GateVerdict verdict : advance.verdicts()) {
            pass.effects.signal(new Signal.GateVerdict(verdict.getStage().name(), verdict.getResult().name()));
        }
        boolean bad = advance.to().isUnsuccessfulEnd();
        String message = name + " " + from + " -> " + advance.to() + ": " + advance.message();
        pass.effects.event(new EventIntent(revision, bad, advance.reason(), message));
        if (advance.to().isTerminal() || bad) {
            pass.effects.event(new EventIntent(pass.pipeline, bad, advance.reason(), message));
        }
    }

    private void startStage(ModelRevision revision, JobStage stage) {
        var training = revision.getSpec().getTraining();
        if (stage == JobStage.Training && training != null && !pass.engines.enabled(training.effectiveBackend())) {
            advance(revision, Step.Advance.to(RevisionPhase.Failed, Reason.BackendUnavailable,
                    "the training was not started: " + pass.engines.notEnabled(training.effectiveBackend())));
            return;
        }
        if (stage == JobStage.Evaluation && revision.getStatus().getChampion() == null) {
            // Frozen before the Job is built: what the Job is told and what the record says are the same champion.
            Optional<ModelRevision> stable = pass.stable().filter(s -> s != revision);
            revision.getStatus().setChampion(new ChampionStatus(stable.map(s -> s.getMetadata().getName()).orElse(""),
                    stable.map(s -> Objects.toString(s.getSpec().getArtifactUri(), "")).orElse("")));
        }
        StageBackend backend = stageBackend(revision, stage);
        HasMetadata workload = backend.build(revision, stage);
        String what = stage.name().toLowerCase(Locale.ROOT) + " " + workload.getKind();
        Optional<String> refused = pass.podSecurityRefusal(backend.podTemplates(workload), templateField(stage));
        if (refused.isPresent()) {
            advance(revision, Step.Advance.to(RevisionPhase.Failed, Reason.InvalidSpec,
                    "the " + what + " was not created: " + refused.get()));
            return;
        }
        // No Event of its own: the phase's Event (TrainingStarted, Trained, ...) says the stage began, the revision's
        // status.workloads names the object, and the object's controller tells of its pods; one write less per stage.
        Optional<WriteResult> answered = pass.create(workload, false);
        if (answered.isPresent() && answered.get() instanceof WriteResult.Rejected rejected) {
            advance(revision, Step.Advance.to(RevisionPhase.Failed, Reason.JobRejected,
                    "the API server rejected the " + what + ": " + rejected.message()));
        }
    }

    /** Creates the revision's serving workload at full size, or brings it there. */
    void deployServing(ModelRevision revision) {
        int replicas = pass.replicas();
        Optional<HasMetadata> existing = pass.servingBackend(revision).find(pass, revision);
        if (existing.isPresent()) {
            pass.scale(revision, existing.get(), replicas);
            return;
        }
        createServing(revision, replicas).ifPresent(failed -> advance(revision, failed));
    }

    /**
     * @return the revision's end when the workload may not be created (Pod Security, InvalidSpec) or the API server
     *         rejected it (ServingRejected); the stable revision is never touched by either
     */
    Optional<Step.Advance> createServing(ModelRevision revision, int replicas) {
        HasMetadata workload = pass.servingBackend(revision).build(revision, replicas);
        Optional<String> refused = pass.podSecurityRefusal(pass.servingBackend(revision).podTemplates(workload), "serving.template");
        if (refused.isPresent()) {
            return Optional.of(Step.Advance.to(RevisionPhase.Failed, Reason.InvalidSpec, "the serving " + workload.getKind()
                    + " was not created: " + refused.get() + "; the previous stable revision keeps serving"));
        }
        Optional<WriteResult> answered = pass.create(workload, false);
        if (answered.isEmpty()) {
            pass.effects.event(EventIntent.normal(revision, Reason.ServingDeployed,
                    "created " + workload.getKind() + " " + workload.getMetadata().getName() + " with " + replicas + " replicas")
                    .onlyIfCreated(Intent.createKey(workload.getKind(), workload.getMetadata().getName())));
            return Optional.empty();
        }
        return answered.get() instanceof WriteResult.Rejected rejected
                ? Optional.of(Step.Advance.to(RevisionPhase.Failed, Reason.ServingRejected, "the API server rejected the serving "
                        + workload.getKind() + ": " + rejected.message() + "; the previous stable revision keeps serving"))
                : Optional.empty();
    }

    ServingObservation serving(ModelRevision revision, int desiredReplicas) {
        return pass.servingBackend(revision).find(pass, revision)
                .map(workload -> pass.servingBackend(revision).observe(pass, workload, desiredReplicas))
                .orElse(ServingObservation.ABSENT);
    }

    private RevisionSnapshot snapshot(ModelRevision revision, Optional<Baseline> baseline) {
        ModelRevisionSpec spec = revision.getSpec();
        Map<JobStage, JobObservation> observations = new EnumMap<>(JobStage.class);
        for (JobStage stage : JobStage.values()) {
            observations.put(stage, stageBackend(revision, stage).observe(pass, revision, stage));
        }
        return new RevisionSnapshot(
                PassState.phase(revision),
                spec.getDataValidation() != null,
                observations,
                serving(revision, pass.replicas()),
                spec.getDataValidation() == null ? java.util.List.of() : spec.getDataValidation().getGates(),
                spec.getEvaluation().getGates(),
                baseline,
                pass.rolloutPlan.progressive() && baseline.isPresent(),
                () -> pass.slots.tryAcquire(pass.key, queuedSince(revision), pass.snapshot.pipelinePhases(), pass.now),
                spec.trainsModel());
    }

    private Instant queuedSince(ModelRevision revision) {
        return revision.getStatus().getTransitions().stream()
                .filter(t -> RevisionPhase.Queued.name().equals(t.getPhase()))
                .map(t -> Instant.parse(t.getTime()))
                .findFirst().orElse(pass.now);
    }

    /** Where a stage's template is written in the pipeline, so that a refusal names the field to change. */
    static String templateField(JobStage stage) {
        return switch (stage) {
            case Validation -> "dataValidation.template";
            case Training -> "training.template";
            case Evaluation -> "evaluation.template";
        };
    }

    private static StageBackend stageBackend(ModelRevision revision, JobStage stage) {
        return StageBackends.of(revision.getSpec().getTraining(), stage);
    }
}
