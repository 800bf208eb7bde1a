package dev.roocode.connectors.bench;

import static dev.roocode.connectors.TestJobs.chatJob;
import static dev.roocode.connectors.TestJobs.dispatched;

import dev.roocode.connectors.worker.ConnectorsConfig;
import dev.roocode.sandbox.kafka.EmbeddedKafka;
import dev.roocode.sandbox.registry.EmbeddedSchemaRegistry;
import dev.roocode.sandbox.simulator.ProviderSimulator;
import dev.roocode.schemas.avro.ChatRequest;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.registry.RestSchemaRegistryClient;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.serde.AvroSerde;
import dev.roocode.schemas.topic.TopicAdmin;
import dev.roocode.schemas.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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

/** An in-JVM broker, registry and provider simulator for the worker benchmarks, plus job and outcome helpers. */
final class BenchStack implements AutoCloseable {
    static final String PROVIDER = "sim";

    final EmbeddedKafka kafka;
    final EmbeddedSchemaRegistry registryServer;
    final SchemaRegistryClient registry;
    final ProviderSimulator simulator;

    BenchStack() {
        kafka = EmbeddedKafka.builder().build().start();
        registryServer = EmbeddedSchemaRegistry.builder().bootstrapServers(kafka.bootstrapServers()).build().start();
        registry = RestSchemaRegistryClient.forUrl(registryServer.url());
        simulator = ProviderSimulator.builder().build().start();
    }

    Topics topics(String prefix, int dispatchPartitions) throws Exception {
        Topics topics = Topics.withPrefix(prefix);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicAdmin.createAndAwait(admin, List.of(
                    topics.dispatch(PROVIDER).newTopic(dispatchPartitions, (short) 1),
                    topics.outcomes().newTopic(3, (short) 1),
                    topics.fallback().newTopic(3, (short) 1),
                    topics.dlq().newTopic(1, (short) 1),
                    topics.providerHealth().newTopic(1, (short) 1)), Duration.ofSeconds(30));
        }
        return topics;
    }

    ConnectorsConfig connectorsConfig(Topics topics) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConnectorsConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(ConnectorsConfig.TOPIC_PREFIX, topics.prefix());
        settings.put("consumer.session.timeout.ms", "6000");
        settings.put("consumer.heartbeat.interval.ms", "500");
        return new ConnectorsConfig(settings);
    }

    static DispatchedJob job(String id, String model, String text, Integer maxTokens) {
        Job.Builder job = chatJob(id, text);
        ChatRequest chat = ChatRequest.newBuilder(job.getChat()).setMaxTokens(maxTokens).build();
        return dispatched(job.setChat(chat).build(), PROVIDER, model);
    }

    KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer());
    }

    void produce(KafkaProducer<String, byte[]> producer, Topics topics, DispatchedJob job) {
        String topic = topics.dispatch(PROVIDER).name();
        AvroSerde<DispatchedJob> serde = topics.dispatch(PROVIDER).valueSerde(registry);
        producer.send(new ProducerRecord<>(topic, job.getJob().getRequestId(), serde.serialize(topic, job)));
    }

    /** Reads a topic from the beginning on its own thread, recording when each key arrived. */
    final class Watcher implements AutoCloseable {
        final Map<String, Long> firstSeenNanos = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();
        volatile long records;
        private volatile boolean stop;
        private final Thread thread;

        Watcher(String topic) {
            thread = new Thread(() -> {
                Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
                try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
                    List<TopicPartition> partitions = new ArrayList<>();
                    consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                    consumer.assign(partitions);
                    consumer.seekToBeginning(partitions);
                    while (!stop) {
                        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                            long now = System.nanoTime();
                            records++;
                            arrivals.add(now);
                            firstSeenNanos.putIfAbsent(record.key(), now);
                        }
                    }
                }
            }, "watch-" + topic);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join();
        }
    }

    @Override
    public void close() {
        simulator.close();
        registryServer.close();
        kafka.close();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
