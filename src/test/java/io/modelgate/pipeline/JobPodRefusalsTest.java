package io.modelgate.pipeline;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JobPodRefusalsTest {

    static final Job TRAIN = job("fraud-r2-train", "uid-2");

    @Test
    void theNewestFailedCreateOfTheJobItselfCounts() {
        List<Event> events = List.of(
                event("fraud-r2-train", "uid-2", "FailedCreate", "2026-11-01T10:00:05Z", "exceeded quota: q"),
                event("fraud-r2-train", "uid-2", "FailedCreate", "2026-11-01T10:00:45Z", "violates PodSecurity \"restricted:latest\""),
                event("fraud-r2-train", "uid-1", "FailedCreate", "2026-11-01T11:00:00Z", "a Job of that name before this one"),
                event("fraud-r2-train", "uid-2", "SuccessfulCreate", "2026-11-01T12:00:00Z", "Created pod: fraud-r2-train-x"),
                event("other-r1-train", "uid-9", "FailedCreate", "2026-11-01T12:00:00Z", "not one of this pipeline's Jobs"));

        assertThat(JobPodRefusals.of(List.of(TRAIN), events)).isEqualTo(Map.of("fraud-r2-train", "violates PodSecurity \"restricted:latest\""));
    }

    @Test
    void noEventNoRefusal() {
        assertThat(JobPodRefusals.of(List.of(TRAIN), List.of())).isEmpty();
    }

    @Test
    void theWatchIsOfFailedCreateOnJobsOnly() {
        assertThat(JobPodRefusals.WATCHED.getFields()).extracting(f -> f.path() + "=" + f.value())
                .containsExactly("involvedObject.kind=Job", "reason=FailedCreate");
    }

    static Job job(String name, String uid) {
        return new JobBuilder().withNewMetadata().withName(name).withNamespace("ml").withUid(uid).endMetadata().build();
    }

    static Event event(String job, String uid, String reason, String last, String message) {
        return new EventBuilder().withNewMetadata().withName(job + "." + last).withNamespace("ml").endMetadata()
                .withNewInvolvedObject().withKind("Job").withName(job).withNamespace("ml").withUid(uid).endInvolvedObject()
                .withReason(reason).withLastTimestamp(last).withMessage(message).build();
    }
}
