package dev.roocode.processor.deferral;

import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.serde.AvroSerde;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A job waiting in the router for cheaper room (see {@link dev.roocode.processor.router.Deferral}),
 * with its prompt tokens as counted at intake so a release pass does not tokenize it again.
 *
 * @param inputTokens prompt tokens
 * @param job         the job as submitted
 */
public record ParkedJob(long inputTokens, Job job) {
    /** Key of a parked job: its deadline in zero-padded epoch milliseconds, then its requestId, so keys iterate earliest deadline first. */
    public static String key(long deadlineMs, String requestId) {
        return String.format("%016d/%s", deadlineMs, requestId);
    }

    /** The deadline a {@link #key} encodes. */
    public static long deadlineOf(String key) {
        return Long.parseLong(key, 0, 16, 10);
    }

    /** 8 bytes of prompt tokens, then the job in the jobs topic's own wire format. Internal to the changelog. */
    public static Serde<ParkedJob> serde(AvroSerde<Job> jobs, String jobsTopic) {
        return Serdes.serdeFrom(
                (topic, parked) -> {
                    if (parked == null) {
                        return null;
                    }
                    byte[] job = jobs.serialize(jobsTopic, parked.job());
                    return ByteBuffer.allocate(8 + job.length)
                            .putLong(parked.inputTokens())
                            .put(job)
                            .array();
                },
                (topic, bytes) -> bytes == null
                        ? null
                        : new ParkedJob(
                                ByteBuffer.wrap(bytes).getLong(),
                                jobs.deserialize(jobsTopic, Arrays.copyOfRange(bytes, 8, bytes.length))));
    }
}
