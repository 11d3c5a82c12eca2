package io.modelgate.e2e;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Modelgate installed from its Helm chart (CRDs, ServiceAccount, RBAC, the operator Deployment) with
 * helm-java, and a kubeconfig that authenticates as the chart's ServiceAccount, so that the operator
 * process has exactly the permissions the chart grants.
 */
public final class ModelgateInstallation {

    public static final String NAMESPACE = "modelgate-system";
    public static final String RELEASE = "modelgate";
    /**
     * What the downward API's metadata.name (POD_NAME, the leader election identity) stands for here: the operator
     * runs as a process, not in the chart's Pod.
     */
    public static final String OPERATOR_PROCESS_NAME = "modelgate-e2e-operator-process";

    private final Release release;
    private final String serviceAccount;
    private final Map<String, String> operatorEnv;

    private ModelgateInstallation(Release release, String serviceAccount, Map<String, String> operatorEnv) {
        this.release = release;
        this.serviceAccount = serviceAccount;
        this.operatorEnv = operatorEnv;
    }

    public static Path chartDir(Path repo) {
        Path chart = repo.resolve("helm/modelgate");
        Path templates = chart.resolve("templates");
        boolean hasTemplates;
        try (var files = Files.list(templates)) {
            hasTemplates = files.anyMatch(f -> f.getFileName().toString().endsWith(".yaml"));
        } catch (IOException e) {
            hasTemplates = false;
        }
        if (!Files.isRegularFile(chart.resolve("Chart.yaml")) || !hasTemplates) {
            throw new IllegalStateException("The Helm chart is incomplete: " + chart + " needs Chart.yaml and templates/*.yaml");
        }
        return chart;
    }

    /** `helm install modelgate helm/modelgate -n modelgate-system --create-namespace`, CRDs included. */
    public static ModelgateInstallation install(Path repo, Path adminKubeconfig, KubernetesClient admin) {
        return install(repo, adminKubeconfig, admin, Map.of());
    }

    /** The same with {@code --set key=value} for each of {@code values}. */
    public static ModelgateInstallation install(Path repo, Path adminKubeconfig, KubernetesClient admin, Map<String, ?> values) {
        Release release;
        try {
            var install = new Helm(chartDir(repo)).install()
                    .withName(RELEASE)
                    .withNamespace(NAMESPACE)
                    .createNamespace()
                    .withKubeConfig(adminKubeconfig);
            values.forEach(install::set);
            release = install.call();
        } catch (RuntimeException e) {
            throw new IllegalStateException("helm install of " + chartDir(repo) + " failed: " + e.getMessage(), e);
        }
        E2e.log("helm release %s/%s: %s (chart %s, app %s)", release.getNamespace(), release.getName(), release.getStatus(),
                release.getChart(), release.getAppVersion());
        Deployment operator = operatorDeployment(admin);
        String serviceAccount = operator.getSpec().getTemplate().getSpec().getServiceAccountName();
        if (serviceAccount == null || serviceAccount.isBlank()) {
            throw new IllegalStateException("the chart's operator Deployment " + operator.getMetadata().getName()
                    + " names no serviceAccountName: it would run as 'default'");
        }
        if (admin.serviceAccounts().inNamespace(NAMESPACE).withName(serviceAccount).get() == null) {
            throw new IllegalStateException("the chart's Deployment uses ServiceAccount " + serviceAccount + " that the chart does not create");
        }
        return new ModelgateInstallation(release, serviceAccount, containerEnv(operator));
    }

    /** The chart's operator Deployment: the only Deployment of the release in its namespace. */
    private static Deployment operatorDeployment(KubernetesClient admin) {
        List<Deployment> deployments = admin.apps().deployments().inNamespace(NAMESPACE).list().getItems();
        if (deployments.size() != 1) {
            throw new IllegalStateException("expected exactly one Deployment from the chart in " + NAMESPACE + ", found "
                    + deployments.stream().map(d -> d.getMetadata().getName()).toList());
        }
        return deployments.get(0);
    }

    /**
     * The operator container's plain environment (e.g. QUARKUS_OPERATOR_SDK_NAMESPACES), so that the process
     * runs configured as the chart would run it. fieldRef metadata.namespace resolves to the release namespace,
     * metadata.name to {@link #OPERATOR_PROCESS_NAME}; other valueFrom entries are left out.
     */
    private static Map<String, String> containerEnv(Deployment operator) {
        Map<String, String> env = new LinkedHashMap<>();
        var containers = operator.getSpec().getTemplate().getSpec().getContainers();
        if (containers.isEmpty() || containers.get(0).getEnv() == null) {
            return env;
        }
        for (EnvVar var : containers.get(0).getEnv()) {
            if (var.getValue() != null) {
                env.put(var.getName(), var.getValue());
            } else if (var.getValueFrom() != null && var.getValueFrom().getFieldRef() != null) {
                switch (var.getValueFrom().getFieldRef().getFieldPath()) {
                    case "metadata.namespace" -> env.put(var.getName(), NAMESPACE);
                    case "metadata.name" -> env.put(var.getName(), OPERATOR_PROCESS_NAME);
                    default -> { }
                }
            }
        }
        return env;
    }

    public String serviceAccount() {
        return serviceAccount;
    }

    public Map<String, String> operatorEnv() {
        return operatorEnv;
    }

    public Release release() {
        return release;
    }

    /**
     * Writes a kubeconfig that authenticates with a bound token of the chart's ServiceAccount (TokenRequest API),
     * with the admin kubeconfig's server and CA, and checks with a SelfSubjectReview who it is.
     */
    public Path writeServiceAccountKubeconfig(KubernetesClient admin, Path adminKubeconfig, Path out) {
        TokenRequest request = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(4L * 3600).endSpec().build();
        String token = admin.serviceAccounts().inNamespace(NAMESPACE).withName(serviceAccount).tokenRequest(request)
                .getStatus().getToken();
        Config adminConfig = admin.getKubernetesSerialization().unmarshal(readString(adminKubeconfig), Config.class);
        NamedCluster cluster = adminConfig.getClusters().get(0);
        String user = "system:serviceaccount:" + NAMESPACE + ":" + serviceAccount;
        Config config = new ConfigBuilder()
                .withApiVersion("v1").withKind("Config")
                .addNewCluster().withName(cluster.getName()).withCluster(cluster.getCluster()).endCluster()
                .addNewUser().withName(user).withNewUser().withToken(token).endUser().endUser()
                .addNewContext().withName("modelgate-operator").withNewContext()
                .withCluster(cluster.getName()).withUser(user).withNamespace(NAMESPACE).endContext().endContext()
                .withCurrentContext("modelgate-operator")
                .build();
        try {
            Files.createDirectories(out.getParent());
            Files.writeString(out, admin.getKubernetesSerialization().asYaml(config));
            Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (KubernetesClient asOperator = new KubernetesClientBuilder()
                .withConfig(io.fabric8.kubernetes.client.Config.fromKubeconfig(readString(out))).build()) {
            SelfSubjectReview review = asOperator.resource(new SelfSubjectReview()).create();
            String username = review.getStatus().getUserInfo().getUsername();
            if (!user.equals(username)) {
                throw new IllegalStateException("the operator kubeconfig authenticates as " + username + ", not " + user);
            }
            E2e.log("operator kubeconfig %s authenticates as %s (groups %s)", out, username, review.getStatus().getUserInfo().getGroups());
        }
        return out;
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
