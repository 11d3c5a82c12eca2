package io.modelgate.analysis;

import io.modelgate.testing.Gen;
import io.modelgate.testing.Property;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.modelgate.analysis.Analyses.history;
import static org.assertj.core.api.Assertions.assertThat;

class MeasurementHistoryPropertiesTest {

    @Test
    void appendingOneByOneKeepsTheLastOnesInOrder() {
        Property.tries(1000).forAll(phaseLists(), Gen.ints(0, 12), (phases, keep) -> {
            List<Measurement> all = history(phases);
            List<Measurement> shown = List.of();
            for (Measurement m : all) {
                shown = MeasurementHistory.append(shown, m, keep);
                assertThat(shown.size()).isLessThanOrEqualTo(keep);
            }

            assertThat(shown).containsExactlyElementsOf(all.subList(Math.max(0, all.size() - keep), all.size()));
        });
    }

    Gen<List<MeasurementPhase>> phaseLists() {
        return Analyses.phaseLists(30);
    }
}
