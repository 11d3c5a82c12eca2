package io.modelgate.delivery;

import io.modelgate.api.AnalysisTemplateSpec;

/** What the observer found under one template reference: the template, nothing, or why it could not look. */
public sealed interface TemplateRead {

    /** A namespaced template by name, or a cluster one: the key of {@link AnalysisTemplates}'s input. */
    record Key(String name, boolean cluster) {
        public String describe() {
            return (cluster ? "ClusterModelAnalysisTemplate " : "ModelAnalysisTemplate ") + name;
        }
    }

    record Found(AnalysisTemplateSpec spec, String resourceVersion, Long generation) implements TemplateRead {
    }

    record Missing() implements TemplateRead {
    }

    /** The API server answered with an error (other than not found): {@code message} says which. */
    record Unreadable(String message) implements TemplateRead {
    }

    /** A ClusterModelAnalysisTemplate while the operator does not read them (chart analysisTemplates.cluster). */
    record ClusterTemplatesDisabled() implements TemplateRead {
    }
}
