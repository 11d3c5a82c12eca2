package io.modelgate.pipeline.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelgate.api.ModelRevision;
import io.modelgate.metrics.OperatorMetrics;
import io.modelgate.pipeline.plan.ClusterSnapshot;
import io.modelgate.pipeline.plan.EventIntent;
import io.modelgate.pipeline.plan.Intent;
import io.modelgate.pipeline.plan.PassInputs;
import io.modelgate.pipeline.plan.PassPlan;
import io.modelgate.pipeline.plan.Signal;
import io.modelgate.pipeline.plan.WriteResult;
import io.modelgate.revision.RevisionPhase;
import io.modelgate.workload.Labels;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The record step of a pass: each revision's status written only when it changed, the plan's Events through the one
 * recorder, and its signals to the operator's metrics and log.
 */
public final class PassRecorder {

    private static final Logger LOG = Logger.getLogger(PassRecorder.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final List<String> ALL_PHASES = Arrays.stream(RevisionPhase.values()).map(Enum::name).toList();

    private final Clock clock;
    private final OperatorMetrics metrics;
    private final EventRecorder events;

    public PassRecorder(Clock clock, OperatorMetrics metrics, EventRecorder events) {
        this.clock = clock;
        this.metrics = metrics;
        this.events = events;
    }

    public void record(ClusterSnapshot snapshot, PassPlan plan, PassInputs inputs, ClusterWriter writer, KubernetesClient client) {
        String namespace = snapshot.pipeline().getMetadata().getNamespace();
        String pipeline = snapshot.pipeline().getMetadata().getName();
        writeRevisionStatuses(snapshot, plan, inputs, writer);
        for (EventIntent event : plan.events()) {
            if (event.ifCreated() == null || inputs.write(event.ifCreated()).filter(WriteResult.Done.class::isInstance).isPresent()) {
                events.record(client, event);
            }
        }
        for (Intent intent : plan.intents()) {
            if (intent instanceof Intent.Create create && create.object() instanceof Job job
                    && inputs.write(intent.key()).filter(WriteResult.Done.class::isInstance).isPresent()) {
                String role = job.getMetadata().getLabels() == null ? null : job.getMetadata().getLabels().get(Labels.ROLE);
                metrics.jobCreated(role == null ? "Job" : role.substring(0, 1).toUpperCase(Locale.ROOT) + role.substring(1));
            }
        }
        plan.signals().forEach(signal -> publish(namespace, pipeline, signal));
    }

    private void writeRevisionStatuses(ClusterSnapshot snapshot, PassPlan plan, PassInputs inputs, ClusterWriter writer) {
        Map<String, ModelRevision> before = new HashMap<>();
        snapshot.revisions().forEach(r -> before.put(r.getMetadata().getName(), r));
        for (ModelRevision revision : plan.revisions()) {
            String name = revision.getMetadata().getName();
            ModelRevision cached = before.get(name);
            if (cached == null) {
                // Made in this pass: its status goes on the object the server returned (uid, resourceVersion).
                Optional<HasMetadata> created = inputs.write(Intent.createKey(revision.getKind(), name))
                        .filter(WriteResult.Done.class::isInstance).map(r -> ((WriteResult.Done) r).object());
                if (created.isEmpty()) {
                    continue;
                }
                revision.setMetadata(created.get().getMetadata());
            } else if (json(cached.getStatus()).equals(json(revision.getStatus()))) {
                continue;
            }
            // A finalizer set in this pass moved the resourceVersion: the status goes on that version.
            inputs.write(Intent.finalizersKey(name)).filter(WriteResult.Done.class::isInstance)
                    .map(r -> ((WriteResult.Done) r).object())
                    .ifPresent(patched -> revision.getMetadata().setResourceVersion(patched.getMetadata().getResourceVersion()));
            revision.getStatus().setObservedGeneration(revision.getMetadata().getGeneration());
            if (revision.getMetadata().getDeletionTimestamp() != null && inputs.write(Intent.finalizersKey(name))
                    .filter(WriteResult.Done.class::isInstance).isPresent()
                    && (revision.getMetadata().getFinalizers() == null || revision.getMetadata().getFinalizers().isEmpty())) {
                continue; // its last finalizer was let go in this pass: the record is gone, it has no status to write
            }
            // Optimistic locking on resourceVersion: a stale cache makes this fail and the reconcile retry.
            writer.updateStatus(revision);
        }
    }

    private void publish(String namespace, String pipeline, Signal signal) {
        if (signal instanceof Signal.Transition t) {
            metrics.transition(namespace, pipeline, t.to(), t.reason());
            if (t.secondsInPreviousPhase() != null) {
                metrics.phaseDuration(t.from(), t.secondsInPreviousPhase());
            }
            if (t.from() != null) {
                // One log line per decision, with pipeline and revision (in JSON logs beside JOSDK's resource.* MDC keys).
                LOG.infof("pipeline %s/%s revision %s: %s -> %s (%s): %s", namespace, pipeline, t.revision(), t.from(), t.to(),
                        t.reason(), t.message());
            }
        } else if (signal instanceof Signal.GateVerdict v) {
            metrics.gateVerdict(namespace, pipeline, v.stage(), v.result());
        } else if (signal instanceof Signal.Measured m) {
            metrics.measurement(namespace, pipeline, m.metric(), m.phase());
            LOG.infof("pipeline %s/%s run %s measurement %s: %s", namespace, pipeline, m.run(), m.phase(), m.message());
        } else if (signal instanceof Signal.RolloutEnded e) {
            metrics.rolloutEnded(namespace, pipeline, e.strategy(), e.result());
        } else if (signal instanceof Signal.Rollback r) {
            metrics.rollback(namespace, pipeline, r.cause());
        } else if (signal instanceof Signal.CanaryWeight w) {
            metrics.canaryWeight(namespace, pipeline, w.weight());
        } else if (signal instanceof Signal.RollbackDecided d) {
            // Observed once the rollback is applied (canary scaled to 0, route and Services back): the deciding
            // measurement was stamped with this pass's start, so measuring against it alone would always give 0.
            double seconds = Duration.between(d.measuredAt(), clock.instant()).toNanos() / 1e9;
            metrics.decisionLatency(seconds);
            LOG.infof("pipeline %s/%s revision %s decision latency %.3f s (from the deciding measurement to the rollback applied)",
                    namespace, pipeline, d.revision(), seconds);
        } else if (signal instanceof Signal.RevisionsByPhase counts) {
            metrics.revisionsByPhase(namespace, pipeline, counts.counts(), ALL_PHASES);
        } else if (signal instanceof Signal.PipelineInfo info) {
            metrics.pipelineInfo(namespace, pipeline, info.model(), info.strategy(), info.phase(), info.stableRevision());
        } else if (signal instanceof Signal.RetrainTriggered triggered) {
            metrics.retrainTriggered(namespace, pipeline, triggered.trigger(), triggered.kind());
        } else if (signal instanceof Signal.RegistryWritten written) {
            metrics.registryWrite(namespace, pipeline, written.write(), written.result());
        } else if (signal instanceof Signal.RegistryLookedUp lookedUp) {
            metrics.registryLookup(namespace, pipeline, lookedUp.result());
        } else if (signal instanceof Signal.RegistryWritesPending pending) {
            metrics.registryWritesPending(namespace, pipeline, pending.revisions());
        } else if (signal instanceof Signal.Log log) {
            LOG.info(log.line());
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
