package io.modelgate.api;

/** The duration syntax of the API: Go-style units, as in Argo Rollouts and Flagger (30s, 5m, 1h30m, 250ms). */
public final class Durations {

    public static final String PATTERN = "^([0-9]{1,6}(ms|s|m|h))+$";

    private Durations() {
    }
}
