package io.modelgate.analysis;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

/** The analysis semantics are plain Java: the JDK and this package, nothing else (no Kubernetes, HTTP, JOSDK, Quarkus). */
class AnalysisArchitectureTest {

    @Test
    void theAnalysisPackageDependsOnlyOnTheJdk() {
        JavaClasses imported = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.modelgate.analysis");
        assertThat(imported.contain(MeasurementJudge.class)).isTrue();

        classes().that().resideInAPackage("io.modelgate.analysis..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.modelgate.analysis..",
                        // CEL evaluates a metric's conditions: a pure function of the result (no I/O, no clock); its macro API takes Guava lists.
                        "dev.cel..", "com.google.common.collect..")
                .because("decisions are pure functions of what the providers answered; the reconciler does the I/O")
                .check(imported);
    }
}
