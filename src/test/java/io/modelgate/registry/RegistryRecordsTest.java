package io.modelgate.registry;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.modelgate.api.GateVerdict;
import io.modelgate.api.ModelRevision;
import io.modelgate.api.ModelRevisionSpec;
import io.modelgate.api.ModelRevisionStatus;
import io.modelgate.api.PhaseTransition;
import io.modelgate.api.RegistryRecordStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryRecordsTest {

    static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    static final RegistrySettings SETTINGS = new RegistrySettings(Optional.empty(), Duration.ofMinutes(5));

    @ParameterizedTest(name = "{0} through {1}, version {2}, alias {3}, outcome {4}, serves {5}: {6}")
    @CsvSource(nullValues = "-", value = {
            // A revision that never passed its gates owes nothing.
            "Evaluating, Training,   -, -, -, false, -",
            "Rejected,   Evaluating, -, -, -, false, -",
            "Superseded, Training,   -, -, -, false, -",
            // Passed: a version first, whatever came after.
            "Queued,     Queued,     -, -, -, false, CreateVersion",
            "RollingOut, RollingOut, -, -, -, false, CreateVersion",
            "Promoted,   RollingOut, -, -, -, true,  CreateVersion",
            "RolledBack, RollingOut, -, -, -, false, CreateVersion",
            // Then the alias, only for the one that serves; then the outcome.
            "Promoted,   RollingOut, 3, -,        -,          true,  MoveAlias",
            "Promoted,   RollingOut, 3, champion, -,          true,  TagOutcome",
            "Promoted,   RollingOut, 3, -,        -,          false, TagOutcome",
            "Promoted,   RollingOut, 3, champion, Promoted,   true,  -",
            "RolledBack, RollingOut, 3, -,        -,          false, TagOutcome",
            "RolledBack, RollingOut, 3, -,        RolledBack, false, -",
            "Aborted,    RollingOut, 3, -,        -,          false, TagOutcome",
            "Superseded, Queued,     3, -,        -,          false, TagOutcome",
            "RollingOut, RollingOut, 3, -,        -,          false, -",
            // A retry after a rollback ends in another outcome: tagged again.
            "Promoted,   RollingOut, 3, -,        RolledBack, false, TagOutcome",
    })
    void theWriteDueFollowsThePhaseAndTheRecord(String phase, String passedThrough, String version, String alias, String outcome,
                                                boolean serves, String expected) {
        ModelRevision revision = revision(phase, passedThrough);
        if (version != null || alias != null || outcome != null) {
            RegistryRecordStatus record = new RegistryRecordStatus();
            record.setVersion(version);
            record.setAlias(alias);
            record.setOutcome(outcome);
            revision.getStatus().setRegistry(record);
        }
        assertThat(RegistryRecords.due(revision, serves)).isEqualTo(Optional.ofNullable(expected).map(RegistryWrite::valueOf));
    }

    @Test
    void theBackoffDoublesFromFiveSecondsUpToTheMaximum() {
        assertThat(SETTINGS.backoff(1, true)).isEqualTo(Duration.ofSeconds(5));
        assertThat(SETTINGS.backoff(2, true)).isEqualTo(Duration.ofSeconds(10));
        assertThat(SETTINGS.backoff(4, true)).isEqualTo(Duration.ofSeconds(40));
        assertThat(SETTINGS.backoff(7, true)).isEqualTo(Duration.ofMinutes(5));
        assertThat(SETTINGS.backoff(1000, true)).isEqualTo(Duration.ofMinutes(5));
        assertThat(SETTINGS.backoff(1, false)).as("a refusal waits the longest").isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aFailureKeepsTheWritePendingUntilItsNextAttempt() {
        RegistryRecordStatus record = new RegistryRecordStatus();
        Instant next = RegistryRecords.failed(record, RegistryWrite.CreateVersion, new RegistryAnswer.Failed("down", true), NOW, SETTINGS);
        next = RegistryRecords.failed(record, RegistryWrite.CreateVersion, new RegistryAnswer.Failed("still down", true), next, SETTINGS);

        assertThat(record.getPending()).isEqualTo("CreateVersion");
        assertThat(record.getAttempts()).isEqualTo(2);
        assertThat(record.getLastError()).isEqualTo("still down");
        assertThat(next).isEqualTo(NOW.plusSeconds(15));
        assertThat(RegistryRecords.notBefore(record, RegistryWrite.CreateVersion, NOW.plusSeconds(14))).contains(next);
        assertThat(RegistryRecords.notBefore(record, RegistryWrite.CreateVersion, NOW.plusSeconds(15))).isEmpty();
        assertThat(RegistryRecords.notBefore(record, RegistryWrite.MoveAlias, NOW)).as("another write is not held by this one's backoff").isEmpty();

        RegistryRequest request = RegistryRecords.request(revision("RollingOut", "RollingOut"), RegistryWrite.CreateVersion,
                new RegistryTarget("http://mlflow:5000", "fraud", "ml", Optional.empty()), "champion");
        RegistryRecords.synced(record, request, new RegistryAnswer.Synced("7"), next);
        assertThat(record.getVersion()).isEqualTo("7");
        assertThat(record.getPending()).isNull();
        assertThat(record.getAttempts()).isNull();
        assertThat(record.getLastError()).isNull();
        assertThat(record.getNextAttemptTime()).isNull();
    }

    @Test
    void tagsSayWhoMadeTheVersionFromWhatAndHowItWasJudged() {
        ModelRevision revision = revision("RollingOut", "RollingOut");
        revision.getStatus().setMetrics(Map.of("auc", 0.947, "rows", 120000.0));
        revision.getStatus().setGates(new ArrayList<>(List.of(
                new GateVerdict(GateVerdict.Stage.Evaluation, "auc", GateVerdict.Result.Passed, 0.947, ">= 0.9", null, null),
                new GateVerdict(GateVerdict.Stage.Evaluation, "auc", GateVerdict.Result.Passed, 0.947, ">= stable 0.93", null, null))));

        Map<String, String> tags = RegistryTags.of(revision);

        assertThat(tags).containsEntry(RegistryTags.PIPELINE, "ml/fraud")
                .containsEntry(RegistryTags.REVISION, "fraud-r2")
                .containsEntry(RegistryTags.REVISION_UID, "uid-2")
                .containsEntry(RegistryTags.CONTENT_HASH, "sha256:abc")
                .containsEntry(RegistryTags.TRIGGER, "SpecChange")
                .containsEntry("metric.auc", "0.947")
                .containsEntry("metric.rows", "120000")
                .containsEntry("gate.Evaluation.auc", "Passed 0.947 (>= 0.9); Passed 0.947 (>= stable 0.93)");
    }

    @Test
    void tagsSayWhatDataTheModelWasTrainedOnAndWhatItWrote() {
        ModelRevision revision = revision("RollingOut", "RollingOut");
        assertThat(RegistryTags.of(revision)).as("nothing reported, nothing tagged")
                .doesNotContainKeys(RegistryTags.DATA_VERSION, RegistryTags.ARTIFACT_DIGEST, RegistryTags.RERUN_OF);

        revision.getStatus().setDataVersion("snap-41");
        revision.getStatus().setArtifactDigest("sha256:aa11");
        revision.getSpec().setRerunOf("fraud-r1");
        revision.getSpec().setSource(new io.modelgate.api.SourceSpec());
        revision.getSpec().getSource().setDataRef("s3://data/fraud/2026-11-01");

        assertThat(RegistryTags.of(revision)).containsEntry(RegistryTags.DATA_VERSION, "snap-41")
                .containsEntry(RegistryTags.ARTIFACT_DIGEST, "sha256:aa11")
                .containsEntry(RegistryTags.RERUN_OF, "fraud-r1")
                .containsEntry(RegistryTags.DATA_REF, "s3://data/fraud/2026-11-01");
    }

    @Test
    void aRequestNamesItsVersionAndAliasOnlyWhereTheyApply() {
        ModelRevision revision = revision("Promoted", "RollingOut");
        RegistryRecordStatus record = new RegistryRecordStatus();
        record.setVersion("4");
        revision.getStatus().setRegistry(record);
        RegistryTarget target = new RegistryTarget("http://mlflow:5000", "fraud", "ml", Optional.of("mlflow-token"));

        RegistryRequest alias = RegistryRecords.request(revision, RegistryWrite.MoveAlias, target, "champion");
        RegistryRequest outcome = RegistryRecords.request(revision, RegistryWrite.TagOutcome, target, "champion");

        assertThat(alias.version()).contains("4");
        assertThat(alias.alias()).contains("champion");
        assertThat(alias.key()).isEqualTo("registry:fraud-r2:MoveAlias");
        assertThat(outcome.tags()).containsExactly(Map.entry(RegistryTags.OUTCOME, "Promoted"));
        assertThat(outcome.alias()).isEmpty();
    }

    @Test
    void credentialsAreABearerTokenOrAUserAndPasswordAndNeverPrinted() {
        assertThat(RegistryCredentials.from("s", Map.of("token", "t0k\n")).authorization()).contains("Bearer t0k");
        assertThat(RegistryCredentials.from("s", Map.of("username", "u", "password", "p")).authorization()).contains("Basic dTpw");
        assertThat(RegistryCredentials.from("s", Map.of("token", "secret-value")).toString()).doesNotContain("secret-value");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RegistryCredentials.from("s", Map.of("user", "u")))
                .hasMessageContaining("Secret s has neither a key token nor keys username and password");
    }

    static ModelRevision revision(String phase, String passedThrough) {
        ModelRevision revision = new ModelRevision();
        revision.setMetadata(new ObjectMetaBuilder().withName("fraud-r2").withNamespace("ml").withUid("uid-2").build());
        ModelRevisionSpec spec = new ModelRevisionSpec();
        spec.setPipeline("fraud");
        spec.setNumber(2);
        spec.setContentHash("sha256:abc");
        spec.setTrigger(ModelRevisionSpec.Trigger.SpecChange);
        spec.setArtifactUri("s3://models/ml/fraud/2");
        revision.setSpec(spec);
        ModelRevisionStatus status = new ModelRevisionStatus();
        status.setPhase(phase);
        List<PhaseTransition> transitions = new ArrayList<>();
        for (String entered : List.of("Pending", "Training", passedThrough, phase)) {
            PhaseTransition transition = new PhaseTransition();
            transition.setPhase(entered);
            transitions.add(transition);
        }
        status.setTransitions(transitions);
        revision.setStatus(status);
        return revision;
    }
}
