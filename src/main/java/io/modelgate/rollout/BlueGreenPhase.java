package io.modelgate.rollout;

/** Where a blue-green rollout stands, in the order it goes through them (optional analysis phases are skipped). */
public enum BlueGreenPhase {
    /** The new revision runs at full size behind the preview Service; the active Service still selects the old one. */
    PreviewScaling,
    /** The pre-promotion analysis runs against the preview Service. */
    PrePromotionAnalysis,
    /** The active Service's selector has been moved to the new revision; waiting for the new revision to be available. */
    SwitchingActive,
    /** The post-promotion analysis runs against the active Service; a failure switches back. */
    PostPromotionAnalysis,
    /** The old revision is kept at size for the scale-down delay, ready to take the traffic back. */
    ScaleDownDelay,
    /** The old revision is scaled to 0; the new revision is the stable one. */
    Done;

    /** The active Service selects the new revision in this phase (unless the rollout was aborted). */
    public boolean activeOnNewRevision() {
        return compareTo(SwitchingActive) >= 0;
    }
}
