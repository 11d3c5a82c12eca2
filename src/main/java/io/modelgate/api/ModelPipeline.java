package io.modelgate.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A model's delivery pipeline: how it is trained, judged, served and rolled out. */
@Group(ModelPipeline.GROUP)
@Version(ModelPipeline.VERSION)
@ShortNames("mp")
// Also checked on status writes: a pipeline stored without spec before this rule existed must still get a status.
@ValidationRule(value = "has(self.spec) || (oldSelf.hasValue() && !has(oldSelf.value().spec))",
        message = "spec is required", optionalOldSelf = true)
@ValidationRule(value = "self.metadata.name.size() <= 40",
        message = "a pipeline name may have at most 40 characters, so that its revisions' Job names fit in 63")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Stable", jsonPath = ".status.stableRevision", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Current", jsonPath = ".status.currentRevision", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Weight", jsonPath = ".status.canaryWeight", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ModelPipeline extends CustomResource<ModelPipelineSpec, ModelPipelineStatus> implements Namespaced {
    public static final String GROUP = "modelgate.io";
    public static final String VERSION = "v1alpha1";
}
