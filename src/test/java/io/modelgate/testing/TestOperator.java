package io.modelgate.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.modelgate.delivery.RolloutDefaults;
import io.modelgate.metrics.OperatorMetrics;
import io.modelgate.pipeline.AnalysisMeasurer;
import io.modelgate.pipeline.apply.EventRecorder;
import io.modelgate.pipeline.ModelPipelineReconciler;
import io.modelgate.pipeline.RolloutSlots;
import io.modelgate.podsecurity.PodSecurityLevel;
import io.modelgate.provider.HttpJsonProvider;
import io.modelgate.provider.PrometheusProvider;
import io.prometheus.client.CollectorRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** The reconciler in a plain Java Operator SDK operator, on whatever client the test gives it. */
public final class TestOperator implements AutoCloseable {

    public static final List<String> CRD_FILES = List.of("clustermodelanalysistemplates.modelgate.io-v1.yml", "modelanalysistemplates.modelgate.io-v1.yml",
            "modelpipelines.modelgate.io-v1.yml", "modelrevisions.modelgate.io-v1.yml");

    private final KubernetesClient client;
    private final boolean serverSideApply;
    public final MutableClock clock;
    public final OperatorMetrics metrics;
    private RolloutDefaults defaults = RolloutDefaults.standard();
    private int maxConcurrentRollouts;
    private String labelSelector;
    private PodSecurityLevel podSecurity = PodSecurityLevel.DEFAULT;
    private Operator operator;
    private ModelPipelineReconciler reconciler;
    private io.modelgate.pipeline.Notifier notifier = io.modelgate.pipeline.Notifier.NONE;
    private io.modelgate.notify.NotificationDefaults notifications = io.modelgate.notify.NotificationDefaults.NONE;

    public TestOperator(KubernetesClient client, boolean serverSideApply) {
        this(client, serverSideApply, new MutableClock(Instant.parse("2026-11-01T10:00:00Z")));
    }

    public TestOperator(KubernetesClient client, boolean serverSideApply, MutableClock clock) {
        this.client = client;
        this.serverSideApply = serverSideApply;
        this.clock = clock;
        this.metrics = new OperatorMetrics(new CollectorRegistry());
    }

    /** The operator settings of progressive delivery (chart {@code operator.*}); call before {@link #start()}. */
    public TestOperator withRolloutSettings(RolloutDefaults rolloutDefaults, int maxConcurrent) {
        this.defaults = rolloutDefaults;
        this.maxConcurrentRollouts = maxConcurrent;
        return this;
    }

    /** The operator's {@code modelgate.pod-security.level}; call before {@link #start()}. */
    /** Notifications sent by {@code notifier} (built on this operator's {@link #metrics}' registry by the test). */
    public TestOperator withNotifications(io.modelgate.pipeline.Notifier notifier, io.modelgate.notify.NotificationDefaults defaults) {
        this.notifier = notifier;
        this.notifications = defaults;
        return this;
    }

    /** A shard: reconciles only the pipelines the selector matches, as the chart's shard.selector does. */
    public TestOperator withLabelSelector(String selector) {
        this.labelSelector = selector;
        return this;
    }

    public TestOperator withPodSecurityLevel(PodSecurityLevel level) {
        this.podSecurity = level;
        return this;
    }

    /** Installs the committed CRDs, the same files Helm installs. */
    public static void installCrds(KubernetesClient client, boolean serverSideApply) {
        for (String file : CRD_FILES) {
            try (InputStream in = Files.newInputStream(Path.of("crds", file))) {
                CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
                var resource = client.apiextensions().v1().customResourceDefinitions().resource(crd);
                if (serverSideApply) {
                    resource.forceConflicts().serverSideApply();
                } else {
                    resource.createOr(NonDeletingOperation::update);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public TestOperator start() {
        operator = new Operator(o -> o.withKubernetesClient(client)
                .withUseSSAToPatchPrimaryResource(serverSideApply)
                .withCloseClientOnStop(false));
        reconciler = new ModelPipelineReconciler(clock, metrics, new EventRecorder(clock, metrics),
                new AnalysisMeasurer(new PrometheusProvider(), new HttpJsonProvider(), defaults), new RolloutSlots(maxConcurrentRollouts), io.modelgate.pipeline.apply.WriteFence.NONE, podSecurity,
                io.modelgate.engine.Engines.JOB_ONLY, new io.modelgate.registry.mlflow.MlflowRegistry(), io.modelgate.registry.RegistrySettings.NONE,
                notifier, notifications);
        operator.register(reconciler, overrider -> {
            overrider.withRetry(new GenericRetry().setInitialInterval(200).setMaxAttempts(20).setIntervalMultiplier(1.5).setMaxInterval(2000));
            if (labelSelector != null) {
                overrider.withLabelSelector(labelSelector);
            }
        });
        operator.start();
        return this;
    }

    /** The running operator and its reconciler, for tests of how the controller is configured. */
    public Operator operator() {
        return operator;
    }

    public ModelPipelineReconciler reconciler() {
        return reconciler;
    }

    public void stop() {
        if (operator != null) {
            operator.stop();
            operator = null;
        }
    }

    public double metric(String name, String... labels) {
        String[] names = new String[labels.length / 2];
        String[] values = new String[labels.length / 2];
        for (int i = 0; i < labels.length; i += 2) {
            names[i / 2] = labels[i];
            values[i / 2] = labels[i + 1];
        }
        Double value = metrics.registry().getSampleValue(name, names, values);
        return value == null ? 0 : value;
    }

    @Override
    public void close() {
        stop();
    }
}
