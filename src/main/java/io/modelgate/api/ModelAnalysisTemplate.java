package io.modelgate.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Analysis metrics shared by the pipelines of one namespace. It has no status: it is read, never reconciled, and a
 * revision freezes what it used when its rollout starts.
 */
@Group(ModelPipeline.GROUP)
@Version(ModelPipeline.VERSION)
@ShortNames("mat")
@ValidationRule(value = "has(self.spec)", message = "spec is required")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ModelAnalysisTemplate extends CustomResource<AnalysisTemplateSpec, Void> implements Namespaced {
}
