package io.modelgate.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableTest {

    @Test
    void columnsAreAlignedThreeSpacesApartWithoutTrailingBlanks() {
        String table = new Table("NAME", "PHASE", "METRIC")
                .row("fraud-r10", "Promoted", "auc=0.947")
                .row("r2", null, "")
                .render();

        assertThat(table).isEqualTo("""
                NAME        PHASE      METRIC
                fraud-r10   Promoted   auc=0.947
                r2
                """);
    }

    @Test
    void lineBreaksInCellsBecomeSpacesAndShortRowsAreFilled() {
        String table = new Table("A", "B").row("x\n  y").render();

        assertThat(table).isEqualTo("A     B\nx y\n");
        assertThatThrownBy(() -> new Table("A").row("1", "2")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void agesFollowKubectl() {
        assertThat(Ages.human(Duration.ofSeconds(-3))).isEqualTo("0s");
        assertThat(Ages.human(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Ages.human(Duration.ofSeconds(119))).isEqualTo("119s");
        assertThat(Ages.human(Duration.ofSeconds(200))).isEqualTo("3m20s");
        assertThat(Ages.human(Duration.ofMinutes(4))).isEqualTo("4m");
        assertThat(Ages.human(Duration.ofMinutes(25))).isEqualTo("25m");
        assertThat(Ages.human(Duration.ofMinutes(5 * 60 + 30))).isEqualTo("5h30m");
        assertThat(Ages.human(Duration.ofHours(20))).isEqualTo("20h");
        assertThat(Ages.human(Duration.ofHours(3 * 24 + 4))).isEqualTo("3d4h");
        assertThat(Ages.human(Duration.ofDays(40))).isEqualTo("40d");
        assertThat(Ages.human(Duration.ofDays(2 * 365 + 10))).isEqualTo("2y10d");
        Instant now = Instant.parse("2026-11-26T08:10:00Z");
        assertThat(Ages.age("2026-11-26T08:06:00Z", now)).isEqualTo("4m");
        assertThat(Ages.age("2026-11-26T09:06:00+01:00", now)).isEqualTo("4m");
        assertThat(Ages.age("yesterday", now)).isEmpty();
        assertThat(Ages.age(null, now)).isEmpty();
    }

    @Test
    void numbersWithoutBinaryNoise() {
        assertThat(Ages.number(null)).isEmpty();
        assertThat(Ages.number(0.947)).isEqualTo("0.947");
        assertThat(Ages.number(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(Ages.number(100000.0)).isEqualTo("100000");
        assertThat(Ages.number(-2.0)).isEqualTo("-2");
        assertThat(Ages.number(1e-7)).isEqualTo("1.0E-7");
        assertThat(Ages.number(Double.NaN)).isEqualTo("NaN");
    }
}
