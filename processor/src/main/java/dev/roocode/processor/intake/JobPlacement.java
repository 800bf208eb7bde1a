package dev.roocode.processor.intake;

import dev.roocode.processor.requests.JobOrigin;
import dev.roocode.processor.requests.ProcessorSettings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
 *
 * <p>A third kind reads the tenants' jobs topics: all their records take the hop, whatever their
 * partition (a tenant's topic may have another partition count than the shared one), with the topic
 * they came from in a header, which tells the intake whose job it is ({@link JobOrigin#ORIGIN_TOPIC}).
 */
public final class JobPlacement implements Processor<byte[], byte[], byte[], byte[]> {
    private final ProcessorSettings settings;
    private final boolean forwardsMisplaced;
    /** Forwards every record, misplaced or not: the tenants' jobs topics. */
    private final boolean forwardsAll;
    /** The tenants' sink into the hop topic, told the application id on init; null for the other two kinds. */
    private final HopTopic hop;

    private ProcessorContext<byte[], byte[]> context;
    private int partitions;

    private JobPlacement(ProcessorSettings settings, boolean forwardsMisplaced, HopTopic hop) {
        this.settings = settings;
        this.forwardsMisplaced = forwardsMisplaced;
        this.forwardsAll = hop != null;
        this.hop = hop;
    }

    /** Forwards the records on their requestId's partition (and those without a key). */
    public static JobPlacement inPlace(ProcessorSettings settings) {
        return new JobPlacement(settings, false, null);
    }

    /** Forwards the records on another partition than their requestId's, with their origin in headers. */
    public static JobPlacement misplaced(ProcessorSettings settings) {
        return new JobPlacement(settings, true, null);
    }

    /** Forwards every record of a tenant's jobs topic to the hop ({@code hop}), with its origin in headers. */
    public static JobPlacement tenant(ProcessorSettings settings, HopTopic hop) {
        return new JobPlacement(settings, true, hop);
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        if (hop != null) {
            hop.learn(context.applicationId());
        }
        // asked when the task opens: a change of the topic's partition count reassigns the tasks, which reopens them
        this.partitions = forwardsAll
                ? 0 // a tenant's records all take the hop: no partition to compare
                : settings.partitionCount().applyAsInt(settings.topics().jobs().name());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        boolean misplaced =
                forwardsAll || (record.key() != null && partitionOf(record.key(), partitions) != meta.partition());
        if (misplaced != forwardsMisplaced) {
            return;
        }
        if (!misplaced) {
            context.forward(record);
            return;
        }
        Headers headers = new RecordHeaders(record.headers().toArray());
        // the origin decides the job's tenant: never what a client wrote in these headers itself
        headers.remove(JobOrigin.ORIGIN_TOPIC);
        headers.remove(JobOrigin.ORIGIN_PARTITION);
        headers.remove(JobOrigin.ORIGIN_OFFSET);
        headers.add(JobOrigin.ORIGIN_TOPIC, meta.topic().getBytes(StandardCharsets.UTF_8));
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

    /**
     * The hop topic's partitioner: a moved job goes to its requestId's partition (a tenant's record without a key
     * to the first: it has no requestId, hence no state, and is dead-lettered there).
     */
    public static StreamPartitioner<byte[], byte[]> partitioner() {
        return (topic, key, value, partitions) -> Optional.of(Set.of(key == null ? 0 : partitionOf(key, partitions)));
    }
}
