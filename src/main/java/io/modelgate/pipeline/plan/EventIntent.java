package io.modelgate.pipeline.plan;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.modelgate.status.Reason;

/**
 * An Event to record about {@code about}. Repeats of the same one (same object, type, reason and message) are one
 * Event whose count grows, as Kubernetes Event series are.
 */
public record EventIntent(HasMetadata about, boolean warning, Reason reason, String message, String ifCreated) {

    public EventIntent(HasMetadata about, boolean warning, Reason reason, String message) {
        this(about, warning, reason, message, null);
    }

    /** The same Event, recorded only if the create under {@code intentKey} made the object (not if it was there). */
    public EventIntent onlyIfCreated(String intentKey) {
        return new EventIntent(about, warning, reason, message, intentKey);
    }

    public static EventIntent normal(HasMetadata about, Reason reason, String message) {
        return new EventIntent(about, false, reason, message);
    }

    public static EventIntent warning(HasMetadata about, Reason reason, String message) {
        return new EventIntent(about, true, reason, message);
    }

    public String type() {
        return warning ? "Warning" : "Normal";
    }
}
