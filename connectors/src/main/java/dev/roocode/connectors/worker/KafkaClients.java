package dev.roocode.connectors.worker;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Creates a worker's Kafka clients; unit tests substitute MockConsumer and MockProducer. */
interface KafkaClients {

    Consumer<String, byte[]> consumer(Map<String, Object> props);

    Producer<String, byte[]> producer(Map<String, Object> props);

    /** Real clients with String keys and raw byte values (values are Avro-encoded by the worker). */
    KafkaClients REAL = new KafkaClients() {
        @Override
        public Consumer<String, byte[]> consumer(Map<String, Object> props) {
            return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        }

        @Override
        public Producer<String, byte[]> producer(Map<String, Object> props) {
            return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        }
    };

    /** A worker's consumer settings: {@code config}'s, then what the worker relies on (manual commits, read_committed, its group). */
    static Map<String, Object> consumerProps(ConnectorsConfig config, String provider, int window) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, window);
        props.putAll(config.consumerProps());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, ProviderWorker.groupId(provider));
        // one member per process and provider group; without an id configured, dynamic membership
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.groupInstanceId()
                .ifPresent(id -> props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id + "-" + provider));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "roocode-connector-" + provider);
        return props;
    }

    /** A worker's producer settings: {@code config}'s, then what the worker relies on (acks=all, idempotence). */
    static Map<String, Object> producerProps(ConnectorsConfig config, String provider) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.putAll(config.producerProps());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "roocode-connector-" + provider);
        return props;
    }
}
