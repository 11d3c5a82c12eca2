package io.modelgate.workload;

import io.modelgate.api.ModelRevisionStatus;
import io.modelgate.api.ChampionStatus;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.ModelRevisionSpec.Trigger;
import io.modelgate.revision.JobStage;
import io.modelgate.revision.PipelinePlan;
import io.modelgate.testing.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class WorkloadsTest {

    static final String PIPELINE_UID = "11111111-2222-4333-8444-555555555555";
    static final String REVISION_UID = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";

    static ModelPipeline pipeline() {
        ModelPipeline pipeline = Pipelines.fraud("fraud", "ml");
        pipeline.getMetadata().setUid(PIPELINE_UID);
        pipeline.getSpec().setDataValidation(Pipelines.dataValidation(Pipelines.gate("rows", 1000.0, null)));
        return pipeline;
    }

    static ModelRevision revision(ModelPipeline pipeline) {
        ModelRevision revision = Revisions.freeze(pipeline, new PipelinePlan.NewRevision(4, Trigger.SpecChange, Optional.empty()), "sha256:abc");
        revision.getMetadata().setUid(REVISION_UID);
        return revision;
    }

    static ModelRevision revisionWith(Consumer<ModelPipeline> change) {
        ModelPipeline pipeline = pipeline();
        change.accept(pipeline);
        return revision(pipeline);
    }

    static PodSpec pod(Job job) {
        return job.getSpec().getTemplate().getSpec();
    }

    static Container main(Job job) {
        return pod(job).getContainers().get(0);
    }

    static Map<String, String> env(Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        container.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
        return env;
    }

    static void assertRestrictedContainer(Container container) {
        SecurityContext context = container.getSecurityContext();
        assertThat(context).as("security context of %s", container.getName()).isNotNull();
        assertThat(context.getAllowPrivilegeEscalation()).isFalse();
        assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
    }

    // ---- names and labels -----------------------------------------------------------------------------------

    @Test
    void namesAreDeterministic() {
        assertThat(RevisionNames.revision("fraud", 7)).isEqualTo("fraud-r7");
        assertThat(RevisionNames.deployment("fraud", 7)).isEqualTo("fraud-r7");
        assertThat(RevisionNames.job("fraud", 7, JobStage.Validation)).isEqualTo("fraud-r7-validate");
        assertThat(RevisionNames.job("fraud", 7, JobStage.Training)).isEqualTo("fraud-r7-train");
        assertThat(RevisionNames.job("fraud", 7, JobStage.Evaluation)).isEqualTo("fraud-r7-eval");
    }

    @Test
    void theLongestAdmittedPipelineNameGivesJobNamesThatFitALabelValue() {
        String forty = "p".repeat(40);
        assertThat(RevisionNames.job(forty, 99_999, JobStage.Validation)).hasSizeLessThanOrEqualTo(63);
    }

    @Test
    void everyObjectOfARevisionCarriesTheRecommendedAndOurLabels() {
        ModelRevision revision = revision(pipeline());
        Map<String, String> expected = Map.of(
                "app.kubernetes.io/name", "fraud-detector",
                "app.kubernetes.io/instance", "fraud-r4",
                "app.kubernetes.io/component", "training",
                "app.kubernetes.io/part-of", "fraud",
                "app.kubernetes.io/managed-by", "modelgate",
                "modelgate.io/pipeline", "fraud",
                "modelgate.io/revision", "fraud-r4",
                "modelgate.io/role", "training");

        Job job = Workloads.job(revision, JobStage.Training);

        assertThat(job.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @ParameterizedTest
    @CsvSource({"Validation, validation", "Training, training", "Evaluation, evaluation"})
    void theRoleOfAJobIsItsStage(JobStage stage, String role) {
        Job job = Workloads.job(revision(pipeline()), stage);

        assertThat(job.getMetadata().getLabels()).contains(entry(Labels.ROLE, role), entry(Labels.COMPONENT, role));
        assertThat(job.getMetadata().getName()).isEqualTo("fraud-r4-" + stage.suffix());
        assertThat(job.getMetadata().getNamespace()).isEqualTo("ml");
    }

    @Test
    void theUsersPodLabelsAndAnnotationsStayButOursWin() {
        ModelRevision revision = revisionWith(p -> p.getSpec().getEvaluation().setTemplate(new PodTemplateSpecBuilder()
                .withNewMetadata()
                .addToLabels("team", "risk").addToLabels(Labels.REVISION, "forged").addToLabels(Labels.NAME, "mine")
                .addToAnnotations("prometheus.io/scrape", "true")
                .endMetadata()
                .withNewSpec().addNewContainer().withName("eval").withImage("e:1").endContainer().endSpec()
                .build()));

        Job job = Workloads.job(revision, JobStage.Evaluation);

        assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
                .contains(entry("team", "risk"), entry(Labels.REVISION, "fraud-r4"), entry(Labels.NAME, "fraud-detector"));
        assertThat(job.getSpec().getTemplate().getMetadata().getAnnotations()).containsEntry("prometheus.io/scrape", "true");
    }

    // ---- owner references -----------------------------------------------------------------------------------

    static void assertControlledBy(List<OwnerReference> references, String kind, String name, String uid) {
        assertThat(references).singleElement().satisfies(reference -> {
            assertThat(reference.getApiVersion()).isEqualTo("modelgate.io/v1alpha1");
            assertThat(reference.getKind()).isEqualTo(kind);
            assertThat(reference.getName()).isEqualTo(name);
            assertThat(reference.getUid()).isEqualTo(uid);
            assertThat(reference.getController()).isTrue();
        });
    }

    @Test
    void jobsAndTheDeploymentAreControlledByTheirRevision() {
        ModelRevision revision = revision(pipeline());

        for (JobStage stage : JobStage.values()) {
            assertControlledBy(Workloads.job(revision, stage).getMetadata().getOwnerReferences(), "ModelRevision", "fraud-r4", REVISION_UID);
        }
        assertControlledBy(Workloads.deployment(revision, 1).getMetadata().getOwnerReferences(), "ModelRevision", "fraud-r4", REVISION_UID);
    }

    @Test
    void theServiceAndTheRevisionAreControlledByThePipeline() {
        ModelPipeline pipeline = pipeline();

        assertControlledBy(Workloads.service(pipeline).getMetadata().getOwnerReferences(), "ModelPipeline", "fraud", PIPELINE_UID);
        assertControlledBy(revision(pipeline).getMetadata().getOwnerReferences(), "ModelPipeline", "fraud", PIPELINE_UID);
    }

    // ---- environment ----------------------------------------------------------------------------------------

    @Test
    void everyStageIsToldAboutItsRevision() {
        ModelRevision revision = revision(pipeline());

        for (JobStage stage : JobStage.values()) {
            Map<String, String> env = new LinkedHashMap<>(env(main(Workloads.job(revision, stage))));
            if (stage == JobStage.Evaluation) {
                assertThat(env.remove("STABLE_REVISION")).as("the champion, empty with none").isEmpty();
                assertThat(env.remove("STABLE_MODEL_URI")).isEmpty();
            }
            assertThat(env).as(stage.name()).containsExactly(
                    entry("MODEL_URI", "s3://models/ml/fraud/4"),
                    entry("MODEL_NAME", "fraud-detector"),
                    entry("MODELGATE_PIPELINE", "fraud"),
                    entry("MODELGATE_REVISION", "fraud-r4"),
                    entry("MODELGATE_REVISION_NUMBER", "4"),
                    entry("DATA_REF", "s3://data/fraud/2026-11-01"),
                    entry("MODEL_PARAMETERS", "{\"learning_rate\":\"0.1\",\"max_depth\":\"6\"}"),
                    entry("PARAM_LEARNING_RATE", "0.1"),
                    entry("PARAM_MAX_DEPTH", "6"));
        }
        assertThat(env(Workloads.deployment(revision, 1).getSpec().getTemplate().getSpec().getContainers().get(0)))
                .containsEntry("MODEL_URI", "s3://models/ml/fraud/4");
    }

    @Test
    void onlyTheEvaluationIsToldTheChampionFrozenInTheRevisionStatus() {
        ModelRevision revision = revision(pipeline());
        revision.setStatus(new ModelRevisionStatus());
        revision.getStatus().setChampion(new ChampionStatus("fraud-r3", "s3://models/ml/fraud/3"));

        assertThat(env(main(Workloads.job(revision, JobStage.Evaluation))))
                .containsEntry("STABLE_REVISION", "fraud-r3").containsEntry("STABLE_MODEL_URI", "s3://models/ml/fraud/3")
                .containsEntry("MODEL_URI", "s3://models/ml/fraud/4");
        assertThat(env(main(Workloads.job(revision, JobStage.Training)))).doesNotContainKeys("STABLE_REVISION", "STABLE_MODEL_URI");
        assertThat(env(Workloads.deployment(revision, 1).getSpec().getTemplate().getSpec().getContainers().get(0)))
                .doesNotContainKeys("STABLE_REVISION", "STABLE_MODEL_URI");
    }

    @Test
    void aPinnedDataVersionReachesEveryStageAsDataVersionAndOnlyThen() {
        assertThat(env(main(Workloads.job(revision(pipeline()), JobStage.Training)))).doesNotContainKey("DATA_VERSION");

        ModelRevision pinned = revisionWith(p -> p.getSpec().getSource().setDataVersion("snap-41"));

        assertThat(env(main(Workloads.job(pinned, JobStage.Training)))).containsEntry("DATA_VERSION", "snap-41");
        assertThat(env(main(Workloads.job(pinned, JobStage.Evaluation)))).containsEntry("DATA_VERSION", "snap-41");
        assertThat(env(Workloads.deployment(pinned, 1).getSpec().getTemplate().getSpec().getContainers().get(0)))
                .containsEntry("DATA_VERSION", "snap-41");
    }

    @Test
    void theUsersEnvironmentStaysAndOursOverridesSameNamedVariables() {
        ModelRevision revision = revisionWith(p -> p.getSpec().getTraining().setTemplate(new PodTemplateSpecBuilder()
                .withNewSpec().addNewContainer().withName("trainer")
                .addToEnv(new EnvVar("LOG_LEVEL", "debug", null))
                .addToEnv(new EnvVar("MODEL_URI", "s3://somewhere/else", null))
                .addToEnv(new EnvVarBuilder().withName("TOKEN").withNewValueFrom().withNewSecretKeyRef("token", "creds", false)
                        .endValueFrom().build())
                .endContainer().endSpec().build()));

        Container trainer = main(Workloads.job(revision, JobStage.Training));

        Map<String, String> env = env(trainer);
        assertThat(env).containsEntry("LOG_LEVEL", "debug").containsEntry("MODEL_URI", "s3://models/ml/fraud/4");
        assertThat(trainer.getEnv()).filteredOn(e -> e.getName().equals("MODEL_URI")).hasSize(1);
        assertThat(trainer.getEnv()).filteredOn(e -> e.getName().equals("TOKEN")).singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("creds"));
        assertThat(trainer.getEnv().stream().map(EnvVar::getName).collect(Collectors.toSet())).hasSize(trainer.getEnv().size());
    }

    @Test
    void onlyTheFirstContainerIsConfigured() {
        ModelRevision revision = revisionWith(p -> p.getSpec().getEvaluation().setTemplate(new PodTemplateSpecBuilder()
                .withNewSpec()
                .addNewContainer().withName("eval").withImage("e:1").endContainer()
                .addNewContainer().withName("sidecar").withImage("s:1").addToEnv(new EnvVar("A", "b", null)).endContainer()
                .endSpec().build()));

        PodSpec pod = pod(Workloads.job(revision, JobStage.Evaluation));

        assertThat(env(pod.getContainers().get(0))).containsKey("MODEL_URI");
        assertThat(env(pod.getContainers().get(1))).containsExactly(entry("A", "b"));
    }

    @ParameterizedTest
    @CsvSource({
            "learning_rate, PARAM_LEARNING_RATE",
            "learning-rate, PARAM_LEARNING_RATE",
            "n.estimators, PARAM_N_ESTIMATORS",
            "maxDepth, PARAM_MAXDEPTH",
            "a/b c, PARAM_A_B_C",
            "x1, PARAM_X1",
            "3gram, PARAM_3GRAM",
            "épsilon, PARAM__PSILON",
    })
    void parametersBecomeEnvironmentVariablesWithUpperCaseNames(String parameter, String variable) {
        assertThat(io.modelgate.revision.PipelineSpecChecks.parameterEnvName(parameter)).isEqualTo(variable);

        ModelRevision revision = revisionWith(p -> p.getSpec().getSource().setParameters(Map.of(parameter, "v")));
        assertThat(env(main(Workloads.job(revision, JobStage.Training)))).containsEntry(variable, "v");
    }

    @Test
    void parametersAlsoArriveAsOneSortedJsonObject() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("zeta", "1");
        parameters.put("alpha", "a \"quoted\" value");
        ModelRevision revision = revisionWith(p -> p.getSpec().getSource().setParameters(parameters));

        assertThat(env(main(Workloads.job(revision, JobStage.Training))))
                .containsEntry("MODEL_PARAMETERS", "{\"alpha\":\"a \\\"quoted\\\" value\",\"zeta\":\"1\"}");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void withoutParametersTheJsonIsEmpty(boolean absent) {
        ModelRevision revision = revisionWith(p -> p.getSpec().getSource().setParameters(absent ? null : Map.of()));

        Map<String, String> env = env(main(Workloads.job(revision, JobStage.Training)));
        assertThat(env).containsEntry("MODEL_PARAMETERS", "{}");
        assertThat(env.keySet()).noneMatch(name -> name.startsWith("PARAM_"));
    }

    // ---- the training container -----------------------------------------------------------------------------

    @Test
    void withoutTrainingTemplateOneContainerRunsTheTrainingImage() {
        Job job = Workloads.job(revision(pipeline()), JobStage.Training);

        assertThat(pod(job).getContainers()).singleElement().satisfies(container -> {
            assertThat(container.getName()).isEqualTo("train");
            assertThat(container.getImage()).isEqualTo("registry.example/fraud-train:1.0");
        });
    }

    @Test
    void aTrainingContainerWithoutImageGetsTheTrainingImage() {
        ModelRevision revision = revisionWith(p -> p.getSpec().getTraining().setTemplate(new PodTemplateSpecBuilder()
                .withNewSpec().addNewContainer().withName("trainer").withArgs("--epochs", "3").endContainer().endSpec().build()));

        Container trainer = main(Workloads.job(revision, JobStage.Training));

        assertThat(trainer.getName()).isEqualTo("trainer");
        assertThat(trainer.getImage()).isEqualTo("registry.example/fraud-train:1.0");
        assertThat(trainer.getArgs()).containsExactly("--epochs", "3");
    }

    @Test
    void aTrainingContainerWithItsOwnImageKeepsIt() {
        ModelRevision revision = revisionWith(p -> p.getSpec().getTraining().setTemplate(Pipelines.podTemplate("trainer", "mine:2")));

        assertThat(main(Workloads.job(revision, JobStage.Training)).getImage()).isEqualTo("mine:2");
    }

    @Test
    void aTemplateWithoutSpecGetsTheDefaultContainer() {
        ModelRevision revision = revisionWith(p -> p.getSpec().getTraining().setTemplate(new PodTemplateSpecBuilder()
                .withNewMetadata().addToLabels("team", "ml").endMetadata().build()));

        Job job = Workloads.job(revision, JobStage.Training);

        assertThat(main(job).getImage()).isEqualTo("registry.example/fraud-train:1.0");
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("team", "ml");
    }

    @Test
    void theTrainingImageIsNotUsedForOtherStages() {
        ModelRevision revision = revisionWith(p -> p.getSpec().getEvaluation().setTemplate(new PodTemplateSpecBuilder()
                .withNewSpec().addNewContainer().withName("eval").endContainer().endSpec().build()));

        assertThat(main(Workloads.job(revision, JobStage.Evaluation)).getImage()).isNull();
    }

    // ---- restart policy, retries, deadline ------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"null, Never", "Always, Never", "Never, Never", "OnFailure, OnFailure"})
    void aJobsPodsNeverRestartUnlessTheTemplateSaysOnFailure(String policy, String expected) {
        ModelRevision revision = revisionWith(p -> p.getSpec().getTraining().setTemplate(new PodTemplateSpecBuilder()
                .withNewSpec().withRestartPolicy(policy).addNewContainer().withName("t").endContainer().endSpec().build()));

        assertThat(pod(Workloads.job(revision, JobStage.Training)).getRestartPolicy()).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(JobStage.class)
    void everyJobHasARestartPolicyAJobAccepts(JobStage stage) {
        assertThat(pod(Workloads.job(revision(pipeline()), stage)).getRestartPolicy()).isIn("Never", "OnFailure");
    }

    @Test
    void backoffLimitDefaultsToTwoAndTheDeadlineIsCopied() {
        ModelRevision revision = revisionWith(p -> {
            p.getSpec().getTraining().setBackoffLimit(5);
            p.getSpec().getTraining().setActiveDeadlineSeconds(3600L);
        });

        Job training = Workloads.job(revision, JobStage.Training);
        Job evaluation = Workloads.job(revision, JobStage.Evaluation);

        assertThat(training.getSpec().getBackoffLimit()).isEqualTo(5);
        assertThat(training.getSpec().getActiveDeadlineSeconds()).isEqualTo(3600L);
        assertThat(evaluation.getSpec().getBackoffLimit()).isEqualTo(Workloads.DEFAULT_BACKOFF_LIMIT).isEqualTo(2);
        assertThat(evaluation.getSpec().getActiveDeadlineSeconds()).isNull();
    }

    @Test
    void aBackoffLimitOfZeroIsKept() {
        ModelRevision revision = revisionWith(p -> p.getSpec().getEvaluation().setBackoffLimit(0));

        assertThat(Workloads.job(revision, JobStage.Evaluation).getSpec().getBackoffLimit()).isZero();
    }

    // ---- restricted security defaults -----------------------------------------------------------------------

    @Test
    void podsDefaultToTheRestrictedProfile() {
        ModelRevision revision = revisionWith(p -> p.getSpec().getTraining().setTemplate(new PodTemplateSpecBuilder()
                .withNewSpec()
                .addNewInitContainer().withName("fetch").withImage("f:1").endInitContainer()
                .addNewContainer().withName("trainer").endContainer()
                .addNewContainer().withName("sidecar").withImage("s:1").endContainer()
                .endSpec().build()));

        PodSpec pod = pod(Workloads.job(revision, JobStage.Training));

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        pod.getContainers().forEach(WorkloadsTest::assertRestrictedContainer);
        pod.getInitContainers().forEach(WorkloadsTest::assertRestrictedContainer);
        PodSpec serving = Workloads.deployment(revision, 1).getSpec().getTemplate().getSpec();
        assertThat(serving.getSecurityContext().getRunAsNonRoot()).isTrue();
        serving.getContainers().forEach(WorkloadsTest::assertRestrictedContainer);
    }

    @Test
    void whatThePodSecurityContextSaysIsKeptAndOnlyUnsetFieldsGetRestrictedDefaults() {
        ModelRevision revision = revisionWith(p -> p.getSpec().getTraining().setTemplate(new PodTemplateSpecBuilder()
                .withNewSpec()
                .withNewSecurityContext().withRunAsUser(0L).endSecurityContext()
                .addNewContainer().withName("trainer").endContainer()
                .endSpec().build()));

        PodSpec pod = pod(Workloads.job(revision, JobStage.Training));

        assertThat(pod.getSecurityContext().getRunAsUser()).isZero();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).as("root was asked for explicitly").isNull();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertRestrictedContainer(pod.getContainers().get(0));
    }

    @Test
    void aContainerSecurityContextOfTheTemplateIsKeptAsWrittenAndOnlyThatContainersOne() {
        ModelRevision revision = revisionWith(p -> p.getSpec().getServing().setTemplate(new PodTemplateSpecBuilder()
                .withNewSpec()
                .addNewContainer().withName("server").withImage("s:1")
                .withNewSecurityContext().withPrivileged(true).endSecurityContext().endContainer()
                .addNewContainer().withName("proxy").withImage("p:1").endContainer()
                .endSpec().build()));

        PodSpec pod = Workloads.deployment(revision, 1).getSpec().getTemplate().getSpec();

        SecurityContext server = pod.getContainers().get(0).getSecurityContext();
        assertThat(server.getPrivileged()).isTrue();
        assertThat(server.getAllowPrivilegeEscalation()).isNull();
        assertThat(server.getCapabilities()).isNull();
        assertRestrictedContainer(pod.getContainers().get(1));
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    }

    @Test
    void theUsersTemplateIsNeverModified() {
        ModelPipeline pipeline = pipeline();
        PodTemplateSpec training = new PodTemplateSpecBuilder()
                .withNewSpec().addNewContainer().withName("trainer").addToEnv(new EnvVar("A", "b", null)).endContainer().endSpec().build();
        pipeline.getSpec().getTraining().setTemplate(training);
        ModelRevision revision = revision(pipeline);
        String pipelineBefore = Serialization.asYaml(pipeline);
        String revisionBefore = Serialization.asYaml(revision);

        for (JobStage stage : JobStage.values()) {
            Workloads.job(revision, stage);
        }
        Workloads.deployment(revision, 2);
        Workloads.service(pipeline);

        assertThat(Serialization.asYaml(pipeline)).isEqualTo(pipelineBefore);
        assertThat(Serialization.asYaml(revision)).isEqualTo(revisionBefore);
    }

    @Test
    void theSameRevisionGivesEqualObjects() {
        ModelRevision revision = revision(pipeline());

        for (JobStage stage : JobStage.values()) {
            assertThat(Workloads.job(revision, stage)).isEqualTo(Workloads.job(revision, stage));
        }
        assertThat(Workloads.deployment(revision, 2)).isEqualTo(Workloads.deployment(revision, 2));
    }

    // ---- serving --------------------------------------------------------------------------------------------

    @Test
    void theDeploymentSelectsExactlyItsRevisionsPodsAndRunsTheReplicasAskedFor() {
        ModelRevision revision = revision(pipeline());

        Deployment deployment = Workloads.deployment(revision, 5);

        assertThat(deployment.getMetadata().getName()).isEqualTo("fraud-r4");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(5);
        assertThat(deployment.getSpec().getSelector().getMatchLabels())
                .containsOnly(entry(Labels.PIPELINE, "fraud"), entry(Labels.REVISION, "fraud-r4"));
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels())
                .containsEntry(Labels.ROLE, Labels.ROLE_SERVING);
        assertThat(Workloads.deployment(revision, 0).getSpec().getReplicas()).isZero();
    }

    @Test
    void theServingPortIsDeclaredOnTheServingContainer() {
        Container server = Workloads.deployment(revision(pipeline()), 1).getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(server.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getContainerPort()).isEqualTo(8080);
        });
    }

    @Test
    void aServingPortTheTemplateDeclaresIsNotAddedTwice() {
        ModelRevision revision = revisionWith(p -> p.getSpec().getServing().setTemplate(new PodTemplateSpecBuilder()
                .withNewSpec().addNewContainer().withName("server").withImage("s:1")
                .addNewPort().withName("api").withContainerPort(8080).endPort()
                .endContainer().endSpec().build()));

        Container server = Workloads.deployment(revision, 1).getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(server.getPorts()).extracting(ContainerPort::getName).containsExactly("api");
    }

    @Test
    void anotherDeclaredPortIsKeptBesideTheServingPort() {
        ModelRevision revision = revisionWith(p -> p.getSpec().getServing().setTemplate(new PodTemplateSpecBuilder()
                .withNewSpec().addNewContainer().withName("server").withImage("s:1")
                .addNewPort().withName("metrics").withContainerPort(9090).endPort()
                .endContainer().endSpec().build()));

        Container server = Workloads.deployment(revision, 1).getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(server.getPorts()).extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("metrics", 9090), org.assertj.core.groups.Tuple.tuple("http", 8080));
    }

    @Test
    void theAddedServingPortNeverDuplicatesAPortName() {
        ModelRevision revision = revisionWith(p -> {
            p.getSpec().getServing().setPort(null);
            p.getSpec().getServing().setTemplate(new PodTemplateSpecBuilder()
                    .withNewSpec().addNewContainer().withName("server").withImage("s:1")
                    .addNewPort().withName("http").withContainerPort(9000).endPort()
                    .endContainer().endSpec().build());
        });

        Container server = Workloads.deployment(revision, 1).getSpec().getTemplate().getSpec().getContainers().get(0);

        List<String> names = new ArrayList<>(server.getPorts().stream().map(ContainerPort::getName).toList());
        assertThat(names).doesNotHaveDuplicates();
        assertThat(server.getPorts()).extracting(ContainerPort::getContainerPort).contains(8080);
    }

    @Test
    void theServiceSelectsTheServingPodsOfEveryRevisionOfThePipeline() {
        Service service = Workloads.service(pipeline());

        assertThat(service.getMetadata().getName()).isEqualTo("fraud");
        assertThat(service.getMetadata().getNamespace()).isEqualTo("ml");
        assertThat(service.getSpec().getSelector()).containsOnly(entry(Labels.PIPELINE, "fraud"), entry(Labels.ROLE, Labels.ROLE_SERVING));
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getPort()).isEqualTo(8080);
            assertThat(port.getTargetPort().getIntVal()).isEqualTo(8080);
            assertThat(port.getProtocol()).isEqualTo("TCP");
        });
        assertThat(service.getMetadata().getLabels()).doesNotContainKey(Labels.REVISION);
    }

    @Test
    void theServiceSelectsWhatEveryRevisionsDeploymentLabels() {
        ModelPipeline pipeline = pipeline();
        Service service = Workloads.service(pipeline);

        for (int number : new int[]{1, 2}) {
            ModelRevision revision = Revisions.freeze(pipeline, new PipelinePlan.NewRevision(number, Trigger.Retrain, Optional.empty()), "h");
            Map<String, String> podLabels = Workloads.deployment(revision, 1).getSpec().getTemplate().getMetadata().getLabels();
            assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
        }
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"null, fraud", "'', fraud", "'  ', fraud", "fraud-api, fraud-api"})
    void theServiceNameDefaultsToThePipelinesName(String configured, String expected) {
        ModelPipeline pipeline = pipeline();
        pipeline.getSpec().getServing().setServiceName(configured);

        assertThat(Workloads.serviceName(pipeline)).isEqualTo(expected);
        assertThat(Workloads.service(pipeline).getMetadata().getName()).isEqualTo(expected);
    }

    @Test
    void theDefaultServingPortIs8080() {
        ModelPipeline pipeline = pipeline();
        pipeline.getSpec().getServing().setPort(null);

        assertThat(Workloads.service(pipeline).getSpec().getPorts().get(0).getPort()).isEqualTo(8080);
        Container server = Workloads.deployment(revision(pipeline), 1).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(server.getPorts()).extracting(ContainerPort::getContainerPort).containsExactly(8080);
    }
}
