package io.modelgate.pipeline.plan;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.List;
import java.util.Map;

/**
 * One write the plan wants made. Intents are data: the writer carries them out in order, each idempotent, and
 * answers with a {@link WriteResult} under the intent's {@link #key()}, which a later planning round of the same
 * pass reads (an intent planned again with the same key is not carried out twice).
 */
public sealed interface Intent {

    String key();

    /**
     * Create-if-absent under a deterministic name.
     *
     * @param mustBeNew the plan goes on only with the server's answer: objects made later in the pass are owned by
     *                  this one (its uid) and an object already there means another pass made it (a revision), not the
     *                  harmless repeat it is for a Job or a Deployment
     */
    record Create(HasMetadata object, boolean mustBeNew) implements Intent {
        public String key() {
            return createKey(object.getKind(), object.getMetadata().getName());
        }
    }

    /** A JSON merge patch of an owned object (a serving workload's replicas, say). */
    record MergePatch(String apiVersion, String kind, String name, Map<String, Object> patch) implements Intent {
        public String key() {
            return "patch:" + kind + "/" + name;
        }
    }

    /** A Service selects these labels (a JSON patch, so keys can be removed). */
    record SetSelector(String service, Map<String, String> selector) implements Intent {
        public String key() {
            return "selector:" + service;
        }
    }

    /** An HTTPRoute gets these rules, only if it is still at {@code resourceVersion} (someone else's edit wins). */
    record SetRouteRules(String route, String resourceVersion, List<Object> rules) implements Intent {
        public String key() {
            return "route:" + route;
        }
    }

    /** Delete with background propagation (a Job's pods go with it). */
    record Delete(String apiVersion, String kind, String name) implements Intent {
        public String key() {
            return "delete:" + kind + "/" + name;
        }
    }

    /** Remove the pipeline's action annotation, only if it still holds {@code value} (a newer request is never lost). */
    record ConsumeAction(String annotation, String value) implements Intent {
        public String key() {
            return "action:" + annotation;
        }
    }

    /**
     * A revision's finalizers become these, only if it is still at {@code resourceVersion}: the API server's own
     * finalizers (foreground deletion) added meanwhile are never overwritten.
     */
    record SetFinalizers(String revision, String resourceVersion, List<String> finalizers) implements Intent {
        public SetFinalizers {
            finalizers = List.copyOf(finalizers);
        }

        public String key() {
            return finalizersKey(revision);
        }
    }

    static String finalizersKey(String revision) {
        return "finalizers:ModelRevision/" + revision;
    }

    static String createKey(String kind, String name) {
        return "create:" + kind + "/" + name;
    }
}
