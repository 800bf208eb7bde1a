package dev.roocode.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DirectivesTest {

    @Test
    void shouldTreatOrdinaryModelNamesAsInstant() {
        assertThat(Directives.parse("gpt-4o-mini")).isEqualTo(Directives.INSTANT);
        assertThat(Directives.parse("simple-model")).isEqualTo(Directives.INSTANT);
        assertThat(Directives.parse("sim")).isEqualTo(Directives.INSTANT);
    }

    @Test
    void shouldServeNamesThatOnlyStartWithSimAsOrdinaryModels() {
        // llm-d's own deployments and files name their simulated models like this
        assertThat(Directives.parse("sim-model")).isEqualTo(Directives.INSTANT);
        assertThat(Directives.parse("sim-model-b")).isEqualTo(Directives.INSTANT);
        assertThat(Directives.parse("sim-fast")).isEqualTo(Directives.INSTANT);
        assertThat(Directives.parse("SIM-Model-B")).isEqualTo(Directives.INSTANT);
    }

    @Test
    void shouldParseCombinedDirectives() {
        Directives directives = Directives.parse("sim-latency-200-jitter-50-flaky-10-rpm-60-tpm-1000");

        assertThat(directives.latencyMs()).isEqualTo(200);
        assertThat(directives.jitterMs()).isEqualTo(50);
        assertThat(directives.flakyPct()).isEqualTo(10);
        assertThat(directives.rpm()).isEqualTo(60);
        assertThat(directives.tpm()).isEqualTo(1000);
    }

    @Test
    void shouldParseFlagDirectives() {
        assertThat(Directives.parse("sim-slow").latencyMs()).isEqualTo(2000);
        assertThat(Directives.parse("sim-429").always429()).isTrue();
        assertThat(Directives.parse("sim-down").down()).isTrue();
        assertThat(Directives.parse("sim-timeout").timeout()).isTrue();
        assertThat(Directives.parse("sim-malformed-5-reset-7"))
                .extracting(Directives::malformedPct, Directives::resetPct)
                .containsExactly(5, 7);
    }

    @Test
    void shouldRejectUnknownOrIncompleteDirectivesNamingEachProblem() {
        assertThatThrownBy(() -> Directives.parse("sim-slow-fast-flaky"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown directive 'fast'")
                .hasMessageContaining("'flaky' needs a number");
        assertThatThrownBy(() -> Directives.parse("sim-flaky-150")).hasMessageContaining("over 100 percent");
        assertThatThrownBy(() -> Directives.parse("sim-latency-")).hasMessageContaining("'latency' needs a number");
    }

    @Test
    void shouldNameTheValidDirectivesWhenADirectiveNameDoesNotParse() {
        assertThatThrownBy(() -> Directives.parse("sim-rpm-60-modle-b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown directive 'modle'")
                .hasMessageContaining(
                        "slow, latency-<ms>, jitter-<ms>, flaky-<pct>, 429, rpm-<n>, tpm-<n>, malformed-<pct>, down, timeout, reset-<pct>");
    }
}
