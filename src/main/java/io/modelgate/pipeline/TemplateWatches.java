package io.modelgate.pipeline;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.modelgate.api.AnalysisTemplateSpec;
import io.modelgate.api.ClusterModelAnalysisTemplate;
import io.modelgate.api.ModelAnalysisTemplate;
import io.modelgate.api.ModelPipeline;
import io.modelgate.delivery.AnalysisTemplates;
import io.modelgate.delivery.TemplateRead;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The analysis templates, watched: a pipeline refused because its template is missing or wrong is reconciled the
 * moment the template is created or fixed, and the observer reads templates from this cache instead of asking the
 * API server at every pass. A template event wakes only the pipelines that name it. Cluster templates are watched
 * only when the operator reads them (its RBAC has them only then).
 */
final class TemplateWatches {

    static final String NAMESPACED = "ModelAnalysisTemplates";
    static final String CLUSTER = "ClusterModelAnalysisTemplates";

    private TemplateWatches() {
    }

    static List<EventSource<?, ModelPipeline>> of(EventSourceContext<ModelPipeline> context, boolean clusterTemplates) {
        List<EventSource<?, ModelPipeline>> sources = new ArrayList<>();
        sources.add(new InformerEventSource<>(InformerEventSourceConfiguration.from(ModelAnalysisTemplate.class, ModelPipeline.class)
                .withName(NAMESPACED)
                .withItemStore(PrunedStore.forKind(ModelAnalysisTemplate.class))
                .withSecondaryToPrimaryMapper((ModelAnalysisTemplate template) -> naming(context,
                        context.getPrimaryCache().list(template.getMetadata().getNamespace()),
                        new TemplateRead.Key(template.getMetadata().getName(), false)))
                .build(), context));
        if (clusterTemplates) {
            sources.add(new InformerEventSource<>(InformerEventSourceConfiguration.from(ClusterModelAnalysisTemplate.class, ModelPipeline.class)
                    .withName(CLUSTER)
                    .withItemStore(PrunedStore.forKind(ClusterModelAnalysisTemplate.class))
                    .withWatchAllNamespaces()
                    .withSecondaryToPrimaryMapper((ClusterModelAnalysisTemplate template) -> naming(context, context.getPrimaryCache().list(),
                            new TemplateRead.Key(template.getMetadata().getName(), true)))
                    .build(), context));
        }
        return sources;
    }

    private static Set<ResourceID> naming(EventSourceContext<ModelPipeline> context, Stream<ModelPipeline> pipelines, TemplateRead.Key key) {
        return pipelines.filter(p -> p.getSpec() != null && AnalysisTemplates.referenced(p.getSpec().getRollout()).contains(key))
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
    }

    /**
     * The template {@code key} names as the watch holds it, or empty when no watch runs for its kind (the caller then
     * asks the API server).
     */
    @SuppressWarnings("unchecked")
    static Optional<TemplateRead> cached(Context<ModelPipeline> context, String namespace, TemplateRead.Key key) {
        String name = key.cluster() ? CLUSTER : NAMESPACED;
        Class<? extends HasMetadata> kind = key.cluster() ? ClusterModelAnalysisTemplate.class : ModelAnalysisTemplate.class;
        InformerEventSource<HasMetadata, ModelPipeline> source;
        try {
            source = (InformerEventSource<HasMetadata, ModelPipeline>) context.eventSourceRetriever().getEventSourceFor(kind, name);
        } catch (RuntimeException noSuchWatch) {
            return Optional.empty();
        }
        if (source == null) {
            return Optional.empty();
        }
        return Optional.of(read(source.get(new ResourceID(key.name(), key.cluster() ? null : namespace)).orElse(null)));
    }

    /** A template as the plan sees it, from the cache or the API server: Missing when there is none. */
    static TemplateRead read(HasMetadata template) {
        if (template == null) {
            return new TemplateRead.Missing();
        }
        AnalysisTemplateSpec spec = template instanceof ModelAnalysisTemplate t ? t.getSpec() : ((ClusterModelAnalysisTemplate) template).getSpec();
        return new TemplateRead.Found(spec == null ? new AnalysisTemplateSpec() : spec, template.getMetadata().getResourceVersion(),
                template.getMetadata().getGeneration());
    }
}
