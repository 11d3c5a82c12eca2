package io.modelgate.podsecurity;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each check on its own, the way the levels combine them (upstream's overrides, Windows), and the message. */
class PodSecurityStandardsTest {

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static PodTemplateSpec template(String json) {
        return SERIALIZATION.unmarshal(json, PodTemplateSpec.class);
    }

    static List<String> found(PodSecurityLevel level, String json) {
        return PodSecurityStandards.check(level, template(json), "serving.template").stream().map(Violation::toString).toList();
    }

    static final String RESTRICTED_CONTAINER = "{\"name\": \"c\", \"securityContext\": {\"allowPrivilegeEscalation\": false, "
            + "\"capabilities\": {\"drop\": [\"ALL\"]}}}";
    static final String RESTRICTED_POD = "\"securityContext\": {\"runAsNonRoot\": true, \"seccompProfile\": {\"type\": \"RuntimeDefault\"}}";

    @Test
    void theLevelIsSpelledAsTheNamespaceLabelAndAnythingElseIsRefusedWithTheSettingsName() {
        assertThat(PodSecurityLevel.parse("restricted")).isEqualTo(PodSecurityLevel.Restricted);
        assertThat(PodSecurityLevel.parse(" baseline ")).isEqualTo(PodSecurityLevel.Baseline);
        assertThat(PodSecurityLevel.parse("privileged")).isEqualTo(PodSecurityLevel.Privileged);
        assertThat(PodSecurityLevel.DEFAULT).isEqualTo(PodSecurityLevel.Baseline);
        for (String bad : new String[]{"Restricted", "strict", "", null}) {
            assertThatThrownBy(() -> PodSecurityLevel.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("modelgate.pod-security.level (MODELGATE_POD_SECURITY_LEVEL) is \"" + bad + "\"; it must be one of "
                            + "baseline, privileged, restricted (the Pod Security Standards levels, in lower case)");
        }
    }

    @Test
    void privilegedAllowsEverything() {
        assertThat(found(PodSecurityLevel.Privileged, "{\"spec\": {\"hostPID\": true, \"containers\": [{\"name\": \"c\", "
                + "\"securityContext\": {\"privileged\": true}}], \"volumes\": [{\"name\": \"root\", \"hostPath\": {\"path\": \"/\"}}]}}")).isEmpty();
    }

    @Test
    void baselineChecksNameEachFieldAndWhatIsWrongWithIt() {
        String pod = """
                {"metadata": {"annotations": {"container.apparmor.security.beta.kubernetes.io/c": "unconfined",
                                              "container.apparmor.security.beta.kubernetes.io/d": "localhost/mine"}},
                 "spec": {"hostNetwork": true, "hostPID": true, "hostIPC": true,
                  "securityContext": {"windowsOptions": {"hostProcess": true}, "seLinuxOptions": {"type": "spc_t", "user": "u", "role": "r"},
                                      "seccompProfile": {"type": "Unconfined"}, "appArmorProfile": {"type": "Unconfined"},
                                      "sysctls": [{"name": "kernel.shm_rmid_forced", "value": "1"}, {"name": "kernel.msgmax", "value": "1"}]},
                  "initContainers": [{"name": "i", "securityContext": {"privileged": true}}],
                  "containers": [{"name": "c", "ports": [{"containerPort": 80}, {"containerPort": 81, "hostPort": 81}],
                                  "securityContext": {"capabilities": {"add": ["CHOWN", "NET_RAW"]}, "procMount": "Unmasked",
                                                      "windowsOptions": {"hostProcess": true}},
                                  "readinessProbe": {"tcpSocket": {"host": "db", "port": 5432}},
                                  "lifecycle": {"postStart": {"httpGet": {"host": "10.0.0.1", "port": 80}}}}],
                  "volumes": [{"name": "root", "hostPath": {"path": "/"}}, {"name": "scratch", "emptyDir": {}}]}}""";

        assertThat(found(PodSecurityLevel.Baseline, pod)).containsExactly(
                "serving.template.spec.securityContext.windowsOptions.hostProcess must not be true",
                "serving.template.spec.containers[0].securityContext.windowsOptions.hostProcess must not be true",
                "serving.template.spec.hostNetwork must not be true",
                "serving.template.spec.hostPID must not be true",
                "serving.template.spec.hostIPC must not be true",
                "serving.template.spec.initContainers[0].securityContext.privileged must not be true",
                "serving.template.spec.containers[0].securityContext.capabilities.add[1] \"NET_RAW\" is not allowed",
                "serving.template.spec.volumes[0].hostPath (volume \"root\") is not allowed",
                "serving.template.spec.containers[0].ports[1].hostPort 81 is not allowed (must be 0 or unset)",
                "serving.template.spec.containers[0].readinessProbe.tcpSocket.host \"db\" is not allowed (must be empty)",
                "serving.template.spec.containers[0].lifecycle.postStart.httpGet.host \"10.0.0.1\" is not allowed (must be empty)",
                "serving.template.spec.securityContext.appArmorProfile.type \"Unconfined\" is not allowed (RuntimeDefault or Localhost)",
                "serving.template.metadata.annotations[container.apparmor.security.beta.kubernetes.io/c] \"unconfined\" is not allowed (runtime/default or localhost/*)",
                "serving.template.spec.securityContext.seLinuxOptions.type \"spc_t\" is not allowed",
                "serving.template.spec.securityContext.seLinuxOptions.user must not be set",
                "serving.template.spec.securityContext.seLinuxOptions.role must not be set",
                "serving.template.spec.containers[0].securityContext.procMount \"Unmasked\" is not allowed (Default or unset)",
                "serving.template.spec.securityContext.seccompProfile.type \"Unconfined\" is not allowed (RuntimeDefault or Localhost)",
                "serving.template.spec.securityContext.sysctls[1].name \"kernel.msgmax\" is not allowed");
    }

    @Test
    void whatBaselineAllows() {
        assertThat(found(PodSecurityLevel.Baseline, """
                {"metadata": {"annotations": {"container.apparmor.security.beta.kubernetes.io/c": "runtime/default"}},
                 "spec": {"hostNetwork": false, "securityContext": {"seLinuxOptions": {"type": "container_engine_t"},
                                      "seccompProfile": {"type": "Localhost", "localhostProfile": "p.json"}, "runAsUser": 0,
                                      "sysctls": [{"name": "net.ipv4.tcp_rmem", "value": "4096 87380 6291456"}]},
                  "containers": [{"name": "c", "ports": [{"containerPort": 80, "hostPort": 0}],
                                  "securityContext": {"privileged": false, "procMount": "Default", "allowPrivilegeEscalation": true,
                                                      "capabilities": {"add": ["CHOWN", "NET_BIND_SERVICE", "SYS_CHROOT"]},
                                                      "appArmorProfile": {"type": "Localhost", "localhostProfile": "p"}},
                                  "livenessProbe": {"httpGet": {"host": "", "port": 80}}}],
                  "volumes": [{"name": "data", "nfs": {"server": "s", "path": "/"}}]}}""")).isEmpty();
    }

    /** Upstream's OverrideCheckIDs: at restricted, its own volume, seccomp and capability checks replace baseline's. */
    @Test
    void restrictedReplacesThreeBaselineChecksSoNothingIsNamedTwice() {
        List<Violation> found = PodSecurityStandards.check(PodSecurityLevel.Restricted, template("""
                {"spec": {"securityContext": {"runAsNonRoot": true, "seccompProfile": {"type": "Unconfined"}},
                  "containers": [{"name": "c", "securityContext": {"allowPrivilegeEscalation": false,
                                  "capabilities": {"drop": ["ALL"], "add": ["SYS_ADMIN"]}}}],
                  "volumes": [{"name": "root", "hostPath": {"path": "/"}}]}}"""), "serving.template");

        assertThat(found).extracting(Violation::check, Violation::field).containsExactly(
                org.assertj.core.groups.Tuple.tuple("restricted volume types", "serving.template.spec.volumes[0].hostPath"),
                org.assertj.core.groups.Tuple.tuple("seccompProfile", "serving.template.spec.securityContext.seccompProfile.type"),
                org.assertj.core.groups.Tuple.tuple("unrestricted capabilities", "serving.template.spec.containers[0].securityContext.capabilities.add[0]"));
    }

    @Test
    void restrictedRequiresWhatBaselineLeavesOpen() {
        assertThat(found(PodSecurityLevel.Restricted, "{\"spec\": {\"containers\": [{\"name\": \"c\"}, {\"name\": \"d\", "
                + "\"securityContext\": {\"runAsNonRoot\": false, \"runAsUser\": 0, \"allowPrivilegeEscalation\": true, "
                + "\"capabilities\": {\"drop\": [\"all\"], \"add\": [\"NET_BIND_SERVICE\", \"CHOWN\"]}}}], "
                + "\"volumes\": [{\"name\": \"w\", \"gitRepo\": {\"repository\": \"r\"}}, {\"name\": \"ok\", \"projected\": {\"sources\": []}}]}}"))
                .containsExactly(
                        "serving.template.spec.volumes[0].gitRepo (volume \"w\") is not an allowed volume type",
                        "serving.template.spec.containers[0].securityContext.allowPrivilegeEscalation must be false",
                        "serving.template.spec.containers[1].securityContext.allowPrivilegeEscalation must be false",
                        // an explicit false is named where it is written; the unset container then goes unmentioned, as upstream
                        "serving.template.spec.containers[1].securityContext.runAsNonRoot must not be false",
                        "serving.template.spec.containers[1].securityContext.runAsUser must not be 0",
                        "serving.template.spec.securityContext.seccompProfile.type must be RuntimeDefault or Localhost (or be so in every container)",
                        "serving.template.spec.containers[0].securityContext.capabilities.drop must include \"ALL\"",
                        // capability names are case-sensitive upstream: "all" is not "ALL"
                        "serving.template.spec.containers[1].securityContext.capabilities.drop must include \"ALL\"",
                        "serving.template.spec.containers[1].securityContext.capabilities.add[1] \"CHOWN\" is not allowed (only NET_BIND_SERVICE)");
    }

    @Test
    void restrictedAcceptsPodLevelSettingsForEveryContainerOrContainerLevelOnes() {
        assertThat(found(PodSecurityLevel.Restricted, "{\"spec\": {" + RESTRICTED_POD + ", \"containers\": [" + RESTRICTED_CONTAINER + "]}}"))
                .isEmpty();
        assertThat(found(PodSecurityLevel.Restricted, "{\"spec\": {\"containers\": [{\"name\": \"c\", \"securityContext\": "
                + "{\"allowPrivilegeEscalation\": false, \"capabilities\": {\"drop\": [\"ALL\"]}, \"runAsNonRoot\": true, "
                + "\"seccompProfile\": {\"type\": \"Localhost\", \"localhostProfile\": \"p.json\"}}}]}}")).isEmpty();
        assertThat(found(PodSecurityLevel.Restricted, "{\"spec\": {\"containers\": [" + RESTRICTED_CONTAINER + "]}}")).containsExactly(
                "serving.template.spec.securityContext.runAsNonRoot must be true (or be true in every container)",
                "serving.template.spec.securityContext.seccompProfile.type must be RuntimeDefault or Localhost (or be so in every container)");
    }

    /** Upstream skips privilege escalation, seccomp and capabilities for a Windows pod (they are Linux features). */
    @Test
    void aWindowsPodIsNotAskedForLinuxOnlySettings() {
        assertThat(found(PodSecurityLevel.Restricted, "{\"spec\": {\"os\": {\"name\": \"windows\"}, \"securityContext\": {\"runAsNonRoot\": true}, "
                + "\"containers\": [{\"name\": \"c\"}]}}")).isEmpty();
        assertThat(found(PodSecurityLevel.Restricted, "{\"spec\": {\"os\": {\"name\": \"windows\"}, \"containers\": [{\"name\": \"c\"}]}}"))
                .containsExactly("serving.template.spec.securityContext.runAsNonRoot must be true (or be true in every container)");
    }

    @Test
    void ephemeralContainersAreCheckedAndNamedToo() {
        assertThat(found(PodSecurityLevel.Baseline, "{\"spec\": {\"containers\": [{\"name\": \"c\"}], \"ephemeralContainers\": "
                + "[{\"name\": \"debug\", \"targetContainerName\": \"c\", \"securityContext\": {\"privileged\": true}}]}}"))
                .containsExactly("serving.template.spec.ephemeralContainers[0].securityContext.privileged must not be true");
    }

    @Test
    void aVolumeOfATypeTheModelDoesNotKnowIsNotAllowedAtRestricted() {
        assertThat(found(PodSecurityLevel.Restricted, "{\"spec\": {" + RESTRICTED_POD + ", \"containers\": [" + RESTRICTED_CONTAINER + "], "
                + "\"volumes\": [{\"name\": \"x\", \"futureVolume\": {\"size\": 1}}, {\"name\": \"bare\"}]}}")).containsExactly(
                "serving.template.spec.volumes[0].futureVolume (volume \"x\") is not an allowed volume type",
                "serving.template.spec.volumes[1] (volume \"bare\") is not an allowed volume type");
    }

    /** The brief's claim, checked: a template that says nothing about security is made restricted by the defaults. */
    @Test
    void theDefaultsMakeASilentTemplateRestrictedAndLeaveWhatATemplateSays() {
        PodTemplateSpec silent = template("{\"spec\": {\"initContainers\": [{\"name\": \"i\"}], \"containers\": [{\"name\": \"c\"}, {\"name\": \"d\"}]}}");
        assertThat(PodSecurityStandards.check(PodSecurityLevel.Restricted, silent, "t")).isNotEmpty();

        RestrictedDefaults.apply(silent.getSpec());

        assertThat(PodSecurityStandards.check(PodSecurityLevel.Restricted, silent, "t")).isEmpty();
        PodTemplateSpec root = template("{\"spec\": {\"securityContext\": {\"runAsUser\": 0}, \"containers\": [{\"name\": \"c\", "
                + "\"securityContext\": {\"allowPrivilegeEscalation\": true, \"capabilities\": {\"add\": [\"CHOWN\"]}}}]}}");
        RestrictedDefaults.apply(root.getSpec());
        assertThat(root.getSpec().getSecurityContext().getRunAsNonRoot()).as("running as root is kept").isNull();
        assertThat(root.getSpec().getContainers().get(0).getSecurityContext().getAllowPrivilegeEscalation()).isTrue();
        assertThat(root.getSpec().getContainers().get(0).getSecurityContext().getCapabilities().getDrop()).isEmpty();
    }

    @Test
    void theDefaultsGiveAWindowsPodOnlyWhatTheApiServerAcceptsOnWindows() {
        PodTemplateSpec windows = template("{\"spec\": {\"os\": {\"name\": \"windows\"}, \"containers\": [{\"name\": \"c\"}]}}");

        RestrictedDefaults.apply(windows.getSpec());

        assertThat(windows.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(windows.getSpec().getSecurityContext().getSeccompProfile()).isNull();
        assertThat(windows.getSpec().getContainers().get(0).getSecurityContext()).isNull();
        assertThat(PodSecurityStandards.check(PodSecurityLevel.Restricted, windows, "t")).isEmpty();
    }

    @Test
    void theMessageSaysTheLevelAndListsTheFirstTenViolations() {
        List<Violation> twelve = IntStream.range(0, 12).mapToObj(i -> new Violation("hostPort", "serving.template.spec.containers[0].ports[" + i
                + "].hostPort", "8" + i + " is not allowed")).toList();

        String message = PodSecurityStandards.describe(PodSecurityLevel.Baseline, twelve);

        assertThat(message).startsWith("above Pod Security \"baseline\", the highest level this operator creates (modelgate.pod-security.level): "
                + "serving.template.spec.containers[0].ports[0].hostPort 80 is not allowed, ")
                .contains("ports[9].hostPort 89 is not allowed").doesNotContain("ports[10]").endsWith(" and 2 more");
    }
}
