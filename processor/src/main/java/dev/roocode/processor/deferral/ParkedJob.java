package dev.roocode.processor.deferral;

import dev.roocode.core.trace.TraceParent;
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
    /**
     * Between a key's requestId and the trace it keeps: the ASCII unit separator, a control character no requestId
     * may contain, so a key is never misread and keys still sort by deadline, then requestId.
     */
    private static final char TRACE_SEPARATOR = '\u001f';

    /**
     * Key of a parked job in the {@code deferred-jobs} and {@code outage-waits} stores: its deadline (or limit) in
     * zero-padded epoch milliseconds, then its requestId, so keys iterate earliest deadline first; then, when
     * {@code trace} is not null, the separator and the {@code traceparent} of the hop that parked it, which the
     * release continues. The trace goes in the key, not the value, so the values keep their format: a key written
     * before traces were kept (no separator) reads as a job without one, and a processor of that older version still
     * reads the keys written now (it parses only the deadline).
     */
    public static String key(long deadlineMs, String requestId, TraceParent trace) {
        String key = String.format("%016d/%s", deadlineMs, requestId);
        return trace == null ? key : key + TRACE_SEPARATOR + trace.header();
    }

    /** The deadline a {@link #key} encodes. */
    public static long deadlineOf(String key) {
        return Long.parseLong(key, 0, 16, 10);
    }

    /** The trace a {@link #key} keeps, or null when it keeps none (a key of the older format) or a malformed one. */
    public static TraceParent traceOf(String key) {
        int at = key.indexOf(TRACE_SEPARATOR);
        return at < 0 ? null : TraceParent.parse(key.substring(at + 1));
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
