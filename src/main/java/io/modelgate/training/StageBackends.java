package io.modelgate.training;

import io.modelgate.api.TrainingSpec;
import io.modelgate.revision.JobStage;

/** The backend a revision's stage runs on: training as {@code spec.training.backend} says, the other stages as Jobs. */
public final class StageBackends {

    private static final StageBackend JOB = new JobStageBackend();
    private static final StageBackend TRAIN_JOB = new TrainJobStageBackend();
    private static final StageBackend JOB_SET = new JobSetStageBackend();

    private StageBackends() {
    }

    public static StageBackend of(TrainingSpec training, JobStage stage) {
        if (stage != JobStage.Training) {
            return JOB;
        }
        TrainingSpec.Backend backend = training == null ? null : training.getBackend();
        return switch (backend == null ? TrainingSpec.Backend.Job : backend) {
            case Job -> JOB;
            case TrainJob -> TRAIN_JOB;
            case JobSet -> JOB_SET;
        };
    }
}
