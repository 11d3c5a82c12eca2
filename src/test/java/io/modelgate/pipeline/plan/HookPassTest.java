package io.modelgate.pipeline.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.analysis.Measurement;
import io.modelgate.analysis.MeasurementPhase;
import io.modelgate.api.CanaryStepSpec;
import io.modelgate.api.HookRunStatus;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.RolloutHookSpec;
import io.modelgate.api.RolloutSpec;
import io.modelgate.testing.Pipelines;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import static io.modelgate.pipeline.plan.PassScenarios.PLANNER;
import static io.modelgate.pipeline.plan.PassScenarios.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** Lifecycle hooks walked pass by pass: PreRollout and ConfirmPromotion hold or roll back, PostRollout and Rollback are recorded. */
class HookPassTest {

    static final Function<MeasurementRequest, Measurement> HEALTHY = request -> new Measurement(MeasurementPhase.Successful, 0.01, null, "ok", T0);

    final InMemoryCluster cluster = new InMemoryCluster(Pipelines.fraud("fraud", "ml"), T0);
    Function<HookCall, HookCall.Answer> endpoint = call -> new HookCall.Answer(true, "http://hooks.example answered HTTP 200");
    InMemoryCluster.Pass last;

    static RolloutHookSpec hook(String json) {
        return InMemoryCluster.SERIALIZATION.unmarshal(json, RolloutHookSpec.class);
    }

    static RolloutHookSpec jobHook(String name, String on, String onFailure) {
        return hook("""
                {"name": "%s", "type": "%s", %s "job": {"template": {"spec": {"containers": [{"name": "check", "image": "registry.example/check:1"}]}}}}"""
                .formatted(name, on, onFailure == null ? "" : "\"onFailure\": \"" + onFailure + "\","));
    }

    static RolloutHookSpec httpHook(String name, String on, String onFailure) {
        return hook("""
                {"name": "%s", "type": "%s", %s "http": {"url": "http://hooks.example/{{pipeline}}/{{revision}}"}}"""
                .formatted(name, on, onFailure == null ? "" : "\"onFailure\": \"" + onFailure + "\","));
    }

    void pass() {
        cluster.at(cluster.now().plus(Duration.ofSeconds(1)));
        last = cluster.pass(PLANNER, HEALTHY, PassRounds.Registrar.NONE, endpoint);
    }

    /** r1 serves; r2 comes with a canary of one setWeight step and these hooks, and is trained and evaluated. */
    void r2RollsOutWith(RolloutHookSpec... hooks) {
        r2RollsOutWith(RolloutSpec.Strategy.Canary, hooks);
    }

    void r2RollsOutWith(RolloutSpec.Strategy strategy, RolloutHookSpec... hooks) {
        pass();
        cluster.completeJob("fraud-r1-train", "{}");
        pass();
        cluster.completeJob("fraud-r1-eval", "{\"auc\": 0.95}");
        pass();
        cluster.makeAvailable("fraud-r1");
        pass();
        cluster.editSpec(p -> {
            RolloutSpec rollout = new RolloutSpec();
            rollout.setStrategy(strategy);
            if (strategy == RolloutSpec.Strategy.Canary) {
                rollout.setSteps(List.of(CanaryStepSpec.weight(20)));
            }
            rollout.setHooks(List.of(hooks));
            p.getSpec().setRollout(rollout);
            p.getSpec().getSource().setDataRef("s3://data/fraud/2026-11-02");
        });
        pass();
        cluster.completeJob("fraud-r2-train", "{}");
        pass();
        cluster.completeJob("fraud-r2-eval", "{\"auc\": 0.96}");
        pass();
    }

    ModelRevision r2() {
        return last.plan().revisions().stream().filter(r -> r.getMetadata().getName().equals("fraud-r2")).findFirst().orElseThrow();
    }

    HookRunStatus run(String name) {
        return r2().getStatus().getRollout().getHooks().stream().filter(h -> h.getName().equals(name)).findFirst().orElseThrow();
    }

    List<String> eventReasons() {
        return last.plan().events().stream().map(e -> e.reason().name()).toList();
    }

    @Test
    void aFailingConfirmPromotionJobHookHoldsNamingItUntilAPersonPromotesPastIt() {
        r2RollsOutWith(jobHook("smoke", "ConfirmPromotion", null));
        cluster.makeAvailable("fraud-r2");
        pass();
        String job = run("smoke").getJob();
        assertThat(job).isEqualTo("fraud-r2-a1-hook-smoke-1");
        assertThat(run("smoke").getPhase()).isEqualTo("Running");
        assertThat(r2().getStatus().getPhase()).isEqualTo("RollingOut");
        assertThat(r2().getStatus().getRollout().getMessage()).isEqualTo("ConfirmPromotion hook smoke is running (Job " + job + ")");

        cluster.failJob(job, "BackoffLimitExceeded");
        pass();
        assertThat(run("smoke").getPhase()).isEqualTo("Failed");
        assertThat(r2().getStatus().getPhase()).as("held, not rolled back").isEqualTo("RollingOut");
        assertThat(r2().getStatus().getRollout().getPausedReason())
                .startsWith("ConfirmPromotion hook smoke failed: Job " + job + " failed: BackoffLimitExceeded")
                .endsWith("promote to go on past it or abort to roll back");
        assertThat(eventReasons()).contains("HookFailed", "RolloutPaused");
        assertThat(last.plan().pipelineStatus().get().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Progressing");
            assertThat(c.getReason()).isEqualTo("WaitingForPromotion");
            assertThat(c.getMessage()).contains("ConfirmPromotion hook smoke failed");
        });

        pass();
        assertThat(r2().getStatus().getPhase()).as("still held on the next pass").isEqualTo("RollingOut");

        cluster.annotate("modelgate.io/action", "promote");
        pass();
        assertThat(run("smoke").getPhase()).isEqualTo("Overridden");
        assertThat(run("smoke").getMessage()).startsWith("promoted by a person past the failure");
        cluster.makeAvailable("fraud-r2");
        pass();
        assertThat(r2().getStatus().getPhase()).isEqualTo("Promoted");
    }

    @Test
    void aFailingPreRolloutHttpHookWithOnFailureRollbackRollsBackBeforeAnyTrafficMoves() {
        endpoint = call -> new HookCall.Answer(false, "http://hooks.example answered HTTP 503: maintenance");
        r2RollsOutWith(httpHook("change-window", "PreRollout", "Rollback"), httpHook("tell", "Rollback", null));

        assertThat(r2().getStatus().getPhase()).isEqualTo("RolledBack");
        assertThat(r2().getStatus().getReason()).isEqualTo("HookFailed");
        assertThat(r2().getStatus().getMessage()).contains("PreRollout hook change-window failed: http://hooks.example answered HTTP 503: maintenance");
        assertThat(r2().getStatus().getRollout().getCanaryWeight()).isZero();
        assertThat(run("change-window").getPhase()).isEqualTo("Failed");
        assertThat(run("tell").getPhase()).as("the Rollback hook is called and recorded").isEqualTo("Failed");
        assertThat(cluster.hookCalls).extracting(HookCall::url).contains("http://hooks.example/fraud/fraud-r2");
    }

    @Test
    void aPassingPreRolloutHookLetsTheStepsStartInTheSamePassAndPostRolloutIsCalledWithTheDocument() throws Exception {
        r2RollsOutWith(httpHook("open", "PreRollout", null), httpHook("announce", "PostRollout", null), httpHook("tell", "Rollback", null));
        assertThat(run("open").getPhase()).isEqualTo("Succeeded");
        assertThat(r2().getStatus().getRollout().getCanaryWeight()).as("setWeight 20 decided in the hook's pass").isEqualTo(20);

        cluster.makeAvailable("fraud-r2");
        pass();
        cluster.makeAvailable("fraud-r2");
        pass();
        assertThat(r2().getStatus().getPhase()).isEqualTo("Promoted");
        assertThat(run("announce").getPhase()).isEqualTo("Succeeded");
        assertThat(r2().getStatus().getRollout().getHooks()).extracting(HookRunStatus::getName).doesNotContain("tell");
        HookCall announce = cluster.hookCalls.stream().filter(c -> c.key().endsWith("/PostRollout/announce")).reduce((a, b) -> b).orElseThrow();
        JsonNode body = new ObjectMapper().readTree(announce.body());
        assertThat(body.get("pipeline").asText()).isEqualTo("fraud");
        assertThat(body.get("revision").asText()).isEqualTo("fraud-r2");
        assertThat(body.get("stableRevision").asText()).isEqualTo("fraud-r1");
        assertThat(body.get("type").asText()).isEqualTo("PostRollout");
        assertThat(body.get("phase").asText()).as("told the phase the rollout ended in").isEqualTo("Promoted");
        assertThat(body.has("metrics")).isTrue();
        assertThat(cluster.hookCalls.stream().filter(c -> c.key().endsWith("/PreRollout/open")).map(HookCall::key).distinct())
                .as("one call per hook and attempt, however many passes").hasSize(1);
    }

    @Test
    void aPostRolloutJobHookIsFollowedAfterThePromotionUntilItEnds() {
        r2RollsOutWith(jobHook("report", "PostRollout", null));
        cluster.makeAvailable("fraud-r2");
        pass();
        cluster.makeAvailable("fraud-r2");
        pass();
        assertThat(r2().getStatus().getPhase()).isEqualTo("Promoted");
        assertThat(run("report").getPhase()).isEqualTo("Running");

        cluster.completeJob(run("report").getJob(), "{}");
        pass();
        assertThat(run("report").getPhase()).isEqualTo("Succeeded");
        assertThat(eventReasons()).contains("HookSucceeded");
    }

    @Test
    void aBlueGreenConfirmPromotionHookThatFailsHoldsTheActiveServiceOnTheStableRevision() {
        endpoint = call -> new HookCall.Answer(false, "http://hooks.example answered HTTP 500");
        r2RollsOutWith(RolloutSpec.Strategy.BlueGreen, httpHook("confirm", "ConfirmPromotion", null));
        cluster.makeAvailable("fraud-r2");
        pass();

        assertThat(r2().getStatus().getPhase()).isEqualTo("RollingOut");
        assertThat(run("confirm").getPhase()).isEqualTo("Failed");
        assertThat(r2().getStatus().getRollout().getPausedReason()).startsWith("ConfirmPromotion hook confirm failed");
        assertThat(eventReasons()).doesNotContain("ActiveSwitched");
        assertThat(last.plan().intents()).noneMatch(i -> i instanceof Intent.SetSelector s && s.service().equals("fraud")
                && "fraud-r2".equals(s.selector().get("modelgate.io/revision")));

        endpoint = call -> new HookCall.Answer(true, "http://hooks.example answered HTTP 200");
        cluster.annotate("modelgate.io/action", "promote");
        pass();
        assertThat(run("confirm").getPhase()).as("a failed hook is not called again in its attempt: a person passes it").isEqualTo("Overridden");
        assertThat(eventReasons()).contains("ActiveSwitched");
    }
}
