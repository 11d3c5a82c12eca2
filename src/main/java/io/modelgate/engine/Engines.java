package io.modelgate.training;

import io.modelgate.api.TrainingSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The training engines this operator may use, as the chart enables them ({@code backends.trainJob},
 * {@code backends.jobSet}, {@code backends.kueue}): each grants the RBAC on that engine's kinds and starts the watch
 * of them. A pipeline asking for an engine that is not enabled is told so; nothing of it is created or watched.
 *
 * @param unserved enabled kinds the API server did not serve when the operator started (the engine is not
 *                 installed): not watched, since a watch on a kind that is not served would stop the operator from
 *                 starting; a pipeline asking for one is told to install the engine
 */
public record TrainingEngines(boolean trainJob, boolean jobSet, boolean kueue, Set<EngineKind> unserved) {

    public static final TrainingEngines JOB_ONLY = new TrainingEngines(false, false, false);
    public static final TrainingEngines ALL = new TrainingEngines(true, true, true);

    public static final String TRAIN_JOB_SETTING = "modelgate.backends.train-job";
    public static final String JOB_SET_SETTING = "modelgate.backends.job-set";
    public static final String KUEUE_SETTING = "modelgate.backends.kueue";

    public TrainingEngines {
        unserved = Set.copyOf(unserved);
    }

    public TrainingEngines(boolean trainJob, boolean jobSet, boolean kueue) {
        this(trainJob, jobSet, kueue, Set.of());
    }

    /** These engines, knowing which of their kinds the API server serves. */
    public TrainingEngines servedOnly(java.util.function.Predicate<EngineKind> served) {
        Set<EngineKind> missing = new java.util.HashSet<>();
        for (EngineKind kind : enabledKinds()) {
            if (!served.test(kind)) {
                missing.add(kind);
            }
        }
        return new TrainingEngines(trainJob, jobSet, kueue, missing);
    }

    public boolean enabled(TrainingSpec.Backend backend) {
        return switch (backend) {
            case Job -> true;
            case TrainJob -> trainJob && !unserved.contains(EngineKind.TRAIN_JOB);
            case JobSet -> jobSet && !unserved.contains(EngineKind.JOB_SET);
        };
    }

    /** Why a backend cannot be used here, in words a pipeline's author (or the cluster's admin) can act on. */
    public String notEnabled(TrainingSpec.Backend backend) {
        EngineKind kind = backend == TrainingSpec.Backend.TrainJob ? EngineKind.TRAIN_JOB : EngineKind.JOB_SET;
        if (unserved.contains(kind)) {
            return "training.backend " + backend + ": the API server does not serve " + kind.apiVersion() + " " + kind.kind()
                    + " (is " + (kind == EngineKind.TRAIN_JOB ? "Kubeflow Trainer" : "JobSet")
                    + " installed? the operator looks when it starts: restart it once the CRDs are installed)";
        }
        String value = backend == TrainingSpec.Backend.TrainJob ? "backends.trainJob" : "backends.jobSet";
        return "training.backend " + backend + " is not enabled in this operator (chart value " + value
                + ": true, which also grants the operator its RBAC on " + backend + "s)";
    }

    /** The kinds to watch: the enabled and served engines', and Kueue's Workloads when queues are enabled. */
    public List<EngineKind> watched() {
        List<EngineKind> kinds = enabledKinds();
        kinds.removeAll(unserved);
        return kinds;
    }

    /** Whether Kueue's Workloads are watched, to say why a queued stage waits. */
    public boolean queuesWatched() {
        return kueue && !unserved.contains(EngineKind.WORKLOAD);
    }

    private List<EngineKind> enabledKinds() {
        List<EngineKind> kinds = new ArrayList<>();
        if (trainJob) {
            kinds.add(EngineKind.TRAIN_JOB);
        }
        if (jobSet) {
            kinds.add(EngineKind.JOB_SET);
        }
        if (kueue) {
            kinds.add(EngineKind.WORKLOAD);
        }
        return kinds;
    }
}
