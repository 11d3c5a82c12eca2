package io.modelgate.chart;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.modelgate.chart.ChartRendering.env;
import static io.modelgate.chart.ChartRendering.operator;
import static io.modelgate.chart.ChartRendering.all;
import static io.modelgate.chart.ChartRendering.one;
import static io.modelgate.chart.ChartRendering.render;
import static io.modelgate.chart.ChartRendering.renderWithValuesYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Helm chart in helm/modelgate, rendered through helm-java (Helm as a native library). */
class HelmChartTest {

    static final String DEFAULT_IMAGE = "ghcr.io/modelgate/modelgate-operator:0.1.0";
    static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    /** Exactly what the operator may do: the list agreed in the packaging issue. */
    static final List<PolicyRule> EXPECTED_RULES = List.of(
            rule("modelgate.io", "modelpipelines", "get", "list", "watch", "patch"),
            rule("modelgate.io", "modelpipelines/status", "patch"),
            rule("modelgate.io", "modelrevisions", "get", "list", "watch", "create", "patch", "delete"),
            rule("modelgate.io", "modelrevisions/status", "update"),
            rule("batch", "jobs", "list", "watch", "create", "delete"),
            rule("", "pods", "list", "watch"),
            rule("apps", "deployments", "get", "list", "watch", "create", "patch", "delete"),
            rule("", "services", "get", "list", "watch", "create", "patch"),
            rule("", "events", "get", "list", "watch", "create", "patch"),
            rule("", "secrets", "get"),
            rule("gateway.networking.k8s.io", "httproutes", "get", "patch"),
            rule("modelgate.io", "modelanalysistemplates", "get", "list", "watch"));

    static final String LEASE = "modelgate-operator-lease";
    static final String LEADER_ELECTION_ROLE = "modelgate-leader-election";

    /**
     * Leader election, in the release namespace only: create (a name cannot be fixed for create), and get, update,
     * patch on the one Lease. JOSDK's LeaderElectionManager checks create/get/update at start; Fabric8's LeaseLock
     * renews with a JSON merge patch.
     */
    static final List<PolicyRule> EXPECTED_LEASE_RULES = List.of(
            rule("coordination.k8s.io", "leases", "create"),
            new PolicyRuleBuilder().withApiGroups("coordination.k8s.io").withResources("leases").withResourceNames(LEASE)
                    .withVerbs("get", "update", "patch").build());

    @Test
    void lintStrictPasses() {
        assertLintsClean(ChartRendering.lintStrict());
    }

    /** Value sets that switch on what the defaults leave off (and off what they switch on), each linted on its own. */
    static Stream<Arguments> optionalValueSets() {
        return Stream.of(
                Arguments.of("serviceMonitor", "metrics:\n  serviceMonitor:\n    enabled: true\n    interval: 15s\n    labels: {release: kube-prometheus-stack}\n"),
                Arguments.of("podMonitor", "metrics:\n  podMonitor:\n    enabled: true\n    interval: \"\"\n"),
                Arguments.of("networkPolicy", """
                        networkPolicy:
                          enabled: true
                          ingress:
                            from:
                              - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}
                          egress:
                            cidrs: [10.96.0.1/32, 172.18.0.0/16]
                            allowDns: true
                        """),
                Arguments.of("podDisruptionBudget", "podDisruptionBudget:\n  enabled: true\n  maxUnavailable: \"50%\"\n"),
                Arguments.of("watchNamespaces", "watchNamespaces: [team-a, team-b]\n"),
                Arguments.of("digest", "image:\n  digest: " + DIGEST + "\n"),
                Arguments.of("leaderElection off", "leaderElection:\n  enabled: false\n"),
                Arguments.of("leaderElection with 3 replicas", "replicas: 3\n"),
                Arguments.of("logFormat text", "logFormat: text\n"),
                Arguments.of("everything at once", """
                        replicas: 2
                        watchNamespaces: [ml]
                        image: {digest: %s}
                        logFormat: text
                        logLevel: DEBUG
                        operator: {maxConcurrentRollouts: 2, defaultAnalysisInterval: 1m, prometheusAddress: http://prometheus:9090}
                        metrics: {serviceMonitor: {enabled: true}}
                        networkPolicy: {enabled: true, egress: {cidrs: [10.96.0.1/32]}}
                        podDisruptionBudget: {enabled: true}
                        """.formatted(DIGEST)));
    }

    @ParameterizedTest(name = "helm lint --strict with {0}")
    @MethodSource("optionalValueSets")
    void lintStrictPassesWithOptionalValues(String name, String valuesYaml) {
        renderWithValuesYaml(valuesYaml); // the same values render

        assertLintsClean(ChartRendering.lintStrict(valuesYaml));
    }

    @Test
    void lintWithValuesSeesTheValues() {
        LintResult result = ChartRendering.lintStrict("logFormat: xml\n");

        assertThat(result.isFailed()).as("a value the schema rejects fails the lint: %s", result.getMessages()).isTrue();
        assertThat(String.join("\n", result.getMessages())).contains("logFormat");
    }

    private static void assertLintsClean(LintResult result) {
        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void defaultValuesRenderTheExpectedObjects() {
        List<HasMetadata> objects = render();

        assertThat(objects).extracting(HasMetadata::getKind)
                .containsExactlyInAnyOrder("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Service", "Deployment");
        assertThat(objects).extracting(o -> o.getMetadata().getName()).containsOnly("modelgate", LEADER_ELECTION_ROLE);
        assertThat(objects).filteredOn(o -> !o.getKind().startsWith("Cluster"))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo(ChartRendering.NAMESPACE));
        assertThat(objects).allSatisfy(o -> assertThat(o.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/name", "modelgate")
                .containsEntry("app.kubernetes.io/instance", ChartRendering.RELEASE)
                .containsEntry("app.kubernetes.io/version", "0.1.0")
                .containsEntry("helm.sh/chart", "modelgate-0.1.0"));
        assertThat(one(objects, ServiceAccount.class).getAutomountServiceAccountToken()).isTrue();
    }

    @Test
    void defaultValuesRenderAClusterRoleWithExactlyTheOperatorRules() {
        assertThat(ChartRendering.operatorRules()).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(EXPECTED_RULES);
    }

    @Test
    void eachPlatformEnabledAddsExactlyItsRulesAndTellsTheOperator() {
        List<PolicyRule> engineRules = List.of(
                rule("trainer.kubeflow.org", "trainjobs", "list", "watch", "create", "delete"),
                rule("jobset.x-k8s.io", "jobsets", "list", "watch", "create", "delete"),
                rule("kueue.x-k8s.io", "workloads", "list", "watch"),
                rule("serving.kserve.io", "inferenceservices", "get", "list", "watch", "create", "patch", "delete"));
        assertThat(env(operator(render()))).containsEntry("MODELGATE_BACKENDS_TRAIN_JOB", "false")
                .containsEntry("MODELGATE_BACKENDS_JOB_SET", "false").containsEntry("MODELGATE_BACKENDS_KUEUE", "false")
                .containsEntry("MODELGATE_BACKENDS_KSERVE", "false");
        assertThat(ChartRendering.operatorRules()).as("no platform enabled: no platform rule")
                .noneMatch(r -> r.getApiGroups().stream().anyMatch(g -> g.endsWith("kubeflow.org") || g.endsWith("x-k8s.io") || g.endsWith("kserve.io")));

        String[] values = {"trainJob", "jobSet", "kueue", "kserve"};
        for (int i = 0; i < values.length; i++) {
            List<HasMetadata> objects = render(Map.of("backends." + values[i], "true"));
            List<PolicyRule> expected = new java.util.ArrayList<>(EXPECTED_RULES);
            expected.add(engineRules.get(i));
            assertThat(one(objects, ClusterRole.class).getRules()).as("backends." + values[i])
                    .usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(expected);
        }
        List<HasMetadata> all = render(Map.of("backends.trainJob", "true", "backends.jobSet", "true", "backends.kueue", "true",
                "backends.kserve", "true", "watchNamespaces", List.of("team-a")));
        List<PolicyRule> expected = new java.util.ArrayList<>(EXPECTED_RULES);
        expected.addAll(engineRules);
        assertThat(all(all, Role.class)).filteredOn(r -> !r.getMetadata().getName().equals(LEADER_ELECTION_ROLE)).singleElement()
                .satisfies(role -> assertThat(role.getRules()).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(expected));
        assertThat(env(operator(all))).containsEntry("MODELGATE_BACKENDS_TRAIN_JOB", "true")
                .containsEntry("MODELGATE_BACKENDS_JOB_SET", "true").containsEntry("MODELGATE_BACKENDS_KUEUE", "true")
                .containsEntry("MODELGATE_BACKENDS_KSERVE", "true");
    }

    @Test
    void noRuleUsesAWildcardOrTouchesClusterObjects() {
        List<PolicyRule> rules = ChartRendering.operatorRules();

        assertThat(rules).allSatisfy(rule -> {
            assertThat(rule.getApiGroups()).doesNotContain("*");
            assertThat(rule.getResources()).isNotEmpty().doesNotContain("*")
                    .noneMatch(r -> r.startsWith("namespaces") || r.startsWith("nodes")
                            || r.startsWith("customresourcedefinitions") || r.startsWith("roles") || r.startsWith("rolebindings")
                            || r.startsWith("clusterroles") || r.startsWith("clusterrolebindings") || r.startsWith("serviceaccounts"));
            assertThat(rule.getVerbs()).isNotEmpty().doesNotContain("*", "escalate", "bind", "impersonate", "deletecollection");
            assertThat(rule.getResourceNames()).isNullOrEmpty();
            assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
        });
        assertThat(rules).flatExtracting(PolicyRule::getApiGroups).containsOnly("modelgate.io", "batch", "", "apps", "gateway.networking.k8s.io");
    }

    @Test
    void secretsCanOnlyBeReadByNameNeverListedOrWatched() {
        List<PolicyRule> secretRules = ChartRendering.operatorRules().stream()
                .filter(rule -> rule.getResources().stream().anyMatch(r -> r.startsWith("secrets"))).toList();

        // HTTP analysis headers come from the one Secret a pipeline names: get, nothing that enumerates Secrets.
        assertThat(secretRules).singleElement().satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("");
            assertThat(rule.getResources()).containsExactly("secrets");
            assertThat(rule.getVerbs()).containsExactly("get");
        });
    }

    @Test
    void allNamespacesBindTheClusterRoleToTheOperatorServiceAccount() {
        List<HasMetadata> objects = render();

        ClusterRoleBinding binding = one(objects, ClusterRoleBinding.class);
        assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(binding.getRoleRef().getName()).isEqualTo(one(objects, ClusterRole.class).getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> assertServiceAccount(subject, objects));
        assertThat(all(objects, Role.class)).extracting(r -> r.getMetadata().getName()).as("only the Lease's Role").containsExactly(LEADER_ELECTION_ROLE);
        assertThat(all(objects, RoleBinding.class)).extracting(r -> r.getMetadata().getName()).containsExactly(LEADER_ELECTION_ROLE);
        assertThat(env(operator(objects))).containsEntry("QUARKUS_OPERATOR_SDK_NAMESPACES", "JOSDK_ALL_NAMESPACES");
    }

    @Test
    void watchNamespacesGrantTheSameRulesPerNamespaceAndNothingClusterWide() {
        List<HasMetadata> objects = render(Map.of("watchNamespaces", List.of("team-a", "team-b")));

        assertThat(all(objects, ClusterRole.class)).isEmpty();
        assertThat(all(objects, ClusterRoleBinding.class)).isEmpty();
        assertLeaderElectionRbac(objects);
        List<Role> roles = all(objects, Role.class).stream().filter(r -> !r.getMetadata().getName().equals(LEADER_ELECTION_ROLE)).toList();
        List<RoleBinding> bindings = all(objects, RoleBinding.class).stream()
                .filter(b -> !b.getMetadata().getName().equals(LEADER_ELECTION_ROLE)).toList();
        assertThat(roles).extracting(r -> r.getMetadata().getNamespace()).containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(bindings).extracting(b -> b.getMetadata().getNamespace()).containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(roles).allSatisfy(role ->
                assertThat(role.getRules()).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(EXPECTED_RULES));
        for (RoleBinding binding : bindings) {
            Role role = roles.stream().filter(r -> r.getMetadata().getNamespace().equals(binding.getMetadata().getNamespace())).findFirst().orElseThrow();
            assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
            assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
            assertThat(binding.getSubjects()).singleElement().satisfies(subject -> assertServiceAccount(subject, objects));
        }
        assertThat(env(operator(objects))).containsEntry("QUARKUS_OPERATOR_SDK_NAMESPACES", "team-a,team-b");
    }

    @Test
    void watchNamespacesFromAValuesFileWork() {
        List<HasMetadata> objects = renderWithValuesYaml("watchNamespaces:\n  - ml\n");

        assertThat(all(objects, Role.class)).filteredOn(r -> r.getMetadata().getName().equals("modelgate"))
                .singleElement().satisfies(r -> assertThat(r.getMetadata().getNamespace()).isEqualTo("ml"));
        assertThat(env(operator(objects))).containsEntry("QUARKUS_OPERATOR_SDK_NAMESPACES", "ml");
    }

    @Test
    void rbacCanBeLeftToTheUser() {
        List<HasMetadata> objects = render(Map.of("rbac.create", "false", "serviceAccount.create", "false", "serviceAccount.name", "mine"));

        assertThat(objects).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("Service", "Deployment");
        assertThat(one(objects, Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("mine");
    }

    @Test
    void theOperatorPodIsPodSecurityRestricted() {
        Deployment deployment = one(render(), Deployment.class);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = operator(deployment);

        PodSecurityContext podContext = pod.getSecurityContext();
        assertThat(podContext.getRunAsNonRoot()).isTrue();
        assertThat(podContext.getRunAsUser()).isEqualTo(185L);
        assertThat(podContext.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        SecurityContext context = container.getSecurityContext();
        assertThat(context.getRunAsNonRoot()).isTrue();
        assertThat(context.getAllowPrivilegeEscalation()).isFalse();
        assertThat(context.getReadOnlyRootFilesystem()).isTrue();
        assertThat(context.getPrivileged()).isFalse();
        assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(context.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(context.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(context.getRunAsUser()).as("the pod's runAsUser applies").isNull();
        // Nothing else the restricted profile forbids.
        assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
        assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
        assertThat(pod.getHostIPC()).isNotEqualTo(Boolean.TRUE);
        assertThat(container.getPorts()).allSatisfy(p -> assertThat(p.getHostPort()).isNull());
        assertThat(pod.getVolumes()).allSatisfy(v -> assertThat(v.getHostPath()).isNull());
        // A writable /tmp on the read-only root file system.
        Volume tmp = pod.getVolumes().stream().filter(v -> v.getEmptyDir() != null).findFirst().orElseThrow();
        assertThat(container.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo(tmp.getName());
            assertThat(m.getMountPath()).isEqualTo("/tmp");
        });
        assertThat(pod.getAutomountServiceAccountToken()).isTrue();
        assertThat(pod.getServiceAccountName()).isEqualTo("modelgate");
    }

    @Test
    void theOperatorRunsOnceWithSaneDefaults() {
        Deployment deployment = one(render(), Deployment.class);
        Container container = operator(deployment);

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment.getSpec().getStrategy().getType()).as("leader election on: a standby, then the switch").isEqualTo("RollingUpdate");
        assertThat(deployment.getSpec().getSelector().getMatchLabels())
                .isEqualTo(Map.of("app.kubernetes.io/name", "modelgate", "app.kubernetes.io/instance", ChartRendering.RELEASE));
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(container.getImage()).isEqualTo(DEFAULT_IMAGE);
        assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(env(container)).containsEntry("QUARKUS_LOG_LEVEL", "INFO").containsEntry("QUARKUS_LOG_CATEGORY__IO_MODELGATE__LEVEL", "INFO")
                .as("JSON log lines by default").containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKey("memory");
        assertThat(container.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getContainerPort()).isEqualTo(8080);
        });
        // SmallRye Health (brought by the Quarkus Operator SDK) serves these on the HTTP port.
        assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        for (var probe : List.of(container.getLivenessProbe(), container.getReadinessProbe(), container.getStartupProbe())) {
            assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
        }
    }

    @Test
    void leaderElectionIsOnByDefaultWithTheLeaseInThePodsNamespaceAndARollingUpdate() {
        List<HasMetadata> objects = render();
        Deployment deployment = one(objects, Deployment.class);
        Container container = operator(deployment);

        assertThat(env(container)).containsEntry("MODELGATE_LEADER_ELECTION_ENABLED", "true")
                .containsEntry("MODELGATE_LEADER_ELECTION_LEASE_NAME", LEASE);
        assertThat(fieldRefs(container)).containsEntry("POD_NAME", "metadata.name").containsEntry("POD_NAMESPACE", "metadata.namespace")
                .containsEntry("KUBERNETES_NAMESPACE", "metadata.namespace");
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal()).isEqualTo(1);
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
                .as("the old leader keeps running until the new Pod is ready").isZero();
        assertLeaderElectionRbac(objects);
    }

    @Test
    void withLeaderElectionSeveralReplicasAreAllowed() {
        assertThat(one(render(Map.of("replicas", "3")), Deployment.class).getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void leaderElectionOffMeansRecreateAtMostOneReplicaAndNoLeaseRole() {
        List<HasMetadata> objects = render(Map.of("leaderElection.enabled", "false"));
        Deployment deployment = one(objects, Deployment.class);

        assertThat(env(operator(deployment))).containsEntry("MODELGATE_LEADER_ELECTION_ENABLED", "false");
        assertThat(deployment.getSpec().getStrategy().getType()).as("no leader election: never two operators").isEqualTo("Recreate");
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate()).isNull();
        assertThat(all(objects, Role.class)).isEmpty();
        assertThat(all(objects, RoleBinding.class)).isEmpty();
        assertThat(one(render(Map.of("leaderElection.enabled", "false", "replicas", "0")), Deployment.class).getSpec().getReplicas()).isZero();
    }

    @Test
    void withoutRbacNoLeaseRoleIsRenderedEither() {
        assertThat(render(Map.of("rbac.create", "false"))).extracting(HasMetadata::getKind).doesNotContain("Role", "RoleBinding");
    }

    @Test
    void logFormatTextSwitchesJsonLogLinesOff() {
        assertThat(env(operator(render(Map.of("logFormat", "text"))))).containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        assertThat(env(operator(renderWithValuesYaml("logFormat: json\n")))).containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true");
    }

    @Test
    void theServiceExposesPort8080NamedHttpOnTheOperatorPod() {
        List<HasMetadata> objects = render();
        Service service = one(objects, Service.class);

        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getPort()).isEqualTo(8080);
            assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
        });
        assertThat(one(objects, Deployment.class).getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(service.getSpec().getSelector());
    }

    @Test
    void theImageTagDefaultsToTheAppVersionAndCanBeSet() {
        assertThat(operator(render()).getImage()).isEqualTo(DEFAULT_IMAGE);
        assertThat(operator(render(Map.of("image.tag", "v0.2.0-rc1", "image.repository", "registry.local:5000/mg/op"))).getImage())
                .isEqualTo("registry.local:5000/mg/op:v0.2.0-rc1");
    }

    @Test
    void anImageDigestSwitchesToADigestReference() {
        Container container = operator(render(Map.of("image.digest", DIGEST, "image.tag", "ignored")));

        assertThat(container.getImage()).isEqualTo("ghcr.io/modelgate/modelgate-operator@" + DIGEST);
    }

    @Test
    void valuesPassThroughToThePod() {
        String values = """
                logLevel: DEBUG
                image:
                  pullPolicy: Always
                imagePullSecrets:
                  - name: registry
                extraEnv:
                  - name: QUARKUS_OPERATOR_SDK_CONCURRENT_RECONCILIATION_THREADS
                    value: "4"
                nodeSelector:
                  kubernetes.io/os: linux
                tolerations:
                  - key: dedicated
                    operator: Equal
                    value: operators
                    effect: NoSchedule
                affinity:
                  nodeAffinity:
                    requiredDuringSchedulingIgnoredDuringExecution:
                      nodeSelectorTerms:
                        - matchExpressions:
                            - key: kubernetes.io/arch
                              operator: In
                              values: [amd64]
                priorityClassName: system-cluster-critical
                podAnnotations:
                  prometheus.io/scrape: "true"
                podLabels:
                  team: ml
                resources:
                  requests:
                    cpu: 50m
                    memory: 128Mi
                """;
        Deployment deployment = one(renderWithValuesYaml(values), Deployment.class);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = operator(deployment);

        assertThat(env(container)).containsEntry("QUARKUS_LOG_LEVEL", "DEBUG")
                .containsEntry("QUARKUS_OPERATOR_SDK_CONCURRENT_RECONCILIATION_THREADS", "4");
        assertThat(container.getImagePullPolicy()).isEqualTo("Always");
        assertThat(pod.getImagePullSecrets()).singleElement().satisfies(s -> assertThat(s.getName()).isEqualTo("registry"));
        assertThat(pod.getNodeSelector()).isEqualTo(Map.of("kubernetes.io/os", "linux"));
        assertThat(pod.getTolerations()).singleElement().satisfies(t -> assertThat(t.getValue()).isEqualTo("operators"));
        assertThat(pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms()).hasSize(1);
        assertThat(pod.getPriorityClassName()).isEqualTo("system-cluster-critical");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations()).containsEntry("prometheus.io/scrape", "true");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("team", "ml");
        assertThat(container.getResources().getRequests().get("cpu").toString()).isEqualTo("50m");
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of(Map.of("replicas", "-1"), "- replicas: Must be greater than or equal to 0"),
                Arguments.of(Map.of("replicas", "2", "leaderElection.enabled", "false"), "- replicas: Must be less than or equal to 1"),
                Arguments.of(Map.of("leaderElection.enabled", "yes"), "- leaderElection.enabled: Invalid type. Expected: boolean"),
                Arguments.of(Map.of("leaderElection.lease", "mine"), "Additional property lease is not allowed"),
                Arguments.of(Map.of("replicas", "one"), "- replicas: Invalid type. Expected: integer"),
                Arguments.of(Map.of("logLevel", "LOUD"), "- logLevel: logLevel must be one of the following"),
                Arguments.of(Map.of("logFormat", "xml"), "- logFormat: logFormat must be one of the following: \"json\", \"text\""),
                Arguments.of(Map.of("logFormat", "JSON"), "- logFormat: logFormat must be one of the following"),
                Arguments.of(Map.of("image.tag", "5"), "- image.tag: Invalid type. Expected: string, given: integer"),
                Arguments.of(Map.of("image.digest", "sha256:short"), "- image.digest: Does not match pattern"),
                Arguments.of(Map.of("image.pullPolicy", "Sometimes"), "- image.pullPolicy: image.pullPolicy must be one of the following"),
                Arguments.of(Map.of("watchNamespaces", List.of("Team_A")), "- watchNamespaces.0: Does not match pattern"),
                Arguments.of(Map.of("watchNamespaces", List.of("team-a", "team-a")), "- watchNamespaces: array items[0,1] must be unique"),
                Arguments.of(Map.of("service.port", "0"), "- service.port: Must be greater than or equal to 1"),
                Arguments.of(Map.of("rbac.create", "yes"), "- rbac.create: Invalid type. Expected: boolean"),
                Arguments.of(Map.of("replica", "1"), "Additional property replica is not allowed"));
    }

    @ParameterizedTest(name = "{0} is rejected: {1}")
    @MethodSource("badValues")
    void badValuesAreRejectedByTheSchemaNamingTheField(Map<String, ?> values, String message) {
        assertThatThrownBy(() -> render(values))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(message);
    }

    @Test
    void aNumberAsImageTagInAValuesFileIsRejected() {
        assertThatThrownBy(() -> renderWithValuesYaml("image:\n  tag: 5\n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("- image.tag: Invalid type. Expected: string, given: integer");
    }

    private static void assertServiceAccount(Subject subject, List<HasMetadata> objects) {
        ServiceAccount account = one(objects, ServiceAccount.class);
        assertThat(subject.getKind()).isEqualTo("ServiceAccount");
        assertThat(subject.getName()).isEqualTo(account.getMetadata().getName());
        assertThat(subject.getNamespace()).isEqualTo(ChartRendering.NAMESPACE);
    }


    /** The Lease's Role and RoleBinding: in the release namespace, exactly the Lease rules, bound to the operator. */
    private static void assertLeaderElectionRbac(List<HasMetadata> objects) {
        Role role = all(objects, Role.class).stream().filter(r -> r.getMetadata().getName().equals(LEADER_ELECTION_ROLE)).findFirst().orElseThrow();
        RoleBinding binding = all(objects, RoleBinding.class).stream().filter(b -> b.getMetadata().getName().equals(LEADER_ELECTION_ROLE))
                .findFirst().orElseThrow();

        assertThat(role.getMetadata().getNamespace()).isEqualTo(ChartRendering.NAMESPACE);
        assertThat(role.getRules()).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(EXPECTED_LEASE_RULES);
        assertThat(binding.getMetadata().getNamespace()).isEqualTo(ChartRendering.NAMESPACE);
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getName()).isEqualTo(LEADER_ELECTION_ROLE);
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> assertServiceAccount(subject, objects));
        assertThat(env(operator(objects))).containsEntry("MODELGATE_LEADER_ELECTION_LEASE_NAME", LEASE);
    }

    /** A container's downward-API variables: name to fieldPath. */
    private static Map<String, String> fieldRefs(Container container) {
        Map<String, String> refs = new LinkedHashMap<>();
        container.getEnv().stream().filter(v -> v.getValueFrom() != null && v.getValueFrom().getFieldRef() != null)
                .forEach(v -> refs.put(v.getName(), v.getValueFrom().getFieldRef().getFieldPath()));
        return refs;
    }

    private static PolicyRule rule(String group, String resource, String... verbs) {
        return new PolicyRuleBuilder().withApiGroups(group).withResources(resource).withVerbs(verbs).build();
    }
}
