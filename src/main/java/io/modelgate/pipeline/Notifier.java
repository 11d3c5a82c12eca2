package io.modelgate.pipeline;

import io.modelgate.metrics.NotificationMetrics;
import io.modelgate.notify.Backoff;
import io.modelgate.notify.DeliveryState;
import io.modelgate.notify.Notice;
import io.modelgate.notify.NotificationPayload;
import io.modelgate.notify.WebhookTarget;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends notifications to webhooks off the reconcile thread: {@link #submit} only queues (bounded) and returns, a
 * small pool POSTs, retries with {@link Backoff} and gives up after its attempts. A notice is delivered once per
 * webhook however many passes find it (its key is remembered, bounded). What is in flight lives in memory only: an
 * operator restart loses queued retries (documented), and never sends an old event again, since only a pass that
 * changes a revision finds one.
 */
public class Notifier implements AutoCloseable {

    /** Reads a webhook's URL (a Secret's value) when it is sent to; never cached, never logged. */
    @FunctionalInterface
    public interface UrlSource {
        String url(WebhookTarget target);
    }

    /** Sends nothing: for reconcilers built without notifications (tests that need none). */
    public static final Notifier NONE = new Notifier() {
        @Override
        public void submit(List<Notice> notices, List<WebhookTarget> targets) {
        }
    };

    private static final Logger LOG = Logger.getLogger(Notifier.class);
    static final int REMEMBERED_KEYS = 10_000;

    private final Backoff backoff;
    private final int capacity;
    private final UrlSource urls;
    private final NotificationMetrics metrics;
    private final Clock clock;
    private final HttpClient http;
    private final ScheduledExecutorService pool;
    private final AtomicInteger queued = new AtomicInteger();
    private final Set<String> seen = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_KEYS;
        }
    }));
    private final Map<String, PipelineDeliveries> pipelines = new ConcurrentHashMap<>();

    private Notifier() {
        this.backoff = Backoff.DEFAULT;
        this.capacity = 0;
        this.urls = target -> {
            throw new IllegalStateException("no notifier");
        };
        this.metrics = null;
        this.clock = Clock.systemUTC();
        this.http = null;
        this.pool = null;
    }

    /** @param capacity deliveries queued or being retried at most; beyond, new ones are dropped and counted */
    public Notifier(Backoff backoff, int capacity, UrlSource urls, NotificationMetrics metrics, Clock clock) {
        this.backoff = backoff;
        this.capacity = capacity;
        this.urls = urls;
        this.metrics = metrics;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "modelgate-notifier");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.pool = executor;
    }

    /** Queues each notice for each webhook that wants its event, unless it was queued before; never waits. */
    public void submit(List<Notice> notices, List<WebhookTarget> targets) {
        for (Notice notice : notices) {
            for (WebhookTarget target : targets) {
                if (!target.wants(notice) || !seen.add(target.deliveryKey(notice))) {
                    continue;
                }
                PipelineDeliveries deliveries = deliveries(notice);
                if (queued.incrementAndGet() > capacity) {
                    queued.decrementAndGet();
                    metrics.ended(notice.namespace(), notice.pipeline(), target.name(), notice.event().name(), "Dropped");
                    deliveries.ended(Optional.of("webhook " + target.name() + ": " + notice.event() + " of " + notice.revision()
                            + " dropped: " + capacity + " notifications already wait"), false);
                    continue;
                }
                deliveries.pending.incrementAndGet();
                pool.execute(() -> attempt(notice, target, 1));
            }
        }
    }

    /** How the pipeline's ({@code namespace/name}) notifications went, for its condition. */
    public DeliveryState state(String pipelineKey) {
        PipelineDeliveries deliveries = pipelines.get(pipelineKey);
        return deliveries == null ? DeliveryState.NONE : deliveries.state();
    }

    /** Deliveries of the pipeline not yet ended: its next pass comes soon to show how they end. */
    public boolean busy(String pipelineKey) {
        PipelineDeliveries deliveries = pipelines.get(pipelineKey);
        return deliveries != null && deliveries.pending.get() > 0;
    }

    private PipelineDeliveries deliveries(Notice notice) {
        return pipelines.computeIfAbsent(notice.namespace() + "/" + notice.pipeline(), key -> new PipelineDeliveries());
    }

    private void attempt(Notice notice, WebhookTarget target, int attempt) {
        // Sender threads inherit the MDC of the reconcile that made them: each line must name its own pipeline.
        org.jboss.logging.MDC.clear();
        org.jboss.logging.MDC.put("resource.kind", "ModelPipeline");
        org.jboss.logging.MDC.put("resource.namespace", notice.namespace());
        org.jboss.logging.MDC.put("resource.name", notice.pipeline());
        PipelineDeliveries deliveries = deliveries(notice);
        String problem = send(notice, target);
        if (problem == null) {
            queued.decrementAndGet();
            deliveries.pending.decrementAndGet();
            metrics.ended(notice.namespace(), notice.pipeline(), target.name(), notice.event().name(), "Delivered");
            double seconds = Math.max(0, Duration.between(notice.at(), clock.instant()).toNanos() / 1e9);
            metrics.delivered(seconds);
            deliveries.ended(Optional.empty(), attempt > 1);
            LOG.infof("pipeline %s/%s revision %s: notification %s (%s) delivered on attempt %d, %.3f s after the event",
                    notice.namespace(), notice.pipeline(), notice.revision(), target.name(), notice.event(), attempt, seconds);
            return;
        }
        metrics.failedAttempt(notice.namespace(), notice.pipeline(), target.name());
        String what = "webhook " + target.name() + ": " + notice.event() + " of " + notice.revision();
        Optional<Duration> wait = backoff.after(attempt);
        if (wait.isPresent()) {
            deliveries.failedAttempt(what + " failed on attempt " + attempt + " (" + problem + "), retried in " + wait.get().toMillis() + " ms",
                    attempt == 1);
            LOG.warnf("pipeline %s/%s: %s failed on attempt %d: %s; next attempt in %d ms", notice.namespace(), notice.pipeline(), what,
                    attempt, problem, wait.get().toMillis());
            pool.schedule(() -> attempt(notice, target, attempt + 1), wait.get().toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        queued.decrementAndGet();
        deliveries.pending.decrementAndGet();
        metrics.ended(notice.namespace(), notice.pipeline(), target.name(), notice.event().name(), "Failed");
        deliveries.ended(Optional.of(what + " not delivered after " + attempt + " attempts: " + problem), attempt > 1);
        LOG.warnf("pipeline %s/%s: %s not delivered after %d attempts: %s", notice.namespace(), notice.pipeline(), what, attempt, problem);
    }

    /** @return null when the webhook took it, else what went wrong, in words that never contain the URL */
    private String send(Notice notice, WebhookTarget target) {
        String url;
        try {
            url = urls.url(target);
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        try {
            URI uri = URI.create(url.trim());
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                return "the URL in Secret " + target.secretName() + " (key " + target.secretKey() + ") is not http(s)";
            }
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(target.timeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "modelgate-operator")
                    .POST(HttpRequest.BodyPublishers.ofString(NotificationPayload.body(notice, target.name())))
                    .build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2 ? null : "HTTP " + response.statusCode();
        } catch (IllegalArgumentException e) {
            return "the URL in Secret " + target.secretName() + " (key " + target.secretKey() + ") is not a URL";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (java.io.IOException e) {
            // The JDK's messages name the host at most, never the path or query where a webhook's token sits.
            String message = e.getMessage() == null ? "" : ": " + e.getMessage().replace(url, "<url>");
            return e.getClass().getSimpleName() + message;
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** One pipeline's deliveries: how many are not ended, and what the last failure was. */
    private static final class PipelineDeliveries {
        final AtomicInteger pending = new AtomicInteger();
        final AtomicInteger retrying = new AtomicInteger();
        final AtomicInteger delivered = new AtomicInteger();
        private volatile Optional<String> failing = Optional.empty();

        synchronized void failedAttempt(String problem, boolean first) {
            failing = Optional.of(problem);
            if (first) {
                retrying.incrementAndGet();
            }
        }

        synchronized void ended(Optional<String> problem, boolean wasRetrying) {
            if (wasRetrying) {
                retrying.decrementAndGet();
            }
            if (problem.isEmpty()) {
                delivered.incrementAndGet();
            }
            failing = problem;
        }

        synchronized DeliveryState state() {
            return new DeliveryState(failing, retrying.get(), delivered.get());
        }
    }
}
