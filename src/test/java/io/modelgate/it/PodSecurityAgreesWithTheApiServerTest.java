package io.modelgate.it;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.modelgate.podsecurity.PodSecurityLevel;
import io.modelgate.podsecurity.PodSecurityStandards;
import io.modelgate.podsecurity.Violation;
import io.modelgate.testing.PodSecurityCorpus;
import io.modelgate.testing.RealApiServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Modelgate's Pod Security checks against the real thing: every case of the pod-security corpus, as the pod the Job
 * or ReplicaSet controller would make from what Modelgate builds, is created (dry run) in a namespace that enforces
 * each level. Pod Security admission must forbid it exactly when Modelgate's check names a field, and its message
 * must carry the reason of every check Modelgate found. The privileged namespace admits every case, so none is an
 * invalid Pod that only the API server's validation would have refused.
 */
@Tag("integration")
class PodSecurityAgreesWithTheApiServerTest {

    @RegisterExtension
    static final RealApiServer API = new RealApiServer();

    static final Map<PodSecurityLevel, String> NAMESPACES = new EnumMap<>(PodSecurityLevel.class);
    static final AtomicInteger NAMES = new AtomicInteger();
    static KubernetesClient client;

    @BeforeAll
    static void namespacesEnforcingEachLevel() {
        client = API.client();
        for (PodSecurityLevel level : PodSecurityLevel.values()) {
            String name = "enforce-" + level.label();
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                    .addToLabels("pod-security.kubernetes.io/enforce", level.label())
                    .addToLabels("pod-security.kubernetes.io/enforce-version", "latest")
                    .endMetadata().build()).create();
            NAMESPACES.put(level, name);
        }
    }

    static Stream<Arguments> casesAtEveryLevel() {
        return PodSecurityCorpus.cases().stream()
                .flatMap(c -> Arrays.stream(PodSecurityLevel.values()).map(level -> Arguments.of(c, level)));
    }

    @ParameterizedTest(name = "{0} in a namespace enforcing {1}")
    @MethodSource("casesAtEveryLevel")
    void podSecurityAdmissionForbidsThePodExactlyWhenModelgatesCheckNamesAField(PodSecurityCorpus.Case c, PodSecurityLevel level) {
        PodTemplateSpec template = c.asCreated();
        List<Violation> modelgate = PodSecurityStandards.check(level, template, c.field());
        Pod pod = new PodBuilder().withMetadata(template.getMetadata()).withSpec(template.getSpec()).build();
        pod.getMetadata().setName("case-" + NAMES.incrementAndGet());
        pod.getMetadata().setNamespace(NAMESPACES.get(level));

        String answer;
        try {
            client.pods().inNamespace(NAMESPACES.get(level)).resource(pod).dryRun().create();
            answer = null;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 403) {
                fail("the API server refused the pod of \"" + c + "\" for another reason than Pod Security (" + e.getCode() + "): "
                        + e.getMessage());
            }
            answer = e.getStatus().getMessage();
        }

        System.out.printf(Locale.ROOT, "[pod-security] %s at %s: modelgate %s; api server %s%n", c, level,
                modelgate.stream().map(Violation::check).distinct().toList(), answer == null ? "admitted" : answer);
        if (modelgate.isEmpty()) {
            assertThat(answer).as("the API server's answer to a pod Modelgate lets through").isNull();
            assertThat(c.expected(level)).isEmpty();
            return;
        }
        assertThat(answer).as("the API server's answer to a pod Modelgate refuses").isNotNull()
                .contains("violates PodSecurity \"" + level.label() + ":latest\"");
        // A reason is upstream's, plural when several were found ("forbidden AppArmor profiles"). The server may name more: for a hostNetwork pod it defaults every hostPort to its containerPort, so it also
        // reports hostPort where the template wrote none (the pod is refused for hostNetwork either way).
        String finalAnswer = answer;
        modelgate.stream().map(Violation::check).distinct()
                .forEach(check -> assertThat(finalAnswer).as("the server names the check Modelgate found")
                        .containsPattern("(: |\\), )" + java.util.regex.Pattern.quote(check) + "s? \\("));
    }
}
