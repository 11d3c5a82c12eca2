package io.modelgate.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.delivery.RolloutDefaults;
import io.modelgate.metrics.OperatorMetrics;
import io.modelgate.pipeline.apply.ClusterWriter;
import io.modelgate.pipeline.apply.EventRecorder;
import io.modelgate.pipeline.apply.PassRecorder;
import io.modelgate.pipeline.apply.TerminatingNamespaces;
import io.modelgate.pipeline.apply.WriteFence;
import io.modelgate.pipeline.plan.ClusterSnapshot;
import io.modelgate.pipeline.plan.Intent;
import io.modelgate.pipeline.plan.PassInputs;
import io.modelgate.pipeline.plan.PassPlan;
import io.modelgate.pipeline.plan.PassRounds;
import io.modelgate.pipeline.plan.PipelinePass;
import io.modelgate.pipeline.plan.ServingRecordGuard;
import io.modelgate.pipeline.plan.WriteResult;
import io.modelgate.podsecurity.PodSecurityLevel;
import io.modelgate.provider.HttpJsonProvider;
import io.modelgate.provider.PrometheusProvider;
import io.modelgate.registry.ModelRegistry;
import io.modelgate.registry.RegistrySettings;
import io.modelgate.registry.mlflow.MlflowRegistry;
import io.modelgate.serving.DeploymentServing;
import io.modelgate.status.Reason;
import io.modelgate.training.JobStageBackend;
import io.modelgate.engine.Engines;
import io.modelgate.workload.Labels;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One reconcile of a pipeline: observe (one snapshot of what the pass reads), plan (pure: intents and statuses),
 * measure what the plan asks for and plan again, apply (the one writer; an answer the plan did not assume is planned
 * again), record (statuses that changed, Events, metrics). It never waits: watches and the wake-up bring it back.
 */
// No maxReconciliationInterval: every pass that needs a timer asks for it (plan.wakeAfter) and the watches bring every
// other change. JOSDK's default (10 h) schedules a java.util.Timer task at each reconcile that asks for none, and a
// cancelled task stays in the Timer's queue until its time: about one task per reconcile ever made, deleted pipelines' too.
@ControllerConfiguration(name = ModelPipelineReconciler.NAME, generationAwareEventProcessing = false,
        informer = @Informer(itemStore = PrunedStore.Pipelines.class),
        maxReconciliationInterval = @MaxReconciliationInterval(interval = 0))
public class ModelPipelineReconciler implements Reconciler<ModelPipeline>, Cleaner<ModelPipeline> {

    public static final String NAME = "modelpipeline";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OperatorMetrics metrics;
    private final EventRecorder events;
    private final AnalysisMeasurer measurer;
    private final HookCaller hooks = new HookCaller();
    private final Observer observer;
    private final PipelinePass planner;
    private final PassRecorder recorder;
    private final RolloutSlots slots;
    private final WriteFence fence;
    private final Engines engines;
    private final ModelRegistry registry;
    private final Clock clock;
    private final Notifier notifier;
    private final io.modelgate.notify.NotificationDefaults notifications;
    private final TerminatingNamespaces terminating = new TerminatingNamespaces();

    public ModelPipelineReconciler(Clock clock, OperatorMetrics metrics, EventRecorder events) {
        this(clock, metrics, events, new AnalysisMeasurer(new PrometheusProvider(), new HttpJsonProvider(), RolloutDefaults.standard()),
                new RolloutSlots(0));
    }

    public ModelPipelineReconciler(Clock clock, OperatorMetrics metrics, EventRecorder events, AnalysisMeasurer measurer, RolloutSlots slots) {
        this(clock, metrics, events, measurer, slots, WriteFence.NONE, PodSecurityLevel.DEFAULT, Engines.JOB_ONLY);
    }

    public ModelPipelineReconciler(Clock clock, OperatorMetrics metrics, EventRecorder events, AnalysisMeasurer measurer, RolloutSlots slots,
                                   WriteFence fence, PodSecurityLevel podSecurity, Engines engines) {
        this(clock, metrics, events, measurer, slots, fence, podSecurity, engines, new MlflowRegistry(), RegistrySettings.NONE);
    }

    /**
     * @param fence       asked before the pipeline's status patch (the writer and the Event recorder ask it too)
     * @param podSecurity the highest Pod Security level of what the operator creates ({@code modelgate.pod-security.level})
     * @param engines     the training engines enabled ({@code modelgate.backends.*}): what is watched besides Jobs
     * @param registry    where revisions are recorded (spec.registry), and the operator's registry settings
     */
    public ModelPipelineReconciler(Clock clock, OperatorMetrics metrics, EventRecorder events, AnalysisMeasurer measurer, RolloutSlots slots,
                                   WriteFence fence, PodSecurityLevel podSecurity, Engines engines, ModelRegistry registry,
                                   RegistrySettings registrySettings) {
        this(clock, metrics, events, measurer, slots, fence, podSecurity, engines, registry, registrySettings, Notifier.NONE,
                io.modelgate.notify.NotificationDefaults.NONE);
    }

    /**
     * @param notifier      sends what a pass finds worth telling (spec.notifications) off the reconcile thread
     * @param notifications the operator's default webhook, for pipelines that name none
     */
    @Inject
    public ModelPipelineReconciler(Clock clock, OperatorMetrics metrics, EventRecorder events, AnalysisMeasurer measurer, RolloutSlots slots,
                                   WriteFence fence, PodSecurityLevel podSecurity, Engines engines, ModelRegistry registry,
                                   RegistrySettings registrySettings, Notifier notifier,
                                   io.modelgate.notify.NotificationDefaults notifications) {
        this.notifier = notifier;
        this.notifications = notifications;
        this.engines = engines;
        this.registry = registry;
        this.clock = clock;
        this.fence = fence;
        this.metrics = metrics;
        this.events = events;
        this.measurer = measurer;
        this.observer = new Observer(clock, measurer.defaults());
        this.planner = new PipelinePass(measurer.defaults(), slots::tryAcquire, podSecurity, engines, registrySettings);
        this.recorder = new PassRecorder(clock, metrics, events);
        this.slots = slots;
    }

    @Override
    public List<EventSource<?, ModelPipeline>> prepareEventSources(EventSourceContext<ModelPipeline> context) {
        Set<Class<? extends HasMetadata>> kinds = new LinkedHashSet<>();
        kinds.add(ModelRevision.class);
        kinds.addAll(new JobStageBackend().watchedKinds());
        kinds.addAll(new DeploymentServing().watchedKinds());
        kinds.add(Service.class);
        List<EventSource<?, ModelPipeline>> sources = new ArrayList<>();
        List<InformerEventSource<? extends HasMetadata, ModelPipeline>> typed = new ArrayList<>();
        InformerEventSource<Job, ModelPipeline> jobs = null;
        for (Class<? extends HasMetadata> kind : kinds) {
            InformerEventSource<? extends HasMetadata, ModelPipeline> source = informer(kind, context, selector(kind, engines));
            sources.add(source);
            typed.add(source);
            if (kind == Job.class) {
                @SuppressWarnings("unchecked")
                InformerEventSource<Job, ModelPipeline> jobSource = (InformerEventSource<Job, ModelPipeline>) source;
                jobs = jobSource;
            }
        }
        sources.add(podRefusals(jobs, context));
        sources.addAll(EngineWatches.of(engines, context, typed));
        sources.addAll(TemplateWatches.of(context, measurer.defaults().clusterTemplates()));
        sources.forEach(SettledWrites::watch);
        SettledWrites.watch(context.getPrimaryCache());
        return sources;
    }

    /**
     * The Job controller's FailedCreate Events on Jobs, and only those (a field selector: Events carry no labels):
     * what says that a Job's pods are refused. An Event belongs to the pipeline of the Job it is about.
     */
    private static InformerEventSource<Event, ModelPipeline> podRefusals(InformerEventSource<Job, ModelPipeline> jobs,
                                                                         EventSourceContext<ModelPipeline> context) {
        var configuration = InformerEventSourceConfiguration.from(Event.class, ModelPipeline.class)
                .withName("JobPodRefusals")
                .withItemStore(PrunedStore.forKind(Event.class))
                .withFieldSelector(JobPodRefusals.WATCHED)
                .withSecondaryToPrimaryMapper((Event event) -> {
                    var about = event.getInvolvedObject();
                    if (about == null || about.getName() == null) {
                        return Set.of();
                    }
                    String namespace = about.getNamespace() == null ? event.getMetadata().getNamespace() : about.getNamespace();
                    return jobs.get(new ResourceID(about.getName(), namespace))
                            .map(job -> job.getMetadata().getLabels() == null ? null : job.getMetadata().getLabels().get(Labels.PIPELINE))
                            .map(pipeline -> Set.of(new ResourceID(pipeline, namespace)))
                            .orElse(Set.of());
                })
                .build();
        return new InformerEventSource<>(configuration, context);
    }

    /**
     * Only objects labelled with a pipeline are cached: the operator never holds the whole cluster's Pods. Of the Pods,
     * a pass reads those of Jobs (a stage's, an analysis's, a hook's: how they ended) and KServe's predictors (ready or
     * not); a Deployment's serving pods are never read (the Deployment's status says what serving needs), so without
     * KServe they are neither cached nor woken on: a third of the Pods and of their updates.
     */
    static String selector(Class<? extends HasMetadata> kind, Engines engines) {
        return kind == Pod.class && !engines.kserve() ? Labels.PIPELINE + "," + Labels.ROLE + "!=" + Labels.ROLE_SERVING : Labels.PIPELINE;
    }

    private static <R extends HasMetadata> InformerEventSource<R, ModelPipeline> informer(Class<R> type, EventSourceContext<ModelPipeline> context,
                                                                                          String selector) {
        var configuration = InformerEventSourceConfiguration.from(type, ModelPipeline.class)
                .withName(type.getSimpleName())
                .withItemStore(PrunedStore.forKind(type))
                .withLabelSelector(selector)
                .withSecondaryToPrimaryMapper((R resource) -> {
                    String pipeline = resource.getMetadata().getLabels() == null ? null : resource.getMetadata().getLabels().get(Labels.PIPELINE);
                    return pipeline == null ? Set.of() : Set.of(new ResourceID(pipeline, resource.getMetadata().getNamespace()));
                });
        PassReads.filter(type).ifPresent(configuration::withOnUpdateFilter);
        return new InformerEventSource<>(configuration.build(), context);
    }

    @Override
    public UpdateControl<ModelPipeline> reconcile(ModelPipeline pipeline, Context<ModelPipeline> context) {
        long started = System.nanoTime();
        boolean success = false;
        var cache = context.getPrimaryCache();
        metrics.trackPipelines(() -> cache.list().map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName())
                .collect(Collectors.toSet()), PassRecorder.ALL_PHASES);
        try {
            UpdateControl<ModelPipeline> control = pass(pipeline, context);
            success = true;
            return control;
        } finally {
            metrics.reconciled(success, (System.nanoTime() - started) / 1e9);
        }
    }

    private UpdateControl<ModelPipeline> pass(ModelPipeline pipeline, Context<ModelPipeline> context) {
        String namespace = pipeline.getMetadata().getNamespace();
        if (terminating.quiet(namespace, clock.instant())) {
            return UpdateControl.noUpdate();
        }
        ClusterSnapshot snapshot = observer.observe(pipeline, context);
        ClusterWriter writer = new ClusterWriter(context, pipeline, fence);
        PassRounds.Measurer measuring = new PassRounds.Measurer() {
            @Override
            public Map<String, io.modelgate.analysis.Measurement> take(List<io.modelgate.pipeline.plan.MeasurementRequest> requests) {
                return measurer.take(context.getClient(), requests, snapshot.now());
            }

            @Override
            public Map<String, io.modelgate.pipeline.plan.HookCall.Answer> call(List<io.modelgate.pipeline.plan.HookCall> calls) {
                return hooks.call(context.getClient(), calls);
            }
        };
        PassRounds.Planned planned = PassRounds.run(planner, snapshot, measuring, writer, new RegistryWriter(registry, context.getClient(), fence));
        if (writer.namespaceTerminating()) {
            // Nothing of this pass is recorded (no status, no Event: both would be refused); the pipeline goes with it.
            terminating.saw(namespace, snapshot.now());
            slots.release(snapshot.key());
            return UpdateControl.noUpdate();
        }
        PassPlan plan = planned.plan();
        refuseWhatFailed(plan, planned.inputs());
        recorder.record(snapshot, plan, planned.inputs(), writer, context.getClient());
        // Queued once the revisions' statuses are written (a pass whose write fails finds them again), never waited for.
        notifier.submit(plan.notices(), io.modelgate.notify.WebhookTarget.of(namespace, pipeline.getSpec(), notifications.webhook()));
        if (plan.releaseSlot()) {
            slots.release(snapshot.key());
        }
        plan.pipelineStatus().ifPresent(status -> status.setConditions(notifier.state(snapshot.key())
                .apply(status.getConditions(), pipeline.getMetadata().getGeneration(), snapshot.now())));
        UpdateControl<ModelPipeline> control = control(pipeline, plan, planned.inputs());
        if (notifier.busy(snapshot.key())) {
            // The condition shows how deliveries end: a pass comes back while some are still being tried.
            java.time.Duration soon = java.time.Duration.ofSeconds(2);
            control.rescheduleAfter(plan.wakeAfter().filter(wake -> wake.compareTo(soon) < 0).orElse(soon));
        }
        if (control.isPatchStatus()) {
            fence.check("the status of pipeline " + snapshot.key());
        }
        return control;
    }

    /** A write the plan could not handle (RBAC, an action a person changed meanwhile): the reconcile is retried. */
    private static void refuseWhatFailed(PassPlan plan, PassInputs inputs) {
        // Every write of the pass, not only the last round's: a forbidden create is not planned again in the next round.
        inputs.writes().forEach((key, result) -> {
            if (result instanceof WriteResult.Forbidden forbidden) {
                throw new IllegalStateException(key + " was forbidden: " + forbidden.message());
            }
        });
        for (Intent intent : plan.intents()) {
            WriteResult result = inputs.write(intent.key()).orElse(null);
            if (intent instanceof Intent.ConsumeAction && result != null && !(result instanceof WriteResult.Done)) {
                throw new IllegalStateException("the action annotation changed meanwhile: " + result);
            }
        }
    }

    private static UpdateControl<ModelPipeline> control(ModelPipeline pipeline, PassPlan plan, PassInputs inputs) {
        plan.intents().stream().filter(Intent.ConsumeAction.class::isInstance).findFirst()
                .flatMap(intent -> inputs.write(intent.key()))
                .filter(WriteResult.Done.class::isInstance)
                .map(result -> ((WriteResult.Done) result).object())
                .ifPresent(patched -> {
                    // The status patch below carries this object: it must not bring the annotation back.
                    pipeline.getMetadata().setAnnotations(patched.getMetadata().getAnnotations());
                    pipeline.getMetadata().setResourceVersion(patched.getMetadata().getResourceVersion());
                });
        UpdateControl<ModelPipeline> control;
        if (plan.pipelineStatus().isEmpty() || json(plan.pipelineStatus().get()).equals(json(pipeline.getStatus()))) {
            control = UpdateControl.noUpdate();
        } else {
            pipeline.setStatus(plan.pipelineStatus().get());
            control = UpdateControl.patchStatus(pipeline);
        }
        plan.wakeAfter().ifPresent(control::rescheduleAfter);
        return control;
    }

    /**
     * A deleted pipeline takes its model down: the serving record's finalizer ({@link ServingRecordGuard}) is let go,
     * so that garbage collection removes the revisions and what they own. Retried until every release is done.
     */
    @Override
    public DeleteControl cleanup(ModelPipeline pipeline, Context<ModelPipeline> context) {
        List<Intent> releases = ServingRecordGuard.releaseAll(context.getSecondaryResources(ModelRevision.class));
        PassRounds.Applied applied = new ClusterWriter(context, pipeline).apply(releases, PassInputs.NONE);
        boolean released = applied.results().values().stream()
                .allMatch(r -> r instanceof WriteResult.Done || r instanceof WriteResult.Gone);
        if (!released || applied.results().size() != releases.size()) {
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(java.time.Duration.ofSeconds(2));
        }
        // Its series go now, not at the next scrape, which may never come when nothing scrapes the operator.
        metrics.forgetPipeline(pipeline.getMetadata().getNamespace(), pipeline.getMetadata().getName(), PassRecorder.ALL_PHASES);
        return DeleteControl.defaultDelete();
    }

    @Override
    public ErrorStatusUpdateControl<ModelPipeline> updateErrorStatus(ModelPipeline pipeline, Context<ModelPipeline> context, Exception e) {
        if (announcesError(context.getRetryInfo(), e)) {
            boolean last = context.getRetryInfo().map(io.javaoperatorsdk.operator.api.reconciler.RetryInfo::isLastAttempt).orElse(false);
            events.record(context.getClient(), pipeline, "Warning", Reason.ReconcileError,
                    (last ? "reconcile failed, retries exhausted until the next change: " : "reconcile failed and will be retried: ") + e.getMessage());
        }
        return ErrorStatusUpdateControl.noStatusUpdate();
    }

    /**
     * The first failure of a run of retries and the last one get an Event; the retries between them (up to 20, each a
     * write of the Event's count) tell nothing new. The error is in the log and in modelgate_reconcile_total each time.
     * A conflict (409: the pipeline changed between the cache's copy and the status write) is no failure to announce:
     * the retry reads the newer version, as a Kubernetes controller requeues on a conflict. Only its last attempt is.
     */
    static boolean announcesError(Optional<io.javaoperatorsdk.operator.api.reconciler.RetryInfo> retry, Exception e) {
        boolean last = retry.map(io.javaoperatorsdk.operator.api.reconciler.RetryInfo::isLastAttempt).orElse(false);
        // The first execution carries no RetryInfo (or attempt 0); the first retry is attempt 1.
        boolean first = retry.map(r -> r.getAttemptCount() < 1).orElse(true);
        return last || (first && !isConflict(e));
    }

    static boolean isConflict(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof io.fabric8.kubernetes.client.KubernetesClientException k && k.getCode() == 409) {
                return true;
            }
        }
        return false;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
