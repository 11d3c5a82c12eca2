package io.modelgate.revision;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;

import static io.modelgate.revision.RevisionPhase.Aborted;
import static io.modelgate.revision.RevisionPhase.Evaluating;
import static io.modelgate.revision.RevisionPhase.Failed;
import static io.modelgate.revision.RevisionPhase.Pending;
import static io.modelgate.revision.RevisionPhase.Promoted;
import static io.modelgate.revision.RevisionPhase.Queued;
import static io.modelgate.revision.RevisionPhase.Rejected;
import static io.modelgate.revision.RevisionPhase.RollingOut;
import static io.modelgate.revision.RevisionPhase.RolledBack;
import static io.modelgate.revision.RevisionPhase.Superseded;
import static io.modelgate.revision.RevisionPhase.Training;
import static io.modelgate.revision.RevisionPhase.Validating;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RevisionPhaseTest {

    private static final Set<RevisionPhase> TERMINAL = EnumSet.of(Promoted, Rejected, Failed, Superseded, RolledBack, Aborted);

    private static Set<RevisionPhase> successors(RevisionPhase phase) {
        Set<RevisionPhase> next = EnumSet.noneOf(RevisionPhase.class);
        for (RevisionPhase candidate : RevisionPhase.values()) {
            if (phase.canMoveTo(candidate)) {
                next.add(candidate);
            }
        }
        return next;
    }

    private static Set<RevisionPhase> reachableFrom(RevisionPhase start) {
        Set<RevisionPhase> seen = EnumSet.of(start);
        Deque<RevisionPhase> todo = new ArrayDeque<>(Set.of(start));
        while (!todo.isEmpty()) {
            for (RevisionPhase next : successors(todo.pop())) {
                if (seen.add(next)) {
                    todo.push(next);
                }
            }
        }
        return seen;
    }

    @Test
    void terminalPhasesAreExactlyTheEnds() {
        assertThat(EnumSet.copyOf(Arrays.stream(RevisionPhase.values()).filter(RevisionPhase::isTerminal).toList()))
                .isEqualTo(TERMINAL);
    }

    @ParameterizedTest
    @EnumSource(value = RevisionPhase.class, names = {"Promoted", "Rejected", "Failed", "Superseded", "RolledBack", "Aborted"})
    void terminalPhasesHaveNoSuccessorsButARetry(RevisionPhase phase) {
        assertThat(phase.isTerminal()).isTrue();
        if (phase.isRetryable()) {
            assertThat(successors(phase)).containsExactly(RollingOut);
        } else {
            assertThat(successors(phase)).isEmpty();
        }
    }

    @Test
    void onlyRolledBackAndAbortedRevisionsCanBeRetried() {
        for (RevisionPhase phase : RevisionPhase.values()) {
            assertThat(phase.isRetryable()).as(phase.name()).isEqualTo(phase == RolledBack || phase == Aborted);
        }
    }

    @ParameterizedTest
    @EnumSource(value = RevisionPhase.class, names = {"Pending", "Validating", "Training", "Evaluating", "Queued", "RollingOut"})
    void everyNonTerminalPhaseCanReachATerminalOne(RevisionPhase phase) {
        assertThat(phase.isTerminal()).isFalse();
        assertThat(successors(phase)).isNotEmpty();
        assertThat(reachableFrom(phase)).containsAnyElementsOf(TERMINAL);
    }

    @ParameterizedTest
    @EnumSource(RevisionPhase.class)
    void noPhaseMovesToItself(RevisionPhase phase) {
        assertThat(phase.canMoveTo(phase)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(RevisionPhase.class)
    void nothingMovesBackToPending(RevisionPhase phase) {
        assertThat(phase.canMoveTo(Pending)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(RevisionPhase.class)
    void noPhaseCanComeBackToItself(RevisionPhase phase) {
        // The graph is acyclic but for a person's retry (RolledBack/Aborted -> RollingOut): a revision never loops on its own.
        for (RevisionPhase next : successors(phase)) {
            if (phase.isRetryable() || next.isRetryable() || phase == RollingOut) {
                continue;
            }
            assertThat(reachableFrom(next)).as("%s -> %s", phase, next).doesNotContain(phase);
        }
    }

    @Test
    void everyPhaseIsReachableFromPending() {
        assertThat(reachableFrom(Pending)).containsExactlyInAnyOrder(RevisionPhase.values());
    }

    @Test
    void theDocumentedHappyPathIsLegal() {
        assertThat(Pending.canMoveTo(Validating)).isTrue();
        assertThat(Validating.canMoveTo(Training)).isTrue();
        assertThat(Training.canMoveTo(Evaluating)).isTrue();
        assertThat(Evaluating.canMoveTo(RollingOut)).isTrue();
        assertThat(RollingOut.canMoveTo(Promoted)).isTrue();
    }

    @Test
    void validationIsOptional() {
        assertThat(Pending.canMoveTo(Training)).isTrue();
    }

    @Test
    void successorsOfEachPhase() {
        // Evaluating straight after Pending or Validating: a registered model exists and is not trained again.
        assertThat(successors(Pending)).containsExactlyInAnyOrder(Validating, Training, Evaluating, Superseded);
        assertThat(successors(Validating)).containsExactlyInAnyOrder(Training, Evaluating, Rejected, Failed, Superseded);
        assertThat(successors(Training)).containsExactlyInAnyOrder(Evaluating, Failed, Superseded);
        assertThat(successors(Evaluating)).containsExactlyInAnyOrder(Queued, RollingOut, Rejected, Failed, Superseded);
        assertThat(successors(Queued)).containsExactlyInAnyOrder(RollingOut, Superseded);
        assertThat(successors(RollingOut)).containsExactlyInAnyOrder(Promoted, Failed, RolledBack, Aborted);
    }

    @Test
    void onlyGatedStagesCanReject() {
        for (RevisionPhase phase : RevisionPhase.values()) {
            assertThat(phase.canMoveTo(Rejected)).as(phase.name()).isEqualTo(phase == Validating || phase == Evaluating);
        }
    }

    @Test
    void onlyARolloutCanBePromotedRolledBackOrAborted() {
        for (RevisionPhase phase : RevisionPhase.values()) {
            boolean rollingOut = phase == RollingOut;
            assertThat(phase.canMoveTo(Promoted)).as(phase.name()).isEqualTo(rollingOut);
            assertThat(phase.canMoveTo(RolledBack)).as(phase.name()).isEqualTo(rollingOut);
            assertThat(phase.canMoveTo(Aborted)).as(phase.name()).isEqualTo(rollingOut);
        }
    }

    @Test
    void isSupersedableExactlyBeforeRollout() {
        for (RevisionPhase phase : RevisionPhase.values()) {
            boolean expected = phase == Pending || phase == Validating || phase == Training || phase == Evaluating || phase == Queued;
            assertThat(phase.isSupersedable()).as(phase.name()).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @EnumSource(RevisionPhase.class)
    void supersedableIffItCanMoveToSuperseded(RevisionPhase phase) {
        assertThat(phase.canMoveTo(Superseded)).isEqualTo(phase.isSupersedable());
    }

    @Test
    void unsuccessfulEndsAreTerminalButNotPromotedOrSuperseded() {
        for (RevisionPhase phase : RevisionPhase.values()) {
            boolean expected = phase == Rejected || phase == Failed || phase == RolledBack || phase == Aborted;
            assertThat(phase.isUnsuccessfulEnd()).as(phase.name()).isEqualTo(expected);
            if (phase.isUnsuccessfulEnd()) {
                assertThat(phase.isTerminal()).isTrue();
            }
        }
    }

    @ParameterizedTest
    @NullAndEmptySource
    void parseOfNothingIsPending(String phase) {
        assertThat(RevisionPhase.parse(phase)).isEqualTo(Pending);
    }

    @ParameterizedTest
    @EnumSource(RevisionPhase.class)
    void parseRoundTripsEveryName(RevisionPhase phase) {
        assertThat(RevisionPhase.parse(phase.name())).isEqualTo(phase);
    }

    @Test
    void parseRejectsUnknownPhases() {
        // Pins today's behaviour: an unknown or differently-cased phase is an error, not a silent Pending.
        assertThatThrownBy(() -> RevisionPhase.parse("Exploded")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RevisionPhase.parse("promoted")).isInstanceOf(IllegalArgumentException.class);
    }
}
