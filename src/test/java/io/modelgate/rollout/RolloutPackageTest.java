package io.modelgate.rollout;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

/** The rollout decisions are plain Java: java.* and this package only, so they stay unit-testable and reproducible. */
class RolloutPackageTest {

    @Test
    void rolloutDecisionsDependOnTheJdkAndThemselvesOnly() {
        JavaClasses production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.modelgate.rollout");
        assertThat(production.contain(CanaryMachine.class)).isTrue();

        classes().that().resideInAPackage("io.modelgate.rollout..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.modelgate.rollout..", "io.modelgate.analysis..", "java..")
                .check(production);
    }
}
