package io.modelgate.revision;

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

    record Failed(String reason, String message) implements JobObservation {
    }
}
