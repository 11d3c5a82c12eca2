package io.modelgate.e2e;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts, for one test class, everything an end-to-end test needs, and tears it down afterwards, also when a
 * step or a test fails (and from a JVM shutdown hook if the JVM is stopped under it):
 * <ol>
 *   <li>the local cluster ({@code hack/local-cluster.sh up}) in {@code target/e2e/<Class>/cluster-state};</li>
 *   <li>the Helm chart {@code helm/modelgate} installed with helm-java into {@code modelgate-system}, with the
 *       values of the class's {@link HelmValues} methods if it has any;</li>
 *   <li>a kubeconfig with a TokenRequest token of the chart's ServiceAccount;</li>
 *   <li>the operator ({@code target/quarkus-app/quarkus-run.jar}) as a separate process with that kubeconfig.</li>
 * </ol>
 * On a failed test it prints the operator log's tail and the cluster's state.
 */
public final class ModelgateE2eExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver, TestWatcher {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ModelgateE2eExtension.class);
    private static final String ENV = "environment";
    private static final String TEARDOWN = "teardown";

    /** Resources to close in reverse order of creation; shared with the shutdown hook. */
    private static final class Teardown implements Runnable {
        private final Deque<AutoCloseable> resources = new ArrayDeque<>();
        private Thread hook;

        synchronized void push(AutoCloseable resource) {
            resources.push(resource);
        }

        @Override
        public synchronized void run() {
            while (!resources.isEmpty()) {
                AutoCloseable resource = resources.pop();
                try {
                    resource.close();
                } catch (Exception e) {
                    E2e.log("teardown of %s failed: %s", resource.getClass().getSimpleName(), e);
                }
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        Path repo = E2e.repoRoot();
        Path workDir = repo.resolve("target/e2e").resolve(testClass.getSimpleName());
        Path logDir = workDir.resolve("logs");
        try {
            if (Files.isDirectory(logDir)) {
                try (var old = Files.walk(logDir)) {
                    old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Timings timings = new Timings();
        Teardown teardown = new Teardown();
        teardown.hook = new Thread(teardown, "e2e-teardown");
        Runtime.getRuntime().addShutdownHook(teardown.hook);
        context.getStore(NS).put(TEARDOWN, teardown);
        context.getStore(NS).put("timings", timings);

        E2e.log("end-to-end setup for %s: logs in %s", testClass.getSimpleName(), logDir);
        OperatorProcess.runnerJar(repo); // fail in a second, not after starting a cluster
        ModelgateInstallation.chartDir(repo);

        LocalCluster cluster = null;
        OperatorProcess operator = null;
        try {
            Map<String, Object> helmValues = helmValues(testClass);
            Path stateDir = workDir.resolve("cluster-state");
            List<String> platform = testClass.isAnnotationPresent(LocalClusterWith.class)
                    ? List.of(testClass.getAnnotation(LocalClusterWith.class).value()) : List.of();
            cluster = timings.time("local cluster up (hack/local-cluster.sh up" + (platform.isEmpty() ? "" : " --with " + String.join(",", platform)) + ")",
                    () -> LocalCluster.up(repo, stateDir, logDir, platform));
            teardown.push(cluster);
            LocalCluster up = cluster;
            KubernetesClient admin = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(up.kubeconfig()))).build();
            teardown.push(admin);
            ModelgateInstallation installation = timings.time("helm install " + ModelgateInstallation.RELEASE + " (helm-java)",
                    () -> ModelgateInstallation.install(repo, up.kubeconfig(), admin, helmValues));
            Path operatorKubeconfig = timings.time("ServiceAccount token + kubeconfig",
                    () -> installation.writeServiceAccountKubeconfig(admin, up.kubeconfig(), workDir.resolve("operator.kubeconfig")));
            E2e.log("operator environment from the chart's Deployment: %s", installation.operatorEnv());
            operator = OperatorProcess.start(repo, operatorKubeconfig, installation.operatorEnv(), logDir.resolve("operator.log"));
            teardown.push(operator);
            OperatorProcess started = operator;
            timings.time("operator process ready (/q/health/ready)", () -> started.awaitReady(Duration.ofMinutes(3)));
            context.getStore(NS).put(ENV, new E2eEnvironment(repo, logDir, up, admin, installation, operator, timings));
        } catch (IOException e) {
            setupFailed(e, cluster, operator);
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            setupFailed(e, cluster, operator);
            throw e;
        }
    }

    /** The values of the class's static {@link HelmValues} methods, in declaration order (later ones win). */
    private static Map<String, Object> helmValues(Class<?> testClass) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Method method : testClass.getDeclaredMethods()) {
            if (!method.isAnnotationPresent(HelmValues.class)) {
                continue;
            }
            if (!Modifier.isStatic(method.getModifiers()) || method.getParameterCount() != 0 || !Map.class.isAssignableFrom(method.getReturnType())) {
                throw new IllegalStateException("@HelmValues method " + method + " must be static, take no parameters and return a Map");
            }
            try {
                method.setAccessible(true);
                ((Map<?, ?>) method.invoke(null)).forEach((k, v) -> values.put(String.valueOf(k), v));
            } catch (ReflectiveOperationException e) {
                Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
                throw new IllegalStateException("@HelmValues method " + method.getName() + " failed: " + cause, cause);
            }
        }
        if (!values.isEmpty()) {
            E2e.log("helm values of %s: %s", testClass.getSimpleName(), values);
        }
        return values;
    }

    private static void setupFailed(Throwable e, LocalCluster cluster, OperatorProcess operator) {
        E2e.log("end-to-end setup FAILED: %s", e);
        if (operator != null) {
            E2e.log("last lines of the operator log %s:%n%s", operator.log(), operator.logTail(80));
        }
        if (cluster != null) {
            printClusterState(cluster);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Teardown teardown = context.getStore(NS).get(TEARDOWN, Teardown.class);
        Timings timings = context.getStore(NS).get("timings", Timings.class);
        if (teardown != null) {
            if (timings != null) {
                timings.time("teardown (operator stop, cluster down)", teardown::run);
            } else {
                teardown.run();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(teardown.hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
        if (timings != null) {
            E2e.log("%s", timings.summary());
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        E2eEnvironment env = context.getStore(NS).get(ENV, E2eEnvironment.class);
        if (env == null) {
            return;
        }
        E2e.log("%s FAILED: %s", context.getDisplayName(), cause);
        E2e.log("operator alive: %s; last lines of %s:%n%s", env.operator().isAlive(), env.operator().log(), env.operator().logTail(80));
        printClusterState(env.cluster());
    }

    private static void printClusterState(LocalCluster cluster) {
        try {
            E2e.log("cluster state:%n%s", cluster.kubectl("get", "mp,mrev,jobs,deploy,rs,pods,svc", "-A", "-o", "wide").stdout());
            E2e.log("pipelines:%n%s", cluster.kubectl("get", "mp", "-A", "-o", "yaml").stdout());
            E2e.log("recent events:%n%s", cluster.kubectl("get", "events", "-A", "--sort-by=.lastTimestamp").stdout());
        } catch (RuntimeException e) {
            E2e.log("could not read the cluster state: %s", e.getMessage());
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == E2eEnvironment.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        E2eEnvironment env = extensionContext.getStore(NS).get(ENV, E2eEnvironment.class);
        if (env == null) {
            throw new IllegalStateException("the end-to-end environment did not start (see the setup failure above)");
        }
        return env;
    }
}
