package io.modelgate.cli;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.workload.Labels;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code kubectl modelgate}: reads and drives ModelPipelines with the current kubeconfig (or {@code KUBECONFIG}).
 * Every action writes exactly what the operator and the Argo CD actions in {@code deploy/argocd/} write: the
 * annotation {@code modelgate.io/action} (promote, abort, retry, retrain) or {@code spec.paused} (pause, resume).
 * Runs without Quarkus: {@code hack/kubectl-modelgate} puts the packaged jars on the class path and calls {@link #main}.
 * Exit codes: 0 done, 1 usage error, 2 not found, refused or API error.
 */
public final class ModelgateCli {

    public static final int OK = 0;
    public static final int USAGE = 1;
    public static final int FAILED = 2;
    static final int CONFLICT_RETRIES = 5;
    static final String KIND = "modelpipeline.modelgate.io";

    public static final String USAGE_TEXT = """
            kubectl modelgate: read and drive Modelgate ModelPipelines.

            Usage:
              kubectl modelgate status  <pipeline> [-n NAMESPACE]   phase, conditions, revisions, the current revision's gates
              kubectl modelgate history <pipeline> [-n NAMESPACE]   every revision, newest first, with its phase transitions
              kubectl modelgate promote <pipeline> [-n NAMESPACE]   promote the revision rolling out      (modelgate.io/action=promote)
              kubectl modelgate abort   <pipeline> [-n NAMESPACE]   roll the rolling-out revision back    (modelgate.io/action=abort)
              kubectl modelgate retry   <pipeline> [-n NAMESPACE]   start an aborted rollout again        (modelgate.io/action=retry)
              kubectl modelgate retrain <pipeline> [-n NAMESPACE]   a new revision from the same spec     (modelgate.io/action=retrain)
              kubectl modelgate rerun   <revision> [-n NAMESPACE]   that revision's frozen spec again, on the data version
                                                                    it recorded                 (modelgate.io/action=rerun:<revision>)
              kubectl modelgate pause   <pipeline> [-n NAMESPACE]   create nothing new, advance nothing   (spec.paused=true)
              kubectl modelgate resume  <pipeline> [-n NAMESPACE]   undo pause                            (spec.paused=false)

            Flags:
              -n, --namespace NAMESPACE   default: the namespace of the kubeconfig context
                  --context CONTEXT       a kubeconfig context other than the current one
              -h, --help                  this text

            The kubeconfig is $KUBECONFIG or ~/.kube/config. An action is refused while another one is still
            pending in modelgate.io/action (the operator removes the annotation once it has taken the action).
            Exit codes: 0 done, 1 usage error, 2 pipeline or revision not found, action refused or API error.
            """;

    private final Function<Invocation, KubernetesClient> clients;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    /**
     * @param clients gives the client for an invocation (its namespace and context); called at most once, after the
     *                arguments are understood, so that {@code --help} and usage errors never touch a cluster
     */
    public ModelgateCli(Function<Invocation, KubernetesClient> clients, PrintStream out, PrintStream err, Clock clock) {
        this.clients = clients;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /** Against the given client (whose namespace is the default one), e.g. in tests. */
    public ModelgateCli(KubernetesClient client, PrintStream out, PrintStream err, Clock clock) {
        this(invocation -> client, out, err, clock);
    }

    public static void main(String[] args) {
        KubernetesClient[] created = new KubernetesClient[1];
        int code;
        try {
            code = new ModelgateCli(invocation -> created[0] = connect(invocation.context()), System.out, System.err, Clock.systemUTC()).run(args);
        } finally {
            if (created[0] != null) {
                created[0].close();
            }
        }
        System.out.flush();
        System.exit(code);
    }

    /** A client from the kubeconfig ({@code KUBECONFIG} or {@code ~/.kube/config}), with the given context or the current one. */
    static KubernetesClient connect(String context) {
        Config config = context == null ? Config.autoConfigure(null) : Config.autoConfigure(context);
        if (context != null && (config.getCurrentContext() == null || !context.equals(config.getCurrentContext().getName()))) {
            throw new KubernetesClientException("no context \"" + context + "\" in the kubeconfig");
        }
        config.setRequestTimeout(30_000);
        config.setConnectionTimeout(10_000);
        // A person is waiting: two quick retries, not the client's default ten with exponential backoff (about 20 s).
        config.setRequestRetryBackoffLimit(2);
        config.setRequestRetryBackoffInterval(200);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** @return the exit code */
    public int run(String... args) {
        Invocation invocation;
        try {
            invocation = Invocation.parse(args);
        } catch (Invocation.UsageException e) {
            err.println("error: " + e.getMessage());
            err.println("Run 'kubectl modelgate --help' for usage.");
            return USAGE;
        }
        if (invocation.help()) {
            out.print(USAGE_TEXT);
            return OK;
        }
        String namespace = invocation.namespace();
        KubernetesClient client = null;
        try {
            client = clients.apply(invocation);
            if (namespace == null) {
                namespace = client.getNamespace() == null ? "default" : client.getNamespace();
            }
            return execute(client, invocation, namespace);
        } catch (KubernetesClientException e) {
            err.println("error: " + describe(e, invocation, namespace, client));
            return FAILED;
        } catch (RuntimeException e) {
            err.println("error: " + e);
            return FAILED;
        }
    }

    /** The revision's Job, TrainJob or JobSet; none when it is gone, its kind is not served here, or reading it is not allowed. */
    private static Optional<GenericKubernetesResource> trainingObject(KubernetesClient client, ModelRevision revision) {
        if (revision.getSpec() == null || revision.getSpec().getWorkloads() == null || revision.getSpec().getWorkloads().getTrainingJob() == null) {
            return Optional.empty();
        }
        var kind = TrainingView.kindOf(revision);
        try {
            return Optional.ofNullable(client.genericKubernetesResources(kind.getKey(), kind.getValue())
                    .inNamespace(revision.getMetadata().getNamespace()).withName(revision.getSpec().getWorkloads().getTrainingJob()).get());
        } catch (KubernetesClientException notReadable) {
            return Optional.empty();
        }
    }

    /** The revision's InferenceService; none when it serves from a Deployment, is gone, or KServe is not served here. */
    private static Optional<GenericKubernetesResource> inferenceService(KubernetesClient client, ModelRevision revision) {
        if (!ServingView.onKServe(revision) || ServingView.name(revision).isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(client.genericKubernetesResources(ServingView.API_VERSION, ServingView.KIND)
                    .inNamespace(revision.getMetadata().getNamespace()).withName(ServingView.name(revision).get()).get());
        } catch (KubernetesClientException notReadable) {
            return Optional.empty();
        }
    }

    private int execute(KubernetesClient client, Invocation invocation, String namespace) {
        String name = invocation.pipeline();
        String command = invocation.command();
        if (Invocation.REVISION_COMMANDS.contains(command)) {
            return rerun(client, name, namespace);
        }
        ModelPipeline pipeline = client.resources(ModelPipeline.class).inNamespace(namespace).withName(name).get();
        if (pipeline == null) {
            err.println("error: " + notFound(name, namespace));
            return FAILED;
        }
        switch (command) {
            case "status" -> {
                out.print(StatusView.render(pipeline, revisions(client, namespace, name), r -> trainingObject(client, r),
                        r -> inferenceService(client, r), clock.instant()));
                return OK;
            }
            case "history" -> {
                out.print(HistoryView.render(name, revisions(client, namespace, name), clock.instant()));
                return OK;
            }
            case "pause", "resume" -> {
                return setPaused(client, pipeline, "pause".equals(command));
            }
            default -> {
                return requestAction(client, pipeline, command);
            }
        }
    }

    /** The action is the pipeline's: the operator reads it there, and one pending action per pipeline is the rule. */
    private int rerun(KubernetesClient client, String revisionName, String namespace) {
        ModelRevision revision = client.resources(ModelRevision.class).inNamespace(namespace).withName(revisionName).get();
        if (revision == null || revision.getSpec() == null || revision.getSpec().getPipeline() == null) {
            err.println("error: modelrevision.modelgate.io \"" + revisionName + "\" not found in namespace \"" + namespace + "\"");
            return FAILED;
        }
        String pipelineName = revision.getSpec().getPipeline();
        ModelPipeline pipeline = client.resources(ModelPipeline.class).inNamespace(namespace).withName(pipelineName).get();
        if (pipeline == null) {
            err.println("error: " + notFound(pipelineName, namespace));
            return FAILED;
        }
        return requestAction(client, pipeline, Labels.ACTION_RERUN_PREFIX + revisionName);
    }

    static List<ModelRevision> revisions(KubernetesClient client, String namespace, String pipeline) {
        return Revisions.of(pipeline, client.resources(ModelRevision.class).inNamespace(namespace).list().getItems());
    }

    /** Sets {@code modelgate.io/action}, optimistically locked on the resourceVersion it checked; refuses over another pending action. */
    private int requestAction(KubernetesClient client, ModelPipeline pipeline, String action) {
        String namespace = pipeline.getMetadata().getNamespace();
        String name = pipeline.getMetadata().getName();
        for (int attempt = 1; ; attempt++) {
            Map<String, String> annotations = pipeline.getMetadata().getAnnotations();
            String pending = annotations == null ? null : annotations.get(Labels.ACTION);
            if (action.equals(pending)) {
                out.println(KIND + "/" + name + ": " + action + " is already requested (" + Labels.ACTION + "=" + action
                        + "), waiting for the operator to take it");
                return OK;
            }
            if (pending != null) {
                err.println("error: " + KIND + "/" + name + " has another action pending: " + Labels.ACTION + "=" + pending
                        + ". The operator removes the annotation once it has taken it; wait for that, or remove it with"
                        + " 'kubectl annotate -n " + namespace + " mp/" + name + " " + Labels.ACTION + "-' to cancel it.");
                return FAILED;
            }
            String patch = "{\"metadata\":{\"resourceVersion\":" + json(pipeline.getMetadata().getResourceVersion())
                    + ",\"annotations\":{" + json(Labels.ACTION) + ":" + json(action) + "}}}";
            try {
                client.resources(ModelPipeline.class).inNamespace(namespace).withName(name)
                        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
                out.println(KIND + "/" + name + " annotated " + Labels.ACTION + "=" + action);
                return OK;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= CONFLICT_RETRIES) {
                    throw e;
                }
            }
            pipeline = client.resources(ModelPipeline.class).inNamespace(namespace).withName(name).get();
            if (pipeline == null) {
                err.println("error: " + notFound(name, namespace));
                return FAILED;
            }
        }
    }

    private int setPaused(KubernetesClient client, ModelPipeline pipeline, boolean paused) {
        String name = pipeline.getMetadata().getName();
        boolean already = pipeline.getSpec() != null && pipeline.getSpec().isPaused() == paused;
        client.resources(ModelPipeline.class).inNamespace(pipeline.getMetadata().getNamespace()).withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"paused\":" + paused + "}}");
        out.println(KIND + "/" + name + (already ? " was already " : " ") + (paused ? "paused" : "resumed")
                + " (spec.paused=" + paused + ")");
        return OK;
    }

    private static String notFound(String name, String namespace) {
        return "modelpipeline \"" + name + "\" not found in namespace \"" + namespace + "\"";
    }

    private static String describe(KubernetesClientException e, Invocation invocation, String namespace, KubernetesClient client) {
        if (e.getCode() == 404 && invocation.pipeline() != null) {
            return notFound(invocation.pipeline(), namespace) + (e.getStatus() != null && e.getStatus().getMessage() != null
                    && e.getStatus().getMessage().contains("the server could not find the requested resource")
                    ? " (are the Modelgate CRDs installed? kubectl apply -f crds/)" : "");
        }
        if (e.getCode() == 403) {
            return "forbidden: " + (e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage());
        }
        if (e.getCode() > 0 && e.getStatus() != null && e.getStatus().getMessage() != null) {
            return "the API server answered " + e.getCode() + ": " + e.getStatus().getMessage();
        }
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof java.io.IOException && client != null) {
            return "cannot reach the API server at " + client.getMasterUrl() + ": " + cause
                    + " (is the kubeconfig right? $KUBECONFIG or ~/.kube/config)";
        }
        return e.getMessage() + (cause != e ? " (" + cause + ")" : "");
    }

    static String json(String value) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
