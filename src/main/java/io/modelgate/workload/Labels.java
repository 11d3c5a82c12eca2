package io.modelgate.workload;

import java.util.LinkedHashMap;
import java.util.Map;

/** Labels and annotations Modelgate reads and writes. */
public final class Labels {

    public static final String PIPELINE = "modelgate.io/pipeline";
    public static final String REVISION = "modelgate.io/revision";
    public static final String ROLE = "modelgate.io/role";
    /** Annotation on a pipeline: promote, abort, retry, retrain or rerun:REVISION. Consumed by the operator. */
    public static final String ACTION = "modelgate.io/action";
    public static final String ACTION_RETRAIN = "retrain";
    public static final String ACTION_PROMOTE = "promote";
    public static final String ACTION_ABORT = "abort";
    public static final String ACTION_RETRY = "retry";
    /** {@code rerun:<revision>}: that revision's frozen spec again, on the data version it recorded. */
    public static final String ACTION_RERUN_PREFIX = "rerun:";

    public static final String NAME = "app.kubernetes.io/name";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String PART_OF = "app.kubernetes.io/part-of";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "modelgate";

    public static final String ROLE_SERVING = "serving";
    public static final String ROLE_ANALYSIS = "analysis";
    /** On analysis Jobs and their pods: the Job's name, so a measurement finds its pod. */
    public static final String ANALYSIS_JOB = "modelgate.io/analysis-job";
    /** Kueue queues what carries this label, and only that (its manageJobsWithoutQueueName is off by default). */
    public static final String KUEUE_QUEUE = "kueue.x-k8s.io/queue-name";

    private Labels() {
    }

    /** Labels of everything a revision owns; {@code role} is validation, training, evaluation or serving. */
    public static Map<String, String> forRevision(String model, String pipeline, String revision, String role) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME, model);
        labels.put(INSTANCE, revision);
        labels.put(COMPONENT, role);
        labels.put(PART_OF, pipeline);
        labels.put(MANAGED_BY, MANAGER);
        labels.put(PIPELINE, pipeline);
        labels.put(REVISION, revision);
        labels.put(ROLE, role);
        return labels;
    }

    public static Map<String, String> forPipeline(String model, String pipeline) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME, model);
        labels.put(PART_OF, pipeline);
        labels.put(MANAGED_BY, MANAGER);
        labels.put(PIPELINE, pipeline);
        return labels;
    }

    /** The Kueue label of a stage's object when the stage names a queue. */
    public static java.util.Optional<Map<String, String>> queue(String queueName) {
        return queueName == null || queueName.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(Map.of(KUEUE_QUEUE, queueName));
    }
}
