package io.modelgate.trigger;

import io.modelgate.analysis.Durations;
import io.modelgate.analysis.Measurement;
import io.modelgate.api.TriggerStatus;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * What one retraining trigger does in a pass, from what it saw before, the measurement of this pass (if one was due
 * and taken) and the clock. Pure: hysteresis ({@code for}), cooldown and "one revision in flight" are decided here
 * and nowhere else.
 *
 * @param status  the trigger's status after this pass
 * @param measure a measurement is due and not taken yet: take it and decide again
 * @param fire    a revision must be created now, for this reason
 * @param held    violated long enough, but a revision is in flight: recorded, not acted on
 * @param wakeAt  when the next measurement is due
 */
public record TriggerDecision(TriggerStatus status, boolean measure, Optional<String> fire, Optional<String> held,
                              Optional<Instant> wakeAt) {

    public static final String HEALTHY = "Healthy";
    public static final String VIOLATED = "Violated";
    public static final String INCONCLUSIVE = "Inconclusive";
    public static final String ERROR = "Error";
    public static final String WAITING = "Waiting";

    /**
     * @param previous    the trigger's status before this pass, or null
     * @param taken       this pass's measurement, once taken
     * @param serving     the revision that serves, which the trigger watches
     * @param inFlight    a revision of the pipeline not ended yet
     * @param lastCreated when this trigger last created a revision (status, or the newest revision it made)
     */
    public static TriggerDecision decide(RetrainTrigger trigger, TriggerStatus previous, Instant now, Optional<Measurement> taken,
                                         Optional<String> serving, Optional<String> inFlight, Optional<Instant> lastCreated) {
        TriggerStatus status = copy(trigger.name(), previous);
        lastCreated.ifPresent(at -> status.setLastTriggerTime(latest(status.getLastTriggerTime(), at)));
        if (serving.isEmpty()) {
            status.setState(WAITING);
            status.setViolatingSince(null);
            status.setMessage("nothing serves yet: nothing to watch");
            return new TriggerDecision(status, false, Optional.empty(), Optional.empty(), Optional.empty());
        }
        Optional<Instant> due = status.getLastMeasureTime() == null ? Optional.of(now)
                : Optional.of(Instant.parse(status.getLastMeasureTime()).plus(trigger.interval()));
        if (due.get().isAfter(now)) {
            return new TriggerDecision(status, false, Optional.empty(), Optional.empty(), due);
        }
        if (taken.isEmpty()) {
            return new TriggerDecision(status, true, Optional.empty(), Optional.empty(), Optional.empty());
        }
        Measurement measurement = taken.get();
        status.setLastMeasureTime(timestamp(now));
        status.setValue(measurement.value() == null ? null : String.valueOf(measurement.value()));
        Optional<Instant> next = Optional.of(now.plus(trigger.interval()));
        switch (measurement.phase()) {
            case Successful -> {
                status.setState(HEALTHY);
                status.setViolatingSince(null);
                status.setMessage(measurement.message());
                return new TriggerDecision(status, false, Optional.empty(), Optional.empty(), next);
            }
            case Inconclusive, Error -> {
                // Neither no data nor a provider failure says the model is bad: never a retrain, and the hysteresis
                // neither starts nor ends on them.
                status.setState(measurement.phase().name());
                status.setMessage(measurement.message());
                return new TriggerDecision(status, false, Optional.empty(), Optional.empty(), next);
            }
            default -> {
                // Failed: the bound is violated.
            }
        }
        status.setState(VIOLATED);
        Instant since = status.getViolatingSince() == null ? now : Instant.parse(status.getViolatingSince());
        // To the millisecond: a start rounded down to the second would let a violation trigger up to 1 s before `for`.
        status.setViolatingSince(DateTimeFormatter.ISO_INSTANT.format(since.truncatedTo(ChronoUnit.MILLIS)));
        Duration violated = Duration.between(since, now);
        String what = measurement.message() + ", violated for " + Durations.format(violated.truncatedTo(ChronoUnit.SECONDS));
        if (violated.compareTo(trigger.forDuration()) < 0) {
            status.setMessage(what + " of " + Durations.format(trigger.forDuration()) + " before a retrain");
            return new TriggerDecision(status, false, Optional.empty(), Optional.empty(), next);
        }
        Optional<Instant> coolUntil = Optional.ofNullable(status.getLastTriggerTime()).map(Instant::parse).map(t -> t.plus(trigger.cooldown()));
        if (coolUntil.isPresent() && coolUntil.get().isAfter(now)) {
            status.setMessage(what + "; in cooldown until " + timestamp(coolUntil.get()) + " (since " + status.getLastRevision()
                    + "): no new revision");
            return new TriggerDecision(status, false, Optional.empty(), Optional.empty(), next);
        }
        if (inFlight.isPresent()) {
            String held = "trigger " + trigger.name() + " violated while " + inFlight.get() + " is in flight: recorded, not acted on";
            status.setMessage(what + "; " + inFlight.get() + " is in flight: recorded, not acted on");
            return new TriggerDecision(status, false, Optional.empty(), Optional.of(held), next);
        }
        String reason = trigger.name() + ": " + what + " on " + serving.get();
        status.setLastTriggerTime(timestamp(now));
        status.setViolatingSince(null);
        status.setMessage("created a revision: " + reason);
        return new TriggerDecision(status, false, Optional.of(reason), Optional.empty(), next);
    }

    private static TriggerStatus copy(String name, TriggerStatus previous) {
        TriggerStatus status = new TriggerStatus();
        status.setName(name);
        if (previous != null) {
            status.setState(previous.getState());
            status.setValue(previous.getValue());
            status.setLastMeasureTime(previous.getLastMeasureTime());
            status.setViolatingSince(previous.getViolatingSince());
            status.setLastTriggerTime(previous.getLastTriggerTime());
            status.setLastRevision(previous.getLastRevision());
            status.setMessage(previous.getMessage());
        }
        return status;
    }

    private static String latest(String recorded, Instant other) {
        return recorded != null && !Instant.parse(recorded).isBefore(other) ? recorded : timestamp(other);
    }

    static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
