package dev.roocode.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roocode.schemas.avro.DeadLetter;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.registry.InMemorySchemaRegistryClient;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {
    private final AvroSerde<DeadLetter> serde = new AvroSerde<>(DeadLetter.class, new InMemorySchemaRegistryClient());

    private static DeadLetter letter(String reason, int valueBytes) {
        return DeadLetter.newBuilder()
                .setRequestId("r1")
                .setSourceTopic("jobs")
                .setPartition(3)
                .setOffset(42)
                .setValue(ByteBuffer.wrap(new byte[valueBytes]))
                .setErrorClass(ErrorClass.INVALID_JOB)
                .setReason(reason)
                .setFailedAt(Instant.ofEpochMilli(1_795_000_000_000L))
                .build();
    }

    @Test
    void shouldWriteConfluentFramingAndReadItBack() {
        byte[] bytes = serde.serialize("t", letter("bad", 3));

        assertThat(bytes[0]).isZero();
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isPositive();
        assertThat(serde.deserialize("t", bytes)).isEqualTo(letter("bad", 3));
    }

    @Test
    void shouldKeepRecordsApartWhenTheBuffersAreReused() {
        byte[] large = serde.serialize("t", letter("large", 3_000_000)); // past the buffer kept between records
        byte[] small = serde.serialize("t", letter("small", 1));
        byte[] medium = serde.serialize("t", letter("medium", 5_000));

        assertThat(serde.deserialize("t", small)).isEqualTo(letter("small", 1));
        assertThat(serde.deserialize("t", large)).isEqualTo(letter("large", 3_000_000));
        assertThat(serde.deserialize("t", medium)).isEqualTo(letter("medium", 5_000));
        assertThat(small.length).isLessThan(100);
    }

    @Test
    void shouldNotLetARecordThatFailedHalfWayLeakIntoTheNext() {
        DeadLetter broken = letter("x".repeat(5_000), 10);
        broken.setSourceTopic(null); // a required field, after the buffered bytes of requestId

        assertThatThrownBy(() -> serde.serialize("t", broken))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("cannot encode DeadLetter for t");
        byte[] next = serde.serialize("t", letter("ok", 2));

        assertThat(serde.deserialize("t", next)).isEqualTo(letter("ok", 2));
    }

    @Test
    void shouldRefuseBytesThatAreNotOneRecord() {
        byte[] bytes = serde.serialize("t", letter("bad", 3));
        byte[] trailing =
                ByteBuffer.allocate(bytes.length + 1).put(bytes).put((byte) 7).array();

        assertThatThrownBy(() -> serde.deserialize("t", trailing))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("trailing");
        assertThatThrownBy(() -> serde.deserialize("t", new byte[] {1, 0, 0, 0, 1}))
                .hasMessageContaining("unknown magic byte 1");
        assertThat(serde.deserialize("t", bytes))
                .as("the reused decoder still reads after a failure")
                .isEqualTo(letter("bad", 3));
    }
}
