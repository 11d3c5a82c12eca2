package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.ValidationRule;

/** A Job that scores the trained model; its termination message is a JSON object of metrics. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.template)", message = "evaluation needs a pod template")
public class EvaluationSpec extends GatedStageSpec {
}
