package io.modelgate.chart;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.modelgate.chart.ChartRendering.env;
import static io.modelgate.chart.ChartRendering.operator;
import static io.modelgate.chart.ChartRendering.render;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM settings the chart gives the image's run-java.sh, keeping the image's own system properties; and the
 * reconcile threads, which the chart and the operator's own configuration set alike.
 */
class JvmSettingsChartTest {

    @Test
    void theSerialCollectorAndASmallHeapByDefaultWithTheImagesPropertiesKept() {
        Map<String, String> env = env(operator(render()));

        assertThat(env).containsEntry("GC_CONTAINER_OPTIONS", "-XX:+UseSerialGC")
                .containsEntry("GC_MIN_HEAP_FREE_RATIO", "10").containsEntry("GC_MAX_HEAP_FREE_RATIO", "30");
        assertThat(env.get("JAVA_OPTS_APPEND")).startsWith("-Dquarkus.http.host=0.0.0.0 -Djava.util.logging.manager=org.jboss.logmanager.LogManager ")
                .contains("-Xms24m", "-XX:TieredStopAtLevel=1");
    }

    @Test
    void theJvmsDefaultsOnRequest() {
        Map<String, String> env = env(operator(render(Map.of("jvm.gc", "-XX:+UseG1GC", "jvm.options", ""))));

        assertThat(env).containsEntry("GC_CONTAINER_OPTIONS", "-XX:+UseG1GC")
                .containsEntry("JAVA_OPTS_APPEND", "-Dquarkus.http.host=0.0.0.0 -Djava.util.logging.manager=org.jboss.logmanager.LogManager");
    }

    @Test
    void theReconcileThreadsAreTheOperatorsOwnDefaultUnlessSet() throws java.io.IOException {
        java.util.Properties own = new java.util.Properties();
        try (var in = JvmSettingsChartTest.class.getResourceAsStream("/application.properties")) {
            own.load(in);
        }
        String threads = own.getProperty("quarkus.operator-sdk.concurrent-reconciliation-threads");

        assertThat(env(operator(render()))).containsEntry("QUARKUS_OPERATOR_SDK_CONCURRENT_RECONCILIATION_THREADS", threads);
        assertThat(env(operator(render(Map.of("operator.reconcileThreads", "32")))))
                .containsEntry("QUARKUS_OPERATOR_SDK_CONCURRENT_RECONCILIATION_THREADS", "32");
    }
}
