package dev.roocode.cli.batch;

import dev.roocode.cli.connection.Connection;
import dev.roocode.schemas.avro.BatchStatus;
import dev.roocode.schemas.serde.AvroSerde;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The batches topic read once from its beginning: per batch, its latest BatchStatus and the records
 * of the last {@link BatchEstimate#WINDOW} before it (those compaction has not removed yet), so the
 * completion rate can be measured over recent results.
 */
final class BatchHistory {
    /** Most records kept per batch; enough for a rate, bounded for batches that finish thousands of jobs a minute. */
    static final int MAX_SAMPLES = 10_000;

    private final Map<String, Deque<BatchStatus>> samples = new LinkedHashMap<>();

    static BatchHistory read(Connection cluster) {
        BatchHistory history = new BatchHistory();
        String topic = cluster.topics().batches().name();
        AvroSerde<BatchStatus> serde = cluster.topics().batches().valueSerde(cluster.registry());
        cluster.scan(topic, (key, value) -> {
            if (key == null) {
                return;
            }
            if (value == null) {
                history.samples.remove(key);
                return;
            }
            try {
                history.add(key, serde.deserialize(topic, value));
            } catch (SerializationException e) {
                // one bad record must not hide the others; it is not ours to repair here
            }
        });
        return history;
    }

    void add(String batchId, BatchStatus status) {
        Deque<BatchStatus> batch = samples.computeIfAbsent(batchId, id -> new ArrayDeque<>());
        batch.addLast(status);
        while (batch.size() > 1
                && (batch.size() > MAX_SAMPLES
                        || batch.peekFirst()
                                .getUpdatedAt()
                                .isBefore(status.getUpdatedAt().minus(BatchEstimate.WINDOW)))) {
            batch.removeFirst();
        }
    }

    /** The latest status of every batch. */
    List<BatchStatus> latest() {
        List<BatchStatus> latest = new ArrayList<>();
        samples.values().forEach(batch -> latest.add(batch.peekLast()));
        return latest;
    }

    /** The latest status of {@code batchId}, or null. */
    BatchStatus latest(String batchId) {
        Deque<BatchStatus> batch = samples.get(batchId);
        return batch == null ? null : batch.peekLast();
    }

    /** Progress of {@code batchId} (which must be known) at {@code now}, with {@code fallbackTotal} when its status has no total. */
    BatchEstimate estimate(String batchId, Long fallbackTotal, Instant now) {
        List<BatchStatus> batch = new ArrayList<>(samples.get(batchId));
        Long total = batch.get(batch.size() - 1).getTotal();
        return BatchEstimate.of(batch, total != null ? total : fallbackTotal, now);
    }
}
