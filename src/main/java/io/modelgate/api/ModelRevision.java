package io.modelgate.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One immutable attempt at a model: the frozen inputs of a training run and the record of what
 * became of it. Written by the operator only; it is the audit trail and the reproducibility record.
 */
@Group(ModelPipeline.GROUP)
@Version(ModelPipeline.VERSION)
@ShortNames("mrev")
@AdditionalPrinterColumn(name = "Pipeline", jsonPath = ".spec.pipeline", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Number", jsonPath = ".spec.number", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Metric", jsonPath = ".status.keyMetric", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Weight", jsonPath = ".status.rollout.canaryWeight", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Serving", jsonPath = ".status.serving", type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ModelRevision extends CustomResource<ModelRevisionSpec, ModelRevisionStatus> implements Namespaced {
}
