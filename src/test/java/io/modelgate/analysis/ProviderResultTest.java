package io.modelgate.analysis;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderResultTest {

    @Test
    void aFiniteNumberIsAValue() {
        assertThat(ProviderResult.of(0.05)).isEqualTo(new ProviderResult.Value(0.05));
        assertThat(ProviderResult.of(-0.0)).isEqualTo(new ProviderResult.Value(-0.0));
    }

    @Test
    void nanIsNoData() {
        assertThat(ProviderResult.of(Double.NaN)).isEqualTo(new ProviderResult.NoData("query returned NaN"));
        assertThat(ProviderResult.ofNullable(Double.NaN)).isInstanceOf(ProviderResult.NoData.class);
    }

    @Test
    void infinitiesAreValues() {
        assertThat(ProviderResult.of(Double.POSITIVE_INFINITY)).isEqualTo(new ProviderResult.Value(Double.POSITIVE_INFINITY));
        assertThat(ProviderResult.of(Double.NEGATIVE_INFINITY)).isEqualTo(new ProviderResult.Value(Double.NEGATIVE_INFINITY));
    }

    @Test
    void aValueRefusesNan() {
        assertThatThrownBy(() -> new ProviderResult.Value(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NoData");
    }

    @Test
    void nullIsNoData() {
        assertThat(ProviderResult.ofNullable(null)).isEqualTo(new ProviderResult.NoData("the value is null"));
        assertThat(ProviderResult.nullValue()).isEqualTo(new ProviderResult.NoData("the value is null"));
        assertThat(ProviderResult.ofNullable(0.5)).isEqualTo(new ProviderResult.Value(0.5));
    }

    @Test
    void anEmptyVectorIsNoData() {
        assertThat(ProviderResult.ofVector(List.of())).isEqualTo(new ProviderResult.NoData("empty vector"));
        assertThat(ProviderResult.ofVector(null)).isEqualTo(new ProviderResult.NoData("empty vector"));
        assertThat(ProviderResult.emptyVector()).isEqualTo(new ProviderResult.NoData("empty vector"));
    }

    @Test
    void aSingleSeriesVectorIsItsValue() {
        assertThat(ProviderResult.ofVector(List.of(0.25))).isEqualTo(new ProviderResult.Value(0.25));
        assertThat(ProviderResult.ofVector(List.of(Double.NaN))).isEqualTo(new ProviderResult.NoData("query returned NaN"));
        assertThat(ProviderResult.ofVector(Arrays.asList((Double) null))).isEqualTo(ProviderResult.nullValue());
        assertThat(ProviderResult.ofVector(List.of(Double.POSITIVE_INFINITY))).isEqualTo(new ProviderResult.Value(Double.POSITIVE_INFINITY));
    }

    @Test
    void severalSeriesAreAnError() {
        assertThat(ProviderResult.ofVector(List.of(0.1, 0.2)))
                .isEqualTo(new ProviderResult.Error("the query returned 2 series, expected exactly one"));
        assertThat(ProviderResult.ofVector(List.of(0.1, Double.NaN, 0.3))).isEqualTo(ProviderResult.multipleSeries(3));
    }

    @Test
    void aMissingJsonPointerIsNoData() {
        assertThat(ProviderResult.missingPointer("/data/error_rate"))
                .isEqualTo(new ProviderResult.NoData("nothing at JSON pointer /data/error_rate"));
    }

    @Test
    void transportFailuresAreErrors() {
        assertThat(ProviderResult.httpStatus(500, "internal server error")).isEqualTo(new ProviderResult.Error("HTTP 500: internal server error"));
        assertThat(ProviderResult.httpStatus(503, null)).isEqualTo(new ProviderResult.Error("HTTP 503"));
        assertThat(ProviderResult.timeout(Duration.ofSeconds(10))).isEqualTo(new ProviderResult.Error("timed out after 10s"));
        assertThat(ProviderResult.tooSlow(Duration.ofMillis(12_500), Duration.ofSeconds(10)))
                .isEqualTo(new ProviderResult.Error("answered after 12s500ms, past the 10s deadline"));
        assertThat(ProviderResult.unreachable("http://prometheus:9090", "connection refused"))
                .isEqualTo(new ProviderResult.Error("http://prometheus:9090 is unreachable: connection refused"));
        assertThat(ProviderResult.malformed("expected a JSON object")).isEqualTo(new ProviderResult.Error("malformed response: expected a JSON object"));
        assertThat(ProviderResult.malformed(" ")).isEqualTo(new ProviderResult.Error("malformed response"));
    }

    @Test
    void durationsReadAsInSpecs() {
        assertThat(ProviderResult.timeout(Duration.ofMinutes(90)).message()).isEqualTo("timed out after 1h30m");
        assertThat(ProviderResult.timeout(Duration.ofMillis(250)).message()).isEqualTo("timed out after 250ms");
        assertThat(ProviderResult.timeout(Duration.ZERO).message()).isEqualTo("timed out after 0s");
        assertThat(ProviderResult.timeout(Duration.ofNanos(5)).message()).isEqualTo("timed out after 5ns");
    }

    @Test
    void blankExplanationsGetADefault() {
        assertThat(new ProviderResult.NoData(null).why()).isEqualTo("no value");
        assertThat(new ProviderResult.NoData(" ").why()).isEqualTo("no value");
        assertThat(new ProviderResult.Error(null).message()).isEqualTo("unknown error");
        assertThat(ProviderResult.error("").message()).isEqualTo("unknown error");
        assertThat(ProviderResult.noData("x").why()).isEqualTo("x");
    }

    @Test
    void describeIsShortAndReadable() {
        assertThat(ProviderResult.of(0.022).describe()).isEqualTo("0.022");
        assertThat(ProviderResult.of(20).describe()).isEqualTo("20");
        assertThat(ProviderResult.of(1e300).describe()).isEqualTo("1.0E300");
        assertThat(ProviderResult.of(1e-9).describe()).isEqualTo("1.0E-9");
        assertThat(ProviderResult.of(Double.POSITIVE_INFINITY).describe()).isEqualTo("+Inf");
        assertThat(ProviderResult.of(Double.NEGATIVE_INFINITY).describe()).isEqualTo("-Inf");
        assertThat(ProviderResult.of(-0.0).describe()).isEqualTo("0");
        assertThat(ProviderResult.emptyVector().describe()).isEqualTo("no data: empty vector");
        assertThat(ProviderResult.httpStatus(500, null).describe()).isEqualTo("error: HTTP 500");
    }
}
