package io.modelgate.pipeline.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.pipeline.plan.Intent;
import io.modelgate.pipeline.plan.PassInputs;
import io.modelgate.pipeline.plan.PassRounds;
import io.modelgate.pipeline.plan.PassRounds.Applied;
import io.modelgate.pipeline.plan.WriteResult;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The one writer: carries out a plan's intents through the Kubernetes client, each idempotent (create-if-absent
 * under deterministic names, patches with preconditions where someone else may write too), and answers each with a
 * typed {@link WriteResult}. Nothing else in the operator writes owned objects (an ArchUnit rule holds it to that).
 */
public final class ClusterWriter implements PassRounds.Writer {

    private static final Logger LOG = Logger.getLogger(ClusterWriter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final String namespace;
    private final String pipeline;
    private final UnaryOperator<HasMetadata> create;
    private final UnaryOperator<ModelRevision> updateStatus;
    private final WriteFence fence;
    private boolean namespaceTerminating;

    /**
     * Creates and status updates go through JOSDK's resource operations, which put what the server returned into
     * the informer caches at once, so the next pass never misses an object this one made.
     */
    public ClusterWriter(Context<ModelPipeline> context, ModelPipeline pipeline) {
        this(context, pipeline, WriteFence.NONE);
    }

    /** @param fence asked before every write (see {@link WriteFence}) */
    public ClusterWriter(Context<ModelPipeline> context, ModelPipeline pipeline, WriteFence fence) {
        this(context.getClient(), pipeline, object -> context.resourceOperations().create(object),
                revision -> context.resourceOperations().updateStatus(revision), fence);
    }

    ClusterWriter(KubernetesClient client, ModelPipeline pipeline, UnaryOperator<HasMetadata> create, UnaryOperator<ModelRevision> updateStatus) {
        this(client, pipeline, create, updateStatus, WriteFence.NONE);
    }

    private ClusterWriter(KubernetesClient client, ModelPipeline pipeline, UnaryOperator<HasMetadata> create,
                          UnaryOperator<ModelRevision> updateStatus, WriteFence fence) {
        this.fence = fence;
        this.client = client;
        this.namespace = pipeline.getMetadata().getNamespace();
        this.pipeline = pipeline.getMetadata().getName();
        this.create = create;
        this.updateStatus = updateStatus;
    }

    /** Straight through the client, without an operator's caches: for tests and tools. */
    static ClusterWriter direct(KubernetesClient client, ModelPipeline pipeline) {
        return new ClusterWriter(client, pipeline, object -> client.resource(object).create(),
                revision -> client.resource(revision).updateStatus());
    }

    /**
     * Carries out the intents in order; one already answered in this pass is not carried out again. Once the API
     * server says the namespace is terminating, nothing more is sent: the round ends unsurprised, so the pass ends
     * there ({@link #namespaceTerminating}).
     */
    @Override
    public Applied apply(List<Intent> intents, PassInputs answered) {
        Map<String, WriteResult> results = new LinkedHashMap<>();
        for (Intent intent : intents) {
            if (answered.write(intent.key()).isPresent() || results.containsKey(intent.key())) {
                continue;
            }
            WriteResult result = write(intent);
            results.put(intent.key(), result);
            if (result instanceof WriteResult.Forbidden forbidden && forbidden.namespaceTerminating()) {
                LOG.debugf("pipeline %s/%s: the namespace is terminating (%s): no more writes", namespace, pipeline, intent.key());
                namespaceTerminating = true;
                return new Applied(results, false);
            }
            if (!result.asPlanned(intent) || intent instanceof Intent.Create create && create.mustBeNew()) {
                LOG.debugf("pipeline %s/%s: %s answered %s; planning again", namespace, pipeline, intent.key(), result);
                return new Applied(results, true);
            }
        }
        return new Applied(results, false);
    }

    /** The API server refused a write because the namespace is being deleted: the pass must record nothing. */
    public boolean namespaceTerminating() {
        return namespaceTerminating;
    }

    /** A revision's status, through the status subresource, with optimistic locking on its resourceVersion. */
    public ModelRevision updateStatus(ModelRevision revision) {
        fence.check("the status of revision " + revision.getMetadata().getName());
        return updateStatus.apply(revision);
    }

    private WriteResult write(Intent intent) {
        fence.check(intent.key());
        try {
            if (intent instanceof Intent.Create create) {
                return new WriteResult.Done(this.create.apply(create.object()));
            }
            if (intent instanceof Intent.MergePatch patch) {
                return new WriteResult.Done(client.genericKubernetesResources(patch.apiVersion(), patch.kind()).inNamespace(namespace)
                        .withName(patch.name()).patch(PatchContext.of(PatchType.JSON_MERGE), json(patch.patch())));
            }
            if (intent instanceof Intent.SetSelector selector) {
                String body = "[{\"op\":\"replace\",\"path\":\"/spec/selector\",\"value\":" + json(selector.selector()) + "}]";
                return new WriteResult.Done(client.services().inNamespace(namespace).withName(selector.service())
                        .patch(PatchContext.of(PatchType.JSON), body));
            }
            if (intent instanceof Intent.SetRouteRules route) {
                return routeRules(route);
            }
            if (intent instanceof Intent.Delete delete) {
                client.genericKubernetesResources(delete.apiVersion(), delete.kind()).inNamespace(namespace).withName(delete.name())
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
                return new WriteResult.Done(null);
            }
            if (intent instanceof Intent.SetFinalizers finalizers) {
                return finalizers(finalizers);
            }
            return consumeAction((Intent.ConsumeAction) intent);
        } catch (KubernetesClientException e) {
            return classify(intent, e);
        }
    }

    private WriteResult routeRules(Intent.SetRouteRules route) {
        // "test" on resourceVersion: a concurrent edit of the route makes this fail and the next pass retry.
        String body = "[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\",\"value\":" + json(route.resourceVersion()) + "},"
                + "{\"op\":\"replace\",\"path\":\"/spec/rules\",\"value\":" + json(route.rules()) + "}]";
        try {
            return new WriteResult.Done(client.genericKubernetesResources("gateway.networking.k8s.io/v1", "HTTPRoute")
                    .inNamespace(namespace).withName(route.route()).patch(PatchContext.of(PatchType.JSON), body));
        } catch (KubernetesClientException e) {
            return e.getCode() == 403 ? new WriteResult.Forbidden(apiMessage(e)) : new WriteResult.Conflict(apiMessage(e));
        }
    }

    private WriteResult finalizers(Intent.SetFinalizers finalizers) {
        String body = "[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\",\"value\":" + json(finalizers.resourceVersion()) + "},"
                + "{\"op\":\"add\",\"path\":\"/metadata/finalizers\",\"value\":" + json(finalizers.finalizers()) + "}]";
        try {
            return new WriteResult.Done(client.resources(ModelRevision.class).inNamespace(namespace).withName(finalizers.revision())
                    .patch(PatchContext.of(PatchType.JSON), body));
        } catch (KubernetesClientException e) {
            // A failed test (the revision changed meanwhile) is a conflict: the next pass decides again.
            return switch (e.getCode()) {
                case 403 -> new WriteResult.Forbidden(apiMessage(e));
                case 404 -> new WriteResult.Gone();
                default -> new WriteResult.Conflict(apiMessage(e));
            };
        }
    }

    private WriteResult consumeAction(Intent.ConsumeAction action) {
        // "test" first: if someone set another action meanwhile, the patch fails and that action is not lost.
        String path = "/metadata/annotations/" + action.annotation().replace("~", "~0").replace("/", "~1");
        String body = "[{\"op\":\"test\",\"path\":\"" + path + "\",\"value\":" + json(action.value()) + "},"
                + "{\"op\":\"remove\",\"path\":\"" + path + "\"}]";
        return new WriteResult.Done(client.resources(ModelPipeline.class).inNamespace(namespace).withName(pipeline)
                .patch(PatchContext.of(PatchType.JSON), body));
    }

    private static WriteResult classify(Intent intent, KubernetesClientException e) {
        String message = apiMessage(e);
        return switch (e.getCode()) {
            case 409 -> intent instanceof Intent.Create ? new WriteResult.AlreadyThere() : new WriteResult.Conflict(message);
            case 400, 422 -> new WriteResult.Rejected(e.getCode(), message);
            // controller-runtime's webhooks deny with 403: that is a verdict on the object, not RBAC.
            case 403 -> deniedByWebhook(message) ? new WriteResult.Rejected(e.getCode(), message) : new WriteResult.Forbidden(message);
            case 404 -> new WriteResult.Gone();
            default -> throw e;
        };
    }

    static boolean deniedByWebhook(String message) {
        return message != null && message.contains("admission webhook") && message.contains("denied the request");
    }

    public static String apiMessage(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
