package io.modelgate.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConditionsTest {

    static final Instant T0 = Instant.parse("2026-11-01T10:00:00.123456Z");
    static final Instant T1 = Instant.parse("2026-11-01T10:05:00Z");

    @Test
    void aNewConditionGetsEveryFieldAndTheTimeInSeconds() {
        List<Condition> conditions = Conditions.set(null, Conditions.READY, true, "Serving", "r1 serves", 3L, T0);

        assertThat(conditions).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("Serving");
            assertThat(c.getMessage()).isEqualTo("r1 serves");
            assertThat(c.getObservedGeneration()).isEqualTo(3L);
            assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-01T10:00:00Z");
        });
    }

    @Test
    void falseIsWrittenAsTheStringFalse() {
        assertThat(Conditions.set(List.of(), Conditions.DEGRADED, false, "AsExpected", "ok", 1L, T0).get(0).getStatus())
                .isEqualTo("False");
    }

    @Test
    void theTransitionTimeStaysWhileTheStatusIsUnchangedEvenIfReasonAndMessageChange() {
        List<Condition> before = Conditions.set(null, Conditions.PROGRESSING, true, "RevisionTraining", "r1 is Training", 1L, T0);

        List<Condition> after = Conditions.set(before, Conditions.PROGRESSING, true, "RevisionEvaluating", "r1 is Evaluating", 2L, T1);

        assertThat(after).singleElement().satisfies(c -> {
            assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-01T10:00:00Z");
            assertThat(c.getReason()).isEqualTo("RevisionEvaluating");
            assertThat(c.getMessage()).isEqualTo("r1 is Evaluating");
            assertThat(c.getObservedGeneration()).isEqualTo(2L);
        });
    }

    @Test
    void theTransitionTimeMovesWhenTheStatusFlips() {
        List<Condition> before = Conditions.set(null, Conditions.READY, false, "RevisionInProgress", "r1 is Training", 1L, T0);

        List<Condition> after = Conditions.set(before, Conditions.READY, true, "Serving", "r1 serves", 1L, T1);

        assertThat(after).singleElement().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-01T10:05:00Z");
        });
    }

    @Test
    void aConditionWithoutTransitionTimeGetsOne() {
        Condition stored = new ConditionBuilder().withType("Ready").withStatus("True").build();

        List<Condition> after = Conditions.set(List.of(stored), Conditions.READY, true, "Serving", "r1 serves", 1L, T1);

        assertThat(after.get(0).getLastTransitionTime()).isEqualTo("2026-11-01T10:05:00Z");
    }

    @Test
    void otherConditionsAreKeptInPlaceAndTheInputIsNotModified() {
        Condition foreign = new ConditionBuilder().withType("Custom").withStatus("Unknown").withReason("SomeoneElse").build();
        List<Condition> before = new ArrayList<>(Conditions.set(List.of(foreign), Conditions.READY, false, "A", "a", 1L, T0));
        before = Conditions.set(before, Conditions.DEGRADED, false, "B", "b", 1L, T0);
        List<Condition> snapshot = List.copyOf(before);
        String readyStatusBefore = before.get(1).getStatus();

        List<Condition> after = Conditions.set(before, Conditions.READY, true, "Serving", "serves", 1L, T1);

        assertThat(after).extracting(Condition::getType).containsExactly("Custom", "Ready", "Degraded");
        assertThat(after.get(0)).isSameAs(foreign);
        assertThat(before).containsExactlyElementsOf(snapshot);
        assertThat(before.get(1).getStatus()).isEqualTo(readyStatusBefore);
    }

    @Test
    void findAndIsTrue() {
        List<Condition> conditions = Conditions.set(null, Conditions.READY, true, "Serving", "serves", 1L, T0);
        conditions = Conditions.set(conditions, Conditions.DEGRADED, false, "AsExpected", "ok", 1L, T0);

        assertThat(Conditions.isTrue(conditions, Conditions.READY)).isTrue();
        assertThat(Conditions.isTrue(conditions, Conditions.DEGRADED)).isFalse();
        assertThat(Conditions.isTrue(conditions, Conditions.PROGRESSING)).isFalse();
        assertThat(Conditions.isTrue(null, Conditions.READY)).isFalse();
        assertThat(Conditions.find(conditions, Conditions.DEGRADED)).map(Condition::getReason).contains("AsExpected");
        assertThat(Conditions.find(null, Conditions.READY)).isEmpty();
    }

    @Test
    void timestampsAreRfc3339InUtcWithSecondPrecision() {
        assertThat(Conditions.timestamp(Instant.parse("2026-01-02T03:04:05.999Z"))).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(Conditions.timestamp(Instant.parse("2026-01-02T03:04:00Z"))).isEqualTo("2026-01-02T03:04:00Z");
    }
}
