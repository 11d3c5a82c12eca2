package io.modelgate.config;

import io.modelgate.metrics.OperatorMetrics;
import io.modelgate.pipeline.EventRecorder;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.hotspot.DefaultExports;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;

/** The operator's few shared objects; tests build them by hand instead. */
@ApplicationScoped
public class OperatorBeans {

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @ApplicationScoped
    OperatorMetrics metrics() {
        CollectorRegistry registry = CollectorRegistry.defaultRegistry;
        DefaultExports.register(registry);
        return new OperatorMetrics(registry);
    }

    @Produces
    @ApplicationScoped
    EventRecorder events(Clock clock, OperatorMetrics metrics) {
        return new EventRecorder(clock, metrics);
    }
}
