package io.modelgate.revision;

/** What the cluster says about a revision's serving Deployment. */
public sealed interface ServingObservation {

    Absent ABSENT = new Absent();
    Available AVAILABLE = new Available();

    record Absent() implements ServingObservation {
    }

    record Progressing(int readyReplicas, int desiredReplicas) implements ServingObservation {
    }

    record Available() implements ServingObservation {
    }

    /** The Deployment gave up, e.g. its progress deadline passed. */
    record Stalled(String reason, String message) implements ServingObservation {
    }
}
