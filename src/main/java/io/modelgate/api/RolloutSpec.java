package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolloutSpec {

    public enum Strategy { Direct }

    @Default("Direct")
    @JsonPropertyDescription("Direct: the new revision's Deployment becomes available, then the old one scales to zero.")
    private Strategy strategy;

    public Strategy getStrategy() { return strategy; }
    public void setStrategy(Strategy strategy) { this.strategy = strategy; }
}
