package io.modelgate.rollout;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** One step of a canary's {@code steps[]}. */
public sealed interface CanaryStep {

    /** How the step reads in messages: "setWeight 20", "pause 5m", "pause until promoted", "analysis error-rate". */
    String describe();

    /** Send {@code weight}% of the traffic to the canary; done when the canary is available at that weight. */
    record SetWeight(int weight) implements CanaryStep {

        public SetWeight {
            TrafficSplit.checkWeight(weight);
        }

        @Override
        public String describe() {
            return "setWeight " + weight;
        }
    }

    /**
     * Hold the current weight: for {@code duration} ({@code pause: {duration: 5m}}), or, when empty
     * ({@code pause: {}}), until a person promotes.
     */
    record Pause(Optional<Duration> duration) implements CanaryStep {

        public Pause {
            Objects.requireNonNull(duration, "duration");
            duration.ifPresent(d -> {
                if (d.isNegative()) {
                    throw new IllegalArgumentException("a pause cannot be negative: " + d);
                }
            });
        }

        public static Pause of(Duration duration) {
            return new Pause(Optional.of(duration));
        }

        public static Pause untilPromoted() {
            return new Pause(Optional.empty());
        }

        @Override
        public String describe() {
            return duration.map(d -> "pause " + Texts.duration(d)).orElse("pause until promoted");
        }
    }

    /** Run the step's inline analysis named {@code name} and wait for its outcome, at the current weight. */
    record Analysis(String name) implements CanaryStep {

        public Analysis {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("an analysis step needs a name");
            }
        }

        @Override
        public String describe() {
            return "analysis " + name;
        }
    }

    /**
     * Mirror {@code percent}% of the requests to the canary (the stable revision still answers them), from this step
     * on until a later {@code setMirror} changes it or the rollout ends; 0 removes the mirror. Done once the canary
     * has the pods for it.
     */
    record SetMirror(int percent) implements CanaryStep {

        public SetMirror {
            TrafficSplit.checkWeight(percent);
        }

        @Override
        public String describe() {
            return percent == 0 ? "setMirror removed" : "setMirror " + percent + "%";
        }
    }

    /**
     * Send the requests matching {@code route} to the canary, from this step on until a later step of the same name
     * changes or removes it, or the rollout ends. Done once the canary has a pod to answer them.
     */
    record SetHeaderRoute(HeaderRoute route) implements CanaryStep {

        public SetHeaderRoute {
            Objects.requireNonNull(route, "route");
        }

        @Override
        public String describe() {
            return route.describe();
        }
    }
}
