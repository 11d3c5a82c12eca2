package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class BlueGreenRolloutSpec {

    @Default("true")
    @JsonPropertyDescription("false: once the new revision is ready (and passed pre-promotion analysis), wait for modelgate.io/action: promote before switching.")
    private Boolean autoPromotionEnabled;

    @JsonPropertyDescription("Analysis run against the new revision (behind the <service>-preview Service) before the switch.")
    private AnalysisRef prePromotionAnalysis;

    @JsonPropertyDescription("Analysis run after the switch; Failed or Error switches the active Service back.")
    private AnalysisRef postPromotionAnalysis;

    @Default("30")
    @Min(0)
    @Max(86400)
    @JsonPropertyDescription("Seconds the old revision stays at full size after the switch (and post-promotion analysis), for an instant switch back.")
    private Integer scaleDownDelaySeconds;

    public Boolean getAutoPromotionEnabled() { return autoPromotionEnabled; }
    public void setAutoPromotionEnabled(Boolean autoPromotionEnabled) { this.autoPromotionEnabled = autoPromotionEnabled; }
    public AnalysisRef getPrePromotionAnalysis() { return prePromotionAnalysis; }
    public void setPrePromotionAnalysis(AnalysisRef prePromotionAnalysis) { this.prePromotionAnalysis = prePromotionAnalysis; }
    public AnalysisRef getPostPromotionAnalysis() { return postPromotionAnalysis; }
    public void setPostPromotionAnalysis(AnalysisRef postPromotionAnalysis) { this.postPromotionAnalysis = postPromotionAnalysis; }
    public Integer getScaleDownDelaySeconds() { return scaleDownDelaySeconds; }
    public void setScaleDownDelaySeconds(Integer scaleDownDelaySeconds) { this.scaleDownDelaySeconds = scaleDownDelaySeconds; }
}
