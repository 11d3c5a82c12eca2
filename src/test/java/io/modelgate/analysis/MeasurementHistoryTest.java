package io.modelgate.analysis;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.modelgate.analysis.Analyses.history;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MeasurementHistoryTest {

    @Test
    void keepsTheLastTenInOrder() {
        List<Measurement> all = history("SSSFFFIIIEEE");
        List<Measurement> shown = List.of();
        for (Measurement m : all) {
            shown = MeasurementHistory.append(shown, m);
        }

        assertThat(shown).hasSize(10).containsExactlyElementsOf(all.subList(2, 12));
    }

    @Test
    void shorterHistoriesAreKeptWhole() {
        List<Measurement> all = history("SF");

        assertThat(MeasurementHistory.append(all.subList(0, 1), all.get(1))).containsExactlyElementsOf(all);
        assertThat(MeasurementHistory.append(null, all.get(0))).containsExactly(all.get(0));
    }

    @Test
    void theResultIsANewUnmodifiableList() {
        List<Measurement> mine = new ArrayList<>(history("S"));
        List<Measurement> appended = MeasurementHistory.append(mine, history("F").get(0));

        assertThat(mine).hasSize(1);
        assertThatThrownBy(() -> appended.add(history("S").get(0))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void keepIsBounded() {
        Measurement m = history("S").get(0);

        assertThat(MeasurementHistory.append(history("SSS"), m, 0)).isEmpty();
        assertThat(MeasurementHistory.append(history("SSS"), m, 1)).containsExactly(m);
        assertThatThrownBy(() -> MeasurementHistory.append(List.of(), m, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(MeasurementHistory.DEFAULT_KEEP).isEqualTo(10);
    }
}
