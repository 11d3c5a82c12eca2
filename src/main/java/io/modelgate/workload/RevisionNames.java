package io.modelgate.workload;

import io.modelgate.revision.JobStage;

/**
 * Deterministic names: a restarted operator finds what it created instead of creating it twice.
 * Pipeline names are limited to 40 characters at admission so that every derived name fits 63.
 */
public final class RevisionNames {

    private RevisionNames() {
    }

    public static String revision(String pipeline, int number) {
        return pipeline + "-r" + number;
    }

    public static String job(String pipeline, int number, JobStage stage) {
        return revision(pipeline, number) + "-" + stage.suffix();
    }

    public static String deployment(String pipeline, int number) {
        return revision(pipeline, number);
    }

    /** The Job of the {@code n}-th measurement of a job metric: {@code <revision>-<run>-<metric>-<n>}, shortened with a hash past 63. */
    public static String analysisJob(String revision, String run, String metric, int n) {
        String full = revision + "-" + run + "-" + metric + "-" + n;
        if (full.length() <= 63) {
            return full;
        }
        String hash = Integer.toHexString(full.hashCode() & 0x7fffffff);
        String tail = "-" + n;
        return full.substring(0, 63 - hash.length() - 1 - tail.length()).replaceAll("-+$", "") + "-" + hash + tail;
    }
}
