package io.modelgate.rollout;

import io.modelgate.rollout.CanaryStep.Analysis;
import io.modelgate.rollout.CanaryStep.SetHeaderRoute;
import io.modelgate.rollout.CanaryStep.SetMirror;
import io.modelgate.rollout.CanaryStep.SetWeight;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.modelgate.rollout.CanaryMachineTest.T0;
import static io.modelgate.rollout.CanaryMachineTest.at;
import static io.modelgate.rollout.CanaryMachineTest.decide;
import static io.modelgate.rollout.CanaryMachineTest.in;
import static io.modelgate.rollout.CanaryMachineTest.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** setMirror and setHeaderRoute: what the route carries at each step, the canary pods for it, and how the steps complete. */
class RouteStepsTest {

    static final HeaderRoute INTERNAL = new HeaderRoute("internal", List.of(new HeaderRoute.Match("x-user-group", HeaderRoute.Kind.Exact, "internal")));
    static final HeaderRoute BETA = new HeaderRoute("beta", List.of(new HeaderRoute.Match("x-beta", HeaderRoute.Kind.Regex, "^(1|true)$")));

    /** mirror 20, analysis agreement, header internal, header beta, setWeight 30, mirror off, header internal removed, analysis health. */
    static final List<CanaryStep> STEPS = List.of(
            new SetMirror(20), new Analysis("agreement"), new SetHeaderRoute(INTERNAL), new SetHeaderRoute(BETA), new SetWeight(30),
            new SetMirror(0), new SetHeaderRoute(new HeaderRoute("internal", List.of())), new Analysis("health"));

    @Test
    void aRouteCarriesWhatTheCompletedStepsLeftUntilALaterStepChangesIt() {
        assertThat(RouteExtras.through(STEPS, 0)).isEqualTo(RouteExtras.NONE);
        assertThat(RouteExtras.through(STEPS, 1)).isEqualTo(new RouteExtras(20, List.of()));
        assertThat(RouteExtras.through(STEPS, 4)).isEqualTo(new RouteExtras(20, List.of(INTERNAL, BETA)));
        assertThat(RouteExtras.through(STEPS, 6)).isEqualTo(new RouteExtras(0, List.of(INTERNAL, BETA)));
        assertThat(RouteExtras.through(STEPS, 8)).isEqualTo(new RouteExtras(0, List.of(BETA)));
    }

    @Test
    void aHeaderRouteOfTheSameNameReplacesTheEarlierOne() {
        HeaderRoute wider = new HeaderRoute("internal", List.of(new HeaderRoute.Match("x-user-group", HeaderRoute.Kind.Prefix, "int")));
        List<CanaryStep> steps = List.of(new SetHeaderRoute(INTERNAL), new SetHeaderRoute(wider), new Analysis("a"));

        assertThat(RouteExtras.through(steps, 2).headerRoutes()).containsExactly(wider);
    }

    @Test
    void theRouteHasTheStepInProgressOnlyOnceItCompletesButThePodsAreReadyForItBefore() {
        CanaryState atMirror = at(0, 0, T0);

        assertThat(RouteExtras.routed(STEPS, atMirror)).isEqualTo(RouteExtras.NONE);
        assertThat(RouteExtras.served(STEPS, atMirror).mirrorPercent()).isEqualTo(20);
        assertThat(RouteExtras.routed(STEPS, at(1, 0, T0)).mirrorPercent()).isEqualTo(20);
    }

    @Test
    void aPromotingOrRolledBackCanaryHasNeitherMirrorNorHeaderRoutes() {
        assertThat(RouteExtras.routed(STEPS, at(STEPS.size(), 30, T0))).isEqualTo(RouteExtras.NONE);
        CanaryState rolledBack = new CanaryState(4, 0, T0, null, true, false, 1);
        assertThat(RouteExtras.routed(STEPS, rolledBack)).isEqualTo(RouteExtras.NONE);
        assertThat(RouteExtras.served(STEPS, rolledBack)).isEqualTo(RouteExtras.NONE);
    }

    @Test
    void theCanaryGetsThePodsOfTheMirroredShareAndOneForAHeaderRoute() {
        assertThat(new RouteExtras(20, List.of()).canaryPods(10)).isEqualTo(2);
        assertThat(new RouteExtras(1, List.of()).canaryPods(10)).as("a mirror has at least one pod").isEqualTo(1);
        assertThat(new RouteExtras(0, List.of(INTERNAL)).canaryPods(10)).isEqualTo(1);
        assertThat(new RouteExtras(50, List.of(INTERNAL)).canaryPods(4)).isEqualTo(2);
        assertThat(new RouteExtras(50, List.of(INTERNAL)).canaryPods(0)).isZero();
        assertThat(RouteExtras.NONE.canaryPods(10)).isZero();
    }

    @Test
    void enteringAMirrorStepReroutesAndRestartsTheProgressClock() {
        List<CanaryStep> steps = List.of(new SetWeight(10), new SetMirror(20), new Analysis("agreement"));

        CanaryDecision.Reroute d = decide(CanaryDecision.Reroute.class, steps, at(0, 10, T0), in(t(30)));

        assertThat(d.next()).isEqualTo(at(1, 10, t(30)));
        RolloutDecision<CanaryState> common = RolloutDecision.of(d, at(0, 10, T0), steps.size(), t(30), "fraud-r2");
        assertThat(common).isInstanceOfSatisfying(RolloutDecision.Proceed.class, p -> {
            assertThat(p.restartsClock()).isTrue();
            assertThat(p.decideAgain()).isFalse();
            assertThat(p.announcement()).isEmpty();
        });
    }

    @Test
    void aRouteStepWhoseCanaryServesCompletesWithItsEventAndTheNextStepIsDecidedAtOnce() {
        CanaryDecision.RouteSet d = decide(CanaryDecision.RouteSet.class, STEPS, at(2, 0, T0), in(t(30)));

        assertThat(d.step()).isEqualTo(new SetHeaderRoute(INTERNAL));
        assertThat(d.next()).isEqualTo(at(3, 0, t(30)));
        RolloutDecision<CanaryState> common = RolloutDecision.of(d, at(2, 0, T0), STEPS.size(), t(30), "fraud-r2");
        assertThat(common).isInstanceOfSatisfying(RolloutDecision.Proceed.class, p -> {
            assertThat(p.decideAgain()).isTrue();
            assertThat(p.announcement()).get().isEqualTo(new RolloutDecision.Announcement(RolloutDecision.Announcement.Kind.HeaderRouteSet,
                    "fraud-r2 setHeaderRoute internal (x-user-group=internal)"));
        });
    }

    @Test
    void aRouteStepWaitsForTheCanaryPodsUntilTheProgressDeadlineThenTheNextStepStarts() {
        CanaryInputs notYet = in(t(60)).withCanaryAvailable(false).withProgress(Duration.ofMinutes(10), t(5));

        CanaryDecision.Wait waiting = decide(CanaryDecision.Wait.class, STEPS, at(0, 0, T0), notYet);
        assertThat(waiting.why()).isEqualTo("step 1/8 (setMirror 20%): waiting for the canary to be available for it");
        assertThat(waiting.until()).contains(t(605));

        CanaryDecision.RouteSet set = decide(CanaryDecision.RouteSet.class, STEPS, at(0, 0, T0), in(t(61)));
        CanaryDecision.StartStepAnalysis next = decide(CanaryDecision.StartStepAnalysis.class, STEPS, set.next(), in(t(61)));
        assertThat(next.name()).isEqualTo("agreement");
        assertThat(next.next().stepIndex()).isEqualTo(1);
    }

    @Test
    void aRouteStepWhoseCanaryNeverServesRollsBackAtTheDeadline() {
        CanaryInputs late = in(t(700)).withCanaryAvailable(false).withProgress(Duration.ofMinutes(10), t(5));

        CanaryDecision.Rollback d = decide(CanaryDecision.Rollback.class, STEPS, at(2, 0, T0), late);

        assertThat(d.cause()).isEqualTo(RollbackCause.ProgressDeadline);
        assertThat(d.reason()).contains("step 3/8 (setHeaderRoute internal (x-user-group=internal))");
    }

    @Test
    void onlyRouteStepsReroute() {
        assertThatThrownBy(() -> new CanaryDecision.Reroute(new SetWeight(5), at(0, 0, T0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CanaryDecision.RouteSet(new Analysis("a"), at(0, 0, T0))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPrefixIsAnAnchoredExpressionWithItsMetacharactersEscaped() {
        HeaderRoute.Match prefix = new HeaderRoute.Match("x-tenant", HeaderRoute.Kind.Prefix, "a.b+(c)");

        assertThat(prefix.gatewayType()).isEqualTo("RegularExpression");
        assertThat(prefix.gatewayValue()).isEqualTo("^a\\.b\\+\\(c\\).*");
        assertThat(java.util.regex.Pattern.matches(prefix.gatewayValue(), "a.b+(c)-team")).isTrue();
        assertThat(java.util.regex.Pattern.matches(prefix.gatewayValue(), "aXb+(c)")).isFalse();
    }
}
