package io.modelgate.workload;

import io.modelgate.testing.Chars;
import io.modelgate.testing.Gen;
import io.modelgate.testing.Property;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Analysis Job names: deterministic (a restarted operator finds its Job), DNS labels, never longer than 63. */
class RevisionNamesTest {

    static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    @Test
    void aShortNameIsKeptWhole() {
        assertThat(RevisionNames.analysisJob("fraud-r2", "a1-step3", "error-rate", 4)).isEqualTo("fraud-r2-a1-step3-error-rate-4");
    }

    @Test
    void aNameOfExactly63IsKeptWholeAnd64IsShortened() {
        String revision = "p".repeat(40) + "-r1";                 // 43
        String run = "a1-step2";                                  // 8 -> 52 with the dash
        String metric63 = "m".repeat(63 - 52 - 1 - 2);            // "-<metric>-1"
        String exact = RevisionNames.analysisJob(revision, run, metric63, 1);
        String longer = RevisionNames.analysisJob(revision, run, metric63 + "m", 1);

        assertThat(exact).hasSize(63).isEqualTo(revision + "-" + run + "-" + metric63 + "-1");
        assertThat(longer).hasSizeLessThanOrEqualTo(63).isNotEqualTo(exact).endsWith("-1").matches(DNS_LABEL);
        assertThat(longer).startsWith(revision + "-" + run);
    }

    @Test
    void theLongestNamesTheApiAllowsFit() {
        // pipeline names <= 40, revision numbers up to int, run a<attempt>-postpromotion, metric names <= 63.
        String revision = "p".repeat(40) + "-r" + Integer.MAX_VALUE;
        String name = RevisionNames.analysisJob(revision, "a" + Integer.MAX_VALUE + "-postpromotion", "m".repeat(63), Integer.MAX_VALUE);

        assertThat(name).hasSizeLessThanOrEqualTo(63).matches(DNS_LABEL).endsWith("-" + Integer.MAX_VALUE);
    }

    @Test
    void aCutAtADashLeavesNoTrailingDash() {
        // The cut point falls right after "-" in each of these; the shortened name must still be a label.
        for (int pad = 0; pad < 20; pad++) {
            String revision = "p".repeat(20 + pad) + "-r1";
            String name = RevisionNames.analysisJob(revision, "a1-background", "x-y-z-".repeat(8) + "q", 7);
            assertThat(name).as("pad %d", pad).hasSizeLessThanOrEqualTo(63).matches(DNS_LABEL);
        }
    }

    @Test
    void alwaysADnsLabelOfAtMost63() {
        Property.tries(3000).forAll(revisions(), runs(), labels(), Gen.ints(1, Integer.MAX_VALUE), (revision, run, metric, n) -> {
            String name = RevisionNames.analysisJob(revision, run, metric, n);

            assertThat(name).hasSizeLessThanOrEqualTo(63).matches(DNS_LABEL).endsWith("-" + n);
            assertThat(name).startsWith(revision.substring(0, Math.min(revision.length(), 20)));
            if ((revision + "-" + run + "-" + metric + "-" + n).length() <= 63) {
                assertThat(name).isEqualTo(revision + "-" + run + "-" + metric + "-" + n);
            }
        });
    }

    @Test
    void deterministic() {
        Property.tries(1000).forAll(revisions(), runs(), labels(), Gen.ints(1, 10_000), (revision, run, metric, n) -> {
            assertThat(RevisionNames.analysisJob(revision, run, metric, n))
                    .isEqualTo(RevisionNames.analysisJob(new String(revision), new String(run), new String(metric), n));
        });
    }

    @Test
    void distinctForEveryMeasurementOfAMetric() {
        Property.tries(300).forAll(revisions(), runs(), labels(), (revision, run, metric) -> {
            Set<String> names = new HashSet<>();
            for (int n = 1; n <= 1200; n++) {
                assertThat(names.add(RevisionNames.analysisJob(revision, run, metric, n))).as("n = %d", n).isTrue();
            }
        });
    }

    Gen<String> labels() {
        Gen<String> middle = Gen.strings(Chars.range('a', 'z').with("09-"), 0, 61);
        return Gen.combine(Gen.strings(Chars.range('a', 'z'), 1, 1), middle, Gen.strings(Chars.range('a', 'z').with("09"), 1, 1),
                (a, b, c) -> a + b + c);
    }

    Gen<String> revisions() {
        Gen<String> pipeline = Gen.strings(Chars.range('a', 'z').with("-7"), 1, 40).filter(s -> s.matches(DNS_LABEL));
        return Gen.combine(pipeline, Gen.ints(1, Integer.MAX_VALUE), (p, number) -> RevisionNames.revision(p, number));
    }

    Gen<String> runs() {
        return Gen.combine(Gen.ints(1, 1000), Gen.of("background", "prepromotion", "postpromotion", "step1", "step12", "step50"),
                (attempt, purpose) -> "a" + attempt + "-" + purpose);
    }
}
