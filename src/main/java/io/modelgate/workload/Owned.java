package io.modelgate.workload;

/** An object a pipeline owns, by kind and deterministic name. */
public record Owned(String apiVersion, String kind, String name) {
}
