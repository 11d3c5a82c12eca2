package io.modelgate.pipeline.plan;

import io.modelgate.analysis.Measurement;

import java.util.List;
import java.util.Map;

/**
 * The rounds of one pass, the same for the operator and for the tests that walk passes in memory: plan; take the
 * measurements the plan asks for and plan again; apply; plan again after an answer the plan did not assume (or waits
 * for, as a new revision's create). The plan that comes out has been applied to the end.
 */
public final class PassRounds {

    /** Rounds of planning again after measurements, and after unplanned answers (then the pass is retried whole). */
    public static final int MAX_ROUNDS = 6;

    /** Takes the measurements a plan asks for, by key. */
    @FunctionalInterface
    public interface Measurer {
        Map<String, Measurement> take(List<MeasurementRequest> requests);
    }

    /** Carries out intents in order, skipping those already answered; stops at the first answer to plan again on. */
    @FunctionalInterface
    public interface Writer {
        Applied apply(List<Intent> intents, PassInputs answered);
    }

    /**
     * @param results   the answers, by intent key
     * @param surprised an answer the plan did not assume ended the round: plan again with the results
     */
    public record Applied(Map<String, WriteResult> results, boolean surprised) {
    }

    /** A plan and what the pass had learnt when it was made. */
    public record Planned(PassPlan plan, PassInputs inputs) {
    }

    private PassRounds() {
    }

    public static Planned run(PipelinePass planner, ClusterSnapshot snapshot, Measurer measurer, Writer writer) {
        Planned planned = measured(planner, snapshot, PassInputs.NONE, measurer);
        for (int round = 1; ; round++) {
            Applied applied = writer.apply(planned.plan().intents(), planned.inputs());
            PassInputs inputs = planned.inputs().withWrites(applied.results());
            if (!applied.surprised()) {
                return new Planned(planned.plan(), inputs);
            }
            if (round == MAX_ROUNDS) {
                // Statuses must never claim what was not written: the whole pass is tried again.
                throw new IllegalStateException("the pass was planned " + MAX_ROUNDS + " times and still met unplanned answers: "
                        + applied.results());
            }
            planned = measured(planner, snapshot, inputs, measurer);
        }
    }

    private static Planned measured(PipelinePass planner, ClusterSnapshot snapshot, PassInputs start, Measurer measurer) {
        PassInputs inputs = start;
        PassPlan plan = planner.plan(snapshot, inputs);
        for (int round = 1; round < MAX_ROUNDS && !plan.measurements().isEmpty(); round++) {
            inputs = inputs.withMeasurements(measurer.take(plan.measurements()));
            plan = planner.plan(snapshot, inputs);
        }
        return new Planned(plan, inputs);
    }
}
