package io.modelgate;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The decision logic (gates, planning and lifecycle, schedules, status) is plain Java over the API's POJOs:
 * no Kubernetes client, no operator SDK, no Quarkus, no Vert.x, no CDI. That is what lets it be tested
 * with unit and property tests alone, and what keeps a restarted operator's decisions reproducible.
 * The Fabric8 <em>model</em> (io.fabric8.kubernetes.api.model) is allowed: conditions and pod templates are data.
 */
class ArchitectureTest {

    static final String[] DECISION_PACKAGES = {
            "io.modelgate.gate..", "io.modelgate.revision..", "io.modelgate.schedule..", "io.modelgate.status..",
            "io.modelgate.analysis..", "io.modelgate.rollout..", "io.modelgate.delivery..", "io.modelgate.podsecurity.."};
    static final String[] RUNTIME_PACKAGES = {
            "io.fabric8.kubernetes.client..", "io.javaoperatorsdk..", "io.quarkus..", "io.vertx..", "jakarta.."};

    /** The plan of a pass: pure, like the decision logic, though it lives beside the reconciler it serves. */
    static final String PLAN = "io.modelgate.pipeline.plan..";
    /** The one writer (and the recorder of statuses and Events it serves). */
    static final String APPLY = "io.modelgate.pipeline.apply..";
    static final java.util.regex.Pattern WRITE = java.util.regex.Pattern.compile(
            "create|createOr|createOrReplace|update|updateStatus|patch|patchStatus|edit|editStatus|replace|replaceStatus|delete|serverSideApply|scale");

    /** A call that writes to the API server: through the Fabric8 client, or through JOSDK's resource operations. */
    static final DescribedPredicate<JavaMethodCall> WRITES_TO_THE_API_SERVER = DescribedPredicate.describe(
            "a write through the Kubernetes client", call -> {
                String owner = call.getTargetOwner().getPackageName();
                boolean client = owner.startsWith("io.fabric8.kubernetes.client")
                        || call.getTargetOwner().getName().equals("io.javaoperatorsdk.operator.api.reconciler.ResourceOperations");
                return client && WRITE.matcher(call.getName()).matches();
            });

    static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.modelgate");
    }

    @Test
    void theImportFoundTheProductionClasses() {
        assertThat(classes.contain("io.modelgate.revision.RevisionPlanner")).isTrue();
        assertThat(classes.contain("io.modelgate.status.PipelineStatusFactory")).isTrue();
        assertThat(classes.contain("io.modelgate.gate.GateEvaluator")).isTrue();
        assertThat(classes.contain("io.modelgate.schedule.RetrainSchedule")).isTrue();
        assertThat(classes.contain("io.modelgate.delivery.RolloutPlan")).isTrue();
        assertThat(classes.contain("io.modelgate.delivery.AnalysisRuns")).isTrue();
        assertThat(classes.contain("io.modelgate.podsecurity.PodSecurityStandards")).isTrue();
        assertThat(classes.contain("io.modelgate.ArchitectureTest")).as("tests are not checked").isFalse();
    }

    @Test
    void theKubectlPluginRunsWithoutQuarkusOrTheOperator() {
        noClasses().that().resideInAPackage("io.modelgate.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "io.javaoperatorsdk..", "jakarta..",
                        "io.vertx..", "io.modelgate.pipeline..", "io.modelgate.config..")
                .check(classes);
    }

    @Test
    void theRuleIsNotVacuousTheReconcilerDoesUseTheRuntime() {
        ArchRule sameRuleForTheReconciler = noClasses().that().resideInAPackage("io.modelgate.pipeline..")
                .should().dependOnClassesThat().resideInAnyPackage(RUNTIME_PACKAGES);

        assertThatThrownBy(() -> sameRuleForTheReconciler.check(classes)).isInstanceOf(AssertionError.class);
    }

    @Test
    void decisionLogicDoesNotDependOnTheClusterOrTheRuntime() {
        ArchRule rule = noClasses().that().resideInAnyPackage(DECISION_PACKAGES)
                .should().dependOnClassesThat().resideInAnyPackage(RUNTIME_PACKAGES)
                .because("decisions are pure functions of snapshots; the reconciler does the I/O");

        rule.check(classes);
    }

    @Test
    void decisionLogicDoesNotDependOnTheReconcilerOrTheWorkloadBuilders() {
        ArchRule rule = noClasses().that().resideInAnyPackage(DECISION_PACKAGES)
                .should().dependOnClassesThat().resideInAnyPackage("io.modelgate.pipeline..", "io.modelgate.config..",
                        "io.modelgate.metrics..", "io.modelgate.workload..")
                .because("the reconciler uses the decisions, never the other way round");

        rule.check(classes);
    }

    /** The rules above are not vacuous for delivery: it reads and writes the API's POJOs (and only those of the cluster's types). */
    @Test
    void deliveryMapsTheApiPojosToTheDecisionModels() {
        var delivery = classes.stream().filter(c -> c.getPackageName().equals("io.modelgate.delivery")).toList();

        assertThat(delivery).extracting(c -> c.getSimpleName())
                .contains("RolloutPlan", "RolloutRecords", "AnalysisRuns", "ServingLayout", "MetricDefinition", "RolloutDefaults");
        assertThat(delivery.stream().flatMap(c -> c.getDirectDependenciesFromSelf().stream())
                .map(d -> d.getTargetClass().getPackageName()).distinct())
                .contains("io.modelgate.api", "io.modelgate.rollout", "io.modelgate.analysis")
                .noneMatch(p -> p.startsWith("io.fabric8.kubernetes.client") || p.startsWith("io.modelgate.pipeline")
                        || p.startsWith("io.modelgate.workload"));
    }

    @Test
    void theApiDoesNotDependOnTheReconciler() {
        ArchRule rule = noClasses().that().resideInAPackage("io.modelgate.api..")
                .should().dependOnClassesThat().resideInAnyPackage("io.modelgate.pipeline..")
                .because("the API types are the contract; the reconciler implements it");

        rule.check(classes);
    }

    @Test
    void theApiDependsOnNothingElseOfModelgate() {
        ArchRule rule = noClasses().that().resideInAPackage("io.modelgate.api..")
                .should().dependOnClassesThat().resideInAnyPackage("io.modelgate.gate..", "io.modelgate.revision..",
                        "io.modelgate.schedule..", "io.modelgate.status..", "io.modelgate.workload..",
                        "io.modelgate.config..", "io.modelgate.metrics..", "io.modelgate.pipeline..", "io.modelgate.delivery..",
                        "io.modelgate.analysis..", "io.modelgate.rollout..")
                .because("the CRD types must be generable and usable on their own");

        rule.check(classes);
    }

    @Test
    void thePlanOfAPassIsPure() {
        ArchRule rule = noClasses().that().resideInAPackage(PLAN)
                .should().dependOnClassesThat().resideInAnyPackage(RUNTIME_PACKAGES)
                .orShould().dependOnClassesThat().resideInAnyPackage(APPLY, "io.modelgate.config..", "io.modelgate.metrics..")
                .orShould().dependOnClassesThat().resideInAPackage("io.modelgate.pipeline")
                .because("a plan is a function of the snapshot, the clock and what the pass learnt: the reconciler does the I/O");

        rule.check(classes);
    }

    @Test
    void onlyTheWriterWritesToTheApiServer() {
        ArchRule rule = noClasses().that().resideOutsideOfPackages(APPLY, "io.modelgate.cli..")
                .should().callMethodWhere(WRITES_TO_THE_API_SERVER)
                .because("one writer carries out the plan's intents and answers with typed results (the kubectl plugin is a program of its own)");

        rule.check(classes);
    }

    @Test
    void theWriterRuleIsNotVacuous() {
        ArchRule writerDoesWrite = noClasses().that().resideInAPackage(APPLY).should().callMethodWhere(WRITES_TO_THE_API_SERVER);

        assertThatThrownBy(() -> writerDoesWrite.check(classes)).isInstanceOf(AssertionError.class);
        assertThat(classes.contain("io.modelgate.pipeline.apply.ClusterWriter")).isTrue();
        assertThat(classes.contain("io.modelgate.pipeline.plan.PipelinePass")).isTrue();
    }

    @Test
    void backendsArePureBuildersAndReaders() {
        ArchRule rule = noClasses().that().resideInAnyPackage("io.modelgate.training..", "io.modelgate.serving..")
                .should().dependOnClassesThat().resideInAnyPackage(RUNTIME_PACKAGES)
                .orShould().dependOnClassesThat().resideInAnyPackage("io.modelgate.pipeline..")
                .because("a backend builds objects and reads what the engine says; the writer creates them");

        rule.check(classes);
    }

    /** The reconcile reads as short named steps: a class of the glue past 400 lines is asking to be split. */
    @Test
    void noClassOfTheReconcilerGlueIsLong() throws java.io.IOException {
        java.nio.file.Path glue = java.nio.file.Path.of("src/main/java/io/modelgate/pipeline");
        try (var files = java.nio.file.Files.walk(glue)) {
            var lengths = files.filter(f -> f.toString().endsWith(".java")).collect(java.util.stream.Collectors.toMap(
                    f -> glue.relativize(f).toString(), f -> {
                        try {
                            return java.nio.file.Files.readAllLines(f).size();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }));
            assertThat(lengths).hasSizeGreaterThan(10).allSatisfy((file, lines) -> assertThat(lines).as(file).isLessThanOrEqualTo(400));
        }
    }
}
