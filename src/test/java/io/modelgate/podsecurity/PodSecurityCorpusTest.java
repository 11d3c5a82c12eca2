package io.modelgate.podsecurity;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.modelgate.revision.PipelineSpecChecks;
import io.modelgate.testing.PodSecurityCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pod-security bad-input corpus against the checks: at every level each case names exactly the fields it lists,
 * through the spec's checks as well, and on the objects Modelgate really builds (defaults and all) the same.
 */
class PodSecurityCorpusTest {

    static Stream<Arguments> casesAtEveryLevel() {
        return PodSecurityCorpus.cases().stream()
                .flatMap(c -> Arrays.stream(PodSecurityLevel.values()).map(level -> Arguments.of(c, level)));
    }

    @Test
    void theCorpusCoversEveryCheckAndEveryKindOfTemplate() {
        List<PodSecurityCorpus.Case> cases = PodSecurityCorpus.cases();
        List<String> checks = cases.stream()
                .flatMap(c -> PodSecurityStandards.checkAsCreated(PodSecurityLevel.Restricted, c.template(), c.field()).stream())
                .map(Violation::check).distinct().toList();

        assertThat(checks).containsExactlyInAnyOrder("hostProcess", "host namespaces", "privileged", "restricted volume types",
                "hostPort", "probe or lifecycle host", "forbidden AppArmor profile", "seLinuxOptions", "procMount", "seccompProfile",
                "forbidden sysctls", "allowPrivilegeEscalation != false", "runAsNonRoot != true", "runAsUser=0", "unrestricted capabilities");
        assertThat(cases.stream().flatMap(c -> PodSecurityStandards.checkAsCreated(PodSecurityLevel.Baseline, c.template(), c.field()).stream())
                .map(Violation::check).distinct()).contains("hostPath volumes", "non-default capabilities");
        assertThat(cases).extracting(PodSecurityCorpus.Case::field).contains("dataValidation.template", "training.template",
                "evaluation.template", "serving.template", "rollout.analyses[0].metrics[0].job.template");
        assertThat(cases).extracting(PodSecurityCorpus.Case::refusedFrom)
                .contains(PodSecurityLevel.Baseline, PodSecurityLevel.Restricted, PodSecurityLevel.Privileged);
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("casesAtEveryLevel")
    void eachCaseNamesExactlyItsFields(PodSecurityCorpus.Case c, PodSecurityLevel level) {
        List<Violation> found = PodSecurityStandards.checkAsCreated(level, c.template(), c.field());

        assertThat(found).extracting(Violation::field).containsExactlyInAnyOrderElementsOf(c.expected(level));
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("casesAtEveryLevel")
    void theSpecChecksReportEveryFieldUnderTheLevel(PodSecurityCorpus.Case c, PodSecurityLevel level) {
        Optional<String> problems = PipelineSpecChecks.problems(c.pipeline("corpus", "ml").getSpec(), level);

        if (c.expected(level).isEmpty()) {
            assertThat(problems).isEmpty();
        } else {
            assertThat(problems).hasValueSatisfying(message -> {
                assertThat(message).contains("above Pod Security \"" + level.label() + "\", the highest level this operator creates");
                c.expected(level).forEach(field -> assertThat(message).contains(field + " "));
            });
        }
    }

    /** The check of the spec is the check of what is created: the built Job or Deployment gives the same violations. */
    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("casesAtEveryLevel")
    void whatModelgateBuildsHasTheSameViolations(PodSecurityCorpus.Case c, PodSecurityLevel level) {
        PodTemplateSpec built = c.asCreated();

        assertThat(PodSecurityStandards.check(level, built, c.field())).extracting(Violation::field)
                .containsExactlyInAnyOrderElementsOf(c.expected(level));
    }
}
