package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

import java.util.List;

/** A Job whose termination message carries metrics that gates judge. */
public abstract class GatedStageSpec extends JobStageSpec {

    @Size(max = 32)
    @JsonPropertyDescription("Thresholds the metrics must meet; all must pass.")
    private List<Gate> gates;

    public List<Gate> getGates() { return gates; }
    public void setGates(List<Gate> gates) { this.gates = gates; }
}
