package io.modelgate.config;

import io.modelgate.analysis.Durations;
import io.modelgate.delivery.RolloutDefaults;
import io.modelgate.pipeline.AnalysisMeasurer;
import io.modelgate.pipeline.RolloutSlots;
import io.modelgate.podsecurity.PodSecurityLevel;
import io.modelgate.provider.HttpJsonProvider;
import io.modelgate.provider.PrometheusProvider;
import io.modelgate.registry.ModelRegistry;
import io.modelgate.registry.RegistrySettings;
import io.modelgate.registry.mlflow.MlflowRegistry;
import io.modelgate.engine.EngineKind;
import io.modelgate.engine.Engines;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

import io.modelgate.metrics.OperatorMetrics;
import io.modelgate.pipeline.apply.EventRecorder;
import io.modelgate.pipeline.apply.WriteFence;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.hotspot.DefaultExports;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The operator's few shared objects; tests build them by hand instead. */
@ApplicationScoped
public class OperatorBeans {

    private static final Logger LOG = Logger.getLogger(OperatorBeans.class);

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @ApplicationScoped
    OperatorMetrics metrics() {
        CollectorRegistry registry = CollectorRegistry.defaultRegistry;
        DefaultExports.register(registry);
        return new OperatorMetrics(registry);
    }

    /**
     * MODELGATE_DEFAULT_ANALYSIS_INTERVAL, MODELGATE_PROMETHEUS_ADDRESS and MODELGATE_ANALYSIS_TEMPLATES_CLUSTER, as the
     * chart sets them.
     */
    @Produces
    @ApplicationScoped
    AnalysisMeasurer measurer(@ConfigProperty(name = "modelgate.default-analysis-interval", defaultValue = "30s") String interval,
                              @ConfigProperty(name = "modelgate.prometheus-address") Optional<String> prometheus,
                              @ConfigProperty(name = "modelgate.analysis-templates.cluster", defaultValue = "false") boolean clusterTemplates) {
        return new AnalysisMeasurer(new PrometheusProvider(), new HttpJsonProvider(),
                new RolloutDefaults(Durations.parse(interval), prometheus.orElse(null), clusterTemplates));
    }

    /** MODELGATE_REGISTRY_MLFLOW_ADDRESS and MODELGATE_REGISTRY_RETRY_MAX, as the chart sets them. */
    @Produces
    @Singleton
    RegistrySettings registrySettings(@ConfigProperty(name = "modelgate.registry.mlflow.address") Optional<String> mlflow,
                                      @ConfigProperty(name = "modelgate.registry.retry-max", defaultValue = "5m") String retryMax) {
        return new RegistrySettings(mlflow, Durations.parse(retryMax));
    }

    @Produces
    @ApplicationScoped
    ModelRegistry registry() {
        return new MlflowRegistry();
    }

    /** MODELGATE_MAX_CONCURRENT_ROLLOUTS: 0 or less means no cap. */
    @Produces
    @ApplicationScoped
    RolloutSlots slots(@ConfigProperty(name = "modelgate.max-concurrent-rollouts", defaultValue = "0") int max) {
        return new RolloutSlots(max);
    }

    /**
     * MODELGATE_POD_SECURITY_LEVEL: the highest Pod Security level of the pods the operator creates. Read when the
     * reconciler is built, at start: a value that is not a level stops the operator there, with the reason, rather
     * than letting a typo mean anything at all. (Singleton: an enum cannot sit behind a client proxy.)
     */
    @Produces
    @Singleton
    PodSecurityLevel podSecurityLevel(@ConfigProperty(name = PodSecurityLevel.SETTING, defaultValue = "baseline") String level) {
        return PodSecurityLevel.parse(level);
    }

    /**
     * The platforms enabled by the chart (backends.trainJob, backends.jobSet, backends.kueue, backends.kserve), less the
     * kinds the API server does not serve: a platform enabled but not installed must not stop the operator (a watch on a
     * kind that is not served fails its start); its pipelines are told instead. Discovery is open to every
     * authenticated client, so this needs no RBAC of its own.
     */
    @Produces
    @Singleton
    Engines engines(KubernetesClient client,
                    @ConfigProperty(name = Engines.TRAIN_JOB_SETTING, defaultValue = "false") boolean trainJob,
                    @ConfigProperty(name = Engines.JOB_SET_SETTING, defaultValue = "false") boolean jobSet,
                    @ConfigProperty(name = Engines.KUEUE_SETTING, defaultValue = "false") boolean kueue,
                    @ConfigProperty(name = Engines.KSERVE_SETTING, defaultValue = "false") boolean kserve) {
        Engines engines = new Engines(trainJob, jobSet, kueue, kserve, java.util.Set.of()).servedOnly(kind -> served(client, kind));
        engines.unserved().forEach(kind -> LOG.warnf("%s %s is enabled but not served by the API server: not watched; "
                + "pipelines asking for it fail with BackendUnavailable until the operator restarts with it installed", kind.apiVersion(), kind.kind()));
        return engines;
    }

    private static boolean served(KubernetesClient client, EngineKind kind) {
        try {
            return client.supports(kind.apiVersion(), kind.kind());
        } catch (RuntimeException e) {
            // Not knowing is not "absent": the watch will say what is wrong.
            LOG.warnf("could not ask the API server whether it serves %s %s: %s", kind.apiVersion(), kind.kind(), e.getMessage());
            return true;
        }
    }

    /**
     * MODELGATE_NOTIFICATIONS_*, as the chart's operator.notifications sets them: the default webhook (a Secret of the
     * operator's namespace) and the retries. A setting that cannot be read stops the operator at start, saying why.
     */
    @Produces
    @Singleton
    io.modelgate.notify.NotificationDefaults notificationDefaults(
            @ConfigProperty(name = "modelgate.notifications.secret-name") Optional<String> secretName,
            @ConfigProperty(name = "modelgate.notifications.secret-key", defaultValue = "url") String secretKey,
            @ConfigProperty(name = "modelgate.notifications.events") Optional<String> events,
            @ConfigProperty(name = "modelgate.notifications.first-backoff", defaultValue = "1s") String first,
            @ConfigProperty(name = "modelgate.notifications.max-backoff", defaultValue = "30s") String max,
            @ConfigProperty(name = "modelgate.notifications.max-attempts", defaultValue = "5") int maxAttempts,
            @ConfigProperty(name = "modelgate.notifications.queue-capacity", defaultValue = "1000") int capacity,
            @ConfigProperty(name = "modelgate.notifications.namespace") Optional<String> operatorNamespace) {
        var defaults = io.modelgate.notify.NotificationDefaults.parse(operatorNamespace.orElse(null), secretName, secretKey, events.orElse(null),
                io.modelgate.notify.NotificationDefaults.backoff(first, max, maxAttempts), capacity);
        LOG.infof("notifications: %s", defaults.describe());
        return defaults;
    }

    @Produces
    @Singleton
    io.modelgate.pipeline.Notifier notifier(io.modelgate.notify.NotificationDefaults defaults, KubernetesClient client, Clock clock) {
        return new io.modelgate.pipeline.Notifier(defaults.backoff(), defaults.queueCapacity(), new io.modelgate.pipeline.SecretUrls(client),
                new io.modelgate.metrics.NotificationMetrics(CollectorRegistry.defaultRegistry), clock);
    }

    @Produces
    @ApplicationScoped
    EventRecorder events(Clock clock, OperatorMetrics metrics, WriteFence fence) {
        return new EventRecorder(clock, metrics, fence);
    }
}
