package dev.roocode.processor.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.roocode.processor.router.TokenCalibration.Sample;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ProviderState;
import dev.roocode.schemas.avro.UsageEvent;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
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
        assertThat(state.getBacklogTokens())
                .as("less the backlog's mean per job")
                .isEqualTo(200);
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
    void shouldFoldASumLikeItsEventsOneByOne() {
        ProviderState before = ProviderStats.apply("a", null, dispatch(100), t0);
        before = ProviderStats.apply("a", before, finish(false, 50, 400), t0);
        ProviderDelta[] events = {
            dispatch(200), dispatch(300), finish(true, 10, 900), finish(false, 20, 0), finish(false, 30, 500)
        };

        ProviderState oneByOne = before;
        ProviderDelta sum = null;
        for (ProviderDelta event : events) {
            oneByOne = ProviderStats.apply("a", oneByOne, event, t0.plusSeconds(1));
            sum = sum == null ? event : sum.plus(event);
        }
        ProviderState summed = ProviderStats.apply("a", before, sum, t0.plusSeconds(1));

        assertThat(summed.getBacklog()).isEqualTo(oneByOne.getBacklog()).isZero();
        assertThat(summed.getBacklogTokens())
                .isEqualTo(oneByOne.getBacklogTokens())
                .isZero();
        assertThat(summed.getRequestsInWindow())
                .isEqualTo(oneByOne.getRequestsInWindow())
                .isEqualTo(4);
        assertThat(summed.getTokensInWindow())
                .isEqualTo(oneByOne.getTokensInWindow())
                .isEqualTo(110);
        // n observations of their mean: the same weight in all, not the same order
        assertThat(summed.getErrorRate())
                .isCloseTo((1.0 / 3) * (1 - Math.pow(0.8, 3)), Offset.offset(1e-9))
                .isCloseTo(oneByOne.getErrorRate(), Offset.offset(0.1));
        assertThat(summed.getLatencyEwmaMs())
                .isCloseTo(700 + (400 - 700) * 0.64, Offset.offset(1e-9))
                .isCloseTo(oneByOne.getLatencyEwmaMs(), Offset.offset(100.0));
    }

    @Test
    void shouldFoldASumOfOneExactlyLikeTheEvent() {
        ProviderState state = ProviderStats.apply("a", null, dispatch(100), t0);
        ProviderDelta event = finish(true, 10, 300);

        assertThat(ProviderStats.apply("a", state, event.plus(new ProviderDelta("a", 0, 0, 0, 0, 0, 0, 0)), t0))
                .isEqualTo(ProviderStats.apply("a", state, event, t0));
    }

    @Test
    void shouldRoundTripSumsThroughTheRepartitionSerde() {
        ProviderDelta sum = ProviderDelta.dispatch(null, 7).plus(ProviderDelta.finish(null, true, 123, 456));
        byte[] bytes = ProviderDelta.serde().serializer().serialize("t", sum);
        assertThat(bytes).hasSize(56);
        assertThat(ProviderDelta.serde().deserializer().deserialize("t", bytes))
                .isEqualTo(new ProviderDelta(null, 1, 7, 1, 1, 123, 456, 1));
    }

    @Test
    void shouldRoundTripPromptSamplesPerProviderModel() {
        ProviderDelta sum = finish(false, 10, 100)
                .withPrompts(Map.of("llama-3", Sample.of(140, 672)))
                .plus(finish(false, 10, 100)
                        .withPrompts(Map.of("llama-3", Sample.of(100, 480), "qwen", Sample.of(50, 60))));
        byte[] bytes = ProviderDelta.serde().serializer().serialize("t", sum);

        ProviderDelta read = ProviderDelta.serde().deserializer().deserialize("t", bytes);

        assertThat(read.prompts())
                .containsOnly(entry("llama-3", new Sample(240, 1152, 2)), entry("qwen", new Sample(50, 60, 1)));
        assertThat(read.finished()).isEqualTo(2);
        assertThatThrownBy(() ->
                        ProviderDelta.serde().deserializer().deserialize("t", Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldLearnThePromptRatioFromSuccessfulUsageWithAnEstimate() {
        UsageEvent usage = UsageEvent.newBuilder()
                .setProvider("a")
                .setRequestId("r1")
                .setModel("m")
                .setProviderModel("llama-3")
                .setSucceeded(true)
                .setInputTokens(672)
                .setOutputTokens(20)
                .setEstimatedInputTokens(140L)
                .setTimestamp(t0)
                .build();
        ProviderDelta delta = ProviderDelta.of(usage).orElseThrow();

        ProviderState state = ProviderStats.apply("a", null, delta, t0);

        assertThat(state.getPromptTokenRatios()).containsEntry("llama-3", 4.8);
        usage.setEstimatedInputTokens(null);
        assertThat(ProviderDelta.of(usage).orElseThrow().prompts())
                .as("no estimate: no observation")
                .isEmpty();
    }

    @Test
    void shouldNotCountAJobDrainedFromARemovedProviderAsItsFailure() {
        // a removed or deactivated provider's queued job is reported NO_ROUTE with no call: nothing about its health
        UsageEvent drained = UsageEvent.newBuilder()
                .setProvider("a")
                .setRequestId("r1")
                .setModel("m")
                .setSucceeded(false)
                .setErrorClass(ErrorClass.NO_ROUTE)
                .setInputTokens(0)
                .setOutputTokens(0)
                .setLatencyMs(0)
                .setTimestamp(t0)
                .build();
        UsageEvent outage = UsageEvent.newBuilder(drained)
                .setErrorClass(ErrorClass.PROVIDER_UNAVAILABLE)
                .build();

        assertThat(ProviderDelta.of(drained).orElseThrow().failed()).isZero();
        assertThat(ProviderDelta.of(outage).orElseThrow().failed()).isEqualTo(1);
    }

    @Test
    void shouldDecodeTheSingleEventEncodingThatAnOlderProcessorWrote() {
        byte[] old = ByteBuffer.allocate(34)
                .put((byte) 0)
                .putLong(0)
                .put((byte) 1)
                .putLong(123)
                .putLong(456)
                .array();
        assertThat(ProviderDelta.serde().deserializer().deserialize("t", old))
                .isEqualTo(ProviderDelta.finish(null, true, 123, 456));
        assertThatThrownBy(() -> ProviderDelta.serde().deserializer().deserialize("t", new byte[12]))
                .isInstanceOf(SerializationException.class);
    }

    private static ProviderDelta dispatch(long tokens) {
        return ProviderDelta.dispatch("a", tokens);
    }

    private static ProviderDelta finish(boolean failed, long tokens, long latencyMs) {
        return ProviderDelta.finish("a", failed, tokens, latencyMs);
    }
}
