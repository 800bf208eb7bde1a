package dev.roocode.processor.deferral;

import dev.roocode.schemas.avro.AttemptFailed;
import dev.roocode.schemas.serde.AvroSerde;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A job waiting out an outage of the only provider that can serve it (see
 * {@link OutageWaits}): the failed attempt that sent it here,
 * and when it started waiting.
 *
 * @param waitingSinceMs when the job parked (wall clock)
 * @param failure        the attempt failure that parked it, with the job and its history
 */
public record OutageWait(long waitingSinceMs, AttemptFailed failure) {
    /** 8 bytes of waitingSinceMs, then the failure in the fallback topic's own wire format. Internal to the changelog. */
    public static Serde<OutageWait> serde(AvroSerde<AttemptFailed> failures, String fallbackTopic) {
        return Serdes.serdeFrom(
                (topic, wait) -> {
                    if (wait == null) {
                        return null;
                    }
                    byte[] failure = failures.serialize(fallbackTopic, wait.failure());
                    return ByteBuffer.allocate(8 + failure.length)
                            .putLong(wait.waitingSinceMs())
                            .put(failure)
                            .array();
                },
                (topic, bytes) -> bytes == null
                        ? null
                        : new OutageWait(
                                ByteBuffer.wrap(bytes).getLong(),
                                failures.deserialize(fallbackTopic, Arrays.copyOfRange(bytes, 8, bytes.length))));
    }
}
