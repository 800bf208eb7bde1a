package dev.roocode.processor.spend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class SpendDeltaTest {
    private final Serde<SpendDelta> serde = SpendDelta.serde();

    @Test
    void shouldRoundTripDeltasWithTheirTimeThroughTheRepartitionSerde() {
        SpendDelta delta = new SpendDelta(true, 0.5, 0.25, 3, 4, 1_795_000_000_123L);

        byte[] bytes = serde.serializer().serialize("t", delta);

        assertThat(bytes).hasSize(41);
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(delta);
    }

    @Test
    void shouldDecodeTheEncodingWithoutATimeThatAnOlderProcessorWrote() {
        byte[] old = ByteBuffer.allocate(33).put((byte) 0).putDouble(0.5).putDouble(0.25).putLong(3).putLong(4).array();

        assertThat(serde.deserializer().deserialize("t", old)).isEqualTo(new SpendDelta(false, 0.5, 0.25, 3, 4, 0));
    }

    @Test
    void shouldRefuseBytesOfAnyOtherLength() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[12])).isInstanceOf(SerializationException.class);
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }
}
