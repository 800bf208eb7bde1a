package dev.roocode.cli.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
    private final DurationConverter converter = new DurationConverter();

    @Test
    void shouldPrintADurationTheWayAUserTypesIt() {
        assertThat(DurationConverter.format(converter.convert("90s"))).isEqualTo("1m30s");
        assertThat(DurationConverter.format(converter.convert("30m"))).isEqualTo("30m");
        assertThat(DurationConverter.format(converter.convert("PT2H"))).isEqualTo("2h");
        assertThat(DurationConverter.format(converter.convert("500ms"))).isEqualTo("500ms");
        assertThat(DurationConverter.format(Duration.ofMillis(2_500))).isEqualTo("2s500ms");
        assertThat(DurationConverter.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(DurationConverter.format(Duration.ofSeconds(-5))).isEqualTo("-5s");
    }

    @Test
    void shouldRefuseANegativeDuration() {
        assertThatThrownBy(() -> converter.convert("-5s"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("'-5s' is negative; use e.g. 90s, 30m, 2h");
        assertThatThrownBy(() -> converter.convert("PT-5S")).isInstanceOf(TypeConversionException.class);
        assertThat(converter.convert("0s")).isZero();
    }
}
