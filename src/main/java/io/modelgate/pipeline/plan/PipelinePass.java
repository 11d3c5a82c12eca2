package io.modelgate.pipeline.plan;

import io.modelgate.api.ModelPipelineSpec;
import io.modelgate.api.ServingSpec;
import io.modelgate.api.ModelPipelineStatus;
import io.modelgate.api.ModelRevision;
import io.modelgate.delivery.RolloutDefaults;
import io.modelgate.delivery.RolloutPlan;
import io.modelgate.podsecurity.PodSecurityLevel;
import io.modelgate.registry.RegistrySettings;
import io.modelgate.revision.PipelinePlan;
import io.modelgate.revision.ModelSource;
import io.modelgate.revision.PipelineSnapshot;
import io.modelgate.revision.PipelineSpecChecks;
import io.modelgate.engine.Engines;
import io.modelgate.revision.RevisionIdentity;
import io.modelgate.revision.RevisionPhase;
import io.modelgate.revision.RevisionPlanner;
import io.modelgate.revision.RevisionView;
import io.modelgate.rollout.ManualAction;
import io.modelgate.schedule.RetrainSchedule;
import io.modelgate.schedule.ScheduleDecision;
import io.modelgate.status.Conditions;
import io.modelgate.status.PipelineStatusFactory;
import io.modelgate.status.RevisionConditions;
import io.modelgate.status.Reason;
import io.modelgate.workload.Labels;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plans one pass over a pipeline, as a short sequence of named steps: read the spec, decide the schedule and the
 * person's action, plan revisions (a revision that ends lets the next one start in the same pass, in memory), keep
 * serving right, prune, and build the statuses. Pure: the same snapshot and inputs give the same plan.
 */
public final class PipelinePass {

    private static final int MAX_PLANNING_ROUNDS = 3;
    /** The pipeline's condition of its retraining triggers: False while a trigger's provider fails. */
    static final String TRIGGERS_MEASURED = "TriggersMeasured";

    private final RolloutDefaults defaults;
    private final PassState.Slots slots;
    private final PodSecurityLevel podSecurity;
    private final Engines engines;
    private final RegistrySettings registry;

    /** At the default Pod Security level ({@link PodSecurityLevel#DEFAULT}). */
    public PipelinePass(RolloutDefaults defaults, PassState.Slots slots) {
        this(defaults, slots, PodSecurityLevel.DEFAULT);
    }

    /**
     * @param podSecurity the operator's setting: the highest Pod Security level of what it creates. A setting, not a
     *                    fact of the cluster, so it comes with the pass rather than in the snapshot.
     */
    public PipelinePass(RolloutDefaults defaults, PassState.Slots slots, PodSecurityLevel podSecurity) {
        this(defaults, slots, podSecurity, Engines.JOB_ONLY);
    }

    /** @param engines the training engines the operator is set up for (a setting too) */
    public PipelinePass(RolloutDefaults defaults, PassState.Slots slots, PodSecurityLevel podSecurity, Engines engines) {
        this(defaults, slots, podSecurity, engines, RegistrySettings.NONE);
    }

    /** @param registry the operator's registry settings (a default MLflow address, the longest backoff) */
    public PipelinePass(RolloutDefaults defaults, PassState.Slots slots, PodSecurityLevel podSecurity, Engines engines,
                        RegistrySettings registry) {
        this.registry = registry;
        this.defaults = defaults;
        this.slots = slots;
        this.podSecurity = podSecurity;
        this.engines = engines;
    }

    public PassPlan plan(ClusterSnapshot snapshot, PassInputs inputs) {
        PassState pass = new PassState(snapshot, inputs, slots, defaults, podSecurity, engines);
        if (pass.pipeline.getSpec() == null) {
            // Admission requires a spec; an object stored before that rule existed is reported, never acted on.
            return statusOnly(pass, pass.pipeline.getStatus(), PipelineSpecChecks.problems(null, podSecurity));
        }
        Run run = new Run(pass);
        run.readSpec();
        run.lookUpModel();
        run.decideSchedule();
        run.takeRetry();
        run.watchTriggers();
        run.planRevisions();
        run.protectWhilePaused();
        run.answerAction();
        run.keepServing();
        run.followHooks();
        run.recordInRegistry();
        run.prune();
        return run.statuses();
    }

    /** One planning run of a pipeline with a spec: the named steps of a pass and what they hand each other. */
    private final class Run {
        private final PassState pass;
        private final ModelPipelineSpec spec;
        private final ModelPipelineStatus previous;
        private final RevisionSteps steps;
        private final Actions actions;
        private final String action;
        private Optional<String> invalid = Optional.empty();
        private Reason refusal = Reason.InvalidSpec;
        private String desiredHash;
        private ScheduleDecision schedule = new ScheduleDecision(Optional.empty(), Optional.empty());
        private Optional<Instant> dueTick = Optional.empty();
        private Optional<Instant> lastScheduleTime = Optional.empty();
        private boolean actionHandled;
        private int latestNumber;
        private PipelinePlan plan;
        private final TriggerSteps triggers;
        private Optional<PipelinePlan.TriggerFired> triggerFired = Optional.empty();
        private final ModelSourceSteps source;
        private ModelSource modelSource = ModelSource.SPEC;

        Run(PassState pass) {
            this.pass = pass;
            this.spec = pass.pipeline.getSpec();
            this.previous = pass.pipeline.getStatus();
            this.steps = new RevisionSteps(pass);
            this.actions = new Actions(pass);
            this.action = annotation(pass, Labels.ACTION);
            this.triggers = new TriggerSteps(pass);
            this.source = new ModelSourceSteps(pass, registry);
            this.latestNumber = Math.max(
                    previous == null || previous.getLatestRevisionNumber() == null ? 0 : previous.getLatestRevisionNumber(),
                    pass.revisions.values().stream().mapToInt(r -> r.getSpec().getNumber()).max().orElse(0));
        }

        /** Problems admission could not see hold anything new back (a rollout in progress stays protected). */
        void readSpec() {
            Optional<String> specProblems = PipelineSpecChecks.problems(spec, pass.podSecurity);
            pass.rolloutPlan = RolloutPlan.from(spec.getRollout(), defaults, TemplateSteps.templates(pass));
            pass.invalidSpec = specProblems.isPresent() || !pass.rolloutPlan.problems().isEmpty();
            invalid = specProblems.isEmpty() && !pass.rolloutPlan.problems().isEmpty()
                    ? Optional.of("rollout: " + String.join("; ", pass.rolloutPlan.problems()))
                    : specProblems;
            if (specProblems.isEmpty() && pass.rolloutPlan.problems().isEmpty() && !triggers.problems().isEmpty()) {
                pass.invalidSpec = true;
                invalid = Optional.of(String.join("; ", triggers.problems()));
            }
            ServingSpec.Backend serving = spec.getServing() == null ? ServingSpec.Backend.Deployment : spec.getServing().effectiveBackend();
            if (invalid.isEmpty() && !pass.engines.enabled(serving)) {
                // Found before anything is trained: a model that could not be served would cost a training run for nothing.
                pass.invalidSpec = true;
                refusal = Reason.BackendUnavailable;
                invalid = Optional.of(pass.engines.notEnabled(serving) + "; no revision is made until it is");
            }
            invalid.ifPresent(problem -> pass.effects.event(EventIntent.warning(pass.pipeline, refusal, problem)));
            desiredHash = RevisionIdentity.contentHash(spec);
        }

        /** A registered model's version is looked up when due: a reference the registry does not know is an invalid spec. */
        void lookUpModel() {
            if (invalid.isPresent()) {
                return;
            }
            modelSource = source.lookUp();
            source.problem().ifPresent(problem -> {
                pass.invalidSpec = true;
                invalid = Optional.of(problem);
                pass.effects.event(EventIntent.warning(pass.pipeline, Reason.InvalidSpec, problem));
            });
        }

        void decideSchedule() {
            if (invalid.isPresent() || spec.getTriggers() == null || spec.getTriggers().getSchedule() == null) {
                return;
            }
            RetrainSchedule cron = RetrainSchedule.parse(spec.getTriggers().getSchedule(), spec.getTriggers().getTimeZone());
            Instant handled = PassViews.lastHandledTick(pass, previous);
            schedule = cron.decide(handled, pass.now);
            lastScheduleTime = Optional.of(handled);
            dueTick = schedule.due();
            schedule.next().ifPresent(next -> pass.effects.wakeAt(next.plusSeconds(1)));
        }

        /** A retry is a new attempt of the newest revision: taken before planning, so that it is what the planner drives. */
        void takeRetry() {
            pass.manual = Actions.manualAction(action);
            actionHandled = pass.manual == ManualAction.Retry && actions.retry(action, steps);
        }

        /**
         * Retraining triggers watch the serving revision; one that fires asks for a revision, never while another is
         * in flight or about to be made (a spec change, a retrain, a schedule tick come first).
         */
        void watchTriggers() {
            if (invalid.isPresent() || !triggers.any()) {
                return;
            }
            Optional<ModelRevision> newest = pass.revisions.values().stream().max(Comparator.comparingInt(r -> r.getSpec().getNumber()));
            Optional<String> busy = newest.filter(r -> !PassState.phase(r).isTerminal()).map(r -> r.getMetadata().getName());
            if (busy.isEmpty() && (newest.isEmpty() || !desiredHash.equals(RevisionIdentity.standsFor(newest.get().getSpec())))) {
                busy = Optional.of("the revision of the spec change");
            }
            if (busy.isEmpty() && (dueTick.isPresent() || Labels.ACTION_RETRAIN.equals(action) || Reruns.isRerun(action))) {
                busy = Optional.of("the revision a retrain, rerun or schedule tick makes");
            }
            triggerFired = triggers.decide(busy);
        }

        /** Create, supersede and drive; a revision that ends lets the next one start in the same pass, in memory. */
        void planRevisions() {
            boolean retrain = Labels.ACTION_RETRAIN.equals(action);
            Reruns reruns = new Reruns(pass, action);
            Optional<String> rerun = reruns.requested();
            actionHandled |= Reruns.isRerun(action) && rerun.isEmpty();
            for (int round = 0; round < MAX_PLANNING_ROUNDS; round++) {
                plan = RevisionPlanner.plan(new PipelineSnapshot(desiredHash, spec.isPaused(), invalid.isEmpty(),
                        retrain && !actionHandled, dueTick, PassViews.views(pass), latestNumber, spec.effectiveRevisionHistoryLimit(),
                        triggerFired, rerun.filter(of -> !actionHandled), modelSource));
                for (RevisionView superseded : plan.supersede()) {
                    steps.supersede(pass.revisions.get(superseded.name()), plan);
                }
                Optional<ModelRevision> created = plan.create().flatMap(this::create);
                if (action != null && !spec.isPaused() && !actionHandled && pass.manual == ManualAction.None) {
                    actionHandled = Reruns.isRerun(action) ? reruns.served(plan) : actions.consume(action, plan.retrainServed());
                }
                Optional<ModelRevision> target = plan.drive().isPresent()
                        ? Optional.of(pass.revisions.get(plan.drive().get().name()))
                        : created;
                // A revision whose create the server has not answered yet is not planned on: the pass goes on with the answer.
                boolean awaitingRevision = plan.create().isPresent() && created.isEmpty();
                if (target.isEmpty() || !steps.drive(target.get()) || awaitingRevision) {
                    break;
                }
            }
        }

        private Optional<ModelRevision> create(PipelinePlan.NewRevision next) {
            latestNumber = Math.max(latestNumber, next.number());
            if (dueTick.isPresent()) {
                // Whatever created the revision, it trains on the data behind dataRef now: the tick is served.
                lastScheduleTime = dueTick;
                dueTick = Optional.empty();
            }
            Optional<ModelRevision> created = steps.createRevision(next, desiredHash, source.found());
            if (created.isPresent() && next.fired().isPresent()) {
                triggers.created(created.get(), next.fired().get());
                triggerFired = Optional.empty();
            }
            return created;
        }

        /** Pausing stops progress, never protection: a canary under analysis can still be rolled back. */
        void protectWhilePaused() {
            if (spec.isPaused()) {
                pass.rollingOutProgressively().ifPresent(steps::drive);
            }
        }

        void answerAction() {
            actions.answerManual(action, actionHandled);
        }

        /** Paused, the planner drives nothing; the canary still rolling out keeps its weight. */
        void keepServing() {
            if (spec.isPaused() && !pass.rolloutDriven) {
                return;
            }
            Optional<String> driven = spec.isPaused()
                    ? pass.rollingOutProgressively().map(r -> r.getMetadata().getName())
                    : plan.drive().map(RevisionView::name);
            new ServingSteps(pass, steps).maintain(pass.stableName(), driven);
        }

        /** A finished rollout's PostRollout or Rollback job hooks are read until they end. */
        void followHooks() {
            HookSteps hooks = new HookSteps(pass, pass.rolloutPlan);
            pass.revisions.values().stream().filter(r -> PassState.phase(r) != io.modelgate.revision.RevisionPhase.RollingOut).forEach(hooks::follow);
        }

        /** After serving is settled, so that an alias moves only to the revision that serves. */
        void recordInRegistry() {
            new RegistrySteps(pass, registry).sync();
        }

        void prune() {
            if (!spec.isPaused()) {
                plan.prune().forEach(view -> steps.prune(pass.revisions.get(view.name())));
            }
        }

        /** What spec.paused holds back, named, so that the pipeline does not read done while it waits. */
        private Optional<String> pendingWhilePaused() {
            if (!spec.isPaused() || invalid.isPresent()) {
                return Optional.empty();
            }
            Optional<ModelRevision> newest = pass.revisions.values().stream().max(Comparator.comparingInt(r -> r.getSpec().getNumber()));
            if (newest.isEmpty()) {
                return Optional.of("the first revision");
            }
            String name = newest.get().getMetadata().getName();
            if (!desiredHash.equals(RevisionIdentity.standsFor(newest.get().getSpec()))) {
                List<String> parts = RevisionIdentity.changedParts(spec, newest.get().getSpec());
                return Optional.of("a change of " + (parts.isEmpty() ? "the spec"
                        : String.join(", ", parts.stream().map(part -> "spec." + part).toList())) + " since " + name);
            }
            if ((Labels.ACTION_RETRAIN.equals(action) || Reruns.isRerun(action)) && !actionHandled) {
                return Optional.of("a " + action + " (" + Labels.ACTION + ")");
            }
            return dueTick.map(tick -> "the scheduled retrain of " + Conditions.timestamp(tick));
        }

        PassPlan statuses() {
            pass.releaseSlot = pass.revisions.values().stream().noneMatch(r -> PassState.phase(r) == RevisionPhase.RollingOut);
            pass.effects.signal(new Signal.RevisionsByPhase(PassViews.countsByPhase(pass)));
            new ServingRecordGuard(pass).keep();
            recordWhatEachRevisionIsNow(pass);
            ModelPipelineStatus status = statusFactory(pass).build(new PipelineStatusFactory.Input(
                    previous, pass.pipeline.getMetadata().getGeneration(), spec.isPaused(), invalid, desiredHash,
                    PassViews.views(pass), pass.stableName(), latestNumber, lastScheduleTime, schedule.next(), pendingWhilePaused(), refusal.name()));
            source.record(status);
            if (triggers.any()) {
                Optional<String> newest = pass.revisions.values().stream().max(Comparator.comparingInt(r -> r.getSpec().getNumber()))
                        .map(r -> r.getMetadata().getName());
                status.setTriggers(triggers.statuses(newest));
                List<String> failing = status.getTriggers().stream().filter(t -> io.modelgate.trigger.TriggerDecision.ERROR.equals(t.getState()))
                        .map(t -> t.getName() + ": " + t.getMessage()).toList();
                status.setConditions(Conditions.set(status.getConditions(), TRIGGERS_MEASURED, failing.isEmpty(),
                        failing.isEmpty() ? "Measured" : "TriggerMeasurementFailed",
                        failing.isEmpty() ? "every trigger was measured" : "never a retrain while its provider fails: " + String.join("; ", failing),
                        pass.pipeline.getMetadata().getGeneration(), pass.now));
            }
            pass.effects.signal(new Signal.PipelineInfo(spec.getModel(),
                    spec.getRollout() == null || spec.getRollout().getStrategy() == null ? "Direct" : spec.getRollout().getStrategy().name(),
                    status.getPhase(), status.getStableRevision()));
            return plan(pass, Optional.of(status));
        }
    }

    /** A revision's conditions say what it is now: the stable one serves, an older Promoted one was replaced. */
    private static void recordWhatEachRevisionIsNow(PassState pass) {
        Optional<String> stable = pass.stableName();
        for (ModelRevision revision : pass.revisions.values()) {
            if (revision.getStatus() == null) {
                continue;
            }
            String name = revision.getMetadata().getName();
            RevisionConditions.Role role = stable.equals(Optional.of(name)) ? RevisionConditions.Role.Stable
                    : PassState.phase(revision) == RevisionPhase.Promoted ? RevisionConditions.Role.Replaced
                    : RevisionConditions.Role.Other;
            RevisionConditions.apply(revision.getStatus(), role, stable.orElse(null), revision.getMetadata().getGeneration(), pass.now);
        }
    }

    private PassPlan statusOnly(PassState pass, ModelPipelineStatus previous, Optional<String> invalid) {
        ModelPipelineStatus status = statusFactory(pass).build(new PipelineStatusFactory.Input(
                previous, pass.pipeline.getMetadata().getGeneration(), false, invalid, null, PassViews.views(pass),
                pass.stableName(), 0, Optional.empty(), Optional.empty(), Optional.empty()));
        pass.effects.event(EventIntent.warning(pass.pipeline, Reason.InvalidSpec, invalid.orElse("spec is missing")));
        return plan(pass, Optional.of(status));
    }

    private static PassPlan plan(PassState pass, Optional<ModelPipelineStatus> status) {
        Optional<Duration> wake = pass.effects.wakeAt().map(at -> {
            Duration until = Duration.between(pass.now, at).plusMillis(50);
            return until.isNegative() ? Duration.ofMillis(50) : until;
        });
        return new PassPlan(List.copyOf(pass.effects.wanted.values()), List.copyOf(pass.effects.lookups.values()), pass.effects.intents, List.copyOf(pass.effects.registryWrites.values()),
                List.copyOf(pass.revisions.values()),
                status, pass.effects.events, pass.effects.signals, wake, pass.releaseSlot, notices(pass),
                List.copyOf(pass.effects.hookCalls.values()));
    }

    /** The events of this pass worth a notification; a revision the pass made counts once its create was taken. */
    private static List<io.modelgate.notify.Notice> notices(PassState pass) {
        return io.modelgate.notify.NotificationRules.between(pass.snapshot.revisions(), pass.revisions.values(),
                name -> pass.inputs.write(Intent.createKey(ModelRevision.class.getSimpleName(), name))
                        .filter(WriteResult.Done.class::isInstance).isPresent(),
                pass.rolloutPlan::analysis, pass.now);
    }

    private static PipelineStatusFactory statusFactory(PassState pass) {
        return new PipelineStatusFactory(Clock.fixed(pass.now, ZoneOffset.UTC));
    }

    static String annotation(PassState pass, String key) {
        Map<String, String> annotations = pass.pipeline.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }
}
