package dev.roocode.processor.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.schemas.avro.ProviderState;
import java.time.Instant;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ProviderStatsTest {
    private final Instant t0 = Instant.parse("2026-11-25T12:00:10Z");

    @Test
    void shouldCountBacklogAsDispatchedMinusFinished() {
        ProviderState state = ProviderStats.apply("a", null, dispatch(100), t0);
        state = ProviderStats.apply("a", state, dispatch(300), t0);
        assertThat(state.getBacklog()).isEqualTo(2);
        assertThat(state.getBacklogTokens()).isEqualTo(400);

        state = ProviderStats.apply("a", state, finish(false, 250, 800), t0.plusSeconds(1));
        assertThat(state.getBacklog()).isEqualTo(1);
        assertThat(state.getBacklogTokens()).as("less the backlog's mean per job").isEqualTo(200);
        assertThat(state.getRequestsInWindow()).isEqualTo(1);
        assertThat(state.getTokensInWindow()).isEqualTo(250);
        assertThat(state.getLatencyEwmaMs()).isEqualTo(800);

        state = ProviderStats.apply("a", state, finish(true, 0, 300), t0.plusSeconds(2));
        assertThat(state.getBacklog()).isZero();
        assertThat(state.getBacklogTokens()).isZero();
        assertThat(state.getLatencyEwmaMs()).isCloseTo(700, Offset.offset(1e-9));
        assertThat(state.getErrorRate()).isCloseTo(0.2, Offset.offset(1e-9));
    }

    @Test
    void shouldNeverGoBelowAnEmptyBacklog() {
        ProviderState state = ProviderStats.apply("a", null, finish(false, 10, 100), t0);
        assertThat(state.getBacklog()).isZero();
        assertThat(state.getBacklogTokens()).isZero();
    }

    @Test
    void shouldStartANewWindowEveryMinute() {
        ProviderState state = ProviderStats.apply("a", null, finish(false, 10, 100), t0);
        assertThat(state.getWindowStart()).isEqualTo(Instant.parse("2026-11-25T12:00:00Z"));
        state = ProviderStats.apply("a", state, finish(false, 10, 100), t0.plusSeconds(40));
        assertThat(state.getRequestsInWindow()).isEqualTo(2);
        state = ProviderStats.apply("a", state, finish(false, 10, 100), t0.plusSeconds(60));
        assertThat(state.getWindowStart()).isEqualTo(Instant.parse("2026-11-25T12:01:00Z"));
        assertThat(state.getRequestsInWindow()).isEqualTo(1);
        assertThat(state.getTokensInWindow()).isEqualTo(10);
    }

    @Test
    void shouldRoundTripDeltasThroughTheRepartitionSerde() {
        ProviderDelta delta = new ProviderDelta(null, false, 7, true, 123, 456);
        byte[] bytes = ProviderDelta.serde().serializer().serialize("t", delta);
        assertThat(ProviderDelta.serde().deserializer().deserialize("t", bytes)).isEqualTo(delta);
    }

    private static ProviderDelta dispatch(long tokens) {
        return new ProviderDelta("a", true, tokens, false, 0, 0);
    }

    private static ProviderDelta finish(boolean failed, long tokens, long latencyMs) {
        return new ProviderDelta("a", false, 0, failed, tokens, latencyMs);
    }
}
