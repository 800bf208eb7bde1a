package dev.roocode.processor.spend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roocode.processor.router.BatchCandidates;
import dev.roocode.schemas.avro.UsageEvent;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class SpendDeltaTest {
    private final Serde<SpendDelta> serde = SpendDelta.serde();

    @Test
    void shouldRoundTripSumsWithTheirTimeThroughTheRepartitionSerde() {
        SpendDelta sum =
                SpendDelta.dispatch(0.5, 1_795_000_000_100L).plus(SpendDelta.finish(0.25, 3, 4, 1_795_000_000_123L));

        byte[] bytes = serde.serializer().serialize("t", sum);

        assertThat(bytes).hasSize(56);
        assertThat(serde.deserializer().deserialize("t", bytes))
                .isEqualTo(new SpendDelta(1, 0.5, 1, 0.25, 3, 4, 1_795_000_000_123L));
    }

    @Test
    void shouldDecodeTheSingleEventEncodingsThatOlderProcessorsWrote() {
        byte[] withTime = ByteBuffer.allocate(41)
                .put((byte) 1)
                .putDouble(0.5)
                .putDouble(0)
                .putLong(0)
                .putLong(0)
                .putLong(77)
                .array();
        byte[] withoutTime = ByteBuffer.allocate(33)
                .put((byte) 0)
                .putDouble(0)
                .putDouble(0.25)
                .putLong(3)
                .putLong(4)
                .array();

        assertThat(serde.deserializer().deserialize("t", withTime)).isEqualTo(SpendDelta.dispatch(0.5, 77));
        assertThat(serde.deserializer().deserialize("t", withoutTime)).isEqualTo(SpendDelta.finish(0.25, 3, 4, 0));
    }

    @Test
    void shouldRefuseBytesOfAnyOtherLength() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[12]))
                .isInstanceOf(SerializationException.class);
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void shouldCountAnAttemptUnderItsBatchTenantAndProviderAndABatchCandidateUnderItsProvider() {
        UsageEvent usage = UsageEvent.newBuilder()
                .setProvider("sim")
                .setRequestId("b1/1")
                .setBatchId("b1")
                .setTenant("acme")
                .setModel("chat")
                .setSucceeded(true)
                .setCostUsd(0.25)
                .setTimestamp(Instant.EPOCH)
                .build();
        List<SpendDelta.Scoped> scoped = SpendDelta.of(usage, 1_000);

        assertThat(scoped)
                .extracting(SpendDelta.Scoped::scope)
                .containsExactly("batch:b1", "tenant:acme", "provider:sim");
        assertThat(scoped).extracting(s -> s.delta().costUsd()).containsOnly(0.25);

        usage.setProvider("sim" + BatchCandidates.SUFFIX);
        usage.setBatchId(null);
        usage.setTenant(null);
        assertThat(SpendDelta.of(usage, 1_000))
                .extracting(SpendDelta.Scoped::scope)
                .containsExactly("provider:sim");
    }
}
