package io.modelgate.revision;

/** The stages of a revision that run as Jobs, with the suffix of the Job's name. */
public enum JobStage {
    Validation("validate"), Training("train"), Evaluation("eval");

    private final String suffix;

    JobStage(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }
}
