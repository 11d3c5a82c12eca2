package io.modelgate.pipeline.plan;

import io.modelgate.analysis.Measurement;
import io.modelgate.registry.LookupAnswer;
import io.modelgate.registry.RegistryAnswer;
import io.modelgate.registry.RegistryLookup;
import io.modelgate.registry.RegistryRequest;

import java.util.List;
import java.util.Map;

/**
 * The rounds of one pass, the same for the operator and for the tests that walk passes in memory: plan; make the
 * registry look-ups and take the measurements the plan asks for, and plan again; apply; plan again after an answer the plan did not assume (or waits
 * for, as a new revision's create); then make the registry writes the applied plan asks for and plan again with
 * their answers. The plan that comes out has been applied to the end.
 */
public final class PassRounds {

    /** Rounds of planning again after measurements, and after unplanned answers (then the pass is retried whole). */
    public static final int MAX_ROUNDS = 6;

    /** Rounds of registry writes: a revision owes at most a version, an alias and an outcome, each due after the last. */
    public static final int MAX_REGISTRY_ROUNDS = 3;

    /** Takes the measurements a plan asks for, by key; and calls its HTTP hooks. */
    @FunctionalInterface
    public interface Measurer {
        Map<String, Measurement> take(List<MeasurementRequest> requests);

        /** Calls each HTTP hook, by key; an endpoint that is down answers not ok, never throws. */
        default Map<String, HookCall.Answer> call(List<HookCall> calls) {
            return calls.stream().collect(java.util.stream.Collectors.toMap(HookCall::key,
                    call -> new HookCall.Answer(false, "this operator has no hook caller")));
        }
    }

    /** Makes registry writes, by key; a registry that is down answers Failed, never throws. */
    @FunctionalInterface
    public interface Registrar {
        /** Answers every write Failed: the operator was built without a registry client (tests that need none). */
        Registrar NONE = requests -> requests.stream().collect(java.util.stream.Collectors.toMap(RegistryRequest::key,
                request -> new RegistryAnswer.Failed("this operator has no registry client", false)));

        Map<String, RegistryAnswer> write(List<RegistryRequest> requests);

        /** Makes registry look-ups, by key; a registry that is down answers Unavailable, never throws. */
        default Map<String, LookupAnswer> lookUp(List<RegistryLookup> lookups) {
            return lookups.stream().collect(java.util.stream.Collectors.toMap(RegistryLookup::key,
                    lookup -> new LookupAnswer.Unavailable("this operator has no registry client")));
        }
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
        return run(planner, snapshot, measurer, writer, Registrar.NONE);
    }

    public static Planned run(PipelinePass planner, ClusterSnapshot snapshot, Measurer measurer, Writer writer, Registrar registrar) {
        Planned planned = measured(planner, snapshot, PassInputs.NONE, measurer, registrar);
        int registryRounds = 0;
        for (int round = 1; ; round++) {
            Applied applied = writer.apply(planned.plan().intents(), planned.inputs());
            PassInputs inputs = planned.inputs().withWrites(applied.results());
            if (!applied.surprised()) {
                // Registry writes follow the cluster writes they record (a version for a revision whose status is written).
                List<RegistryRequest> owed = planned.plan().registryWrites().stream()
                        .filter(request -> inputs.registryAnswer(request.key()).isEmpty())
                        .toList();
                if (owed.isEmpty() || registryRounds == MAX_REGISTRY_ROUNDS) {
                    return new Planned(planned.plan(), inputs);
                }
                registryRounds++;
                planned = measured(planner, snapshot, inputs.withRegistryAnswers(registrar.write(owed)), measurer, registrar);
                continue;
            }
            if (round == MAX_ROUNDS) {
                // Statuses must never claim what was not written: the whole pass is tried again.
                throw new IllegalStateException("the pass was planned " + MAX_ROUNDS + " times and still met unplanned answers: "
                        + applied.results());
            }
            planned = measured(planner, snapshot, inputs, measurer, registrar);
        }
    }

    private static Planned measured(PipelinePass planner, ClusterSnapshot snapshot, PassInputs start, Measurer measurer, Registrar registrar) {
        PassInputs inputs = start;
        PassPlan plan = planner.plan(snapshot, inputs);
        for (int round = 1; round < MAX_ROUNDS && !(plan.measurements().isEmpty() && plan.lookups().isEmpty() && plan.hookCalls().isEmpty()); round++) {
            // A look-up first: what it finds decides which revision there is to measure for.
            if (plan.lookups().isEmpty()) {
                inputs = inputs.withMeasurements(measurer.take(plan.measurements())).withHookAnswers(measurer.call(plan.hookCalls()));
            } else {
                inputs = inputs.withLookups(registrar.lookUp(plan.lookups()));
            }
            plan = planner.plan(snapshot, inputs);
        }
        return new Planned(plan, inputs);
    }
}
