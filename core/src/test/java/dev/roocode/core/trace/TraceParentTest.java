package dev.roocode.core.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TraceParentTest {
    private static final String SPEC_EXAMPLE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void shouldParseTheSpecsExampleIntoItsParts() {
        TraceParent trace = TraceParent.parse(SPEC_EXAMPLE);

        assertThat(trace.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(trace.parentId()).isEqualTo("00f067aa0ba902b7");
        assertThat(trace.sampled()).isTrue();
        assertThat(trace.header()).isEqualTo(SPEC_EXAMPLE);
    }

    @Test
    void shouldWriteEveryFlagsByteAsTwoLowercaseHexDigits() {
        for (int flags = 0; flags <= 0xff; flags++) {
            TraceParent trace = new TraceParent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", flags);

            assertThat(trace.header())
                    .endsWith("-" + String.format("%02x", flags))
                    .hasSize(55);
            assertThat(TraceParent.parse(trace.header())).isEqualTo(trace);
        }
    }

    @Test
    void shouldReadAFutureVersionByItsFirst55Characters() {
        TraceParent trace = TraceParent.parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-extra");

        assertThat(trace.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(trace.sampled()).isFalse();
        assertThat(trace.header()).startsWith("00-");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
            strings = {
                "",
                "garbage",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
                "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
                "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",
                "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01"
            })
    void shouldRefuseAMalformedHeaderAndStartAFreshTraceInstead(String value) {
        assertThat(TraceParent.parse(value)).isNull();

        TraceParent fresh = TraceParent.parseOrFresh(value);
        assertThat(TraceParent.parse(fresh.header())).isEqualTo(fresh);
    }

    @Test
    void shouldMakeValidDistinctFreshTraces() {
        TraceParent a = TraceParent.fresh();
        TraceParent b = TraceParent.fresh();

        assertThat(a.header()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(TraceParent.parse(a.header())).isEqualTo(a);
        assertThat(a.traceId()).isNotEqualTo(b.traceId());
    }

    @Test
    void shouldKeepTheTraceIdAndFlagsButTakeANewSpanIdInAChild() {
        TraceParent parent = TraceParent.parse(SPEC_EXAMPLE);

        TraceParent child = parent.child();

        assertThat(child.traceId()).isEqualTo(parent.traceId());
        assertThat(child.flags()).isEqualTo(parent.flags());
        assertThat(child.parentId()).isNotEqualTo(parent.parentId()).matches("[0-9a-f]{16}");
    }
}
