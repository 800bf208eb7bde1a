package dev.roocode.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GoDurationTest {

    @Test
    void shouldFormatLikeOpenAiResetHeaders() {
        assertThat(GoDuration.format(0)).isEqualTo("0s");
        assertThat(GoDuration.format(120)).isEqualTo("120ms");
        assertThat(GoDuration.format(1000)).isEqualTo("1s");
        assertThat(GoDuration.format(59_500)).isEqualTo("59.5s");
        assertThat(GoDuration.format(360_000)).isEqualTo("6m0s");
        assertThat(GoDuration.format(3_723_040)).isEqualTo("1h2m3.04s");
    }
}
