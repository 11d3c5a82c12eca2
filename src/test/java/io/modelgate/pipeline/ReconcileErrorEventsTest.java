package io.modelgate.pipeline;

import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A run of retried reconcile errors posts two Events (its first failure and its last attempt), not one per retry. */
class ReconcileErrorEventsTest {

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
        assertThat(ModelPipelineReconciler.announcesError(Optional.empty())).as("the first failure").isTrue();
        assertThat(ModelPipelineReconciler.announcesError(attempt(0, false))).isTrue();
        long announced = IntStream.rangeClosed(1, 20)
                .filter(n -> ModelPipelineReconciler.announcesError(attempt(n, n == 20))).count();
        assertThat(announced).as("of 20 retries, only the last").isEqualTo(1);
    }
}
