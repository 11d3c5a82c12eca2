package io.modelgate.pipeline.apply;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.modelgate.metrics.OperatorMetrics;
import io.modelgate.pipeline.plan.EventIntent;
import io.modelgate.status.Conditions;
import io.modelgate.status.Reason;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records core/v1 Events, the way {@code kubectl describe} shows them. An Event's name is derived from what it says
 * (object, type, reason, message), so a repeat, in this process or after a restart or a change of leader, is the
 * same Event with a growing {@code count}, as Kubernetes Event series are. Never fails a reconcile.
 */
public class EventRecorder {

    private static final String COMPONENT = "modelgate";
    private static final int MAX_MESSAGE = 1024;
    private static final int REMEMBERED = 10_000;
    private static final Logger LOG = Logger.getLogger(EventRecorder.class);

    private final Clock clock;
    private final OperatorMetrics metrics;
    private final WriteFence fence;
    /** The count each recent Event has reached, by namespace/name; a forgotten one is read back from the server. */
    private final Map<String, Integer> counts = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > REMEMBERED;
        }
    };

    public EventRecorder(Clock clock, OperatorMetrics metrics) {
        this(clock, metrics, WriteFence.NONE);
    }

    /** @param fence asked before every Event is written (see {@link WriteFence}) */
    public EventRecorder(Clock clock, OperatorMetrics metrics, WriteFence fence) {
        this.clock = clock;
        this.metrics = metrics;
        this.fence = fence;
    }

    public void record(KubernetesClient client, EventIntent event) {
        record(client, event.about(), event.type(), event.reason(), event.message());
    }

    public void record(KubernetesClient client, HasMetadata about, String type, Reason reason, String message) {
        String text = message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 3) + "...";
        String namespace = about.getMetadata().getNamespace();
        String name = name(about, type, reason, message);
        fence.check("Event " + reason + " on " + about.getMetadata().getName());
        LOG.infof("%s %s/%s %s: %s", about.getKind(), namespace, about.getMetadata().getName(), reason, text);
        metrics.event(type, reason.name());
        String now = Conditions.timestamp(clock.instant());
        try {
            Integer known = remembered(namespace + "/" + name);
            if (known != null && bump(client, namespace, name, known + 1, now)) {
                return;
            }
            try {
                client.v1().events().inNamespace(namespace).resource(event(about, name, type, reason, text, now)).create();
                remember(namespace + "/" + name, 1);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                Event existing = client.v1().events().inNamespace(namespace).withName(name).get();
                int count = existing == null || existing.getCount() == null ? 1 : existing.getCount();
                bump(client, namespace, name, count + 1, now);
            }
        } catch (KubernetesClientException e) {
            LOG.warnf("could not record event %s on %s: %s", reason, about.getMetadata().getName(), e.getMessage());
        }
    }

    /** Deterministic: the same object, type, reason and message give the same name, whatever process records it. */
    static String name(HasMetadata about, String type, Reason reason, String message) {
        String identity = about.getKind() + "\n" + about.getMetadata().getName() + "\n" + about.getMetadata().getUid() + "\n"
                + type + "\n" + reason + "\n" + message;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return about.getMetadata().getName() + "." + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** @return false when the Event is gone (Events expire), so it is created anew */
    private boolean bump(KubernetesClient client, String namespace, String name, int count, String now) {
        try {
            client.v1().events().inNamespace(namespace).withName(name)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"count\":" + count + ",\"lastTimestamp\":\"" + now + "\"}");
            remember(namespace + "/" + name, count);
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                forget(namespace + "/" + name);
                return false;
            }
            throw e;
        }
    }

    private Event event(HasMetadata about, String name, String type, Reason reason, String text, String now) {
        Event event = new Event();
        ObjectMeta metadata = new ObjectMeta();
        metadata.setName(name);
        metadata.setNamespace(about.getMetadata().getNamespace());
        event.setMetadata(metadata);
        ObjectReference involved = new ObjectReference();
        involved.setApiVersion(about.getApiVersion());
        involved.setKind(about.getKind());
        involved.setName(about.getMetadata().getName());
        involved.setNamespace(about.getMetadata().getNamespace());
        involved.setUid(about.getMetadata().getUid());
        event.setInvolvedObject(involved);
        event.setType(type);
        event.setReason(reason.name());
        event.setMessage(text);
        event.setFirstTimestamp(now);
        event.setLastTimestamp(now);
        event.setCount(1);
        event.setSource(new EventSource(COMPONENT, null));
        event.setReportingComponent(COMPONENT);
        event.setReportingInstance(COMPONENT);
        return event;
    }

    private synchronized Integer remembered(String key) {
        return counts.get(key);
    }

    private synchronized void remember(String key, int count) {
        counts.put(key, count);
    }

    private synchronized void forget(String key) {
        counts.remove(key);
    }
}
