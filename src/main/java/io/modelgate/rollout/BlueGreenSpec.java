package io.modelgate.rollout;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The blue-green part of {@code spec.rollout}.
 *
 * @param prePromotionAnalysis  name of the analysis run against the preview Service before the switch, if any
 * @param postPromotionAnalysis name of the analysis run after the switch, if any; Failed or Error switches back
 * @param autoPromotionEnabled  false: pause for a person before the switch
 * @param scaleDownDelay        how long the old revision stays at size after the switch (and after the
 *                              post-promotion analysis)
 */
public record BlueGreenSpec(Optional<String> prePromotionAnalysis, Optional<String> postPromotionAnalysis,
                            boolean autoPromotionEnabled, Duration scaleDownDelay) {

    /** Argo Rollouts' default scale-down delay. */
    public static final Duration DEFAULT_SCALE_DOWN_DELAY = Duration.ofSeconds(30);

    public BlueGreenSpec {
        Objects.requireNonNull(prePromotionAnalysis, "prePromotionAnalysis");
        Objects.requireNonNull(postPromotionAnalysis, "postPromotionAnalysis");
        Objects.requireNonNull(scaleDownDelay, "scaleDownDelay");
        if (scaleDownDelay.isNegative()) {
            throw new IllegalArgumentException("scaleDownDelay must not be negative: " + scaleDownDelay);
        }
        prePromotionAnalysis.ifPresent(BlueGreenSpec::checkName);
        postPromotionAnalysis.ifPresent(BlueGreenSpec::checkName);
    }

    /** No analyses, automatic promotion, the default scale-down delay. */
    public static BlueGreenSpec defaults() {
        return new BlueGreenSpec(Optional.empty(), Optional.empty(), true, DEFAULT_SCALE_DOWN_DELAY);
    }

    public BlueGreenSpec withPrePromotionAnalysis(String name) {
        return new BlueGreenSpec(Optional.of(name), postPromotionAnalysis, autoPromotionEnabled, scaleDownDelay);
    }

    public BlueGreenSpec withPostPromotionAnalysis(String name) {
        return new BlueGreenSpec(prePromotionAnalysis, Optional.of(name), autoPromotionEnabled, scaleDownDelay);
    }

    public BlueGreenSpec withAutoPromotionEnabled(boolean enabled) {
        return new BlueGreenSpec(prePromotionAnalysis, postPromotionAnalysis, enabled, scaleDownDelay);
    }

    public BlueGreenSpec withScaleDownDelay(Duration delay) {
        return new BlueGreenSpec(prePromotionAnalysis, postPromotionAnalysis, autoPromotionEnabled, delay);
    }

    private static void checkName(String name) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("an analysis needs a name");
        }
    }
}
