package io.modelgate.podsecurity;

import io.fabric8.kubernetes.api.model.AppArmorProfile;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.WindowsSecurityContextOptions;

import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import static io.modelgate.podsecurity.PodView.quoted;

/**
 * The baseline level's checks, as k8s.io/pod-security-admission v0.34 defines them for policy version "latest"
 * (policy/check_*.go): each names what it forbids, never how upstream words it. The restricted level replaces three
 * of them (capabilities, hostPath volumes, seccomp) with stricter versions, as upstream's OverrideCheckIDs do.
 */
final class BaselineChecks {

    /** check_capabilities_baseline: the container runtimes' default set. */
    static final Set<String> CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
            "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
    /** check_seLinuxOptions since 1.31 (empty means unset). */
    static final Set<String> SELINUX_TYPES = Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");
    /** check_sysctls since 1.32: namespaced and isolated from other pods. */
    static final Set<String> SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies",
            "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.ip_local_reserved_ports",
            "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes",
            "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem");
    static final Set<String> PROFILE_TYPES = Set.of("RuntimeDefault", "Localhost");
    static final String APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/";

    private final PodView pod;
    private final List<Violation> found;

    private BaselineChecks(PodView pod, List<Violation> found) {
        this.pod = pod;
        this.found = found;
    }

    /** @param restricted the restricted level's own versions of capabilities, volumes and seccomp run instead */
    static void check(PodView pod, boolean restricted, List<Violation> found) {
        BaselineChecks checks = new BaselineChecks(pod, found);
        checks.hostProcess();
        checks.hostNamespaces();
        checks.privileged();
        if (!restricted) {
            checks.capabilities();
            checks.hostPathVolumes();
        }
        checks.hostPorts();
        checks.probeAndLifecycleHosts();
        checks.appArmor();
        checks.seLinux();
        checks.procMount();
        if (!restricted) {
            seccomp(pod, found);
        }
        checks.sysctls();
    }

    private void add(String check, String field, String problem) {
        found.add(new Violation(check, field, problem));
    }

    private void hostProcess() {
        if (pod.securityContext() != null && hostProcess(pod.securityContext().getWindowsOptions())) {
            add("hostProcess", pod.podSecurityField("windowsOptions.hostProcess"), "must not be true");
        }
        for (PodView.Named c : pod.containers) {
            if (c.securityContext() != null && hostProcess(c.securityContext().getWindowsOptions())) {
                add("hostProcess", c.securityField("windowsOptions.hostProcess"), "must not be true");
            }
        }
    }

    private static boolean hostProcess(WindowsSecurityContextOptions options) {
        return options != null && Boolean.TRUE.equals(options.getHostProcess());
    }

    private void hostNamespaces() {
        if (Boolean.TRUE.equals(pod.podSpec.getHostNetwork())) {
            add("host namespaces", pod.spec + ".hostNetwork", "must not be true");
        }
        if (Boolean.TRUE.equals(pod.podSpec.getHostPID())) {
            add("host namespaces", pod.spec + ".hostPID", "must not be true");
        }
        if (Boolean.TRUE.equals(pod.podSpec.getHostIPC())) {
            add("host namespaces", pod.spec + ".hostIPC", "must not be true");
        }
    }

    private void privileged() {
        for (PodView.Named c : pod.containers) {
            if (c.securityContext() != null && Boolean.TRUE.equals(c.securityContext().getPrivileged())) {
                add("privileged", c.securityField("privileged"), "must not be true");
            }
        }
    }

    private void capabilities() {
        for (PodView.Named c : pod.containers) {
            if (c.securityContext() == null || c.securityContext().getCapabilities() == null || c.securityContext().getCapabilities().getAdd() == null) {
                continue;
            }
            List<String> added = c.securityContext().getCapabilities().getAdd();
            for (int i = 0; i < added.size(); i++) {
                if (!CAPABILITIES.contains(added.get(i))) {
                    add("non-default capabilities", c.securityField("capabilities.add[" + i + "]"), quoted(added.get(i)) + " is not allowed");
                }
            }
        }
    }

    private void hostPathVolumes() {
        var volumes = pod.podSpec.getVolumes();
        for (int i = 0; volumes != null && i < volumes.size(); i++) {
            if (volumes.get(i).getHostPath() != null) {
                add("hostPath volumes", pod.spec + ".volumes[" + i + "].hostPath", "(volume " + quoted(volumes.get(i).getName()) + ") is not allowed");
            }
        }
    }

    private void hostPorts() {
        for (PodView.Named c : pod.containers) {
            List<ContainerPort> ports = c.container().getPorts();
            for (int i = 0; ports != null && i < ports.size(); i++) {
                Integer hostPort = ports.get(i).getHostPort();
                if (hostPort != null && hostPort != 0) {
                    add("hostPort", c.field() + ".ports[" + i + "].hostPort", hostPort + " is not allowed (must be 0 or unset)");
                }
            }
        }
    }

    /** check_hostProbesAndHostLifecycle (1.34): a probe or hook must not reach another host than the pod. */
    private void probeAndLifecycleHosts() {
        for (PodView.Named c : pod.containers) {
            probe(c.field() + ".livenessProbe", c.container().getLivenessProbe());
            probe(c.field() + ".readinessProbe", c.container().getReadinessProbe());
            probe(c.field() + ".startupProbe", c.container().getStartupProbe());
            if (c.container().getLifecycle() != null) {
                hook(c.field() + ".lifecycle.postStart", c.container().getLifecycle().getPostStart());
                hook(c.field() + ".lifecycle.preStop", c.container().getLifecycle().getPreStop());
            }
        }
    }

    private void probe(String field, Probe probe) {
        if (probe != null) {
            host(field + ".httpGet.host", probe.getHttpGet() == null ? null : probe.getHttpGet().getHost());
            host(field + ".tcpSocket.host", probe.getTcpSocket() == null ? null : probe.getTcpSocket().getHost());
        }
    }

    private void hook(String field, LifecycleHandler handler) {
        if (handler != null) {
            host(field + ".httpGet.host", handler.getHttpGet() == null ? null : handler.getHttpGet().getHost());
            host(field + ".tcpSocket.host", handler.getTcpSocket() == null ? null : handler.getTcpSocket().getHost());
        }
    }

    private void host(String field, String host) {
        if (host != null && !host.isEmpty()) {
            add("probe or lifecycle host", field, quoted(host) + " is not allowed (must be empty)");
        }
    }

    private void appArmor() {
        if (pod.securityContext() != null) {
            appArmorProfile(pod.podSecurityField("appArmorProfile.type"), pod.securityContext().getAppArmorProfile());
        }
        for (PodView.Named c : pod.containers) {
            if (c.securityContext() != null) {
                appArmorProfile(c.securityField("appArmorProfile.type"), c.securityContext().getAppArmorProfile());
            }
        }
        for (var annotation : new TreeMap<>(pod.annotations()).entrySet()) {
            String value = annotation.getValue() == null ? "" : annotation.getValue();
            if (annotation.getKey().startsWith(APPARMOR_ANNOTATION)
                    && !(value.isEmpty() || value.equals("runtime/default") || value.startsWith("localhost/"))) {
                add("forbidden AppArmor profile", pod.field + ".metadata.annotations[" + annotation.getKey() + "]",
                        quoted(value) + " is not allowed (runtime/default or localhost/*)");
            }
        }
    }

    private void appArmorProfile(String field, AppArmorProfile profile) {
        if (profile != null && !PROFILE_TYPES.contains(profile.getType())) {
            add("forbidden AppArmor profile", field, quoted(profile.getType()) + " is not allowed (RuntimeDefault or Localhost)");
        }
    }

    private void seLinux() {
        if (pod.securityContext() != null) {
            seLinuxOptions(pod.podSecurityField("seLinuxOptions"), pod.securityContext().getSeLinuxOptions());
        }
        for (PodView.Named c : pod.containers) {
            if (c.securityContext() != null) {
                seLinuxOptions(c.securityField("seLinuxOptions"), c.securityContext().getSeLinuxOptions());
            }
        }
    }

    private void seLinuxOptions(String field, SELinuxOptions options) {
        if (options == null) {
            return;
        }
        String type = options.getType() == null ? "" : options.getType();
        if (!SELINUX_TYPES.contains(type)) {
            add("seLinuxOptions", field + ".type", quoted(type) + " is not allowed");
        }
        if (options.getUser() != null && !options.getUser().isEmpty()) {
            add("seLinuxOptions", field + ".user", "must not be set");
        }
        if (options.getRole() != null && !options.getRole().isEmpty()) {
            add("seLinuxOptions", field + ".role", "must not be set");
        }
    }

    /**
     * Upstream allows any procMount for a pod in a user namespace ({@code hostUsers: false}) only when the API server
     * runs with the UserNamespacesPodSecurityStandards feature gate, which is off by default: so never here.
     */
    private void procMount() {
        for (PodView.Named c : pod.containers) {
            String procMount = c.securityContext() == null ? null : c.securityContext().getProcMount();
            if (procMount != null && !"Default".equals(procMount)) {
                add("procMount", c.securityField("procMount"), quoted(procMount) + " is not allowed (Default or unset)");
            }
        }
    }

    /** check_seccompProfile_baseline (1.19+): a profile, where one is set, is the runtime's default or a local one. */
    static void seccomp(PodView pod, List<Violation> found) {
        if (pod.securityContext() != null) {
            seccompProfile(pod.podSecurityField("seccompProfile.type"), pod.securityContext().getSeccompProfile(), found);
        }
        for (PodView.Named c : pod.containers) {
            if (c.securityContext() != null) {
                seccompProfile(c.securityField("seccompProfile.type"), c.securityContext().getSeccompProfile(), found);
            }
        }
    }

    /** @return whether the profile is set and allowed */
    static boolean seccompProfile(String field, SeccompProfile profile, List<Violation> found) {
        if (profile == null) {
            return false;
        }
        if (!PROFILE_TYPES.contains(profile.getType())) {
            found.add(new Violation("seccompProfile", field, quoted(profile.getType()) + " is not allowed (RuntimeDefault or Localhost)"));
            return false;
        }
        return true;
    }

    private void sysctls() {
        List<Sysctl> sysctls = pod.securityContext() == null ? null : pod.securityContext().getSysctls();
        for (int i = 0; sysctls != null && i < sysctls.size(); i++) {
            if (!SYSCTLS.contains(sysctls.get(i).getName())) {
                add("forbidden sysctls", pod.podSecurityField("sysctls[" + i + "].name"), quoted(sysctls.get(i).getName()) + " is not allowed");
            }
        }
    }
}
