package io.modelgate.training;

/** A kind an engine's backend creates or reads that the operator has no Java type for: watched as generic objects. */
public record EngineKind(String group, String version, String kind) {

    public static final EngineKind TRAIN_JOB = new EngineKind("trainer.kubeflow.org", "v1alpha1", "TrainJob");
    public static final EngineKind JOB_SET = new EngineKind("jobset.x-k8s.io", "v1alpha2", "JobSet");
    /** Kueue's Workload of a queued object (owned by it): why it waits. */
    public static final EngineKind WORKLOAD = new EngineKind("kueue.x-k8s.io", "v1beta2", "Workload");

    public String apiVersion() {
        return group + "/" + version;
    }
}
