package io.modelgate.pipeline;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.modelgate.metrics.OperatorMetrics;
import io.modelgate.status.Conditions;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

/** Emits core/v1 Events, the way {@code kubectl describe} shows them. Never fails a reconcile. */
public class EventRecorder {

    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";
    private static final String COMPONENT = "modelgate";
    private static final int MAX_MESSAGE = 1024;
    private static final Logger LOG = Logger.getLogger(EventRecorder.class);

    private final Clock clock;
    private final OperatorMetrics metrics;

    public EventRecorder(Clock clock, OperatorMetrics metrics) {
        this.clock = clock;
        this.metrics = metrics;
    }

    public void record(KubernetesClient client, HasMetadata object, String type, String reason, String message) {
        String text = message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 3) + "...";
        LOG.infof("%s %s/%s %s: %s", object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName(), reason, text);
        metrics.event(type, reason);
        String now = Conditions.timestamp(clock.instant());
        Event event = new Event();
        ObjectMeta metadata = new ObjectMeta();
        metadata.setName(object.getMetadata().getName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
        metadata.setNamespace(object.getMetadata().getNamespace());
        event.setMetadata(metadata);
        ObjectReference involved = new ObjectReference();
        involved.setApiVersion(object.getApiVersion());
        involved.setKind(object.getKind());
        involved.setName(object.getMetadata().getName());
        involved.setNamespace(object.getMetadata().getNamespace());
        involved.setUid(object.getMetadata().getUid());
        event.setInvolvedObject(involved);
        event.setType(type);
        event.setReason(reason);
        event.setMessage(text);
        event.setFirstTimestamp(now);
        event.setLastTimestamp(now);
        event.setCount(1);
        event.setSource(new EventSource(COMPONENT, null));
        event.setReportingComponent(COMPONENT);
        event.setReportingInstance(COMPONENT);
        try {
            client.v1().events().inNamespace(metadata.getNamespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.warnf("could not record event %s on %s: %s", reason, object.getMetadata().getName(), e.getMessage());
        }
    }
}
