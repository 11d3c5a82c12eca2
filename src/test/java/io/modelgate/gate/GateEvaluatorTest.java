package io.modelgate.gate;

import io.modelgate.api.Gate;
import io.modelgate.api.GateVerdict;
import io.modelgate.api.GateVerdict.Result;
import io.modelgate.api.GateVerdict.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.modelgate.gate.Gates.gate;
import static io.modelgate.gate.Gates.max;
import static io.modelgate.gate.Gates.min;
import static io.modelgate.gate.Gates.mustBeat;
import static io.modelgate.gate.Gates.report;
import static io.modelgate.gate.Gates.stable;
import static org.assertj.core.api.Assertions.assertThat;

class GateEvaluatorTest {

    private static final Optional<Baseline> NO_BASELINE = Optional.empty();

    private static GateVerdict judge(Gate gate, MetricsReport report) {
        return GateEvaluator.evaluate(Stage.Evaluation, gate, report, NO_BASELINE);
    }

    private static GateVerdict judge(Gate gate, double value) {
        return judge(gate, report(Map.of(gate.getMetric(), value)));
    }

    // ---- absolute bounds ----
    @ParameterizedTest
    @CsvSource({"0.9", "0.8", "1e9"})
    void minOnlyPassesAtOrAboveTheBound(double value) {
        GateVerdict verdict = judge(min("auc", 0.8), value);

        assertThat(verdict.getResult()).isEqualTo(Result.Passed);
        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.getReason()).isEqualTo("WithinBounds");
        assertThat(verdict.getObserved()).isEqualTo(value);
        assertThat(verdict.getBound()).isEqualTo(">= 0.8");
        assertThat(verdict.getMetric()).isEqualTo("auc");
        assertThat(verdict.getStage()).isEqualTo(Stage.Evaluation);
        assertThat(verdict.getMessage()).isEqualTo("auc=" + GateEvaluator.format(value) + " meets >= 0.8");
    }

    @Test
    void minOnlyFailsBelowTheBound() {
        GateVerdict verdict = judge(min("auc", 0.8), 0.79);

        assertThat(verdict.getResult()).isEqualTo(Result.Failed);
        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.getReason()).isEqualTo("BelowMin");
        assertThat(verdict.getObserved()).isEqualTo(0.79);
        assertThat(verdict.getBound()).isEqualTo(">= 0.8");
        assertThat(verdict.getMessage()).isEqualTo("auc=0.79 is below min 0.8");
    }

    @Test
    void minFailsForTheNextDoubleBelowTheBound() {
        GateVerdict verdict = judge(min("auc", 0.8), Math.nextDown(0.8));

        assertThat(verdict.passed()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"0.1", "0.25", "-5"})
    void maxOnlyPassesAtOrBelowTheBound(double value) {
        GateVerdict verdict = judge(max("loss", 0.25), value);

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.getReason()).isEqualTo("WithinBounds");
        assertThat(verdict.getBound()).isEqualTo("<= 0.25");
    }

    @Test
    void maxOnlyFailsAboveTheBound() {
        GateVerdict verdict = judge(max("loss", 0.25), 0.3);

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.getReason()).isEqualTo("AboveMax");
        assertThat(verdict.getObserved()).isEqualTo(0.3);
        assertThat(verdict.getMessage()).isEqualTo("loss=0.3 is above max 0.25");
    }

    @Test
    void maxFailsForTheNextDoubleAboveTheBound() {
        assertThat(judge(max("loss", 0.25), Math.nextUp(0.25)).passed()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "0.1,  true,  WithinBounds",
            "0.5,  true,  WithinBounds",
            "0.9,  true,  WithinBounds",
            "0.09, false, BelowMin",
            "0.91, false, AboveMax",
    })
    void minAndMaxAreInclusive(double value, boolean passes, String reason) {
        GateVerdict verdict = judge(gate("null_fraction", 0.1, 0.9), value);

        assertThat(verdict.passed()).isEqualTo(passes);
        assertThat(verdict.getReason()).isEqualTo(reason);
        assertThat(verdict.getBound()).isEqualTo(">= 0.1 and <= 0.9");
    }

    @Test
    void minEqualToMaxAcceptsExactlyThatValue() {
        Gate exact = gate("rows", 100.0, 100.0);

        assertThat(judge(exact, 100).passed()).isTrue();
        assertThat(judge(exact, 99.999).passed()).isFalse();
        assertThat(judge(exact, 100.001).passed()).isFalse();
        assertThat(judge(exact, 100).getBound()).isEqualTo(">= 100 and <= 100");
    }

    @Test
    void negativeBoundsWork() {
        Gate gate = gate("drift", -1.0, -0.5);

        assertThat(judge(gate, -0.75).passed()).isTrue();
        assertThat(judge(gate, -1.5).getReason()).isEqualTo("BelowMin");
        assertThat(judge(gate, 0).getReason()).isEqualTo("AboveMax");
    }

    @Test
    void integerValuesAreFormattedWithoutFraction() {
        GateVerdict verdict = judge(min("rows", 1000.0), 999);

        assertThat(verdict.getMessage()).isEqualTo("rows=999 is below min 1000");
        assertThat(verdict.getBound()).isEqualTo(">= 1000");
    }

    // ---- never pass without a finite value ----
    @Test
    void missingMetricFailsAndNamesItAndWhatWasReported() {
        GateVerdict verdict = judge(min("auc", 0.8), report(Map.of("loss", 0.1, "f1", 0.7)));

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.getReason()).isEqualTo("MetricMissing");
        assertThat(verdict.getObserved()).isNull();
        assertThat(verdict.getMetric()).isEqualTo("auc");
        assertThat(verdict.getMessage()).startsWith("metric auc is missing from the report (reported: ")
                .contains("loss").contains("f1");
        assertThat(verdict.getBound()).isEqualTo(">= 0.8");
    }

    @Test
    void missingMetricFromAnEmptyReportSaysNothingNumericWasReported() {
        GateVerdict verdict = judge(max("loss", 1.0), MetricsReport.parse("{}"));

        assertThat(verdict.getReason()).isEqualTo("MetricMissing");
        assertThat(verdict.getMessage()).isEqualTo("metric loss is missing from the report (it reported no numeric metric)");
    }

    @Test
    void metricNamesAreCaseSensitive() {
        GateVerdict verdict = judge(min("AUC", 0.5), report(Map.of("auc", 0.9)));

        assertThat(verdict.getReason()).isEqualTo("MetricMissing");
    }

    @Test
    void nestedMetricIsFoundByItsDottedName() {
        MetricsReport report = MetricsReport.parse("{\"eval\":{\"auc\":0.9}}");

        assertThat(judge(min("eval.auc", 0.5), report).passed()).isTrue();
        assertThat(judge(min("auc", 0.5), report).getReason()).isEqualTo("MetricMissing");
        assertThat(judge(min("eval", 0.5), report).getReason()).isEqualTo("MetricMissing");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"0.95\"  | metric auc is the string \"0.95\", not a number",
            "true      | metric auc is a boolean, not a number",
            "null      | metric auc is null, not a number",
            "[0.95]    | metric auc is a array, not a number",
            "NaN       | metric auc is NaN, not a finite number",
            "Infinity  | metric auc is Infinity, not a finite number",
            "-Infinity | metric auc is -Infinity, not a finite number",
    })
    void nonNumericMetricFailsWithWhy(String json, String message) {
        MetricsReport report = MetricsReport.parse("{\"auc\":" + json + ",\"loss\":0.1}");
        // A max gate that any finite number would pass, or a min of -infinity-ish: still fails.
        GateVerdict verdict = judge(gate("auc", -Double.MAX_VALUE, Double.MAX_VALUE), report);

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.getReason()).isEqualTo("MetricNotNumeric");
        assertThat(verdict.getObserved()).isNull();
        assertThat(verdict.getMessage()).isEqualTo(message);
    }

    @Test
    void infinityFailsEvenAMinGateItWouldNumericallyExceed() {
        MetricsReport report = MetricsReport.parse("{\"auc\":Infinity}");

        assertThat(judge(min("auc", 0.5), report).passed()).isFalse();
        assertThat(judge(mustBeat("auc", Gate.Better.Higher, null), report).passed()).isFalse();
    }

    @Test
    void nanFailsAMustBeatGateWithoutBaseline() {
        MetricsReport report = MetricsReport.parse("{\"loss\":NaN}");

        GateVerdict verdict = judge(mustBeat("loss", Gate.Better.Lower, null), report);

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.getReason()).isEqualTo("MetricNotNumeric");
    }

    @Test
    void unreadableReportFailsEveryKindOfGate() {
        MetricsReport report = MetricsReport.parse("not json");
        List<Gate> gates = List.of(min("auc", 0.0), max("loss", 1e9), gate("f1", 0.0, 1.0),
                mustBeat("auc", Gate.Better.Higher, 1.0), mustBeat("loss", null, null));

        List<GateVerdict> verdicts = GateEvaluator.evaluate(Stage.Evaluation, gates, report, NO_BASELINE);

        assertThat(verdicts).hasSize(gates.size()).allSatisfy(verdict -> {
            assertThat(verdict.passed()).isFalse();
            assertThat(verdict.getReason()).isEqualTo("MetricsUnreadable");
            assertThat(verdict.getObserved()).isNull();
            assertThat(verdict.getMessage()).startsWith("metric " + verdict.getMetric() + " cannot be read: ")
                    .endsWith(report.error());
        });
        assertThat(GateEvaluator.allPassed(verdicts)).isFalse();
    }

    @Test
    void missingTerminationMessageFailsWithItsReason() {
        GateVerdict verdict = judge(min("auc", 0.5), MetricsReport.parse(null));

        assertThat(verdict.getReason()).isEqualTo("MetricsUnreadable");
        assertThat(verdict.getMessage()).isEqualTo("metric auc cannot be read: the Job's container wrote no termination message");
    }

    @Test
    void unreadableWinsOverStaleValuesInTheReport() {
        MetricsReport odd = new MetricsReport(Map.of("auc", 0.99), Map.of(), "broken");

        GateVerdict verdict = judge(min("auc", 0.5), odd);

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.getReason()).isEqualTo("MetricsUnreadable");
    }

    // ---- must beat stable ----
    private final Optional<Baseline> stableAuc = stable("iris-r3", Map.of("auc", 0.75, "loss", 0.5));

    private GateVerdict judgeAgainstStable(Gate gate, double value) {
        return GateEvaluator.evaluate(Stage.Evaluation, gate, report(Map.of(gate.getMetric(), value)), stableAuc);
    }

    @ParameterizedTest
    @CsvSource({"0.76, true", "0.75, true", "0.74, false"})
    void higherIsBetter(double value, boolean passes) {
        GateVerdict verdict = judgeAgainstStable(mustBeat("auc", Gate.Better.Higher, null), value);

        assertThat(verdict.passed()).isEqualTo(passes);
        assertThat(verdict.getBound()).isEqualTo(">= stable iris-r3 0.75");
        if (!passes) {
            assertThat(verdict.getReason()).isEqualTo("DidNotBeatStable");
            assertThat(verdict.getObserved()).isEqualTo(value);
            assertThat(verdict.getMessage()).isEqualTo("auc=0.74 does not beat stable revision iris-r3 (0.75, higher is better)");
        }
    }

    @ParameterizedTest
    @CsvSource({"0.76, true", "0.75, true", "0.74, false"})
    void higherIsTheDefaultDirection(double value, boolean passes) {
        GateVerdict verdict = judgeAgainstStable(mustBeat("auc", null, null), value);

        assertThat(verdict.passed()).isEqualTo(passes);
        assertThat(verdict.getBound()).isEqualTo(">= stable iris-r3 0.75");
    }

    @ParameterizedTest
    @CsvSource({"0.49, true", "0.5, true", "0.51, false"})
    void lowerIsBetter(double value, boolean passes) {
        GateVerdict verdict = judgeAgainstStable(mustBeat("loss", Gate.Better.Lower, null), value);

        assertThat(verdict.passed()).isEqualTo(passes);
        assertThat(verdict.getBound()).isEqualTo("<= stable iris-r3 0.5");
        if (!passes) {
            assertThat(verdict.getReason()).isEqualTo("DidNotBeatStable");
            assertThat(verdict.getMessage()).isEqualTo("loss=0.51 does not beat stable revision iris-r3 (0.5, lower is better)");
        }
    }

    @ParameterizedTest
    @CsvSource({"0.75, true", "0.5, true", "0.49, false"})
    void higherIsBetterWithTolerance(double value, boolean passes) {
        GateVerdict verdict = judgeAgainstStable(mustBeat("auc", Gate.Better.Higher, 0.25), value);

        assertThat(verdict.passed()).isEqualTo(passes);
        assertThat(verdict.getBound()).isEqualTo(">= stable iris-r3 0.75 - 0.25");
        if (!passes) {
            assertThat(verdict.getMessage()).isEqualTo(
                    "auc=0.49 does not beat stable revision iris-r3 (0.75, tolerance 0.25, higher is better)");
        }
    }

    @ParameterizedTest
    @CsvSource({"0.5, true", "0.75, true", "0.76, false"})
    void lowerIsBetterWithTolerance(double value, boolean passes) {
        GateVerdict verdict = judgeAgainstStable(mustBeat("loss", Gate.Better.Lower, 0.25), value);

        assertThat(verdict.passed()).isEqualTo(passes);
        assertThat(verdict.getBound()).isEqualTo("<= stable iris-r3 0.5 + 0.25");
    }

    // ---- champion/challenger: the stable model scored on the same holdout ----

    @ParameterizedTest
    @CsvSource({"0.70, 0.69, true", "0.70, 0.70, true", "0.70, 0.71, false"})
    void aFreshStableScoreIsTheBarInsteadOfTheRecordedOne(double candidate, double freshStable, boolean passes) {
        // Recorded 0.75 would fail 0.70; on today's holdout the stable model scores lower, and that is the fair bar.
        GateVerdict verdict = GateEvaluator.evaluate(Stage.Evaluation, mustBeat("auc", Gate.Better.Higher, null),
                report(Map.of("auc", candidate, "stable.auc", freshStable)), stableAuc);

        assertThat(verdict.passed()).isEqualTo(passes);
        assertThat(verdict.getStableScore()).isEqualTo(GateVerdict.StableScore.Fresh);
        assertThat(verdict.getStableObserved()).isEqualTo(freshStable);
        assertThat(verdict.getBound()).isEqualTo(">= stable iris-r3 " + GateEvaluator.format(freshStable) + " fresh, on the same holdout");
        if (!passes) {
            assertThat(verdict.getReason()).isEqualTo("DidNotBeatStable");
            assertThat(verdict.getMessage()).isEqualTo(
                    "auc=0.7 does not beat stable revision iris-r3 (0.71 fresh, on the same holdout, higher is better)");
        }
    }

    @Test
    void withoutAFreshStableScoreTheRecordedOneIsUsedAndSaidSo() {
        GateVerdict verdict = GateEvaluator.evaluate(Stage.Evaluation, mustBeat("auc", Gate.Better.Higher, null),
                report(Map.of("auc", 0.74, "stable.loss", 0.1)), stableAuc);

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.getStableScore()).isEqualTo(GateVerdict.StableScore.Recorded);
        assertThat(verdict.getStableObserved()).isEqualTo(0.75);
    }

    @Test
    void aFreshStableScoreWithoutAStableRevisionIsIgnored() {
        GateVerdict verdict = GateEvaluator.evaluate(Stage.Evaluation, mustBeat("auc", Gate.Better.Higher, null),
                report(Map.of("auc", 0.1, "stable.auc", 0.9)), Optional.empty());

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.getStableScore()).isNull();
        assertThat(verdict.getBound()).isEqualTo(">= stable (no stable revision yet)");
    }

    @Test
    void aFreshStableScoreThatIsNotANumberFallsBackToTheRecordedOne() {
        MetricsReport report = MetricsReport.parse("{\"auc\": 0.76, \"stable\": {\"auc\": \"n/a\"}}");

        GateVerdict verdict = GateEvaluator.evaluate(Stage.Evaluation, mustBeat("auc", Gate.Better.Higher, null), report, stableAuc);

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.getStableScore()).isEqualTo(GateVerdict.StableScore.Recorded);
        assertThat(verdict.getBound()).isEqualTo(">= stable iris-r3 0.75");
    }

    @Test
    void aMinOrMaxGateSaysNothingAboutAStableScore() {
        GateVerdict verdict = GateEvaluator.evaluate(Stage.Evaluation, Gates.min("auc", 0.5),
                report(Map.of("auc", 0.76, "stable.auc", 0.9)), stableAuc);

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.getStableScore()).isNull();
        assertThat(verdict.getStableObserved()).isNull();
    }

    @Test
    void zeroToleranceIsLeftOutOfTheBound() {
        GateVerdict verdict = judgeAgainstStable(mustBeat("auc", Gate.Better.Higher, 0.0), 0.74);

        assertThat(verdict.getBound()).isEqualTo(">= stable iris-r3 0.75");
        assertThat(verdict.getMessage()).doesNotContain("tolerance");
        assertThat(verdict.passed()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Gate.Better.class)
    void passesWhenNothingIsStableYet(Gate.Better better) {
        GateVerdict verdict = GateEvaluator.evaluate(Stage.Evaluation, mustBeat("auc", better, 0.1),
                report(Map.of("auc", -1000.0)), Optional.empty());

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.getReason()).isEqualTo("WithinBounds");
        assertThat(verdict.getBound()).isEqualTo((better == Gate.Better.Lower ? "<=" : ">=") + " stable (no stable revision yet)");
        assertThat(verdict.getMessage()).contains("no stable revision yet");
    }

    @Test
    void passesWhenTheStableRevisionRecordedNoSuchMetric() {
        GateVerdict verdict = GateEvaluator.evaluate(Stage.Evaluation, mustBeat("f1", Gate.Better.Higher, null),
                report(Map.of("f1", 0.01)), stableAuc);

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.getBound()).isEqualTo(">= stable (iris-r3 recorded no f1)");
    }

    @Test
    void baselineWithoutMetricsPasses() {
        GateVerdict verdict = GateEvaluator.evaluate(Stage.Evaluation, mustBeat("auc", Gate.Better.Lower, null),
                report(Map.of("auc", 0.5)), Optional.of(new Baseline("iris-r1", null)));

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.getBound()).isEqualTo("<= stable (iris-r1 recorded no auc)");
    }

    @Test
    void stillNeedsTheCandidateMetric() {
        GateVerdict verdict = GateEvaluator.evaluate(Stage.Evaluation, mustBeat("auc", Gate.Better.Higher, null),
                report(Map.of("loss", 0.1)), Optional.empty());

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.getReason()).isEqualTo("MetricMissing");
    }

    @Test
    void absoluteBoundsAreCheckedBeforeTheComparison() {
        Gate gate = mustBeat("auc", Gate.Better.Higher, null);
        gate.setMin(0.8);

        GateVerdict belowMinButBeatsStable = judgeAgainstStable(gate, 0.79);
        GateVerdict aboveMinButLosesToStable = GateEvaluator.evaluate(Stage.Evaluation, gate,
                report(Map.of("auc", 0.85)), stable("iris-r3", Map.of("auc", 0.9)));

        assertThat(belowMinButBeatsStable.getReason()).isEqualTo("BelowMin");
        assertThat(aboveMinButLosesToStable.getReason()).isEqualTo("DidNotBeatStable");
        assertThat(belowMinButBeatsStable.getBound()).isEqualTo(">= 0.8 and >= stable iris-r3 0.75");
    }

    @Test
    void aGateWithoutMustBeatIgnoresTheBaseline() {
        GateVerdict verdict = GateEvaluator.evaluate(Stage.Evaluation, min("auc", 0.1), report(Map.of("auc", 0.2)),
                stable("iris-r3", Map.of("auc", 0.99)));

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.getBound()).isEqualTo(">= 0.1");
    }

    @Test
    void realisticDecimalToleranceAtTheEdgePasses() {
        GateVerdict verdict = GateEvaluator.evaluate(Stage.Evaluation, mustBeat("accuracy", Gate.Better.Higher, 0.01),
                report(Map.of("accuracy", 0.94)), stable("r1", Map.of("accuracy", 0.95)));

        assertThat(verdict.passed()).isTrue();
    }

    @Test
    void candidateExactlyToleranceBehindStablePasses() {
        GateVerdict higher = GateEvaluator.evaluate(Stage.Evaluation, mustBeat("accuracy", Gate.Better.Higher, 0.1),
                report(Map.of("accuracy", 0.7)), stable("r1", Map.of("accuracy", 0.8)));
        GateVerdict lower = GateEvaluator.evaluate(Stage.Evaluation, mustBeat("loss", Gate.Better.Lower, 0.1),
                report(Map.of("loss", 0.8)), stable("r1", Map.of("loss", 0.7)));

        assertThat(higher.passed()).as(higher.getMessage()).isTrue();
        assertThat(lower.passed()).as(lower.getMessage()).isTrue();
    }

    // ---- lists ----
    @Test
    void emptyGateListGivesNoVerdictsAndPasses() {
        List<GateVerdict> verdicts = GateEvaluator.evaluate(Stage.Evaluation, List.of(), MetricsReport.parse("garbage"), NO_BASELINE);

        assertThat(verdicts).isEmpty();
        assertThat(GateEvaluator.allPassed(verdicts)).isTrue();
    }

    @Test
    void nullGateListGivesNoVerdicts() {
        assertThat(GateEvaluator.evaluate(Stage.DataValidation, (List<Gate>) null, MetricsReport.parse("{}"), NO_BASELINE)).isEmpty();
    }

    @Test
    void oneVerdictPerGateInOrderWithTheStage() {
        List<Gate> gates = List.of(min("rows", 1000.0), max("null_fraction", 0.05), min("rows", 10.0));
        MetricsReport report = MetricsReport.parse("{\"rows\":500,\"null_fraction\":0.01}");

        List<GateVerdict> verdicts = GateEvaluator.evaluate(Stage.DataValidation, gates, report, NO_BASELINE);

        assertThat(verdicts).extracting(GateVerdict::getMetric).containsExactly("rows", "null_fraction", "rows");
        assertThat(verdicts).extracting(GateVerdict::getResult).containsExactly(Result.Failed, Result.Passed, Result.Passed);
        assertThat(verdicts).extracting(GateVerdict::getStage).containsOnly(Stage.DataValidation);
        assertThat(GateEvaluator.allPassed(verdicts)).isFalse();
    }

    @Test
    void allPassedOnlyWhenEveryGatePasses() {
        MetricsReport report = MetricsReport.parse("{\"auc\":0.9,\"loss\":0.1}");

        assertThat(GateEvaluator.allPassed(GateEvaluator.evaluate(Stage.Evaluation,
                List.of(min("auc", 0.8), max("loss", 0.2)), report, NO_BASELINE))).isTrue();
        assertThat(GateEvaluator.allPassed(GateEvaluator.evaluate(Stage.Evaluation,
                List.of(min("auc", 0.8), max("loss", 0.05)), report, NO_BASELINE))).isFalse();
    }

    @Test
    void verdictToStringIsReadable() {
        GateVerdict verdict = judge(min("auc", 0.8), 0.5);

        assertThat(verdict.toString()).isEqualTo("Evaluation/auc=Failed(0.5) BelowMin");
    }

    // ---- formatting ----
    @ParameterizedTest
    @CsvSource({
            "0,        0",
            "-0.0,     0",
            "1,        1",
            "-3,       -3",
            "0.5,      0.5",
            "0.1,      0.1",
            "1e20,     1.0E20",
            "123456,   123456",
            "1.5e-7,   1.5E-7",
    })
    void formatsIntegersWithoutFraction(double value, String text) {
        assertThat(GateEvaluator.format(value)).isEqualTo(text);
    }
}
