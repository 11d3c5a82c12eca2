package io.modelgate.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.ModelRevisionSpec.Trigger;
import io.modelgate.revision.JobStage;
import io.modelgate.revision.PipelinePlan;
import io.modelgate.revision.RevisionIdentity;
import io.modelgate.testing.Pipelines;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Modelgate asks the cluster to run, pinned down as YAML under src/test/resources/golden/. A difference is
 * either a regression or an intended change: in the latter case regenerate with
 * {@code mvn test -Dtest=WorkloadsGoldenTest -Dmodelgate.updateGolden=true}, read the diff and commit it.
 *
 * <p>The comparison is of the parsed YAML trees, so the order of keys in a map does not count (some selectors
 * are built with {@code Map.of}, whose iteration order differs between JVMs); everything else does.
 */
class WorkloadsGoldenTest {

    static final Path GOLDEN = Path.of(System.getProperty("user.dir"), "src", "test", "resources", "golden");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The test pipeline as it is defined in {@link Pipelines}: a training template left out, no data validation. */
    static ModelPipeline minimal() {
        ModelPipeline pipeline = Pipelines.fraud("fraud", "ml");
        pipeline.getMetadata().setUid("6f1c2a8e-0000-4000-8000-000000000001");
        pipeline.getMetadata().setGeneration(3L);
        return pipeline;
    }

    /** Every stage with a user template that says things: its own security, env, labels, restart policy, ports. */
    static ModelPipeline complete() {
        ModelPipeline pipeline = Pipelines.fraud("churn", "team-a");
        pipeline.getMetadata().setUid("6f1c2a8e-0000-4000-8000-000000000002");
        var spec = pipeline.getSpec();
        spec.setModel("churn-model");
        spec.getSource().setParameters(Map.of("learning-rate", "0.05", "n.estimators", "400", "max_depth", "8"));
        spec.getSource().setDataRef("bq://analytics.churn@2026-10-31");
        spec.setDataValidation(Pipelines.dataValidation(Pipelines.gate("rows", 10000.0, null)));
        spec.getDataValidation().setBackoffLimit(0);
        spec.getDataValidation().setActiveDeadlineSeconds(600L);

        spec.getTraining().setArtifactUri("gs://models/{namespace}/{model}/{pipeline}-{revision}");
        spec.getTraining().setActiveDeadlineSeconds(7200L);
        spec.getTraining().setTemplate(new PodTemplateSpecBuilder()
                .withNewMetadata().addToLabels("team", "churn").addToAnnotations("sidecar.istio.io/inject", "false").endMetadata()
                .withNewSpec()
                .withServiceAccountName("trainer")
                .withRestartPolicy("OnFailure")
                .withNewSecurityContext().withRunAsUser(1000L).withFsGroup(2000L).endSecurityContext()
                .addNewInitContainer().withName("fetch").withImage("registry.example/fetch:2").endInitContainer()
                .addNewContainer().withName("trainer")
                .addToEnv(new EnvVar("LOG_LEVEL", "debug", null), new EnvVar("MODEL_URI", "s3://user/override", null))
                .withNewResources().addToLimits("nvidia.com/gpu", new io.fabric8.kubernetes.api.model.Quantity("1")).endResources()
                .endContainer()
                .endSpec()
                .build());

        spec.getEvaluation().setTemplate(new PodTemplateSpecBuilder()
                .withNewSpec()
                .withRestartPolicy("Always")
                .addNewContainer().withName("evaluate").withImage("registry.example/churn-eval:3")
                .withNewSecurityContext().withReadOnlyRootFilesystem(true).endSecurityContext()
                .endContainer()
                .addNewContainer().withName("helper").withImage("registry.example/helper:1").endContainer()
                .endSpec()
                .build());

        PodTemplateSpec serving = new PodTemplateSpecBuilder()
                .withNewMetadata().addToLabels("app.kubernetes.io/name", "user-says-otherwise").endMetadata()
                .withNewSpec()
                .addNewContainer().withName("server").withImage("registry.example/churn-serve:3")
                .addNewPort().withName("metrics").withContainerPort(9090).endPort()
                .addNewPort().withName("web").withContainerPort(8000).endPort()
                .endContainer()
                .endSpec()
                .build();
        spec.getServing().setTemplate(serving);
        spec.getServing().setPort(8000);
        spec.getServing().setReplicas(3);
        spec.getServing().setServiceName("churn-api");
        return pipeline;
    }

    /** A training template with only metadata: one container train running source.trainingImage, as the README says. */
    static ModelPipeline metadataOnlyTraining() {
        ModelPipeline pipeline = minimal();
        pipeline.getSpec().getTraining().setTemplate(new PodTemplateSpecBuilder()
                .withNewMetadata().addToLabels("team", "fraud").addToAnnotations("cost-center", "ml-42").endMetadata()
                .build());
        return pipeline;
    }

    /** Distributed PyTorch on the Trainer's torch-distributed runtime: 4 nodes with a GPU each, queued by Kueue. */
    static ModelPipeline trainJob() {
        ModelPipeline pipeline = minimal();
        var training = pipeline.getSpec().getTraining();
        training.setBackend(io.modelgate.api.TrainingSpec.Backend.TrainJob);
        training.setQueueName("team-a-gpu");
        training.setActiveDeadlineSeconds(36000L);
        io.modelgate.api.TrainJobSpec trainJob = new io.modelgate.api.TrainJobSpec();
        io.modelgate.api.TrainJobSpec.RuntimeRef runtime = new io.modelgate.api.TrainJobSpec.RuntimeRef();
        runtime.setName("torch-distributed");
        trainJob.setRuntimeRef(runtime);
        io.modelgate.api.TrainJobSpec.Trainer trainer = new io.modelgate.api.TrainJobSpec.Trainer();
        trainer.setCommand(List.of("torchrun", "train.py"));
        trainer.setArgs(List.of("--epochs", "3"));
        trainer.setEnv(List.of(new EnvVar("NCCL_DEBUG", "INFO", null), new EnvVar("MODEL_URI", "s3://user/override", null)));
        trainer.setNumNodes(4);
        trainer.setNumProcPerNode(1);
        trainer.setResourcesPerNode(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                .addToLimits("nvidia.com/gpu", new io.fabric8.kubernetes.api.model.Quantity("1")).build());
        trainJob.setTrainer(trainer);
        io.modelgate.api.TrainJobSpec.Initializer initializer = new io.modelgate.api.TrainJobSpec.Initializer();
        initializer.setDataset(new io.modelgate.api.TrainJobSpec.Storage());
        trainJob.setInitializer(initializer);
        trainJob.setLabels(Map.of("team", "fraud"));
        trainJob.setAnnotations(Map.of("cost-center", "ml-42"));
        training.setTrainJob(trainJob);
        training.setBackoffLimit(null);
        trainJob.setRuntimePatch(Map.of("template", Map.of("spec", Map.of("replicatedJobs", List.of(Map.of("name", "node",
                "template", Map.of("spec", Map.of("template", Map.of(
                        "metadata", Map.of("labels", Map.of("team", "fraud")),
                        "spec", Map.of("nodeSelector", Map.of("gpu", "a100")))))))))));
        return pipeline;
    }

    /** A JobSet of a driver and 2 workers, done when the driver is, with one restart. */
    static ModelPipeline jobSet() {
        ModelPipeline pipeline = minimal();
        var training = pipeline.getSpec().getTraining();
        training.setBackend(io.modelgate.api.TrainingSpec.Backend.JobSet);
        training.setBackoffLimit(null);
        io.modelgate.api.JobSetTrainingSpec jobSet = new io.modelgate.api.JobSetTrainingSpec();
        io.modelgate.api.JobSetTrainingSpec.ReplicatedJob driver = new io.modelgate.api.JobSetTrainingSpec.ReplicatedJob();
        driver.setName("driver");
        driver.setTemplate(Map.of("spec", Map.of("backoffLimit", 0, "template", Map.of("spec", Map.of("containers",
                List.of(Map.of("name", "driver", "args", List.of("--role", "driver"))))))));
        io.modelgate.api.JobSetTrainingSpec.ReplicatedJob workers = new io.modelgate.api.JobSetTrainingSpec.ReplicatedJob();
        workers.setName("workers");
        workers.setReplicas(2);
        workers.setTemplate(Map.of("spec", Map.of("parallelism", 1, "template", Map.of("spec", Map.of("containers",
                List.of(Map.of("name", "worker", "image", "registry.example/fraud-worker:1.0")))))));
        jobSet.setReplicatedJobs(List.of(driver, workers));
        jobSet.setSuccessPolicy(Map.of("operator", "All", "targetReplicatedJobs", List.of("driver")));
        jobSet.setFailurePolicy(Map.of("maxRestarts", 1));
        training.setJobSet(jobSet);
        return pipeline;
    }

    /** Served on KServe by the sklearn runtime, autoscaling from 2 to 6 pods on CPU, its requests logged. */
    static ModelPipeline inferenceService() {
        ModelPipeline pipeline = minimal();
        var serving = pipeline.getSpec().getServing();
        serving.setBackend(io.modelgate.api.ServingSpec.Backend.InferenceService);
        serving.setTemplate(null);
        io.modelgate.api.InferenceServiceSpec predictor = new io.modelgate.api.InferenceServiceSpec();
        io.modelgate.api.InferenceServiceSpec.ModelFormat format = new io.modelgate.api.InferenceServiceSpec.ModelFormat();
        format.setName("sklearn");
        format.setVersion("1");
        predictor.setModelFormat(format);
        predictor.setProtocolVersion("v2");
        predictor.setMinReplicas(2);
        predictor.setMaxReplicas(6);
        predictor.setScaleMetric(io.modelgate.api.InferenceServiceSpec.ScaleMetric.cpu);
        predictor.setScaleTarget(70);
        predictor.setResources(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("500m")).build());
        predictor.setEnv(List.of(new EnvVar("LOG_LEVEL", "debug", null), new EnvVar("MODEL_URI", "s3://user/override", null)));
        predictor.setLogger(Map.of("mode", "request", "url", "http://payload-sink.ml.svc"));
        predictor.setLabels(Map.of("team", "fraud"));
        predictor.setAnnotations(Map.of("serving.kserve.io/enable-prometheus-scraping", "true"));
        serving.setInferenceService(predictor);
        return pipeline;
    }

    static ModelRevision freeze(ModelPipeline pipeline, int number, Trigger trigger, Optional<Instant> tick) {
        ModelRevision revision = Revisions.freeze(pipeline, new PipelinePlan.NewRevision(number, trigger, tick),
                RevisionIdentity.contentHash(pipeline.getSpec()));
        // What the API server adds on creation and the reconciler reads back.
        revision.getMetadata().setUid("9a0b7c6d-0000-4000-8000-0000000000" + String.format("%02d", number));
        return revision;
    }

    static Stream<Arguments> objects() {
        ModelPipeline minimal = minimal();
        ModelRevision minimalRevision = freeze(minimal, 1, Trigger.Initial, Optional.empty());
        ModelPipeline complete = complete();
        ModelRevision completeRevision = freeze(complete, 12, Trigger.Schedule, Optional.of(Instant.parse("2026-11-02T02:00:00Z")));
        ModelRevision metadataOnlyRevision = freeze(metadataOnlyTraining(), 2, Trigger.SpecChange, Optional.empty());
        ModelRevision trainJobRevision = freeze(trainJob(), 3, Trigger.SpecChange, Optional.empty());
        ModelRevision jobSetRevision = freeze(jobSet(), 4, Trigger.SpecChange, Optional.empty());
        ModelPipeline kserve = inferenceService();
        ModelRevision kserveRevision = freeze(kserve, 5, Trigger.SpecChange, Optional.empty());
        var isvc = io.modelgate.serving.ServingBackends.of(kserve.getSpec().getServing());
        return Stream.of(
                golden("metadata-only-training/job-train.yaml", () -> Workloads.job(metadataOnlyRevision, JobStage.Training)),
                golden("minimal/revision.yaml", () -> minimalRevision),
                golden("minimal/job-train.yaml", () -> Workloads.job(minimalRevision, JobStage.Training)),
                golden("minimal/job-eval.yaml", () -> Workloads.job(minimalRevision, JobStage.Evaluation)),
                golden("minimal/deployment.yaml", () -> Workloads.deployment(minimalRevision, 2)),
                golden("minimal/service.yaml", () -> Workloads.service(minimal)),
                golden("complete/revision.yaml", () -> completeRevision),
                golden("complete/job-validate.yaml", () -> Workloads.job(completeRevision, JobStage.Validation)),
                golden("complete/job-train.yaml", () -> Workloads.job(completeRevision, JobStage.Training)),
                golden("complete/job-eval.yaml", () -> Workloads.job(completeRevision, JobStage.Evaluation)),
                golden("complete/deployment.yaml", () -> Workloads.deployment(completeRevision, 3)),
                golden("complete/deployment-canary.yaml", () -> Workloads.deployment(completeRevision, 1)),
                golden("complete/service.yaml", () -> Workloads.service(complete)),
                golden("train-job/trainjob.yaml", () -> new io.modelgate.training.TrainJobStageBackend().build(trainJobRevision, JobStage.Training)),
                golden("train-job/job-eval.yaml", () -> Workloads.job(trainJobRevision, JobStage.Evaluation)),
                golden("job-set/jobset.yaml", () -> new io.modelgate.training.JobSetStageBackend().build(jobSetRevision, JobStage.Training)),
                golden("inference-service/revision.yaml", () -> kserveRevision),
                golden("inference-service/inferenceservice.yaml", () -> isvc.build(kserveRevision, 2)),
                golden("inference-service/inferenceservice-canary.yaml", () -> isvc.build(kserveRevision, 0)),
                golden("inference-service/scale-patch-split.yaml", () -> isvc.scalePatch(1)),
                golden("inference-service/scale-patch-full.yaml", () -> isvc.scalePatch(2)),
                golden("inference-service/scale-patch-handed-over.yaml", () -> isvc.handedOver(true).scalePatch(2)),
                golden("inference-service/service.yaml", () -> Workloads.service(kserve)));
    }

    static Arguments golden(String file, Supplier<Object> object) {
        return Arguments.of(file, object);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("objects")
    void generatedObjectsMatchTheirGoldenFiles(String file, Supplier<Object> object) throws IOException {
        String actual = Serialization.asYaml(object.get());
        Path golden = GOLDEN.resolve(file);
        if (Boolean.getBoolean("modelgate.updateGolden")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual);
        }
        assertThat(golden).as("%s is missing; run this test with -Dmodelgate.updateGolden=true", golden).exists();
        String expected = Files.readString(golden);

        JsonNode actualTree = YAML.readTree(actual);
        JsonNode expectedTree = YAML.readTree(expected);
        if (!actualTree.equals(expectedTree)) {
            // Same assertion on the text, for a readable diff.
            assertThat(actual).as("%s differs from what is generated now; if the change is intended, rerun with"
                    + " -Dmodelgate.updateGolden=true and review the diff", golden).isEqualTo(expected);
            assertThat(actualTree).isEqualTo(expectedTree);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("objects")
    void generatingTwiceGivesEqualObjects(String file, Supplier<Object> object) throws IOException {
        assertThat(YAML.readTree(Serialization.asYaml(object.get())))
                .isEqualTo(YAML.readTree(Serialization.asYaml(object.get())));
    }
}
