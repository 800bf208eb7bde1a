package dev.roocode.bench.worker;

import dev.roocode.bench.cluster.Cluster;
import dev.roocode.schemas.avro.AttemptFailed;
import dev.roocode.schemas.avro.AttemptSucceeded;
import dev.roocode.schemas.serde.AvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the outcomes and fallback topics (read_committed, no group, from the beginning) on its own thread and
 * keeps what each worker reported: when, for which provider, after how many HTTP calls. Times are the worker's
 * own ({@code completedAt}, {@code failedAt}), taken when the answer arrived, not when this reader saw it.
 */
public final class Outcomes implements AutoCloseable {
    /**
     * One AttemptSucceeded or AttemptFailed.
     *
     * @param atMs      when the answer arrived (or the attempt was given up), on the worker's clock
     * @param latencyMs the attempt's wall time from when the worker took the job, waits for budget and retries included
     */
    public record Outcome(
            String requestId,
            String provider,
            boolean succeeded,
            long atMs,
            long latencyMs,
            int calls,
            Integer httpStatus) {

        /** When the worker took the job: no later than its first call. */
        long takenAtMs() {
            return atMs - latencyMs;
        }
    }

    private final ConcurrentLinkedQueue<Outcome> seen = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean stop;
    private volatile Exception failure;

    public Outcomes(Cluster cluster) {
        String outcomes = cluster.topics().outcomes().name();
        String fallback = cluster.topics().fallback().name();
        AvroSerde<AttemptSucceeded> okSerde = cluster.topics().outcomes().valueSerde(cluster.registry());
        AvroSerde<AttemptFailed> failedSerde = cluster.topics().fallback().valueSerde(cluster.registry());
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrap(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                2000);
        thread = new Thread(
                () -> {
                    try (KafkaConsumer<String, byte[]> consumer =
                            new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
                        List<TopicPartition> partitions = new ArrayList<>();
                        for (String topic : List.of(outcomes, fallback)) {
                            consumer.partitionsFor(topic)
                                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                        }
                        consumer.assign(partitions);
                        consumer.seekToBeginning(partitions);
                        while (!stop) {
                            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                                if (record.topic().equals(outcomes)) {
                                    AttemptSucceeded ok = okSerde.deserialize(record.topic(), record.value());
                                    seen.add(new Outcome(
                                            record.key(),
                                            ok.getAttempt().getProvider(),
                                            true,
                                            ok.getCompletedAt().toEpochMilli(),
                                            ok.getAttempt().getLatencyMs(),
                                            ok.getAttempt().getCalls(),
                                            ok.getAttempt().getHttpStatus()));
                                } else {
                                    AttemptFailed failed = failedSerde.deserialize(record.topic(), record.value());
                                    seen.add(new Outcome(
                                            record.key(),
                                            failed.getAttempt().getProvider(),
                                            false,
                                            failed.getFailedAt().toEpochMilli(),
                                            failed.getAttempt().getLatencyMs(),
                                            failed.getAttempt().getCalls(),
                                            failed.getAttempt().getHttpStatus()));
                                }
                            }
                        }
                    } catch (Exception e) {
                        failure = e;
                    }
                },
                "bench-outcomes");
        thread.setDaemon(true);
        thread.start();
    }

    /** Every outcome of {@code provider} read so far. */
    public List<Outcome> of(String provider) {
        if (failure != null) {
            throw new IllegalStateException("reading outcomes failed", failure);
        }
        return seen.stream().filter(o -> o.provider().equals(provider)).toList();
    }

    /** Distinct jobs of {@code provider} with an outcome or a fallback record so far. */
    long finished(String provider) {
        return of(provider).stream().map(Outcome::requestId).distinct().count();
    }

    /** Waits until {@code provider} has {@code jobs} finished jobs or {@code timeout} passes; returns whether it got there. */
    boolean await(String provider, long jobs, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (finished(provider) >= jobs) {
                return true;
            }
            Thread.sleep(200);
        }
        return finished(provider) >= jobs;
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(10_000);
    }
}
