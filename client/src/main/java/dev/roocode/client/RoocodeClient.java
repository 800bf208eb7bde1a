package dev.roocode.client;

import dev.roocode.core.trace.TraceParent;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.serde.AvroSerde;
import dev.roocode.schemas.topic.Topics;
import dev.roocode.schemas.trace.TraceHeaders;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits jobs to the jobs topic, or its tenant's ({@link ClientConfig#TENANT}) (keyed by requestId, idempotent producer, acks=all) and opens
 * readers of reply topics, always read_committed (see {@link #consumerProperties}). Thread-safe for
 * {@link #submit}.
 */
public final class RoocodeClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RoocodeClient.class);
    private static final String READ_COMMITTED = "read_committed";

    private final ClientConfig config;
    private final Topics topics;
    private final AvroSerde<Job> jobSerde;
    private final AvroSerde<Result> resultSerde;
    private final KafkaProducer<String, byte[]> producer;

    public RoocodeClient(ClientConfig config, SchemaRegistryClient registry) {
        this.config = config;
        this.topics = config.topics();
        this.jobSerde = topics.jobs().valueSerde(registry);
        this.resultSerde = topics.results().valueSerde(registry);
        Map<String, Object> props = new HashMap<>(config.producerProperties());
        props.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    public Topics topics() {
        return topics;
    }

    /**
     * Where the Results of this client's jobs go unless a job names another reply topic: its tenant's replies topic
     * ({@link ClientConfig#TENANT}), else the results topic.
     */
    public String replyTopic() {
        return config.replyTopic();
    }

    /** Sends {@code job} as the start of a fresh trace; the future completes when the broker has it. */
    public CompletableFuture<Void> submit(Job job) {
        return submit(job, null);
    }

    /**
     * Sends {@code job} with {@code trace} (the caller's W3C trace context, e.g. {@link TraceParent#parse} of an incoming
     * request's {@code traceparent}; null: a fresh trace) in its {@value TraceParent#HEADER} record header, which every
     * hop of the job carries on, as far as the provider calls; the future completes when the broker has it.
     */
    public CompletableFuture<Void> submit(Job job, TraceParent trace) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        String topic = config.jobsTopic();
        producer.send(
                new ProducerRecord<>(
                        topic,
                        null,
                        job.getRequestId(),
                        jobSerde.serialize(topic, job),
                        TraceHeaders.of(trace == null ? TraceParent.fresh() : trace)),
                (metadata, error) -> {
                    if (error != null) {
                        sent.completeExceptionally(error);
                    } else {
                        sent.complete(null);
                    }
                });
        return sent;
    }

    /** Blocks until every submitted job is acknowledged. */
    public void flush() {
        producer.flush();
    }

    /** Reads {@code replyTopic} from its current end, i.e. only Results decided from now on. */
    public ResultReader readResultsFromNow(String replyTopic) {
        KafkaConsumer<String, byte[]> consumer = newConsumer();
        List<TopicPartition> partitions = assignAll(consumer, replyTopic);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, before any job is submitted
        return new ResultReader(consumer, resultSerde);
    }

    /** Reads {@code replyTopic} from its beginning (the results topic is compacted: the latest Result per requestId). */
    public ResultReader readResultsFromBeginning(String replyTopic) {
        KafkaConsumer<String, byte[]> consumer = newConsumer();
        consumer.seekToBeginning(assignAll(consumer, replyTopic));
        return new ResultReader(consumer, resultSerde);
    }

    /**
     * Assigns every partition of {@code topic}. A topic this principal may not read (or a failed
     * authentication) throws Kafka's one-line error, after closing the consumer, which is no one's then.
     */
    private static List<TopicPartition> assignAll(KafkaConsumer<String, byte[]> consumer, String topic) {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            return partitions;
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        return new KafkaConsumer<>(consumerProperties(config), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Properties of the Result readers. Always read_committed, whatever the configuration says:
     * exactly one Result per requestId holds only for committed records. A processor killed
     * mid-transaction leaves the Results it had written as aborted records, and its successor writes
     * them again; a read_uncommitted reader (Kafka's default) sees both (docs/guarantees.md).
     */
    static Map<String, Object> consumerProperties(ClientConfig config) {
        Map<String, Object> props = new HashMap<>(config.consumerProperties());
        Object asked = props.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG);
        if (asked != null && !READ_COMMITTED.equalsIgnoreCase(asked.toString().trim())) {
            log.warn(
                    "Ignoring {}={}: Result readers read committed records only (others would include aborted duplicates)",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                    asked);
        }
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, READ_COMMITTED);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return props;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
