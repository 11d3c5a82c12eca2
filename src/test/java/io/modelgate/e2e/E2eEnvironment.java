package io.modelgate.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;

import java.nio.file.Path;

/**
 * What an end-to-end test works with.
 *
 * @param repo        the repository root
 * @param logDir      where this class's logs go (operator.log, local-cluster.log, cluster/*.log)
 * @param cluster     the local cluster (kubectl as admin)
 * @param admin       a Fabric8 client as the cluster admin (the test's view; the operator has its own)
 * @param installation the chart installed by Helm
 * @param operator    the operator process, authenticated as the chart's ServiceAccount
 * @param timings     per-phase timings, printed to the test log
 */
public record E2eEnvironment(Path repo, Path logDir, LocalCluster cluster, KubernetesClient admin,
                             ModelgateInstallation installation, OperatorProcess operator, Timings timings) {
}
