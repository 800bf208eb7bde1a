package dev.roocode.processor.intake;

import dev.roocode.processor.requests.JobOrigin;
import dev.roocode.processor.requests.ProcessorSettings;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Sorts the jobs topic's records by whether they sit on their requestId's partition: the one the Java
 * producer's default partitioner picks for the key (murmur2 of its bytes), which is where the workers'
 * outcomes and failure reports of that requestId arrive, and so where its request state lives. Other
 * clients pick differently (librdkafka's default, in the Python, Go, .NET and Node clients and kcat,
 * is CRC32 of the key; a Java producer may be set to round-robin): their jobs take one hop through the
 * {@link JobOrigin#HOP} topic, partitioned by the same murmur2, before the intake
 * sees them. Jobs already in place, all of a Java client's, go straight on and pay one hash.
 *
 * <p>Two instances per task, one forwarding the records in place and one the others, carrying where
 * they came from in headers so a dead letter still names the jobs topic's partition and offset.
 * Records without a key stay: they have no requestId, hence no state, and become dead letters where
 * they are.
 */
public final class JobPlacement implements Processor<byte[], byte[], byte[], byte[]> {
    private final ProcessorSettings settings;
    private final boolean forwardsMisplaced;
    private ProcessorContext<byte[], byte[]> context;
    private int partitions;

    private JobPlacement(ProcessorSettings settings, boolean forwardsMisplaced) {
        this.settings = settings;
        this.forwardsMisplaced = forwardsMisplaced;
    }

    /** Forwards the records on their requestId's partition (and those without a key). */
    public static JobPlacement inPlace(ProcessorSettings settings) {
        return new JobPlacement(settings, false);
    }

    /** Forwards the records on another partition than their requestId's, with their origin in headers. */
    public static JobPlacement misplaced(ProcessorSettings settings) {
        return new JobPlacement(settings, true);
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        // asked when the task opens: a change of the topic's partition count reassigns the tasks, which reopens them
        this.partitions =
                settings.partitionCount().applyAsInt(settings.topics().jobs().name());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        boolean misplaced = record.key() != null && partitionOf(record.key(), partitions) != meta.partition();
        if (misplaced != forwardsMisplaced) {
            return;
        }
        if (!misplaced) {
            context.forward(record);
            return;
        }
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.add(
                JobOrigin.ORIGIN_PARTITION,
                ByteBuffer.allocate(Integer.BYTES).putInt(meta.partition()).array());
        headers.add(
                JobOrigin.ORIGIN_OFFSET,
                ByteBuffer.allocate(Long.BYTES).putLong(meta.offset()).array());
        context.forward(record.withHeaders(headers));
    }

    /**
     * The partition of {@code key} among {@code partitions}: what the Java producer's default partitioner
     * picks for a keyed record ({@code BuiltInPartitioner.partitionForKey}), so the workers' outcomes, keyed
     * by the same requestId bytes, land there too.
     */
    public static int partitionOf(byte[] key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    /** The hop topic's partitioner: a moved job goes to its requestId's partition. */
    public static StreamPartitioner<byte[], byte[]> partitioner() {
        return (topic, key, value, partitions) -> Optional.of(Set.of(partitionOf(key, partitions)));
    }
}
