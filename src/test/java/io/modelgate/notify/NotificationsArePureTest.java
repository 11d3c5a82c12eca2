package io.modelgate.notify;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notification rules are decisions like the plan's: which events a pass brings about and what is said about them,
 * from data alone. The sending (HTTP, Secrets, threads) is the reconciler's side (io.modelgate.pipeline.Notifier).
 */
class NotificationsArePureTest {

    @Test
    void theRulesUseNeitherTheClusterNorTheRuntimeNorTheNetwork() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.modelgate");
        assertThat(classes.contain("io.modelgate.notify.NotificationRules")).isTrue();

        noClasses().that().resideInAPackage("io.modelgate.notify..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fabric8.kubernetes.client..", "io.javaoperatorsdk..",
                        "io.quarkus..", "io.vertx..", "jakarta..", "java.net.http..", "io.modelgate.pipeline..", "io.modelgate.metrics..",
                        "io.modelgate.config..")
                .check(classes);
    }
}
