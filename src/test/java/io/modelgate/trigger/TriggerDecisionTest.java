package io.modelgate.trigger;

import io.modelgate.analysis.Measurement;
import io.modelgate.analysis.MeasurementPhase;
import io.modelgate.api.AnalysisMetricSpec;
import io.modelgate.api.TriggerMetricSpec;
import io.modelgate.api.TriggerStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Hysteresis, cooldown, one revision in flight, and provider errors that never trigger, on an injected clock. */
class TriggerDecisionTest {

    static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    static final Optional<String> SERVING = Optional.of("fraud-r1");

    final RetrainTrigger trigger = trigger("2m", "30s", "1h");

    @Test
    void aViolationMustLastForItsForBeforeARevisionIsAskedFor() {
        TriggerStatus status = null;
        Instant now = T0;
        for (int i = 0; i < 4; i++) {
            TriggerDecision decision = measure(status, now, MeasurementPhase.Failed, 0.31, Optional.empty(), Optional.empty());
            assertThat(decision.fire()).as("violated for %s", Duration.between(T0, now)).isEmpty();
            assertThat(decision.status().getState()).isEqualTo(TriggerDecision.VIOLATED);
            assertThat(decision.status().getViolatingSince()).isEqualTo("2026-12-06T10:00:00Z");
            status = decision.status();
            now = now.plusSeconds(30);
        }
        TriggerDecision fired = measure(status, now, MeasurementPhase.Failed, 0.31, Optional.empty(), Optional.empty());
        assertThat(fired.fire()).hasValueSatisfying(reason -> assertThat(reason).startsWith("drift: ").contains("0.31").contains("2m")
                .endsWith("on fraud-r1"));
        assertThat(fired.status().getLastTriggerTime()).isEqualTo("2026-12-06T10:02:00Z");
    }

    @Test
    void aViolationThatStartedLateInASecondStillLastsItsWholeFor() {
        RetrainTrigger quick = trigger("3s", "1s", "1h");
        Instant start = T0.plusMillis(900);
        TriggerStatus status = decide(quick, null, start).status();
        assertThat(status.getViolatingSince()).isEqualTo("2026-12-06T10:00:00.900Z");
        TriggerDecision early = decide(quick, status, T0.plusSeconds(3));
        assertThat(early.fire()).as("violated for 2.1 s of 3 s").isEmpty();
        assertThat(decide(quick, early.status(), T0.plusSeconds(4)).fire()).as("violated for 3.1 s").isPresent();
    }

    private static TriggerDecision decide(RetrainTrigger trigger, TriggerStatus previous, Instant now) {
        Measurement measurement = new Measurement(MeasurementPhase.Failed, 0.5, null, "psi=0.5 is above max 0.2", now);
        return TriggerDecision.decide(trigger, previous, now, Optional.of(measurement), SERVING, Optional.empty(), Optional.empty());
    }

    @Test
    void aHealthyMeasurementEndsTheViolationSoAFlappingMetricNeverTriggers() {
        TriggerStatus status = null;
        Instant now = T0;
        for (int i = 0; i < 20; i++) {
            MeasurementPhase phase = i % 4 == 3 ? MeasurementPhase.Successful : MeasurementPhase.Failed;
            TriggerDecision decision = measure(status, now, phase, 0.3, Optional.empty(), Optional.empty());
            assertThat(decision.fire()).as("measurement %d", i).isEmpty();
            status = decision.status();
            now = now.plusSeconds(30);
        }
    }

    @Test
    void providerErrorsAndNoDataNeverTriggerNorEndTheViolation() {
        TriggerStatus status = measure(null, T0, MeasurementPhase.Failed, 0.3, Optional.empty(), Optional.empty()).status();
        Instant now = T0;
        for (int i = 0; i < 10; i++) {
            now = now.plusSeconds(30);
            TriggerDecision decision = measure(status, now, i % 2 == 0 ? MeasurementPhase.Error : MeasurementPhase.Inconclusive, null,
                    Optional.empty(), Optional.empty());
            assertThat(decision.fire()).isEmpty();
            assertThat(decision.status().getViolatingSince()).isEqualTo("2026-12-06T10:00:00Z");
            status = decision.status();
        }
        assertThat(status.getState()).isEqualTo(TriggerDecision.INCONCLUSIVE);
        TriggerDecision next = measure(status, now.plusSeconds(30), MeasurementPhase.Failed, 0.3, Optional.empty(), Optional.empty());
        assertThat(next.fire()).as("violated since T0, errors between").isPresent();
    }

    @Test
    void aViolationWhileARevisionIsInFlightIsRecordedNotActedOn() {
        TriggerStatus status = measure(null, T0, MeasurementPhase.Failed, 0.3, Optional.of("fraud-r2"), Optional.empty()).status();
        TriggerDecision decision = measure(status, T0.plusSeconds(150), MeasurementPhase.Failed, 0.3, Optional.of("fraud-r2"), Optional.empty());
        assertThat(decision.fire()).isEmpty();
        assertThat(decision.held()).hasValueSatisfying(held -> assertThat(held).contains("fraud-r2 is in flight"));
        assertThat(decision.status().getLastTriggerTime()).isNull();
    }

    @Test
    void noNewRevisionDuringTheCooldownSinceTheLastOneItCreated() {
        Optional<Instant> created = Optional.of(T0.minus(Duration.ofMinutes(50)));
        TriggerStatus status = measure(null, T0, MeasurementPhase.Failed, 0.3, Optional.empty(), created).status();
        TriggerDecision cooling = measure(status, T0.plusSeconds(150), MeasurementPhase.Failed, 0.3, Optional.empty(), created);
        assertThat(cooling.fire()).isEmpty();
        assertThat(cooling.status().getMessage()).contains("in cooldown until 2026-12-06T10:10:00Z");
        TriggerDecision after = measure(cooling.status(), T0.plus(Duration.ofMinutes(10)), MeasurementPhase.Failed, 0.3, Optional.empty(), created);
        assertThat(after.fire()).isPresent();
    }

    @Test
    void measurementsAreTakenOncePerIntervalAndNothingIsWatchedWithoutAServingRevision() {
        TriggerStatus status = measure(null, T0, MeasurementPhase.Successful, 0.1, Optional.empty(), Optional.empty()).status();
        TriggerDecision early = TriggerDecision.decide(trigger, status, T0.plusSeconds(10), Optional.empty(), SERVING, Optional.empty(), Optional.empty());
        assertThat(early.measure()).isFalse();
        assertThat(early.wakeAt()).contains(T0.plusSeconds(30));
        TriggerDecision due = TriggerDecision.decide(trigger, status, T0.plusSeconds(30), Optional.empty(), SERVING, Optional.empty(), Optional.empty());
        assertThat(due.measure()).isTrue();
        TriggerDecision none = TriggerDecision.decide(trigger, status, T0.plusSeconds(30), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(none.measure()).isFalse();
        assertThat(none.status().getState()).isEqualTo(TriggerDecision.WAITING);
    }

    @Test
    void aTriggerWithoutAProviderOrBoundOrWithABadDurationIsNamed() {
        TriggerMetricSpec spec = new TriggerMetricSpec();
        spec.setName("broken");
        spec.setInterval("soon");
        RetrainTrigger.Read read = RetrainTrigger.read(spec, Optional.empty());
        assertThat(read.trigger()).isEmpty();
        assertThat(read.problems()).anyMatch(p -> p.contains("interval")).anyMatch(p -> p.contains("exactly one provider"))
                .anyMatch(p -> p.contains("needs a bound"));
    }

    private TriggerDecision measure(TriggerStatus previous, Instant now, MeasurementPhase phase, Double value, Optional<String> inFlight,
                                    Optional<Instant> lastCreated) {
        Measurement measurement = new Measurement(phase, value, null, "psi=" + value + (phase == MeasurementPhase.Failed ? " is above max 0.2" : ""), now);
        return TriggerDecision.decide(trigger, previous, now, Optional.of(measurement), SERVING, inFlight, lastCreated);
    }

    static RetrainTrigger trigger(String forDuration, String interval, String cooldown) {
        TriggerMetricSpec spec = new TriggerMetricSpec();
        spec.setName("drift");
        spec.setMax(0.2);
        spec.setForDuration(forDuration);
        spec.setInterval(interval);
        spec.setCooldown(cooldown);
        AnalysisMetricSpec.PrometheusMetric prometheus = new AnalysisMetricSpec.PrometheusMetric();
        prometheus.setQuery("psi{revision=\"{{revision}}\"}");
        spec.setPrometheus(prometheus);
        return RetrainTrigger.read(spec, Optional.of("http://127.0.0.1:9090")).trigger().orElseThrow();
    }
}
