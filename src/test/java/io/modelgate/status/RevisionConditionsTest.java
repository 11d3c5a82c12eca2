package io.modelgate.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.modelgate.api.ModelRevisionStatus;
import io.modelgate.revision.RevisionPhase;
import io.modelgate.status.RevisionConditions.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The kstatus reading of every phase: in flight is InProgress, ended as designed is Current, a failed end is Failed. */
class RevisionConditionsTest {

    static final Instant NOW = Instant.parse("2026-11-01T10:00:00Z");
    static final Instant LATER = Instant.parse("2026-11-01T11:00:00Z");

    static ModelRevisionStatus recorded(RevisionPhase phase, String reason, String message) {
        ModelRevisionStatus status = new ModelRevisionStatus();
        status.setPhase(phase.name());
        status.setReason(reason);
        status.setMessage(message);
        return status;
    }

    static Condition condition(ModelRevisionStatus status, String type) {
        return Conditions.find(status.getConditions(), type).orElseThrow();
    }

    static void assertCondition(ModelRevisionStatus status, String type, String value, String reason) {
        Condition condition = condition(status, type);
        assertThat(condition.getStatus()).as(type).isEqualTo(value);
        assertThat(condition.getReason()).as(type + " reason").isEqualTo(reason);
    }

    @ParameterizedTest
    @EnumSource(value = RevisionPhase.class, names = {"Pending", "Validating", "Training", "Evaluating", "RollingOut"})
    void aRevisionInFlightIsReconcilingNotReadyNotStalled(RevisionPhase phase) {
        ModelRevisionStatus status = recorded(phase, "TrainingStarted", "Job fraud-r2-train created");

        RevisionConditions.apply(status, Role.Other, "fraud-r1", 1L, NOW);

        assertCondition(status, "Reconciling", "True", "TrainingStarted");
        assertCondition(status, "Progressing", "True", "TrainingStarted");
        assertCondition(status, "Ready", "False", "TrainingStarted");
        assertCondition(status, "Stalled", "False", "AsExpected");
        assertCondition(status, "Degraded", "False", "AsExpected");
        assertThat(condition(status, "Ready").getMessage()).isEqualTo("not serving yet: Job fraud-r2-train created");
        assertThat(status.getConditions()).allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(1L));
    }

    @Test
    void theStableRevisionIsReadyAndSaysItServes() {
        ModelRevisionStatus status = recorded(RevisionPhase.Promoted, "Promoted", "serving Deployment is available; now the stable revision");

        RevisionConditions.apply(status, Role.Stable, "fraud-r2", 1L, NOW);

        assertCondition(status, "Ready", "True", "Serving");
        assertThat(condition(status, "Ready").getMessage()).isEqualTo("serves as the stable revision");
        assertCondition(status, "Reconciling", "False", "Promoted");
        assertCondition(status, "Stalled", "False", "AsExpected");
    }

    @Test
    void aReplacedRevisionStaysReadyAsAnEndedRecordAndNamesWhatServesInstead() {
        ModelRevisionStatus status = recorded(RevisionPhase.Promoted, "Promoted", "now the stable revision");
        RevisionConditions.apply(status, Role.Stable, "fraud-r1", 1L, NOW);

        RevisionConditions.apply(status, Role.Replaced, "fraud-r3", 1L, LATER);

        assertCondition(status, "Ready", "True", "Replaced");
        assertThat(condition(status, "Ready").getMessage()).isEqualTo("no longer serves: fraud-r3 replaced it as the stable revision");
        // Still True: kstatus reads it Current (an ended record), and the reason tells what it is now.
        assertThat(condition(status, "Ready").getLastTransitionTime()).isEqualTo("2026-11-01T10:00:00Z");
        assertCondition(status, "Reconciling", "False", "Promoted");
        assertCondition(status, "Stalled", "False", "AsExpected");
        // An ended record: the timestamps of conditions that did not flip stay.
        assertThat(condition(status, "Stalled").getLastTransitionTime()).isEqualTo("2026-11-01T10:00:00Z");
    }

    @Test
    void aSupersededRevisionEndedAsDesignedAndIsNotStalled() {
        ModelRevisionStatus status = recorded(RevisionPhase.Superseded, "Superseded", "superseded by fraud-r3");

        RevisionConditions.apply(status, Role.Other, "fraud-r1", 1L, NOW);

        assertCondition(status, "Ready", "True", "Superseded");
        assertThat(condition(status, "Ready").getMessage()).isEqualTo("never served, as designed: superseded by fraud-r3");
        assertCondition(status, "Reconciling", "False", "Superseded");
        assertCondition(status, "Stalled", "False", "AsExpected");
    }

    @ParameterizedTest
    @EnumSource(value = RevisionPhase.class, names = {"Rejected", "Failed", "RolledBack", "Aborted"})
    void aRevisionThatFailedIsStalledWithItsReason(RevisionPhase phase) {
        ModelRevisionStatus status = recorded(phase, "AnalysisFailed", "error-rate 0.2 > 0.05");

        RevisionConditions.apply(status, Role.Other, "fraud-r1", 1L, NOW);

        assertCondition(status, "Stalled", "True", "AnalysisFailed");
        assertCondition(status, "Degraded", "True", "AnalysisFailed");
        assertThat(condition(status, "Stalled").getMessage()).isEqualTo(phase.name() + ": error-rate 0.2 > 0.05");
        assertCondition(status, "Reconciling", "False", phase.name());
        assertCondition(status, "Ready", "False", "AnalysisFailed");
    }

    @Test
    void applyingTheSameFactsTwiceChangesNothing() {
        ModelRevisionStatus once = recorded(RevisionPhase.Promoted, "Promoted", "now the stable revision");
        RevisionConditions.apply(once, Role.Replaced, "fraud-r3", 1L, NOW);
        String before = once.getConditions().toString();

        RevisionConditions.apply(once, Role.Replaced, "fraud-r3", 1L, LATER);

        assertThat(once.getConditions().toString()).isEqualTo(before);
    }
}
