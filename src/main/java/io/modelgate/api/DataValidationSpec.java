package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.ValidationRule;

/** A Job run before training; its metrics (row count, null fraction, drift, ...) are gated. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.template)", message = "dataValidation needs a pod template")
public class DataValidationSpec extends GatedStageSpec {
}
