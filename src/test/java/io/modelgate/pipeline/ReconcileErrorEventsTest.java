package io.modelgate.pipeline;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A run of retried reconcile errors posts two Events (its first failure and its last attempt), not one per retry. */
class ReconcileErrorEventsTest {

    static final Exception FAILED = new IllegalStateException("a write was forbidden");

    /** What JOSDK's status patch throws when the pipeline changed after the cache's copy was read. */
    static final Exception CONFLICT = new RuntimeException("reconcile failed", new KubernetesClientException(
            "the object has been modified; please apply your changes to the latest version and try again", 409, null));

    static Optional<RetryInfo> attempt(int count, boolean last) {
        return Optional.of(new RetryInfo() {
            @Override
            public int getAttemptCount() {
                return count;
            }

            @Override
            public boolean isLastAttempt() {
                return last;
            }
        });
    }

    @Test
    void theFirstFailureAndTheLastAttemptAreAnnouncedTheRetriesBetweenAreNot() {
        assertThat(ModelPipelineReconciler.announcesError(Optional.empty(), FAILED)).as("the first failure").isTrue();
        assertThat(ModelPipelineReconciler.announcesError(attempt(0, false), FAILED)).isTrue();
        long announced = IntStream.rangeClosed(1, 20)
                .filter(n -> ModelPipelineReconciler.announcesError(attempt(n, n == 20), FAILED)).count();
        assertThat(announced).as("of 20 retries, only the last").isEqualTo(1);
    }

    @Test
    void aConflictIsRetriedSilentlyUntilItsLastAttempt() {
        assertThat(ModelPipelineReconciler.announcesError(Optional.empty(), CONFLICT)).as("a first conflict").isFalse();
        assertThat(ModelPipelineReconciler.announcesError(attempt(3, false), CONFLICT)).isFalse();
        assertThat(ModelPipelineReconciler.announcesError(attempt(20, true), CONFLICT)).as("conflicts until the last attempt").isTrue();
        assertThat(ModelPipelineReconciler.isConflict(new KubernetesClientException("gone", 404, null))).isFalse();
        assertThat(ModelPipelineReconciler.isConflict(FAILED)).isFalse();
    }
}
