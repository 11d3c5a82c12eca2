package io.modelgate.metrics;

import io.prometheus.client.exporter.common.TextFormat;
import io.quarkus.runtime.StartupEvent;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** Serves the operator's metrics at /metrics in the Prometheus text format, on Quarkus's HTTP port. */
@ApplicationScoped
public class MetricsEndpoint {

    private final OperatorMetrics metrics;

    public MetricsEndpoint(OperatorMetrics metrics) {
        this.metrics = metrics;
    }

    void route(@Observes Router router) {
        router.get("/metrics").handler(context -> context.response()
                .putHeader("Content-Type", TextFormat.CONTENT_TYPE_004)
                .end(scrape()));
    }

    void eager(@Observes StartupEvent started) {
        // Nothing to do: observing startup makes the bean (and its metrics) exist before the first scrape.
    }

    public String scrape() {
        metrics.forgetDeletedPipelines();
        StringWriter out = new StringWriter();
        try {
            TextFormat.write004(out, metrics.registry().metricFamilySamples());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
