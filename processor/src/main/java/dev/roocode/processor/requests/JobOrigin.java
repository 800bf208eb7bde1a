package dev.roocode.processor.requests;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * A job record's topic, partition and offset as its client wrote it, so a dead letter names the jobs
 * topic's partition and offset even for a job that took the hop to its requestId's partition
 * (the intake's {@code JobPlacement} writes the headers read here).
 *
 * @param topic     the topic the client wrote to
 * @param partition its partition there
 * @param offset    its offset there
 */
public record JobOrigin(String topic, int partition, long offset) {
    /** The name of the hop topic of misplaced jobs (its full name is {@code <application.id>-<name>-repartition}). */
    public static final String HOP = "jobs-by-request-id";
    /** Header of a moved job: its partition on the jobs topic (4 bytes, big-endian). */
    public static final String ORIGIN_PARTITION = "roocode.jobs.partition";
    /** Header of a moved job: its offset on the jobs topic (8 bytes, big-endian). */
    public static final String ORIGIN_OFFSET = "roocode.jobs.offset";
    /**
     * Header of a moved job: the jobs topic it was written to (UTF-8), the shared one or a tenant's; absent on jobs
     * moved before tenant topics existed, which came from the shared one. It decides the job's tenant, so the hop
     * replaces whatever a client put there.
     */
    public static final String ORIGIN_TOPIC = "roocode.jobs.topic";
    /** The hop topic's name ends so: {@code <application.id>-<name>-repartition}. */
    private static final String HOP_TOPIC_SUFFIX = "-" + HOP + "-repartition";

    /**
     * Where {@code record} was read from a jobs topic: the origin its headers carry when it came through
     * the hop topic ({@code meta} names that), else {@code meta} itself.
     */
    public static JobOrigin of(Record<byte[], byte[]> record, RecordMetadata meta, String jobsTopic) {
        if (meta.topic().endsWith(HOP_TOPIC_SUFFIX)) {
            Header partition = record.headers().lastHeader(ORIGIN_PARTITION);
            Header offset = record.headers().lastHeader(ORIGIN_OFFSET);
            if (partition != null
                    && offset != null
                    && partition.value().length == Integer.BYTES
                    && offset.value().length == Long.BYTES) {
                Header topic = record.headers().lastHeader(ORIGIN_TOPIC);
                return new JobOrigin(
                        topic == null || topic.value() == null
                                ? jobsTopic
                                : new String(topic.value(), StandardCharsets.UTF_8),
                        ByteBuffer.wrap(partition.value()).getInt(),
                        ByteBuffer.wrap(offset.value()).getLong());
            }
        }
        return new JobOrigin(meta.topic(), meta.partition(), meta.offset());
    }
}
