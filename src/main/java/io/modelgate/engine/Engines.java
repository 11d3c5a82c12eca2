package io.modelgate.engine;

import io.modelgate.api.ServingSpec;
import io.modelgate.api.TrainingSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The platforms this operator may use, as the chart enables them ({@code backends.trainJob}, {@code backends.jobSet},
 * {@code backends.kueue}, {@code backends.kserve}): each grants the RBAC on that platform's kinds and starts the watch
 * of them. A pipeline asking for a platform that is not enabled is told so; nothing of it is created or watched.
 *
 * @param unserved enabled kinds the API server did not serve when the operator started (the platform is not
 *                 installed): not watched, since a watch on a kind that is not served would stop the operator from
 *                 starting; a pipeline asking for one is told to install the platform
 */
public record Engines(boolean trainJob, boolean jobSet, boolean kueue, boolean kserve, Set<EngineKind> unserved) {

    public static final Engines JOB_ONLY = new Engines(false, false, false, false, Set.of());
    public static final Engines ALL = new Engines(true, true, true, true, Set.of());

    public static final String TRAIN_JOB_SETTING = "modelgate.backends.train-job";
    public static final String JOB_SET_SETTING = "modelgate.backends.job-set";
    public static final String KUEUE_SETTING = "modelgate.backends.kueue";
    public static final String KSERVE_SETTING = "modelgate.backends.kserve";

    public Engines {
        unserved = Set.copyOf(unserved);
    }

    /** The training engines only, KServe off. */
    public Engines(boolean trainJob, boolean jobSet, boolean kueue) {
        this(trainJob, jobSet, kueue, false, Set.of());
    }

    /** These platforms, knowing which of their kinds the API server serves. */
    public Engines servedOnly(Predicate<EngineKind> served) {
        Set<EngineKind> missing = new HashSet<>();
        for (EngineKind kind : enabledKinds()) {
            if (!served.test(kind)) {
                missing.add(kind);
            }
        }
        return new Engines(trainJob, jobSet, kueue, kserve, missing);
    }

    public boolean enabled(TrainingSpec.Backend backend) {
        return switch (backend) {
            case Job -> true;
            case TrainJob -> trainJob && !unserved.contains(EngineKind.TRAIN_JOB);
            case JobSet -> jobSet && !unserved.contains(EngineKind.JOB_SET);
        };
    }

    public boolean enabled(ServingSpec.Backend backend) {
        return switch (backend) {
            case Deployment -> true;
            case InferenceService -> kserve && !unserved.contains(EngineKind.INFERENCE_SERVICE);
        };
    }

    /** Why a training backend cannot be used here, in words a pipeline's author (or the cluster's admin) can act on. */
    public String notEnabled(TrainingSpec.Backend backend) {
        EngineKind kind = backend == TrainingSpec.Backend.TrainJob ? EngineKind.TRAIN_JOB : EngineKind.JOB_SET;
        String platform = kind == EngineKind.TRAIN_JOB ? "Kubeflow Trainer" : "JobSet";
        String value = backend == TrainingSpec.Backend.TrainJob ? "backends.trainJob" : "backends.jobSet";
        return notEnabled("training.backend " + backend, kind, platform, value);
    }

    /** Why a serving backend cannot be used here. */
    public String notEnabled(ServingSpec.Backend backend) {
        return notEnabled("serving.backend " + backend, EngineKind.INFERENCE_SERVICE, "KServe", "backends.kserve");
    }

    private String notEnabled(String field, EngineKind kind, String platform, String chartValue) {
        if (unserved.contains(kind)) {
            return field + ": the API server does not serve " + kind.apiVersion() + " " + kind.kind()
                    + " (is " + platform + " installed? the operator looks when it starts: restart it once the CRDs are installed)";
        }
        return field + " is not enabled in this operator (chart value " + chartValue
                + ": true, which also grants the operator its RBAC on " + kind.kind() + "s)";
    }

    /** The kinds to watch: the enabled and served platforms', and Kueue's Workloads when queues are enabled. */
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
        if (kserve) {
            kinds.add(EngineKind.INFERENCE_SERVICE);
        }
        return kinds;
    }
}
