package io.modelgate.delivery;

import io.modelgate.analysis.AnalysisLimits;
import io.modelgate.analysis.AnalysisOutcome;
import io.modelgate.analysis.AnalysisVerdict;
import io.modelgate.analysis.Measurement;
import io.modelgate.analysis.MetricRun;
import io.modelgate.api.AnalysisRunStatus;
import io.modelgate.api.MetricRunStatus;
import io.modelgate.api.RolloutStatus;
import io.modelgate.rollout.AnalysisReport;
import io.modelgate.rollout.CanaryState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Analysis runs as kept in a revision's status: started per purpose and attempt, measured when due, judged by the
 * {@code analysis} package. A run's metrics are fixed when it starts; a metric removed from the spec later is no
 * longer measured and keeps the outcome it had.
 */
public final class AnalysisRuns {

    /** Runs kept per revision: every run of a long canary stays readable, the oldest ended ones go first. */
    public static final int MAX_RUNS = 20;

    private static final String BACKGROUND = "background";

    /**
     * Ends a metric removed from the spec: its own limits are gone, and every decision taken under them left it
     * Running, so it passes; the defaults (failureLimit 0, ...) would judge it by limits it never had.
     */
    private static final AnalysisLimits REMOVED = new AnalysisLimits(0, java.time.Duration.ofSeconds(1), java.time.Duration.ZERO,
            Integer.MAX_VALUE, null, Integer.MAX_VALUE, Integer.MAX_VALUE);

    private AnalysisRuns() {
    }

    public static String name(int attempt, String purpose) {
        return "a" + attempt + "-" + purpose;
    }

    public static String stepPurpose(int stepIndex) {
        return "step" + (stepIndex + 1);
    }

    /** The canary's current background run: {@code a<attempt>-background}, then {@code a<attempt>-background-<n>}. */
    public static String backgroundName(CanaryState state) {
        String first = name(state.attempt(), BACKGROUND);
        return state.backgroundRun() == 1 ? first : first + "-" + state.backgroundRun();
    }

    /** A background run's name, of any attempt and number (its metrics use their background limits). */
    public static boolean isBackground(String runName) {
        return runName != null && runName.matches("a[0-9]+-" + BACKGROUND + "(-[0-9]+)?");
    }

    /**
     * The current background run of a canary in {@code state}, started at {@code now} (and added to {@code record}) when
     * it does not exist yet; empty when no background analysis is running or the plan has none.
     */
    public static Optional<AnalysisRunStatus> background(RolloutStatus record, CanaryState state, RolloutPlan plan, Instant now) {
        if (!state.backgroundAnalysisRunning() || plan.backgroundAnalysis().isEmpty()) {
            return Optional.empty();
        }
        String analysis = plan.backgroundAnalysis().get();
        String runName = backgroundName(state);
        return Optional.of(find(record, runName).orElseGet(() -> {
            AnalysisRunStatus started = start(runName, analysis, state.attempt(), now, plan.analysis(analysis));
            add(record, started);
            return started;
        }));
    }

    public static AnalysisRunStatus start(String runName, String analysis, int attempt, Instant now, List<MetricDefinition> metrics) {
        AnalysisRunStatus run = new AnalysisRunStatus();
        run.setName(runName);
        run.setAnalysis(analysis);
        run.setAttempt(attempt);
        run.setStartedAt(now.toString());
        List<MetricRunStatus> statuses = new ArrayList<>();
        for (MetricDefinition metric : metrics) {
            MetricRunStatus status = RolloutRecords.write(MetricRun.start(metric.name()), null);
            status.setDryRun(metric.dryRun() ? Boolean.TRUE : null);
            statuses.add(status);
        }
        run.setMetrics(statuses);
        summarise(run);
        return run;
    }

    public static Optional<AnalysisRunStatus> find(RolloutStatus status, String runName) {
        return status.getAnalysisRuns() == null ? Optional.empty()
                : status.getAnalysisRuns().stream().filter(r -> runName.equals(r.getName())).findFirst();
    }

    /** Adds a run, dropping the oldest ended runs beyond {@link #MAX_RUNS} (running ones are never dropped). */
    public static void add(RolloutStatus status, AnalysisRunStatus run) {
        List<AnalysisRunStatus> runs = new ArrayList<>(status.getAnalysisRuns() == null ? List.of() : status.getAnalysisRuns());
        runs.add(run);
        for (int i = 0; i < runs.size() && runs.size() > MAX_RUNS; ) {
            if (!"Running".equals(runs.get(i).getPhase())) {
                runs.remove(i);
            } else {
                i++;
            }
        }
        status.setAnalysisRuns(runs);
    }

    /** The metrics of {@code run} due for a measurement at {@code now}, with their definitions. */
    public static List<MetricDefinition> due(AnalysisRunStatus run, List<MetricDefinition> definitions, boolean background, Instant now) {
        List<MetricDefinition> due = new ArrayList<>();
        Instant startedAt = Instant.parse(run.getStartedAt());
        for (MetricRunStatus metric : run.getMetrics()) {
            if (metric.getPendingJob() != null) {
                continue;
            }
            definition(definitions, metric.getName()).ifPresent(definition -> {
                Optional<Instant> next = RolloutRecords.metricRun(metric).nextAt(definition.limitsFor(background), startedAt);
                if (next.isPresent() && !next.get().isAfter(now)) {
                    due.add(definition);
                }
            });
        }
        return due;
    }

    /** When the next measurement of any metric of the run is due; empty when none is scheduled. */
    public static Optional<Instant> nextDue(AnalysisRunStatus run, List<MetricDefinition> definitions, boolean background) {
        Instant startedAt = Instant.parse(run.getStartedAt());
        Optional<Instant> earliest = Optional.empty();
        for (MetricRunStatus metric : run.getMetrics()) {
            Optional<MetricDefinition> definition = definition(definitions, metric.getName());
            if (definition.isEmpty() || metric.getPendingJob() != null) {
                continue;
            }
            Optional<Instant> next = RolloutRecords.metricRun(metric).nextAt(definition.get().limitsFor(background), startedAt);
            if (next.isPresent() && (earliest.isEmpty() || next.get().isBefore(earliest.get()))) {
                earliest = next;
            }
        }
        return earliest;
    }

    public static void record(AnalysisRunStatus run, MetricDefinition definition, boolean background, Measurement measurement) {
        replace(run, definition.name(), metric -> RolloutRecords.write(
                RolloutRecords.metricRun(metric).record(definition.limitsFor(background), measurement, definition.retention()), null));
    }

    /** Marks a job metric as measuring through {@code job} (or not, with null). */
    public static void pendingJob(AnalysisRunStatus run, String metricName, String job) {
        replace(run, metricName, metric -> {
            metric.setPendingJob(job);
            return metric;
        });
    }

    /** The step (or the rollout, for background analysis) ended: still running metrics with no limit exceeded pass. */
    public static void end(AnalysisRunStatus run, List<MetricDefinition> definitions, boolean background) {
        for (MetricRunStatus metric : List.copyOf(run.getMetrics())) {
            AnalysisLimits limits = definition(definitions, metric.getName()).map(d -> d.limitsFor(background)).orElse(REMOVED);
            replace(run, metric.getName(), m -> RolloutRecords.write(RolloutRecords.metricRun(m).endStep(limits), null));
        }
    }

    public static AnalysisOutcome outcome(AnalysisRunStatus run) {
        if (run.getMetrics() == null || run.getMetrics().isEmpty()) {
            // An analysis with nothing to measure (its metrics all invalid or gone) must not pass a canary unwatched.
            return new AnalysisOutcome(AnalysisOutcome.Phase.Error, null, "analysis " + run.getAnalysis() + " has no metric it can measure", null);
        }
        // In spec order (the run's metrics were listed from the spec when it started): the first deciding metric is named.
        Map<String, AnalysisOutcome> deciding = new LinkedHashMap<>();
        Map<String, AnalysisOutcome> dryRun = new LinkedHashMap<>();
        for (MetricRunStatus metric : run.getMetrics()) {
            (Boolean.TRUE.equals(metric.getDryRun()) ? dryRun : deciding).put(metric.getName(), RolloutRecords.metricRun(metric).outcome());
        }
        return withDryRun(AnalysisVerdict.combine(deciding), dryRun);
    }

    /**
     * Dry-run metrics never decide, as in Argo Rollouts: their failures neither fail the run nor end it. A run the
     * deciding metrics passed still waits for its dry-run metrics to finish, as Argo's run waits for all its metrics;
     * each dry-run result is told after the verdict.
     */
    private static AnalysisOutcome withDryRun(AnalysisOutcome verdict, Map<String, AnalysisOutcome> dryRun) {
        if (dryRun.isEmpty()) {
            return verdict;
        }
        boolean waiting = dryRun.values().stream().anyMatch(o -> !o.phase().isTerminal());
        AnalysisOutcome.Phase phase = verdict.phase() == AnalysisOutcome.Phase.Successful && waiting ? AnalysisOutcome.Phase.Running : verdict.phase();
        StringBuilder told = new StringBuilder();
        dryRun.forEach((name, outcome) -> told.append(told.length() == 0 ? "" : "; ").append(outcome.phase() == AnalysisOutcome.Phase.Running
                ? name + " running" : name + " " + outcome.phase() + (outcome.phase() == AnalysisOutcome.Phase.Successful ? "" : ": " + outcome.reason())));
        String deciding = verdict.metric() == null && verdict.phase() == AnalysisOutcome.Phase.Successful && "no metric to analyse".equals(verdict.reason())
                ? "only dry-run metrics" : verdict.reason();
        return new AnalysisOutcome(phase, verdict.metric(), deciding + " | dry run, not deciding: " + told, verdict.last());
    }

    public static AnalysisReport report(AnalysisRunStatus run) {
        AnalysisOutcome outcome = outcome(run);
        return AnalysisReport.of(outcome.phase(), outcome.phase().isTerminal() && outcome.phase() != AnalysisOutcome.Phase.Successful
                ? outcome.reason() : "");
    }

    private static void replace(AnalysisRunStatus run, String metricName, java.util.function.UnaryOperator<MetricRunStatus> change) {
        List<MetricRunStatus> metrics = new ArrayList<>();
        for (MetricRunStatus metric : run.getMetrics()) {
            if (metricName.equals(metric.getName())) {
                Boolean dryRun = metric.getDryRun();
                MetricRunStatus changed = change.apply(metric);
                changed.setDryRun(dryRun);
                metrics.add(changed);
            } else {
                metrics.add(metric);
            }
        }
        run.setMetrics(metrics);
        summarise(run);
    }

    private static void summarise(AnalysisRunStatus run) {
        AnalysisOutcome outcome = outcome(run);
        run.setPhase(outcome.phase().name());
        run.setMessage(outcome.reason());
    }

    private static Optional<MetricDefinition> definition(List<MetricDefinition> definitions, String name) {
        return definitions.stream().filter(d -> d.name().equals(name)).findFirst();
    }
}
