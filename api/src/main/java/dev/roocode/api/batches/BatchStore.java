package dev.roocode.api.batches;

import dev.roocode.api.ApiContext;
import dev.roocode.schemas.avro.ApiBatch;
import dev.roocode.schemas.avro.BatchCancellation;
import dev.roocode.schemas.serde.AvroSerde;
import dev.roocode.schemas.topic.TopicSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The batch records of the API on their compacted topic ({@code <prefix>api-batches}): read through once when the
 * group starts, then kept in memory and written through (each change waits for the broker's acknowledgement before
 * it is visible), so a restarted service knows every batch and where it stood. One writer: one roocode-api instance
 * per cluster runs batches. Also writes batch cancellations, as {@code roocode batches cancel} does. Refuses to start
 * (the group retries) while its topic or the reply topic is missing: a Result is never sent to a missing topic, so
 * the batches would never finish.
 */
final class BatchStore implements AutoCloseable {
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(60);

    private final TopicSpec<ApiBatch> topic;
    private final String replyTopic;
    private final AvroSerde<ApiBatch> serde;
    private final TopicSpec<BatchCancellation> cancellations;
    private final AvroSerde<BatchCancellation> cancellationSerde;
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, ApiBatch> batches = new ConcurrentHashMap<>();

    BatchStore(ApiContext context) {
        this.topic = context.topics().apiBatches();
        this.replyTopic = context.topics().apiBatchReplies().name();
        this.serde = topic.valueSerde(context.registry());
        this.cancellations = context.topics().batchCancellations();
        this.cancellationSerde = cancellations.valueSerde(context.registry());
        Map<String, Object> props =
                new HashMap<>(context.config().clientConfig().producerProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        try {
            load(context.config().clientConfig().consumerProperties());
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
    }

    private void load(Map<String, Object> consumerProperties) {
        Map<String, Object> props = new HashMap<>(consumerProperties);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            for (String required : List.of(topic.name(), replyTopic)) {
                List<?> found = consumer.partitionsFor(required, LOAD_TIMEOUT);
                if (found == null || found.isEmpty()) {
                    throw new IllegalStateException(
                            "topic " + required + " does not exist; create it with `roocode init` (it creates every"
                                    + " topic of this version)");
                }
            }
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic.name(), LOAD_TIMEOUT)
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, LOAD_TIMEOUT);
            long deadline = System.nanoTime() + LOAD_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read the batches on " + topic.name() + " within "
                            + LOAD_TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        batches.remove(record.key());
                    } else {
                        batches.put(record.key(), serde.deserialize(record.topic(), record.value()));
                    }
                }
            }
        }
    }

    Optional<ApiBatch> get(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(batches.get(id));
    }

    List<ApiBatch> all() {
        return List.copyOf(batches.values());
    }

    /** Writes {@code batch} as it is now; visible once the broker has it. */
    synchronized ApiBatch put(ApiBatch batch) {
        send(new ProducerRecord<>(topic.name(), batch.getId(), serde.serialize(topic.name(), batch)));
        batches.put(batch.getId(), batch);
        return batch;
    }

    /** Applies {@code change} to the current record of {@code id} and writes it. */
    synchronized ApiBatch update(String id, Consumer<ApiBatch.Builder> change) {
        ApiBatch.Builder builder = ApiBatch.newBuilder(batches.get(id));
        change.accept(builder);
        return put(builder.build());
    }

    /** Cancels the jobs of {@code batchId} as {@code roocode batches cancel} does (the processor answers them CANCELLED). */
    void cancelJobs(String batchId, String reason, Instant at) {
        BatchCancellation cancellation = BatchCancellation.newBuilder()
                .setBatchId(batchId)
                .setReason(reason)
                .setCancelledAt(at)
                .build();
        send(new ProducerRecord<>(
                cancellations.name(), batchId, cancellationSerde.serialize(cancellations.name(), cancellation)));
    }

    private void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + record.topic(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot write to " + record.topic() + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
