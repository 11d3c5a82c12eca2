package io.modelgate.pipeline.plan;

import io.modelgate.analysis.Measurement;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.ModelRevisionSpec;
import io.modelgate.api.TriggerMetricSpec;
import io.modelgate.api.TriggerStatus;
import io.modelgate.provider.QueryTemplate;
import io.modelgate.revision.PipelinePlan;
import io.modelgate.status.Reason;
import io.modelgate.trigger.RetrainTrigger;
import io.modelgate.trigger.TriggerDecision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The retraining triggers of a pass (spec.triggers.metrics): each is measured against the serving revision when due,
 * and the first one violated long enough, outside its cooldown, while nothing is in flight, asks for one revision.
 */
final class TriggerSteps {

    private record Watched(RetrainTrigger trigger, TriggerStatus previous) {
    }

    private final PassState pass;
    private final List<Watched> watched = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<String, TriggerDecision> decisions = new LinkedHashMap<>();
    private Optional<String> firedBy = Optional.empty();
    private Optional<String> createdName = Optional.empty();

    TriggerSteps(PassState pass) {
        this.pass = pass;
        var triggers = pass.pipeline.getSpec().getTriggers();
        List<TriggerMetricSpec> specs = triggers == null || triggers.getMetrics() == null ? List.of() : triggers.getMetrics();
        Map<String, TriggerStatus> previous = new LinkedHashMap<>();
        if (pass.pipeline.getStatus() != null && pass.pipeline.getStatus().getTriggers() != null) {
            pass.pipeline.getStatus().getTriggers().forEach(t -> previous.put(t.getName(), t));
        }
        for (TriggerMetricSpec spec : specs) {
            RetrainTrigger.Read read = RetrainTrigger.read(spec, Optional.ofNullable(pass.defaults.prometheusAddress()));
            problems.addAll(read.problems());
            read.trigger().ifPresent(trigger -> watched.add(new Watched(trigger, previous.get(trigger.name()))));
        }
    }

    /** What keeps a trigger from being measured: the spec cannot be acted on until it is fixed. */
    List<String> problems() {
        return problems;
    }

    boolean any() {
        return !watched.isEmpty();
    }

    /**
     * Measures what is due and decides; the first trigger that fires asks for the revision.
     *
     * @param busy a revision in flight, or one this pass makes anyway (a spec change, a retrain, a schedule tick)
     */
    Optional<PipelinePlan.TriggerFired> decide(Optional<String> busy) {
        Optional<String> serving = pass.stableName();
        Optional<PipelinePlan.TriggerFired> fired = Optional.empty();
        for (Watched one : watched) {
            Optional<String> inFlight = fired.isPresent() ? Optional.of("the revision trigger " + fired.get().name() + " creates") : busy;
            TriggerDecision decision = decide(one, serving, inFlight);
            decisions.put(one.trigger().name(), decision);
            if (decision.fire().isPresent() && fired.isEmpty()) {
                fired = Optional.of(new PipelinePlan.TriggerFired(one.trigger().name(), trigger(one.trigger()), decision.fire().get()));
            }
        }
        firedBy = fired.map(PipelinePlan.TriggerFired::name);
        return fired;
    }

    private TriggerDecision decide(Watched one, Optional<String> serving, Optional<String> inFlight) {
        RetrainTrigger trigger = one.trigger();
        String key = key(one);
        Optional<Measurement> taken = pass.inputs.measurement(key);
        TriggerDecision decision = TriggerDecision.decide(trigger, one.previous(), pass.now, taken, serving, inFlight, lastCreated(trigger.name()));
        if (decision.measure()) {
            Map<String, String> variables = new LinkedHashMap<>();
            variables.put(QueryTemplate.NAMESPACE, pass.namespace);
            variables.put(QueryTemplate.PIPELINE, pass.name);
            variables.put(QueryTemplate.REVISION, serving.orElseThrow());
            variables.put(QueryTemplate.STABLE_REVISION, serving.orElseThrow());
            pass.effects.want(new MeasurementRequest(key, pass.namespace, trigger.metric(), variables, serving));
        }
        decision.wakeAt().ifPresent(pass.effects::wakeAt);
        return decision;
    }

    /** The revision a fired trigger asked for was made. */
    void created(ModelRevision revision, PipelinePlan.TriggerFired fired) {
        createdName = Optional.of(revision.getMetadata().getName());
        pass.effects.event(EventIntent.normal(pass.pipeline, Reason.RetrainTriggered,
                "created " + revision.getMetadata().getName() + " (" + fired.trigger() + "): " + fired.reason()));
        pass.effects.signal(new Signal.RetrainTriggered(fired.name(), fired.trigger().name()));
    }

    /** Each trigger's status, and the Events of what was measured; a fire the pass did not act on is recorded as held. */
    List<TriggerStatus> statuses(Optional<String> newest) {
        List<TriggerStatus> statuses = new ArrayList<>();
        for (Watched one : watched) {
            TriggerDecision decision = decisions.get(one.trigger().name());
            if (decision == null) {
                continue;
            }
            if (decision.fire().isPresent() && (createdName.isEmpty() || !firedBy.equals(Optional.of(one.trigger().name())))) {
                // Another revision was made in its place (a spec change comes first) or the create is not answered yet.
                decision = TriggerDecision.decide(one.trigger(), one.previous(), pass.now, measured(one), pass.stableName(),
                        Optional.of(newest.orElse("another revision")), lastCreated(one.trigger().name()));
            }
            TriggerStatus status = decision.status();
            if (decision.fire().isPresent()) {
                status.setLastRevision(createdName.orElse(null));
            }
            decision.held().ifPresent(held -> pass.effects.event(EventIntent.normal(pass.pipeline, Reason.RetrainHeld, held)));
            if (decision.status().getState() != null && TriggerDecision.ERROR.equals(decision.status().getState())
                    && decision.status().getLastMeasureTime() != null
                    && decision.status().getLastMeasureTime().equals(io.modelgate.status.Conditions.timestamp(pass.now))) {
                pass.effects.event(EventIntent.warning(pass.pipeline, Reason.TriggerMeasurementFailed,
                        "trigger " + one.trigger().name() + " could not be measured (never a retrain): " + status.getMessage()));
            }
            statuses.add(status);
        }
        return statuses;
    }

    private Optional<Measurement> measured(Watched one) {
        return pass.inputs.measurement(key(one));
    }

    /** One measurement per due time: the same in every planning round of a pass. */
    private static String key(Watched one) {
        String last = one.previous() == null ? null : one.previous().getLastMeasureTime();
        return "trigger/" + one.trigger().name() + "/" + (last == null ? "first" : last);
    }

    /** When this trigger last made a revision, from the records themselves (a lost status write forgets nothing). */
    private Optional<Instant> lastCreated(String trigger) {
        return pass.revisions.values().stream()
                .filter(r -> trigger.equals(r.getSpec().getTriggeredBy()))
                .map(r -> r.getMetadata().getCreationTimestamp())
                .filter(java.util.Objects::nonNull)
                .map(Instant::parse)
                .max(Instant::compareTo);
    }

    private static ModelRevisionSpec.Trigger trigger(RetrainTrigger trigger) {
        return trigger.kind() == TriggerMetricSpec.Kind.Quality ? ModelRevisionSpec.Trigger.Quality : ModelRevisionSpec.Trigger.Drift;
    }
}
