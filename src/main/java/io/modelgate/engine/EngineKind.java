package io.modelgate.engine;

/** A kind a platform's backend creates or reads that the operator has no Java type for: watched as generic objects. */
public record EngineKind(String group, String version, String kind) {

    public static final EngineKind TRAIN_JOB = new EngineKind("trainer.kubeflow.org", "v1alpha1", "TrainJob");
    public static final EngineKind JOB_SET = new EngineKind("jobset.x-k8s.io", "v1alpha2", "JobSet");
    /** Kueue's Workload of a queued object (owned by it): why it waits. */
    public static final EngineKind WORKLOAD = new EngineKind("kueue.x-k8s.io", "v1beta2", "Workload");
    /** KServe's InferenceService, one per revision served on KServe. */
    public static final EngineKind INFERENCE_SERVICE = new EngineKind("serving.kserve.io", "v1beta1", "InferenceService");

    public String apiVersion() {
        return group + "/" + version;
    }
}
