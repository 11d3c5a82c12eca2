package io.modelgate.pipeline.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.ModelRevisionStatus;
import io.modelgate.delivery.RolloutDefaults;
import io.modelgate.delivery.RolloutPlan;
import io.modelgate.podsecurity.PodSecurityLevel;
import io.modelgate.podsecurity.PodSecurityStandards;
import io.modelgate.podsecurity.Violation;
import io.modelgate.revision.RevisionPhase;
import io.modelgate.revision.ServingObservation;
import io.modelgate.rollout.ManualAction;
import io.modelgate.serving.ServingBackend;
import io.modelgate.serving.ServingBackends;
import io.modelgate.engine.Engines;
import io.modelgate.workload.ClusterView;
import io.modelgate.workload.Owned;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The working state of one planning run: the snapshot, what the pass learnt since, the revisions as the plan has
 * changed them (copies), and the owned objects as they will be once the planned writes are made. The steps of a
 * pass share it; nothing here talks to the cluster.
 */
final class PassState implements ClusterView {

    private static final ObjectMapper JSON = new ObjectMapper();

    final ClusterSnapshot snapshot;
    final PassInputs inputs;
    final Effects effects = new Effects();
    final ModelPipeline pipeline;
    final String namespace;
    final String name;
    final String key;
    final Instant now;
    final Slots slots;
    final RolloutDefaults defaults;
    /** The highest Pod Security level the operator creates pods at. */
    final PodSecurityLevel podSecurity;
    /** The training engines the operator is set up for. */
    final Engines engines;
    /** By name, in number order; copies, whose statuses the plan changes. */
    final Map<String, ModelRevision> revisions = new LinkedHashMap<>();
    /** Kind, then name: the snapshot's objects with the plan's creates, scales and deletes applied. */
    private final Map<String, Map<String, HasMetadata>> objects = new HashMap<>();
    RolloutPlan rolloutPlan;
    ManualAction manual = ManualAction.None;
    boolean manualUsed;
    /** The spec has problems: a rollout in progress is held (no progress) but still protected (rollbacks). */
    boolean invalidSpec;
    /** A retry that applies but cannot start in this pass: its annotation stays until it can. */
    boolean retryDeferred;
    boolean rolloutDriven;
    boolean releaseSlot;

    PassState(ClusterSnapshot snapshot, PassInputs inputs, Slots slots, RolloutDefaults defaults, PodSecurityLevel podSecurity,
              Engines engines) {
        this.engines = engines;
        this.snapshot = snapshot;
        this.inputs = inputs;
        this.pipeline = copy(snapshot.pipeline(), ModelPipeline.class);
        this.namespace = pipeline.getMetadata().getNamespace();
        this.name = pipeline.getMetadata().getName();
        this.key = snapshot.key();
        this.now = snapshot.now();
        this.slots = slots;
        this.defaults = defaults;
        this.podSecurity = podSecurity;
        this.rolloutPlan = RolloutPlan.from(null, defaults);
        for (ModelRevision cached : snapshot.revisions()) {
            ModelRevision revision = copy(cached, ModelRevision.class);
            if (revision.getStatus() == null) {
                revision.setStatus(new ModelRevisionStatus());
            }
            keepTheRecordedPhase(revision);
            revisions.put(revision.getMetadata().getName(), revision);
        }
        snapshot.jobs().values().forEach(this::put);
        snapshot.deployments().values().forEach(this::put);
        snapshot.services().values().forEach(this::put);
        snapshot.engineObjects().forEach(this::put);
    }

    /**
     * Status is a report, not a control channel: the phase is the one the operator's own record of transitions ends
     * in. A phase someone wrote by hand (say Promoted on a rejected revision) is put back, with a Warning, and never
     * changes what serves.
     */
    private void keepTheRecordedPhase(ModelRevision revision) {
        var transitions = revision.getStatus().getTransitions();
        String recorded = transitions == null || transitions.isEmpty() ? null : transitions.get(transitions.size() - 1).getPhase();
        String written = revision.getStatus().getPhase();
        if (recorded == null ? written == null || RevisionPhase.Pending.name().equals(written) : recorded.equals(written)) {
            return;
        }
        String keep = recorded == null ? RevisionPhase.Pending.name() : recorded;
        revision.getStatus().setPhase(keep);
        effects.event(EventIntent.warning(revision, io.modelgate.status.Reason.StatusEdited, "status.phase of " + revision.getMetadata().getName()
                + " was set to " + written + " outside the operator; its record of transitions ends in " + keep + ", which it keeps"));
    }

    // ---- the cluster as the plan leaves it

    @Override
    public Optional<HasMetadata> get(String kind, String objectName) {
        return Optional.ofNullable(objects.getOrDefault(kind, Map.of()).get(objectName));
    }

    @Override
    public List<Pod> pods(Map<String, String> labels) {
        return snapshot.pods().stream()
                .filter(p -> p.getMetadata().getLabels() != null && p.getMetadata().getLabels().entrySet().containsAll(labels.entrySet()))
                .toList();
    }

    @Override
    public List<Pod> podsReadAgain(String jobName) {
        return snapshot.podsReadAgain().getOrDefault(jobName, List.of());
    }

    @Override
    public List<HasMetadata> ownedBy(String kind, String ownerUid) {
        return objects.getOrDefault(kind, Map.of()).values().stream()
                .filter(o -> o.getMetadata().getOwnerReferences() != null
                        && o.getMetadata().getOwnerReferences().stream().anyMatch(r -> java.util.Objects.equals(r.getUid(), ownerUid)))
                .toList();
    }

    @Override
    public Optional<String> podsRefused(String jobName) {
        return Optional.ofNullable(snapshot.podsRefused().get(jobName));
    }

    Optional<Job> job(String jobName) {
        return get("Job", jobName).map(Job.class::cast);
    }

    boolean hasAny(String kind) {
        return !objects.getOrDefault(kind, Map.of()).isEmpty();
    }

    void put(HasMetadata object) {
        objects.computeIfAbsent(object.getKind(), k -> new HashMap<>()).put(object.getMetadata().getName(), object);
    }

    // ---- writes

    /**
     * Plans a create-if-absent. When an earlier round of this pass already made it and the server answered otherwise
     * than planned, that answer is returned and nothing is written again: the caller reacts to it.
     */
    Optional<WriteResult> create(HasMetadata object, boolean mustBeNew) {
        Intent.Create intent = new Intent.Create(object, mustBeNew);
        Optional<WriteResult> answered = inputs.write(intent.key());
        if (answered.isPresent() && !answered.get().asPlanned(intent)) {
            return answered;
        }
        effects.write(intent);
        put(object);
        return Optional.empty();
    }

    /**
     * The last check before a create: the pod templates of what is about to be created, against the operator's
     * level. The spec's check (InvalidSpec) normally stops a violating template long before; this one holds for a
     * revision frozen before the level was lowered and for analysis Jobs measured while a rollout is protected.
     *
     * @return the refusal, naming each violation by the template's path in the pipeline; empty when it may be created
     */
    Optional<String> podSecurityRefusal(List<PodTemplateSpec> templates, String field) {
        List<Violation> violations = templates.stream()
                .flatMap(template -> PodSecurityStandards.check(podSecurity, template, field).stream())
                .toList();
        return violations.isEmpty() ? Optional.empty() : Optional.of(PodSecurityStandards.describe(podSecurity, violations));
    }

    void delete(Owned owned) {
        if (get(owned.kind(), owned.name()).isPresent()) {
            effects.write(new Intent.Delete(owned.apiVersion(), owned.kind(), owned.name()));
            objects.get(owned.kind()).remove(owned.name());
        }
    }

    /** The revision's serving workload asks for {@code replicas}, if it does not already. */
    void scale(ModelRevision revision, HasMetadata workload, int replicas) {
        ServingBackend backend = servingBackend(revision);
        if (backend.asks(workload, replicas)) {
            return;
        }
        effects.write(new Intent.MergePatch(workload.getApiVersion(), workload.getKind(), workload.getMetadata().getName(), backend.scalePatch(replicas)));
        put(backend.scaled(workload, replicas));
        effects.log("scaled %s %s/%s to %d", workload.getKind(), namespace, workload.getMetadata().getName(), replicas);
    }

    /** What the revision serves from (frozen with it), sized by the pipeline as it is now. */
    ServingBackend servingBackend(ModelRevision revision) {
        ServingBackend backend = ServingBackends.of(revision.getSpec().getServing(), pipeline.getSpec() == null ? null : pipeline.getSpec().getServing());
        ServingBackend handedOver = backend.handedOver(true);
        return handedOver != backend && servesAtFullSize(revision, backend, handedOver) ? handedOver : backend;
    }

    /**
     * The stable revision whose workload is already handed over, or has every pod of its full size pinned: only then
     * may an autoscaler take its count.
     */
    private boolean servesAtFullSize(ModelRevision revision, ServingBackend pinned, ServingBackend handedOver) {
        if (!stableName().equals(Optional.of(revision.getMetadata().getName()))) {
            return false;
        }
        return pinned.find(this, revision)
                .filter(workload -> handedOver.asks(workload, replicas())
                        || pinned.observe(this, workload, replicas()) instanceof ServingObservation.Available)
                .isPresent();
    }

    // ---- revisions

    static RevisionPhase phase(ModelRevision revision) {
        return RevisionPhase.parse(revision.getStatus().getPhase());
    }

    Optional<ModelRevision> stable() {
        return revisions.values().stream()
                .filter(r -> phase(r) == RevisionPhase.Promoted)
                .max(Comparator.comparingInt(r -> r.getSpec().getNumber()));
    }

    Optional<String> stableName() {
        return stable().map(r -> r.getMetadata().getName());
    }

    Optional<ModelRevision> rollingOutProgressively() {
        if (!rolloutPlan.progressive()) {
            return Optional.empty();
        }
        return revisions.values().stream()
                .filter(r -> phase(r) == RevisionPhase.RollingOut && r.getStatus().getRollout() != null)
                .findFirst();
    }

    int replicas() {
        return pipeline.getSpec().getServing().effectiveReplicas();
    }

    static <T> T copy(T value, Class<T> type) {
        return JSON.convertValue(value, type);
    }

    /** The operator-wide rollout slots ({@code maxConcurrentRollouts}), which the plan asks but does not own. */
    @FunctionalInterface
    public interface Slots {

        Slots UNLIMITED = (pipeline, since, phases, now) -> Optional.empty();

        /** @return empty when {@code pipeline} holds a slot now; otherwise why it waits */
        Optional<String> tryAcquire(String pipeline, Instant waitingSince, Map<String, String> phases, Instant now);
    }
}
