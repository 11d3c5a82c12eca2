package io.modelgate.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.modelgate.api.GateVerdict;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelPipelineStatus;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.ModelRevisionSpec;
import io.modelgate.api.ModelRevisionStatus;
import io.modelgate.api.RolloutSpec;
import io.modelgate.delivery.RolloutDefaults;
import io.modelgate.delivery.RolloutPlan;
import io.modelgate.delivery.RolloutRecords;
import io.modelgate.delivery.ServingLayout;
import io.modelgate.provider.HttpJsonProvider;
import io.modelgate.provider.PrometheusProvider;
import io.modelgate.rollout.BlueGreenState;
import io.modelgate.rollout.CanaryState;
import io.modelgate.rollout.ManualAction;
import io.modelgate.rollout.TrafficSplit;
import io.modelgate.gate.Baseline;
import io.modelgate.metrics.OperatorMetrics;
import io.modelgate.revision.JobObservation;
import io.modelgate.revision.JobStage;
import io.modelgate.revision.PipelinePlan;
import io.modelgate.revision.PipelineSnapshot;
import io.modelgate.revision.PipelineSpecChecks;
import io.modelgate.revision.RevisionIdentity;
import io.modelgate.revision.RevisionLifecycle;
import io.modelgate.revision.RevisionPhase;
import io.modelgate.revision.RevisionPlanner;
import io.modelgate.revision.RevisionSnapshot;
import io.modelgate.revision.ServingObservation;
import io.modelgate.revision.RevisionView;
import io.modelgate.revision.Step;
import io.modelgate.schedule.RetrainSchedule;
import io.modelgate.schedule.ScheduleDecision;
import io.modelgate.status.Conditions;
import io.modelgate.status.PipelineStatusFactory;
import io.modelgate.status.RevisionFacts;
import io.modelgate.status.RevisionStatusUpdates;
import io.modelgate.workload.Labels;
import io.modelgate.workload.Revisions;
import io.modelgate.workload.Workloads;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Thin glue: reads a pipeline, its revisions and their workloads from the informer caches, asks the
 * decision logic ({@link RevisionPlanner}, {@link RevisionLifecycle}) what to do, applies that with
 * deterministic names, and writes status only when it changed. It never waits for a Job: the watches
 * on Jobs, Pods and Deployments bring it back.
 */
@ControllerConfiguration(name = ModelPipelineReconciler.NAME, generationAwareEventProcessing = false)
public class ModelPipelineReconciler implements Reconciler<ModelPipeline> {

    public static final String NAME = "modelpipeline";
    private static final Logger LOG = Logger.getLogger(ModelPipelineReconciler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_STEPS_PER_RECONCILE = 8;
    private static final int MAX_PLANNING_ROUNDS = 3;
    /** How often a queued pipeline asks for a rollout slot again (slots are freed by other pipelines' reconciles). */
    private static final Duration QUEUE_POLL = Duration.ofSeconds(5);
    private static final List<String> ALL_PHASES = Arrays.stream(RevisionPhase.values()).map(Enum::name).toList();

    private final Clock clock;
    private final OperatorMetrics metrics;
    private final EventRecorder events;
    private final PipelineStatusFactory statusFactory;
    private final AnalysisMeasurer measurer;
    private final RolloutSlots slots;
    /** The HTTPRoute problem last reported per pipeline (namespace/name): each is an Event once, not once per pass. */
    private final Map<String, String> routeProblems = new java.util.concurrent.ConcurrentHashMap<>();

    public ModelPipelineReconciler(Clock clock, OperatorMetrics metrics, EventRecorder events) {
        this(clock, metrics, events, new AnalysisMeasurer(new PrometheusProvider(), new HttpJsonProvider(), RolloutDefaults.standard()),
                new RolloutSlots(0));
    }

    @Inject
    public ModelPipelineReconciler(Clock clock, OperatorMetrics metrics, EventRecorder events, AnalysisMeasurer measurer, RolloutSlots slots) {
        this.clock = clock;
        this.metrics = metrics;
        this.events = events;
        this.statusFactory = new PipelineStatusFactory(clock);
        this.measurer = measurer;
        this.slots = slots;
    }

    @Override
    public List<EventSource<?, ModelPipeline>> prepareEventSources(EventSourceContext<ModelPipeline> context) {
        return List.of(
                informer(ModelRevision.class, context),
                informer(Job.class, context),
                informer(Pod.class, context),
                informer(Deployment.class, context),
                informer(Service.class, context));
    }

    /** Only objects labelled with a pipeline are cached: the operator never holds the whole cluster's Pods. */
    private static <R extends HasMetadata> InformerEventSource<R, ModelPipeline> informer(Class<R> type, EventSourceContext<ModelPipeline> context) {
        var configuration = InformerEventSourceConfiguration.from(type, ModelPipeline.class)
                .withName(type.getSimpleName())
                .withLabelSelector(Labels.PIPELINE)
                .withSecondaryToPrimaryMapper((R resource) -> {
                    String pipeline = resource.getMetadata().getLabels() == null ? null : resource.getMetadata().getLabels().get(Labels.PIPELINE);
                    return pipeline == null ? Set.of() : Set.of(new ResourceID(pipeline, resource.getMetadata().getNamespace()));
                })
                .build();
        return new InformerEventSource<>(configuration, context);
    }

    @Override
    public UpdateControl<ModelPipeline> reconcile(ModelPipeline pipeline, Context<ModelPipeline> context) {
        long started = System.nanoTime();
        boolean success = false;
        var cache = context.getPrimaryCache();
        metrics.trackPipelines(() -> cache.list().map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName())
                .collect(Collectors.toSet()), ALL_PHASES);
        try {
            UpdateControl<ModelPipeline> control = new Pass(pipeline, context).run();
            success = true;
            return control;
        } finally {
            metrics.reconciled(success, (System.nanoTime() - started) / 1e9);
        }
    }

    @Override
    public ErrorStatusUpdateControl<ModelPipeline> updateErrorStatus(ModelPipeline pipeline, Context<ModelPipeline> context, Exception e) {
        events.record(context.getClient(), pipeline, EventRecorder.WARNING, "ReconcileError",
                "reconcile failed and will be retried: " + e.getMessage());
        return ErrorStatusUpdateControl.noStatusUpdate();
    }

    /** One reconcile of one pipeline: the state it reads and the writes it makes. */
    private final class Pass {
        private final ModelPipeline pipeline;
        private final Context<ModelPipeline> context;
        private final KubernetesClient client;
        private final String namespace;
        private final String name;
        private final Instant now;
        private final Map<String, ModelRevision> revisions = new LinkedHashMap<>();
        private final Map<String, String> statusBefore = new HashMap<>();
        private final Map<String, Job> jobs;
        private final Map<String, Deployment> deployments;
        private final List<Pod> pods;
        private final String key;
        private RolloutPlan rolloutPlan = RolloutPlan.from(null, RolloutDefaults.standard());
        private ManualAction manual = ManualAction.None;
        private boolean manualUsed;
        private Optional<Instant> wakeAt = Optional.empty();
        private boolean rolloutDriven;
        /** The spec has problems: a rollout in progress is held (no progress) but still protected (rollbacks). */
        private boolean invalidSpec;
        /** A retry that applies but cannot start in this pass: its annotation stays until it can. */
        private boolean retryDeferred;
        /** The revision rolled back in this pass by a measurement, and when that measurement was taken. */
        private Optional<Map.Entry<String, Instant>> rollbackDecidedBy = Optional.empty();

        Pass(ModelPipeline pipeline, Context<ModelPipeline> context) {
            this.pipeline = pipeline;
            this.context = context;
            this.client = context.getClient();
            this.namespace = pipeline.getMetadata().getNamespace();
            this.name = pipeline.getMetadata().getName();
            this.now = clock.instant();
            context.getSecondaryResources(ModelRevision.class).stream()
                    .filter(r -> r.getSpec() != null && r.getSpec().getNumber() != null)
                    .sorted(Comparator.comparingInt(r -> r.getSpec().getNumber()))
                    .forEach(r -> {
                        if (r.getStatus() == null) {
                            r.setStatus(new ModelRevisionStatus());
                        }
                        revisions.put(r.getMetadata().getName(), r);
                        statusBefore.put(r.getMetadata().getName(), json(r.getStatus()));
                    });
            this.jobs = byName(context.getSecondaryResources(Job.class));
            this.deployments = byName(context.getSecondaryResources(Deployment.class));
            this.pods = List.copyOf(context.getSecondaryResources(Pod.class));
            this.key = namespace + "/" + name;
        }

        UpdateControl<ModelPipeline> run() {
            var spec = pipeline.getSpec();
            Optional<String> specProblems = PipelineSpecChecks.problems(spec);
            ModelPipelineStatus previous = pipeline.getStatus();
            if (spec == null) {
                // Admission requires a spec; an object stored before that rule existed is reported, never acted on.
                return statusOnly(previous, specProblems);
            }
            rolloutPlan = RolloutPlan.from(spec.getRollout(), measurer.defaults());
            invalidSpec = specProblems.isPresent() || !rolloutPlan.problems().isEmpty();
            Optional<String> invalid = specProblems.isEmpty() && !rolloutPlan.problems().isEmpty()
                    ? Optional.of("rollout: " + String.join("; ", rolloutPlan.problems()))
                    : specProblems;
            String desiredHash = RevisionIdentity.contentHash(spec);
            boolean reported = previous != null && Conditions.find(previous.getConditions(), Conditions.DEGRADED)
                    .filter(c -> "InvalidSpec".equals(c.getReason()) && c.getMessage() != null && invalid.isPresent()
                            && c.getMessage().contains(invalid.get()))
                    .isPresent();
            if (invalid.isPresent() && !reported) {
                events.record(client, pipeline, EventRecorder.WARNING, "InvalidSpec", invalid.get());
            }

            Optional<RetrainSchedule> schedule = invalid.isPresent() || spec.getTriggers() == null || spec.getTriggers().getSchedule() == null
                    ? Optional.empty()
                    : Optional.of(RetrainSchedule.parse(spec.getTriggers().getSchedule(), spec.getTriggers().getTimeZone()));
            Optional<Instant> handledTick = schedule.map(s -> lastHandledTick(previous));
            ScheduleDecision scheduleDecision = schedule
                    .map(s -> s.decide(handledTick.get(), now))
                    .orElse(new ScheduleDecision(Optional.empty(), Optional.empty()));
            Optional<Instant> lastScheduleTime = handledTick;

            String action = annotation(pipeline, Labels.ACTION);
            boolean retrain = Labels.ACTION_RETRAIN.equals(action);
            manual = manualAction(action);
            boolean actionHandledEarly = manual == ManualAction.Retry && retry(action);
            int latestNumber = Math.max(
                    previous == null || previous.getLatestRevisionNumber() == null ? 0 : previous.getLatestRevisionNumber(),
                    revisions.values().stream().mapToInt(r -> r.getSpec().getNumber()).max().orElse(0));

            PipelinePlan plan = null;
            boolean actionHandled = actionHandledEarly;
            Optional<Instant> dueTick = scheduleDecision.due();
            // A revision that ends lets the next waiting one start in the same pass: our own writes wake no one.
            for (int round = 0; round < MAX_PLANNING_ROUNDS; round++) {
                plan = RevisionPlanner.plan(new PipelineSnapshot(desiredHash, spec.isPaused(), invalid.isEmpty(),
                        retrain && !actionHandled, dueTick, views(), latestNumber, spec.effectiveRevisionHistoryLimit()));
                for (RevisionView superseded : plan.supersede()) {
                    supersede(revisions.get(superseded.name()), plan);
                }
                Optional<ModelRevision> created = Optional.empty();
                if (plan.create().isPresent()) {
                    PipelinePlan.NewRevision next = plan.create().get();
                    created = createRevision(next, desiredHash);
                    latestNumber = Math.max(latestNumber, next.number());
                    if (dueTick.isPresent()) {
                        // Whatever created the revision, it trains on the data behind dataRef now: the tick is served.
                        lastScheduleTime = dueTick;
                        dueTick = Optional.empty();
                    }
                }
                if (action != null && !spec.isPaused() && !actionHandled && manual == ManualAction.None) {
                    actionHandled = consumeAction(action, plan.retrainServed());
                }
                Optional<ModelRevision> target = plan.drive().isPresent()
                        ? Optional.of(revisions.get(plan.drive().get().name()))
                        : created;
                if (target.isEmpty() || !drive(target.get())) {
                    break;
                }
            }
            if (spec.isPaused()) {
                // Pausing stops progress, never protection: a canary under analysis can still be rolled back.
                rollingOutProgressively().ifPresent(this::drive);
            }
            if (manual != ManualAction.None && !actionHandled && !retryDeferred) {
                if (manualUsed) {
                    events.record(client, pipeline, EventRecorder.NORMAL, "Action" + manual, manual + " requested through " + Labels.ACTION);
                } else {
                    events.record(client, pipeline, EventRecorder.WARNING, "ActionIgnored", "action \"" + action + "\" does not apply: "
                            + (manual == ManualAction.Retry ? "the newest revision is not RolledBack or Aborted"
                            : rolloutPlan.progressive() ? "no Canary or BlueGreen rollout is in progress" : "the rollout strategy is Direct"));
                }
                removeActionAnnotation(action);
            }
            Optional<String> stable = stableRevision().map(r -> r.getMetadata().getName());
            if (!spec.isPaused() || rolloutDriven) {
                // Paused, the planner drives nothing; the canary still rolling out keeps its weight.
                Optional<String> driven = spec.isPaused()
                        ? rollingOutProgressively().map(r -> r.getMetadata().getName())
                        : plan.drive().map(RevisionView::name);
                maintainServing(stable, driven);
            }
            // Observed once the rollback is applied (canary scaled to 0, route and Services back): the deciding
            // measurement was stamped with this pass's start, so measuring against it alone would always give 0.
            rollbackDecidedBy.ifPresent(decided -> {
                double seconds = Duration.between(decided.getValue(), clock.instant()).toNanos() / 1e9;
                metrics.decisionLatency(seconds);
                LOG.infof("pipeline %s revision %s decision latency %.3f s (from the deciding measurement to the rollback applied)",
                        key, decided.getKey(), seconds);
            });
            if (!spec.isPaused()) {
                plan.prune().forEach(view -> prune(revisions.get(view.name())));
            }
            if (revisions.values().stream().noneMatch(r -> RevisionPhase.parse(r.getStatus().getPhase()) == RevisionPhase.RollingOut)) {
                slots.release(key);
            }
            writeRevisionStatuses();
            publishRevisionGauge();

            ModelPipelineStatus status = statusFactory.build(new PipelineStatusFactory.Input(
                    previous, pipeline.getMetadata().getGeneration(), spec.isPaused(), invalid, desiredHash,
                    facts(), stable, latestNumber, lastScheduleTime, scheduleDecision.next()));
            metrics.pipelineInfo(namespace, name, spec.getModel(),
                    spec.getRollout() == null || spec.getRollout().getStrategy() == null ? "Direct" : spec.getRollout().getStrategy().name(),
                    status.getPhase(), status.getStableRevision());
            UpdateControl<ModelPipeline> control;
            if (json(status).equals(json(previous))) {
                control = UpdateControl.noUpdate();
            } else {
                pipeline.setStatus(status);
                control = UpdateControl.patchStatus(pipeline);
            }
            Optional<Duration> wake = Optional.empty();
            if (scheduleDecision.next().isPresent()) {
                wake = Optional.of(Duration.between(now, scheduleDecision.next().get()).plusSeconds(1));
            }
            if (wakeAt.isPresent()) {
                Duration untilWake = Duration.between(now, wakeAt.get()).plusMillis(50);
                untilWake = untilWake.isNegative() ? Duration.ofMillis(50) : untilWake;
                wake = wake.isEmpty() || untilWake.compareTo(wake.get()) < 0 ? Optional.of(untilWake) : wake;
            }
            wake.ifPresent(control::rescheduleAfter);
            return control;
        }

        private UpdateControl<ModelPipeline> statusOnly(ModelPipelineStatus previous, Optional<String> invalid) {
            ModelPipelineStatus status = statusFactory.build(new PipelineStatusFactory.Input(
                    previous, pipeline.getMetadata().getGeneration(), false, invalid, null, facts(),
                    stableRevision().map(r -> r.getMetadata().getName()), 0, Optional.empty(), Optional.empty()));
            if (json(status).equals(json(previous))) {
                return UpdateControl.noUpdate();
            }
            events.record(client, pipeline, EventRecorder.WARNING, "InvalidSpec", invalid.orElse("spec is missing"));
            pipeline.setStatus(status);
            return UpdateControl.patchStatus(pipeline);
        }

        /** The newest tick already acted on, so that no tick runs twice even if a status write was lost. */
        private Instant lastHandledTick(ModelPipelineStatus previous) {
            Instant recorded = previous == null || previous.getLastScheduleTime() == null ? null : Instant.parse(previous.getLastScheduleTime());
            Instant fromRevisions = revisions.values().stream()
                    .map(r -> r.getSpec().getScheduledTime())
                    .filter(Objects::nonNull)
                    .map(Instant::parse)
                    .max(Comparator.naturalOrder())
                    .orElse(null);
            Instant created = pipeline.getMetadata().getCreationTimestamp() == null ? now : Instant.parse(pipeline.getMetadata().getCreationTimestamp());
            Instant handled = created;
            for (Instant candidate : new Instant[]{recorded, fromRevisions}) {
                if (candidate != null && candidate.isAfter(handled)) {
                    handled = candidate;
                }
            }
            return handled;
        }

        private List<RevisionView> views() {
            return revisions.values().stream()
                    .map(r -> new RevisionView(r.getMetadata().getName(), r.getSpec().getNumber(), r.getSpec().getContentHash(),
                            RevisionPhase.parse(r.getStatus().getPhase()), r.getSpec().getTrigger()))
                    .toList();
        }

        private Optional<ModelRevision> createRevision(PipelinePlan.NewRevision next, String desiredHash) {
            ModelRevision revision = Revisions.freeze(pipeline, next, desiredHash);
            revision.setStatus(null);
            try {
                ModelRevision created = context.resourceOperations().create(revision);
                created.setStatus(new ModelRevisionStatus());
                revisions.put(created.getMetadata().getName(), created);
                statusBefore.put(created.getMetadata().getName(), json(null));
                String message = "created " + created.getMetadata().getName() + " (" + next.trigger() + ")";
                events.record(client, pipeline, EventRecorder.NORMAL, "RevisionCreated", message);
                metrics.transition(namespace, name, RevisionPhase.Pending.name(), next.trigger().name());
                return Optional.of(created);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                LOG.debugf("revision %s already exists; the cache will catch up", revision.getMetadata().getName());
                return Optional.empty();
            }
        }

        /** @return true when the annotation was consumed */
        private boolean consumeAction(String action, boolean retrainServed) {
            if (Labels.ACTION_RETRAIN.equals(action)) {
                if (!retrainServed) {
                    return false;
                }
                events.record(client, pipeline, EventRecorder.NORMAL, "RetrainRequested", "retrain requested through " + Labels.ACTION);
            } else {
                events.record(client, pipeline, EventRecorder.WARNING, "ActionIgnored",
                        "action \"" + action + "\" does not apply: only \"retrain\" is understood with the Direct strategy");
            }
            removeActionAnnotation(action);
            return true;
        }

        private void removeActionAnnotation(String action) {
            // "test" first: if someone set another action meanwhile, the patch fails and that action is not lost.
            String path = "/metadata/annotations/" + Labels.ACTION.replace("~", "~0").replace("/", "~1");
            String patch = "[{\"op\":\"test\",\"path\":\"" + path + "\",\"value\":" + quote(action) + "},"
                    + "{\"op\":\"remove\",\"path\":\"" + path + "\"}]";
            ModelPipeline patched = client.resources(ModelPipeline.class).inNamespace(namespace).withName(name)
                    .patch(PatchContext.of(PatchType.JSON), patch);
            // The status patch below carries this object: it must not bring the annotation back.
            pipeline.getMetadata().setAnnotations(patched.getMetadata().getAnnotations());
            pipeline.getMetadata().setResourceVersion(patched.getMetadata().getResourceVersion());
        }

        private void supersede(ModelRevision revision, PipelinePlan plan) {
            String by = plan.create().map(n -> "r" + n.number()).orElse("a newer revision");
            advance(revision, Step.Advance.to(RevisionPhase.Superseded, "Superseded", "superseded by " + by + " before rollout"));
            deleteJobs(revision);
        }

        /**
         * Advances one revision as far as the cluster allows in this pass.
         *
         * @return true when the revision ended (so another may start)
         */
        private boolean drive(ModelRevision revision) {
            Optional<Baseline> baseline = stableRevision()
                    .map(s -> new Baseline(s.getMetadata().getName(), s.getStatus().getMetrics()));
            for (int i = 0; i < MAX_STEPS_PER_RECONCILE; i++) {
                Step step = RevisionLifecycle.next(snapshot(revision, baseline));
                if (step instanceof Step.Advance advance) {
                    advance(revision, advance);
                    if (advance.to().isTerminal()) {
                        return true;
                    }
                    continue;
                }
                if (step instanceof Step.StartJob startJob) {
                    startJob(revision, startJob.stage());
                } else if (step instanceof Step.DeployServing) {
                    deployServing(revision);
                } else if (step instanceof Step.Progress) {
                    if (progress(revision)) {
                        return true;
                    }
                } else if (step instanceof Step.Wait wait && RevisionPhase.parse(revision.getStatus().getPhase()) == RevisionPhase.Queued) {
                    revision.getStatus().setMessage(wait.reason());
                    wakeAt = earliest(wakeAt, now.plus(QUEUE_POLL));
                }
                break;
            }
            return RevisionPhase.parse(revision.getStatus().getPhase()).isTerminal();
        }

        /** @return true when the rollout ended */
        private boolean progress(ModelRevision revision) {
            rolloutDriven = true;
            String stable = stableRevision().map(r -> r.getMetadata().getName()).orElse(null);
            RolloutDriver driver = new RolloutDriver(client, context, pipeline, rolloutPlan, now, deployments, jobs, pods, events, metrics,
                    measurer, pipeline.getSpec().isPaused() || invalidSpec);
            // A retry applies only to a RolledBack or Aborted revision (retry(), before planning); a rollout still in
            // progress has nothing to retry, so it must not count as used (it is answered with ActionIgnored).
            ManualAction action = manualUsed || manual == ManualAction.Retry ? ManualAction.None : manual;
            RolloutDriver.Result result = driver.drive(revision, stable, action);
            manualUsed |= result.actionUsed();
            result.wakeAt().ifPresent(at -> wakeAt = earliest(wakeAt, at));
            if (result.end().isEmpty()) {
                return false;
            }
            Step.Advance end = result.end().get();
            advance(revision, end);
            metrics.rolloutEnded(namespace, name, rolloutPlan.strategy().name(), end.to().name());
            result.decidedBy().ifPresent(at -> rollbackDecidedBy = Optional.of(Map.entry(revision.getMetadata().getName(), at)));
            slots.release(key);
            return true;
        }

        private Optional<ModelRevision> rollingOutProgressively() {
            if (!rolloutPlan.progressive()) {
                return Optional.empty();
            }
            return revisions.values().stream()
                    .filter(r -> RevisionPhase.parse(r.getStatus().getPhase()) == RevisionPhase.RollingOut && r.getStatus().getRollout() != null)
                    .findFirst();
        }

        /** A person's retry of the newest revision, RolledBack or Aborted: a new attempt from the first step. */
        private boolean retry(String action) {
            Optional<ModelRevision> newest = revisions.values().stream().max(Comparator.comparingInt(r -> r.getSpec().getNumber()));
            if (newest.isEmpty() || !RevisionPhase.parse(newest.get().getStatus().getPhase()).isRetryable() || !rolloutPlan.progressive()
                    || stableRevision().isEmpty()) {
                return false;
            }
            if (pipeline.getSpec().isPaused()) {
                // Nothing advances while paused; the retry is kept for the resume, as a retrain is.
                retryDeferred = true;
                return false;
            }
            ModelRevision revision = newest.get();
            Optional<String> noSlot = slots.tryAcquire(key, now, pipelinePhases(), now);
            if (noSlot.isPresent()) {
                // A new attempt is a rollout like any other: it waits for a slot (maxConcurrentRollouts), keeping the annotation.
                LOG.infof("pipeline %s: the retry of %s waits: %s", key, revision.getMetadata().getName(), noSlot.get());
                retryDeferred = true;
                wakeAt = earliest(wakeAt, now.plus(QUEUE_POLL));
                return false;
            }
            var previousRecord = revision.getStatus().getRollout();
            int attempt = previousRecord == null || previousRecord.getAttempt() == null ? 2 : previousRecord.getAttempt() + 1;
            var record = RolloutDriver.begin(rolloutPlan, stableRevision().get().getMetadata().getName(), now, attempt);
            if (previousRecord != null) {
                record.setAnalysisRuns(new java.util.ArrayList<>(previousRecord.getAnalysisRuns()));
            }
            revision.getStatus().setRollout(record);
            advance(revision, Step.Advance.to(RevisionPhase.RollingOut, "RetryRequested",
                    "retry requested through " + Labels.ACTION + ": attempt " + attempt + " starts from the first step"));
            events.record(client, pipeline, EventRecorder.NORMAL, "ActionRetry", "retry of " + revision.getMetadata().getName() + ": attempt " + attempt);
            removeActionAnnotation(action);
            return true;
        }

        private Optional<ModelRevision> stableRevision() {
            return revisions.values().stream()
                    .filter(r -> RevisionPhase.parse(r.getStatus().getPhase()) == RevisionPhase.Promoted)
                    .max(Comparator.comparingInt(r -> r.getSpec().getNumber()));
        }

        private RevisionSnapshot snapshot(ModelRevision revision, Optional<Baseline> baseline) {
            ModelRevisionSpec spec = revision.getSpec();
            Map<JobStage, JobObservation> observations = new HashMap<>();
            for (JobStage stage : JobStage.values()) {
                observations.put(stage, observeJob(revision, stage));
            }
            return new RevisionSnapshot(
                    RevisionPhase.parse(revision.getStatus().getPhase()),
                    spec.getDataValidation() != null,
                    observations,
                    ClusterObservations.serving(deployments.get(spec.getWorkloads().getDeployment()),
                            pipeline.getSpec().getServing().effectiveReplicas()),
                    spec.getDataValidation() == null ? List.of() : spec.getDataValidation().getGates(),
                    spec.getEvaluation().getGates(),
                    baseline,
                    rolloutPlan.progressive() && baseline.isPresent(),
                    () -> slots.tryAcquire(key, queuedSince(revision), pipelinePhases(), now));
        }

        private Instant queuedSince(ModelRevision revision) {
            return revision.getStatus().getTransitions().stream()
                    .filter(t -> RevisionPhase.Queued.name().equals(t.getPhase()))
                    .map(t -> Instant.parse(t.getTime()))
                    .findFirst().orElse(now);
        }

        /**
         * Every pipeline's phase for {@link RolloutSlots}; RollingOut for one with a revision rolling out, whatever its own
         * phase says (Paused, or Pending for a newer revision waiting behind the rollout): its canary still holds the slot.
         */
        private Map<String, String> pipelinePhases() {
            Map<String, String> phases = new HashMap<>();
            context.getPrimaryCache().list().forEach(p -> {
                var status = p.getStatus();
                boolean rollingOut = status != null && status.getHistory() != null
                        && status.getHistory().stream().anyMatch(h -> RevisionPhase.RollingOut.name().equals(h.getPhase()));
                phases.put(p.getMetadata().getNamespace() + "/" + p.getMetadata().getName(), rollingOut ? RevisionPhase.RollingOut.name()
                        : status == null || status.getPhase() == null ? "" : status.getPhase());
            });
            phases.putIfAbsent(key, "");
            return phases;
        }

        private JobObservation observeJob(ModelRevision revision, JobStage stage) {
            Job job = jobs.get(jobName(revision, stage));
            String role = stage.name().toLowerCase();
            List<Pod> stagePods = pods.stream().filter(p -> hasLabels(p, revision.getMetadata().getName(), role)).toList();
            return ClusterObservations.job(job, stagePods, () -> client.pods().inNamespace(namespace)
                    .withLabel(Labels.REVISION, revision.getMetadata().getName())
                    .withLabel(Labels.ROLE, role)
                    .list().getItems());
        }

        private void startJob(ModelRevision revision, JobStage stage) {
            Job job = Workloads.job(revision, stage);
            try {
                Job created = context.resourceOperations().create(job);
                jobs.put(created.getMetadata().getName(), created);
                metrics.jobCreated(stage.name());
                events.record(client, revision, EventRecorder.NORMAL, "JobCreated", "created " + stage.name().toLowerCase() + " Job " + job.getMetadata().getName());
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409) {
                    return;
                }
                if (e.getCode() == 422 || e.getCode() == 400) {
                    advance(revision, Step.Advance.to(RevisionPhase.Failed, "JobRejected",
                            "the API server rejected the " + stage.name().toLowerCase() + " Job: " + apiMessage(e)));
                    return;
                }
                throw e;
            }
        }

        private void deployServing(ModelRevision revision) {
            int replicas = pipeline.getSpec().getServing().effectiveReplicas();
            String deploymentName = revision.getSpec().getWorkloads().getDeployment();
            Deployment existing = deployments.get(deploymentName);
            if (existing != null) {
                scale(existing, replicas);
                return;
            }
            try {
                Deployment created = context.resourceOperations().create(Workloads.deployment(revision, replicas));
                deployments.put(deploymentName, created);
                events.record(client, revision, EventRecorder.NORMAL, "ServingDeployed",
                        "created Deployment " + deploymentName + " with " + replicas + " replicas");
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409) {
                    return;
                }
                if (e.getCode() == 422 || e.getCode() == 400) {
                    advance(revision, Step.Advance.to(RevisionPhase.Failed, "ServingRejected",
                            "the API server rejected the serving Deployment: " + apiMessage(e) + "; the previous stable revision keeps serving"));
                    return;
                }
                throw e;
            }
        }

        /** The stable revision serves at full size; a revision rolling out too; every other Deployment is scaled to zero. */
        private void maintainServing(Optional<String> stable, Optional<String> driven) {
            int replicas = pipeline.getSpec().getServing().effectiveReplicas();
            stable.map(revisions::get).ifPresent(revision -> {
                if (!deployments.containsKey(revision.getSpec().getWorkloads().getDeployment())) {
                    LOG.infof("recreating the missing Deployment of stable revision %s", revision.getMetadata().getName());
                    deployServing(revision);
                }
            });
            Optional<ServingLayout.Rollout> rollout = driven.map(revisions::get)
                    .filter(r -> RevisionPhase.parse(r.getStatus().getPhase()) == RevisionPhase.RollingOut)
                    .map(r -> {
                        var record = r.getStatus().getRollout();
                        boolean progressive = record != null && rolloutPlan.progressive() && stable.isPresent();
                        if (progressive && rolloutPlan.strategy() == RolloutSpec.Strategy.Canary) {
                            return ServingLayout.Rollout.canary(r.getMetadata().getName(), RolloutRecords.canaryState(record, now),
                                    rolloutPlan.steps().size());
                        }
                        Optional<BlueGreenState> blueGreen = progressive && rolloutPlan.strategy() == RolloutSpec.Strategy.BlueGreen
                                ? Optional.of(RolloutRecords.blueGreenState(record, now)) : Optional.empty();
                        return new ServingLayout.Rollout(r.getMetadata().getName(), Optional.empty(), blueGreen);
                    });
            ServingLayout layout = ServingLayout.of(rolloutPlan.strategy(), rolloutPlan.httpRoute().isPresent(),
                    Workloads.serviceName(pipeline), replicas, stable, rollout);
            if (stable.isPresent() || !deployments.isEmpty()) {
                layout.services().forEach(this::ensureService);
            }
            layout.routeWeights().ifPresent(weights -> applyRouteWeights(rolloutPlan.httpRoute().get(), weights));
            metrics.canaryWeight(namespace, name, rollout.flatMap(r -> r.canary()).map(CanaryState::canaryWeight).orElse(0));
            boolean stableAtFullSize = stable.map(revisions::get)
                    .map(r -> ClusterObservations.serving(deployments.get(r.getSpec().getWorkloads().getDeployment()), replicas))
                    .map(ServingObservation.Available.class::isInstance)
                    .orElse(true);
            for (ModelRevision revision : revisions.values()) {
                String revisionName = revision.getMetadata().getName();
                boolean serves = stable.equals(Optional.of(revisionName));
                Deployment deployment = deployments.get(revision.getSpec().getWorkloads().getDeployment());
                int desired = layout.replicas().getOrDefault(revisionName, 0);
                boolean justRolledBack = RevisionPhase.parse(revision.getStatus().getPhase()).isRetryable();
                if (deployment != null && desired == 0 && justRolledBack && !stableAtFullSize
                        && deployment.getSpec().getReplicas() != null && deployment.getSpec().getReplicas() > 0) {
                    // A canary rolled back above weight 50 carried most of the traffic: it goes once the stable
                    // revision is back at full size, not before (the stable Deployment's progress wakes us).
                    LOG.infof("pipeline %s: %s scales to 0 once %s is available at %d replicas", key, revisionName, stable.orElse("?"), replicas);
                    continue;
                }
                if (deployment != null) {
                    scale(deployment, desired);
                }
                Boolean servingFlag = serves ? Boolean.TRUE : revision.getStatus().getServing() == null ? null : Boolean.FALSE;
                revision.getStatus().setServing(servingFlag);
            }
        }

        /** Creates the Service, or points its selector at the revision the layout says (JSON patch: keys must be removable). */
        private void ensureService(String serviceName, Optional<String> revision) {
            Service desired = Workloads.service(pipeline, serviceName, revision);
            Optional<Service> existing = context.getSecondaryResources(Service.class).stream()
                    .filter(s -> s.getMetadata().getName().equals(serviceName))
                    .findFirst();
            if (existing.isPresent()) {
                Map<String, String> selector = existing.get().getSpec().getSelector();
                if (!desired.getSpec().getSelector().equals(selector)) {
                    String patch = "[{\"op\":\"replace\",\"path\":\"/spec/selector\",\"value\":" + json(desired.getSpec().getSelector()) + "}]";
                    client.services().inNamespace(namespace).withName(serviceName).patch(PatchContext.of(PatchType.JSON), patch);
                    LOG.infof("pipeline %s: Service %s now selects %s", key, serviceName, revision.orElse("every revision"));
                }
                return;
            }
            try {
                context.resourceOperations().create(desired);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }

        /**
         * Sets the weights of the stable and canary backendRefs of every rule of the HTTPRoute that references either;
         * a rule with only the stable backend gets the canary one added. Other backendRefs and rules are left alone.
         */
        private void applyRouteWeights(String routeName, TrafficSplit.RouteWeights weights) {
            String service = Workloads.serviceName(pipeline);
            String stableService = ServingLayout.stableService(service);
            String canaryService = ServingLayout.canaryService(service);
            var routes = client.genericKubernetesResources("gateway.networking.k8s.io/v1", "HTTPRoute").inNamespace(namespace);
            io.fabric8.kubernetes.api.model.GenericKubernetesResource route;
            try {
                route = routes.withName(routeName).get();
            } catch (KubernetesClientException e) {
                reportRouteProblem(routeName, "cannot read HTTPRoute " + routeName + ": " + apiMessage(e));
                return;
            }
            if (route == null) {
                reportRouteProblem(routeName, "HTTPRoute " + routeName + " not found: create it with a backendRef to Service " + stableService);
                return;
            }
            Map<String, Object> spec = route.get("spec");
            List<Map<String, Object>> rules = spec == null ? null : (List<Map<String, Object>>) spec.get("rules");
            boolean referenced = false;
            boolean changed = false;
            List<Object> newRules = new java.util.ArrayList<>();
            for (Map<String, Object> rule : rules == null ? List.<Map<String, Object>>of() : rules) {
                Map<String, Object> copy = new java.util.LinkedHashMap<>(rule);
                List<Map<String, Object>> refs = rule.get("backendRefs") == null ? List.of() : (List<Map<String, Object>>) rule.get("backendRefs");
                boolean hasStable = refs.stream().anyMatch(r -> stableService.equals(r.get("name")));
                boolean hasCanary = refs.stream().anyMatch(r -> canaryService.equals(r.get("name")));
                if (hasStable || hasCanary) {
                    referenced = true;
                    List<Object> newRefs = new java.util.ArrayList<>();
                    for (Map<String, Object> ref : refs) {
                        Map<String, Object> r = new java.util.LinkedHashMap<>(ref);
                        Integer want = stableService.equals(ref.get("name")) ? Integer.valueOf(weights.stableWeight())
                                : canaryService.equals(ref.get("name")) ? Integer.valueOf(weights.canaryWeight()) : null;
                        if (want != null && !want.equals(asInt(ref.get("weight")))) {
                            r.put("weight", want);
                            changed = true;
                        }
                        newRefs.add(r);
                    }
                    if (!hasCanary) {
                        Map<String, Object> canary = new java.util.LinkedHashMap<>();
                        canary.put("name", canaryService);
                        canary.put("port", pipeline.getSpec().getServing().effectivePort());
                        canary.put("weight", weights.canaryWeight());
                        newRefs.add(canary);
                        changed = true;
                    }
                    copy.put("backendRefs", newRefs);
                }
                newRules.add(copy);
            }
            if (!referenced) {
                reportRouteProblem(routeName, "HTTPRoute " + routeName + " has no rule with a backendRef to Service " + stableService);
                return;
            }
            routeProblems.remove(key);
            if (!changed) {
                return;
            }
            // "test" on resourceVersion: a concurrent edit of the route makes this fail and the next pass retry.
            String patch = "[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\",\"value\":" + quote(route.getMetadata().getResourceVersion()) + "},"
                    + "{\"op\":\"replace\",\"path\":\"/spec/rules\",\"value\":" + json(newRules) + "}]";
            try {
                routes.withName(routeName).patch(PatchContext.of(PatchType.JSON), patch);
            } catch (KubernetesClientException e) {
                // Someone else changed the route meanwhile (the test op fails), or a webhook refused: next pass retries.
                reportRouteProblem(routeName, "could not set the weights on HTTPRoute " + routeName + ": " + apiMessage(e));
                wakeAt = earliest(wakeAt, now.plusSeconds(2));
                return;
            }
            LOG.infof("pipeline %s: HTTPRoute %s weights stable %d, canary %d", key, routeName, weights.stableWeight(), weights.canaryWeight());
        }

        private void reportRouteProblem(String routeName, String message) {
            if (message.equals(routeProblems.put(key, message))) {
                LOG.debugf("pipeline %s: %s (reported already)", key, message);
                return;
            }
            LOG.warnf("pipeline %s: %s", key, message);
            events.record(client, pipeline, EventRecorder.WARNING, "HTTPRouteProblem", message);
        }

        private void scale(Deployment deployment, int replicas) {
            Integer current = deployment.getSpec().getReplicas();
            if (current != null && current == replicas) {
                return;
            }
            String patch = "{\"spec\":{\"replicas\":" + replicas + "}}";
            Deployment scaled = client.apps().deployments().inNamespace(namespace).withName(deployment.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            deployments.put(scaled.getMetadata().getName(), scaled);
            LOG.infof("scaled Deployment %s/%s to %d", namespace, deployment.getMetadata().getName(), replicas);
        }

        private void prune(ModelRevision revision) {
            deleteJobs(revision);
            String deployment = revision.getSpec().getWorkloads().getDeployment();
            if (deployments.containsKey(deployment)) {
                client.apps().deployments().inNamespace(namespace).withName(deployment).delete();
            }
            client.resources(ModelRevision.class).inNamespace(namespace).withName(revision.getMetadata().getName()).delete();
            revisions.remove(revision.getMetadata().getName());
            events.record(client, pipeline, EventRecorder.NORMAL, "RevisionPruned",
                    "deleted " + revision.getMetadata().getName() + " (" + revision.getStatus().getPhase() + "): beyond revisionHistoryLimit "
                            + pipeline.getSpec().effectiveRevisionHistoryLimit());
        }

        private void deleteJobs(ModelRevision revision) {
            for (JobStage stage : JobStage.values()) {
                String jobName = jobName(revision, stage);
                if (jobName != null && jobs.containsKey(jobName)) {
                    client.batch().v1().jobs().inNamespace(namespace).withName(jobName)
                            .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND).delete();
                    jobs.remove(jobName);
                }
            }
        }

        private void advance(ModelRevision revision, Step.Advance advance) {
            RevisionPhase from = RevisionPhase.parse(revision.getStatus().getPhase());
            RevisionStatusUpdates.apply(revision.getStatus(), advance, revision.getMetadata().getGeneration(), now)
                    .ifPresent(spent -> metrics.phaseDuration(from.name(), spent.toMillis() / 1000.0));
            metrics.transition(namespace, name, advance.to().name(), advance.reason());
            for (GateVerdict verdict : advance.verdicts()) {
                metrics.gateVerdict(namespace, name, verdict.getStage().name(), verdict.getResult().name());
            }
            boolean bad = advance.to().isUnsuccessfulEnd();
            String type = bad ? EventRecorder.WARNING : EventRecorder.NORMAL;
            String message = revision.getMetadata().getName() + " " + from + " -> " + advance.to() + ": " + advance.message();
            // One log line per decision, with pipeline and revision (in JSON logs beside JOSDK's resource.* MDC keys).
            LOG.infof("pipeline %s revision %s: %s -> %s (%s): %s", key, revision.getMetadata().getName(), from, advance.to(),
                    advance.reason(), advance.message());
            events.record(client, revision, type, advance.reason(), message);
            if (advance.to().isTerminal() || bad) {
                events.record(client, pipeline, type, advance.reason(), message);
            }
        }

        private void writeRevisionStatuses() {
            for (ModelRevision revision : revisions.values()) {
                String after = json(revision.getStatus());
                if (after.equals(statusBefore.get(revision.getMetadata().getName()))) {
                    continue;
                }
                revision.getStatus().setObservedGeneration(revision.getMetadata().getGeneration());
                // Optimistic locking on resourceVersion: a stale cache makes this fail and the reconcile retry.
                ModelRevision written = context.resourceOperations().updateStatus(revision);
                revisions.put(written.getMetadata().getName(), written);
            }
        }

        private void publishRevisionGauge() {
            Map<String, Integer> counts = new HashMap<>();
            revisions.values().forEach(r -> counts.merge(RevisionPhase.parse(r.getStatus().getPhase()).name(), 1, Integer::sum));
            metrics.revisionsByPhase(namespace, name, counts, ALL_PHASES);
        }

        private List<RevisionFacts> facts() {
            return revisions.values().stream()
                    .map(r -> new RevisionFacts(r.getMetadata().getName(), r.getSpec().getNumber(),
                            RevisionPhase.parse(r.getStatus().getPhase()),
                            r.getSpec().getTrigger() == null ? null : r.getSpec().getTrigger().name(),
                            r.getStatus().getReason(), r.getStatus().getMessage(), r.getStatus().getKeyMetric(),
                            r.getStatus().getRollout() == null || !"Canary".equals(r.getStatus().getRollout().getStrategy()) ? null
                                    : r.getStatus().getRollout().getCanaryWeight(),
                            r.getStatus().getRollout() == null ? null : r.getStatus().getRollout().getPausedReason()))
                    .collect(Collectors.toList());
        }
    }

    private static Integer asInt(Object value) {
        return value instanceof Number number ? Integer.valueOf(number.intValue()) : null;
    }

    private static ManualAction manualAction(String action) {
        if (action == null) {
            return ManualAction.None;
        }
        return switch (action) {
            case Labels.ACTION_PROMOTE -> ManualAction.Promote;
            case Labels.ACTION_ABORT -> ManualAction.Abort;
            case Labels.ACTION_RETRY -> ManualAction.Retry;
            default -> ManualAction.None;
        };
    }

    private static Optional<Instant> earliest(Optional<Instant> current, Instant candidate) {
        return current.isEmpty() || candidate.isBefore(current.get()) ? Optional.of(candidate) : current;
    }

    private static String jobName(ModelRevision revision, JobStage stage) {
        var workloads = revision.getSpec().getWorkloads();
        return switch (stage) {
            case Validation -> workloads.getValidationJob();
            case Training -> workloads.getTrainingJob();
            case Evaluation -> workloads.getEvaluationJob();
        };
    }

    private static boolean hasLabels(Pod pod, String revision, String role) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels != null && revision.equals(labels.get(Labels.REVISION)) && role.equals(labels.get(Labels.ROLE));
    }

    private static String annotation(HasMetadata object, String key) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String apiMessage(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
    }

    private static <R extends HasMetadata> Map<String, R> byName(Set<R> resources) {
        return resources.stream().collect(Collectors.toMap(r -> r.getMetadata().getName(), Function.identity(), (a, b) -> a, HashMap::new));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
