package io.modelgate.registry;

import io.modelgate.api.GateVerdict;
import io.modelgate.api.ModelRevision;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tags of a revision's model version: who made it and from what (pipeline, revision, content hash, trigger),
 * and what it was judged on (every metric and every gate verdict), so that the registry alone tells why a version exists.
 */
public final class RegistryTags {

    public static final String PIPELINE = "modelgate.pipeline";
    public static final String REVISION = "modelgate.revision";
    public static final String REVISION_UID = "modelgate.revision-uid";
    public static final String CONTENT_HASH = "modelgate.content-hash";
    public static final String TRIGGER = "modelgate.trigger";
    public static final String OUTCOME = "modelgate.outcome";
    public static final String DATA_REF = "modelgate.data-ref";
    public static final String DATA_VERSION = "modelgate.data-version";
    public static final String ARTIFACT_DIGEST = "modelgate.artifact-digest";
    public static final String RERUN_OF = "modelgate.rerun-of";
    /** MLflow's limit of a model version tag's value. */
    static final int MAX_VALUE = 5000;

    private RegistryTags() {
    }

    public static Map<String, String> of(ModelRevision revision) {
        Map<String, String> tags = new TreeMap<>();
        var spec = revision.getSpec();
        var status = revision.getStatus();
        tags.put(PIPELINE, revision.getMetadata().getNamespace() + "/" + spec.getPipeline());
        tags.put(REVISION, revision.getMetadata().getName());
        tags.put(REVISION_UID, revision.getMetadata().getUid());
        tags.put(CONTENT_HASH, spec.getContentHash());
        tags.put(TRIGGER, String.valueOf(spec.getTrigger()));
        putIfPresent(tags, DATA_REF, spec.getSource() == null ? null : spec.getSource().getDataRef());
        putIfPresent(tags, DATA_VERSION, status.getDataVersion());
        putIfPresent(tags, ARTIFACT_DIGEST, status.getArtifactDigest());
        putIfPresent(tags, RERUN_OF, spec.getRerunOf());
        metrics(tags, "metric.", status.getMetrics());
        metrics(tags, "validation.", status.getValidationMetrics());
        metrics(tags, "training.", status.getTrainingMetrics());
        for (GateVerdict gate : status.getGates() == null ? java.util.List.<GateVerdict>of() : status.getGates()) {
            // Two gates on one metric (a bound and mustBeat) are one tag: both verdicts, in the order of the spec.
            tags.merge("gate." + gate.getStage() + "." + gate.getMetric(), verdict(gate), (a, b) -> a + "; " + b);
        }
        tags.replaceAll((key, value) -> value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE - 3) + "..." : value);
        return tags;
    }

    private static void putIfPresent(Map<String, String> tags, String key, String value) {
        if (value != null && !value.isEmpty()) {
            tags.put(key, value);
        }
    }

    private static void metrics(Map<String, String> tags, String prefix, Map<String, Double> metrics) {
        if (metrics != null) {
            metrics.forEach((name, value) -> tags.put(prefix + name, number(value)));
        }
    }

    private static String verdict(GateVerdict gate) {
        StringBuilder text = new StringBuilder(gate.getResult() == null ? "Unknown" : gate.getResult().name());
        if (gate.getObserved() != null) {
            text.append(' ').append(number(gate.getObserved()));
        }
        if (gate.getBound() != null) {
            text.append(" (").append(gate.getBound()).append(')');
        }
        return text.toString();
    }

    static String number(Double value) {
        if (value == null) {
            return "";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%d", value.longValue());
        }
        return Double.toString(value);
    }
}
