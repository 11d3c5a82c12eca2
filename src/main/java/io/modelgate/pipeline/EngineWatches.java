package io.modelgate.pipeline;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.modelgate.api.ModelPipeline;
import io.modelgate.engine.EngineKind;
import io.modelgate.engine.Engines;
import io.modelgate.workload.Labels;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The watches of the enabled training engines' kinds, which have no Java type: TrainJobs and JobSets by the
 * pipeline's label, like Jobs; Kueue's Workloads by owner (they carry no label of ours), mapped to the pipeline of
 * the object that owns them.
 */
final class EngineWatches {

    static final String WORKLOADS = "KueueWorkloads";

    private EngineWatches() {
    }

    /**
     * @param owners the watches whose objects may own a Workload (the Job watch among them), to find its pipeline
     */
    static List<EventSource<?, ModelPipeline>> of(Engines engines, EventSourceContext<ModelPipeline> context,
                                                 List<InformerEventSource<? extends HasMetadata, ModelPipeline>> owners) {
        List<EventSource<?, ModelPipeline>> sources = new ArrayList<>();
        List<InformerEventSource<? extends HasMetadata, ModelPipeline>> all = new ArrayList<>(owners);
        for (EngineKind kind : engines.watched()) {
            if (kind.equals(EngineKind.WORKLOAD)) {
                continue;
            }
            var configuration = InformerEventSourceConfiguration.from(gvk(kind), ModelPipeline.class)
                    .withName(kind.kind())
                    .withItemStore(PrunedStore.forKind(GenericKubernetesResource.class))
                    .withLabelSelector(Labels.PIPELINE)
                    .withSecondaryToPrimaryMapper((GenericKubernetesResource object) -> pipelineOf(object)
                            .map(p -> Set.of(new ResourceID(p, object.getMetadata().getNamespace()))).orElse(Set.of()))
                    .build();
            InformerEventSource<GenericKubernetesResource, ModelPipeline> source = new InformerEventSource<>(configuration, context);
            sources.add(source);
            all.add(source);
        }
        if (engines.queuesWatched()) {
            var configuration = InformerEventSourceConfiguration.from(gvk(EngineKind.WORKLOAD), ModelPipeline.class)
                    .withName(WORKLOADS)
                    .withItemStore(PrunedStore.forKind(GenericKubernetesResource.class))
                    .withSecondaryToPrimaryMapper((GenericKubernetesResource workload) -> {
                        String namespace = workload.getMetadata().getNamespace();
                        if (workload.getMetadata().getOwnerReferences() == null) {
                            return Set.of();
                        }
                        for (var owner : workload.getMetadata().getOwnerReferences()) {
                            for (var source : all) {
                                Optional<String> pipeline = source.get(new ResourceID(owner.getName(), namespace))
                                        .filter(o -> owner.getUid() == null || owner.getUid().equals(o.getMetadata().getUid()))
                                        .flatMap(EngineWatches::pipelineOf);
                                if (pipeline.isPresent()) {
                                    return Set.of(new ResourceID(pipeline.get(), namespace));
                                }
                            }
                        }
                        return Set.of();
                    })
                    .build();
            sources.add(new InformerEventSource<>(configuration, context));
        }
        return sources;
    }

    private static GroupVersionKind gvk(EngineKind kind) {
        return new GroupVersionKind(kind.group(), kind.version(), kind.kind());
    }

    private static Optional<String> pipelineOf(HasMetadata object) {
        return Optional.ofNullable(object.getMetadata().getLabels()).map(l -> l.get(Labels.PIPELINE));
    }
}
