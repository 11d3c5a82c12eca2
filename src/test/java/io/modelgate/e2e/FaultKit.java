package io.modelgate.e2e;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.modelgate.api.MeasurementStatus;
import io.modelgate.api.MetricRunStatus;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.testing.Property;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What the fault scenarios share: the seed, the pipelines they make, and the cluster reads they assert on. */
final class FaultKit {

    static final String NAMESPACE = "default";
    static final String ACTION = "modelgate.io/action";

    final E2eEnvironment env;
    final long seed;
    final ApiAudit audit;

    FaultKit(E2eEnvironment env) {
        this.env = env;
        this.seed = seed();
        this.audit = new ApiAudit(env.cluster().auditLog());
    }

    /** {@code -Dmodelgate.seed} (or MODELGATE_SEED), as for the property tests; random otherwise. */
    private static long seed() {
        String given = System.getProperty(Property.SEED_PROPERTY);
        if (given == null || given.isBlank()) {
            given = System.getenv(Property.SEED_VARIABLE);
        }
        return given == null || given.isBlank() ? ThreadLocalRandom.current().nextLong() : Long.parseLong(given.trim());
    }

    static void log(String format, Object... args) {
        E2e.log("[faults] " + format, args);
    }

    // ------------------------------------------------------------------ pipelines

    /** A pipeline built for speed on kwok: Jobs complete at once unless a stage is given a duration. */
    static final class PipelineYaml {
        private final String name;
        private int replicas = 2;
        private String trainingDuration;
        private boolean validation;
        private String rollout = "strategy: Direct\n";
        private Map<String, String> parameters = Map.of("generation", "0");

        PipelineYaml(String name) {
            this.name = name;
        }

        PipelineYaml replicas(int n) {
            replicas = n;
            return this;
        }

        /** How long each training pod runs (a Go duration), so a fault can land while a revision trains. */
        PipelineYaml trainingTakes(String duration) {
            trainingDuration = duration;
            return this;
        }

        PipelineYaml withValidation() {
            validation = true;
            return this;
        }

        PipelineYaml rollout(String yaml) {
            rollout = yaml;
            return this;
        }

        PipelineYaml parameters(Map<String, String> values) {
            parameters = values;
            return this;
        }

        String yaml() {
            String params = new TreeMap<>(parameters).entrySet().stream()
                    .map(e -> e.getKey() + ": \"" + e.getValue() + "\"").collect(Collectors.joining(", ", "{", "}"));
            StringBuilder out = new StringBuilder("""
                    apiVersion: modelgate.io/v1alpha1
                    kind: ModelPipeline
                    metadata: {name: %s, namespace: %s}
                    spec:
                      model: %s
                      revisionHistoryLimit: 100
                      source:
                        trainingImage: registry.example/train:1.0
                        dataRef: s3://data/%s
                        parameters: %s
                    """.formatted(name, NAMESPACE, name, name, params));
            if (validation) {
                out.append("""
                          dataValidation:
                            template:
                              metadata:
                                annotations:
                                  modelgate.io/simulated-termination-message: '{"rows": 5000}'
                              spec:
                                containers: [{name: validate, image: registry.example/validate:1.0}]
                            gates: [{metric: rows, min: 1000}]
                        """);
            }
            out.append("  training:\n    artifactUri: s3://models/{namespace}/{pipeline}/{revision}\n");
            if (trainingDuration != null) {
                out.append("""
                            template:
                              metadata:
                                annotations:
                                  modelgate.io/simulated-duration: %s
                        """.formatted(trainingDuration));
            }
            out.append("""
                      evaluation:
                        template:
                          metadata:
                            annotations:
                              modelgate.io/simulated-termination-message: '{"auc": 0.95}'
                          spec:
                            containers: [{name: evaluate, image: registry.example/eval:1.0}]
                        gates: [{metric: auc, min: 0.9}]
                      serving:
                        replicas: %d
                        port: 8080
                        template:
                          spec:
                            containers: [{name: server, image: registry.example/serve:1.0}]
                      rollout:
                    """.formatted(replicas)).append(rollout.indent(4));
            return out.toString();
        }
    }

    void create(PipelineYaml pipeline) {
        env.admin().resource(env.admin().getKubernetesSerialization().unmarshal(pipeline.yaml(), ModelPipeline.class)).create();
    }

    /** A new value for one training parameter: a spec change of the revision's identity, so a new revision. */
    void setParameter(String pipeline, String key, String value) {
        String patch = "{\"spec\":{\"source\":{\"parameters\":{\"" + key + "\":\"" + value + "\"}}}}";
        env.admin().resources(ModelPipeline.class).inNamespace(NAMESPACE).withName(pipeline).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    void annotate(String pipeline, String action) {
        String patch = "{\"metadata\":{\"annotations\":{\"" + ACTION + "\":\"" + action + "\"}}}";
        env.admin().resources(ModelPipeline.class).inNamespace(NAMESPACE).withName(pipeline).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    // ------------------------------------------------------------------ reads

    ModelPipeline pipeline(String name) {
        return env.admin().resources(ModelPipeline.class).inNamespace(NAMESPACE).withName(name).get();
    }

    ModelRevision revision(String name) {
        return env.admin().resources(ModelRevision.class).inNamespace(NAMESPACE).withName(name).get();
    }

    /** The pipeline's revisions, by number. */
    List<ModelRevision> revisions(String pipeline) {
        return env.admin().resources(ModelRevision.class).inNamespace(NAMESPACE).withLabel("modelgate.io/pipeline", pipeline)
                .list().getItems().stream()
                .filter(r -> pipeline.equals(r.getSpec().getPipeline()))
                .sorted(Comparator.comparing(r -> r.getSpec().getNumber()))
                .toList();
    }

    Deployment deployment(String name) {
        return env.admin().apps().deployments().inNamespace(NAMESPACE).withName(name).get();
    }

    List<Deployment> deployments(String pipeline) {
        return env.admin().apps().deployments().inNamespace(NAMESPACE).withLabel("modelgate.io/pipeline", pipeline).list().getItems();
    }

    List<Job> jobs(String pipeline) {
        return env.admin().batch().v1().jobs().inNamespace(NAMESPACE).withLabel("modelgate.io/pipeline", pipeline).list().getItems();
    }

    static String phase(ModelRevision revision) {
        return revision == null || revision.getStatus() == null ? null : revision.getStatus().getPhase();
    }

    static String describe(ModelRevision revision) {
        if (revision == null) {
            return "not created yet";
        }
        if (revision.getStatus() == null) {
            return revision.getMetadata().getName() + ": no status yet";
        }
        var rollout = revision.getStatus().getRollout();
        return revision.getMetadata().getName() + " " + revision.getStatus().getPhase() + " / " + revision.getStatus().getReason() + ": "
                + revision.getStatus().getMessage() + (rollout == null ? "" : " | rollout step " + rollout.getStepIndex() + ": " + rollout.getMessage());
    }

    static Optional<Condition> condition(ModelPipeline pipeline, String type) {
        return pipeline.getStatus() == null || pipeline.getStatus().getConditions() == null ? Optional.empty()
                : pipeline.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    static int specReplicas(Deployment deployment) {
        return deployment == null || deployment.getSpec().getReplicas() == null ? 0 : deployment.getSpec().getReplicas();
    }

    static int readyReplicas(Deployment deployment) {
        return deployment == null || deployment.getStatus() == null || deployment.getStatus().getReadyReplicas() == null
                ? 0 : deployment.getStatus().getReadyReplicas();
    }

    /** The metric's record in the revision's analysis runs (the first run that has it), or null. */
    static MetricRunStatus metric(ModelRevision revision, String metric) {
        if (revision == null || revision.getStatus() == null || revision.getStatus().getRollout() == null) {
            return null;
        }
        return revision.getStatus().getRollout().getAnalysisRuns().stream().flatMap(r -> r.getMetrics().stream())
                .filter(m -> metric.equals(m.getName())).findFirst().orElse(null);
    }

    /** Every recorded measurement of a revision (the last 10 per metric and run), oldest first. */
    static List<MeasurementStatus> measurements(ModelRevision revision) {
        if (revision == null || revision.getStatus() == null || revision.getStatus().getRollout() == null) {
            return List.of();
        }
        return revision.getStatus().getRollout().getAnalysisRuns().stream()
                .flatMap(run -> run.getMetrics().stream())
                .flatMap(metric -> metric.getMeasurements().stream())
                .sorted(Comparator.comparing(m -> Instant.parse(m.getTime())))
                .toList();
    }

    static Instant transitionTime(ModelRevision revision, String phase) {
        return revision.getStatus().getTransitions().stream().filter(t -> phase.equals(t.getPhase()))
                .map(t -> Instant.parse(t.getTime())).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError(revision.getMetadata().getName() + " never entered " + phase));
    }

    /** Serving pods of a revision that run and are not being deleted, name to uid. */
    Map<String, String> servingPods(String revision) {
        return servingPods(env, revision);
    }

    /** As {@link #servingPods(String)}, for the e2e tests that have no kit. */
    static Map<String, String> servingPods(E2eEnvironment env, String revision) {
        return env.admin().pods().inNamespace(NAMESPACE)
                .withLabel("modelgate.io/revision", revision)
                .withLabel("modelgate.io/role", "serving")
                .list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> "Running".equals(p.getStatus().getPhase()))
                .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p.getMetadata().getUid(), (a, b) -> a, TreeMap::new));
    }

    // ------------------------------------------------------------------ logs

    /**
     * Lines of the operator logs that show an exception or an error: a stack frame, an exception's class name, an
     * ERROR level (text or JSON). Each returned line names its file.
     */
    static List<String> exceptionLines(List<Path> logs) {
        List<String> problems = new ArrayList<>();
        for (Path log : logs) {
            List<String> lines;
            try {
                lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (String line : lines) {
                if (line.contains("Exception") || line.contains("\"level\":\"ERROR\"") || line.contains(" ERROR ")
                        || line.contains("\"exception\"") || line.trim().startsWith("at ")) {
                    problems.add(log.getFileName() + ": " + (line.length() > 600 ? line.substring(0, 600) + "…" : line));
                }
            }
        }
        return problems;
    }

    static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }

    static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    /** The stable revision's Deployment keeps its size and its pods Ready: what "serving is never harmed" means here. */
    void assertServesWhole(String stable, int replicas) {
        Deployment deployment = deployment(stable);
        assertThat(deployment).as("Deployment %s", stable).isNotNull();
        assertThat(specReplicas(deployment)).as("spec.replicas of the stable %s", stable).isEqualTo(replicas);
        assertThat(readyReplicas(deployment)).as("ready replicas of the stable %s", stable).isEqualTo(replicas);
    }
}
