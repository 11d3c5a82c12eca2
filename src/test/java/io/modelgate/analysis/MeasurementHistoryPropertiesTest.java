package io.modelgate.analysis;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.List;

import static io.modelgate.analysis.Analyses.history;
import static org.assertj.core.api.Assertions.assertThat;

class MeasurementHistoryPropertiesTest {

    @Property(tries = 1000)
    void appendingOneByOneKeepsTheLastOnesInOrder(@ForAll("phaseLists") List<MeasurementPhase> phases,
                                                  @ForAll @IntRange(min = 0, max = 12) int keep) {
        List<Measurement> all = history(phases);
        List<Measurement> shown = List.of();
        for (Measurement m : all) {
            shown = MeasurementHistory.append(shown, m, keep);
            assertThat(shown.size()).isLessThanOrEqualTo(keep);
        }

        assertThat(shown).containsExactlyElementsOf(all.subList(Math.max(0, all.size() - keep), all.size()));
    }

    @Provide
    Arbitrary<List<MeasurementPhase>> phaseLists() {
        return Analyses.phaseLists(30);
    }
}
