package io.modelgate.pipeline;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Why the Job controller could not create a Job's pods. The Job itself does not say: it keeps {@code active: 0} and
 * no condition while the API server refuses its pods (Pod Security admission of the namespace, a ResourceQuota);
 * only the controller's {@code FailedCreate} Events on the Job tell it. The operator watches just those Events.
 */
final class JobPodRefusals {

    static final String FAILED_CREATE = "FailedCreate";

    /** The Events the operator watches: the Job controller's FailedCreate on Jobs, and no other. */
    static final FieldSelector WATCHED = new FieldSelector(
            new FieldSelector.Field("involvedObject.kind", "Job"), new FieldSelector.Field("reason", FAILED_CREATE));

    private JobPodRefusals() {
    }

    /** Per Job name, the message of its newest FailedCreate Event (a Job of the same name before it does not count). */
    static Map<String, String> of(Collection<Job> jobs, Collection<Event> events) {
        Map<String, Job> byUid = jobs.stream().filter(j -> j.getMetadata().getUid() != null)
                .collect(Collectors.toMap(j -> j.getMetadata().getUid(), Function.identity(), (a, b) -> a));
        Map<String, Event> newest = new HashMap<>();
        for (Event event : events) {
            if (!FAILED_CREATE.equals(event.getReason()) || event.getInvolvedObject() == null || event.getMessage() == null) {
                continue;
            }
            Job job = byUid.get(event.getInvolvedObject().getUid());
            if (job == null || !Objects.equals(job.getMetadata().getName(), event.getInvolvedObject().getName())) {
                continue;
            }
            newest.merge(job.getMetadata().getName(), event, (a, b) -> LAST_SEEN.compare(a, b) >= 0 ? a : b);
        }
        return newest.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getMessage()));
    }

    /** The core/v1 Event's last sighting: lastTimestamp, else eventTime, else when it was first stored (RFC 3339 sorts as text). */
    private static final Comparator<Event> LAST_SEEN = Comparator.comparing(JobPodRefusals::lastSeen);

    private static String lastSeen(Event event) {
        return Optional.ofNullable(event.getLastTimestamp())
                .or(() -> Optional.ofNullable(event.getEventTime()).map(t -> t.getTime()))
                .or(() -> Optional.ofNullable(event.getMetadata().getCreationTimestamp()))
                .orElse("");
    }
}
