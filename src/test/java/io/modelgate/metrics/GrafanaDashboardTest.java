package io.modelgate.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy/grafana/modelgate-dashboard.json queries only metrics the operator really exports. */
class GrafanaDashboardTest {

    static final Path DASHBOARD = Path.of("deploy/grafana/modelgate-dashboard.json");
    static final Pattern METRIC = Pattern.compile("\\bmodelgate_[a-z_]+");

    /** Every metric family the operator exports, with one sample each, as /metrics would show them. */
    static Set<String> exportedSeriesNames() throws IOException {
        CollectorRegistry registry = new CollectorRegistry();
        OperatorMetrics metrics = new OperatorMetrics(registry);
        metrics.reconciled(true, 0.01);
        metrics.revisionsByPhase("ns", "fraud", Map.of("Promoted", 1), List.of("Promoted"));
        metrics.transition("ns", "fraud", "Promoted", "Promoted");
        metrics.gateVerdict("ns", "fraud", "Evaluation", "Passed");
        metrics.phaseDuration("Training", 12);
        metrics.jobCreated("Training");
        metrics.event("Warning", "RevisionRejected");
        metrics.pipelineInfo("ns", "fraud", "fraud-detector", "Direct", "Serving", "fraud-r1");
        metrics.canaryWeight("ns", "fraud", 10);
        metrics.measurement("ns", "fraud", "error-rate", "Successful");
        metrics.rolloutEnded("ns", "fraud", "Canary", "RolledBack");
        metrics.rollback("ns", "fraud", "Analysis");
        metrics.decisionLatency(1.5);
        metrics.registryWrite("ns", "fraud", "CreateVersion", "Synced");
        metrics.retrainTriggered("ns", "fraud", "drift", "Drift");
        metrics.registryLookup("ns", "fraud", "Found");
        metrics.registryWritesPending("ns", "fraud", 1);
        StringWriter out = new StringWriter();
        TextFormat.write004(out, registry.metricFamilySamples());
        Set<String> names = new HashSet<>();
        out.toString().lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
        return names;
    }

    static List<String> expressions(JsonNode dashboard) {
        List<String> expressions = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText())));
        dashboard.path("templating").path("list").forEach(variable -> {
            if (variable.path("query").isTextual()) {
                expressions.add(variable.path("query").asText());
            }
        });
        return expressions;
    }

    @Test
    void everyQueriedMetricExistsInTheOperatorsMetricsOutput() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        Set<String> exported = exportedSeriesNames();
        Set<String> queried = new TreeSet<>();
        for (String expression : expressions(dashboard)) {
            Matcher matcher = METRIC.matcher(expression);
            while (matcher.find()) {
                queried.add(matcher.group());
            }
        }

        assertThat(queried).as("the dashboard queries modelgate metrics").hasSizeGreaterThanOrEqualTo(8);
        assertThat(exported).as("metrics exported by OperatorMetrics").containsAll(queried);
    }

    @Test
    void theDashboardIsWellFormed() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());

        assertThat(dashboard.path("uid").asText()).isEqualTo("modelgate-overview");
        assertThat(dashboard.path("panels")).isNotEmpty();
        Set<Integer> ids = new HashSet<>();
        dashboard.path("panels").forEach(panel -> {
            assertThat(ids.add(panel.path("id").asInt())).as("panel ids are unique").isTrue();
            assertThat(panel.path("title").asText()).isNotBlank();
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            panel.path("targets").forEach(target -> assertThat(target.path("expr").asText()).isNotBlank());
        });
    }
}
