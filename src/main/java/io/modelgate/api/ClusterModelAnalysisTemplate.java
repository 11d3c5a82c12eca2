package io.modelgate.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Analysis metrics shared by pipelines of every namespace (read only when the operator enables cluster templates,
 * chart {@code analysisTemplates.cluster}). Cluster-scoped, no status.
 */
@Group(ModelPipeline.GROUP)
@Version(ModelPipeline.VERSION)
@ShortNames("cmat")
@ValidationRule(value = "has(self.spec)", message = "spec is required")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ClusterModelAnalysisTemplate extends CustomResource<AnalysisTemplateSpec, Void> {
}
