package io.modelgate.pipeline.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.analysis.Measurement;
import io.modelgate.analysis.MeasurementPhase;
import io.modelgate.api.AnalysisMetricSpec;
import io.modelgate.api.AnalysisSpec;
import io.modelgate.api.CanaryStepSpec;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.RegistrySpec;
import io.modelgate.api.RolloutSpec;
import io.modelgate.delivery.RolloutDefaults;
import io.modelgate.testing.Pipelines;
import io.modelgate.workload.Labels;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The scenarios of the golden whole-pass tests, walked pass by pass on an {@link InMemoryCluster}: each pass gives
 * one golden pair, {@code NN-step.in.yaml} (what it read) and {@code NN-step.out.yaml} (what it planned).
 */
final class PassScenarios {

    static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    static final PipelinePass PLANNER = new PipelinePass(new RolloutDefaults(Duration.ofSeconds(30), "http://127.0.0.1:9090"),
            PassState.Slots.UNLIMITED);

    record Step(String scenario, String name, JsonNode in, JsonNode out) {
    }

    private PassScenarios() {
    }

    static List<Step> all() {
        List<Step> steps = new ArrayList<>();
        steps.addAll(direct());
        steps.addAll(rejectedAndSuperseded());
        steps.addAll(canaryRolledBack());
        steps.addAll(backgroundRunEndsWithTheRollback());
        steps.addAll(replacedThenPausedWithAChange());
        steps.addAll(deletingTheServingRecordIsHeld());
        steps.addAll(podSecurityRefused());
        steps.addAll(podsRefusedByTheNamespace());
        steps.addAll(registryDownThenBack());
        return steps;
    }

    /** A first revision from nothing to Promoted, then a pass with nothing to do. */
    static List<Step> direct() {
        Walk walk = new Walk("direct", Pipelines.fraud("fraud", "ml"));
        walk.pass("new-pipeline-creates-r1-and-its-training-job");
        walk.cluster.completeJob("fraud-r1-train", "{\"loss\": 0.12}");
        walk.pass("trained-starts-evaluation");
        walk.cluster.completeJob("fraud-r1-eval", "{\"auc\": 0.95}");
        walk.pass("gates-pass-deploys-serving");
        walk.cluster.makeAvailable("fraud-r1");
        walk.pass("serving-available-promotes-and-creates-service");
        walk.pass("steady-state-plans-nothing");
        return walk.steps;
    }

    /** A spec change mid-training supersedes r2 for r3; r3 fails its gate; r1 keeps serving untouched. */
    static List<Step> rejectedAndSuperseded() {
        Walk walk = new Walk("rejected-and-superseded", Pipelines.fraud("fraud", "ml"));
        walk.promoteFirst();
        walk.cluster.editSpec(p -> p.getSpec().getSource().setDataRef("s3://data/fraud/2026-11-02"));
        walk.pass("spec-change-creates-r2");
        walk.cluster.editSpec(p -> p.getSpec().getSource().setDataRef("s3://data/fraud/2026-11-03"));
        walk.pass("second-change-mid-training-supersedes-r2");
        walk.cluster.completeJob("fraud-r3-train", "{}");
        walk.pass("r3-trained");
        walk.cluster.completeJob("fraud-r3-eval", "{\"auc\": 0.71}");
        walk.pass("r3-fails-its-gate-r1-keeps-serving");
        return walk.steps;
    }

    /** A canary with an analysis step: weight 20, a failed measurement, rolled back to r1. */
    static List<Step> canaryRolledBack() {
        ModelPipeline pipeline = Pipelines.fraud("fraud", "ml");
        Walk walk = new Walk("canary-rolled-back", pipeline);
        walk.promoteFirst();
        walk.cluster.editSpec(p -> {
            p.getSpec().setRollout(canary());
            p.getSpec().getSource().setDataRef("s3://data/fraud/2026-11-02");
        });
        walk.pass("spec-change-creates-r2");
        walk.cluster.completeJob("fraud-r2-train", "{}");
        walk.pass("r2-trained");
        walk.cluster.completeJob("fraud-r2-eval", "{\"auc\": 0.96}");
        walk.pass("gates-pass-canary-starts-at-weight-20");
        walk.cluster.makeAvailable("fraud-r2");
        walk.pass("canary-available-analysis-starts");
        walk.later(Duration.ofSeconds(31));
        walk.measurement = request -> new Measurement(MeasurementPhase.Failed, 0.09, null,
                request.metric().name() + ": 0.09 is above max 0.05", walk.cluster.now());
        walk.pass("failed-measurement-rolls-back");
        return walk.steps;
    }

    /** A canary whose step analysis fails while its background analysis is healthy: the rollback ends both runs. */
    static List<Step> backgroundRunEndsWithTheRollback() {
        Walk walk = new Walk("background-run-ends-with-the-rollback", Pipelines.fraud("fraud", "ml"));
        walk.promoteFirst();
        walk.cluster.editSpec(p -> {
            RolloutSpec rollout = canary();
            AnalysisMetricSpec latency = InMemoryCluster.SERIALIZATION.unmarshal("""
                    {"name": "latency", "interval": "30s", "max": 0.5,
                     "prometheus": {"query": "latency_p99{revision=\\"{{revision}}\\"}"}}""", AnalysisMetricSpec.class);
            AnalysisSpec watch = new AnalysisSpec();
            watch.setName("watch");
            watch.setMetrics(List.of(latency));
            rollout.setAnalyses(List.of(rollout.getAnalyses().get(0), watch));
            rollout.setBackgroundAnalysis(InMemoryCluster.SERIALIZATION.unmarshal("{\"name\": \"watch\"}",
                    io.modelgate.api.AnalysisRef.class));
            p.getSpec().setRollout(rollout);
            p.getSpec().getSource().setDataRef("s3://data/fraud/2026-11-02");
        });
        walk.measurement = request -> "latency".equals(request.metric().name())
                ? new Measurement(MeasurementPhase.Successful, 0.2, null, "latency: 0.2", walk.cluster.now())
                : new Measurement(MeasurementPhase.Failed, 0.09, null, "error-rate: 0.09 is above max 0.05", walk.cluster.now());
        walk.pass("spec-change-creates-r2");
        walk.cluster.completeJob("fraud-r2-train", "{}");
        walk.pass("r2-trained");
        walk.cluster.completeJob("fraud-r2-eval", "{\"auc\": 0.96}");
        walk.pass("gates-pass-canary-and-background-analysis-start");
        walk.cluster.makeAvailable("fraud-r2");
        walk.pass("canary-available-step-analysis-starts");
        walk.later(Duration.ofSeconds(31));
        walk.pass("failed-step-measurement-rolls-back-and-ends-the-background-run");
        return walk.steps;
    }

    /** r2 replaces r1 (whose record then says so); a change made while paused is named and keeps the pipeline from Ready. */
    static List<Step> replacedThenPausedWithAChange() {
        Walk walk = new Walk("replaced-then-paused-with-a-change", Pipelines.fraud("fraud", "ml"));
        walk.promoteFirst();
        walk.cluster.editSpec(p -> p.getSpec().getSource().setDataRef("s3://data/fraud/2026-11-02"));
        walk.pass("spec-change-creates-r2");
        walk.cluster.completeJob("fraud-r2-train", "{}");
        walk.pass("r2-trained");
        walk.cluster.completeJob("fraud-r2-eval", "{\"auc\": 0.96}");
        walk.pass("gates-pass-deploys-r2");
        walk.cluster.makeAvailable("fraud-r2");
        walk.pass("r2-promoted-r1-replaced");
        walk.cluster.editSpec(p -> {
            p.getSpec().setPaused(true);
            p.getSpec().getSource().setDataRef("s3://data/fraud/2026-11-03");
        });
        walk.pass("paused-change-is-held-back-and-named");
        return walk.steps;
    }

    /** kubectl delete of the serving revision: its record and Deployment stay until r2 serves, then both go. */
    static List<Step> deletingTheServingRecordIsHeld() {
        Walk walk = new Walk("deleting-the-serving-record-is-held", Pipelines.fraud("fraud", "ml"));
        walk.promoteFirst();
        walk.pass("the-stable-record-holds-the-finalizer");
        walk.cluster.markDeleted("ModelRevision", "fraud-r1");
        walk.pass("its-deletion-is-held-with-a-warning-and-nothing-else-changes");
        walk.cluster.editSpec(p -> p.getSpec().getSource().setDataRef("s3://data/fraud/2026-11-02"));
        walk.pass("spec-change-creates-r2");
        walk.cluster.completeJob("fraud-r2-train", "{}");
        walk.pass("r2-trained");
        walk.cluster.completeJob("fraud-r2-eval", "{\"auc\": 0.96}");
        walk.pass("gates-pass-deploys-r2");
        walk.cluster.makeAvailable("fraud-r2");
        walk.pass("r2-serves-and-the-deleted-record-is-let-go");
        walk.pass("r1-and-its-deployment-are-gone");
        return walk.steps;
    }

    /**
     * The template (privileged, hostPID, hostNetwork, a hostPath of /) on a serving pipeline, at the default
     * level (baseline): InvalidSpec naming each field and a Warning Event, no revision, Job or Deployment, r1 keeps
     * serving; fixed, the next pass creates r2.
     */
    static List<Step> podSecurityRefused() {
        Walk walk = new Walk("pod-security-refused", Pipelines.fraud("fraud", "ml"));
        walk.promoteFirst();
        walk.cluster.editSpec(p -> p.getSpec().getServing().setTemplate(InMemoryCluster.SERIALIZATION.unmarshal("""
                {"spec": {"hostPID": true, "hostNetwork": true,
                  "containers": [{"name": "server", "image": "registry.example/fraud-serve:1.1",
                                  "securityContext": {"privileged": true}, "volumeMounts": [{"name": "root", "mountPath": "/host"}]}],
                  "volumes": [{"name": "root", "hostPath": {"path": "/"}}]}}""", io.fabric8.kubernetes.api.model.PodTemplateSpec.class)));
        walk.pass("privileged-serving-template-is-invalid-spec-r1-keeps-serving");
        walk.cluster.editSpec(p -> p.getSpec().getServing().setTemplate(Pipelines.podTemplate("server", "registry.example/fraud-serve:1.1")));
        walk.pass("fixed-template-creates-r2");
        return walk.steps;
    }

    /**
     * The namespace refuses the pods of r2's Jobs, which the operator's level allows: a quota holds the training Job
     * (r2 waits, saying why) until it is raised; then Pod Security admission refuses the evaluation Job's pods: r2
     * fails with the server's message and its evaluation Job is deleted. r1 serves throughout.
     */
    static List<Step> podsRefusedByTheNamespace() {
        Walk walk = new Walk("pods-refused-by-the-namespace", Pipelines.fraud("fraud", "ml"));
        walk.promoteFirst();
        walk.cluster.editSpec(p -> p.getSpec().getSource().setDataRef("s3://data/fraud/2026-11-02"));
        walk.pass("spec-change-creates-r2");
        walk.cluster.refusePods("fraud-r2-train", "Error creating: pods \"fraud-r2-train-x7k2p\" is forbidden: exceeded quota: pods, "
                + "requested: pods=1, used: pods=10, limited: pods=10");
        walk.pass("quota-holds-the-training-job-r2-waits-saying-why");
        walk.pass("held-again-plans-nothing-new");
        walk.cluster.admitPods("fraud-r2-train");
        walk.cluster.startJobPod("fraud-r2-train");
        walk.pass("quota-raised-pods-created-r2-trains");
        walk.cluster.completeJob("fraud-r2-train", "{}");
        walk.pass("r2-trained-starts-evaluation");
        walk.cluster.refusePods("fraud-r2-eval", "Error creating: pods \"fraud-r2-eval-q8d4m\" is forbidden: violates PodSecurity "
                + "\"restricted:latest\": runAsNonRoot != true (pod or container \"evaluate\" must set securityContext.runAsNonRoot=true)");
        walk.pass("pod-security-refuses-the-evaluation-pods-r2-fails-its-job-deleted");
        return walk.steps;
    }

    /**
     * r1 passes its gates while MLflow is down: it is deployed and promoted all the same, the version it is owed
     * stays pending (RegistrySynced=False) and is retried after the backoff; MLflow back, one pass writes the
     * version, the alias and the outcome, once.
     */
    static List<Step> registryDownThenBack() {
        ModelPipeline pipeline = Pipelines.fraud("fraud", "ml");
        pipeline.getSpec().setRegistry(mlflow("http://mlflow.mlops:5000"));
        Walk walk = new Walk("registry-down-then-back", pipeline);
        InMemoryRegistry registry = new InMemoryRegistry();
        walk.registry = registry;
        registry.down = true;
        walk.cluster.pass(PLANNER, walk.measurement, registry);
        walk.cluster.completeJob("fraud-r1-train", "{\"loss\": 0.12}");
        walk.cluster.pass(PLANNER, walk.measurement, registry);
        walk.cluster.completeJob("fraud-r1-eval", "{\"auc\": 0.95}");
        walk.pass("gates-pass-registry-down-serving-goes-on");
        walk.cluster.makeAvailable("fraud-r1");
        walk.pass("promoted-while-the-version-waits-for-its-retry");
        registry.down = false;
        walk.later(Duration.ofSeconds(5));
        walk.pass("registry-back-version-alias-and-outcome-written-once");
        walk.pass("steady-state-owes-nothing");
        return walk.steps;
    }

    static RegistrySpec mlflow(String address) {
        return InMemoryCluster.SERIALIZATION.unmarshal("{\"mlflow\": {\"address\": \"" + address + "\"}}", RegistrySpec.class);
    }

    static RolloutSpec canary() {
        RolloutSpec rollout = new RolloutSpec();
        rollout.setStrategy(RolloutSpec.Strategy.Canary);
        AnalysisMetricSpec metric = InMemoryCluster.SERIALIZATION.unmarshal("""
                {"name": "error-rate", "interval": "30s", "failureLimit": 0, "max": 0.05,
                 "prometheus": {"query": "error_ratio{revision=\\"{{revision}}\\"}"}}""", AnalysisMetricSpec.class);
        AnalysisSpec analysis = new AnalysisSpec();
        analysis.setName("errors");
        analysis.setMetrics(List.of(metric));
        rollout.setAnalyses(List.of(analysis));
        CanaryStepSpec weight = new CanaryStepSpec();
        weight.setSetWeight(20);
        CanaryStepSpec check = InMemoryCluster.SERIALIZATION.unmarshal("{\"analysis\": {\"name\": \"errors\"}}", CanaryStepSpec.class);
        rollout.setSteps(List.of(weight, check));
        return rollout;
    }

    /** A scenario walked pass by pass. */
    static final class Walk {
        final String scenario;
        final InMemoryCluster cluster;
        final List<Step> steps = new ArrayList<>();
        Function<MeasurementRequest, Measurement> measurement = request -> new Measurement(MeasurementPhase.Successful, 0.01, null,
                request.metric().name() + ": 0.01", T0);
        PassRounds.Registrar registry = PassRounds.Registrar.NONE;

        Walk(String scenario, ModelPipeline pipeline) {
            this.scenario = scenario;
            this.cluster = new InMemoryCluster(pipeline, T0);
        }

        void pass(String name) {
            later(Duration.ofSeconds(1));
            InMemoryCluster.Pass pass = cluster.pass(PLANNER, measurement, registry);
            steps.add(new Step(scenario, String.format("%02d-%s", steps.size() + 1, name),
                    PassYaml.in(pass.snapshot(), pass.inputs()), PassYaml.out(pass.plan())));
        }

        void later(Duration duration) {
            cluster.at(cluster.now().plus(duration));
        }

        /** r1 to Promoted without recording the passes (the direct scenario pins those down). */
        void promoteFirst() {
            cluster.pass(PLANNER, measurement);
            cluster.completeJob("fraud-r1-train", "{}");
            cluster.pass(PLANNER, measurement);
            cluster.completeJob("fraud-r1-eval", "{\"auc\": 0.95}");
            cluster.pass(PLANNER, measurement);
            cluster.makeAvailable("fraud-r1");
            cluster.pass(PLANNER, measurement);
            later(Duration.ofMinutes(1));
        }
    }

    static Map<String, String> labels(String revision) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.REVISION, revision);
        return labels;
    }
}
