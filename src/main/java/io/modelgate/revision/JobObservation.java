package io.modelgate.revision;

import io.modelgate.status.Reason;

/** What the cluster says about one of a revision's Jobs. */
public sealed interface JobObservation {

    Absent ABSENT = new Absent();
    Running RUNNING = new Running();

    record Absent() implements JobObservation {
    }

    record Running() implements JobObservation {
    }

    /** @param terminationMessage the first container's termination message, or null when no pod is left to tell it */
    record Succeeded(String terminationMessage) implements JobObservation {
    }

    /** The reason a refusal of the Job's pods by the namespace's Pod Security admission is reported under. */
    String POD_SECURITY_REFUSED = "PodSecurityRefused";

    record Failed(String reason, String message) implements JobObservation {
    }

    /**
     * The Job exists but cannot make its pods yet (a ResourceQuota refused them, a queue has not admitted it): it
     * will run once that changes, so the revision waits, saying why.
     */
    record Held(Reason reason, String message) implements JobObservation {
    }
}
