package io.modelgate.delivery;

import io.modelgate.analysis.AnalysisOutcome;
import io.modelgate.analysis.Measurement;
import io.modelgate.analysis.MeasurementPhase;
import io.modelgate.analysis.MetricRun;
import io.modelgate.analysis.MetricTally;
import io.modelgate.api.MeasurementStatus;
import io.modelgate.api.MetricRunStatus;
import io.modelgate.api.RolloutStatus;
import io.modelgate.rollout.BlueGreenPhase;
import io.modelgate.rollout.BlueGreenState;
import io.modelgate.rollout.CanaryState;

import java.time.Instant;
import java.util.List;

/**
 * The rollout state and analysis runs as written in a revision's status, and back. Round trips are exact
 * (property-tested): a restarted operator resumes the same canary step, the same counters and the same verdicts.
 */
public final class RolloutRecords {

    private RolloutRecords() {
    }

    public static CanaryState canaryState(RolloutStatus status, Instant fallback) {
        return new CanaryState(intOr(status.getStepIndex(), 0), intOr(status.getCanaryWeight(), 0),
                instantOr(status.getStepStartedAt(), fallback), status.getPausedReason(), Boolean.TRUE.equals(status.getAborted()),
                Boolean.TRUE.equals(status.getBackgroundAnalysisRunning()), Math.max(1, intOr(status.getAttempt(), 1)),
                Math.max(1, intOr(status.getBackgroundAnalysisRun(), 1)));
    }

    public static void write(RolloutStatus status, CanaryState state) {
        status.setStepIndex(state.stepIndex());
        status.setCanaryWeight(state.canaryWeight());
        status.setStepStartedAt(state.stepStartedAt().toString());
        status.setPausedReason(state.pausedReason());
        status.setAborted(state.aborted() ? Boolean.TRUE : null);
        status.setBackgroundAnalysisRunning(state.backgroundAnalysisRunning() ? Boolean.TRUE : null);
        status.setAttempt(state.attempt());
        status.setBackgroundAnalysisRun(state.backgroundRun() == 1 ? null : state.backgroundRun());
    }

    public static BlueGreenState blueGreenState(RolloutStatus status, Instant fallback) {
        BlueGreenPhase phase = status.getBlueGreenPhase() == null ? BlueGreenPhase.PreviewScaling : BlueGreenPhase.valueOf(status.getBlueGreenPhase());
        return new BlueGreenState(phase, instantOr(status.getPhaseStartedAt(), fallback), status.getPausedReason(),
                Boolean.TRUE.equals(status.getAborted()), Math.max(1, intOr(status.getAttempt(), 1)));
    }

    public static void write(RolloutStatus status, BlueGreenState state) {
        status.setBlueGreenPhase(state.phase().name());
        status.setPhaseStartedAt(state.phaseStartedAt().toString());
        status.setPausedReason(state.pausedReason());
        status.setAborted(state.aborted() ? Boolean.TRUE : null);
        status.setAttempt(state.attempt());
    }

    public static MetricRun metricRun(MetricRunStatus status) {
        MetricTally tally = new MetricTally(
                intOr(status.getSuccessful(), 0) + intOr(status.getFailed(), 0) + intOr(status.getInconclusive(), 0) + intOr(status.getError(), 0),
                intOr(status.getFailed(), 0), intOr(status.getConsecutiveFailures(), 0), intOr(status.getInconclusive(), 0),
                intOr(status.getError(), 0), intOr(status.getConsecutiveErrors(), 0), intOr(status.getSuccessful(), 0),
                intOr(status.getMaxConsecutiveFailures(), 0), intOr(status.getMaxConsecutiveErrors(), 0),
                intOr(status.getConsecutiveSuccesses(), 0));
        List<Measurement> recent = status.getMeasurements() == null ? List.of()
                : status.getMeasurements().stream().map(RolloutRecords::measurement).toList();
        AnalysisOutcome.Phase phase = status.getPhase() == null ? AnalysisOutcome.Phase.Running : AnalysisOutcome.Phase.valueOf(status.getPhase());
        Measurement last = recent.isEmpty() ? null : recent.get(recent.size() - 1);
        return new MetricRun(status.getName(), tally, recent, new AnalysisOutcome(phase, status.getName(), status.getMessage(), last));
    }

    public static MetricRunStatus write(MetricRun run, String pendingJob) {
        MetricRunStatus status = new MetricRunStatus();
        status.setName(run.metric());
        status.setPhase(run.outcome().phase().name());
        status.setMessage(run.outcome().reason());
        MetricTally tally = run.tally();
        status.setSuccessful(tally.successes());
        status.setFailed(tally.failures());
        status.setInconclusive(tally.inconclusives());
        status.setError(tally.errors());
        status.setConsecutiveFailures(tally.consecutiveFailures());
        status.setConsecutiveErrors(tally.consecutiveErrors());
        status.setMaxConsecutiveFailures(tally.maxConsecutiveFailures());
        status.setMaxConsecutiveErrors(tally.maxConsecutiveErrors());
        status.setConsecutiveSuccesses(tally.consecutiveSuccesses() == 0 ? null : tally.consecutiveSuccesses());
        status.setPendingJob(pendingJob);
        status.setMeasurements(run.recent().stream().map(RolloutRecords::write).toList());
        return status;
    }

    public static Measurement measurement(MeasurementStatus status) {
        return new Measurement(MeasurementPhase.valueOf(status.getPhase()), number(status.getValue()), number(status.getStableValue()),
                status.getMessage(), Instant.parse(status.getTime()));
    }

    public static MeasurementStatus write(Measurement measurement) {
        MeasurementStatus status = new MeasurementStatus();
        status.setPhase(measurement.phase().name());
        status.setValue(text(measurement.value()));
        status.setStableValue(text(measurement.stableValue()));
        status.setMessage(measurement.message());
        status.setTime(measurement.at().toString());
        return status;
    }

    /** JSON has no infinities: +Inf and -Inf are written as Prometheus writes them; finite values round-trip exactly. */
    static String text(Double value) {
        if (value == null) {
            return null;
        }
        if (value == Double.POSITIVE_INFINITY) {
            return "+Inf";
        }
        if (value == Double.NEGATIVE_INFINITY) {
            return "-Inf";
        }
        return Double.toString(value);
    }

    static Double number(String text) {
        if (text == null) {
            return null;
        }
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.valueOf(text);
        };
    }

    private static int intOr(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static Instant instantOr(String text, Instant fallback) {
        return text == null ? fallback : Instant.parse(text);
    }
}
