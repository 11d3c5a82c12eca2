package io.modelgate.pipeline.plan;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.RolloutSpec;
import io.modelgate.delivery.RolloutRecords;
import io.modelgate.delivery.RouteRules;
import io.modelgate.delivery.ServingLayout;
import io.modelgate.revision.RevisionPhase;
import io.modelgate.revision.ServingObservation;
import io.modelgate.rollout.BlueGreenState;
import io.modelgate.rollout.CanaryState;
import io.modelgate.rollout.HeaderRoute;
import io.modelgate.rollout.RouteExtras;
import io.modelgate.rollout.TrafficSplit;
import io.modelgate.status.Reason;
import io.modelgate.workload.Workloads;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps what serves right on every pass: the stable revision at full size, a revision rolling out at the size its
 * weight gives, every other one at zero; the Services' selectors and the HTTPRoute's weights as {@link ServingLayout}
 * says.
 */
final class ServingSteps {

    private static final java.time.Duration ROUTE_RETRY = java.time.Duration.ofSeconds(2);

    private final PassState pass;
    private final RevisionSteps steps;

    ServingSteps(PassState pass, RevisionSteps steps) {
        this.pass = pass;
        this.steps = steps;
    }

    void maintain(Optional<String> stable, Optional<String> driven) {
        int replicas = pass.replicas();
        stable.map(pass.revisions::get).filter(this::backendServed).ifPresent(revision -> {
            if (pass.servingBackend(revision).find(pass, revision).isEmpty()) {
                pass.effects.log("recreating the missing serving workload of stable revision %s", revision.getMetadata().getName());
                steps.deployServing(revision);
            }
        });
        Optional<ServingLayout.Rollout> rollout = driven.map(pass.revisions::get)
                .filter(r -> PassState.phase(r) == RevisionPhase.RollingOut)
                .map(r -> layoutRollout(r, stable));
        ServingLayout layout = ServingLayout.of(pass.rolloutPlan.strategy(), pass.rolloutPlan.httpRoute().isPresent(),
                Workloads.serviceName(pass.pipeline), replicas, stable, rollout);
        boolean anyServing = pass.revisions.values().stream().anyMatch(r -> pass.servingBackend(r).find(pass, r).isPresent());
        if (stable.isPresent() || anyServing) {
            layout.services().forEach(this::ensureService);
        }
        layout.routeWeights().map(weights -> heldUntilTheCanaryServes(weights, rollout, layout))
                .ifPresent(weights -> routeWeights(pass.rolloutPlan.httpRoute().get(), weights, layout.routeExtras()));
        pass.effects.signal(new Signal.CanaryWeight(rollout.flatMap(ServingLayout.Rollout::canary).map(CanaryState::canaryWeight).orElse(0)));
        boolean stableAtFullSize = stable.map(pass.revisions::get)
                .map(r -> steps.serving(r, replicas))
                .map(ServingObservation.Available.class::isInstance)
                .orElse(true);
        for (ModelRevision revision : pass.revisions.values()) {
            String revisionName = revision.getMetadata().getName();
            boolean serves = stable.equals(Optional.of(revisionName));
            Optional<HasMetadata> workload = pass.servingBackend(revision).find(pass, revision);
            int desired = layout.replicas().getOrDefault(revisionName, 0);
            if (workload.isPresent() && holdsBack(revision, workload.get(), desired, stableAtFullSize)) {
                // A canary rolled back above weight 50 carried most of the traffic: it goes once the stable
                // revision is back at full size, not before (the stable workload's progress wakes us).
                pass.effects.log("pipeline %s: %s scales to 0 once %s is available at %d replicas", pass.key, revisionName,
                        stable.orElse("?"), replicas);
                continue;
            }
            workload.ifPresent(w -> pass.scale(revision, w, desired));
            Boolean servingFlag = serves ? Boolean.TRUE : revision.getStatus().getServing() == null ? null : Boolean.FALSE;
            revision.getStatus().setServing(servingFlag);
        }
    }

    /**
     * A revision serving from a platform this operator does not watch (KServe switched off, or its CRDs gone) is not
     * seen, which is not the same as missing: it is left alone rather than created again.
     */
    private boolean backendServed(ModelRevision revision) {
        var serving = revision.getSpec().getServing();
        return pass.engines.enabled(serving == null ? io.modelgate.api.ServingSpec.Backend.Deployment : serving.effectiveBackend());
    }

    private ServingLayout.Rollout layoutRollout(ModelRevision revision, Optional<String> stable) {
        var record = revision.getStatus().getRollout();
        boolean progressive = record != null && pass.rolloutPlan.progressive() && stable.isPresent();
        if (progressive && pass.rolloutPlan.strategy() == RolloutSpec.Strategy.Canary) {
            return ServingLayout.Rollout.canary(revision.getMetadata().getName(), RolloutRecords.canaryState(record, pass.now),
                    pass.rolloutPlan.steps());
        }
        Optional<BlueGreenState> blueGreen = progressive && pass.rolloutPlan.strategy() == RolloutSpec.Strategy.BlueGreen
                ? Optional.of(RolloutRecords.blueGreenState(record, pass.now)) : Optional.empty();
        return new ServingLayout.Rollout(revision.getMetadata().getName(), Optional.empty(), blueGreen);
    }

    private boolean holdsBack(ModelRevision revision, HasMetadata workload, int desired, boolean stableAtFullSize) {
        Optional<Integer> asked = pass.servingBackend(revision).askedReplicas(workload);
        return ServingLayout.holdsBackRolledBack(desired, PassState.phase(revision).isRetryable(), stableAtFullSize, asked.orElse(0));
    }

    /** Creates the Service, or points its selector at the revision the layout says. */
    private void ensureService(String serviceName, Optional<String> revision) {
        Service desired = Workloads.service(pass.pipeline, serviceName, revision);
        Optional<Service> existing = pass.get("Service", serviceName).map(Service.class::cast);
        if (existing.isEmpty()) {
            pass.create(desired, false);
            return;
        }
        Map<String, String> selector = existing.get().getSpec().getSelector();
        if (!desired.getSpec().getSelector().equals(selector)) {
            pass.effects.write(new Intent.SetSelector(serviceName, desired.getSpec().getSelector()));
            pass.put(desired);
            pass.effects.log("pipeline %s: Service %s now selects %s", pass.key, serviceName, revision.orElse("every revision"));
        }
    }

    /**
     * A route gives the canary more of the requests only once its pods for that share are all ready, as Argo Rollouts
     * does: moved in the pass that scales the canary up, the weight would send requests to pods not yet there. Until
     * then the route keeps the share it gives now; lowering it (a rollback, an abort) is never held.
     */
    private TrafficSplit.RouteWeights heldUntilTheCanaryServes(TrafficSplit.RouteWeights weights, Optional<ServingLayout.Rollout> rollout,
                                                               ServingLayout layout) {
        Optional<GenericKubernetesResource> route = pass.snapshot.route().filter(r -> r.error().isEmpty()).flatMap(ClusterSnapshot.RouteRead::route);
        if (rollout.isEmpty() || rollout.get().canary().isEmpty() || route.isEmpty()) {
            return weights;
        }
        String service = Workloads.serviceName(pass.pipeline);
        int now = RouteRules.canaryWeight(rules(route.get()), ServingLayout.stableService(service), ServingLayout.canaryService(service));
        String canary = rollout.get().revision();
        if (weights.canaryWeight() <= now
                || steps.serving(pass.revisions.get(canary), layout.replicas().getOrDefault(canary, 0)) instanceof ServingObservation.Available) {
            return weights;
        }
        pass.effects.log("pipeline %s: HTTPRoute keeps canary weight %d until %s serves with its pods for weight %d", pass.key, now,
                canary, weights.canaryWeight());
        return TrafficSplit.forRoute(now);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules(GenericKubernetesResource route) {
        Map<String, Object> spec = route.get("spec");
        return spec == null ? null : (List<Map<String, Object>>) spec.get("rules");
    }

    private void routeWeights(String routeName, TrafficSplit.RouteWeights weights, RouteExtras extras) {
        String service = Workloads.serviceName(pass.pipeline);
        String stableService = ServingLayout.stableService(service);
        Optional<ClusterSnapshot.RouteRead> read = pass.snapshot.route().filter(r -> r.name().equals(routeName));
        if (read.isEmpty() || read.get().error().isPresent()) {
            routeProblem(read.flatMap(ClusterSnapshot.RouteRead::error).orElse("HTTPRoute " + routeName + " was not read"));
            return;
        }
        if (read.get().route().isEmpty()) {
            routeProblem("HTTPRoute " + routeName + " not found: create it with a backendRef to Service " + stableService);
            return;
        }
        GenericKubernetesResource route = read.get().route().get();
        RouteRules.Rewrite rewrite = RouteRules.rewrite(rules(route), stableService, ServingLayout.canaryService(service),
                pass.pipeline.getSpec().getServing().effectivePort(), weights, extras);
        if (!rewrite.referenced()) {
            routeProblem("HTTPRoute " + routeName + " has no rule with a backendRef to Service " + stableService);
            return;
        }
        if (rewrite.rules().isEmpty()) {
            return;
        }
        Intent.SetRouteRules intent = new Intent.SetRouteRules(routeName, route.getMetadata().getResourceVersion(), rewrite.rules().get());
        Optional<WriteResult> answered = pass.inputs.write(intent.key());
        if (answered.isPresent() && !answered.get().asPlanned(intent)) {
            // Someone else changed the route meanwhile (the test op fails), or a webhook refused: the next pass retries.
            routeProblem("could not set the weights on HTTPRoute " + routeName + ": " + answered.get().describe());
            pass.effects.wakeAt(pass.now.plus(ROUTE_RETRY));
            return;
        }
        pass.effects.write(intent);
        pass.effects.log("pipeline %s: HTTPRoute %s weights stable %d, canary %d%s%s", pass.key, routeName, weights.stableWeight(), weights.canaryWeight(),
                extras.mirrorPercent() == 0 ? "" : ", mirror " + extras.mirrorPercent() + "%",
                extras.headerRoutes().isEmpty() ? "" : ", header routes " + extras.headerRoutes().stream().map(HeaderRoute::name).toList());
    }

    private void routeProblem(String message) {
        pass.effects.log("pipeline %s: %s", pass.key, message);
        pass.effects.event(EventIntent.warning(pass.pipeline, Reason.HTTPRouteProblem, message));
    }
}
